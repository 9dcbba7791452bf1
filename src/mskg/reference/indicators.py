"""The indicator scheme and its topics (data/indicators.ttl).

``load().by_slug["urban-new-jobs"]`` gives an indicator's labels, default unit
(a slug of data/units.ttl, e.g. ``person`` or ``PERCENT``), topic, measure kind
(``flow`` or ``stock``) and value bounds. ``load().lexicon()`` is the
extractor's vocabulary: every Chinese preferred and alternative label with the
indicator it names, longest first, so that the first match of a regular
expression built from it is the most specific wording.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from mskg import paths
from mskg.reference.units import label, read_resources, slug_of

INDICATOR = "https://w3id.org/mskg/id/indicator/"
TOPIC = "https://w3id.org/mskg/id/topic/"

_MSKG = "https://w3id.org/mskg/ontology#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
KINDS = ("flow", "stock")


@dataclass(frozen=True)
class Topic:
    """A livelihood topic (employment, housing, ...)."""

    slug: str
    iri: str
    label_zh: str
    label_en: str


@dataclass(frozen=True)
class Indicator:
    """One concept of the indicator scheme."""

    slug: str
    iri: str
    label_zh: str
    label_en: str
    alt_labels_zh: tuple[str, ...]
    unit: str                    # unit slug: "person", "yuan", "PERCENT", ...
    topic: str                   # topic slug
    kind: str                    # "flow" or "stock"
    min_value: Decimal | None
    max_value: Decimal | None


@dataclass(frozen=True)
class IndicatorScheme:
    """All indicators by slug, all topics by slug, and the Chinese lexicon."""

    by_slug: dict[str, Indicator]
    topics: dict[str, Topic]
    _lexicon: tuple[tuple[str, str], ...] = field(repr=False)

    def lexicon(self) -> tuple[tuple[str, str], ...]:
        """(Chinese phrase, indicator slug) pairs, longest phrase first."""
        return self._lexicon


def _decimal(values: list) -> Decimal | None:
    return Decimal(values[0].value) if values else None


def _kind(iri: str) -> str:
    """'flow' or 'stock' from id:code/measure-kind/flow (or any IRI ending so)."""
    kind = iri.replace("#", "/").rsplit("/", 1)[-1].lower()
    if kind not in KINDS:
        raise ValueError(f"unknown measure kind {iri}")
    return kind


def _indicator(iri: str, props: dict[str, list]) -> Indicator:
    def one(predicate: str) -> str:
        values = props.get(predicate)
        if not values:
            raise ValueError(f"{iri} has no {predicate}")
        return values[0].value

    return Indicator(
        slug=iri.removeprefix(INDICATOR), iri=iri,
        label_zh=label(props.get(_SKOS + "prefLabel", []), "zh"),
        label_en=label(props.get(_SKOS + "prefLabel", []), "en"),
        alt_labels_zh=tuple(sorted(v.value for v in props.get(_SKOS + "altLabel", [])
                                   if getattr(v, "language", None) == "zh")),
        unit=slug_of(one(_MSKG + "unit")),
        topic=one(_MSKG + "topic").removeprefix(TOPIC),
        kind=_kind(one(_MSKG + "measureKind")),
        min_value=_decimal(props.get(_MSKG + "minValue", [])),
        max_value=_decimal(props.get(_MSKG + "maxValue", [])),
    )


def _build_lexicon(indicators: dict[str, Indicator]) -> tuple[tuple[str, str], ...]:
    owner: dict[str, str] = {}
    for slug, indicator in indicators.items():
        for phrase in (indicator.label_zh, *indicator.alt_labels_zh):
            if owner.setdefault(phrase, slug) != slug:
                raise ValueError(f"phrase {phrase!r} names both {owner[phrase]} and {slug}")
    return tuple(sorted(owner.items(), key=lambda pair: (-len(pair[0]), pair[0])))


@lru_cache(maxsize=1)
def load(path: Path = paths.INDICATORS) -> IndicatorScheme:
    """Read data/indicators.ttl once. A phrase naming two indicators is an error."""
    resources = read_resources(path)
    indicators: dict[str, Indicator] = {}
    topics: dict[str, Topic] = {}
    for iri, props in resources.items():
        types = {t.value for t in props.get(_TYPE, [])}
        if _MSKG + "Indicator" in types:
            indicators[iri.removeprefix(INDICATOR)] = _indicator(iri, props)
        elif _MSKG + "Topic" in types:
            prefs = props.get(_SKOS + "prefLabel", [])
            topics[iri.removeprefix(TOPIC)] = Topic(iri.removeprefix(TOPIC), iri,
                                                    label(prefs, "zh"), label(prefs, "en"))
    return IndicatorScheme(indicators, topics, _build_lexicon(indicators))
