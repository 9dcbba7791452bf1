"""The extraction pipeline: one article in, observations and programs out.

For each sentence of the normal-form text: find quantities (numbers with
units), drop the ones that are not statistics (dates, ages, names with
numbers, figures about a single compound, school, company or person), and
give every remaining one its indicator, region, period and status. Offsets
always refer to the original text, so `quote == text[start:end]`.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import asdict, dataclass, field, replace
from decimal import Decimal
from functools import partial

from mskg.extract import indicators as ind
from mskg.extract import programs as prog
from mskg.extract import townships
from mskg.extract.attribution import each_place, joined_run, listed_from, nth_listed, region_of, respectively
from mskg.extract.clauses import clause_end, clause_start
from mskg.extract.densities import density_of, per_thousand
from mskg.extract.filters import SUBDIVISION_WORDS, in_quotation, is_anecdote, is_decoy
from mskg.extract.layout import unsubtitle, unwrap
from mskg.extract.markup import Stripped, strip_markup
from mskg.extract.numbers import DOUBLING, HEADLINE_ITEM, TIME_UNITS, Quantity, find_quantities, unit_family
from mskg.extract.periods import Period, Published, find_periods, reference_date, title_year, year_end_of
from mskg.extract.places import Mention, gazetteer, home_of, resolve_hint
from mskg.extract.status import ends_in_plan, is_change, is_plan, status_of
from mskg.extract.tables import Column, comma_tabbed, find_cells, labelled_figures, tabbed
from mskg.extract.text import CELL_BREAK, ENUMERATOR, first_line, normal_form, sentences
from mskg.graph.iris import provisional_indicator_slug
from mskg.graph.iris import unit as unit_iri_of
from mskg.reference import indicators as scheme
from mskg.reference import regions

CLAUSE_ONLY_PERIODS = {"day", "year_list", "same_time_last_year", "nth_time"}


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

    `region` (a code or name) is the article's main area (by default the one its
    headline is about), `published` its ISO publication date, `title` its
    headline (a year there dates undated figures). A scraped page's HTML, a
    printed page's wrapped lines and furniture and a subtitle file's cue numbers
    and timings are read past (markup.py, layout.py), and quotes and offsets are
    the page's own."""
    stripped = None
    for step in (strip_markup, unwrap, unsubtitle):
        inner = step(stripped.text if stripped else text)
        stripped = stripped.then(inner) if stripped else inner
    if stripped is None:
        return _extract(text, region, published, title)
    return _in_original(_extract(stripped.text, region, published, title), text, stripped)


def _in_original(result: Extraction, text: str, stripped: Stripped) -> Extraction:
    """`result`, read from the text without its markup or layout (extract), with the spans and quotes of the original."""
    for o in result.observations:
        o.start, o.end = stripped.original(o.start, o.end)
        o.sentence_start, o.sentence_end = stripped.original(o.sentence_start, o.sentence_end)
        o.quote = text[o.start:o.end]
    for program in result.programs:
        program.start, program.end = stripped.original(program.start, program.end)
        for item in program.items:
            item.start, item.end = stripped.original(item.start, item.end)
    return replace(result, text=text)


def _extract(text: str, region: str | None, published: str | None, title: str | None) -> Extraction:
    pub = Published.parse(published)
    norm = comma_tabbed(tabbed(_figures_first(normal_form(text))), text)
    home = resolve_hint(region) if region else _headline_home(title, norm)
    places = gazetteer(home)
    quantities = find_quantities(norm)
    result = Extraction(text=text, region=home, published=pub.iso() if pub else None)
    now = reference_date(norm, pub)
    all_periods = _change_spans(norm, [p for p in find_periods(norm, pub, now) if not _compared_with(norm, p)])
    default_year = title_year(title, norm) or _looked_back_on(all_periods, pub)
    if _reviews_year_before(title, norm, pub, default_year):
        all_periods = [replace(p, iso=str(default_year)) if p.source == "this_year" and p.iso == str(pub.year)
                       else p for p in all_periods]
    all_periods = [_clause_only(norm, year_end_of(norm, all_periods, p, default_year)) for p in all_periods]
    all_mentions = places.mentions(norm)
    plan_article = is_plan(title, norm, default_year, pub)
    cells = find_cells(norm, pub, partial(_header_place, norm, all_mentions))
    headed = cells.bare_figures(norm) + labelled_figures(norm)
    if headed:
        quantities = sorted(quantities + headed, key=lambda q: q.number_start)
    carried: Period | None = None
    carried_target = False
    last: tuple = ()  # the paragraph's recent (indicator match, unit), for elided wording
    listed: tuple | None = None  # (period, target) an introduction ending in a colon hands to its list
    lead_places: list[Mention] = []  # 醴陵市今年表现亮眼:…;…;…, 1.凯里市。…: the places a list or an item is about
    headed: list[Mention] = []  # the place a heading line names (县市亮点(一)墨玉县), for the lines right under it
    in_list = False  # the paragraph before is a list item's line
    paragraph_start = 0
    for s_start, s_end, new_paragraph in sentences(norm):
        if new_paragraph and not PART_OPENING.match(norm, s_start):  # ▶ 其中…: the line before goes on
            item = ENUMERATOR.match(norm, s_start)
            next_item = (item or _bulleted(norm, s_start)) and in_list and _under_heading(norm, s_start)
            if listed is not None and (item or _under_heading(norm, s_start)):
                carried, carried_target = listed
            else:  # the items of one list share their time: ✅今年新建…⏎📍双流区:新增…
                carried, carried_target = carried if next_item else None, False
                listed = None
            last = _heading(norm, s_start, s_end, item)
            in_list = bool(item or _bulleted(norm, s_start))
        periods = _without_program_years(norm, _starting_in(all_periods, s_start, s_end, lambda p: p.start))
        in_sentence = [q for q in _starting_in(quantities, s_start, s_end, lambda q: q.number_start)
                       if q.end <= s_end]
        mentions = _starting_in(all_mentions, s_start, s_end, lambda m: m.start)
        if new_paragraph:
            headed = headed if _under_heading(norm, s_start) else []  # a blank line ends what a heading heads
            lead_places, paragraph_start = list(headed), s_start
        mentions = [*lead_places, *mentions]
        if periods:
            carried_target = False
        if carried is not None and norm.startswith("全年", s_start):
            carried = _its_year(carried)  # 年末…。全年新增养老床位2860张,为4100户…: the year of the date before
        fallback = carried or (Period(str(default_year), "year", s_start, s_start, source="title")
                               if default_year else None)
        found, last = _sentence_observations(norm, text, s_start, s_end, in_sentence, periods, fallback,
                                             mentions, home, pub, now, carried_target, last, plan_article, cells,
                                             stated=result.observations)
        result.observations.extend(_of_towns(norm, found, paragraph_start, s_start, home))
        headed = _heading_place(norm, s_start, s_end, mentions, in_sentence, home) or headed
        lead_places = _lead_places(norm, s_start, s_end, mentions, lead_places,
                                   next((q.number_start for q in in_sentence if q.unit not in TIME_UNITS), s_end))
        governing = [p for p in periods if p.source not in CLAUSE_ONLY_PERIODS]
        governing = [p for p in governing if not _aside(p, [*governing, *filter(None, [fallback])], found)]
        if governing:
            carried = governing[-1]
        if ends_in_plan(norm, s_start, s_end):
            carried_target = True
        introduces = norm[s_start:s_end].rstrip().endswith(":")
        numbered = bool(ENUMERATOR.match(norm, s_start))  # 二、财务收支公开(2025年7月1日—9月30日)
        if (introduces or (periods or carried_target) and _heading_line(norm, s_start, s_end, in_sentence)) \
                and (listed is None or governing and _tagged(norm, governing[-1])):  # a date only from an
            # introduction's own words (截至9月底,今年各项实事进展顺利:), or a slide's next tag (【截至11月30日】)
            dated = carried is not None and (carried.kind == "year" or bool(governing) and (
                introduces or numbered or _tagged(norm, carried)))
            listed = (carried if dated else None, carried_target)
    result.programs = prog.find_programs(norm, home, pub, places)
    prog.link_items(result.programs, result.observations)
    return result


PLACE_HEADER = re.compile(r"\s*(?:其中:)?\s*")  # what a header may hold besides a place: 其中:禹城市


def _header_place(norm: str, mentions: list[Mention], start: int, end: int) -> str | None:
    """The region a table header's cell names alone (德州市 | 禹城市, 其中:禹城市): its column's."""
    inside = [m for m in mentions if start <= m.start and m.end <= end]
    if len(inside) != 1 or not PLACE_HEADER.fullmatch(norm[start:inside[0].start] + norm[inside[0].end:end]):
        return None
    return inside[0].code


def _of_towns(norm: str, found: list[Observation], paragraph_start: int, s_start: int,
              home: str | None) -> list[Observation]:
    """The figures about a named town (townships.town_of) under a provisional concept of that town's
    (思恩镇城镇新增就业456人: part of its county's, not the county's value)."""
    out = []
    for o in found:
        town = o.region == home and townships.town_of(norm, paragraph_start, s_start, o.end)
        if town and not o.indicator_label.startswith(town):
            label = town + o.indicator_label
            o = replace(o, indicator=provisional_indicator_slug(label, o.unit), indicator_label=label, provisional=True)
        out.append(o)
    return out


