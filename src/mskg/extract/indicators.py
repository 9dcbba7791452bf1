"""Indicators: which concept of the scheme a number measures.

The scheme's Chinese labels and alternative labels (data/indicators.ttl) are
the lexicon. For a number, the label ending nearest before it in its window
(from the previous number or clause start) wins; failing that, one right after
it in the same clause (投入1400万元用于 ...). A clear statistic with no label
becomes a provisional concept named after its own phrase.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from mskg.extract.status import CHANGE_BEFORE
from mskg.extract.text import CELL_BREAK, ENUMERATOR
from mskg.extract.words import Words
from mskg.graph.iris import provisional_indicator_slug
from mskg.reference import indicators as scheme
from mskg.reference import units as unit_table

_TRIM = re.compile(r"^[\s,、:;“”\"'()《》<>·\-—]+|[\s,、:;“”\"'()《》<>·\-—]+$")
_FILLER = re.compile(r"^(?:人民币|其中|共计|共有|共|累计|全年|已经|已|达到|达|为|是|有|和|及|与|并|同时|此外|另外|实现(?!率)|完成(?!率)|新增加)")
_SCOPE = re.compile(r"^(?:(?:全|我)(?:市|省|区|县|州|盟|旗|地区)|我们|今年|上半年|下半年|目前|当前|现已|"
                    r"\d{4}年度?|前\d{1,2}个月|\d{1,2}[-—~至到]\d{1,2}月|(?:截至|截止)?\d{1,2}月(?:底|末|上旬|中旬|下旬)?)+"
                    r"(?:将|已)?")  # 全市, 我们将, 目前已: who and when, not what
_TAIL = re.compile(r"(?:达到|达|为|是|共|累计|大约|约|近|超过|超|逾|不少于|不低于|至少|不超过|不到|不足|总计|合计|实现|有|(?<![人年日月周户平])均|都|各)+$")


@dataclass(frozen=True)
class IndicatorMatch:
    """The indicator found for a number, and the words that named it."""

    slug: str
    label: str
    start: int
    end: int
    provisional: bool = False


_AVERAGED = re.compile(r"(?<!平均)(?<!人均)标准$")


@lru_cache(maxsize=1)
def _lexicon() -> tuple[dict[str, str], Words]:
    """The scheme's phrases, and each standard's averaged wording (城市低保平均标准 for
    城市低保标准: a region's standard is the average of its counties')."""
    table = {phrase: slug for phrase, slug in scheme.load().lexicon()}
    for phrase, slug in list(table.items()):
        if _AVERAGED.search(phrase):
            table.setdefault(_AVERAGED.sub("平均标准", phrase), slug)
    return table, Words(table)


def slug_named(phrase: str) -> str | None:
    """The slug of the indicator the lexicon's phrase names, or None."""
    return _lexicon()[0].get(phrase)


WRAPPED = re.compile(r"[\u4e00-\u9fff] [\u4e00-\u9fff]")


def label_matches(text: str, start: int, end: int) -> list[IndicatorMatch]:
    """All lexicon phrases inside text[start:end], overlapping ones included: at
    each position the longest that starts there. A line break inside the window is
    a page's (the sentence goes on past it), and may cut a phrase: 老年助餐⏎服务点; so
    may a space between two Chinese characters (an infographic's wrapped line: 转移就 业)."""
    table, words = _lexicon()
    window = text[start:end]
    if "\n" in window or " " in window and WRAPPED.search(window):
        kept = [i for i in range(start, end) if text[i] != "\n" and not (
            text[i] == " " and WRAPPED.match(text, i - 1))]
        joined = "".join(text[i] for i in kept)
        return [IndicatorMatch(table[joined[at:until]], joined[at:until], kept[at], kept[until - 1] + 1)
                for at, until in words.at_each(joined, 0, len(joined))]
    return [IndicatorMatch(table[text[at:until]], text[at:until], at, until)
            for at, until in words.at_each(text, start, end)]


