"""Numbers with their units and qualifiers: 1.3万人, 5744万元, 两万余人, 95%以上.

`find_quantities` scans a normal-form text (see text.py) and returns every
number that is followed by a known unit, with its value converted to the
unit's base (1.3万人 -> 13000 person), the qualifier words around it
(约 -> approximate, 余/多/超过 -> more-than, 以上 -> at-least ...) and its span.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from functools import lru_cache

import cn2an

from mskg.reference import units as unit_table

CHINESE_DIGITS = "零〇一二两三四五六七八九"
CHINESE_NUMERAL = f"[{CHINESE_DIGITS}十百千万亿]"
_NUMBER = re.compile(
    r"(?P<mixed>\d{1,4}[十百千万亿]+(?:零?\d{1,4}[十百千万亿]+)+)"  # spoken figures in digits: 3万6千, 1千2百
    rf"|(?P<arabic>\d+(?:,\d{{3}})*(?:\.\d+)?)(?P<mag>个亿|[wWkK](?![a-zA-Z])|[十百千万亿]*)"  # a post's 1.2w, 3k; 5个亿
    rf"|(?P<chinese>{CHINESE_NUMERAL}+(?:点[{CHINESE_DIGITS}]+)?)"
)
ROUND_LEADS = ("逾", "近", "上", "超")  # before a bare 千 or 万, a round figure: 逾千家 (rhetoric alone: 万家灯火)
_MAGNITUDE = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000, "个": 1,
              "w": 10_000, "W": 10_000, "k": 1000, "K": 1000}

PREFIX_QUALIFIERS = [  # a word before the words it ends with (不超过 before 超过)
    ("不少于", "at-least"), ("不低于", "at-least"), ("至少", "at-least"),
    ("不超过", "at-most"), ("超过", "more-than"), ("多于", "more-than"), ("逾", "more-than"), ("超", "more-than"),
    ("不到", "less-than"), ("不足", "less-than"),
    ("大约", "approximate"), ("差不多", "approximate"), ("大概", "approximate"), ("达约", "approximate"),
    ("约", "approximate"), ("近", "approximate"),
    ("≥", "at-least"), ("≤", "at-most"), ("≈", "approximate"),  # a slide's 目标≥2.4万个, ≈12.6万人
]
SUFFIX_QUALIFIERS = [
    ("以上", "at-least"), ("多", "more-than"), ("余", "more-than"), ("+", "more-than"),
    ("左右", "approximate"), ("以内", "at-most"), ("以下", "at-most"),
]


def _by_character(words: list[tuple[str, str]], index: int) -> dict[str, list[tuple[str, str]]]:
    """The (word, qualifier) pairs by their character at `index`, each list in the order given."""
    found: dict[str, list[tuple[str, str]]] = {}
    for word, qualifier in words:
        found.setdefault(word[index], []).append((word, qualifier))
    return found


_PREFIX_BY_LAST = _by_character(PREFIX_QUALIFIERS, -1)  # only these can end just before a number
_SUFFIX_BY_FIRST = _by_character(SUFFIX_QUALIFIERS, 0)


@dataclass(frozen=True)
class Quantity:
    """A number with its unit, as found in the text."""

    start: int          # first character of the number (or of a prefix qualifier)
    end: int            # just after the unit (or a suffix qualifier)
    number_start: int
    value: Decimal      # in the unit's base
    unit: str           # base unit slug, e.g. "person", "yuan", "PERCENT"
    unit_iri: str
    surface_unit: str
    qualifier: str      # exact, approximate, at-least, more-than, at-most, less-than


VAGUE_PAIR = re.compile(r"(十?)([一两二三四五六七八])([两二三四五六七八九])([十百千]?万?亿?)")
_DIGIT = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _vague(numeral: str) -> Decimal | None:
    """The lower bound of two neighbouring digits said together (七八位, 四五十个, 两三千户, 十七八个,
    三五个: seven or eight, forty or fifty ...), or None for any other numeral."""
    pair = VAGUE_PAIR.fullmatch(numeral)
    if pair is None or not 0 < _DIGIT[pair.group(3)] - _DIGIT[pair.group(2)] <= 2:
        return None
    lower = Decimal(_DIGIT[pair.group(2)] + (10 if pair.group(1) else 0))
    scale = parse_chinese("一" + pair.group(4)) if pair.group(4) else 1
    return lower * scale if scale else None


@lru_cache(maxsize=4096)  # cn2an takes ~25 us a numeral, and a few numerals make most of them
def parse_chinese(numeral: str) -> Decimal | None:
    """The value of a Chinese numeral (两万, 一千二百, 三点五), or None."""
    if numeral in ("十", "百", "千", "万", "亿"):
        return None if numeral != "十" else Decimal(10)  # 万家, 千家万户: rhetoric
    if numeral[0] in "十百千万亿":
        numeral = "一" + numeral
    try:
        return Decimal(str(cn2an.cn2an(numeral, "smart")))
    except (ValueError, KeyError, InvalidOperation, TypeError, IndexError):
        return None


def _arabic_value(digits: str, magnitude: str) -> Decimal:
    value = Decimal(digits.replace(",", ""))
    for char in magnitude:
        value *= _MAGNITUDE[char]
    return value


def _prefix_qualifier(text: str, start: int) -> tuple[int, str]:
    for word, qualifier in _PREFIX_BY_LAST.get(text[start - 1:start], ()):
        if text.startswith(word, start - len(word)) and start - len(word) >= 0:
            return start - len(word), qualifier
    return start, "exact"


ROUND = re.compile(r"(?:0|[十百千万])$")  # a round number, which 来 after it makes approximate


def _suffix_qualifier(text: str, pos: int) -> tuple[int, str | None]:
    for word, qualifier in _SUFFIX_BY_FIRST.get(text[pos:pos + 1], ()):
        if text.startswith(word, pos):
            return pos + len(word), qualifier
    return pos, None


def _is_reduplicated(text: str, end: int, surface: str) -> bool:
    """一件件, 一个个, 一张张: rhetoric, not a count."""
    return text.startswith(surface[-1], end)


_PERCENT_WORDS = re.compile(
    rf"百分之(?P<pct>\d+(?:\.\d+)?|{CHINESE_NUMERAL}+(?:点[{CHINESE_DIGITS}]+)?)"
    rf"|(?<![{CHINESE_DIGITS}十百千万\d.])(?P<tenths>[一两二三四五六七八九1-9])成(?P<and_half>半)?(?![本员功为立果绩就新])"
    rf"|(?<![{CHINESE_DIGITS}十百千万\d])(?P<parts>[二三四五六七八九十])分之(?P<part>[一二三四五六七八九])"
    r"|(?<![\d一二三四五六七八九十])(?P<half>一半)(?=以上|左右|多|以下|$|[^\w])"
    r"|翻了?(?P<doublings>[一两二三四])番|(?P<doubled>翻番|翻倍|翻了一倍)"
)
DOUBLING = "翻番"  # the surface unit of a growth told in doublings
PERCENT_IRI = "http://qudt.org/vocab/unit/PERCENT"


def _percent_words(text: str) -> list[Quantity]:
    """百分之八十, 百分之九十五点六, 七成 (8成, 七成半), 三分之一, 一半: percentages written in words; 翻一番 (a growth of
    100%), 翻两番 (300%), 翻番: growths told in doublings (surface unit DOUBLING)."""
    found = []
    for match in _PERCENT_WORDS.finditer(text):
        if match.group("doublings") or match.group("doubled"):
            doublings = parse_chinese(match.group("doublings")) if match.group("doublings") else 1
            found.append(Quantity(match.start(), match.end(), match.start(), (2 ** int(doublings) - 1) * Decimal(100),
                                  "PERCENT", PERCENT_IRI, DOUBLING, "exact"))
            continue
        if match.group("pct"):
            token = match.group("pct")
            value = Decimal(token) if token[0].isdigit() else parse_chinese(token)
            if token == "百":
                value = Decimal(100)
        elif match.group("parts"):  # 三分之一: to the hundredth of a percent
            value = (parse_chinese(match.group("part")) * 100 / parse_chinese(match.group("parts"))).quantize(
                Decimal("0.01"))
        elif match.group("half"):
            value = Decimal(50)
        else:  # 七成, 8成, 七成半
            tenths = match.group("tenths")
            value = (Decimal(tenths) if tenths.isdigit() else parse_chinese(tenths)) * 10 \
                + (5 if match.group("and_half") else 0)
        if value is None:
            continue
        end, qualifier = _suffix_qualifier(text, match.end())
        start, prefix = _prefix_qualifier(text, match.start())
        found.append(Quantity(start, end, match.start(), value, "PERCENT", PERCENT_IRI,
                              "%", qualifier or prefix))
    return found


SCORED = re.compile(r"(?:得分|评分|分数|打分|分值)[^;。满]{0,12}$|[(（]$")  # not 满分100分: the scale
RATIO_TO_ONE = re.compile(r"[:∶]1(?![\d.])")  # ∶ (U+2236, the ratio sign) is kept by normal_form
RATIO_NAME = re.compile(r"(?<![分评对])比(?![分赛较上去同])[^,;。]{0,14}$")  # 生师比为15.8:1, …由12.9:1降至12.4:1; not 比分3:1
LIFESPAN = re.compile(r"寿命[^,;:。]{0,10}$")  # 人均预期寿命2023年达到78.2岁: its clause's lifespan
LIFESPAN_ROW = re.compile(r"寿命:[^。;\n]*$")  # 人均预期寿命:2020年为77.6岁,…,2023年达到78.2岁: its row's
LIFESPAN_CHANGE = re.compile(r"寿命[^;:。\n]{0,12},(?:比上年|较上年|同比)?(?:提高|增加|延长|增长)了?$")  # …,比上年提高0.21岁
LIFESPAN_HEADLINE = re.compile(r"岁[ \t]*(?:——|--|:)[^,;。\n]{0,12}寿命")  # 83.2岁——全市居民人均预期寿命


def _lifespan(text: str, start: int, end: int) -> bool:
    """Whether the clause before a figure in 岁 (or its change), or the row it is in,
    names a lifespan, or the words a headline figure's dash leads to: years, not an age."""
    return bool(LIFESPAN.search(text, max(0, start - 16), start)
                or LIFESPAN_ROW.search(text, max(0, start - 48), start)
                or LIFESPAN_CHANGE.search(text, max(0, start - 32), start)
                or LIFESPAN_HEADLINE.match(text, end))


