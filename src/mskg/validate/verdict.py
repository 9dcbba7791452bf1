"""Whether an article's batch conforms, without validating its reference nodes again.

An article's batch (batch.py) is its own triples D (the article's and its
observations') plus the ~1,000 reference triples they point at, whose ~120
focus nodes (regions, indicators, units, codes) recur in every batch:
fast.validate indexed, checked and loaded them into a store again for
every article. Here the reference data is indexed once per process
(`Context`), and a batch costs little more than its own triples:

- D is indexed alone; the reference triples are seen through a view of the
  reference index restricted to exactly those batch.needed_triples adds
  (the ones whose subject D reaches), so the Core checks of D's focus nodes
  read the very batch fast.validate reads;
- a reference focus node's verdict is worked out once, on the reference data
  alone, and reused: it is the same in every batch as long as D says nothing
  about a node the reference data mentions (checked for every batch) and
  every shape that targets reference nodes reads only forwards from its
  focus node (no inverse path; SHACL-SPARQL patterns anchored at $this,
  locality.py; checked once);
- the SHACL-SPARQL constraints run on D's focus nodes only, in a store of
  the batch (D and the reference triples it reaches, their quads made once).

`conforms` says only whether the batch conforms (None when a condition above
does not hold: then run fast.validate on the whole batch). The caller
validates a failing batch again with fast.validate for its report.
tests/test_verdict.py checks the verdict against fast.validate.
"""

from __future__ import annotations

from typing import Iterable

import pyoxigraph
from pyoxigraph import BlankNode, NamedNode
from rdflib.namespace import SH

from mskg.graph.terms import Term, Triple
from mskg.validate import fast, locality

TYPE = fast.TYPE
REACH_LIMIT = 5000  # batch.needed_triples stops following references past this many nodes


class _Batch(fast._Data):
    """A batch's own triples, indexed, and once `reach`ed the reference triples of the
    subjects it reaches (no subject has both: `conforms` checks that first)."""

    def __init__(self, triples: Iterable[Triple]):
        super().__init__(triples)
        self.reference, self.reached = None, set()

    def reach(self, context: "Context", reached: set[Term]) -> None:
        """Add the reference triples whose subject is in `reached`."""
        self.reference, self.reached = context.index, reached
        self.out.update((s, context.index.out[s]) for s in reached if s in context.index.out)

    def subjects(self, p: Term, o: Term) -> list[Term]:
        own = self.into.get(o, {}).get(p, [])
        if self.reference is None:
            return own
        theirs = [s for s in self.reference.subjects(p, o) if s in self.reached]
        return own + theirs if own else theirs

    def own_instances(self, classes: list[Term]) -> list[Term]:
        """The focus nodes of these target classes among the batch's own subjects."""
        return fast._distinct(n for c in classes for sub in self.subclasses(c)
                              for n in self.into.get(sub, {}).get(TYPE, []))