def match_before(text: str, window_start: int, number_start: int) -> IndicatorMatch | None:
    """The label that ends nearest before the number (longest on ties), unless it only
    stretches a longer label by a character (养老服务床位数量: 养老服务床位, not 床位数)."""
    matches = label_matches(text, window_start, number_start)
    if not matches:
        return None
    nearest = max(matches, key=lambda m: (m.end, m.end - m.start))
    wider = [m for m in matches if m.start < nearest.start < m.end and m.end >= nearest.end - 1]
    return max(wider, key=lambda m: (m.end - m.start, m.end)) if wider else nearest


def match_after(text: str, number_end: int, clause_end: int) -> IndicatorMatch | None:
    """The first label after the number in its clause (用于 ... constructions)."""
    matches = label_matches(text, number_end, clause_end)
    return min(matches, key=lambda m: (m.start, -(m.end - m.start))) if matches else None


_CHANGE_TAIL = re.compile(r"(?:的标准)?(?:提高|提升|增加|增长|上调|调整|降低|下降|减少|缩小|扩大)(?:到|至|为)"
                          r"(?:每人每[年月天日]|每人|每户|每[年月天日])?$")  # the level it changed to: its own
_AGES = re.compile(r"\d+(?:周岁|岁)(?:(?:至|到|—|-|~)\d+(?:周岁|岁))?(?:及以上|以上|以下)?")
PROVISIONAL_LENGTH = 16


def provisional_named(label: str, start: int, end: int) -> IndicatorMatch:
    """The provisional concept `label`, named by the words from `start` to `end`."""
    return IndicatorMatch(provisional_indicator_slug(label), label, start, end, provisional=True)


def provisional(text: str, window_start: int, number_start: int) -> IndicatorMatch | None:
    """A provisional concept named after the phrase before the number, if any is left:
    its last PROVISIONAL_LENGTH characters, without an enumerator, the region or time
    it opens with (全市, 目前已), filler words, the verb of a change (提高到) or age
    bands (35岁至64岁) in its label."""
    window = _without_unit_cells(text[window_start:number_start])
    phrase = _TRIM.sub("", window)
    if ENUMERATOR.match(window.strip()):  # (一)本季度收入合计: not trimmed to 一)…
        phrase = window.strip()
    item = ENUMERATOR.match(phrase) or re.match(r"\d{1,3}\s+", phrase)  # a list item's or a table row's number
    phrase = _TRIM.sub("", phrase[item.end():] if item else phrase)
    phrase = _SCOPE.sub("", _FILLER.sub("", _SCOPE.sub("", phrase)))  # 为全市, 全市共
    phrase = _TAIL.sub("", phrase)
    phrase = _TRIM.sub("", _CHANGE_TAIL.sub("", phrase) or phrase)
    if CHANGE_BEFORE.fullmatch(phrase):
        return None  # 由2015年的 (305所增加到…): a change's opening names nothing
    phrase = _TRIM.sub("", CHANGE_BEFORE.sub("", phrase)).removesuffix("将")  # …比例由上年的 (1.8%降至0.6%)
    if len(phrase) > PROVISIONAL_LENGTH and phrase[-PROVISIONAL_LENGTH - 1].isdigit() \
            and not _AGES.match(phrase[-PROVISIONAL_LENGTH:]):  # 5岁至64岁 of 35岁至64岁: the age band's
        phrase = re.sub(r"^[\d.,]*(?:年度?前?|月份?)?", "", phrase[-PROVISIONAL_LENGTH:])  # not 025年… of 2025年…
    phrase = phrase[-PROVISIONAL_LENGTH:]
    label = _TRIM.sub("", _AGES.sub("", phrase))
    if len(label) < 2 or not re.search(r"[\u4e00-\u9fff]{2}", label):
        return None
    return provisional_named(label, window_start + window.rfind(phrase), number_start)


def _without_unit_cells(window: str) -> str:
    """A table row's words before a figure without the cells after its label that only
    give a unit (社会消费品零售总额 | 亿元 | 1102.6: 社会消费品零售总额)."""
    breaks = list(CELL_BREAK.finditer(window))
    forms = unit_table.load().forms
    while breaks and window[breaks[-1].end():].strip() in ("", *forms) and window[:breaks[-1].start()].strip():
        window = window[:breaks.pop().start()]
    return window