_ZERO = re.compile(r"(?:动态)?(?:为零|清零|归零)")


def _zeros(text: str) -> list[Quantity]:
    """动态清零, 为零: a count brought to zero (“零就业家庭”动态为零), without a unit
    (the indicator's is taken)."""
    return [Quantity(m.start(), m.end(), m.start(), Decimal(0), "", "", "", "exact") for m in _ZERO.finditer(text)]


def _magnitude(match: re.Match) -> bool:
    return bool(match.group("mag")) or bool(match.group("chinese") and re.search("[万亿]", match.group("chinese")))


UNIT_FIELD = re.compile(r"[ \t]*[|,;][ \t]*(?:计量)?单位:[ \t]*")
HEADLINE_ITEM = r"(?:[一二三四五六七八九十]+、|\d{1,2}、|\([一二三四五六七八九十\d]+\))"  # 一、 3、 (二): an item's number
HEADLINE_FIGURE = re.compile(rf"(?:^|\n)[ \t]*{HEADLINE_ITEM}?[ \t]*$")
"""What stands before a figure that heads its own paragraph: the line's start and its item number."""
HEADLINE_DASH = re.compile(r"[ \t]*(?:——|--)")


def _headline_figure(text: str, start: int, end: int) -> bool:
    """A bare figure that opens its line and a dash follows (二、1,120——这是…新增养老床位的张数):
    a 数说 piece's headline number, whose unit the words after the dash name."""
    return bool(HEADLINE_DASH.match(text, end)) and bool(HEADLINE_FIGURE.search(text, max(0, start - 8), start))


