"""Densities: things or people per thousand of a population.

每千人口医疗卫生机构床位数 is a density, stated per thousand residents. Articles
also state densities per ten thousand (每万人口全科医生数4.1人) or per hundred
thousand, with 常住人口 for 人口, with or without 拥有 and a closing 数; the
published figure is always per thousand (0.41 general practitioners), under the
scheme's indicator of that density where it has one, else a provisional one
named per thousand, in the unit per thousand persons.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from mskg.extract import indicators as ind
from mskg.extract.numbers import Quantity
from mskg.graph.iris import unit as unit_iri_of
from mskg.reference import indicators as scheme

PER_POPULATION = re.compile(r"每(千|万|十万)(名?)(常住人口|户籍人口|人口|城乡居民|居民|老年人|儿童)")
_SCALE = {"千": Decimal(1), "万": Decimal("0.1"), "十万": Decimal("0.01")}
_UNIT = {"count": "count-per-thousand-persons", "person": "person-per-thousand-persons"}
REACH = 24  # characters from a density's 每 to its figure


@dataclass(frozen=True)
class Density:
    """A figure's density wording: the indicator it names and its scale to per thousand."""

    match: ind.IndicatorMatch
    scale: Decimal


def density_of(norm: str, window_start: int, q: Quantity, match: ind.IndicatorMatch) -> Density | None:
    """The density a count or a number of people is stated as (每万人口全科医生数达到4.1人),
    or None. `window_start`: where the figure's words may begin; `match`: the indicator
    found for it, kept if it is a density of the scheme."""
    if q.unit not in _UNIT:
        return None
    said = list(PER_POPULATION.finditer(norm, max(window_start, q.number_start - REACH), q.number_start))
    if not said:
        return None
    found = said[-1]
    scale, per, population = found.groups()
    if not match.provisional and scheme.load().by_slug[match.slug].unit == _UNIT[q.unit]:
        return Density(match, _SCALE[scale])
    named = ind.provisional(norm, found.start(), q.number_start)
    if named is None or not named.label.startswith(found.group()) or len(named.label) <= len(found.group()):
        return None
    population = "人口" if population in ("常住人口", "户籍人口", "居民", "城乡居民") else per + population
    label = "每千" + population + named.label[len(found.group()):]
    known = _known(label, q.unit)
    return Density(ind.IndicatorMatch(known, label, named.start, named.end) if known
                   else ind.provisional_named(label, named.start, named.end), _SCALE[scale])


def _known(label: str, unit: str) -> str | None:
    """The slug of the scheme's density indicator the label names, in the figure's unit."""
    bare = label.replace("拥有", "", 1).removesuffix("数")
    for phrase in (label, label + "数", label.removesuffix("数"), bare, bare + "数"):
        slug = ind.slug_named(phrase)
        if slug and scheme.load().by_slug[slug].unit == _UNIT[unit]:
            return slug
    return None


def per_thousand(q: Quantity, density: Density) -> Quantity:
    """The figure per thousand, in its density unit."""
    unit = _UNIT[q.unit]
    return replace(q, value=q.value * density.scale, unit=unit, unit_iri=str(unit_iri_of(unit)))
