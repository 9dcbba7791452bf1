"""Units and the ways Chinese text writes them (data/units.ttl).

Every unit is a ``qudt:Unit``: QUDT's own (``unit:M2``, slug ``M2``) or
mskg's (``id:unit/person``, slug ``person``). A unit lists the strings that
name it after a number (``mskg:surfaceForm``). A written multiple such as 万元
is a unit of its own, ``qudt:scalingOf`` its base unit (元); the ratio of their
``qudt:conversionMultiplier`` values (1 when not stated) converts it. So
``load().forms["万元"]`` is 10000 ``yuan``, and observations are always stated in
a base unit.

Rates (元/人/天) are units with ``qudt:hasFactorUnit``; their *numerator* is the
factor with exponent 1 (``yuan``), which lets a value read as 11.25元 be taken
as a value of an indicator whose unit is ``yuan-per-person-per-day``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from mskg import paths

QUDT_UNIT = "http://qudt.org/vocab/unit/"
OWN_UNIT = "https://w3id.org/mskg/id/unit/"
QUANTITY_KIND = "http://qudt.org/vocab/quantitykind/"

_QUDT = "http://qudt.org/schema/qudt/"
_MSKG = "https://w3id.org/mskg/ontology#"
_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"

Resources = dict[str, dict[str, list]]


def read_resources(path: Path) -> Resources:
    """Every subject of a Turtle file: {subject: {predicate: [objects]}}.

    Subjects are IRIs, or ``_:id`` for blank nodes; objects are pyoxigraph
    terms (a blank-node object is found again under ``node_key(object)``).
    """
    table: Resources = defaultdict(lambda: defaultdict(list))
    for quad in ox.parse(path=path, format=ox.RdfFormat.TURTLE):
        table[node_key(quad.subject)][quad.predicate.value].append(quad.object)
    return table


def node_key(term) -> str:
    """The key of an IRI or blank node in a `read_resources` table."""
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else term.value


def label(values: list, language: str) -> str:
    """The first literal of `values` in `language`, or ""."""
    return next((v.value for v in values if getattr(v, "language", None) == language), "")


def slug_of(iri: str) -> str:
    """The short name of a unit: QUDT's local name (M2) or mskg's slug (person)."""
    for namespace in (QUDT_UNIT, OWN_UNIT):
        if iri.startswith(namespace):
            return iri[len(namespace):]
    raise ValueError(f"not a unit IRI: {iri}")


@dataclass(frozen=True)
class Unit:
    """A unit: labels, QUDT multiplier and quantity kind, base unit and numerator."""

    slug: str
    iri: str
    label_zh: str
    label_en: str
    multiplier: Decimal          # qudt:conversionMultiplier, 1 when not stated
    quantity_kind: str | None    # local name of qudt:hasQuantityKind, e.g. "Area"
    base: str                    # slug of the unit it is a scaling of, else its own
    numerator: str               # slug of its exponent-1 factor unit, else its own


@dataclass(frozen=True)
class UnitForm:
    """A written unit: a value followed by `surface` is `multiplier` × its base unit."""

    surface: str
    unit_iri: str
    unit_slug: str
    multiplier: Decimal


@dataclass(frozen=True)
class UnitTable:
    """All units by slug and all surface forms by string."""

    units: dict[str, Unit]
    forms: dict[str, UnitForm]
    longest_from: dict[str, int]  # the length of the longest form beginning with a character

    def match_at(self, text: str, pos: int) -> UnitForm | None:
        """The longest surface form that starts at text[pos], or None."""
        for length in range(min(self.longest_from.get(text[pos:pos + 1], 0), len(text) - pos), 0, -1):
            form = self.forms.get(text[pos:pos + length])
            if form:
                return form
        return None

    def convert(self, value: Decimal, source: str, target: str) -> Decimal | None:
        """`value` in unit `source` expressed in unit `target`, or None if it cannot be.

        Units of one quantity kind convert by their multipliers (1500 M -> 1.5
        KiloM); a value in a rate's numerator is read in the rate (12.5 yuan ->
        12.5 yuan-per-person-per-day).
        """
        if source == target:
            return value
        src, dst = self.units[source], self.units[target]
        if dst.numerator == source:
            return value
        if src.quantity_kind and src.quantity_kind == dst.quantity_kind:
            return value * src.multiplier / dst.multiplier
        return None


def _unit(iri: str, props: dict[str, list], resources: Resources) -> Unit:
    multiplier = props.get(_QUDT + "conversionMultiplier")
    kind = props.get(_QUDT + "hasQuantityKind")
    scaling = props.get(_QUDT + "scalingOf")
    numerator = iri
    for factor in props.get(_QUDT + "hasFactorUnit", []):
        factor_props = resources[node_key(factor)]
        if int(factor_props[_QUDT + "exponent"][0].value) == 1:
            numerator = factor_props[_QUDT + "hasUnit"][0].value
    return Unit(
        slug=slug_of(iri), iri=iri,
        label_zh=label(props.get(_LABEL, []), "zh"), label_en=label(props.get(_LABEL, []), "en"),
        multiplier=Decimal(multiplier[0].value) if multiplier else Decimal(1),
        quantity_kind=kind[0].value.removeprefix(QUANTITY_KIND) if kind else None,
        base=slug_of(scaling[0].value) if scaling else slug_of(iri),
        numerator=slug_of(numerator),
    )


@lru_cache(maxsize=1)
def load(path: Path = paths.UNITS) -> UnitTable:
    """Read data/units.ttl once. A surface form naming two units is an error."""
    resources = read_resources(path)
    units: dict[str, Unit] = {}
    forms: dict[str, UnitForm] = {}
    for iri, props in resources.items():
        if not iri.startswith((QUDT_UNIT, OWN_UNIT)):
            continue
        units[slug_of(iri)] = _unit(iri, props, resources)
    for unit in units.values():
        base = units[unit.base]
        for surface in resources[unit.iri].get(_MSKG + "surfaceForm", []):
            if surface.value in forms:
                raise ValueError(f"{path}: surface form {surface.value!r} names two units")
            factor = unit.multiplier / base.multiplier
            forms[surface.value] = UnitForm(surface.value, base.iri, base.slug,
                                            factor.quantize(1) if factor == factor.to_integral_value() else factor)
    longest_from: dict[str, int] = {}
    for surface in forms:
        longest_from[surface[0]] = max(longest_from.get(surface[0], 0), len(surface))
    return UnitTable(units, forms, longest_from)