def find_quantities(text: str) -> list[Quantity]:
    """Every number followed by a known unit in `text`, left to right.

    A number with a magnitude (39万, 百万) but no unit is kept with unit ""
    (its indicator may name the unit: 年门诊人次约39万)."""
    table = unit_table.load()
    found: list[Quantity] = _percent_words(text) + _zeros(text)
    taken = {i for q in found for i in range(q.number_start, q.end)}
    covered = 0  # the end of the last figure: 10万 in 8.5/10万 is its unit's
    for match in _NUMBER.finditer(text):
        if match.start() in taken or match.start() < covered:
            continue
        lead = text[match.start() - 1:match.start()]
        rounded, vague = False, None
        if match.group("mixed"):
            value = parse_chinese(re.sub(r"\d+", lambda digits: cn2an.an2cn(digits.group()), match.group("mixed")))
            if value is None:
                continue
        elif match.group("arabic"):
            value = _arabic_value(match.group("arabic"), match.group("mag"))
        else:
            vague = _vague(match.group("chinese"))  # 七八位: at least 7, not 78
            value = vague or parse_chinese(match.group("chinese"))
            rounded = value is None and match.group("chinese") in ("千", "万") and lead in ROUND_LEADS
            value = Decimal(_MAGNITUDE[match.group("chinese")]) if rounded else value  # 逾千家, 近万户, 上万个
            if value is None or lead == "几" or text.startswith("几", match.end()):
                continue  # 几十公里, 十几个: no figure
        pos = match.end()
        pos, inner_qualifier = _suffix_qualifier(text, pos)
        if inner_qualifier not in (None, "more-than"):
            pos, inner_qualifier = match.end(), None
        if vague:
            inner_qualifier = "at-least"
        if inner_qualifier is None and text.startswith("来", pos) and ROUND.search(match.group()) \
                and table.match_at(text, pos + 1) is not None:
            pos, inner_qualifier = pos + 1, "approximate"  # 一千二百来户, 30来个: about so many
        form = table.match_at(text, pos)
        scaled = form is None and inner_qualifier and text[pos:pos + 1] in ("万", "亿")
        if scaled:  # 常住人口1300多万: more than 1300 ten-thousands
            value, pos = value * _MAGNITUDE[text[pos]], pos + 1
            form = table.match_at(text, pos)
        if form is None and text.startswith("岁", pos) and _lifespan(text, match.start(), pos):
            form = replace(table.forms["年"], surface="岁")  # 人均预期寿命达到80.36岁: years, not an age
        if form is None and text.startswith("分", pos) and not text.startswith("分之", pos) \
                and SCORED.search(text, max(0, match.start() - 16), match.start()):
            form = unit_table.UnitForm("分", table.units["point"].iri, "point", Decimal(1))  # 得分92.3分: not minutes
        if form is None and match.group("arabic") and RATIO_TO_ONE.match(text, pos) \
                and RATIO_NAME.search(text, max(0, match.start() - 16), match.start()):
            form = unit_table.UnitForm(text[pos:pos + 2], table.units["ratio-to-one"].iri, "ratio-to-one", Decimal(1))
        if form is None and match.group("arabic") and text.startswith(" ", pos):
            spaced = table.match_at(text, pos + 1)  # 新改建 1280 公里: a digest's spaced unit
            if spaced is not None:
                form, pos = spaced, pos + 1
        field = form is None and match.group("arabic") and UNIT_FIELD.match(text, pos)
        if field:  # 数值:583.06|计量单位:万人: a record's unit, in a field of its own
            form = table.match_at(text, field.end())
            pos = field.end() if form is not None else pos
        if form is None:
            if (scaled or _magnitude(match)) and not re.match(r"[\u4e00-\u9fff]", text[pos:pos + 1]) or \
                    _magnitude(match) and text.startswith(("以上", "左右", "余"), pos) or \
                    match.group("arabic") and _headline_figure(text, match.start(), pos):
                end, outer = _suffix_qualifier(text, pos)
                start, prefix = _prefix_qualifier(text, match.start())
                found.append(Quantity(start, end, match.start(), value, "", "", "",
                                      inner_qualifier or outer or prefix))
            continue
        end = pos + len(form.surface)
        if match.group("chinese") and _is_reduplicated(text, end, form.surface):
            continue
        end, outer_qualifier = _suffix_qualifier(text, end)
        start, prefix_qualifier = _prefix_qualifier(text, match.start())
        if rounded and lead == "上":
            start, prefix_qualifier = match.start() - 1, "at-least"  # 上千场, 上万个: a thousand and more
        qualifier = inner_qualifier or outer_qualifier or prefix_qualifier
        covered = end
        found.append(Quantity(
            start=start, end=end, number_start=match.start(),
            value=value * form.multiplier, unit=form.unit_slug, unit_iri=form.unit_iri,
            surface_unit=form.surface, qualifier=qualifier,
        ))
    return _ranges(text, sorted(found, key=lambda q: q.number_start))


