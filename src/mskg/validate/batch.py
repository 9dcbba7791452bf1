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
from rdflib import Graph, URIRef

from mskg.graph.reference import REFERENCE_FILES
from mskg.namespaces import ID
from mskg.validate import fast, shacl


@lru_cache(maxsize=1)
def _reference() -> dict[URIRef, list[tuple]]:
    """The reference triples by subject (parsed by pyoxigraph: seconds faster than rdflib)."""
    by_subject: dict[URIRef, list[tuple]] = {}
    for path in REFERENCE_FILES.values():
        with path.open("rb") as handle:
            for t in pyoxigraph.parse(handle, format=pyoxigraph.RdfFormat.TURTLE, base_iri=str(ID)):
                triple = (fast.rdflib_term(t.subject), fast.rdflib_term(t.predicate), fast.rdflib_term(t.object))
                by_subject.setdefault(triple[0], []).append(triple)
    return by_subject


def warm_up() -> None:
    """Parse the reference data and compile the shapes now (before forking workers)."""
    _reference()
    fast.compile_shapes()


def needed_triples(batch: Iterable[tuple]) -> list[tuple]:
    """The reference triples about every IRI the batch points at (and their parents)."""
    reference = _reference()
    out = []
    seen: set[URIRef] = set()
    todo = list({o for _, _, o in batch if isinstance(o, URIRef)})
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for triple in reference.get(node, ()):
            out.append(triple)
            if isinstance(triple[2], URIRef) and triple[2] not in seen and len(seen) < 5000:
                todo.append(triple[2])
    return out


def validate_article(article_graph: Graph, observations: Graph, *, engine: str = "fast") -> shacl.Report:
    """Validate an article's graph with its observations' published values and
    the reference triples they need: with the shapes compiled once (fast.py,
    the default) or with pyshacl (engine="pyshacl"); both give the same report."""
    triples = list(article_graph) + list(observations)
    triples += needed_triples(triples)
    if engine == "fast":
        return fast.validate(triples)
    if engine != "pyshacl":
        raise ValueError(f"unknown SHACL engine {engine!r}")
    data = Graph()
    for triple in triples:
        data.add(triple)
    return shacl.validate(data, ontology=False)  # the ontology triples it needs are in `needed`
