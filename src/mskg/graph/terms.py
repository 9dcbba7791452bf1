"""RDF terms as pyoxigraph objects: what build, ingest and the compiled shapes work on.

rdflib's terms hash and compare in Python code, and adding a triple to an
rdflib graph updates several Python indexes; an article's batch (~1,700
triples with its reference data) cost tens of milliseconds that way. Triples
here are plain tuples of pyoxigraph terms (hashed and compared in Rust),
written as N-Triples by their own string forms. rdflib stays at the edges:
the shapes graph, pyshacl, and callers that want an rdflib graph.
"""

from __future__ import annotations

from typing import Iterable, Union

import pyoxigraph
from pyoxigraph import BlankNode, Literal, NamedNode
from rdflib import BNode, Graph, URIRef
from rdflib import Literal as RdflibLiteral
from rdflib.term import Node

Term = Union[NamedNode, BlankNode, Literal]
Triple = tuple[Term, NamedNode, Term]
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def rdflib_term(term: Term) -> Node:
    """A pyoxigraph term as an rdflib term (a plain string without a datatype, as rdflib parses it)."""
    if isinstance(term, NamedNode):
        return URIRef(term.value)
    if isinstance(term, BlankNode):
        return BNode(term.value)
    datatype = term.datatype.value
    return RdflibLiteral(term.value, lang=term.language,
                         datatype=None if term.language or datatype == XSD_STRING else datatype)


def oxigraph_term(term: Node) -> Term:
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return NamedNode(term)
    if isinstance(term, BNode):
        return BlankNode(term)
    if term.language:
        return Literal(term, language=term.language)
    if term.datatype is not None:
        return Literal(term, datatype=NamedNode(term.datatype))
    return Literal(term)


def from_rdflib(triples: Iterable[tuple[Node, Node, Node]]) -> list[Triple]:
    """rdflib triples (e.g. a Graph) as pyoxigraph triples."""
    return [(oxigraph_term(s), oxigraph_term(p), oxigraph_term(o)) for s, p, o in triples]


def rdflib_graph(triples: Iterable[Triple], identifier: Node | None = None) -> Graph:
    """pyoxigraph triples as an rdflib graph."""
    graph = Graph(identifier=identifier)
    for s, p, o in triples:
        graph.add((rdflib_term(s), rdflib_term(p), rdflib_term(o)))
    return graph


def parse(data: bytes | str, format: pyoxigraph.RdfFormat = pyoxigraph.RdfFormat.N_TRIPLES,
          base_iri: str | None = None) -> list[Triple]:
    """The triples of an RDF document."""
    return [(t.subject, t.predicate, t.object) for t in pyoxigraph.parse(data, format=format, base_iri=base_iri)]


def ntriples(triples: Iterable[Triple]) -> bytes:
    """Triples as N-Triples, one line each, in their order."""
    return "".join(f"{s} {p} {o} .\n" for s, p, o in triples).encode("utf-8")
