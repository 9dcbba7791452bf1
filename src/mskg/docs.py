"""HTML documentation of the mskg ontology, made with pyLODE."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF, SKOS

from mskg import paths

DEFAULT_OUT = paths.ROOT / "docs" / "ontology"


def write_docs(out: Path = DEFAULT_OUT, ontology: Path = paths.ONTOLOGY) -> Path:
    """Write the ontology's documentation to `out`/index.html and return that path.

    pyLODE takes every skos:ConceptScheme in its input for the document's own
    subject (title, metadata), so the code-list schemes of the ontology are
    passed to it untyped.
    """
    from pylode import OntPub

    graph = Graph().parse(ontology, format="turtle")
    graph.remove((None, RDF.type, SKOS.ConceptScheme))
    out.mkdir(parents=True, exist_ok=True)
    target = out / "index.html"
    OntPub(ontology=graph).make_html(destination=target)
    return target
