"""The W3C RDF Data Cube integrity constraints IC-1 ... IC-21 on pyoxigraph.

The queries are the spec's (https://www.w3.org/TR/vocab-data-cube/#wf-rules),
one file per constraint in validate/datacube/: `ic-NN.rq` is the spec's ASK
(true means the constraint is broken), `ic-NN.select.rq` a companion SELECT
that names the offending nodes (`?focus`, with a `?detail` sentence), and for
the templates IC-20 and IC-21 `ic-NN.instances.rq` lists the hierarchical code
lists to instantiate them for.

`check` never touches the caller's data. It copies it into an in-memory
Oxigraph store as one graph: the constraints are stated over a single RDF
graph, while mskg spreads a cube over named graphs (observations, articles,
reference data). The copy is the RDF merge of all graphs in its default graph,
and the spec's normalization (phase 1 then phase 2 SPARQL Updates) and every
query run on that default graph. This beats the union-default-graph option of
queries because SPARQL Updates on pyoxigraph have no such option: the
normalization's WHERE clauses would not see the named graphs.

IC-12 as the spec writes it compares every pair of observations. When its
preconditions hold (see datacube/ic-12.keys.rq) it is decided instead by
grouping observations on their dimension values, with the same answer, in
linear time; otherwise the spec's query runs.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pyoxigraph
from rdflib import Graph
from rdflib.graph import ConjunctiveGraph

from mskg.store.base import Store
from mskg.store.embedded import EmbeddedStore

QUERIES = Path(__file__).with_name("datacube")
NORMALIZATION = ("normalize-phase-1.ru", "normalize-phase-2.ru")
EXAMPLES = 5
IC12_PRECONDITIONS = ("IC-1", "IC-2", "IC-11")


@dataclass(frozen=True)
class Offender:
    """A node that breaks a constraint (an IRI, or an N-Triples term) and why."""

    focus: str
    detail: str | None = None


@dataclass(frozen=True)
class ICResult:
    """The outcome of one constraint: if it fails, `examples` name a few offenders
    (`more` if there are others)."""

    id: str
    title: str
    passed: bool
    examples: tuple[Offender, ...] = ()
    more: bool = False


@dataclass(frozen=True)
class Constraint:
    """One constraint's queries; `instances` is set for the templates IC-20 and IC-21."""

    id: str
    title: str
    ask: str
    select: str
    instances: str | None