YEAR_REVIEW = re.compile(r"(\d{4})年度?[\u4e00-\u9fff]{0,12}(?:述职|总结|工作报告|履职报告)")


def _reviews_year_before(title: str | None, norm: str, pub: Published | None, year: int | None) -> bool:
    """Whether a January article reports on the year just ended by its title
    (库车市人民政府副市长2025年度述职报告): its 今年 is that year."""
    review = YEAR_REVIEW.search(title or first_line(norm))
    return bool(pub and pub.month == 1 and year == pub.year - 1 and review and int(review.group(1)) == year)


def _aside(period: Period, dating: list[Period], found: list[Observation]) -> bool:
    """An earlier time named after all of its sentence's statistics (`found`), which a later one (of
    `dating`, the sentence's and the one carried to it) dates (2026年,…;…支出安排405.3亿元,
    下降1.8%,主要是上年一次性专项债券资金支出较多。): it explains them and dates nothing
    the next sentence says."""
    return bool(found) and all(o.end <= period.start for o in found) \
        and any(p.start < period.start and p.iso.split("/")[0] > period.iso.split("/")[-1] for p in dating)


PART_OPENING = re.compile(r"[^\w\n]*其中")
FIGURE_LINE = re.compile(rf"(?m)^[ \t]*{HEADLINE_ITEM}?[ \t]*[\d.,]+"
                         r"(?:%|[^\W\d]{0,4})(?:[ \t]*[↑↓][\d.]+%)?[ \t]*(?:(\n)(?=[ \t]*(?:——|--|—))|(?:——|--)[ \t]*(\n))")

FIGURE_COLON = re.compile(rf"(?m)^[ \t]*(?:{HEADLINE_ITEM}|[①-⑳])?[ \t]*\d+(?:[.,]\d+)*(?![\d.,、年月日号时点])"
                          r"(?:%|[^\W\d]{0,4})(:)(?=[ \t]*[\u4e00-\u9fff])")
"""A figure that opens its line and a colon after it (⑯536部:既有住宅加装电梯): a 数说 headline."""


# an infographic's stacked figure: the number on a line of its own, its unit on the next unless
# it is a percentage, then the line naming it (38.6⏎亿元⏎民生实事项目完成投资, 104.2%⏎年度投资计划完成率),
# which may wrap onto one short line more (农村劳动力转移就⏎业, 每千人口拥有3岁以下⏎婴幼儿托位数)
STACKED_FIGURE = re.compile(r"(?m)^[ \t]*\d[\d.,]*(?:%|(\n)[ \t]*[^\W\d]{1,4}[ \t]*$)[ \t]*(\n)"
                            r"[ \t]*[\u4e00-\u9fff][^\n。;:!?|]*(?<![。;:!?])"
                            r"(?:(\n)(?=[ \t]*[\u4e00-\u9fff][^\d\n。;:!?|]{0,11}[ \t]*$))?")


def _figures_first(norm: str) -> str:
    """A figure on a line of its own, told by the dash line under it (8.12万人⏎——全年城镇新增就业人数,
    a 数说 post's layout) or ending in a dash over the line that tells it (一、3.6万——⏎这是…), or
    stacked over its unit and its name (STACKED_FIGURE), read as one sentence: the line breaks
    become spaces; so does the colon between a line's opening figure and its name (FIGURE_COLON)."""
    norm = FIGURE_LINE.sub(lambda m: m.group()[:m.start(m.lastindex) - m.start()] + " "
                           + m.group()[m.end(m.lastindex) - m.start():], norm)
    norm = FIGURE_COLON.sub(lambda m: m.group()[:-1] + " ", norm)
    if "\n" not in norm:
        return norm
    chars = None
    for found in STACKED_FIGURE.finditer(norm):
        chars = chars or list(norm)
        for group in (1, 2, 3):
            if found.start(group) >= 0:
                chars[found.start(group)] = " "
    return "".join(chars) if chars else norm


PROGRAM_NAME = re.compile(r"(?:[省市区县州盟旗]委|[省市区县州盟旗]?(?:人民)?政府|、)*(?:十件|十大|重点)?(?:民生实事|为民办实事|惠民实事)")


def _without_program_years(norm: str, periods: list[Period]) -> list[Period]:
    """A sentence's periods but a year that only names a programme after a time within
    it (9月份,…涉及2026年市委、市政府为民办实事项目的有1.86万件): the month dates the figure."""
    return [p for i, p in enumerate(periods)
            if not (i and p.kind == "year" and PROGRAM_NAME.match(norm, p.end) and periods[i - 1].iso.startswith(p.iso)
                    and periods[i - 1].iso != p.iso)]


def _lead_places(norm: str, s_start: int, s_end: int, mentions: list, lead: list[Mention],
                 first_figure: int) -> list[Mention]:
    """The place named before a colon whose list goes on past this sentence's ; (醴陵市今年
    表现亮眼:城镇新增就业6820人;新改建农村公路126公里;…), or the one such a list had; the one
    place a clause ending in ; opens with, before its first figure (松潘县新增养老床位80张;改造城镇
    老旧小区6个), or the one a clause before had, unless the region is named again (全州…) or
    other places are (其中临泉县改造31个;, 温岭市、临海市共…;, “乌—昌—石”区域…;); the
    places a numbered item opens with as a sentence of their own, for the rest of its
    paragraph (1.凯里市。新改建农村公路96公里; 4.榕江县、雷山县。两县…), and the place a numbered
    item's title opens with (1.同心县城镇老旧小区改造。年度计划14个)."""
    own = [m for m in mentions if s_start <= m.start and not m.scope_word]
    item = ENUMERATOR.match(norm, s_start)
    if item and own:
        rest = norm[item.end():s_end]
        for m in own:
            rest = rest.replace(norm[m.start:m.end], "", 1)
        if not rest.strip(" 。.、和及与\n"):
            return own
        if own[0].start == item.end() and HEADING.fullmatch(rest):
            return own[:1]  # 1.同心县城镇老旧小区改造。年度计划14个,…: the item is that county's
    if not norm[s_start:s_end].endswith(";"):
        return []
    colon = norm.find(":", s_start, s_end)
    if colon >= 0:
        heads = [m for m in own if m.end <= colon]
        return heads[-1:] if heads else lead
    if any(m.scope_word for m in mentions if s_start <= m.start and m.end <= first_figure):
        return []  # 全市发放…;: the clauses after it are the city's again
    heads = [m for m in own if m.end <= first_figure]
    if len(heads) == 1 and heads[0].code.isdigit():  # not an area of several cities (乌—昌—石)
        return heads
    return lead if not own else []


def _tagged(norm: str, period: Period) -> bool:
    """Whether a time is a slide's tag in black brackets (① 就业增收【1—11月】): it dates the bullets under it."""
    return norm[period.start - 1:period.start] == "【" and norm.startswith("】", period.end)


def _heading_place(norm: str, s_start: int, s_end: int, mentions: list[Mention], figures: list,
                   home: str | None) -> list[Mention]:
    """The one part of the article's region a heading line names (Ⅲ 县市亮点(一)墨玉县), or []:
    not a byline's paper (石榴云/新疆日报记者)."""
    own = [m for m in mentions if s_start <= m.start and not m.scope_word]
    if len(own) != 1 or home is None or not own[0].code.isdigit() or home not in regions.ancestors(own[0].code) \
            or not _heading_line(norm, s_start, s_end, figures):
        return []
    return own


def _heading_line(norm: str, s_start: int, s_end: int, figures: list) -> bool:
    """A short line of its own with no figure and no full stop, such as
    "📌 2025年目标任务": the time and plan it names go to the lines right under it. A time tag in
    black brackets does not count to its length."""
    line = norm[s_start:s_end].strip()
    untagged = re.sub(r"【[^】]{1,16}】", "", line)  # a slide's time tag: 分项进展 ③ 养老托育与住房【截至11月30日】
    return all(q.unit in TIME_UNITS for q in figures) and 2 <= len(line) and len(untagged) <= 24 \
        and not re.search(r"[。,;!?]", line) \
        and norm.startswith("\n", s_end) and not norm.startswith("\n\n", s_end)


TIMECODE = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?(?=[ \t]|$)", re.M)


def _bulleted(norm: str, s_start: int) -> bool:
    """Whether a line opens with a symbol as its bullet (📍, ✅, ☎️), or with the time
    code of a subtitle or live-text line (00:01:29 今年全市新增…)."""
    return unicodedata.category(norm[s_start]) == "So" or bool(TIMECODE.match(norm, s_start))


def _under_heading(norm: str, s_start: int) -> bool:
    """Whether a paragraph follows the line before it with no blank line between
    (indented or not)."""
    line_start = s_start
    while line_start > 0 and norm[line_start - 1] in " \t\u3000":
        line_start -= 1
    return line_start > 0 and norm[line_start - 1] == "\n" and norm[line_start - 2:line_start - 1] != "\n"


