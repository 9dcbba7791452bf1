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

from mskg.extract.text import ENUMERATOR
from mskg.extract.words import Words
from mskg.graph.iris import provisional_indicator_slug
from mskg.reference import indicators as scheme

_TRIM = re.compile(r"^[\s,、:;“”\"'()《》<>·\-—]+|[\s,、:;“”\"'()《》<>·\-—]+$")
_FILLER = re.compile(r"^(?:其中|共计|共有|共|累计|全年|已经|已|达到|达|为|是|有|和|及|与|并|同时|此外|另外|实现(?!率)|完成(?!率)|新增加)")
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
def _lexicon() -> tuple[dict[str, str], Words]:
    table = {phrase: slug for phrase, slug in scheme.load().lexicon()}
    return table, Words(table)


def label_matches(text: str, start: int, end: int) -> list[IndicatorMatch]:
    """All lexicon phrases inside text[start:end], overlapping ones included: at
    each position the longest that starts there."""
    table, words = _lexicon()
    return [IndicatorMatch(table[text[at:until]], text[at:until], at, until)
            for at, until in words.at_each(text, start, end)]


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


_CHANGE_TAIL = re.compile(r"(?:的标准)?(?:提高|提升|增加|增长|上调|调整|降低|下降|减少)(?:到|至|为)"
                          r"(?:每人每[年月天日]|每人|每户|每[年月天日])?$")  # the level it changed to: its own
_AGES = re.compile(r"\d+(?:周岁|岁)(?:(?:至|到|—|-|~)\d+(?:周岁|岁))?(?:及以上|以上|以下)?")
PROVISIONAL_LENGTH = 16


def provisional(text: str, window_start: int, number_start: int) -> IndicatorMatch | None:
    """A provisional concept named after the phrase before the number, if any is left:
    its last PROVISIONAL_LENGTH characters, without an enumerator, filler words, the
    verb of a change (提高到) or age bands (35岁至64岁) in its label."""
    window = text[window_start:number_start]
    phrase = _TRIM.sub("", window)
    item = ENUMERATOR.match(phrase)
    phrase = _TRIM.sub("", phrase[item.end():] if item else phrase)
    phrase = _FILLER.sub("", phrase)
    phrase = _TAIL.sub("", phrase)
    phrase = _TRIM.sub("", _CHANGE_TAIL.sub("", phrase) or phrase)
    phrase = phrase[-PROVISIONAL_LENGTH:]
    label = _TRIM.sub("", _AGES.sub("", phrase))
    if len(label) < 2 or not re.search(r"[\u4e00-\u9fff]{2}", label):
        return None
    return IndicatorMatch(provisional_indicator_slug(label), label, window_start + window.rfind(phrase),
                          number_start, provisional=True)


def provisional_after(text: str, number_end: int, clause_end: int) -> IndicatorMatch | None:
    """A provisional concept named after what follows the number (20个县(市、区)…开展X服务)."""
    phrase = _TRIM.sub("", text[number_end:clause_end])[:16]
    if len(phrase) < 2 or not re.search(r"[\u4e00-\u9fff]{2}", phrase):
        return None
    return IndicatorMatch(provisional_indicator_slug(phrase), phrase, number_end,
                          number_end + len(phrase), provisional=True)


GENERIC_LABEL_LENGTH = 4
_QUALIFYING_NOISE = re.compile(r"改造|建设|资金|总额|人数|数量|数")


@lru_cache(maxsize=4096)
def _wider_labels(label: str) -> tuple[tuple[str, str, str], ...]:
    """(longer label, its slug, the words it adds) for every label holding `label`."""
    wider = []
    for other, slug in scheme.load().lexicon():
        if label in other and other != label:
            core = _QUALIFYING_NOISE.sub("", other.replace(label, "", 1))
            if len(core) >= 2:
                wider.append((other, slug, core))
    return tuple(wider)


def specialise(match: IndicatorMatch, clause: str) -> IndicatorMatch | None:
    """A more specific indicator for a short generic label (投资, 惠及) whose other
    label holds it plus words found in its clause (老旧小区改造投资, 惠及学生)."""
    if match.provisional or len(match.label) > GENERIC_LABEL_LENGTH:
        return None
    found = [(label, slug) for label, slug, core in _wider_labels(match.label)
             if slug != match.slug and core in clause]
    if not found:
        return None
    label, slug = max(found, key=lambda pair: len(pair[0]))
    return IndicatorMatch(slug, label, match.start, match.end)


@lru_cache(maxsize=1)
def _by_last_chars() -> dict[str, tuple[tuple[str, str], ...]]:
    index: dict[str, list[tuple[str, str]]] = {}
    for label, slug in scheme.load().lexicon():
        for k in range(2, min(len(label), 6) + 1):
            index.setdefault(label[-k:], []).append((label, slug))
    return {key: tuple(value) for key, value in index.items()}


def match_split(text: str, window_start: int, number_start: int, unit_end: int,
                clause_end: int) -> IndicatorMatch | None:
    """A label split around the number: verb before, noun after
    (引进…6家企业 for 引进企业, 解决240人就业 for 解决就业)."""
    after = re.match(r"[\u4e00-\u9fff]{2,6}", text[unit_end:clause_end])
    if not after:
        return None
    window = text[window_start:number_start]
    for k in range(len(after.group()), 1, -1):
        noun = after.group()[:k]
        for label, slug in _by_last_chars().get(noun, ()):
            head = label[: -len(noun)]
            if head and head in window:
                start = window_start + window.rindex(head)
                return IndicatorMatch(slug, label, start, unit_end + k)
    return None
