"""Tables flattened into text: rows of cells split by tabs, runs of spaces or
bars, under a header row that says what each column holds. A figure in a
table takes its status and period from its column's header: 年度目标 (a
target for the year), 上半年完成 (done in the first half), 完成率 (a
completion rate, of the figure before it in its row). A header may also give
its column's unit, 上半年投入资金（万元）: the column's bare numbers are figures
in that unit, and so may a line just above the table, 单位：万元, for the columns
whose headers give none (单位：个、人: each row the one its indicator is counted in), or a
column headed 单位, for the other cells of its row, or the row's label in brackets,
城镇新增就业（万人）. A header that names a place alone (德州市 | 禹城市, 其中：禹城市) gives
its column's figures that region. A tab-separated header may have a second row under
it (2025年 over 目标 and 完成): each of its cells is read under the one above it, which spans
right over empty cells.
A caption just above the table may date it, 表1 …完成情况(截至2026年9月30日): the
figures of its columns that name neither a period nor a target are of that date."""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from dataclasses import dataclass, replace

from mskg.extract import indicators as ind
from mskg.extract.numbers import Quantity, in_unit, unit_family
from mskg.extract.periods import Period, Published, find_periods
from mskg.extract.text import CELL_BREAK, LABEL_SPACE_FIGURE
from mskg.reference import indicators as scheme
from mskg.reference import units as unit_table
MIN_CELLS = 3
DATE_PART = re.compile(r"\d+\s*(?:[-—–~至到]\s*\d+\s*)?[年月日号季]")  # a header may date its column: 截至9月底完成
_RATE = re.compile(r"完成率|进度|比例|占比|%")
_GROWTH = re.compile(r"增长|增速|增幅|下降|降幅|提高|回落")
_TARGET = re.compile(r"目标|计划|任务|预算|指标值")  # 年度指标值 | 实际完成值: a performance self-evaluation's
_DONE = re.compile(r"完成|实际|进展|累计|实现|执行|决算")
_HEADER_UNIT = re.compile(r"\((?:单位:)?\s*([^()\s]{1,6})\s*\)\s*$")  # 投入资金(万元), 金额(单位:亿元)
_TABLE_UNIT = re.compile(r"(?:^|\()\s*单位:\s*([^()\s,;]{1,6}(?:[、/][^()\s,;、/]{1,6})*)\s*\)?\s*$")  # 单位:万元, 单位:个、人
_NUMBERING = re.compile(r"序号|编号|序|排名|名次|No\.?")
_UNITS = re.compile(r"\s*(?:计量)?单位\s*")  # a column of each row's unit: 指标 | 单位 | 一季度
DELIMITER = re.compile(r"\s*:?(?:-{3,}|[─━═]{3,}):?\s*")  # a Markdown table's header delimiter cell, a box's rule
CAPTION_LENGTH = 80  # characters: a longer line above a table is prose, not its caption


@dataclass(frozen=True)
class Column:
    """What a table column's header says of its figures."""

    header: str
    status: str | None = None     # target or actual, if the header says
    period: Period | None = None  # the period the header names (上半年), or the one a rate shares
    rate: bool = False            # completion rates of the figure before them in the row
    unit: str | None = None       # the unit the header gives its bare numbers (万元)
    measure: str = ""             # what the header says they measure, without period and unit (投入资金)
    units: bool = False           # the column gives each row's unit
    numbering: bool = False       # the column numbers the rows (序号): no figures
    region: str | None = None     # the region its header names alone (德州市 | 禹城市): its figures'

    def gives_unit(self, norm: str, quantity: Quantity) -> bool:
        """Whether a figure of this column has the header's unit, not one written in its cell."""
        return self.unit is not None and quantity.surface_unit == self.unit \
            and not norm.startswith(self.unit, quantity.end - len(self.unit))