HEADING = re.compile(r"(?:第\d{1,2}项)?[^\d,;:。]{2,20}(?:。|:|$)")  # (一)第3项“城镇新增就业”。: its number is no figure


def _heading(norm: str, s_start: int, s_end: int, item) -> tuple:
    """A numbered paragraph's heading (一、城镇新增就业。) as the recent indicator its
    figures elide (目标任务2.8万人), or nothing."""
    if not item or not HEADING.fullmatch(norm, item.end(), s_end):
        return ()
    match = ind.match_before(norm, item.end(), s_end)
    indicator = scheme.load().by_slug.get(match.slug) if match else None
    return ((match, indicator.unit),) if indicator else ()


BYLINE = re.compile(r"记者|通讯员|报讯|来源|编辑|日报|新闻网|融媒")  # 石榴云/新疆日报记者 张婷: no headline


def _headline_home(title: str | None, norm: str) -> str | None:
    """The region the title (else the text's first line, unless a byline) is about,
    if the rest of the text names it too."""
    opening = first_line(norm)
    for headline in (normal_form(title) if title else "", "" if BYLINE.search(opening) else opening):
        if headline.strip():
            body = norm.replace(headline, "")
            main = HEADLINE_PARTS.split(headline.strip(), 1)[0]
            home = main != headline.strip() and home_of(main, body) or home_of(headline, body)
            if home:
                return home
    return None


HEADLINE_PARTS = re.compile(r"[ \t]+|——|\|")  # 福州去年民生支出812亿 长乐区托育…: a title, then what it adds


COMPARED_YEAR = re.compile(r"[比较]\d{4}年")
COMPARED_WITH = re.compile(r"(?:末|底)?(?:相比|相较|比较|同期相比|同期|增加|增长|提高|下降|减少|降低|多|少|翻|加快|放缓|回落|收窄)")


def _looked_back_on(periods: list[Period], pub: Published | None) -> int | None:
    """The year before publication, when an article of the first quarter is dated
    first by it (过去一年,… in a January work report): it dates undated figures."""
    first = next((p for p in periods if p.kind == "year"), None)
    if pub and pub.month and pub.month <= 3 and first is not None and first.iso == str(pub.year - 1):
        return pub.year - 1
    return None


COMPARABLE = {"year", "last_year", "last_year_end", "part", "year_end", "short_year", "short_year_end"}
CHANGED_FROM = re.compile(r"(?:同期|底|末)?的?[\d〇一二两三四五六七八九十]")


def _compared_with(norm: str, period: Period) -> bool:
    """A year named as the base of a comparison (与2021年相比, 较2021年同期, 较去年同期增加)
    or of a change (由上年同期的78.1%提高到79.3%): the figures around it are about another
    period, and a change's before shares its after's. Not a year whose change names the
    year it led to: that change spans the years between (_change_spans)."""
    lead = norm[period.start - 1:period.start]
    if lead in ("由", "从") and period.source in ("year", "last_year", "now"):
        if period.source == "year" and CHANGED_TO_YEAR.match(norm, period.end):
            return False
        return bool(CHANGED_FROM.match(norm, period.end))  # 由目前的76%提高到80%: the change's period
    return period.source in COMPARABLE and lead in ("与", "较", "和", "同", "比") \
        and bool(COMPARED_WITH.match(norm, period.end))


CHANGED_TO_YEAR = re.compile(r"的[^,;。]{1,30}?(?:增加|提高|提升|增长|上升|下降|降低|减少|扩大|缩小|降|升)(?:到|至)"
                             r"(\d{4}年|今年|本年)的")


def _change_spans(norm: str, periods: list[Period]) -> list[Period]:
    """A change from one year's level to a later year's (从2020年的42942元增加到2025年的5.63万元)
    dates both figures by the years between: one period, 2021/2025, where the two years stood.
    The later year dates what its sentence says after the change (…降至2025年的26微克/立方米,
    空气质量优良天数比例达到86.8%), and is no target's horizon (到2025年)."""
    spans: dict[int, Period] = {}
    for period in periods:
        led = norm[period.start - 1:period.start] in ("由", "从") and period.source == "year"
        to = led and CHANGED_TO_YEAR.match(norm, period.end)
        later = to and next((p for p in periods if p.kind == "year" and p.start in (to.start(1) - 1, to.start(1))),
                            None)  # 到2025年 starts at 到, 今年 at 今
        year = later and later.iso
        if year and int(year) > int(period.iso):  # 到2025年的, 到今年的
            spans[period.start] = replace(period, iso=f"{int(period.iso) + 1}/{year}", kind="interval",
                                          source="change_span")
            after = PUNCTUATION.search(norm, to.end())
            at = after.start() if after and after.group() in ",;" else None
            spans[later.start] = at and Period(year, "year", at, at + 1, source="year")  # 到2025年
    return sorted((spans.get(p.start, p) for p in periods if spans.get(p.start, p)), key=lambda p: p.start)


PUNCTUATION = re.compile(r"[,;。!?\n]")


NTH_TIME = re.compile(r"的?第[一二三四五六七八九十\d]+次")


def _clause_only(norm: str, period: Period) -> Period:
    """Periods that date their own clause only: 去年同期 (…8.36万人,去年同期为7.92万人), a
    comparison's figure; a span counting occurrences (这已是2018年以来第七次上调), an aside."""
    if period.source == "last_year" and norm.startswith("同期", period.end):
        return replace(period, source="same_time_last_year")
    if period.kind == "interval" and NTH_TIME.match(norm, period.end):
        return replace(period, source="nth_time")
    return period


def _starting_in(items: list, start: int, end: int, key) -> list:
    """The items (sorted by `key`, a position) from `start` to before `end`."""
    return items[bisect_left(items, start, key=key):bisect_left(items, end, key=key)]


def _sentence_observations(norm, text, s_start, s_end, quantities, periods, carried, mentions,
                           home, pub, now, carried_target, previous, plan_article=False, cells=None, stated=()):
    """The observations of one sentence (or table row: `cells`), and the recent
    (indicator, unit) pairs; `stated` are the article's before it."""
    observations: list[Observation] = []
    previous_end = s_start
    pending_before: Quantity | None = None  # the first figure of a change (由4.1人提高到4.6人), and where its words begin
    pending_window = s_start
    for index, quantity in enumerate(quantities):
        previous_figure_end = quantities[index - 1].end if index else s_start
        window_start = max(previous_end, clause_start(norm, s_start, quantity.number_start))
        compared = quantity.start and COMPARED_YEAR.match(norm, quantity.start - 1)
        if not any(p.start <= quantity.number_start < p.end for p in periods):  # 其中2023年28所: the year is
            previous_end = window_start if compared else quantity.end  # its words; 收入比2020年翻了一番: they go on
        if is_decoy(norm, quantity, periods, s_start) \
                or _criterion(norm, quantity, quantities[index - 1] if index else None):
            continue
        later = [q for q in quantities[index + 1:index + 3] if q.unit != "YR"]  # not 到2025年的 of a change
        nxt = later[0] if later else None
        if any(is_change(norm, quantity, q) for q in later):  # also past an aside (约合港币950元)
            pending_before, pending_window = quantity, window_start
            continue
        column = cells.column_at(quantity.number_start) if cells else None
        of_plan = _share_of_plan(norm, s_start, quantity, quantities[index - 1] if index else None, previous)
        if column is not None and column.gives_unit(norm, quantity):
            match = _header_measure(norm, previous, s_start, cells, column, quantity, mentions)
        elif of_plan is not None:
            match = of_plan
        elif (people := _people_of_households(norm, s_start, quantity, quantities[index - 1] if index else None,
                                              previous)) is not None:
            match = people
        elif (listing := _respective_labels(norm, s_start, quantity, quantities)) is not None:
            labels, nth, list_start = listing  # the last label is the nearest before the list, as for one figure
            match = labels[nth] if nth < len(labels) - 1 else \
                _indicator(norm, s_start, s_end, list_start, quantity, None, previous,
                           [m for m in mentions if list_start <= m.start and m.end <= quantity.number_start], nxt)
        else:
            match = _indicator(norm, s_start, s_end, window_start, quantity, pending_before, previous,
                               [m for m in mentions if window_start <= m.start and m.end <= quantity.number_start],
                               nxt)
        if match is None and column is not None and column.rate:
            match = _completion_rate(previous, s_start, quantity)
        if match is None:
            continue
        density = density_of(norm, pending_window if pending_before else window_start, pending_before or quantity,
                             match)
        if density is not None:  # 每万人口全科医生数4.1人: 0.41 per thousand
            match = density.match
        previous = (previous + ((match, quantity.unit),))[-6:]
        if quantity.unit == "percentage-point" and not match.provisional:
            previous = (previous + ((match, "PERCENT"),))[-6:]  # …下降0.3个百分点,降至2.8%: the rate
            match = _difference(norm, quantity, match)
        if is_anecdote(norm, s_start, quantity, mentions, periods):
            continue
        listed = respectively(norm, quantity, quantities, mentions) or (column and column.region)
        region = listed or region_of(norm, s_start, quantity, mentions, home)
        period = _period(periods, carried, quantity, clause_start(norm, s_start, quantity.number_start),
                         clause_end(norm, quantity.end, s_end), now)
        if region is None or period is None:
            continue
        period = _respective_year(norm, s_start, quantity, quantities, periods) or period
        if of_plan is None:
            period = _whole_year(norm, s_start, quantity, period, previous_figure_end)
        period = _accumulated_to(norm, quantity, period, match, periods, pub)
        status = status_of(norm, s_start, s_end, quantity, period, pub, now,
                         plan_article or (carried_target and not periods))
        measured = of_plan and next((o for o in reversed(observations) if o.end <= of_plan.start), None)
        if measured:  # a share of the plan: of what it measures, as done as it and at its time
            status = measured.status
        elif _plan_words(norm, window_start, quantity) and unit_family(quantity.unit) != "share":
            status = "target"  # (全年计划1.4万人)
        period = _look_back(period, status, pub)
        if status == "target" and BRACKETED_TARGET.search(norm, max(s_start, quantity.number_start - 12),
                                                          quantity.number_start):
            period = _its_year(period)  # 1-11月新增就业1.36万人(目标1.2万): the year's target
        if column is not None:
            status, period = _in_column(column, status, period, cells.row_label(norm, quantity.number_start))
        for place in (None if listed else each_place(norm, quantity, mentions)) or [region]:
            for each in _shared(norm, window_start, quantity, match):
                for q, st in ((pending_before, "before"), (quantity, status)):
                    if q is not None:
                        q = per_thousand(q, density) if density is not None else q
                        found = _observation(text, q, each, place, period, st, s_start, s_end)
                        if measured:
                            found = replace(found, period=measured.period, period_kind=measured.period_kind)
                        observations.append(_restated(found, stated) if period.source == UNDATED else found)
        pending_before = None
    return observations, previous


