"""Composite areas (data/areas.ttl): named zones made of several regions."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rdflib import Graph
from rdflib.namespace import RDF, SKOS

from mskg import paths
from mskg.namespaces import ID, MSKG


@dataclass(frozen=True)
class Area:
    """A composite area: its code ("area/slug"), Chinese labels and member regions."""

    code: str
    labels: tuple[str, ...]
    members: tuple[str, ...]


@lru_cache(maxsize=1)
def load() -> tuple[Area, ...]:
    """Every curated composite area; none if data/areas.ttl is absent."""
    if not paths.AREAS.exists():
        return ()
    graph = Graph().parse(paths.AREAS)
    areas = []
    for node in sorted(graph.subjects(RDF.type, MSKG.CompositeArea)):
        labels = {str(l) for p in (SKOS.prefLabel, SKOS.altLabel)
                  for l in graph.objects(node, p) if getattr(l, "language", None) == "zh"}
        members = sorted(str(m).rsplit("/", 1)[-1] for m in graph.objects(node, MSKG.memberRegion))
        areas.append(Area(str(node).removeprefix(str(ID)), tuple(sorted(labels)), tuple(members)))
    return tuple(areas)