def in_unit(text: str, start: int, end: int, surface: str) -> Quantity | None:
    """The number that fills text[start:end] alone (a table cell: 3260), read in
    the unit `surface` written elsewhere (its header's 万元); None if the span holds more."""
    form = unit_table.load().forms[surface]
    while start < end and text[start] == " ":
        start += 1
    while end > start and text[end - 1] == " ":
        end -= 1
    match = _NUMBER.fullmatch(text, start, end)
    if match is None or not match.group("arabic"):
        return None
    value = _arabic_value(match.group("arabic"), match.group("mag"))
    return Quantity(start, end, start, value * form.multiplier, form.unit_slug, form.unit_iri, surface, "exact")


_RANGE_LOWER = re.compile(
    rf"(?<![\d.])(?:(?P<arabic>\d+(?:\.\d+)?)(?P<mag>[十百千万亿]*)|(?P<chinese>{CHINESE_NUMERAL}+))$")
_RANGE_SEPARATOR = re.compile(r"(?:至|到|—{1,2}|–|~|～|-)$")


def _ranges(text: str, found: list[Quantity]) -> list[Quantity]:
    """A range (30至35个, 1.2万—1.5万人, 3~5所) as one figure: its lower bound, at least,
    in the upper bound's unit, spanning both (the lower bound alone is no figure)."""
    spans = []
    for index, upper in enumerate(found):
        if upper.unit in TIME_UNITS or not upper.unit or upper.start != upper.number_start:
            continue
        separator = _RANGE_SEPARATOR.search(text, max(0, upper.start - 2), upper.start)
        lower = separator and _range_lower(text, separator.start(), upper)
        if lower and lower.value < upper.value:
            found[index] = lower
            spans.append((lower.number_start, upper.number_start))
    return [q for q in found if not any(start < q.end <= end for start, end in spans)]


