"""Which region a figure is about: the region named before it in its sentence
(a county wins over the article's region), the parent of a listed group, each
place of a group the figure is said of one by one (均, 都, 各), the i-th of a
"分别" list, or the article's region; names inside a place name
(吉木乃县草原石城景区) and comparison bases (占全疆…) do not count."""

from __future__ import annotations

import re

from mskg.extract.filters import GENERIC_PLACE_WORDS, NAMED_PLACE
from mskg.extract.numbers import Quantity
from mskg.extract.places import Mention
from mskg.reference import regions


ENTITY_AFTER = re.compile(NAMED_PLACE.pattern.replace("{2,8}", "{0,8}?", 1))


COMPARISON_BEFORE = re.compile(r"(?:占|比|较|相当于|率先在|位列|位居|居|高于|低于|全国)$")


ASSISTING = re.compile(r"[^,;。:]{0,20}?对口(?:援|支援|帮扶|协作)")  # 上海、山东等对口援藏省市…落实援藏资金
AIDING = re.compile(r"省?(?:累计|今年|共)?(?:援建|援助|援疆|援藏|援青|帮扶|支援)"  # 浙江援建…, 浙江省援疆指挥部
                    r"|级?(?:财政)?(?:补助|奖补|拨付|下达|转移支付)")  # 中央和自治区补助资金: the government paying
NATIVE = re.compile(r"籍")  # 阿克苏籍务工人员: where people come from
RESIDENTS = re.compile(r"居民|青年|同胞|人才|游客|旅客|团队|医护人员|医师|医生|教师|客商|乡亲|务工人员|职业资格")
"""在珠海就业的澳门居民, 新增台湾青年就业创业486人: a group of people from outside the article's region."""
ASIDE_LENGTH = 30  # characters: a longer bracket is no aside
CURRENCY = re.compile(r"元(?![旦宵])")  # 约合澳门元46亿元: a currency's name
QUOTED_NAME = re.compile(r"[^”,。;]{2,12}”")  # 举办“澳门青年就业专场”: a name it opens


def _is_subject(norm: str, m: Mention, home: str | None = None) -> bool:
    """A region named as the subject, not as part of a name (吉木乃县草原石城景区),
    as a comparison base (占全疆…的17.9%), as the one assisting (上海对口援藏, 浙江援建)
    or as where people come from (阿克苏籍务工人员, 澳门居民 in 珠海's article), or in a
    currency's name (澳门元) or a quoted one (“澳门青年就业专场”)."""
    if COMPARISON_BEFORE.search(norm[max(0, m.start - 4):m.start]) or NATIVE.match(norm, m.end) \
            or CURRENCY.match(norm, m.end) or QUOTED_NAME.match(norm, m.end) and norm[m.start - 1:m.start] == "“" \
            or (AIDING.match(norm, m.end) or RESIDENTS.match(norm, m.end) and not m.scope_word) \
            and not _within(m.code, home) \
            or "对口" in norm[m.end:m.end + 24] and ASSISTING.match(norm, m.end):
        return False
    named = ENTITY_AFTER.match(norm, m.end)
    return not (named and not any(w in named.group() for w in GENERIC_PLACE_WORDS))


REFERENCE_BEFORE = re.compile(r"(?:高于|低于|超过|超出|优于|好于)$")
REFERENCE_VALUE = re.compile(r"(?:平均水平|平均)?[的(]")


def _reference(norm: str, m: Mention, q: Quantity) -> bool:
    """Whether the figure is the value of the region a comparison is made with, given
    right after it (…6.1张,低于全省的6.5张; 高于全国平均水平(91.1%)): that region's figure."""
    return bool(REFERENCE_BEFORE.search(norm, max(0, m.start - 2), m.start)) \
        and bool(REFERENCE_VALUE.fullmatch(norm, m.end, q.start))


_IN_CLAUSE = r"(?:[^,;:]|(?<=\d),(?=\d))*"  # a thousands separator (2,020元) ends no clause
EACH = re.compile(_IN_CLAUSE + r"(?:均|都|各(?![类项级种地个]))" + _IN_CLAUSE)  # 平度市、莱西市新增托位均超过300个


