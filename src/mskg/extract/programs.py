"""Livelihood programs (十件民生实事 and the like) and their items.

A program is named by a region and a year: "阿勒泰地区2023年十件民生实事",
"自治区2024年十件民生实事", "2023年民生实事". Its items come from an
enumeration ending in "等十件民生实事" or from numbered paragraphs
(一、… / (一)… / 1. …) of an article that names a program. Observations
inside an item's paragraph, or whose indicator label appears in an item's
title, are tied to that item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mskg.extract.periods import Published

NUMERAL = "一二三四五六七八九十"
PROGRAM = re.compile(
    rf"(?:(\d{{4}})年度?|今年|明年|去年)?(?:的)?([{NUMERAL}\d]+)?(?:件|项|大)?(?:重点)?民生实事"
)
ADOPTION = re.compile(r"(出台|印发|制定|确定|公布|发布|审议通过)")
ENUMERATION = re.compile(rf"([^。;]*?)等([{NUMERAL}\d]+)(?:件|项)(?:重点)?民生实事")
NUMBERED = re.compile(rf"(?m)^\s*(?:([{NUMERAL}]+)、|\(([{NUMERAL}]+)\)|(\d{{1,2}})[.、])\s*(\S[^\n]*)")
DATE = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日")


@dataclass
class Item:
    """One project of a program."""

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
    for match in PROGRAM.finditer(norm):
        year = _year(match, pub)
        if year is None:
            continue
        line_start = max(norm.rfind("\n", 0, match.start()), norm.rfind("。", 0, match.start())) + 1
        named = [m for m in places.mentions(norm[line_start:match.start()])]
        region = named[-1].code if named else home
        if region is None:
            continue
        key = (region, year)
        program = programs.setdefault(key, Program(region, year, f"{year}年民生实事",
                                                   match.start(), match.end()))
        _adoption(norm, line_start, match, program, pub)
    for program in programs.values():
        program.items = _items(norm, program)
    return sorted(programs.values(), key=lambda p: (p.region, p.year))


def _adoption(norm: str, line_start: int, match: re.Match, program: Program, pub) -> None:
    sentence = norm[line_start:match.end()]
    verb = ADOPTION.search(sentence)
    date = DATE.search(sentence)
    if verb and date and program.adopted_on is None:
        year = int(date.group(1)) if date.group(1) else program.year
        program.adopted_on = f"{year:04d}-{int(date.group(2)):02d}-{int(date.group(3)):02d}"
        subject = re.split(r"[,，]", sentence[:verb.start()])[-1]
        subject = DATE.sub("", subject).strip(" ,同年")
        program.adopted_by = subject or None


def _items(norm: str, program: Program) -> list[Item]:
    items: list[Item] = []
    for match in ENUMERATION.finditer(norm):
        clause = re.split(r"[,:]", match.group(1))
        head = max(0, len(clause) - 8)
        parts = re.split(r"[,、]", ",".join(clause[head:]))
        offset = match.start(1)
        for part in parts:
            title = re.sub(r"^(?:开展|实施|推进|建设|修建|完成)?", "", part).strip()
            if len(title) >= 4:
                pos = norm.find(title, offset)
                items.append(Item(None, title, pos, pos + len(title)))
    for match in NUMBERED.finditer(norm):
        numeral = match.group(1) or match.group(2) or match.group(3)
        number = int(numeral) if numeral.isdigit() else NUMERAL.index(numeral[-1]) + 1 \
            if len(numeral) == 1 else None
        title = re.split(r"[。:;,]", match.group(4))[0]
        line_end = norm.find("\n", match.start(4))
        items.append(Item(number, title, match.start(4), len(norm) if line_end < 0 else line_end))
    return items


def link_items(programs: list[Program], observations) -> None:
    """Tie observations to the program item whose paragraph or title holds them."""
    for program in programs:
        for item in program.items:
            for obs in observations:
                if obs.program_item or obs.region != program.region:
                    continue
                inside = item.number is not None and item.start <= obs.start < item.end
                named = item.number is None and obs.indicator_label and obs.indicator_label in item.title
                if inside or named:
                    obs.program_item = f"{program.region}/{program.year}/{item.title}"
