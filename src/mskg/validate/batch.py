"""SHACL on one article's batch, with just the reference triples it needs.

Validating the whole store with pyshacl does not scale (measured: tens of
seconds at 10^5 observations); an article's batch with the descriptions of
the indicators, regions, units, codes and periods it points at costs in
proportion to the article, whatever the size of the store: ~0.5 s with
pyshacl, tens of milliseconds with the compiled shapes (fast.py) that build
and ingest use.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable

import pyoxigraph
from pyoxigraph import NamedNode

from mskg.graph.reference import REFERENCE_FILES
from mskg.graph.terms import Triple, parse, rdflib_graph
from mskg.namespaces import ID
from mskg.validate import fast, shacl, verdict


@lru_cache(maxsize=1)
def _reference() -> dict[NamedNode, list[Triple]]:
    """The reference triples by subject."""
    by_subject: dict[NamedNode, list[Triple]] = {}
    for path in REFERENCE_FILES.values():
        for triple in parse(path.read_bytes(), pyoxigraph.RdfFormat.TURTLE, str(ID)):
            by_subject.setdefault(triple[0], []).append(triple)
    return by_subject


_context: verdict.Context | None = None  # made by warm_up


def warm_up() -> None:
    """Parse the reference data, compile the shapes and index the reference data
    for verdict.conforms now (before forking workers): ~0.5 s once, which pays
    from ~60 articles on; check_article uses it from then on."""
    global _context
    if _context is None:
        _context = verdict.Context(_reference())


def needed_triples(batch: Iterable[Triple]) -> list[Triple]:
    """The reference triples about every IRI the batch points at (and their parents)."""
    reference = _reference()
    out = []
    seen: set[NamedNode] = set()
    todo = list({o for _, _, o in batch if isinstance(o, NamedNode)})
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for triple in reference.get(node, ()):
            out.append(triple)
            if isinstance(triple[2], NamedNode) and triple[2] not in seen and len(seen) < 5000:
                todo.append(triple[2])
    return out


def validate_article(article: Iterable[Triple], observations: Iterable[Triple], *,
                     engine: str = "fast") -> shacl.Report:
    """Validate an article's triples with its observations' published values and
    the reference triples they need (graph/terms.py triples): with the shapes
    compiled once (fast.py, the default) or with pyshacl (engine="pyshacl");
    both give the same report."""
    triples = list(article) + list(observations)
    triples += needed_triples(triples)
    if engine == "fast":
        return fast.validate(triples)
    if engine != "pyshacl":
        raise ValueError(f"unknown SHACL engine {engine!r}")
    return shacl.validate(rdflib_graph(triples), ontology=False)  # the ontology triples it needs are in `needed`


def check_article(article: Iterable[Triple], observations: Iterable[Triple]) -> shacl.Report | None:
    """None if an article's batch (as in validate_article) conforms, else its report.
    After warm_up, whether it conforms is decided without validating the reference
    nodes again (verdict.py); a failing batch gets validate_article's report."""
    article, observations = list(article), list(observations)
    if _context is not None and verdict.conforms(article + observations, _context):
        return None
    report = validate_article(article, observations)
    return None if report.conforms else report