@dataclass(frozen=True)
class Cells:
    """The cells of a text's tables, by where they start."""

    starts: list[int]
    ends: list[int]
    columns: list[Column]
    row_units: list[str | None]  # the unit the row's 单位 cell names, if a known one

    def column_at(self, pos: int) -> Column | None:
        """The column of the cell holding text position `pos`, if it is in a table."""
        i = bisect_right(self.starts, pos) - 1
        return self.columns[i] if i >= 0 and pos < self.ends[i] else None

    def bare_figures(self, norm: str) -> list[Quantity]:
        """The numbers written alone in cells whose header gives their unit
        (3260 under 上半年投入资金(万元)), or whose row does (9086 in a row whose 单位 is 元),
        in that unit."""
        found = []
        for start, end, column, row_unit in zip(self.starts, self.ends, self.columns, self.row_units):
            unit = column.unit or row_unit
            quantity = unit and not column.units and not column.numbering and in_unit(norm, start, end, unit)
            if quantity:
                found.append(quantity)
        return found

    def row_label(self, norm: str, pos: int) -> str | None:
        """The first cell without digits in the row of text position `pos` (its item's name)."""
        i = bisect_right(self.starts, pos) - 1
        while i > 0 and "\n" not in norm[self.ends[i - 1]:self.starts[i]]:
            i -= 1
        while i < len(self.starts) and self.starts[i] <= pos:
            cell = norm[self.starts[i]:self.ends[i]].strip()
            if cell and not re.search(r"\d", cell):
                return cell
            i += 1
        return None


HEADER_WORD = r"[\u4e00-\u9fffA-Za-z()%/:]{1,12}"  # 年度目标, 投资(万元), 其中:禹城市
SPACED_HEADER = re.compile(HEADER_WORD + r"(?: +%s){%d,}" % (HEADER_WORD, MIN_CELLS - 1))
SPACES = re.compile(r" +")
LONE_SPACE = re.compile(r"(?<! ) (?! )")


def tabbed(norm: str) -> str:
    """`norm` with the spaces that part the cells of a table turned into tabs where a single
    one parts any two (a header of at least MIN_CELLS words, 序号 项目名称 单位 年度目标, or
    序号 项目    计划投资 完成投资 set with full-width spaces, and the lines under it with as
    many cells, an indented 合计 under 序号 too): the same length, so every offset stays."""
    lines = norm.split("\n")
    out, i = [], 0
    while i < len(lines):
        line = lines[i]
        if SPACED_HEADER.fullmatch(line) and LONE_SPACE.search(line):
            width = len(SPACES.split(line))
            rows = 0
            while i + 1 + rows < len(lines) and len(SPACES.split(lines[i + 1 + rows].rstrip())) == width \
                    and re.search(r"\d", lines[i + 1 + rows]):
                rows += 1
            if rows:
                # one tab per run, after its other spaces: no empty cell between two of its cells
                out += [SPACES.sub(lambda m: m.group()[1:] + "\t", row) for row in lines[i:i + 1 + rows]]
                i += 1 + rows
                continue
        out.append(line)
        i += 1
    return "\n".join(out)


CSV_HEADER_CELL = re.compile(r"(?=[^,\"\n]*[\u4e00-\u9fff])[^,\"\n]{1,16}")  # 项目, 2025年预算数, 执行数比上年增长(%)


def _separators(line: str) -> list[int]:
    """Where the cells of a line pasted from a CSV file part: at each full-width ，
    if it has any (its figures' thousands separators are then ASCII), else at each
    ASCII comma outside double quotes."""
    if "，" in line:
        return [i for i, char in enumerate(line) if char == "，"]
    found, quoted = [], False
    for i, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            found.append(i)
    return found


CSV_HEADER = re.compile(r"[^,，。\"\n]{1,16}(?:[,，][^,，。\"\n]{1,16}){%d,}" % (MIN_CELLS - 1))
CSV_FIGURE = re.compile(r"\s*\"?-?[\d,]+(?:\.\d+)?%?\"?\s*")  # 1702000, "1,702,000", -2.6


def _csv_cells(line: str) -> list[str]:
    """The cells of a line pasted from a CSV file, as written (quotes and spaces kept)."""
    bounds = [-1, *_separators(line), len(line)]
    return [line[a + 1:b] for a, b in zip(bounds, bounds[1:])]


def _csv_row(line: str, width: int) -> bool:
    """Whether a line is a row of a CSV table of `width` cells: a label and figures."""
    cells = _csv_cells(line)
    return len(cells) == width and all(CSV_FIGURE.fullmatch(cell) for cell in cells[1:])


