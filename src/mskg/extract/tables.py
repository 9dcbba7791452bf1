"""Tables flattened into text: rows of cells split by tabs, runs of spaces or
bars, under a header row that says what each column holds. A figure in a
table takes its status and period from its column's header: 年度目标 (a
target for the year), 上半年完成 (done in the first half), 完成率 (a
completion rate, of the figure before it in its row)."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from mskg.extract.periods import Period, Published, find_periods
from mskg.extract.text import CELL_BREAK
MIN_CELLS = 3
DATE_PART = re.compile(r"\d+\s*(?:[-—–~至到]\s*\d+\s*)?[年月日号季]")  # a header may date its column: 截至9月底完成
_RATE = re.compile(r"完成率|进度|比例|占比|%")
_TARGET = re.compile(r"目标|计划|任务")
_DONE = re.compile(r"完成|实际|进展|累计|实现")


@dataclass(frozen=True)
class Column:
    """What a table column's header says of its figures."""

    header: str
    status: str | None = None     # target or actual, if the header says
    period: Period | None = None  # the period the header names (上半年), or the one a rate shares
    rate: bool = False            # completion rates of the figure before them in the row


@dataclass(frozen=True)
class Cells:
    """The cells of a text's tables, by where they start."""

    starts: list[int]
    ends: list[int]
    columns: list[Column]

    def column_at(self, pos: int) -> Column | None:
        """The column of the cell holding text position `pos`, if it is in a table."""
        i = bisect_right(self.starts, pos) - 1
        return self.columns[i] if i >= 0 and pos < self.ends[i] else None


def _cells(norm: str, start: int, end: int) -> list[tuple[int, int]]:
    spans, at = [], start
    for split in CELL_BREAK.finditer(norm, start, end):
        if split.start() > at:
            spans.append((at, split.start()))
        at = split.end()
    if end > at:
        spans.append((at, end))
    return spans


def _column(header: str, published: Published | None, left: Column | None) -> Column:
    periods = find_periods(header, published)
    period = periods[-1] if periods else None
    if _RATE.search(header):
        return Column(header, "actual", period or (left.period if left else None), rate=True)
    if _TARGET.search(header) and not _DONE.search(header):
        return Column(header, "target", period)
    return Column(header, "actual" if _DONE.search(header) else None, period)


def find_cells(norm: str, published: Published | None) -> Cells:
    """The cells of every table in a normal-form text: a header row of at least
    MIN_CELLS cells without digits but in dates, and the rows under it with as many cells."""
    starts: list[int] = []
    ends: list[int] = []
    columns: list[Column] = []
    header: list[Column] | None = None
    line_start = 0
    for line in norm.split("\n"):
        line_end = line_start + len(line)
        cells = _cells(norm, line_start, line_end)
        if len(cells) < MIN_CELLS:
            header = None
        elif not re.search(r"\d", DATE_PART.sub("", line)):
            header = []
            for start, end in cells:
                header.append(_column(norm[start:end], published, header[-1] if header else None))
        elif header is not None and len(cells) == len(header):
            for (start, end), column in zip(cells, header):
                starts.append(start)
                ends.append(end)
                columns.append(column)
        line_start = line_end + 1
    return Cells(starts, ends, columns)