def _read(name: str) -> str:
    return (QUERIES / name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def constraints() -> tuple[Constraint, ...]:
    """IC-1 ... IC-21 as read from their files, in order (title from the header comment)."""
    result = []
    for path in sorted(QUERIES.glob("ic-[0-9][0-9].rq")):
        ask = path.read_text(encoding="utf-8")
        ident, title = ask.splitlines()[0].removeprefix("# ").split(". ", 1)
        instances = path.with_suffix(".instances.rq")
        result.append(Constraint(ident, title.strip(), ask, _read(path.stem + ".select.rq"),
                                 instances.read_text(encoding="utf-8") if instances.exists() else None))
    return tuple(result)


def _oxigraph(data) -> pyoxigraph.Store:
    """`data` as a pyoxigraph store to read: an embedded store's own (not copied), else a copy."""
    if isinstance(data, pyoxigraph.Store):
        return data
    if isinstance(data, EmbeddedStore):
        return data.oxigraph
    store = pyoxigraph.Store()
    if isinstance(data, Store):
        store.load(data.dump(), pyoxigraph.RdfFormat.N_QUADS, lenient=True)
    elif isinstance(data, ConjunctiveGraph):
        store.load(data.serialize(format="nquads", encoding="utf-8"), pyoxigraph.RdfFormat.N_QUADS)
    elif isinstance(data, Graph):
        store.load(data.serialize(format="nt", encoding="utf-8"), pyoxigraph.RdfFormat.N_TRIPLES)
    else:
        raise TypeError(f"cannot check a {type(data).__name__}: give an rdflib graph or a store")
    return store


def merged_copy(data) -> pyoxigraph.Store:
    """A new in-memory store whose default graph is the merge of every graph of `data`.

    `data` is an rdflib Graph or Dataset, a pyoxigraph.Store or an mskg Store.
    The graphs are dumped as one N-Triples document, so a blank node shared
    between graphs stays one node.
    """
    source = _oxigraph(data)
    graphs = [pyoxigraph.DefaultGraph(), *source.named_graphs()]
    document = b"".join(source.dump(format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=g) or b""
                        for g in graphs)
    copy = pyoxigraph.Store()
    copy.load(document, pyoxigraph.RdfFormat.N_TRIPLES, lenient=True)
    return copy


def normalize(store: pyoxigraph.Store) -> None:
    """Apply the spec's normalization algorithm (phase 1, then 2) to the default graph, in place."""
    for name in NORMALIZATION:
        store.update(_read(name))


def _term(term) -> str:
    return term.value if isinstance(term, pyoxigraph.NamedNode) else str(term)


def _result(constraint: Constraint, passed: bool, offenders: list[Offender]) -> ICResult:
    unique = list(dict.fromkeys(offenders))
    return ICResult(constraint.id, constraint.title, passed, tuple(unique[:EXAMPLES]),
                    more=len(unique) > EXAMPLES)


def _instances(store: pyoxigraph.Store, constraint: Constraint):
    """(ASK, SELECT, substitutions) per instance: one, or one per hierarchy for IC-20/21."""
    if constraint.instances is None:
        yield constraint.ask, constraint.select, {}
        return
    for row in store.query(constraint.instances):
        iri = f"<{row['p'].value}>"
        binding = {pyoxigraph.Variable("list"): row["hierarchy"]}
        yield constraint.ask.replace("<$p>", iri), constraint.select.replace("<$p>", iri), binding


def evaluate(store: pyoxigraph.Store, constraint: Constraint) -> ICResult:
    """Run one constraint's spec ASK on a normalized store; on failure, its SELECT for examples."""
    offenders: list[Offender] = []
    passed = True
    for ask, select, binding in _instances(store, constraint):
        if bool(store.query(ask, substitutions=binding)):
            passed = False
            rows = store.query(select, substitutions=binding)
            for row in itertools.islice(rows, EXAMPLES + 1):
                detail = row["detail"]
                offenders.append(Offender(_term(row["focus"]), None if detail is None else detail.value))
    return _result(constraint, passed, offenders)


def _ic12_by_key(store: pyoxigraph.Store, constraint: Constraint) -> ICResult | None:
    """IC-12 by grouping observations on their dimension values; None if a value is a literal."""
    values = defaultdict(set)
    for dataset, obs, dim, value in store.query(_read("ic-12.keys.rq")):
        if isinstance(value, pyoxigraph.Literal):
            return None
        values[dataset, obs].add((dim, value))
    groups = defaultdict(list)
    for (dataset, obs), pairs in values.items():
        if len({dim for dim, _ in pairs}) == len(pairs):  # two values for a dimension never match
            groups[dataset, frozenset(pairs)].append(obs)
    offenders = []
    for group in groups.values():
        first, *others = sorted(group, key=str)
        offenders += [Offender(_term(first), f"has the same dimension values as {_term(o)}") for o in others]
    return _result(constraint, not offenders, offenders)


def check(data) -> list[ICResult]:
    """Check IC-1 ... IC-21 on a normalized merged copy of `data` (never modified).

    `data` is an rdflib Graph or Dataset, a pyoxigraph.Store or an mskg Store.
    Returns one result per constraint, in order.
    """
    return check_merged(merged_copy(data))


def merged_ntriples(documents: list[bytes]) -> pyoxigraph.Store:
    """A new in-memory store whose default graph is the merge of N-Triples documents
    (what merged_copy makes of a store holding them as graphs)."""
    store = pyoxigraph.Store()
    store.load(b"".join(documents), pyoxigraph.RdfFormat.N_TRIPLES, lenient=True)
    return store


def check_merged(store: pyoxigraph.Store) -> list[ICResult]:
    """Check IC-1 ... IC-21 on a merged copy (merged_copy, merged_ntriples), which
    this normalizes in place. One result per constraint, in order."""
    normalize(store)
    results: dict[str, ICResult] = {}
    for constraint in constraints():
        result = None
        if constraint.id == "IC-12" and all(results[i].passed for i in IC12_PRECONDITIONS):
            result = _ic12_by_key(store, constraint)
        results[constraint.id] = result or evaluate(store, constraint)
    return list(results.values())


def report(results: list[ICResult]) -> str:
    """A plain-text report: a summary line, then one line per constraint and its offenders."""
    failed = sum(not r.passed for r in results)
    lines = [f"RDF Data Cube integrity constraints: {len(results) - failed} of {len(results)} pass."]
    for r in results:
        lines.append(f"{'PASS' if r.passed else 'FAIL'}  {r.id:<5} {r.title}")
        lines += [f"      {o.focus}" + (f": {o.detail}" if o.detail else "") for o in r.examples]
        if r.more:
            lines.append("      ... and more")
    return "\n".join(lines)
