"""Livelihood programs (十件民生实事 and the like) and their items.

A program is named by a region and a year: "阿勒泰地区2023年十件民生实事",
"自治区2024年十件民生实事", "2024年为民办实事项目". Its items come from an
enumeration ending in "等十件民生实事" (in the sentence that names it) or
from numbered sections (一、… / (一)… / 1. …) after the mention that opens
the article. Observations inside an item's section, or whose quote holds the
item's wording, are tied to that item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mskg.extract.periods import Published
from mskg.extract.places import SCOPE_WORDS
from mskg.extract.scan import Anchored
from mskg.reference import regions

NUMERAL = "一二三四五六七八九十"
PROGRAM_NAME = r"(?:民生实事|为民办实事|惠民实事|民生工程|民生项目)"
PROGRAM = Anchored(re.compile(
    rf"(?:(\d{{4}})年度?|今年|明年|去年)?(?:的)?(?:省政府|市政府|政府)?([{NUMERAL}\d]+)?(?:件|项|大)?(?:重点)?"
    + PROGRAM_NAME
), PROGRAM_NAME, rf"\d{NUMERAL}年度今明去的省市政府件项大重点")  # what the words before the name are made of
ADOPTION = re.compile(r"(?:出台|印发|制定|确定|公布|审议通过|下达)(?!会)")
ENUMERATION_TAIL = re.compile(rf"等([{NUMERAL}\d]+)(?:件|项)(?:重点)?{PROGRAM_NAME}")
ENUMERATION = re.compile(rf"([^。;]*?){ENUMERATION_TAIL.pattern}")
ENUMERATION_START = re.compile(r"(?:开展|实施|推进|包括|涵盖|即|为|是)(?=\S)")
NUMBERED = re.compile(rf"(?m)^\s*(?:([{NUMERAL}]+)、|\(([{NUMERAL}]+)\)|(\d{{1,2}})[.、](?!\d))\s*(\S[^\n]*)")
DATE = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日")
NAME_FIELD = re.compile(r"^(?:事项|项目|任务)?名称:")  # 一、事项名称:老年助餐服务扩面提质;责任单位:…
LEADING_VERB = re.compile(r"^(?:开展|实施|推进|完成|继续)")
CORE_NOISE = re.compile(r"建设|工程|扩容|项目|行动|提升|推进|实施|开展")


@dataclass
class Item:
    """One project of a program: its number where the list numbers it, its
    title, and the span of its section (or of its title in an enumeration)."""

    number: int | None
    title: str
    start: int
    end: int


@dataclass
class Program:
    """A region's livelihood program for one year."""

    region: str
    year: int
    label: str
    start: int
    end: int
    adopted_on: str | None = None
    adopted_by: str | None = None
    items: list[Item] = field(default_factory=list)

    @property
    def key(self) -> str:
        """"region/year", the program's identity."""
        return f"{self.region}/{self.year}"


def _year(match: re.Match, pub: Published | None) -> int | None:
    if match.group(1):
        return int(match.group(1))
    if not pub:
        return None
    word = match.group(0)
    return pub.year + (1 if word.startswith("明年") else -1 if word.startswith("去年") else 0)


def find_programs(norm: str, home: str | None, pub: Published | None, places) -> list[Program]:
    """The programs an article names, with adoption facts and items, one per region-year."""
    programs: dict[tuple[str, int], Program] = {}
    first: Program | None = None
    last: Program | None = None
    for match in PROGRAM.finditer(norm):
        line_start = max(norm.rfind("\n", 0, match.start()), norm.rfind("。", 0, match.start())) + 1
        if last is not None and not re.match(r"\d{4}|今年|明年|去年", match.group(0)):
            last.items.extend(_enumerated(norm, line_start, match))  # "等十件民生实事": the one in context
            continue
        year = _year(match, pub)
        if year is None:
            continue
        named = [m for m in places.mentions(norm[line_start:match.start()]) if not m.scope_word]
        region = named[-1].code if named else home
        if region is None:
            continue
        program = programs.setdefault((region, year), Program(region, year, f"{year}年民生实事",
                                                               match.start(), match.end()))
        first, last = first or program, program
        _adoption(norm, line_start, match, program)
        if program.adopted_by in SCOPE_WORDS and places.scope(program.adopted_by):
            program.adopted_by = regions.load()[places.scope(program.adopted_by)].name  # 地区 -> 阿勒泰地区
        program.items.extend(_enumerated(norm, line_start, match))
    if first is not None:
        first.items.extend(_numbered(norm, first.end))
    for program in programs.values():
        program.items = _distinct(program.items)
    return sorted(programs.values(), key=lambda p: (p.region, p.year))


