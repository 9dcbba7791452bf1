"""Which SHACL-SPARQL constraints read only forwards from their focus node.

verdict.py works out a reference node's verdict once, on the reference data
alone, and reuses it in every batch that holds the node. A constraint gives
the same answer there as in the batch when it can only match triples whose
subject it reached from `$this`: every triple pattern's subject must be
anchored, that is bound in every solution that uses the pattern through a
chain of patterns that starts at `$this` and runs from subject to object
(property paths included, if they run forwards). From a reference node such
a chain only meets reference triples, the same in the batch and out of it.

The analysis reads the query's SPARQL algebra (rdflib's) and is
conservative: a named graph, a service, a subquery, a constant subject or an
inverse step makes the answer False.
"""

from __future__ import annotations

from functools import lru_cache

from rdflib.paths import AlternativePath, MulPath, NegatedPath, SequencePath
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.algebra import translateGroupGraphPattern, translatePath, traverse
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import URIRef, Variable

THIS = Variable("this")
Anchored = frozenset  # of Variable

PASS_THROUGH = {"SelectQuery", "Project", "Distinct", "Reduced", "Slice", "OrderBy", "Group", "AggregateJoin"}


@lru_cache(maxsize=1000)  # rdflib parses a constraint in ~10 ms
def anchored(query: str) -> bool:
    """Whether every triple pattern of the SELECT `query` is anchored at $this (see the module)."""
    return _solve(prepareQuery(query).algebra, Anchored({THIS})) is not None


def _forward(path) -> bool:
    """A predicate or property path that only runs from subject to object."""
    if isinstance(path, (URIRef, Variable)):
        return True
    if isinstance(path, (SequencePath, AlternativePath)):
        return all(_forward(step) for step in path.args)
    if isinstance(path, MulPath):
        return _forward(path.path)
    if isinstance(path, NegatedPath):
        return all(isinstance(step, URIRef) for step in path.args)
    return False


def _bgp(triples, anchored: Anchored) -> Anchored | None:
    """The variables anchored after a basic graph pattern (None if a pattern's subject cannot be)."""
    pending = [(s, o) for s, p, o in triples]
    if not all(_forward(p) for _, p, _ in triples):
        return None
    found = set(anchored)
    while pending:
        ready = [(s, o) for s, o in pending if s in found]
        if not ready:
            return None
        for s, o in ready:
            pending.remove((s, o))
            if isinstance(o, Variable):
                found.add(o)
    return Anchored(found)


def _exists(expression, anchored: Anchored) -> bool:
    """Whether every (NOT) EXISTS pattern inside a filter or bind expression is anchored."""
    if isinstance(expression, CompValue):
        if expression.name in ("Builtin_EXISTS", "Builtin_NOTEXISTS"):
            graph = expression.graph
            if graph.name == "GroupGraphPatternSub":  # rdflib translates nested EXISTS lazily
                graph = traverse(translateGroupGraphPattern(graph), visitPost=translatePath)
            return _solve(graph, anchored) is not None
        return all(_exists(value, anchored) for value in expression.values())
    if isinstance(expression, (list, tuple)):
        return all(_exists(value, anchored) for value in expression)
    return True


def _solve(node, anchored: Anchored) -> Anchored | None:
    """The variables anchored in every solution of `node`, given those of its context
    (None: some pattern is not anchored)."""
    name = node.name
    if name == "BGP":
        return _bgp(node.triples, anchored)
    if name in PASS_THROUGH or name in ("Filter", "Extend"):
        inner = _solve(node.p, anchored)
        expressions = [node.get(key) for key in ("expr", "A") if node.get(key) is not None]
        return inner if inner is not None and _exists(expressions, inner) else None
    if name == "Join":
        first = _solve(node.p1, anchored)
        if first is None:
            second = _solve(node.p2, anchored)
            first = None if second is None else _solve(node.p1, second)
        else:
            second = _solve(node.p2, first)
        return None if first is None or second is None else first | second
    if name in ("LeftJoin", "Minus"):
        left = _solve(node.p1, anchored)
        right = None if left is None else _solve(node.p2, left)
        if right is None or not _exists(node.get("expr"), right):
            return None
        return left
    if name == "Union":
        first, second = _solve(node.p1, anchored), _solve(node.p2, anchored)
        return None if first is None or second is None else first & second
    if name == "ToMultiSet" and node.p.name == "values":
        return anchored
    return None