class Context:
    """The reference data (triples by subject) indexed, and its focus nodes' verdicts."""

    def __init__(self, by_subject: dict[Term, list[Triple]]):
        named = [t for s, ts in by_subject.items() if isinstance(s, NamedNode) for t in ts]
        self.index = fast._Data(named)
        self.mentioned = set(by_subject) | {o for ts in by_subject.values() for _, _, o in ts
                                            if not isinstance(o, pyoxigraph.Literal)}
        self.references = {s: [o for _, _, o in ts if isinstance(o, NamedNode)]
                           for s, ts in by_subject.items() if isinstance(s, NamedNode)}
        self.by_subject = by_subject
        self._quads: dict[Term, list[pyoxigraph.Quad]] = {}
        self.compiled = compiled = fast.compile_shapes()
        self.whole = _Batch(())
        self.whole.reach(self, set(self.references))
        self.shapes_at: dict[Term, list[fast._Shape]] = {}
        for classes, shape in compiled.targeted:
            for node in self._instances(classes):
                self.shapes_at.setdefault(node, []).append(shape)
        self.constraints_at: dict[Term, list[fast._Sparql]] = {}
        for classes, constraint in compiled.sparql:
            for node in self._instances(classes):
                self.constraints_at.setdefault(node, []).append(constraint)
        on_reference = {id(s): s for ss in self.shapes_at.values() for s in ss}
        constraints_on_reference = {id(c): c for cs in self.constraints_at.values() for c in cs}
        self.reusable = (all(compiled.forward(s.node) for s in on_reference.values())
                         and all(locality.anchored(c.select) for c in constraints_on_reference.values()))
        self.violating: dict[Term, bool] = {}

    def _instances(self, classes: list[Term]) -> list[Term]:
        return [n for n in fast._distinct(n for c in classes for n in self.whole.instances(c))
                if isinstance(n, NamedNode)]

    def reached(self, starts: Iterable[Term], limit: int | None = REACH_LIMIT) -> set[Term] | None:
        """The nodes batch.needed_triples visits from these objects (None from `limit` nodes on)."""
        seen: set[Term] = set()
        todo = list(starts)
        while todo:
            node = todo.pop()
            if node not in seen:
                seen.add(node)
                todo.extend(self.references.get(node, ()))
        return seen if limit is None or len(seen) < limit else None

    def quads(self, nodes: Iterable[Term]) -> list[pyoxigraph.Quad]:
        """The reference triples about these nodes, as quads (made once: they recur in every batch)."""
        quads = []
        for node in nodes:
            made = self._quads.get(node)
            if made is None:
                made = self._quads[node] = [pyoxigraph.Quad(*t) for t in self.by_subject.get(node, ())]
            quads += made
        return quads

    def any_violating(self, nodes: Iterable[Term]) -> bool:
        """Whether any of these reference nodes violates a shape that targets it (memoised)."""
        targeted = [n for n in nodes if n in self.shapes_at or n in self.constraints_at]
        new = [n for n in targeted if n not in self.violating]
        if new:
            self._judge(new)
        return any(self.violating[n] for n in targeted)

    def _judge(self, nodes: list[Term]) -> None:
        compiled = self.compiled
        for node in nodes:
            self.violating[node] = any(s.violated(self.whole, node, compiled) for s in self.shapes_at.get(node, ()))
        store = None
        for _, constraint in compiled.sparql:
            if constraint.severity != SH.Violation:
                continue
            focus = [n for n in nodes if not self.violating[n]
                     and any(c is constraint for c in self.constraints_at.get(n, ()))]
            if focus:
                if store is None:  # what the queries can read: the reference data the nodes reach
                    store = pyoxigraph.Store()
                    store.extend(self.quads(self.reached(nodes, limit=None)))
                for row in store.query(constraint.on(focus)):
                    self.violating[row["this"]] = True


def conforms(triples: Iterable[Triple], context: Context) -> bool | None:
    """Whether an article's own triples, with the reference triples they need
    (batch.needed_triples), conform to the shapes; None if this cannot be
    decided here (see the module: then validate the whole batch)."""
    if not context.reusable:
        return None
    batch = _Batch(triples)
    if not batch.out.keys().isdisjoint(context.mentioned):
        return None
    reached = context.reached({o for _, _, o in batch.triples if isinstance(o, NamedNode)})
    if reached is None:
        return None
    batch.reach(context, reached)
    if context.any_violating(reached):
        return False
    compiled = context.compiled
    focus: dict[tuple, list[Term]] = {}

    def focus_of(classes: list[Term]) -> list[Term]:
        if tuple(classes) not in focus:
            focus[tuple(classes)] = batch.own_instances(classes)
        return focus[tuple(classes)]

    for classes, shape in compiled.targeted:
        if any(shape.violated(batch, node, compiled) for node in focus_of(classes)):
            return False
    queries = []
    for classes, constraint in compiled.sparql:
        nodes = focus_of(classes)
        if nodes and constraint.severity == SH.Violation:
            if any(isinstance(n, BlankNode) for n in nodes):
                return None
            queries.append(constraint.on(nodes))
    if not queries:
        return True
    store = pyoxigraph.Store()
    store.extend([pyoxigraph.Quad(*t) for t in batch.triples] + context.quads(reached))
    return not any(next(iter(store.query(q)), None) is not None for q in queries)
