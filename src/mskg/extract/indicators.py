"""Indicators: which concept of the scheme a number measures.

The scheme's Chinese labels and alternative labels (data/indicators.ttl) are
the lexicon. For a number, the label ending nearest before it in its window
(from the previous number or clause start) wins; failing that, one right after
it in the same clause (投入1400万元用于 ...). A clear statistic with no label
becomes a provisional concept named after its own phrase.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from mskg.graph.iris import provisional_indicator_slug
from mskg.reference import indicators as scheme

_TRIM = re.compile(r"^[\s,、:;“”\"'()《》<>·\-—]+|[\s,、:;“”\"'()《》<>·\-—]+$")
_FILLER = re.compile(r"^(?:其中|共计|共有|共|累计|全年|已经|已|达到|达|为|是|有|和|及|与|并|同时|此外|另外|实现|完成|新增加)")
_TAIL = re.compile(r"(?:达到|达|为|是|共|累计|约|近|超过|逾|总计|合计|实现|有)+$")


@dataclass(frozen=True)
class IndicatorMatch:
    """The indicator found for a number, and the words that named it."""

    slug: str
    label: str
    start: int
    end: int
    provisional: bool = False


@lru_cache(maxsize=1)
def _lexicon() -> tuple[dict[str, str], re.Pattern]:
    pairs = scheme.load().lexicon()
    table = {phrase: slug for phrase, slug in pairs}
    pattern = re.compile("|".join(re.escape(p) for p, _ in pairs))
    return table, pattern


def label_matches(text: str, start: int, end: int) -> list[IndicatorMatch]:
    """All lexicon phrases inside text[start:end], overlapping ones included."""
    table, pattern = _lexicon()
    found = []
    for pos in range(start, end):
        match = pattern.match(text, pos, end)
        if match:
            phrase = match.group()
            found.append(IndicatorMatch(table[phrase], phrase, match.start(), match.end()))
    return found


def match_before(text: str, window_start: int, number_start: int) -> IndicatorMatch | None:
    """The label that ends nearest before the number (longest on ties)."""
    matches = label_matches(text, window_start, number_start)
    if not matches:
        return None
    return max(matches, key=lambda m: (m.end, m.end - m.start))


def match_after(text: str, number_end: int, clause_end: int) -> IndicatorMatch | None:
    """The first label after the number in its clause (用于 ... constructions)."""
    matches = label_matches(text, number_end, clause_end)
    return min(matches, key=lambda m: (m.start, -(m.end - m.start))) if matches else None


def provisional(text: str, window_start: int, number_start: int) -> IndicatorMatch | None:
    """A provisional concept named after the phrase before the number, if any is left."""
    phrase = text[window_start:number_start]
    phrase = _TRIM.sub("", phrase)
    phrase = _FILLER.sub("", phrase)
    phrase = _TAIL.sub("", phrase)
    phrase = _TRIM.sub("", phrase)
    if len(phrase) < 2 or not re.search(r"[\u4e00-\u9fff]{2}", phrase):
        return None
    phrase = phrase[-16:]
    return IndicatorMatch(provisional_indicator_slug(phrase), phrase, number_start - len(phrase),
                          number_start, provisional=True)


def provisional_after(text: str, number_end: int, clause_end: int) -> IndicatorMatch | None:
    """A provisional concept named after what follows the number (20个县(市、区)…开展X服务)."""
    phrase = _TRIM.sub("", text[number_end:clause_end])[:16]
    if len(phrase) < 2 or not re.search(r"[\u4e00-\u9fff]{2}", phrase):
        return None
    return IndicatorMatch(provisional_indicator_slug(phrase), phrase, number_end,
                          number_end + len(phrase), provisional=True)