def comma_tabbed(norm: str, text: str) -> str:
    """`norm` with the commas that part the cells of a table pasted as CSV (a header of
    at least MIN_CELLS words, 项目,2025年预算数,2025年执行数, and the lines under it with
    as many cells: a label, then figures) turned into tabs and its quotes into spaces, read in
    `text`, whose offsets `norm` shares: the same length, so every offset stays."""
    if text.count(",") + text.count("，") < 2 * MIN_CELLS:
        return norm
    lines = text.split("\n")
    starts = list(itertools.accumulate((len(line) + 1 for line in lines[:-1]), initial=0))
    chars = None
    i = 0
    while i < len(lines):
        line = lines[i]
        rows = [i]
        if CSV_HEADER.fullmatch(line):  # cheap to tell a line that is none
            header = _csv_cells(line)
            if len(header) >= MIN_CELLS and all(CSV_HEADER_CELL.fullmatch(cell.strip()) for cell in header):
                while i + len(rows) < len(lines) and _csv_row(lines[i + len(rows)], len(header)):
                    rows.append(i + len(rows))
        if len(rows) > 1:
            chars = chars or list(norm)
            for j in rows:
                for k in _separators(lines[j]):
                    chars[starts[j] + k] = "\t"
                for k, char in enumerate(lines[j]):
                    if char == '"':
                        chars[starts[j] + k] = " "
        i += len(rows)
    return "".join(chars) if chars else norm


def _cells(norm: str, start: int, end: int) -> list[tuple[int, int]]:
    spans, at = [], start
    for split in CELL_BREAK.finditer(norm, start, end):
        if split.start() > at:
            spans.append((at, split.start()))
        at = split.end()
    if end > at:
        spans.append((at, end))
    return spans


