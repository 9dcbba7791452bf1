"""Places: which region a sentence is about.

Full names of every division (布尔津县, 阿拉善左旗) are recognised anywhere;
short names (布尔津, 阿拉善) only for divisions in the article's own province,
where they are unambiguous enough, and a province's (浙江, 宁夏) anywhere. A
name many cities give a district (城关区, 城区, 新区) stands for one only after
its city's name (拉萨市城关区) or in an article about that city. Scope words (全市, 全盟, 我区, 地区, 自治区,
全疆 ...) resolve to the article's region or to the ancestor of the level they
name. Composite areas (乌—昌—石) come from data/areas.ttl.

An article given no region of its own takes the one its headline is about
(home_of): 廣西壯族自治區桂林市2023年為民辦實事… -> 桂林市, 深圳曬出… -> 深圳市.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from mskg.extract.words import Words, longest_first
from mskg.reference import areas as area_table
from mskg.reference import indicators as indicator_scheme
from mskg.reference import names, regions

LEVEL_RANK = {"country": 0, "province": 1, "prefecture": 2, "county": 3}

# Scope word -> the level it names ("own" = the article's region whatever its level).
SCOPE_WORDS = {
    "全国": "country",
    "全省": "province", "我省": "province", "本省": "province", "全疆": "province",
    "自治区": "province", "全自治区": "province", "区内": "province",
    "全市": "own", "我市": "own", "本市": "own", "市里": "own",
    "全州": "prefecture", "我州": "prefecture", "全盟": "prefecture", "我盟": "prefecture",
    "全地区": "prefecture", "地区": "prefecture", "全地": "prefecture",
    "全县": "county", "我县": "county", "本县": "county", "全旗": "county", "我旗": "county",
    "该县": "county", "该区": "county", "该旗": "county",
    "全区": "own", "我区": "own", "本区": "own",
}
_SCOPE = longest_first(SCOPE_WORDS)
DISTRICT_WORDS = {"全区", "我区", "本区"}  # in a city's article, a district's (its own scope word is 全市)
NATIONAL_TITLE = re.compile(r"[^,;。]{0,12}?(?:示范|先进|文明|百强|特色|优秀|模范|试点|标杆|典型|最美|十佳|样板|称号|"
                            r"表彰|评选|荣誉|第[一二三四五六七八九十\d]+|首批|首个|首家|前列|领先|排名|人大|政协|总工会|妇联|"
                            r"唯一|最大|最早|各地|范围|人民|统一|性)")
"""What 全国 opens that is a national title, rank or reach of the article's own places or people (获评全国
示范性老年友好型社区12个, 全国唯一的撒拉族自治县, 在全国各地开办拉面店), not the nation's own figure
(全国城镇新增就业1256万人)."""
AUTONOMOUS = ("自治州", "自治县", "自治旗")
GENERIC_NAMES = {"城区", "郊区", "矿区", "新区", "市中区", "城中区", "城关区", "开发区", "高新区", "经济开发区",
                 "老城区", "新城区"}  # 老城区, 新城区: also any city's old or new town
GENERIC_STEMS = {"城", "郊", "新", "市中", "城中", "矿", "东", "西", "南", "北", "中", "河", "长",
                 "和平", "新华", "城关", "开发", "高新", "经济", "铁东", "铁西", "桥东", "桥西",
                 "白云", "青山", "向阳", "永安", "前进", "红旗", "胜利", "人民", "民主",
                 # words of everyday prose a county's name shares: 文化惠民, 平安建设, 共和国, 新兴产业, 健康长寿
                 "惠民", "富民", "乐业", "平安", "共和", "新兴", "兴业", "长寿", "康乐", "光明", "太平", "友谊",
                 "大方", "和顺"}


@dataclass(frozen=True)
class Mention:
    """A region named in the text."""

    code: str
    start: int
    end: int
    scope_word: bool = False


def _inside_a_place(text: str, match: re.Match) -> bool:
    """区内 as part of a smaller place's words (辖区内, 城区内, 园区内, 牧区内): no 自治区; 地区 as
    a measure's (地区生产总值) or a kind of area's (农村地区, 各地区): no prefecture."""
    if match.group() == "地区":
        return text.startswith("生产总值", match.end()) or text[match.start() - 1:match.start()] in tuple("各该等村镇远困")
    return match.group() == "区内" and text[match.start() - 1:match.start()] in tuple("辖城园景社矿牧山库片")


VERB_NAMES = re.compile(r"会同")  # 会同县 (Hunan), and 会同 "jointly with": 办公室会同县财政局
AGENCY_END = "室局委会部厅办组院处队站心门位府"


def _a_verb(text: str, start: int) -> bool:
    """A region name that opens with a verb right after an agency (…领导小组办公室会同县财政局…)."""
    return bool(VERB_NAMES.match(text, start)) and text[start - 1:start] in tuple(AGENCY_END)


def _runs_on(text: str, start: int, end: int) -> bool:
    """A name whose last character begins the next word and whose stem is a common word:
    新建区域养老服务中心 is 新建 + 区域, not 新建区 (南昌)."""
    return text.startswith("域", end) and text[end - 1] in "区县" and text[start:end - 1] in _common_words()


class Gazetteer:
    """Name lookups for one article's province."""

    def __init__(self, home_code: str | None):
        self.home = home_code
        self.entries, self.names = _names(_province_of(home_code) if home_code else None)
        self.districts = _generic_districts(home_code)
        self.local = _local_names(home_code)

    def mentions(self, text: str) -> list[Mention]:
        """Region names and scope words in `text`, resolved to codes."""
        found = [Mention(self.local.get(text[start:end]) or self.entries[text[start:end]], start, end)
                 for start, end in self._spans(text) if not _a_verb(text, start) and not _runs_on(text, start, end)]
        taken = {i for m in found for i in range(m.start, m.end)}
        if self.districts:
            for match in self.districts[0].finditer(text):
                if match.start() not in taken and match.end() - 1 not in taken:
                    found.append(Mention(self.districts[1][match.group()], match.start(), match.end()))
                    taken.update(range(match.start(), match.end()))
        for match in _SCOPE.finditer(text):
            if match.start() in taken or match.end() - 1 in taken or _inside_a_place(text, match) \
                    or match.group() == "全国" and NATIONAL_TITLE.match(text, match.end()):
                continue
            code = self.scope(match.group())
            code = self._named_before(text, found, match) or code
            if code:
                found.append(Mention(code, match.start(), match.end(), scope_word=True))
        return sorted(found, key=lambda m: m.start)

    def _spans(self, text: str) -> list[tuple[int, int]]:
        """Where region names are, leftmost first; but a longer name that begins inside a
        two-character one wins over it (其中江阳区: 江阳区, not 中江) unless what it adds is a
        common word (北海城市低保标准: 北海, not 海城市)."""
        spans = self.names.spans(text)
        for index, (start, end) in enumerate(spans):
            if end - start == 2 and text[end:end + 2] not in _common_words():
                longer = [span for span in self.names.at_each(text, start + 1, min(len(text), start + 12))
                          if span[0] == start + 1 and span[1] > end]
                if longer and (index + 1 == len(spans) or spans[index + 1][0] >= longer[0][1]):
                    spans[index] = longer[0]
        return spans

    def _named_before(self, text: str, found: list[Mention], match: re.Match) -> str | None:
        """A scope word below the article's level (全县 in a prefecture's article) stands
        for the division of that level named last before it in its or the previous
        paragraph (积石山…自治县的重建任务最重。近两年来,全县建成…)."""
        level = SCOPE_WORDS[match.group()]
        table = regions.load()
        if self.home in table and table[self.home].name.endswith("市") and match.group() in DISTRICT_WORDS:
            level = "county"  # a city is no 区: 长乐区政府统计,…全区新增普惠托位520个 is the district's
        if level not in LEVEL_RANK or self.home not in table or \
                LEVEL_RANK[level] <= LEVEL_RANK.get(table[self.home].level, 9):
            return None
        reach = text.rfind("\n", 0, max(text.rfind("\n", 0, match.start()), 0))  # no paragraph before: -1
        named = [m for m in found if reach < m.end <= match.start() and m.code in table
                 and table[m.code].level == level and self.home in regions.ancestors(m.code)
                 and (match.group() not in DISTRICT_WORDS or table[m.code].name.endswith("区"))]
        return max(named, key=lambda m: m.end).code if named else None

    def scope(self, word: str) -> str | None:
        """The region a scope word stands for in this article."""
        if not self.home:
            return None
        level = SCOPE_WORDS[word]
        if level == "own":
            return self.home
        chain = [self.home] + regions.ancestors(self.home) if self.home in regions.load() else [self.home]
        for code in chain:
            if regions.load()[code].level == level:
                return code
        return self.home


