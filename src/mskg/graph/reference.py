"""The reference data as named graphs: ontology, regions, areas, indicators, units."""

from __future__ import annotations

import re
from functools import lru_cache

import pyoxigraph
from rdflib import Graph
from rdflib.compare import to_canonical_graph

from mskg import paths
from mskg.namespaces import ID

REFERENCE_FILES = {
    str(ID["graph/ontology"]): paths.ONTOLOGY,
    str(ID["graph/regions"]): paths.REGIONS,
    str(ID["graph/areas"]): paths.AREAS,
    str(ID["graph/indicators"]): paths.INDICATORS,
    str(ID["graph/units"]): paths.UNITS,
}


SKOLEM = str(ID[".well-known/genid/"])


def _ntriples(path) -> bytes:
    """A file's triples as N-Triples. Blank nodes become skolem IRIs
    (id:.well-known/genid/{canonical label}, RDF 1.1 section 3.5) named by the
    RGDA1 canonical labelling, so every build writes exactly the same triples
    (a store renames blank nodes on load; it keeps IRIs)."""
    with path.open("rb") as handle:
        triples = list(pyoxigraph.parse(handle, format=pyoxigraph.RdfFormat.TURTLE, base_iri=str(ID)))
    if not any(isinstance(t.subject, pyoxigraph.BlankNode) or isinstance(t.object, pyoxigraph.BlankNode)
               for t in triples):
        return pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES) or b""
    graph = Graph().parse(path, format="turtle")
    text = to_canonical_graph(graph).serialize(format="nt", encoding="utf-8").decode("utf-8")
    return re.sub(r"_:([A-Za-z0-9]+)", lambda m: f"<{SKOLEM}{m.group(1)}>", text).encode("utf-8")


@lru_cache(maxsize=1)
def reference_ntriples() -> dict[str, bytes]:
    """Every reference file's triples as N-Triples, by the named graph they go in."""
    return {graph: _ntriples(path) for graph, path in REFERENCE_FILES.items()}


@lru_cache(maxsize=1)
def reference_nquads() -> bytes:
    """Every reference file in its own named graph, as N-Quads."""
    lines = []
    for graph, ntriples in reference_ntriples().items():
        suffix = f" <{graph}> .".encode("utf-8")
        for line in ntriples.splitlines():
            if line.strip():
                lines.append(line.rstrip()[:-2].rstrip() + suffix)
    return b"\n".join(sorted(lines)) + b"\n"