def provisional_after(text: str, number_end: int, clause_end: int) -> IndicatorMatch | None:
    """A provisional concept named after what follows the number (20个县(市、区)…开展X服务)."""
    after = text[number_end:clause_end]
    phrase = _TRIM.sub("", after.removeprefix("的"))[:16].removesuffix("的")
    if len(phrase) < 2 or not re.search(r"[\u4e00-\u9fff]{2}", phrase):
        return None
    start = number_end + after.index(phrase)
    return provisional_named(phrase, number_end, start + len(phrase))


GENERIC_LABEL_LENGTH = 4
_QUALIFYING_NOISE = re.compile(r"改造|建设|资金|总额|人数|数量|数")


@lru_cache(maxsize=4096)
def _wider_labels(label: str) -> tuple[tuple[str, str, str], ...]:
    """(longer label, its slug, the words it adds) for every label holding `label`."""
    wider = []
    for other, slug in scheme.load().lexicon():
        if label in other and other != label:
            core = _QUALIFYING_NOISE.sub("", other.replace(label, "", 1))
            if len(core) >= 2:
                wider.append((other, slug, core))
    return tuple(wider)


def specialise(match: IndicatorMatch, clause: str) -> IndicatorMatch | None:
    """A more specific indicator for a short generic label (投资, 惠及) whose other
    label holds it plus words found in its clause (老旧小区改造投资, 惠及学生)."""
    if match.provisional or len(match.label) > GENERIC_LABEL_LENGTH:
        return None
    found = [(label, slug) for label, slug, core in _wider_labels(match.label)
             if slug != match.slug and core in clause]
    if not found:
        return None
    label, slug = max(found, key=lambda pair: len(pair[0]))
    return IndicatorMatch(slug, label, match.start, match.end)


@lru_cache(maxsize=1)
def _by_last_chars() -> dict[str, tuple[tuple[str, str], ...]]:
    index: dict[str, list[tuple[str, str]]] = {}
    for label, slug in scheme.load().lexicon():
        for k in range(2, min(len(label), 6) + 1):
            index.setdefault(label[-k:], []).append((label, slug))
    return {key: tuple(value) for key, value in index.items()}


def match_split(text: str, window_start: int, number_start: int, unit_end: int,
                clause_end: int) -> IndicatorMatch | None:
    """A label split around the number: verb before, noun after
    (引进…6家企业 for 引进企业, 解决240人就业 for 解决就业)."""
    after = re.match(r"[\u4e00-\u9fff]{2,6}", text[unit_end:clause_end])
    if not after:
        return None
    window = text[window_start:number_start]
    for k in range(len(after.group()), 1, -1):
        noun = after.group()[:k]
        for label, slug in _by_last_chars().get(noun, ()):
            head = label[: -len(noun)]
            if head and head in window:
                start = window_start + window.rindex(head)
                return IndicatorMatch(slug, label, start, unit_end + k)
    return None


_VERB = re.compile(r"新建|改建|扩建|改扩建|新改扩建|新建改扩建|新建、改扩建|建成|建设|改造|新增|新开工|提升改造|"
                   r"改造提升|建立|打造|创建|培育")
GAP = 8


def match_gapped(text: str, window_start: int, number_start: int) -> IndicatorMatch | None:
    """A label whose verb and noun are parted by modifiers, the noun last before the
    number (新建乡镇寄宿制学校10所 for 新建学校, 新建公办幼儿园 for 新建幼儿园): a
    Chinese phrase ends with its head, so the words between only narrow it."""
    window = _TAIL.sub("", text[window_start:number_start])
    phrase = re.search(r"[\u4e00-\u9fff、]{3,24}$", window)
    if not phrase:
        return None
    words = phrase.group()
    for k in range(min(6, len(words) - 1), 1, -1):
        noun = words[-k:]
        found = []
        for label, slug in _by_last_chars().get(noun, ()):
            head = label[:-k]
            at = words.rfind(head, 0, len(words) - k) if _VERB.fullmatch(head) else -1
            if at >= 0 and 0 < len(words) - k - at - len(head) <= GAP:
                found.append((len(label), at, label, slug))
        if found:
            _, at, label, slug = max(found)
            return IndicatorMatch(slug, label, window_start + phrase.start() + at, window_start + phrase.end())
    return None