@lru_cache(maxsize=64)
def _names(home_province: str | None) -> tuple[dict[str, str], Words]:
    """Name -> code for full names everywhere and short names in one province."""
    table = regions.load()
    common = _common_words()
    entries: dict[str, str] = {}
    for region in table.values():
        if region.is_grouping or region.level == "country":
            continue
        same_province = _province_of(region.code) == home_province
        if region.name not in GENERIC_NAMES and (len(region.name) > 2 or same_province):
            _add(entries, region.name, region.code, table, home_province)
        elif region.name in GENERIC_NAMES and region.parent in table and not table[region.parent].is_grouping:
            _add(entries, table[region.parent].name + region.name, region.code, table)  # 拉萨市城关区
        stem, suffix, _ = names.split_suffix(region.name)
        if (suffix and len(stem) >= 2 and stem not in GENERIC_STEMS and stem not in common
                and same_province):
            _add(entries, stem, region.code, table)
        if suffix in AUTONOMOUS:  # 北川羌族自治县 is 北川县 and 北川, 大理白族自治州 大理州 and 大理
            short = names.short_name(region.name)
            if len(short) >= 2 and short != stem:
                _add(entries, short + suffix[-1], region.code, table)
                if short not in GENERIC_STEMS and short not in common and same_province:
                    _add(entries, short, region.code, table)
    for region in table.values():  # 浙江, 宁夏 in a national roundup; a short name the province shares stays its
        if region.level == "province":
            short = names.short_name(region.name)
            if len(short) >= 2 and short != region.name and short not in common:
                entries.setdefault(short, region.code)
    for area in area_table.load():
        for label in area.labels:
            entries[label] = area.code
    return entries, Words(entries)