def region_of(norm, s_start, q: Quantity, mentions: list[Mention], home: str | None) -> str | None:
    """The region a figure is about (see the module docstring)."""
    group = _group_before(norm, q, mentions, home)
    if not group:
        return home
    if len(group) > 1:
        return _common_parent([m.code for m in group]) or home
    return group[0].code


def each_place(norm: str, q: Quantity, mentions: list[Mention]) -> list[str] | None:
    """The regions of a group the figure is said of one by one, in their order
    (平度市、莱西市新增托位均超过300个: each of the two added more than 300)."""
    if not any(word in norm[max(0, q.start - 30):q.start] for word in "均都各"):
        return None
    group = _group_before(norm, q, mentions)
    if len(group) < 2 or not EACH.fullmatch(norm, group[-1].end, q.start):
        return None
    return list(dict.fromkeys(m.code for m in group))


def _group_before(norm: str, q: Quantity, mentions: list[Mention], home: str | None = None) -> list[Mention]:
    """The last region named before the figure, with those listed before it (、和及与)."""
    before = [m for m in mentions if m.end <= q.number_start and (_is_subject(norm, m, home) or _reference(norm, m, q))
              and not _in_aside(norm, m, q)]
    return joined_run(norm, before) if before else []


def _in_aside(norm: str, m: Mention, q: Quantity) -> bool:
    """Whether a region is named in brackets that close before the figure (养老(台湾称“长照”)方面,
    去年新增养老床位410张): an aside's, not the figure's."""
    opening = norm.rfind("(", max(0, m.start - ASIDE_LENGTH), m.start)
    closing = norm.find(")", m.end, q.number_start)
    return opening >= 0 and closing >= 0 and ")" not in norm[opening:m.start] and closing - opening <= ASIDE_LENGTH


JOINERS = ("、", "和", "及", "与")


def joined_run(norm: str, items: list) -> list:
    """The last of `items` (mentions, periods: anything with a start and an end) with
    those listed right before it (疏附县、伽师县和英吉沙县; 2023年、2024年和2025年)."""
    run = [items[-1]]
    for item in reversed(items[:-1]):
        if norm[item.end:run[0].start] not in JOINERS:
            break
        run.insert(0, item)
    return run


def listed_from(norm: str, start: int, end: int) -> int:
    """Where the last 分别 or 依次 between `start` and `end` opens a list of figures that
    go one by one to what was named before it, or -1."""
    return max(norm.rfind("分别", start, end), norm.rfind("依次", start, end))


def nth_listed(split: int, q: Quantity, quantities: list[Quantity]) -> int:
    """Which figure of the 分别/依次 list starting at `split` q is (0 for the first), counting its unit's."""
    return sum(1 for other in quantities if split < other.number_start < q.number_start and other.unit == q.unit)


def respectively(norm: str, q: Quantity, quantities: list[Quantity], mentions: list[Mention]) -> str | None:
    """疏附县、伽师县分别完成560户和480户 (…和桥东区,完成率依次为90.5%、87.5%、83.3%):
    the i-th number goes to the i-th region."""
    split = listed_from(norm, 0, q.number_start)
    if split < 0:
        return None
    named = [m for m in mentions if m.end <= split and not m.scope_word]
    if any(split < m.start < q.number_start and not m.scope_word for m in mentions):
        return None  # …分别开工改造186个、152个,南岸区完成投资8600万元: a region named after the list ends it
    if not named or not re.fullmatch(r",?[\u4e00-\u9fff]{0,8}", norm[named[-1].end:split]):
        return None
    group = joined_run(norm, named)
    index = nth_listed(split, q, quantities)
    return group[index].code if len(group) >= 2 and index < len(group) else None


def _within(code: str, home: str | None) -> bool:
    """Whether a region is the article's or inside it (阿克苏援疆资金: the aided, not the aiding)."""
    return home is not None and (code == home or home in regions.ancestors(code))


def _common_parent(codes: list[str]) -> str | None:
    chains = [[c] + regions.ancestors(c) for c in codes if c in regions.load()]
    if not chains:
        return None
    common = set(chains[0]).intersection(*map(set, chains[1:]))
    for code in chains[0]:
        if code in common and code not in codes:
            return code
    return None
