"""Ontology consistency under HermiT (owlready2; needs Java)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from rdflib import Graph

from mskg import paths


class ReasonerUnavailable(RuntimeError):
    """No Java runtime for HermiT."""


def consistent(extra: Graph | None = None) -> tuple[bool, str]:
    """Whether the ontology (plus `extra` triples, e.g. the data's typing) is
    consistent under HermiT, with HermiT's message when it is not."""
    import owlready2

    if shutil.which("java") is None:
        raise ReasonerUnavailable("java is not installed: HermiT needs it")
    graph = Graph().parse(paths.ONTOLOGY, format="turtle")
    if extra is not None:
        graph += extra
    with tempfile.TemporaryDirectory() as directory:
        target = Path(directory) / "mskg.owl"
        graph.serialize(target, format="xml")
        world = owlready2.World()
        onto = world.get_ontology(target.as_uri()).load()
        try:
            with onto:
                owlready2.sync_reasoner(world, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError as error:
            return False, f"inconsistent: {error}"
        unsatisfiable = list(world.inconsistent_classes())
    if unsatisfiable:
        return False, "unsatisfiable classes: " + ", ".join(map(str, unsatisfiable))
    return True, "consistent under HermiT"
