"""extract/scan.py and the fast forms of the period and program patterns: each finds
exactly what its plain pattern finds (spans and groups, from any start and before any
end), on every article and on random texts made of the characters the patterns read."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mskg import paths
from mskg.extract import periods, programs
from mskg.extract.scan import Anchored
from mskg.extract.text import normal_form

TEXTS = [normal_form(p.read_text(encoding="utf-8")) for d in (paths.ARTICLES, paths.ROOT / "tests" / "articles")
         for p in sorted(d.glob("*.txt"))]

# The plain forms of the periods' patterns that are spelled out for speed
PLAIN = {
    "now": re.compile(r"(?:截至|截止)?(?:目前|现在|当前)|截至今年|截至发稿"),
    "recent": re.compile(r"近年来|近几年|近年|(?<![人户])每年(?!每)|前期"),
}

# Texts made of what the patterns read and what they do not, with 。 ; and newlines
# that end enumerations, and a digit that \d reads though it is not ASCII
PIECES = ["2023", "12", "5", "١٢", "0", "年", "月", "日", "底", "末", "度", "以来", "至今", "到", "至", "自", "从",
          "截至", "截止", "目前", "现在", "当前", "今年", "本年", "去年", "明年", "上半年", "一季度", "第一季度",
          "前两个月", "前", "个月", "两", "9月", "1-9月", "3至5月", "五年来", "过去", "近", "年来", "年以来", "党的", "十八大以来", "十四五", "十三五", "“", "”", "期间", "时期", "去年底", "近年", "每年", "人", "户", "前期", "-", "~", " ", "\n", "。", ";", ",",
          "、", "的", "省政府", "政府", "十", "三", "件", "项", "大", "重点", "等", "民生实事", "为民办实事",
          "惠民实事", "民生工程", "民生项目", "开展", "和", "工程",
          "2023年", "12月5日", "2023年12月5日", "自2019", "2019年以来", "2020-2023年", "2023年上半年", "2024年底", "等十件民生实事",
          "2024年省政府十件民生实事", "一至十一月", "截至十一月底",
          "25", "较", "25年", "24年末", "26年,", "2025.9.30", "2025/1至2025/8", ".", "/",
          "五年间", "这", "年均", "三年里", "年间"]
RANDOM_TEXTS = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)


def plain(pattern) -> re.Pattern:
    return pattern.pattern if isinstance(pattern, Anchored) else pattern


def found(matches) -> list:
    return [(m.span(), m.groups()) for m in matches]


PERIOD_PATTERNS = [(kind, pattern, PLAIN.get(kind, plain(pattern))) for pattern, kind in periods._PATTERNS]
PATTERNS = PERIOD_PATTERNS + [("program", programs.PROGRAM, programs.PROGRAM.pattern)]


def same_everywhere(fast, slow, text: str) -> None:
    assert found(fast.finditer(text)) == found(slow.finditer(text))
    for pos in range(0, len(text) + 1, max(1, len(text) // 7)):
        for endpos in (len(text), (pos + len(text)) // 2):
            assert found(fast.finditer(text, pos, endpos)) == found(slow.finditer(text, pos, endpos))
            assert found(filter(None, [fast.search(text, pos, endpos)])) == \
                found(filter(None, [slow.search(text, pos, endpos)]))


@pytest.mark.parametrize("kind,fast,slow", PATTERNS, ids=[kind for kind, _, _ in PATTERNS])
def test_each_fast_pattern_finds_what_its_plain_form_finds_in_the_articles(kind, fast, slow):
    assert any(slow.search(text) for text in TEXTS) or kind in ("since_2012", "spoken_months")
    for text in TEXTS:
        same_everywhere(fast, slow, text)


@pytest.mark.parametrize("kind,fast,slow", PATTERNS, ids=[kind for kind, _, _ in PATTERNS])
@settings(max_examples=400, deadline=None)
@given(text=RANDOM_TEXTS)
def test_each_fast_pattern_finds_what_its_plain_form_finds_in_random_texts(kind, fast, slow, text):
    same_everywhere(fast, slow, text)


@settings(max_examples=600, deadline=None)
@given(text=RANDOM_TEXTS, pos=st.integers(0, 80), length=st.integers(0, 80))
def test_an_enumeration_is_found_where_its_pattern_finds_it(text, pos, length):
    pos = min(pos, len(text))
    endpos = min(len(text), pos + length)
    assert found(filter(None, [programs._search_enumeration(text, pos, endpos)])) == \
        found(filter(None, [programs.ENUMERATION.search(text, pos, endpos)]))


def test_an_enumeration_in_a_long_sentence():
    sentence = "今年,全市" + "开展就业帮扶," * 40 + "实施A工程、B工程等十件民生实事。"
    text = "去年完成了。" + sentence + "明年等三项民生工程"
    assert programs._search_enumeration(text, 0, len(text)).span() == \
        programs.ENUMERATION.search(text, 0, len(text)).span() == (6, 6 + len(sentence) - 1)


def test_a_match_starts_anywhere_in_the_run_of_lead_characters_before_its_anchor():
    day = Anchored(re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日"), "月", r"\d年", 7)
    assert found(day.finditer("于2023年12月5日和12月6日,3月")) == \
        [((1, 11), ("2023", "12", "5")), ((12, 17), (None, "12", "6"))]
    assert found(day.finditer("2023年12月5日", 3)) == [((5, 10), (None, "12", "5"))]  # not before pos


def test_a_pattern_that_matches_the_empty_string_is_refused():
    with pytest.raises(ValueError, match="empty string"):
        list(Anchored(re.compile(r"(?=年)"), "年", r"\d").finditer("2023年"))
