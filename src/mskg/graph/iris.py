"""Stable IRIs for every published resource (see docs/design.md)."""

from __future__ import annotations

import hashlib
from functools import lru_cache

from rdflib import URIRef

from mskg.namespaces import ID


@lru_cache(maxsize=100_000)  # rdflib checks every IRI it makes
def region(code: str) -> URIRef:
    """A region or composite area: `id:region/654300`, or `id:area/wu-chang-shi` as given."""
    if code.startswith("area/"):
        return ID[code]
    return ID[f"region/{code}"]


@lru_cache(maxsize=100_000)
def level(name: str) -> URIRef:
    """A level in the region-level code list."""
    return ID[f"code/level/{name}"]


@lru_cache(maxsize=100_000)
def indicator(slug: str) -> URIRef:
    """An indicator concept."""
    return ID[f"indicator/{slug}"]


def provisional_indicator_slug(label: str, unit: str = "") -> str:
    """The slug of a provisional indicator, derived from its label and the unit of its
    figures (one label read in two units is two concepts: an indicator has one unit)."""
    key = f"{label}\x1f{unit}" if unit else label
    return "provisional/" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]


@lru_cache(maxsize=100_000)
def status(name: str) -> URIRef:
    """A status code: actual, target or before."""
    return ID[f"code/status/{name}"]


@lru_cache(maxsize=100_000)
def qualifier(name: str) -> URIRef:
    """A value-qualifier code: exact, approximate, at-least, ..."""
    return ID[f"code/qualifier/{name}"]


@lru_cache(maxsize=100_000)
def unit(slug: str) -> URIRef:
    """A unit: QUDT's (unit:PERCENT, unit:M2; slugs start upper-case) or ours (id:unit/yuan)."""
    if slug[:1].isupper():
        return URIRef("http://qudt.org/vocab/unit/" + slug)
    return ID[f"unit/{slug}"]


@lru_cache(maxsize=100_000)
def period(iso: str) -> URIRef:
    """A period, from its ISO 8601 form; intervals use the ISO `--` separator."""
    return ID["period/" + iso.replace("/", "--")]


def article(content_hash: str) -> URIRef:
    """A source article, from the hex SHA-256 of its UTF-8 text."""
    return ID[f"article/{content_hash[:16]}"]


def evidence(article_iri: str, start: int, end: int) -> str:
    """A character span of an article, as an RFC 5147 fragment.

    This and `observation` are plain strings: they are made for every figure
    reported, and an rdflib URIRef's check of each cost a third of a build's
    serial part (0.34 s for 1,000 articles)."""
    return f"{article_iri}#char={start},{end}"


def observation(region_code: str, indicator_slug: str, period_iso: str, status_name: str) -> str:
    """One observation per region, indicator, period and status."""
    return f"{ID}obs/{region_code.removeprefix('area/')}/{indicator_slug}/{period_iso.replace('/', '--')}/{status_name}"


def program(region_code: str, year: int) -> URIRef:
    """A region's livelihood program for one year."""
    return ID[f"program/{region_code.removeprefix('area/')}/{year}"]


def program_item(region_code: str, year: int, title: str) -> URIRef:
    """An item of a program, from its normalised title."""
    digest = hashlib.sha1("".join(title.split()).encode("utf-8")).hexdigest()[:8]
    return URIRef(f"{program(region_code, year)}/item/{digest}")