COUNTED = ("个", "家", "所", "处", "项")
BOUND = {"at-least", "at-most", "more-than", "less-than"}


def _criterion(norm: str, q: Quantity, counted: Quantity | None) -> bool:
    """A bound that says which of the things just counted are meant (有8个日均就餐不足20人次,
    11个子项目进度滞后序时20个百分点以上): a criterion, not a figure."""
    return counted is not None and counted.surface_unit in COUNTED and q.qualifier in BOUND \
        and bool(re.fullmatch(r"[^\W\d的之]{1,10}", norm[counted.end:q.start])) \
        and not ONE_PLACE_ALONE.match(norm, counted.number_start)  # not 36个嘎查的2100余户牧民, 一个区就


ONE_PLACE_ALONE = re.compile(r"一个[区县市旗镇乡村街]就")  # 安宁区一个区就改了40多个: what that place alone did


BUILD_VERBS = re.compile(r"新建|建成|建设|改建|新增|打造")
GROWTH_WORDS = re.compile(r"^(?:\d{4}(?:[—\-~至到]\d{4})?年(?:度)?)?(?:规划|预期)?(?:目标)?(?:为|是)?(?:年均|年平均)?"
                          r"(?:同比|比上年|较上年)?(?:预期|预计)?(?:增长|增速|下降|提高|降低|↑|↓)$")
"""Words between a level and a rate that make the rate its growth: 同比增长, a post's ↑, and a span's
average growth (2021—2023年年均增长, 2021—2025年规划目标为年均增长)."""


WAITING = re.compile(r"时限|时间|用时|周期")  # 办理时限由5个工作日压缩至1个: how long a service takes (E4)


def _indicator(norm, s_start, s_end, window_start, q: Quantity, pending_before, previous, named,
               following: Quantity | None = None):
    """The indicator of a quantity, or None when it is not a statistic (`following`: the
    next figure of the sentence)."""
    small_chinese = not norm[q.number_start].isdigit() and q.value < 10 and q.unit == "count"
    if norm[q.number_start] == "一" and not norm[q.number_start + 1:q.number_start + 2] in "十百千万亿" \
            and q.unit != "PERCENT" and not BUILD_VERBS.search(norm[q.number_start - 2:q.number_start]):
        return None  # 一个, 一所: an article; not 一成, 一半
    if norm[q.number_start] == "一":
        small_chinese = False  # 新建一所特殊教育学校
    window = norm[window_start:q.number_start]
    for mention in named:  # 疏附县完成320户: the county is no wording of the indicator
        window = window.replace(norm[mention.start:mention.end], ",")
    counts_regions = bool(SUBDIVISION_WORDS.match(norm, q.end))
    match = ind.match_before(norm, window_start, q.number_start)
    if q.surface_unit == DOUBLING:
        return _doubled(match or ind.provisional(norm, window_start, q.number_start))
    if match is not None and previous and match.start == window_start \
            and clause_start(norm, s_start, q.number_start) < window_start \
            and re.search(r"[、和及]", norm[match.end:q.number_start]):
        match = None  # the previous number's noun (120个老旧小区、3330栋住宅楼)
    plan_words = _plan_words(norm, window_start, q) if match is None and unit_family(q.unit) != "share" else None
    if plan_words:
        match = _planned(previous, s_start, q, plan_words)
    if match is None and pending_before is not None:  # a change is named before its first figure
        before_start = clause_start(norm, s_start, pending_before.number_start)
        if before_start > s_start and norm[before_start - 1] == ":":  # 城市低保标准:每人每月780元→810元
            before_start = clause_start(norm, s_start, before_start - 1)
        named = ind.match_before(norm, before_start, pending_before.number_start)
        if named is not None and q.unit and not _compatible(q.unit, named.slug) and not _funds_of(q, named):
            named = None  # 初中生 (a boarding subsidy) of 初中生师比由12.9:1降至12.4:1
        if named is None and PLAN_ONLY.fullmatch(norm, before_start, pending_before.start) and previous:
            named = _elided(norm, norm[before_start:pending_before.number_start], pending_before, previous,
                            s_start, s_end)  # (一)城镇新增就业。原定年度目标4.5万人,调整为5万人
        match = named or (None if q.unit in TIME_UNITS and WAITING.search(norm, before_start, pending_before.start)
                          else ind.provisional(norm, before_start, pending_before.start))
    if match is not None and q.unit and not _compatible(q.unit, match.slug):
        match = _growth_of(norm, q, match) or _funds_of(q, match) or match
    if q.unit and (match is None or not _compatible(q.unit, match.slug)
                   or ind.JOINT.match(norm, max(0, match.start - 3))):  # 城市、[农村低保标准]
        split = ind.urban_or_rural(norm, s_start, q.number_start, partial(_compatible, q.unit))
        if split is not None:
            return split
    if match is None and not small_chinese and not counts_regions:
        end_of_clause = clause_end(norm, q.end, s_end)
        match = (ind.match_gapped(norm, window_start, q.number_start)
                 or ind.match_split(norm, window_start, q.number_start, q.end, end_of_clause)
                 or ind.match_after(norm, q.end, _own_words_end(norm, q, following, end_of_clause)))
    if match is None and previous and not counts_regions:  # 为20个县(市、区)…: counties, no elided figure
        match = _elided(norm, window, q, previous, s_start, s_end, of_place=bool(named))
    if match is None and not small_chinese and (not previous or previous[-1][0].start < s_start):
        match = ind.match_before(norm, s_start, q.number_start)
    if match is not None and q.unit and not _compatible(q.unit, match.slug):
        match = _growth_of(norm, q, match) or match  # the sentence's level before a span (…:2021—2023年年均增长5.1%)
    if not q.unit:
        return match if match is not None and not match.provisional else None
    if match is not None and (not _compatible(q.unit, match.slug) or _joined_kind(norm, window_start, match, q)):
        match = None
    if match is not None and (other := ind.of_another_kind(norm, match)):
        return other  # 护理型床位: no hospital beds
    if match is not None:
        clause = re.sub(r"\([^)]*\)", "", norm[clause_start(norm, s_start, q.number_start):
                                                  clause_end(norm, q.end, s_end)])
        before = norm[s_start:q.number_start]
        refined = _refine(match, window, clause, q.unit, before, elided=match.start < window_start)
        match = _added_to_stock(norm, ind.narrowed(refined, before))
        if _part_of_last(norm, s_start, q, match, previous, named):
            return ind.provisional(norm, window_start, q.number_start) or match
        return match
    if small_chinese or q.unit in TIME_UNITS and not (q.surface_unit == "岁" and CHANGE_WORD.search(window)):
        return None  # a duration; but a lifespan's change (人均预期寿命…,比上年提高0.21岁) is a figure
    label_start = window_start
    for mention in named:  # 那曲市投入民生领域资金: the place the phrase opens with is no part of its name
        if not norm[label_start:mention.start].strip(" ,、:;"):
            label_start = mention.end
    found = _sub_row(norm, s_start, q) or ind.provisional(norm, label_start, q.number_start) \
        or ind.provisional_after(norm, q.end, _own_words_end(norm, q, following, clause_end(norm, q.end, s_end))) \
        or _share_of_last(norm, label_start, q, previous, s_start) \
        or _row_label(norm, s_start, window_start, q)
    completed = COMPLETED.fullmatch(norm, label_start, q.number_start) if found is None and q.unit == "PERCENT" else None
    if completed:  # …上半年新增转移就业9120人,完成60.8%: the completion rate of the figure before
        base = _last_in_sentence(previous, s_start)
        found = base and ind.provisional_named(f"{base}完成率", completed.start(1), q.number_start)
    related = _relative_to_last(found, previous, s_start)
    if in_quotation(norm, s_start, q) and related is found:
        return None  # in direct speech, only a figure relative to a statistic before it (…,完成全年目标的百分之六十三)
    return related


