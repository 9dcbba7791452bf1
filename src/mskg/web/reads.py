"""Parameterised reads for the lookup pages and the JSON API; and an entity's description.

Every value taken from a request reaches the store as a bound RDF term, never
as query text, so quotes, braces or SPARQL fragments in a search string
cannot change a query:

- a local store (LocalEngine) gets the terms through pyoxigraph's
  `substitutions` (SPARQL SEP-0007: the query is parsed first, then the
  variables are replaced by the terms);
- a remote server gets them as a `VALUES` block placed at the start of the
  query's outermost WHERE group, each term written by pyoxigraph's N-Triples
  serialiser (which escapes quotes, backslashes, newlines and control
  characters), so a term stays one term.

A SELECT must project the variables it binds (pyoxigraph's rule for
substitutions); the queries always read the union of the store's graphs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pyoxigraph as ox

from mskg.web.engine import Engine, LocalEngine

Term = ox.NamedNode | ox.BlankNode | ox.Literal
Row = dict[str, Term]

_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


class Reader:
    """Runs the service's own read queries over an engine, with bound values."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def select(self, query: str, **bindings: Term) -> list[Row]:
        """The solutions of a SELECT, as dicts of the bound variables (unbound ones left out)."""
        results = self._run(query, bindings)
        names = [variable.value for variable in results.variables]
        return [{name: term for name, term in zip(names, solution) if term is not None} for solution in results]

    def column(self, query: str, variable: str, **bindings: Term) -> Iterator[Term]:
        """One variable's values in a SELECT's solutions, as the store gives them (streamed: no row
        is kept; solutions leaving it unbound are skipped)."""
        results = self._run(query, bindings)
        position = [v.value for v in results.variables].index(variable)
        return (solution[position] for solution in results if solution[position] is not None)

    def construct(self, query: str, **bindings: Term) -> list[ox.Triple]:
        """The distinct triples of a CONSTRUCT, sorted (the union default graph repeats a triple
        stored in several graphs)."""
        return sorted(set(self._run(query, bindings)), key=str)

    def ask(self, query: str, **bindings: Term) -> bool:
        """The answer of an ASK."""
        return bool(self._run(query, bindings))

    def _run(self, query: str, bindings: dict[str, Term]):
        if isinstance(self.engine, LocalEngine):
            return self.engine.store.query(
                query, use_default_graph_as_union=True,
                substitutions={ox.Variable(name): term for name, term in bindings.items()})
        return self.engine.query(with_values(query, bindings), base_iri=None, default_graphs=[],
                                 named_graphs=[])


def with_values(query: str, bindings: dict[str, Term]) -> str:
    """The query with a VALUES block binding each variable, first in its outermost WHERE group."""
    if not bindings:
        return query
    match = _WHERE.search(query)
    if match is None:
        raise ValueError("a parameterised query needs a WHERE clause")
    names = " ".join(f"?{name}" for name in bindings)
    terms = " ".join(str(term) for term in bindings.values())
    return f"{query[:match.end()]} VALUES ({names}) {{ ({terms}) }} {query[match.end():]}"


_PREFIXES = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""
ABOUT = "SELECT DISTINCT ?this ?p ?o WHERE { ?this ?p ?o }"
HASH_IRIS = """SELECT DISTINCT ?this ?s ?p ?o WHERE {
  GRAPH ?this { ?s ?p ?o }
  FILTER(STRSTARTS(STR(?s), CONCAT(STR(?this), "#")))
}"""
NAMING = ("rdfs:label", "skos:prefLabel", "dcterms:title", "skos:notation")
NAMES = _PREFIXES + "SELECT DISTINCT ?o ?naming ?name WHERE {{ VALUES ?o {{ {iris} }} " + " UNION ".join(
    f"{{{{ ?o {p} ?name BIND({p} AS ?naming) }}}}" for p in NAMING) + " }}"
"""The names of some IRIs: one branch per naming property (each an index lookup; a variable
predicate would scan everything about an IRI, 66 000 sources of id:dataset at 10^6 observations)."""


def linked_names(reader: Reader, iris: list[str]) -> list[ox.Triple]:
    """The labels, titles and codes of iris (IRIs the store gave back), in one query."""
    return [ox.Triple(row["o"], row["naming"], row["name"])
            for row in reader.select(NAMES.format(iris=" ".join(str(ox.NamedNode(iri)) for iri in iris)))]


def describe(reader: Reader, iri: str,
             names: Callable[[Reader, list[str]], list[ox.Triple]] = linked_names) -> list[ox.Triple]:
    """The RDF of an entity: every triple about it, about its hash IRIs (an article's evidence
    spans `…#char=s,e` are described in the article's own graph), and the labels, titles and
    codes of what they link to, so a client can show it without a second request. Empty if the
    store knows nothing about iri.

    Rows are made distinct by the store before they reach Python (the union default graph
    repeats a triple once per graph stating it: a period is described in every article that
    uses it), and the names of all linked IRIs come in one query (the IRIs, which the store
    gave back, written as N-Triples terms; `names` may give some from memory)."""
    this = ox.NamedNode(iri)
    triples = {ox.Triple(this, row["p"], row["o"]) for row in reader.select(ABOUT, this=this)}
    if triples and reader.ask("ASK WHERE { GRAPH ?this { } }", this=this):
        triples |= {ox.Triple(row["s"], row["p"], row["o"]) for row in reader.select(HASH_IRIS, this=this)}
    linked = sorted({t.object.value for t in triples if isinstance(t.object, ox.NamedNode)})
    if linked:
        triples |= set(names(reader, linked))
    return sorted(triples, key=str)