def _generic_districts(home_code: str | None) -> tuple[re.Pattern, dict[str, str]] | None:
    """The districts with a name many cities share (城关区) in the city of the article's
    region, or the region itself: a pattern for their names, and their codes by name."""
    return _generic_districts_by_city().get(_city_of(home_code))


def _city_of(home_code: str | None) -> str | None:
    """The city of a prefecture-level or county-level region (itself, or its parent)."""
    table = regions.load()
    if home_code not in table or table[home_code].level not in ("prefecture", "county"):
        return None
    return home_code if table[home_code].level == "prefecture" else table[home_code].parent


def _local_names(home_code: str | None) -> dict[str, str]:
    """The full names of the divisions in the city of the article's region (or under a
    county's city) that another division shares: 鼓楼区 is 徐州's in an article about 徐州."""
    return _shared_names_by_city().get(_city_of(home_code), {})


@lru_cache(maxsize=1)
def _shared_names_by_city() -> dict[str, dict[str, str]]:
    """For each city, its divisions' names that another division anywhere shares, and their codes."""
    table = regions.load()
    named: dict[str, list[str]] = {}
    for region in table.values():
        if not region.is_grouping and region.level != "country":
            named.setdefault(region.name, []).append(region.code)
    by_city: dict[str, dict[str, str]] = {}
    for name, codes in named.items():
        for code in codes if len(codes) > 1 else ():
            if table[code].parent:
                by_city.setdefault(table[code].parent, {})[name] = code
    return by_city


@lru_cache(maxsize=1)
def _generic_districts_by_city() -> dict[str, tuple[re.Pattern, dict[str, str]]]:
    """For each city with districts whose names many cities share: a pattern for those
    names, and their codes by name (current districts only: after 大同市's 城区 was merged
    away in 2018, 城区 in an article about 大同 is its urban area)."""
    table = regions.load()
    by_city: dict[str, dict[str, str]] = {}
    for region in table.values():
        if region.name in GENERIC_NAMES and region.parent and region.current:
            by_city.setdefault(region.parent, {})[region.name] = region.code
    return {city: (re.compile("|".join(sorted(named, key=len, reverse=True))), named)
            for city, named in by_city.items()}


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    """Two-character words of the indicator lexicon (新建, 城关 ...): a region stem
    that is one of them is too ambiguous to stand for the region alone."""
    words = set()
    for label, _slug in indicator_scheme.load().lexicon():
        words.update(label[i:i + 2] for i in range(len(label) - 1))
    return frozenset(words)


