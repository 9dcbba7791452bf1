"""The extraction pipeline: one article in, observations and programs out.

For each sentence of the normal-form text: find quantities (numbers with
units), drop the ones that are not statistics (dates, ages, names with
numbers, figures about a single compound, school, company or person), and
give every remaining one its indicator, region, period and status. Offsets
always refer to the original text, so `quote == text[start:end]`.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from mskg.extract import indicators as ind
from mskg.extract import programs as prog
from mskg.extract.numbers import Quantity, find_quantities
from mskg.extract.periods import Period, Published, find_periods, reference_date, title_year
from mskg.extract.places import Mention, gazetteer, resolve_hint
from mskg.extract.text import normal_form, sentences
from mskg.reference import regions
from mskg.reference import indicators as scheme
from mskg.graph.iris import unit as unit_iri_of

CLAUSE_ONLY_PERIODS = {"day", "year_list"}
CLAUSE_BREAK = re.compile(r"[,;:]")
TARGET_WORDS = re.compile(
    r"计划(?:新建|建设|建成|改造|投资|完成|实施|开展|培训|新增|安排|发放|提供|招聘|投入|用|在|于|到|年内|全年|今年)"
    r"|力争|目标是|目标为|目标:|目标任务:|确保|预计|预期|拟|争取|将要|打算")
FUTURE_JIANG = re.compile(
    r"将(?:要|会|在|于|为|对|以|从|继续|进一步|持续|加快|全面|重点|大力|积极|着力|逐步|力争|争取|确保|再|新|"
    r"建|完成|实施|开展|推进|启动|投入|安排|提供|达到|实现|提高|提升|增加|扩大|改造|培训|覆盖|落实|采取|组织|发放|"
    r"打造|举办|出台|设立|招聘|新增|支持|补助|免费|统筹)")
DONE_AFTER = re.compile(r"^[^,;]{0,8}(?:已|完成|实现)")
TARGET_AFTER = re.compile(r"^[^,;]{0,4}目标")
DONE_WORDS = re.compile(r"已|完成|建成|实现|累计|达到|超额")
CHANGE_BEFORE = re.compile(r"(?:由|从)(?:每人每月|每人每年|每人每天|每人每日|每人|每户|每月|每年|每天|人均)?$")
CHANGE_LINK = re.compile(r"^(?:的标准)?(?:提高|提升|增加|增长|扩展|扩大|调整|上调|下调|降低|减少|降至|增至|变)(?:到|至|为)?$")
DECOY_AFTER = re.compile(r"(?:才|民生实事|实事|件实事|大行动|周年|届|岁)")
WHOLE_SUBDIVISIONS = re.compile(
    r"(?:全[区市盟州县旗省疆国]|全地区|全自治区)(?:共有|共|有|的)?$"
)
SUBDIVISION_WORDS = re.compile(r"(?:地州市|县市区|县\(市、区\)|县\(市\)|县市|市县|乡镇|地州|区县|旗县|盟市|地市|辖区|县区|苏木乡镇|街道)")
NAMED_PLACE = re.compile(
    r"[\u4e00-\u9fff]{2,8}(?:小区|公司|集团|学校|中学|小学|大学|学院|医院|卫生院|康养中心|驿站|村|乡|镇|街道|电站|景区|工厂|车间|基地|园区|福利院|养老院|敬老院)"
)
GENERIC_PLACE_WORDS = ("老旧小区", "城镇老旧", "涉改小区", "各小区", "社区", "乡镇", "村镇", "乡村", "城乡",
                       "农村", "苏木镇", "中小学", "高校", "学校", "医院", "卫生院", "幸福驿站",
                       "就业驿站", "城镇", "嘎查村", "行政村", "县乡")
TIME_UNITS = {"DAY", "HR", "MIN", "YR", "MO", "WK"}
UNIT_FAMILIES = {
    "count": "count", "dwelling": "count", "household": "count", "person": "count", "person-time": "count",
    "PERCENT": "share", "percentage-point": "share", "PERMILLE": "share",
    "M2": "area", "HA": "area", "KiloM2": "area", "mu": "area", "M": "length", "KiloM": "length",
    "GM": "mass", "KiloGM": "mass", "TONNE": "mass", "MicroGM": "mass",
    "W": "power", "KiloW": "power", "MegaW": "power", "W-HR": "energy", "KiloW-HR": "energy",
}
NAMED_THING_AFTER = re.compile(r"[\u4e00-\u9fff]{0,8}(?:电站|电厂|项目|工程)")
NAMED_COMPANY = re.compile(r"[\u4e00-\u9fff]{2,8}(?:公司|集团|油田)(?:、|与|和|,)")
TIME_LEAD = re.compile(r"(?:前不久|近日|日前|近期|当天|此前|随后|同时|目前|如今),")
SINGLE_INSTITUTION = re.compile(r"(?:用于|对|为)[市县区盟旗州][\u4e00-\u9fff]{1,8}(?:福利院|医院|图书馆|体育馆|学校|中学|小学|幼儿园|养老院|敬老院)")
LIST_LENGTH_UNITS = ("种", "类", "项", "次", "批")


@dataclass
class Observation:
    """One statistic: region, indicator, period, value, unit, status and its evidence."""

    region: str
    indicator: str
    indicator_label: str
    provisional: bool
    period: str
    period_kind: str
    value: Decimal
    unit: str
    unit_iri: str
    status: str
    qualifier: str
    start: int
    end: int
    quote: str
    sentence_start: int
    sentence_end: int
    program_item: str | None = None

    def as_json(self) -> dict:
        """A JSON-ready dict (value as a number)."""
        data = asdict(self)
        data["value"] = float(self.value) if self.value != int(self.value) else int(self.value)
        return data


@dataclass
class Extraction:
    """What one article yields."""

    text: str
    region: str | None
    published: str | None
    observations: list[Observation] = field(default_factory=list)
    programs: list[prog.Program] = field(default_factory=list)

    @property
    def provisional_indicators(self) -> list[tuple[str, str]]:
        """(slug, label) of each provisional concept, once each."""
        return sorted({(o.indicator, o.indicator_label) for o in self.observations if o.provisional})


def extract(text: str, *, region: str | None = None, published: str | None = None,
            title: str | None = None) -> Extraction:
    """Extract the observations and programs of one article's text.

    `region` (a code or name) is the article's main area, `published` its ISO
    publication date, `title` its headline (a year there dates undated figures)."""
    home = resolve_hint(region)
    pub = Published.parse(published)
    norm = normal_form(text)
    places = gazetteer(home)
    quantities = find_quantities(norm)
    result = Extraction(text=text, region=home, published=pub.iso() if pub else None)
    now = reference_date(norm, pub)
    default_year = title_year(title, norm)
    all_periods = find_periods(norm, pub, now)
    all_mentions = places.mentions(norm)
    plan_article = _is_plan(title, norm, default_year, pub)
    carried: Period | None = None
    carried_target = False
    last: tuple = ()  # the paragraph's recent (indicator match, unit), for elided wording
    for s_start, s_end, new_paragraph in sentences(norm):
        if new_paragraph:
            carried, carried_target, last = None, False, ()
        periods = [p for p in all_periods if s_start <= p.start < s_end]
        in_sentence = [q for q in quantities if s_start <= q.number_start < s_end and q.end <= s_end]
        mentions = [m for m in all_mentions if s_start <= m.start < s_end]
        if periods:
            carried_target = False
        fallback = carried or (Period(str(default_year), "year", s_start, s_start, source="title")
                               if default_year else None)
        found, last = _sentence_observations(norm, text, s_start, s_end, in_sentence, periods, fallback,
                                             mentions, home, pub, now, carried_target, last, plan_article)
        result.observations.extend(found)
        governing = [p for p in periods if p.source not in CLAUSE_ONLY_PERIODS]
        if governing:
            carried = governing[-1]
        if _has_target_words(norm[s_start:s_end]):
            carried_target = True
    result.programs = prog.find_programs(norm, home, pub, places)
    prog.link_items(result.programs, result.observations)
    return result


def _sentence_observations(norm, text, s_start, s_end, quantities, periods, carried, mentions,
                           home, pub, now, carried_target, previous, plan_article=False):
    """The observations of one sentence, and the recent (indicator, unit) pairs."""
    observations: list[Observation] = []
    previous_end = s_start
    pending_before: Quantity | None = None
    for index, quantity in enumerate(quantities):
        window_start = max(previous_end, _clause_start(norm, s_start, quantity.number_start))
        previous_end = quantity.end
        if _is_decoy(norm, quantity, periods, s_start):
            continue
        nxt = quantities[index + 1] if index + 1 < len(quantities) else None
        if nxt is not None and _is_change(norm, quantity, nxt):
            pending_before = quantity
            continue
        match = _indicator(norm, s_start, s_end, window_start, quantity, pending_before, previous,
                           [m for m in mentions if window_start <= m.start and m.end <= quantity.number_start])
        if match is None:
            continue
        previous = (previous + ((match, quantity.unit),))[-6:]
        if _is_anecdote(norm, s_start, quantity, mentions, periods):
            continue
        region = _respectively(norm, quantity, quantities, mentions) or \
            _region(norm, s_start, quantity, mentions, home)
        period = _period(periods, carried, _Located(quantity, _clause_start(norm, s_start, quantity.number_start)), now)
        if region is None or period is None:
            continue
        status = _status(norm, s_start, s_end, quantity, period, pub, now,
                         plan_article or (carried_target and not periods))
        period = _look_back(period, status, pub)
        for each in _shared(norm, window_start, quantity, match):
            for q, st in ((pending_before, "before"), (quantity, status)):
                if q is not None:
                    observations.append(_observation(text, q, each, region, period, st, s_start, s_end))
        pending_before = None
    return observations, previous


BUILD_VERBS = re.compile(r"新建|建成|建设|改建|新增|打造")
GROWTH_WORDS = re.compile(r"^(?:同比|比上年|较上年)?(?:增长|增速|下降|提高|降低)$")


def _indicator(norm, s_start, s_end, window_start, q: Quantity, pending_before, previous, named):
    """The indicator of a quantity, or None when it is not a statistic."""
    small_chinese = not norm[q.number_start].isdigit() and q.value < 10 and q.unit == "count"
    if norm[q.number_start] == "一" and not norm[q.number_start + 1:q.number_start + 2] in "十百千万亿" \
            and not BUILD_VERBS.search(norm[q.number_start - 2:q.number_start]):
        return None
    if norm[q.number_start] == "一":
        small_chinese = False  # 新建一所特殊教育学校
    window = norm[window_start:q.number_start]
    for mention in named:  # 疏附县完成320户: the county is no wording of the indicator
        window = window.replace(norm[mention.start:mention.end], ",")
    counts_regions = bool(SUBDIVISION_WORDS.match(norm, q.end))
    match = ind.match_before(norm, window_start, q.number_start)
    if match is not None and previous and match.start == window_start \
            and _clause_start(norm, s_start, q.number_start) < window_start \
            and re.search(r"[、和及]", norm[match.end:q.number_start]):
        match = None  # the previous number's noun (120个老旧小区、3330栋住宅楼)
    if match is None and pending_before is not None:
        match = ind.match_before(norm, _clause_start(norm, s_start, pending_before.number_start),
                                 pending_before.number_start)
    if match is None and not small_chinese and not counts_regions:
        clause_end = _clause_end(norm, q.end, s_end)
        match = (ind.match_split(norm, window_start, q.number_start, q.end, clause_end)
                 or ind.match_after(norm, q.end, clause_end))
    if match is None and previous:
        match = _elided(norm, window, q, previous, s_end)
    if match is None and not small_chinese and (not previous or previous[-1][0].start < s_start):
        match = ind.match_before(norm, s_start, q.number_start)
    if not q.unit:
        return match if match is not None and not match.provisional else None
    if match is not None and not _compatible(q.unit, match.slug):
        match = None
    if match is not None:
        clause = re.sub(r"\([^)]*\)", "", norm[_clause_start(norm, s_start, q.number_start):
                                                  _clause_end(norm, q.end, s_end)])
        return _refine(match, window, clause, q.unit)
    if small_chinese or q.unit in TIME_UNITS or _in_quotation(norm, s_start, q):
        return None
    return (ind.provisional(norm, window_start, q.number_start)
            or ind.provisional_after(norm, q.end, _clause_end(norm, q.end, s_end)))


def _elided(norm, window: str, q: Quantity, previous, s_end):
    """Reuse a recent indicator of the paragraph where the wording is elided:
    "…95%以上,2019年达98.45%", "改造10个小区" after "改造城镇老旧小区11个",
    "其中,疏附县完成320户" after "全地区完成危房改造1650户"."""
    growth = scheme.load().by_slug.get(previous[-1][0].slug + "-growth")
    if growth and GROWTH_WORDS.match(re.sub(r"[,\s]", "", window)):
        return ind.IndicatorMatch(growth.slug, growth.label_zh, q.number_start - len(window), q.number_start)
    same = [m for m, unit in previous if _family(unit) == _family(q.unit)]
    if not same:
        return None
    last = same[-1]
    bare = re.sub(r"\d{4}年|[,、;:\s]|其中|分县来看|分别|达到|达|为|是|均|共|累计|改造|完成|新建|在", "", window)
    after = re.match(r"[\u4e00-\u9fff]{2,6}", norm[q.end:s_end])
    if window.strip(" ,、") and not bare:
        return last
    if after and after.group() in last.label:
        return last
    return None


def _refine(match, window: str, clause: str, unit: str):
    """A generic label made specific by its sentence (投资 + 老旧小区 -> 老旧小区改造投资),
    and a stock named with a building verb made its flow (新建…日间照料中心 -> …-built)."""
    specific = ind.specialise(match, clause)
    if specific is not None and _compatible(unit, specific.slug):
        return specific
    built = scheme.load().by_slug.get(match.slug + "-built")
    if built and BUILD_VERBS.search(window) and not re.search(r"已|累计|共|总数", window):
        return ind.IndicatorMatch(built.slug, match.label, match.start, match.end)
    return match


def _shared(norm: str, window_start: int, q: Quantity, match) -> list:
    """One number for several indicators listed with 、 before 均/都:
    城市供水普及率、燃气普及率…均达到100% gives one match per indicator."""
    if match.provisional or not re.search(r"均|都", norm[match.end:q.number_start]):
        return [match]
    matches = []
    for candidate in sorted(ind.label_matches(norm, window_start, match.end),
                            key=lambda m: (m.start, -(m.end - m.start))):
        if matches and candidate.start < matches[-1].end:
            continue
        if matches and norm[matches[-1].end:candidate.start] not in ("、", "和", "及"):
            matches = []
        if _compatible(q.unit, candidate.slug):
            matches.append(candidate)
    return matches if len(matches) > 1 and matches[-1].slug == match.slug else [match]


def _compatible(unit: str, slug: str) -> bool:
    """Whether a number in `unit` can measure the indicator (5个月 is no 保障性住房)."""
    indicator = scheme.load().by_slug.get(slug)
    if indicator is None:
        return True
    return _family(unit) == _family(indicator.unit)


def _family(unit: str) -> str:
    if unit.startswith("yuan"):
        return "money"
    for separator in ("-PER-", "-per-"):
        if separator in unit:
            return _family(unit.split(separator)[0])
    if unit in TIME_UNITS:
        return "time"
    return UNIT_FAMILIES.get(unit, unit)


def _in_quotation(norm: str, s_start: int, q: Quantity) -> bool:
    """Inside direct speech “…” (a personal statement unless it names a region)."""
    head = norm[max(0, s_start - 200):q.number_start]
    return head.rfind("“") > head.rfind("”") and head.rfind("“") >= len(head) - (q.number_start - s_start) - 1


@dataclass(frozen=True)
class _Located:
    """A quantity with the start of its clause."""

    quantity: Quantity
    clause_start: int

    @property
    def number_start(self) -> int:
        return self.quantity.number_start

    @property
    def start(self) -> int:
        return self.quantity.start


def _observation(text, q: Quantity, match, region, period, status, s_start, s_end):
    start = min(match.start, q.start) if match.end <= q.number_start else q.start
    if match.end <= q.number_start and q.number_start - match.end > 30:
        start = q.start
    end = max(q.end, match.end) if match.start >= q.end else q.end
    unit, unit_iri = q.unit, q.unit_iri
    indicator = scheme.load().by_slug.get(match.slug)
    if not unit and indicator is not None:
        unit, unit_iri = indicator.unit, str(unit_iri_of(indicator.unit))
    if indicator is not None and unit != indicator.unit and _family(unit) == _family(indicator.unit) \
            and ("-per-" in indicator.unit or "-PER-" in indicator.unit):
        unit, unit_iri = indicator.unit, unit_iri_of(indicator.unit)  # 每人每天11.25元: the rate
    return Observation(
        region=region, indicator=match.slug, indicator_label=_label(match), provisional=match.provisional,
        period=period.iso, period_kind=period.kind, value=q.value, unit=unit, unit_iri=unit_iri,
        status=status, qualifier=q.qualifier, start=start, end=end, quote=text[start:end],
        sentence_start=s_start, sentence_end=s_end,
    )


def _label(match) -> str:
    if match.provisional:
        return match.label
    indicator = scheme.load().by_slug.get(match.slug)
    return indicator.label_zh if indicator else match.label


def _clause_start(norm: str, s_start: int, pos: int) -> int:
    for i in range(pos - 1, s_start - 1, -1):
        if CLAUSE_BREAK.match(norm, i):
            return i + 1
    return s_start


def _clause_end(norm: str, pos: int, s_end: int) -> int:
    match = CLAUSE_BREAK.search(norm, pos, s_end)
    return match.start() if match else s_end


def _is_decoy(norm: str, q: Quantity, periods: list[Period], s_start: int) -> bool:
    if any(p.start <= q.number_start < p.end for p in periods):
        return True
    if DECOY_AFTER.match(norm, q.end - len(q.surface_unit)) or DECOY_AFTER.match(norm, q.end):
        return True
    before = norm[s_start:q.number_start]
    if before.count("《") > before.count("》"):
        return True
    if WHOLE_SUBDIVISIONS.search(before) and SUBDIVISION_WORDS.match(norm, q.end):
        return True
    if before.endswith("第"):
        return True
    if _family(q.unit) != "count" and NAMED_THING_AFTER.match(norm, q.end):
        return True
    if q.surface_unit in LIST_LENGTH_UNITS and before.count("、") >= 1:
        return True
    return norm.startswith(("月", "日", "号"), q.number_start + len(_digits(norm, q.number_start)))


def _digits(norm: str, pos: int) -> str:
    match = re.match(r"[\d.]+", norm[pos:])
    return match.group() if match else ""


def _is_change(norm: str, first: Quantity, second: Quantity) -> bool:
    if first.unit != second.unit:
        return False
    lead = norm[max(0, first.start - 6):first.start]
    link = norm[first.end:second.start]
    return bool(CHANGE_BEFORE.search(lead) and CHANGE_LINK.match(link))


def _is_anecdote(norm: str, s_start: int, q: Quantity, mentions: list[Mention],
                 periods: list[Period]) -> bool:
    """A figure about one named compound, school, company, event or person."""
    head = norm[s_start:q.number_start]
    if head.endswith("等") or any(m.scope_word for m in mentions if m.end <= q.number_start):
        return False
    if any(p.source == "day" and p.end <= q.number_start for p in periods):
        return True
    sentence_end = norm.find("。", q.end)
    if SINGLE_INSTITUTION.search(norm, s_start, len(norm) if sentence_end < 0 else sentence_end):
        return True
    if NAMED_COMPANY.search(head):
        return True
    opening = NAMED_PLACE.match(_strip_lead(norm, s_start, mentions))
    if opening and not any(word in opening.group() for word in GENERIC_PLACE_WORDS):
        return True
    if "其余" in head[-12:]:
        return True  # the remainder of a breakdown, over unnamed places
    return bool(re.search(r"现年|今年\d+岁|\d+岁的(?!婴幼儿|儿童|老年人|学生)|老人|家住|居住在这里|"
                          r"他家|她家|他们家|这所|这个|这家|该校|该院|该站|家里", head))


def _strip_lead(norm: str, s_start: int, mentions: list[Mention]) -> str:
    """The sentence from its subject on: leading 在, dates and region names removed."""
    pos = s_start
    changed = True
    while changed:
        changed = False
        for m in mentions:
            if m.start == pos:
                pos, changed = m.end, True
        for word in ("在", "位于", "家住", "其中,"):
            if norm.startswith(word, pos):
                pos, changed = pos + len(word), True
        lead = TIME_LEAD.match(norm, pos)
        if lead:
            pos, changed = lead.end(), True
    return norm[pos:pos + 20]


ENTITY_AFTER = re.compile(NAMED_PLACE.pattern.replace("{2,8}", "{0,8}?", 1))
COMPARISON_BEFORE = re.compile(r"(?:占|比|较|相当于|率先在|位列|位居|居|高于|低于|全国)$")


def _is_subject(norm: str, m: Mention) -> bool:
    """A region named as the subject, not as part of a name (吉木乃县草原石城景区)
    or as a comparison base (占全疆…的17.9%)."""
    if COMPARISON_BEFORE.search(norm[max(0, m.start - 4):m.start]):
        return False
    named = ENTITY_AFTER.match(norm, m.end)
    return not (named and not any(w in named.group() for w in GENERIC_PLACE_WORDS))


def _region(norm, s_start, q: Quantity, mentions: list[Mention], home: str | None) -> str | None:
    before = [m for m in mentions if m.end <= q.number_start and _is_subject(norm, m)]
    if not before:
        return home
    last = before[-1]
    group = [last]
    for m in reversed(before[:-1]):
        if norm[m.end:group[0].start] in ("、", "和", "及", "与"):
            group.insert(0, m)
        else:
            break
    if len(group) > 1:
        return _common_parent([m.code for m in group]) or home
    return last.code


def _respectively(norm: str, q: Quantity, quantities: list[Quantity], mentions: list[Mention]) -> str | None:
    """疏附县、伽师县分别完成560户和480户: the i-th number goes to the i-th region."""
    split = norm.rfind("分别", 0, q.number_start)
    if split < 0:
        return None
    group: list[Mention] = []
    for m in reversed([m for m in mentions if m.end <= split and not m.scope_word]):
        if not group and norm[m.end:split].strip(",") and not re.fullmatch(r"[\u4e00-\u9fff]{0,8}", norm[m.end:split]):
            return None
        if group and norm[m.end:group[0].start] not in ("、", "和", "及", "与"):
            break
        group.insert(0, m)
    index = sum(1 for other in quantities if split < other.number_start < q.number_start
                and other.unit == q.unit)
    return group[index].code if len(group) >= 2 and index < len(group) else None


def _common_parent(codes: list[str]) -> str | None:
    chains = [[c] + regions.ancestors(c) for c in codes if c in regions.load()]
    if not chains:
        return None
    common = set(chains[0]).intersection(*map(set, chains[1:]))
    for code in chains[0]:
        if code in common and code not in codes:
            return code
    return None


def _period(periods: list[Period], carried: Period | None, q, now) -> Period | None:
    """The governing period: the last one before the number in its sentence, the
    one after it, the paragraph's, or else "as of now"."""
    clause_start = q.clause_start
    before = [p for p in periods if p.end <= q.number_start
              and (p.source not in CLAUSE_ONLY_PERIODS or p.start >= clause_start)]
    if before:
        return before[-1]
    after = [p for p in periods if p.source not in CLAUSE_ONLY_PERIODS]
    if after:
        return after[0]
    if carried is not None:
        return carried
    if now is not None:
        return Period(now.iso(), "date", q.start, q.start, source="now")
    return None


