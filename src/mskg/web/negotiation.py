"""Content negotiation: the Accept header (RFC 9110 §12.5.1) and the formats the endpoint writes.

A format is chosen by the q-value of the most specific media range that
matches it (`text/csv` over `text/*` over `*/*`; `q=0` refuses). Among
formats of equal q, the one whose range the client listed first wins, then
the order of the table here (so `*/*` gets SPARQL JSON results and Turtle
graphs). Every format also answers to a few aliases that clients send
(`application/json`, `application/xml`, ...) when they name them exactly
(wildcards match the canonical media type only), but is always served with
its own media type.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from pyoxigraph import QueryResultsFormat, RdfFormat


@dataclass(frozen=True)
class Format:
    """One serialization: its media type, what it answers to and the pyoxigraph format that writes it."""

    name: str
    media_type: str
    aliases: tuple[str, ...] = ()
    results: QueryResultsFormat | None = None
    rdf: RdfFormat | None = None

    @property
    def accepted(self) -> tuple[str, ...]:
        """The media types (canonical first) that select this format."""
        return (self.media_type.split(";")[0], *self.aliases)


RESULT_FORMATS = (
    Format("json", "application/sparql-results+json", ("application/json",), results=QueryResultsFormat.JSON),
    Format("xml", "application/sparql-results+xml", ("application/xml", "text/xml"), results=QueryResultsFormat.XML),
    Format("csv", "text/csv; charset=utf-8", (), results=QueryResultsFormat.CSV),
    Format("tsv", "text/tab-separated-values; charset=utf-8", (), results=QueryResultsFormat.TSV),
)
"""SELECT and ASK results (pyoxigraph writes an ASK answer in CSV/TSV as the bare word)."""

GRAPH_FORMATS = (
    Format("turtle", "text/turtle; charset=utf-8", ("application/turtle", "application/x-turtle"),
           rdf=RdfFormat.TURTLE),
    Format("ntriples", "application/n-triples", ("text/plain",), rdf=RdfFormat.N_TRIPLES),
    Format("rdfxml", "application/rdf+xml", ("application/xml", "text/xml"), rdf=RdfFormat.RDF_XML),
    Format("jsonld", "application/ld+json", ("application/json", "application/x-json+ld"),
           rdf=RdfFormat.JSON_LD),
    Format("nquads", "application/n-quads", ("text/x-nquads",), rdf=RdfFormat.N_QUADS),
    Format("trig", "application/trig", ("application/x-trig",), rdf=RdfFormat.TRIG),
)
"""CONSTRUCT and DESCRIBE results, the service description and Graph Store reads."""

HTML = Format("html", "text/html; charset=utf-8")
"""The query form for people (GET without a query)."""


@dataclass(frozen=True)
class MediaRange:
    """One element of an Accept header."""

    type: str
    subtype: str
    q: float
    position: int

    def specificity(self, media_type: str) -> int:
        """2 for an exact match, 1 for `type/*`, 0 for `*/*`, -1 if it does not match."""
        kind, _, sub = media_type.partition("/")
        if self.type == "*":
            return 0
        if self.type != kind:
            return -1
        if self.subtype == "*":
            return 1
        return 2 if self.subtype == sub else -1


def parse_accept(header: str | None) -> list[MediaRange]:
    """The media ranges of an Accept header; a missing, empty or unreadable header accepts anything.

    Malformed elements are skipped, an unreadable q counts as 1 and q is
    clamped to [0, 1]."""
    ranges = []
    for position, element in enumerate((header or "").split(",")):
        media, *params = (part.strip() for part in element.split(";"))
        kind, slash, sub = media.lower().partition("/")
        if not slash or not kind or not sub:
            continue
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(1.0, max(0.0, float(value.strip())))
                except ValueError:
                    pass
        ranges.append(MediaRange(kind, sub, q, position))
    return ranges or [MediaRange("*", "*", 1.0, 0)]


def _quality(ranges: list[MediaRange], media_type: str, *, least: int = 0) -> tuple[float, int]:
    """q of the most specific range matching media_type at least as specifically as least,
    and that range's position (q 0 if none)."""
    best: tuple[int, MediaRange] | None = None
    for media_range in ranges:
        specificity = media_range.specificity(media_type)
        if specificity >= least and (best is None or specificity > best[0]):
            best = (specificity, media_range)
    return (best[1].q, best[1].position) if best else (0.0, 0)


@functools.lru_cache(maxsize=1024)
def choose(accept: str | None, formats: tuple[Format, ...]) -> Format | None:
    """The format of formats the Accept header prefers, or None when none is acceptable (406).
    Kept for the Accept headers seen most recently: clients send the same few again and again."""
    ranges = parse_accept(accept)
    scored = []
    for order, fmt in enumerate(formats):
        canonical, *aliases = fmt.accepted
        qualities = [_quality(ranges, canonical)] + [_quality(ranges, alias, least=2) for alias in aliases]
        q, position = max(qualities, key=lambda qp: (qp[0], -qp[1]))
        if q > 0:
            scored.append((-q, position, order, fmt))
    return min(scored, key=lambda item: item[:3])[3] if scored else None


def acceptable(formats: tuple[Format, ...]) -> str:
    """The media types of formats, for the body of a 406 answer."""
    return ", ".join(fmt.media_type.split(";")[0] for fmt in formats)