def _row_label(norm: str, s_start: int, window_start: int, q: Quantity):
    """The provisional concept a row's label before its colon names, for a figure
    whose own words name none (村干部报酬:伍万陆仟元, 收入合计:人民币…), or the clause
    before a comma names, for a figure that is all of its own clause (parallel prose:
    电子商务销售额,二百六十亿元;)."""
    colon = window_start - 1
    if colon <= s_start or norm[colon] not in ":,":
        return None
    label_start = max(s_start, norm.rfind(",", 0, colon) + 1)
    if norm[colon] == "," and not (window_start == q.start and PARALLEL_LABEL.fullmatch(norm, label_start, colon)
                                   and PUNCTUATION.match(norm, q.end)):
        return None
    return ind.provisional(norm, label_start, colon)


PARALLEL_LABEL = re.compile(r"(?![^,]*[〇零一二两三四五六七八九十百千万亿]{2})[\u4e00-\u9fff]{3,14}(?<![年月日前后时来间内中上下])")
"""A noun phrase without a figure of its own, not 今年 or 目前."""


SUB_ROW = re.compile(r"[ \t]*(?:#|其中:)[ \t]*([\u4e00-\u9fff]{2,10})")  # a table's 其中项: #城镇居民(元) | 68470
ROW_LABEL = re.compile(r"[ \t]*([\u4e00-\u9fff]{2,24})")


def _sub_row(norm: str, s_start: int, q: Quantity):
    """The indicator of a figure in a table's sub-row (#城镇居民, 其中:农村居民), named by the
    sub-row's words and the end of the label of the row above it that it is part of
    (全体居民人均可支配收入 above #城镇居民: 城镇居民人均可支配收入), if the scheme has it."""
    line_start = norm.rfind("\n", 0, s_start) + 1
    sub = SUB_ROW.match(norm, line_start)
    if sub is None or sub.end() > q.number_start:
        return None
    parent_start = line_start
    while parent_start > 0:
        parent_start = norm.rfind("\n", 0, parent_start - 1) + 1
        if not SUB_ROW.match(norm, parent_start):
            break
    parent_end = norm.find("\n", parent_start)  # above the sub-row's line: it ends before it
    parent = ROW_LABEL.match(norm, parent_start, parent_end) if parent_start < line_start else None
    if parent is None or not CELL_BREAK.search(norm, parent.end(), parent_end):
        return None
    child, label = sub.group(1), parent.group(1)
    for k in range(1, len(label) - 1):
        named = _joined_label(child, label[k:], q.unit, inside=len(child))
        if named is not None:
            return ind.IndicatorMatch(named.slug, named.label, sub.start(1), sub.end(1))
    return None


def _own_words_end(norm: str, q: Quantity, following: Quantity | None, end: int) -> int:
    """Where the words that can name a figure after it end (`end`, its clause's): at the
    next figure when a noun of its own follows its unit (三十六个嘎查的2100余户牧民、近20万头
    牲畜: 牲畜 is the last figure's), unless the next figure counts the same noun and
    the words after it are the list's (地区本级88个事项、县(市)层面123个事项“跨省通办”)."""
    if following is None or following.start >= end or not OWN_NOUN.match(norm, q.end):
        return end
    return end if norm.startswith(norm[q.end:q.end + 2], following.end) else following.start


OWN_NOUN = re.compile(r"[\u4e00-\u9fff](?<![的和与及等])")  # what a number counts, named right after its unit
CHANGE_WORD = re.compile(r"提高|提升|增加|增长|上升|下降|降低|减少|回落|扩大|缩小")


def _difference(norm: str, q: Quantity, match):
    """A figure in percentage points is a change of the rate, not the rate: 城镇登记失业率
    下降0.3个百分点 is the provisional 城镇登记失业率下降, named after the rate and its verb."""
    change = CHANGE_WORD.search(norm, match.end, q.number_start) if match.end <= q.number_start else None
    return _renamed(match, _label(match) + (change.group() if change else "变化"))


def _doubled(match):
    """A growth told in doublings (养老床位总数翻了一番) is the growth of what doubled, most
    often over several years, so no yearly -growth indicator: a provisional X增长."""
    return None if match is None else _renamed(match, _label(match) + "增长")


def _renamed(match, label: str):
    """The match as the provisional concept `label`."""
    return replace(match, slug=provisional_indicator_slug(label), label=label, provisional=True)


COMPLETED = re.compile(r"[ ,]*((?:已|共|累计)?完成了?)")  # a figure's only words: a rate of what was just counted
RELATIVE_LABEL = re.compile(r"(?:完成|为|占)?(?:全年|年度)?(?:投资)?(?:目标|任务|计划)+(?:投资)?的?"
                            r"|(?:同比|比上年|较上年)?(?:增长|增加|下降|提高|降低|减少)")


def _relative_to_last(match, previous, s_start):
    """A provisional label that only relates the figure to the one before it in its
    sentence (完成全年目标的71%, 同比增长6.2%) named after that one's indicator:
    城镇新增就业全年目标完成率, 低保资金同比增长; the scheme's growth indicator if it has one
    (地区生产总值完成486.3亿元、增长6.1%: gdp-growth-rate)."""
    base = _last_in_sentence(previous, s_start)
    if match is None or base is None or not RELATIVE_LABEL.fullmatch(match.label):
        return match
    words = re.sub(r"^(?:完成|为|占)|的$", "", match.label)
    growth = _growth(previous[-1][0].slug, words)
    if growth:
        return ind.IndicatorMatch(growth.slug, growth.label_zh, match.start, match.end)
    return _renamed(match, f"{base}{words}完成率" if re.search(r"目标|任务|计划", words) else f"{base}{words}")


PLAN_ONLY = re.compile(r"(?:原定|原计划|原)(?:全年|年度)?(?:目标|任务|计划)*[\u4e00-\u9fff]{0,2}")
"""A revised target's old words, which name nothing but a plan's work (原定年度目标, 原计划全年加装)."""

PLAN_WORDS = re.compile(r"(?:完成|占|为)?((?:全年|年度)(?:投资)?(?:目标|任务|计划)+(?:投资)?)\(?")  # 年度目标(14万人)


def _plan_words(norm: str, window_start: int, q: Quantity):
    """The words right before a figure that make it the year's plan (全年计划1.4万人,
    占年度计划投资12.4亿元), if they do."""
    start = max(window_start, q.number_start - 12)
    return next((m for m in PLAN_WORDS.finditer(norm, start, q.number_start)
                 if not norm[m.end():q.number_start].strip()), None)  # 年度目标 35 亿元: spaced figures too


def _planned(previous, s_start: int, q: Quantity, words):
    """A plan's figure named by its plan words only (…1.63万人,完成年度目标的116.4%(全年计划1.4万人)):
    the target of the figure before it in its sentence that counts in its unit, quoted from the words."""
    base = next((m for m, unit in reversed(previous)
                 if m.start >= s_start and unit_family(unit) == unit_family(q.unit)), None)
    return base and replace(base, start=words.start(1), end=words.end(1))


def _share_of_plan(norm: str, s_start: int, q: Quantity, plan: Quantity | None, previous):
    """A share of the plan's figure just named (完成投资14.92亿元,占年度计划投资25.6亿元的58.3%):
    the completion rate of what the sentence counted before the plan, named after it."""
    if plan is None or q.unit != "PERCENT" or norm[plan.end:q.number_start].replace(" ", "") not in ("的", ")的"):
        return None
    words = _plan_words(norm, clause_start(norm, s_start, plan.number_start), plan)
    base = words and next((m for m, _ in reversed(previous) if s_start <= m.start < words.start()), None)
    if not base:
        return None
    label = _named_after(base) + re.sub(r"^(?:完成|为|占)|\($", "", words.group()) + "完成率"
    return ind.provisional_named(label, words.start(), words.end())


HOUSEHOLDS_THEN_PEOPLE = re.compile(r"[、,]?")  # 搬迁1.14万户、5.36万人, 低保户23户41人


def _people_of_households(norm: str, s_start: int, q: Quantity, households: Quantity | None, previous):
    """The people of the households counted just before (安置搬迁群众1126户4138人): the indicator of
    those words that counts people, else the households' own name counted in people (低保人数)."""
    if households is None or (households.unit, q.unit) != ("household", "person") or not previous \
            or previous[-1][1] != "household" or previous[-1][0].start < s_start \
            or not HOUSEHOLDS_THEN_PEOPLE.fullmatch(norm, households.end, q.start):
        return None
    base = previous[-1][0]
    named = ind.match_before(norm, base.start, households.number_start)
    if named is not None and not named.provisional and _compatible(q.unit, named.slug):
        return named
    label = re.sub(r"(?:户数|户)$", "", _named_after(base)) + "人数"
    return ind.provisional_named(label, base.start, base.end)