# A generic indicator made specific by what its sentence speaks of before the number
# (新建幼儿园40所,新增公办学位1.2万个 -> preschool places): for each, (the narrower
# indicator, words one of which must be there, words none of which may be there).
_NARROWER_IN_CONTEXT = {
    "school-places-added": (
        ("preschool-places-added", re.compile("幼儿园|学前|托幼"), re.compile("小学|义务教育|初中|高中|基础教育|学校")),
        ("compulsory-education-places-added", re.compile("小学|义务教育|初中"), re.compile("幼儿园|学前|高中|基础教育")),
    ),
    "student-beneficiaries": (
        ("nutrition-programme-students", re.compile("营养餐|营养改善"), None),
    ),
}


# A generic label made another thing by the kind named right before it (护理型床位, nursing
# beds of elderly care, are no hospital beds): such a figure gets a provisional concept.
_OTHER_KIND_BEFORE = {"health-institution-beds": re.compile(r"(?:护理型|家庭照护|照护|康复)$")}


def of_another_kind(text: str, match: IndicatorMatch) -> IndicatorMatch | None:
    """A provisional concept for a generic label that the kind named right before it makes
    another thing (_OTHER_KIND_BEFORE), else None."""
    kind = _OTHER_KIND_BEFORE.get(match.slug)
    found = kind and kind.search(text, max(0, match.start - 4), match.start)
    if not found:
        return None
    return provisional_named(found.group() + text[match.start:match.end], found.start(), match.end)


def narrowed(match: IndicatorMatch, before: str) -> IndicatorMatch:
    """The narrower indicator that the words `before` the number call for, if any
    (_NARROWER_IN_CONTEXT), else `match`."""
    for slug, wanted, unwanted in _NARROWER_IN_CONTEXT.get(match.slug, ()):
        if wanted.search(before) and not (unwanted and unwanted.search(before)):
            return IndicatorMatch(slug, match.label, match.start, match.end)
    return match


_RATE_BEFORE = re.compile(r"每(?:人|户)?每?([月年天日])$")
_RATE_UNIT = {"月": "-per-month", "年": "-per-year", "天": "-per-day", "日": "-per-day"}
JOINT = re.compile(r"城乡|(?:城市|城镇)[、和与及]农村")
_SIDES = (("城市", "urban"), ("城镇", "urban"), ("农村", "rural"))


def urban_or_rural(text: str, s_start: int, number_start: int, fits) -> IndicatorMatch | None:
    """城乡X (or 城市、农村X), split into the urban or the rural indicator of X: by the rate before the
    number, whose unit it must be (城乡低保标准分别提高到每人每月900元和每人每年6000元
    -> 城市低保标准, 农村低保标准), or else by order after 分别 (城乡居民人均可支配收入
    分别增长4.2%和6.5% -> urban, rural growth). `fits(slug)`: the number can measure it."""
    joints = list(JOINT.finditer(text, s_start, number_start))
    if not joints:
        return None
    joint, joint_end = joints[-1].span()
    between = text[joint_end:number_start]
    rate = _RATE_BEFORE.search(text, s_start, number_start)
    respectively = between.rfind("分别")  # …分别达到95862元和57430元,分别增长4.5%和6.3%: the last
    if rate is None and respectively < 0:
        return None
    side = None
    if rate is None:
        order = len(re.findall(r"\d+(?:\.\d+)?", between[respectively:]))
        if order > 1:
            return None
        side = ("urban", "rural")[order]
    table, by_slug = _lexicon()[0], scheme.load().by_slug
    growth = bool(re.search(r"增长|增速", between))
    head = re.match(r"[\u4e00-\u9fff]+", between)
    for k in range(len(head.group()) if head else 0, 1, -1):
        fitting = set()
        for word, which in _SIDES:
            slug = table.get(word + head.group()[:k])
            if slug is None or side not in (None, which):
                continue
            if growth and f"{slug}-growth" in by_slug:
                slug = f"{slug}-growth"
            if fits(slug) and (rate is None or by_slug[slug].unit.endswith(_RATE_UNIT[rate.group(1)])):
                fitting.add(slug)
        if len(fitting) == 1:
            return IndicatorMatch(fitting.pop(), text[joint:joint_end] + head.group()[:k], joint, joint_end + k)
    return None