def _look_back(period: Period, status: str, pub: Published | None) -> Period:
    """今年 in a January look-back stating results means the year just ended."""
    if (period.source == "this_year" and status == "actual" and pub and pub.month == 1):
        return Period(str(pub.year - 1), "year", period.start, period.end, source="this_year")
    return period


PLAN_TITLE = re.compile(r"(?:印发|下达|公布).{0,30}(?:计划|方案|项目|实事|任务)|(?:工作|实施)方案|工作计划|目标任务")


def _is_plan(title: str | None, norm: str, year: int | None, pub: Published | None) -> bool:
    """An article that issues a plan (关于印发2024年为民办实事项目的通知): its
    figures are targets unless they say they were reached."""
    first_line = next((line for line in norm.splitlines() if line.strip()), "")
    heading = (title or "") + " " + first_line
    return bool(PLAN_TITLE.search(heading)) and (year is None or pub is None or year >= pub.year)


def _has_target_words(text: str) -> bool:
    return bool(TARGET_WORDS.search(text) or FUTURE_JIANG.search(text))


def _status(norm: str, s_start: int, s_end: int, q: Quantity, period: Period, pub: Published | None,
            now: Published | None, target_context: bool) -> str:
    """target when worded as a plan or dated after publication; else actual."""
    tail = norm[q.end:min(q.end + 16, s_end)]
    if TARGET_AFTER.match(tail):
        return "target"
    if DONE_AFTER.match(tail):
        return "actual"
    if period.future or (pub and period.kind == "year" and int(period.iso[:4]) > pub.year):
        return "target"
    if (now and period.source in ("year", "this_year") and period.iso == str(now.year)
            and (now.month or 0) <= 3 and not DONE_WORDS.search(norm[s_start:q.end])):
        return "target"
    if target_context or _has_target_words(norm[s_start:q.number_start]):
        return "target"
    return "actual"