def _share_of_last(norm: str, label_start: int, q: Quantity, previous, s_start: int):
    """A bare 占 and a percentage after a figure (电话渠道受理29.1万件,占75.4%): that figure's share."""
    base = q.unit == "PERCENT" and norm[label_start:q.number_start].strip(" ,") == "占" \
        and _last_in_sentence(previous, s_start)
    if not base:
        return None
    label = base + "占比"
    return ind.provisional_named(label, q.number_start - 1, q.number_start)


def _last_in_sentence(previous, s_start: int) -> str | None:
    """The name of the indicator of the figure before, if it is in this sentence
    (城镇新增就业, from 城镇新增就业人数): what a figure relative to it is named after."""
    if not previous or previous[-1][0].start < s_start:
        return None
    return _named_after(previous[-1][0])


def _named_after(match) -> str:
    """What a figure's indicator counts, the name of figures relative to it: 城镇新增就业
    (from 城镇新增就业人数)."""
    return re.sub(r"(?:人数|个数|数)$", "", _label(match))


JOINED_KIND = re.compile(r"[\u4e00-\u9fff](?:学|学校|园|院|站|中心|室|馆|所)[、和及与]$|(?:中小学|小学|中学|学校)$")


def _joined_kind(norm: str, window_start: int, match, q: Quantity) -> bool:
    """Whether the number counts two kinds of facility together, the label's and one
    joined to it (新建改扩建中小学、幼儿园8所, 中小学幼儿园12所): a combined count, not the label's."""
    return match.end <= q.number_start and not re.search(r"均|都", norm[match.end:q.number_start]) \
        and bool(JOINED_KIND.search(norm[window_start:match.start]))


def _part_of_last(norm: str, s_start: int, q: Quantity, match, previous, named) -> bool:
    """Whether the figure is a part (其中…) of the one before it in its sentence, of
    the same indicator and place: 开展职业技能培训6万人次,其中新就业形态劳动者技能培训
    5000人次. A part is a sub-total, not the indicator's value."""
    return bool(previous) and previous[-1][0].start >= s_start and previous[-1][0].slug == match.slug \
        and not named and "其中" in norm[clause_start(norm, s_start, q.number_start):q.number_start]


def _growth_of(norm: str, q: Quantity, match):
    """The growth indicator of a level named just before a rate of change
    (居民人均可支配收入同比增长5.3% -> its -growth indicator), if the scheme has one."""
    growth = _growth(match.slug, norm[match.end:q.number_start].strip(" ,:")) if match.end <= q.number_start else None
    return growth and ind.IndicatorMatch(growth.slug, match.label, match.start, match.end)


def _funds_of(q: Quantity, match):
    """The money spent on what a label names, where a sum follows it (城镇老旧小区改造
    1,260万元 -> 老旧小区改造资金), if the scheme has it."""
    if unit_family(q.unit) != "money":
        return None
    for suffix in FUNDS_WORDS:
        funds = _joined_label(match.label, suffix, q.unit, inside=2)  # not the bare 投资 or 资金 of the suffix
        if funds is not None:
            return ind.IndicatorMatch(funds.slug, funds.label, match.start, match.end)
    return None


FUNDS_WORDS = ("资金", "投资")


def _joined_label(base: str, tail: str, unit: str, inside: int = 1):
    """The scheme's label that ends the words `base` + `tail` and takes at least `inside`
    characters of `base`, if its indicator fits `unit` (城镇老旧小区改造 + 资金: 老旧小区改造资金)."""
    words = base + tail
    named = ind.match_before(words, 0, len(words))
    if named is not None and named.end == len(words) and named.start <= len(base) - inside \
            and _compatible(unit, named.slug):
        return named
    return None


def _growth(slug: str, words: str):
    """The scheme's growth indicator of `slug`, if `words` say a growth (同比增长, 预期增长)."""
    by_slug = scheme.load().by_slug
    growth = by_slug.get(slug + "-growth") or by_slug.get(slug + "-growth-rate")  # gdp-growth-rate
    return growth if growth and GROWTH_WORDS.match(words) else None


def _elided(norm, window: str, q: Quantity, previous, s_start, s_end, of_place: bool = False):
    """Reuse a recent indicator of the paragraph (or its heading) where the wording is elided:
    "…95%以上,2019年达98.45%", "改造10个小区" after "改造城镇老旧小区11个",
    "其中,疏附县完成320户" after "全地区完成危房改造1650户", "目标任务2.8万人" after
    the heading "一、城镇新增就业。"; `of_place`: the window named a place (…、九龙坡区38个)."""
    growth = _growth(previous[-1][0].slug, re.sub(r"[,\s]", "", window))
    if growth:
        return ind.IndicatorMatch(growth.slug, growth.label_zh, q.number_start - len(window), q.number_start)
    if not any(m.start >= s_start and unit_family(unit) == unit_family(q.unit) for m, unit in previous):
        own = ind.match_before(norm, s_start, q.number_start)  # 养老床位总数翻了一番,达到1.52万张
        if own is not None:
            return own
    same = [m for m, unit in previous if unit == q.unit and m.start >= s_start] or \
        [m for m, unit in previous if unit == q.unit] or \
        [m for m, unit in previous if unit_family(unit) == unit_family(q.unit)]
    if not same:
        return None
    last = same[-1]
    own_words = window[:len(window) - (q.number_start - q.start)]  # not its qualifier (均超过2亿元)
    own_words = re.sub(r"\d{4}[—\-~至到]\d{4}年", "", own_words)  # a span: when, not what
    if last.slug.endswith(GROWTH_SLUGS):
        own_words = re.sub(r"(?:年均|年平均|同比)?(?:增长|增速)", "", own_words)  # …年均增长6.5%,2021—2023年年均增长5.1%
    # a compared region's value, its name a comma here: 低于全省的6.5张, 全省这一比重为75.8%
    bare = re.sub(r"(?:高于|低于)?,(?:(?:平均水平|平均)?[的(]|这一(?:比重|比例|指标))|"
                  r"\d{4}年|[^\w]|其中|分县来看|分别|依次|达到|达|为|是|则|也|仍|均|各|共|累计|和|及|与|在|目前|现已|已经|已|"
                  r"改造|完成了|完成|实现|新建|建成|落实|安排|投入|发放|实施|开展|新增|培训|建设|建|"
                  r"实际|开工|完工|竣工|原定|原计划|年度目标|年度计划|目标任务|目标|全年|降至|增至|提高到|提高至|下降到|"
                  r"计划|规划|力争|确保|争取|预计|拟|还将|将|再|"  # 明年计划再改造1500套: the plan of the same work
                  r"(?:截至|截止)?(?:\d{1,2}月(?:\d{1,2}日|底|末|上旬|中旬|下旬)?|\d{1,2}日|上半年|前三季度|今年|明年|年内|年底)",
                  "", own_words)
    if len(bare) >= 2 and bare in last.label and not CHANGE_WORD.search(bare):
        bare = ""  # 明年计划体检13万人 after 健康体检: the work's own word
    after = re.match(r"(?![和及与])[\u4e00-\u9fff]{2,6}", norm[q.end:s_end])  # not 和全国的7.2张: a next figure
    if after:  # wording after the number: its own, unless it repeats the last one's (改造10个小区)
        return last if after.group() in last.label else None
    if bare or (not window.strip(" ,、") and not of_place and not CELL_BREAK.search(window)
                and listed_from(norm, s_start, q.number_start) < 0):
        return None  # a bare 、 elides nothing, except after a place (其中渝北区42个、九龙坡区38个),
        # in a 分别 list (…分别完成320套、280套和210套) or in a table row
    if STAGE.search(window) and sum(m.slug == last.slug and m.start >= s_start for m, _ in previous) >= 2:
        return None  # 改造老旧小区120个,已开工98个,完工41个: a third stage is not the count again
    if last.start >= s_start and norm.startswith(last.label, last.start) \
            and re.search(r"\d", norm[last.end:q.number_start]):
        return last  # the quote runs from the sentence's wording, before its first figure (…95%以上,2019年达98.45%)
    stands_for = window.lstrip(" ,、;:")  # another sentence's: what stands for it starts the quote
    return replace(last, start=q.number_start - len(stands_for), end=q.number_start)


GROWTH_SLUGS = ("-growth", "-growth-rate")
STAGE = re.compile(r"开工|完工|竣工|投用|投入使用|交付")  # the stages of a building programme