def _add(entries: dict[str, str], name: str, code: str, table, home_province: str | None = None) -> None:
    """Keep the region in the article's province when two share a name (和平区 is 沈阳's in
    an article about 辽宁, 天津's elsewhere), then the current one (库车: 库车市 over the
    former 库车县), then the higher-level one (阿勒泰: 地区 over 市)."""
    def rank(region) -> tuple:
        return _province_of(region.code) == home_province, region.current, -LEVEL_RANK.get(region.level, 9)

    other = table.get(entries[name]) if name in entries and entries[name] != code else None
    if other is None or rank(other) < rank(table[code]):
        entries[name] = code


def _province_of(code: str) -> str | None:
    if code.startswith("area/") or code == regions.COUNTRY:
        return None
    return code[:2] + "0000"


@lru_cache(maxsize=1024)  # every region a build's manifest names (corpus.prepare), before its workers fork
def gazetteer(home_code: str | None) -> Gazetteer:
    """The (cached) gazetteer for an article whose main region is `home_code`."""
    return Gazetteer(home_code)


HEADLINE_LEVELS = ("province", "prefecture")  # the levels whose short names a headline may use (深圳, 邵阳)


@lru_cache(maxsize=1)
def _headline_short_names() -> dict[str, str]:
    """Short name -> code of every province and prefecture whose short name is
    its own (the higher level where a province and a prefecture share one)."""
    table = regions.load()
    entries: dict[str, str] = {}
    for region in table.values():
        if region.level not in HEADLINE_LEVELS:
            continue
        short = names.short_name(region.name)
        if len(short) >= 2 and short != region.name and short not in GENERIC_STEMS:
            _add(entries, short, region.code, table)
    return entries


STREET_WORDS = tuple("门路街桥巷道")  # 广安门, 南京路: a gate or a street named after a city, not the city
TIME_ZONE = "时间"  # 北京时间: the time zone named after a city


def home_of(headline: str, body: str) -> str | None:
    """The region a headline is about (both texts in normal form): the regions it
    names in full (广西壮族自治区桂林市) or by a short name and the last character
    of their suffix (黔东南州 for 黔东南苗族侗族自治州), but not one of a list (郓城、单县、
    东明、牡丹区民生实事动态: the places it is about are several), and those of its province
    and prefecture short names (深圳晒出…, 邵阳:…) that the body names again (so
    that 长治久安 is not 长治市), when they lie on one line of descent: the lowest.
    None if it names none, or regions apart (深圳 and 汕尾)."""
    table = regions.load()
    mentions = gazetteer(None).mentions(headline)
    codes = [m.code for m in mentions if not headline.startswith(TIME_ZONE, m.end)
             and "、" not in headline[max(0, m.start - 1):m.start] + headline[m.end:m.end + 1]]
    for short, code in _headline_short_names().items():
        start = headline.find(short)
        if start < 0 or any(m.start <= start < m.end for m in mentions) \
                or headline.startswith((*STREET_WORDS, TIME_ZONE), start + len(short)):  # 海南藏族自治州; 广安门外街道
            continue
        suffix = table[code].name[len(names.split_suffix(table[code].name)[0]):]
        abbreviated = bool(suffix) and headline.startswith(suffix[-1], start + len(short))  # 黔东南州, 伊犁州
        if abbreviated or short in body or table[code].name in body:
            codes.append(code)
    codes = list(dict.fromkeys(code for code in codes if code in table))
    if not codes:
        return None
    lowest = max(codes, key=lambda code: len(regions.ancestors(code)))
    line = {lowest, *regions.ancestors(lowest)}
    return lowest if all(code in line for code in codes) else None


def resolve_hint(hint: str | None) -> str | None:
    """A manifest's region hint (a code or a name) as a region code."""
    if not hint:
        return None
    hint = hint.strip()
    table = regions.load()
    if hint in table or hint.startswith("area/"):
        return hint
    named = [r for r in table.values() if r.name == hint and not r.is_grouping]
    if named:
        return max(named, key=lambda r: r.current).code  # 沙湾市 the current one
    matches = [r.code for r in table.values()
               if not r.is_grouping and names.split_suffix(r.name)[0] == hint]
    if matches:
        return min(matches, key=lambda c: (not table[c].current, LEVEL_RANK.get(table[c].level, 9)))
    raise ValueError(f"unknown region {hint!r}: give a GB/T 2260 code or a full name")
