"""Townships: figures about a named town, township or street below the gazetteer.

The gazetteer stops at counties, so a figure about 思恩镇 or 广安门外街道 is
published under its county; but it is not the county's value of the indicator
(思恩镇城镇新增就业456人 is a part of the county's 1320). Such a figure gets a
provisional concept named after the place and its own words, in the county.
The town is the one named in the figure's sentence before it, or, for 该镇,
全镇 or 两镇, the one named last before in its paragraph or its section's
heading line (思恩镇:“一老一小”服务更贴心).
"""

from __future__ import annotations

import re

SUFFIX = re.compile(r"(?:镇|乡(?![愁亲里土音贤情邻间野风])|街道|苏木)(?![镇乡村级委民办长政党卫医集中心区域寄宿(、和])")
LEADING = frozenset("其中的在到住于是着家就从向回返往去位邻近聚居所有各该全部本我每两个等和与及像即")
NOT_A_NAME = re.compile(r"[\d了俩个大小古之故雪城年今返回家老到通向至在乡下往去出业街心]$|[\d了俩个全们的些把占离要请]|"
                        r"^(?:今年|如今|部分|所有|新建|建成|实现|直通|上半年|下半年|城乡|农村|延伸|召开|最近|户籍|"
                        r"所在地?|期内|不用|再往|边境|涉农)$")
COUNTY_END = frozenset("县区市旗州")  # 德县河阴镇: the county before the town
NAME_LENGTH = 4  # characters of a town's name before 镇, 乡 or 街道, at most
TOWN_REFERENCE = re.compile(r"该(?:镇|乡|街道)|全(?:镇|乡|街道)|两(?:镇|乡)|本(?:镇|乡)|我(?:镇|乡)|咱们(?:镇|乡)")
WIDER = re.compile(r"全(?:县|旗|市|区|州|盟|省|地区)|县里|市里|各(?:乡镇|镇|乡)")
HEADING_LINE = re.compile(r"[ \t\u3000]*([^\n,。;:]{2,24}):[^\n]{0,30}(?=\n|$)")


def named_towns(norm: str, start: int, end: int) -> list[tuple[int, str]]:
    """(position, name) of each town named in norm[start:end], outside brackets: the
    characters before 镇, 乡 or 街道 without the words that lead into a name (其中,
    家住, 所在的), if they are no common word (返乡, 今年乡, 新建乡镇)."""
    found = []
    for suffix in SUFFIX.finditer(norm, start, end):
        at = suffix.start()
        while at > max(start, suffix.start() - NAME_LENGTH) and "\u4e00" <= norm[at - 1] <= "\u9fff" \
                and norm[at - 1] not in COUNTY_END:
            at -= 1  # 德县河阴镇: 河阴
        while at < suffix.start() and norm[at] in LEADING:
            at += 1  # 其中街子镇, 家住岱庙街道
        name = norm[at:suffix.start()]
        if len(name) >= 2 and not NOT_A_NAME.search(name) and not _in_brackets(norm, start, at):
            found.append((at, name + suffix.group()))
    return found


def _in_brackets(norm: str, start: int, at: int) -> bool:
    return norm.rfind("(", start, at) > norm.rfind(")", start, at)


def town_of(norm: str, paragraph_start: int, s_start: int, figure_end: int) -> str | None:
    """The town a figure (its sentence from `s_start`, its words ending at `figure_end`)
    is about: named in its sentence before it, or referred to there (该镇, 全镇) and
    named before in its paragraph or its section's heading."""
    own = named_towns(norm, s_start, figure_end)
    if own:
        at, name = own[-1]
        return None if WIDER.search(norm, at, figure_end) else name  # …覆盖全部苏木镇,全旗养老床位达到720张
    if not TOWN_REFERENCE.search(norm, s_start, figure_end):
        return None
    before = named_towns(norm, paragraph_start, s_start)
    if before:
        return before[-1][1]
    heading = _section_heading(norm, paragraph_start)
    return heading[-1][1] if heading else None


def _section_heading(norm: str, paragraph_start: int) -> list[tuple[int, str]]:
    """The towns of the heading line right above the paragraph (思恩镇:“一老一小”服务更贴心)."""
    line_end = norm.rfind("\n", 0, paragraph_start)
    while line_end > 0 and norm[line_end - 1] == "\n":
        line_end -= 1
    line_start = norm.rfind("\n", 0, line_end) + 1
    line = HEADING_LINE.fullmatch(norm, line_start, line_end)
    return named_towns(norm, line_start, line_start + len(line.group(1)) + 1) if line else []