def _refine(match, window: str, clause: str, unit: str, before: str, elided: bool = False):
    """A generic label made specific by its sentence (投资 + 老旧小区 -> 老旧小区改造投资),
    a stock named with a building verb made its flow (新建…日间照料中心 -> …-built), and
    a flow counted to date made its stock (累计建成老年食堂 -> senior-canteens, but not
    over a span: 2019年以来累计建成 stays the flow, nor as the progress of a figure
    before it, `elided`: 计划新建…20个,已建成18个; `before` is the sentence up to the number)."""
    specific = _specific(match, clause, before, unit)
    if specific is not None:
        return specific
    built = scheme.load().by_slug.get(match.slug + "-built")
    if built and BUILD_VERBS.search(window) and not re.search(r"已(?!新)|累计|共|总数", window):  # 今年已新建: a flow
        return ind.IndicatorMatch(built.slug, match.label, match.start, match.end)
    if match.slug.endswith("-built") and not elided and re.search(r"(?:已|累计|共)建成", window) \
            and not re.search(r"以来|至今", before):
        stock = scheme.load().by_slug.get(match.slug.removesuffix("-built"))
        if stock:
            return ind.IndicatorMatch(stock.slug, match.label, match.start, match.end)
    return match


def _specific(match, clause: str, before: str, unit: str):
    """The more specific indicator of a short generic label (ind.specialise) by the words of its
    clause; for a label that opens its clause, by the clause before, which names what benefits
    (发放高龄津贴,惠及老人3.9万人), and then only one of the same kind (a stock stays a stock)."""
    specific = ind.specialise(match, clause)
    if specific is not None and _compatible(unit, specific.slug):
        return specific
    clauses = re.split(r"[,;:]", before)
    if not clause.startswith(match.label) or len(clauses) < 2:
        return None
    specific = ind.specialise(match, clauses[-2])
    by_slug = scheme.load().by_slug
    if specific is None or not _compatible(unit, specific.slug) \
            or by_slug[specific.slug].kind != by_slug[match.slug].kind:
        return None
    return specific


def _added_to_stock(norm: str, match):
    """A stock named right after 新增 (新增集中供热面积38万平方米) is what was added to
    it, not the stock: a provisional 新增X (a stock with a flow of its own, such as
    …-built, has been given that flow by _refine already)."""
    indicator = scheme.load().by_slug.get(match.slug)
    if indicator is None or indicator.kind != "stock" or not norm.endswith("新增", 0, match.start):
        return match
    label = "新增" + match.label
    return ind.provisional_named(label, match.start - 2, match.end)


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
    """Whether a number in `unit` can measure the indicator (5个月 is no 保障性住房; 1.27万户 counts
    no people)."""
    indicator = scheme.load().by_slug.get(slug)
    if indicator is None:
        return True
    return unit_family(unit) == unit_family(indicator.unit) and {unit, indicator.unit} != {"household", "person"}


QUOTE_REACH = 30  # characters from an indicator's words to its figure that a quote spans


def _observation(text, q: Quantity, match, region, period, status, s_start, s_end):
    start = min(match.start, q.start) if match.end <= q.number_start else q.start
    if match.end <= q.number_start and q.number_start - match.end > QUOTE_REACH:
        start = q.start
    end = max(q.end, match.end) if match.start >= q.end else q.end
    unit, unit_iri = q.unit, q.unit_iri
    indicator = scheme.load().by_slug.get(match.slug)
    if not unit and indicator is not None:
        unit, unit_iri = indicator.unit, str(unit_iri_of(indicator.unit))
    if indicator is not None and unit != indicator.unit and unit_family(unit) == unit_family(indicator.unit) \
            and ("-per-" in indicator.unit or "-PER-" in indicator.unit):
        unit, unit_iri = indicator.unit, unit_iri_of(indicator.unit)  # 每人每天11.25元: the rate
    slug = provisional_indicator_slug(match.label, unit) if match.provisional else match.slug
    return Observation(
        region=region, indicator=slug, indicator_label=_label(match), provisional=match.provisional,
        period=period.iso, period_kind=period.kind, value=q.value, unit=unit, unit_iri=unit_iri,
        status=status, qualifier=q.qualifier, start=start, end=end, quote=text[start:end],
        sentence_start=s_start, sentence_end=s_end,
    )


def _label(match) -> str:
    if match.provisional:
        return match.label
    indicator = scheme.load().by_slug.get(match.slug)
    return indicator.label_zh if indicator else match.label


def _period(periods: list[Period], carried: Period | None, q: Quantity, clause_start_at: int,
            clause_end_at: int, now) -> Period | None:
    """The governing period: the last one before the number in its sentence (a vague
    每年 or 近年来 after a span it names is that span's: 2023年以来,坚持每年…), the
    one after it, the paragraph's, or else "as of now"."""
    before = [p for p in periods if p.end <= q.number_start
              and (p.source not in CLAUSE_ONLY_PERIODS or p.start >= clause_start_at)]
    if before:
        spans = [p for p in before[:-1] if p.kind == "interval"]
        return spans[-1] if before[-1].source == "recent" and spans else before[-1]
    after = [p for p in periods if p.source not in CLAUSE_ONLY_PERIODS and p.start < clause_end_at]
    if after:
        return after[0]
    if carried is not None:
        return carried
    if now is not None:
        return Period(now.iso(), "date", q.start, q.start, source=UNDATED)
    return None


UNDATED = "undated"  # no time expression governs the figure: "as of now"
PART_YEAR_NOTE = re.compile(r"\((\d{4})年(?:为|是)?(\d{1,2})[-~至到](\d{1,2})月(?:份)?数据\)")


PAST_LIST = re.compile(r"[;。]|(?<!\d),|,(?!\d)")
"""What ends a 分别 list of figures (a comma that is no thousands separator)."""


def _list_opening(norm: str, s_start: int, q: Quantity) -> int | None:
    """Where the 分别 or 依次 opens the list of figures q is in, or None: not when q is past the
    list's clause (…分别为1,860人、2,030人,城镇登记失业率…3%以内)."""
    split = listed_from(norm, s_start, q.number_start)
    return None if split < 0 or PAST_LIST.search(norm, split, q.number_start) else split


def _respective_year(norm: str, s_start: int, q: Quantity, quantities: list[Quantity],
                     periods: list[Period]) -> Period | None:
    """2023年、2024年和2025年,全州城镇新增就业分别为1.12万人、1.18万人、1.21万人: the i-th
    figure of a 分别 list is the i-th year's, and so of a span of years (2022年至2024年分别为…)
    or of a list of quarters or halves (一季度、二季度、三季度分别…); a note (2025年为1—11月数据)
    narrows its year."""
    split = _list_opening(norm, s_start, q)
    if split is None:
        return None
    named = [p for p in periods if p.end <= split and (_listable(p) or _year_range(p))]
    if not named or re.search(r"[。;]", norm[named[-1].end:split]):
        return None
    between = norm[named[-1].end:split]
    if len(between) > 16 and "分别" not in between:  # …分别为98.6亿元、104.3亿元,占…的比重分别为81.5%、82.3%
        return None
    span = _year_range(named[-1]) or _quarter_range(norm, named[-1])
    group = span or joined_run(norm, [p for p in named if _listable(p)])
    index = nth_listed(split, q, quantities)
    if len(group) < 2 or index >= len(group):
        return None
    year = group[index]
    if year.source == "part" and group[-1].source == "part":  # 一季度、…、四季度 of the year before: all of it
        year = replace(year, iso=year.iso.replace(year.iso[:4], group[-1].iso[:4]))
    sentence_end = norm.find("。", q.end)
    for note in PART_YEAR_NOTE.finditer(norm, q.end, len(norm) if sentence_end < 0 else sentence_end):
        first, last = int(note.group(2)), int(note.group(3))
        if note.group(1) == year.iso and 1 <= first < last <= 12:
            return Period(f"{year.iso}-{first:02d}/{year.iso}-{last:02d}", "interval", year.start, year.end)
    return year


def _respective_labels(norm: str, s_start: int, q: Quantity,
                       quantities: list[Quantity]) -> tuple[list[ind.IndicatorMatch], int, int] | None:
    """城镇新增就业、新增养老床位分别为5120人、260张: the indicators of as many labels joined by 、
    or / before a 分别 list of figures as it has, the place of q in the list, and where the labels
    start; None unless each label names an indicator and q's unit fits its own."""
    split = _list_opening(norm, s_start, q)
    if split is None:
        return None
    start = clause_start(norm, s_start, split)
    spans = [m.span() for m in re.finditer(r"[^、/]+", norm[start:split])]
    list_end = PAST_LIST.search(norm, split)
    items = [x for x in quantities if split < x.number_start and (list_end is None or x.end <= list_end.start())
             and x.unit not in TIME_UNITS]
    if len(spans) < 2 or len(spans) != len(items) or q not in items:
        return None
    labels = [ind.match_before(norm, start + at, start + until) for at, until in spans]
    if None in labels:
        return None  # 城市、农村低保标准分别…, 黑河市、大兴安岭地区新增医养结合床位分别…: one indicator's parts
    index = items.index(q)
    if q.unit and not _compatible(q.unit, labels[index].slug):
        return None
    return labels, index, start


def _listable(period: Period) -> bool:
    """A year, or a part of one (一季度, 上半年), that a 分别 list can go through one by one."""
    return period.kind == "year" or period.source == "part"


QUARTERS_FROM = re.compile(r"([一二三])[至到]$")