def is_range(text: str, q: Quantity) -> bool:
    """Whether a figure is a range read as its lower bound (30至35个)."""
    return q.qualifier == "at-least" and q.start == q.number_start \
        and bool(re.search(r"[至到—–~～-]", text[q.number_start:q.end]))


def _range_lower(text: str, end: int, upper: Quantity) -> Quantity | None:
    """The lower bound ending at `end`, written bare (30至) or with the upper bound's unit (30个至);
    a bare one takes the upper bound's magnitude (1.2—1.5万人, 三至五万人)."""
    bare_end = end - len(upper.surface_unit) if text.endswith(upper.surface_unit, 0, end) else end
    lower = _RANGE_LOWER.search(text, max(0, bare_end - 12), bare_end)
    written = _NUMBER.match(text, upper.number_start)
    if lower is None or written is None or bool(lower.group("arabic")) != bool(written.group("arabic")):
        return None
    if lower.group("arabic"):
        number = _arabic_value(lower.group("arabic"), lower.group("mag") or written.group("mag"))
        value = number * upper.value / _arabic_value(written.group("arabic"), written.group("mag"))
    else:
        number, upper_number = parse_chinese(lower.group("chinese")), parse_chinese(written.group("chinese"))
        if number is None or not upper_number:
            return None
        if written.group("chinese")[-1] in "万亿" and lower.group("chinese")[-1] not in "万亿":
            number *= _MAGNITUDE[written.group("chinese")[-1]]
        value = number * upper.value / upper_number
    return Quantity(lower.start(), upper.end, lower.start(), value, upper.unit, upper.unit_iri,
                    upper.surface_unit, "at-least")


TIME_UNITS = {"DAY", "HR", "MIN", "YR", "MO", "WK"}


UNIT_FAMILIES = {
    "count": "count", "dwelling": "count", "household": "count", "person": "count", "person-time": "count",
    "PERCENT": "share", "percentage-point": "share", "PERMILLE": "share",
    "M2": "area", "HA": "area", "KiloM2": "area", "mu": "area", "M": "length", "KiloM": "length",
    "GM": "mass", "KiloGM": "mass", "TONNE": "mass", "MicroGM": "mass",
    "W": "power", "KiloW": "power", "MegaW": "power", "W-HR": "energy", "KiloW-HR": "energy",
}


def unit_family(unit: str) -> str:
    """The kind of quantity a unit measures: count, share, money, area, time ..."""
    if unit.startswith("yuan"):
        return "money"
    for separator in ("-PER-", "-per-"):
        if separator in unit:
            return unit_family(unit.split(separator)[0])
    if unit in TIME_UNITS:
        return "time"
    return UNIT_FAMILIES.get(unit, unit)