def _distinct(items: list[Item]) -> list[Item]:
    """One item per title (a title names the item, and its IRI): the first numbered one, else the first."""
    kept: dict[str, Item] = {}
    for item in items:
        if item.title not in kept or kept[item.title].number is None and item.number is not None:
            kept[item.title] = item
    return [item for item in items if kept[item.title] is item]


def _adoption(norm: str, line_start: int, match: re.Match, program: Program) -> None:
    """出台/印发/确定 with a date before the program's name: when and by whom."""
    sentence = norm[line_start:match.end()]
    verb = ADOPTION.search(sentence)
    date = DATE.search(sentence)
    if not (verb and date) or program.adopted_on is not None or len(sentence) - verb.end() > 40:
        return
    year = int(date.group(1)) if date.group(1) else program.year
    program.adopted_on = f"{year:04d}-{int(date.group(2)):02d}-{int(date.group(3)):02d}"
    subject = re.split(r"[,;]", sentence[:verb.start()])[-1]
    subject = DATE.sub("", subject).strip(" ,同年当天")
    program.adopted_by = subject or None


def _search_enumeration(norm: str, pos: int, endpos: int) -> re.Match | None:
    """ENUMERATION.search(norm, pos, endpos), in time linear in the text: that search
    tries its lazy opening at every start, each running to the sentence's end. Its
    match starts after the last 。 or ; before the first 等N件民生实事 (or at `pos`)."""
    tail = ENUMERATION_TAIL.search(norm, pos, endpos)
    if tail is None:
        return None
    start = max(norm.rfind("。", pos, tail.start()), norm.rfind(";", pos, tail.start())) + 1
    return ENUMERATION.match(norm, max(pos, start), endpos)


def _enumerated(norm: str, line_start: int, match: re.Match) -> list[Item]:
    """"开展A,实施B,C、D等十件民生实事" in the sentence naming the program."""
    sentence_end = norm.find("。", match.end())
    enumeration = _search_enumeration(norm, line_start, len(norm) if sentence_end < 0 else sentence_end + 1)
    if enumeration is None:
        return []
    listing_start = enumeration.start(1)
    opener = ENUMERATION_START.search(norm, listing_start, enumeration.end(1))
    if opener:
        listing_start = opener.end()
    items = []
    pos = listing_start
    for part in re.split(r"([,、])", norm[listing_start:enumeration.end(1)]):
        if part not in (",", "、"):
            title = LEADING_VERB.sub("", part.strip())
            if len(title) >= 4:
                start = norm.find(title, pos)
                items.append(Item(None, title, start, start + len(title)))
        pos += len(part)
    return items


LIST_REACH = 600
MIN_LISTED = 3


def _numbered(norm: str, after: int) -> list[Item]:
    """A numbered list (1, 2, 3 ... in order) starting soon after the program's
    first mention; each item's section runs to the next item."""
    heads = []
    for head in NUMBERED.finditer(norm, after):
        numeral = head.group(1) or head.group(2) or head.group(3)
        number = int(numeral) if numeral.isdigit() else _chinese_ordinal(numeral)
        if number != len(heads) + 1 or (not heads and head.start() - after > LIST_REACH):
            break
        heads.append((number, head))
    if len(heads) < MIN_LISTED:
        return []
    items = []
    for index, (number, head) in enumerate(heads):
        title = re.split(r"[。:;,]", NAME_FIELD.sub("", head.group(4)))[0]
        end = heads[index + 1][1].start() if index + 1 < len(heads) else _section_end(norm, head.end())
        items.append(Item(number, title, head.start(4), end))
    return items


def _section_end(norm: str, pos: int) -> int:
    """The last section runs to the next blank line after its own paragraph."""
    blank = norm.find("\n\n", pos)
    return len(norm) if blank < 0 else blank


def _chinese_ordinal(numeral: str) -> int | None:
    if numeral == "十":
        return 10
    if len(numeral) == 1:
        return NUMERAL.index(numeral) + 1
    if len(numeral) == 2 and numeral[0] == "十":
        return 10 + NUMERAL.index(numeral[1]) + 1
    return None


def link_items(programs: list[Program], observations) -> None:
    """Tie observations to the item whose section holds them, or whose wording they quote."""
    for program in programs:
        for item in program.items:
            core = CORE_NOISE.sub("", item.title)
            for obs in observations:
                if obs.program_item:
                    continue
                inside = item.number is not None and item.start <= obs.start < item.end
                quoted = item.number is None and len(core) >= 2 and core in obs.quote
                if inside or (quoted and obs.period.startswith(str(program.year))):
                    obs.program_item = f"{program.key}/{item.title}"