def _quarter_range(norm: str, period: Period) -> list[Period]:
    """The quarters of 一至四季度 (the part 四季度 with 一至 before it) one by one, or []."""
    opening = QUARTERS_FROM.search(norm, max(0, period.start - 2), period.start)
    interval = re.fullmatch(r"(\d{4})-(\d{2})/\d{4}-(\d{2})", period.iso)
    if period.source != "part" or not opening or not interval or int(interval.group(3)) - int(interval.group(2)) != 2:
        return []
    year, last = interval.group(1), int(interval.group(3)) // 3
    return [Period(f"{year}-{3 * n - 2:02d}/{year}-{3 * n:02d}", "interval", period.start, period.end, source="part")
            for n in range("一二三".index(opening.group(1)) + 1, last + 1)]


def _year_range(period: Period) -> list[Period]:
    """The years of a span of whole years (2022年至2024年) one by one, or []."""
    span = re.fullmatch(r"(\d{4})/(\d{4})", period.iso)
    if span is None or not 1 <= int(span.group(2)) - int(span.group(1)) <= 9:
        return []
    return [Period(str(y), "year", period.start, period.end) for y in range(int(span.group(1)), int(span.group(2)) + 1)]


def _restated(observation: Observation, stated: list[Observation]) -> Observation:
    """An undated figure that repeats one the article stated before, with the same
    wording, value and place (an interviewer echoing 完成投资八十三点一个亿), is
    that statement: it takes its period."""
    for earlier in reversed(stated):
        if (earlier.indicator, earlier.value, earlier.unit, earlier.region, earlier.status) == \
                (observation.indicator, observation.value, observation.unit, observation.region, observation.status):
            return replace(observation, period=earlier.period, period_kind=earlier.period_kind)
    return observation


WHOLE_YEAR = re.compile(r"全年(?!(?:目标|任务|计划)*的)"  # not 完成全年目标的71%: a share measured now
                        r"|年度(?=(?:投资)?(?:目标|任务|计划))(?!(?:投资)?(?:目标|任务|计划)+(?:投资)?的)")
WITHIN_A_YEAR = re.compile(r"(\d{4})-\d\d(?:-\d\d)?(?:/\1-\d\d(?:-\d\d)?)?")


BRACKETED_TARGET = re.compile(r"\((?:全年|年度)?目标[^\d()]{0,4}$")
"""What opens a target set in brackets after a figure done so far (1.36万人(目标1.2万))."""


def _whole_year(norm: str, s_start: int, q: Quantity, period: Period, previous_figure_end: int) -> Period:
    """全年 in the figure's clause makes a date or part of a year the whole year
    (截至6月底…力争全年完成投资86亿元 -> the year), unless a field of its own before the figure's
    holds it (年度目标9500人|已完成8640人: the target's)."""
    start = clause_start(norm, s_start, q.number_start)
    if "|" in norm[previous_figure_end:q.number_start]:
        start = max(start, previous_figure_end)
    if not WHOLE_YEAR.search(norm, start, q.number_start):
        return period
    return _its_year(period)


def _accumulated_to(norm: str, q: Quantity, period: Period, match, periods: list[Period],
                    pub: Published | None) -> Period:
    """到2026年,全市累计新增养老床位6000张: a flow up to a future year is the
    plan's span, from the start of a span ending that year that the article names
    (三年行动计划(2024—2026年)), else from the year of publication; a flow up to
    a year's end (年底前新增学位2880个) is that year's."""
    if period.source == "this_year_end":  # 年底前新增学位2880个: the year's flow
        return _its_year(period) if _is_flow(norm, q, period, match) else period
    if period.source != "by_year" or pub is None or int(period.iso) <= pub.year or not _is_flow(norm, q, period, match):
        return period
    spans = [p.iso.split("/")[0] for p in periods if p.source == "range" and p.iso.endswith(f"/{period.iso}")]
    start = spans[0] if spans else str(pub.year)
    return Period(f"{start}/{period.iso}", "interval", period.start, period.end, period.future, period.source)


def _is_flow(norm: str, q: Quantity, period: Period, match) -> bool:
    """Whether a figure dated by a year's end counts what happens up to it (新增, 累计新增), not
    a level then (达到500个): by its indicator's kind, a provisional one's by its unit and words."""
    indicator = scheme.load().by_slug.get(match.slug)
    if indicator is not None:
        return indicator.kind == "flow"
    words = norm[max(period.end, q.number_start - 10):q.number_start]
    return unit_family(q.unit) != "share" and not re.search(r"达到|提高到|增至|共有", words)


def _its_year(period: Period) -> Period:
    """A date or part of a year as that whole year (2025-06-30 -> 2025); others as they are."""
    within = WITHIN_A_YEAR.fullmatch(period.iso)
    if within is None:
        return period
    return Period(within.group(1), "year", period.start, period.end, period.future, period.source)


def _in_column(column: Column, status: str, period: Period, row_label: str | None) -> tuple[str, Period]:
    """A table figure's status and period as its column's header gives them: 年度目标
    a target for the year, 上半年完成 done in the first half, 完成率 as the figure before;
    a year's column in a row of 年末 stocks (年末常住人口(万人)): that year's last day."""
    if column.period is not None:
        period = column.period
        if period.kind == "year" and row_label and row_label.startswith(("年末", "年底")):
            period = replace(period, iso=period.iso + "-12-31", kind="date")
    elif column.status == "target":
        period = _its_year(period)
    return column.status or status, period


def _completion_rate(previous, s_start: int, q: Quantity):
    """A completion-rate cell named after the figure before it in its row (城镇新增就业完成率)."""
    base = _last_in_sentence(previous, s_start)
    if base is None:
        return None
    label = base + "完成率"
    return ind.provisional_named(label, q.number_start, q.number_start)


MEASURE_STATUS = re.compile(r"^(?:全[市县区省州盟旗])?(?:全年|年度)?(?:计划|目标|预计|实际|累计|已)?(?:完成|实现)?")


def _header_measure(norm: str, previous, s_start: int, cells, column: Column, q: Quantity, mentions):
    """A bare cell's indicator: what its header measures, of what the row is about: the
    indicator of the row's first figure, else the one its label names, else that label
    (上半年投入资金(万元) in the row of 城镇新增就业: 城镇新增就业投入资金); in a row of a
    place (秦州区), what the header names. The header's status words are the status's, not
    the indicator's: 计划投资 and 完成投资 are one."""
    measure = "" if column.region else column.measure if column.rate \
        else MEASURE_STATUS.sub("", column.measure)  # 德州市, 全市计划: no measure; 完成率: its own
    if not measure:  # 年度任务数(项) | 已完成(项): what the figure before it in the row measures, done
        before = [match for match, unit in previous if s_start <= match.start and unit == q.unit]
        if before:
            return replace(before[-1], start=q.number_start, end=q.number_start)
    in_row = [match for match, _ in previous if s_start <= match.start < match.end]  # named in the text
    row = in_row[0] if in_row else ind.match_before(norm, s_start, q.number_start)
    if row is None and _place_row(norm, cells, q, mentions):
        return _named_by_header(measure, q) if measure else None
    growth = row is not None and not row.provisional and _growth(row.slug, measure)
    if growth:  # 同比增长(%) in the row of 居民人均可支配收入: its growth
        return ind.IndicatorMatch(growth.slug, growth.label_zh, q.number_start, q.number_start)
    base = _named_after(row) if row is not None else cells.row_label(norm, q.number_start)
    if base is None:
        return None
    if not measure:  # the row's first figure: what its label names (城镇新增就业 | 56000 under 全市计划)
        if row is not None and _compatible(q.unit, row.slug):
            return row
        return ind.provisional_named(cells.row_label(norm, q.number_start) or base, q.number_start, q.number_start)
    named = _joined_label(base, measure, q.unit)  # 城镇老旧小区改造 + 资金: 老旧小区改造资金
    if named is not None:
        return ind.IndicatorMatch(named.slug, named.label, q.number_start, q.number_start)
    return ind.provisional_named(base + measure, q.number_start, q.number_start)


def _place_row(norm: str, cells, q: Quantity, mentions) -> bool:
    """Whether the row of a cell is a place's (its label a place the row names)."""
    label = cells.row_label(norm, q.number_start)
    return bool(label) and any(norm[m.start:m.end] == label for m in mentions)


def _named_by_header(measure: str, q: Quantity):
    """The indicator a header names for a cell of a place's row (城镇老旧小区改造 over 万元
    figures: the money for it), else a provisional concept of the header."""
    named = ind.match_before(measure, 0, len(measure))
    if named is None or not _compatible(q.unit, named.slug):  # 困难群众救助 over 万元: 救助资金
        named = _funds_of(q, named or ind.IndicatorMatch("", measure, 0, len(measure)))
    if named is not None and named.end == len(measure):
        return ind.IndicatorMatch(named.slug, named.label, q.number_start, q.number_start)
    return ind.provisional_named(measure, q.number_start, q.number_start)


def _look_back(period: Period, status: str, pub: Published | None) -> Period:
    """今年 in a January look-back stating results means the year just ended."""
    if (period.source == "this_year" and status == "actual" and pub and pub.month == 1):
        return Period(str(pub.year - 1), "year", period.start, period.end, source="this_year")
    return period