def _label_parted(norm: str, slots: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A row's cells with its first parted where a label without digits is followed by a figure
    after a single space (a label as long as its column leaves no more), else as they are."""
    start, end = slots[0]
    found = LABEL_SPACE_FIGURE.match(norm, start, end)
    if found is None:
        return slots
    return [(start, found.start(1)), (found.end(1), end), *slots[1:]]


OTHER_BREAK = re.compile(r"[ \u3000]{2,}|[|｜]")  # a line whose cells part at these as well as at tabs


def _slots(line: str, line_start: int) -> list[tuple[int, int]]:
    """The cells of a tab-separated line, empty ones included (as (i, i)): two tabs in a
    row hold an empty cell, and a header's empty cell is its merged neighbour's."""
    spans, at = [], line_start
    for part in line.split("\t"):
        spans.append((at, at + len(part)) if part.strip() else (at, at))
        at += len(part) + 1
    return spans


def _merged(top: list[str], bottom: list[str]) -> list[str]:
    """A two-row header as one: each lower cell under the upper one over it, which spans
    to the right over empty cells (2025年 | | 2026年 over 目标 | 完成 | -> 2025年目标, 2025年完成)."""
    merged, over = [], ""
    for upper, lower in zip(top, bottom):
        over = upper or (over if lower else "")
        merged.append(over + lower)
    return merged


def _column(header: str, published: Published | None, left: Column | None, table_unit: str | None,
            dated: Period | None = None) -> Column:
    """What a header says of its column (`dated`: the period the table's caption gives)."""
    periods = find_periods(header, published)
    period = periods[-1] if periods else None
    if _UNITS.fullmatch(header):
        return Column(header, units=True)
    if _NUMBERING.fullmatch(header.strip()):  # 序号: neither the table's unit nor a row's applies
        return Column(header, numbering=True)
    if _RATE.search(header) and not _GROWTH.search(header):  # not 同比增长(%): a growth, in percent
        percent = _HEADER_UNIT.search(header)  # 完成率(%): its bare numbers are percentages
        return Column(header, "actual", period or (left.period if left else None) or dated, rate=True,
                      unit="%" if percent and percent.group(1) == "%" else None, measure=_RATE.search(header).group())
    if period is None and left is not None and _GROWTH.search(header):
        period = left.period  # 一季度 | 同比增长(%): the growth over the period of the figure before it
    unit, measure = _unit_and_measure(header, periods, table_unit)
    if _TARGET.search(header) and not _DONE.search(header):
        return Column(header, "target", period, unit=unit, measure=measure)
    return Column(header, "actual" if _DONE.search(header) else None, period or dated, unit=unit, measure=measure)


def _unit_and_measure(header: str, periods: list[Period], table_unit: str | None) -> tuple[str | None, str]:
    """The unit a header gives in brackets (else the table's), if a known one, and what
    it names without its periods and that unit: 上半年投入资金(万元) -> 万元, 投入资金."""
    found = _HEADER_UNIT.search(header)
    if found is None or found.group(1) not in unit_table.load().forms:
        return (table_unit, header) if table_unit else (None, "")
    measure = header[:found.start()]
    for period in sorted(periods, key=lambda p: p.start, reverse=True):
        measure = measure[:period.start] + measure[period.end:]
    return found.group(1), measure.strip()


def _caption_period(line: str, published: Published | None) -> Period | None:
    """The period a caption above a table gives its figures (表1 …(截至2026年9月30日)), if any."""
    periods = find_periods(line, published) if len(line) <= CAPTION_LENGTH else []
    return periods[-1] if periods else None


def _table_units(line: str) -> tuple[str, ...]:
    """The units a line gives the table under it (单位:万元, 表1 …(单位:亿元), 单位:个、人), if all known."""
    found = _TABLE_UNIT.search(line)
    units = tuple(re.split(r"[、/]", found.group(1))) if found else ()
    return units if all(unit in unit_table.load().forms for unit in units) else ()


def _units_by_column(columns: list[Column], units: tuple[str, ...], dated: Period | None) -> list[Column] | None:
    """The columns with a caption's units one by one (单位:户、元 over 地区 | 发放户数 | 发放金额),
    where the columns after the first are as many as the units and each names a measure, not a
    time, a status or a place (年度目标 | 完成, 2024年 | 2025年, 德州市 | 禹城市: the units are
    then the rows' to choose)."""
    values = columns[1:]
    if len(values) != len(units) or any(c.status or c.period not in (None, dated) or c.rate or c.units
                                        or c.numbering or c.unit or c.region for c in values):
        return None
    return columns[:1] + [replace(c, unit=unit, measure=_unit_and_measure(c.header, [], unit)[1])
                          for c, unit in zip(values, units)]


UNITS_ONLY = re.compile(r"\s*单位:[^\n]*")
RATE_LABEL = re.compile(r"(?:率|比例|比重|占比)$")


def _unit_of_row(label: str, units: tuple[str, ...]) -> str | None:
    """Of the units a caption lists (单位:个、人), the one a row's figures are in: its indicator's
    (城镇新增就业: 人, 新增普惠托位: 个), else percent for a rate (参保率: %), if only one fits."""
    label = label.strip()
    forms = unit_table.load().forms
    named = ind.match_before(label, 0, len(label))
    indicator = scheme.load().by_slug.get(named.slug) if named is not None and named.end == len(label) else None
    if indicator is not None:
        fitting = [u for u in units if forms[u].unit_slug == indicator.unit] or \
            [u for u in units if unit_family(forms[u].unit_slug) == unit_family(indicator.unit)]
    else:
        fitting = [u for u in units if (unit_family(forms[u].unit_slug) == "share") == bool(RATE_LABEL.search(label))]
    return fitting[0] if len(fitting) == 1 else None


def _label_unit(label: str) -> str | None:
    """The unit a row's label gives in brackets (城镇新增就业(万人)), if a known one."""
    found = _HEADER_UNIT.search(label) if label.rstrip().endswith(")") else None
    return found.group(1) if found and found.group(1) in unit_table.load().forms else None


LABELLED_FIGURE = re.compile(r"(?m)^[ \t]*([\u4e00-\u9fff][^\n()]{0,30}\([^()\n\d]{1,6}\))[ \t:]*(\d[\d,]*(?:\.\d+)?)[ \t]*$")


def labelled_figures(norm: str) -> list[Quantity]:
    """The numbers of a list of labelled lines (人均公园绿地面积(平方米) 15.6, 建成区绿化覆盖率(%) 43.2),
    each in the unit its label names in brackets, if a known one."""
    return [in_unit(norm, m.start(2), m.end(2), unit) for m in LABELLED_FIGURE.finditer(norm)
            if (unit := _label_unit(m.group(1)))]


def _header(texts: list[str], published: Published | None, table_unit: str | None,
            dated: Period | None) -> list[Column]:
    """The columns a header row's cells describe, each read with the one on its left."""
    columns: list[Column] = []
    for text in texts:
        columns.append(_column(text, published, columns[-1] if columns else None, table_unit, dated))
    return columns


def _placed(columns: list[Column], slots: list[tuple[int, int]], place_of) -> list[Column]:
    """The columns with the region each header cell names alone (place_of its span), if any."""
    return [replace(column, region=place_of(start, end)) for column, (start, end) in zip(columns, slots)]


def find_cells(norm: str, published: Published | None, place_of=lambda start, end: None) -> Cells:
    """The cells of every table in a normal-form text: a header row of at least
    MIN_CELLS cells without digits but in dates, and the rows under it with as many cells;
    `place_of(start, end)`: the region a header cell names alone, if any."""
    starts: list[int] = []
    ends: list[int] = []
    columns: list[Column] = []
    row_units: list[str | None] = []
    header: list[Column] | None = None
    header_texts: list[str] = []  # a tab-separated header's cells, for a second header row under it
    dated: Period | None = None
    header_unit: str | None = None
    table_units: tuple[str, ...] = ()
    row_choices: tuple[str, ...] = ()  # the units a caption lists for the rows to choose from
    above = ""  # the last line before a table: its caption may date it
    line_start = 0
    for line in norm.split("\n"):
        line_end = line_start + len(line)
        cells = _cells(norm, line_start, line_end)
        slots = _slots(line, line_start) if "\t" in line and not OTHER_BREAK.search(line) else cells
        if header is not None and len(slots) == len(header) - 1 and header[0].numbering and line[:1] in " \t":
            slots = [(line_start, line_start), *slots]  # an indented 合计 under 序号: no number
        if header is not None and len(slots) == len(header) - 1 and slots is cells:
            cells = slots = _label_parted(norm, slots)  # 宽甸满族自治县　7,676: a long label leaves one space
        if header_texts and len(slots) == len(header_texts) and not re.search(r"\d", line):
            header = _placed(_header(_merged(header_texts, [norm[start:end] for start, end in slots]),
                                     published, header_unit, dated), slots, place_of)  # 目标 | 完成 under 2025年
            header_texts = []
        elif (header is not None or len(cells) >= MIN_CELLS) \
                and all(DELIMITER.fullmatch(norm[start:end]) for start, end in cells):
            pass  # | --- | :---: |: a Markdown table's line under its header, a box-drawn table's rules
        elif len(cells) < MIN_CELLS:
            header, header_texts = None, []
            if line.strip():
                table_units = _table_units(line)
                if not UNITS_ONLY.fullmatch(line):  # 表3 2025年末…⏎单位:万人: the caption dates it
                    above = line
        elif not re.search(r"\d", DATE_PART.sub("", line)):
            dated = _caption_period(above, published)
            header_unit = table_units[0] if len(table_units) == 1 else None
            row_choices = table_units if len(table_units) > 1 else ()
            texts = [norm[start:end] for start, end in slots]
            header = _placed(_header(texts, published, header_unit, dated), slots, place_of)
            if row_choices and (by_column := _units_by_column(header, row_choices, dated)):
                header, row_choices = by_column, ()
            header_texts = texts if slots is not cells else []  # only a tab-separated header has a second row
            table_units, above = (), ""
        elif header is not None and len(slots) == len(header):
            cells, header_texts = slots, []
            named = [norm[start:end].strip() for (start, end), column in zip(cells, header) if column.units]
            label = next((cell for cell, column in zip(cells, header) if not column.numbering), cells[0])  # not 序号's
            row_unit = named[0] if named and named[0] in unit_table.load().forms \
                else _label_unit(norm[label[0]:label[1]]) \
                or (row_choices and _unit_of_row(norm[label[0]:label[1]], row_choices)) or None
            for (start, end), column in zip(cells, header):
                starts.append(start)
                ends.append(end)
                columns.append(column)
                row_units.append(row_unit)
        line_start = line_end + 1
    return Cells(starts, ends, columns, row_units)
