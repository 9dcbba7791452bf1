"""SHACL on one article's batch, with just the reference triples it needs.

Validating the whole store with pyshacl does not scale (measured: tens of
seconds at 10^5 observations); an article's batch with the descriptions of
the indicators, regions, units, codes and periods it points at validates in
tens of milliseconds, whatever the size of the store.
"""

from __future__ import annotations

from functools import lru_cache

from rdflib import Graph, URIRef

from mskg.graph.reference import REFERENCE_FILES
from mskg.validate import shacl


@lru_cache(maxsize=1)
def _reference() -> Graph:
    graph = Graph()
    for path in REFERENCE_FILES.values():
        graph.parse(path, format="turtle")
    return graph


def needed(batch: Graph) -> Graph:
    """The reference triples about every IRI the batch points at (and their parents)."""
    reference = _reference()
    out = Graph()
    seen: set[URIRef] = set()
    todo = [o for o in set(batch.objects()) if isinstance(o, URIRef)]
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for triple in reference.triples((node, None, None)):
            out.add(triple)
            if isinstance(triple[2], URIRef) and triple[2] not in seen and len(seen) < 5000:
                todo.append(triple[2])
    return out


def validate_article(article_graph: Graph, observations: Graph) -> shacl.Report:
    """Validate an article's graph with its observations' published values."""
    data = Graph()
    for graph in (article_graph, observations):
        for triple in graph:
            data.add(triple)
    for triple in needed(data):
        data.add(triple)
    return shacl.validate(data, ontology=False)  # the ontology triples it needs are in `needed`
