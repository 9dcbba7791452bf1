"""The reference data as named graphs: ontology, regions, areas, indicators, units."""

from __future__ import annotations

from functools import lru_cache

import pyoxigraph

from mskg import paths
from mskg.namespaces import ID

REFERENCE_FILES = {
    str(ID["graph/ontology"]): paths.ONTOLOGY,
    str(ID["graph/regions"]): paths.REGIONS,
    str(ID["graph/areas"]): paths.AREAS,
    str(ID["graph/indicators"]): paths.INDICATORS,
    str(ID["graph/units"]): paths.UNITS,
}


@lru_cache(maxsize=1)
def reference_nquads() -> bytes:
    """Every reference file parsed into its own named graph, as N-Quads."""
    quads = []
    for graph, path in REFERENCE_FILES.items():
        name = pyoxigraph.NamedNode(graph)
        with path.open("rb") as handle:
            for triple in pyoxigraph.parse(handle, format=pyoxigraph.RdfFormat.TURTLE,
                                           base_iri=str(ID)):
                quads.append(pyoxigraph.Quad(triple.subject, triple.predicate, triple.object, name))
    return pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.N_QUADS) or b""
