"""Which region a figure is about: the region named before it in its sentence
(a county wins over the article's region), the parent of a listed group, the
i-th of a "分别" list, or the article's region; names inside a place name
(吉木乃县草原石城景区) and comparison bases (占全疆…) do not count."""

from __future__ import annotations

import re

from mskg.extract.filters import GENERIC_PLACE_WORDS, NAMED_PLACE
from mskg.extract.numbers import Quantity
from mskg.extract.places import Mention
from mskg.reference import regions


ENTITY_AFTER = re.compile(NAMED_PLACE.pattern.replace("{2,8}", "{0,8}?", 1))


COMPARISON_BEFORE = re.compile(r"(?:占|比|较|相当于|率先在|位列|位居|居|高于|低于|全国)$")


def _is_subject(norm: str, m: Mention) -> bool:
    """A region named as the subject, not as part of a name (吉木乃县草原石城景区)
    or as a comparison base (占全疆…的17.9%)."""
    if COMPARISON_BEFORE.search(norm[max(0, m.start - 4):m.start]):
        return False
    named = ENTITY_AFTER.match(norm, m.end)
    return not (named and not any(w in named.group() for w in GENERIC_PLACE_WORDS))


def region_of(norm, s_start, q: Quantity, mentions: list[Mention], home: str | None) -> str | None:
    """The region a figure is about (see the module docstring)."""
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


def respectively(norm: str, q: Quantity, quantities: list[Quantity], mentions: list[Mention]) -> str | None:
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
