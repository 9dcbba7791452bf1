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
- each SHACL-SPARQL constraint whose target classes have focus nodes in D is
  first asked of its Python restatement (restated.py), which says only
  "certainly no solution" or "not sure";
- the constraints left, if any, run in a store of the batch (D and the
  reference triples it reaches, their quads made once), as one ASK query:
  the union of their queries, each with `$this` every instance of its
  target classes there, that is D's focus nodes and the reference nodes the
  batch reaches (which have no solutions: their reused verdicts say so).
  Oxigraph parses a query at every run: this text costs less to parse than
  the batch's focus nodes listed in VALUES, and one query less to start
  than ~14 (checked once: the queries can be subqueries of one). On the
  real batches no constraint is left (the store and query cost ~5 ms of an
  article's ~10).

A store kept for the process, holding the reference data once, with D added
and removed for each batch, costs more than a store of the batch: Oxigraph's
in-memory store keeps what is removed as old versions, and queries slow down
as they pile up (measured: 2-5 times slower within a few hundred batches).

`conforms` says only whether the batch conforms (None when a condition above
does not hold: then run fast.validate on the whole batch). The caller
validates a failing batch again with fast.validate for its report.
tests/test_verdict.py checks the verdict against fast.validate.
"""

from __future__ import annotations

from itertools import chain, starmap
from typing import Iterable

import pyoxigraph
from pyoxigraph import NamedNode
from rdflib.namespace import SH

from mskg.graph.terms import Term, Triple
from mskg.validate import fast, locality, restated

TYPE, SUBCLASS_OF = fast.TYPE, fast.SUBCLASS_OF
REACH_LIMIT = 5000  # batch.needed_triples stops following references past this many nodes


class _Batch(fast._Data):
    """A batch's own triples, indexed, and once `reach`ed the reference triples of the
    subjects it reaches (no subject has both: `conforms` checks that first)."""

    def __init__(self, triples: Iterable[Triple]):
        super().__init__(triples)
        self.reference, self.described = None, set()

    def reach(self, context: "Context", described: set[Term]) -> None:
        """Add the reference triples whose subject is in `described` (reference subjects)."""
        self.reference, self.described = context.index, described
        out = context.index.out
        self.out.update((s, out[s]) for s in described)

    def subjects(self, p: Term, o: Term) -> list[Term]:
        own = self.into.get(o, fast.NO_EDGES).get(p, fast.NO_NODES)
        if self.reference is None:
            return own
        theirs = [s for s in self.reference.subjects(p, o) if s in self.described]
        return own + theirs if own else theirs

    def own_instances(self, classes: list[Term]) -> list[Term]:
        """The focus nodes of these target classes among the batch's own subjects."""
        return fast._distinct(n for c in classes for sub in self.subclasses(c)
                              for n in self.into.get(sub, fast.NO_EDGES).get(TYPE, fast.NO_NODES))


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
        self.described = set(self.index.out)  # the subjects batch.needed_triples can add
        self._quads: dict[Term, list[pyoxigraph.Quad]] = {}
        self.compiled = compiled = fast.compile_shapes()
        self.whole = _Batch(())
        self.whole.reach(self, self.described)
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
        self.targeted = set(self.shapes_at) | set(self.constraints_at)
        self.violating: dict[Term, bool] = {}
        self.violators: set[Term] = set()
        violations = [(classes, c) for classes, c in compiled.sparql if c.severity == SH.Violation]
        self.on_instances = [(classes, _on_instances(classes, c)) for classes, c in violations]
        self.restated = [restated.restatement(c.select[len(c.prefixes):]) for _, c in violations]
        self.prologue = _prologue([c for _, c in violations], [query for _, query in self.on_instances])

    def _instances(self, classes: list[Term]) -> list[Term]:
        return [n for n in fast._distinct(n for c in classes for n in self.whole.instances(c))
                if isinstance(n, NamedNode)]

    def reached(self, starts: Iterable[Term], limit: int | None = REACH_LIMIT) -> set[Term] | None:
        """The nodes batch.needed_triples visits from these objects (None from `limit` nodes on)."""
        seen = set(starts)
        references = self.references
        todo = [n for n in seen if n in references]  # most of a batch's objects are its own nodes
        while todo:
            for node in references[todo.pop()]:
                if node not in seen:
                    seen.add(node)
                    if node in references:
                        todo.append(node)
        return seen if limit is None or len(seen) < limit else None

    def quads(self, nodes: Iterable[Term]) -> list[pyoxigraph.Quad]:
        """The reference triples about these nodes, as quads (made once: they recur in every batch)."""
        quads = []
        for node in nodes:
            made = self._quads.get(node)
            if made is None:
                made = self._quads[node] = list(starmap(pyoxigraph.Quad, self.by_subject.get(node, ())))
            quads += made
        return quads

    def any_violating(self, nodes: set[Term]) -> bool:
        """Whether any of these reference nodes violates a shape that targets it (memoised)."""
        targeted = nodes & self.targeted
        new = [n for n in targeted if n not in self.violating]
        if new:
            self._judge(new)
            self.violators.update(n for n in new if self.violating[n])
        return not self.violators.isdisjoint(targeted)

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


def _on_instances(classes: list[Term], constraint: fast._Sparql) -> str:
    """A constraint's query, without its PREFIX lines, with `$this` every instance of a
    target class: in a batch's store, its own focus nodes and the reference nodes it
    reaches (whose solutions, none, are known: `conforms`); a node of two target
    classes comes twice, which does not change whether there is a solution. Its text
    is the same in every batch, and parsing it costs less than listing the batch's
    focus nodes in it (~1.5 us each)."""
    instances = " UNION ".join(f"{{ ?this {TYPE}/{SUBCLASS_OF}* {c} }}" for c in classes)
    return constraint.head[len(constraint.prefixes) + 1:] + instances + "\n" + constraint.tail


def _ask(prologue: str, selects: list[str]) -> str:
    """Whether any of these queries has a solution, as one query (each query costs ~20 us
    to start besides its parsing)."""
    return prologue + "\nASK {\n" + "\nUNION\n".join("{ " + select + " }" for select in selects) + "\n}"


def _prologue(constraints: list[fast._Sparql], selects: list[str]) -> str | None:
    """The PREFIX lines of these constraints, if their `selects` can be subqueries of one
    query (`_ask`): no prefix declared two ways, none with a prologue or dataset of its own
    (None if not)."""
    declared: dict[str, str] = {}
    for constraint in constraints:
        for line in constraint.prefixes.splitlines():
            _, name, namespace = line.split(None, 2)
            if declared.setdefault(name, namespace) != namespace:
                return None
    prologue = "\n".join(f"PREFIX {name} {namespace}" for name, namespace in sorted(declared.items()))
    try:
        pyoxigraph.Store().query(_ask(prologue, selects))
    except SyntaxError:
        return None
    return prologue


def reached_batch(triples: Iterable[Triple], context: Context) -> tuple[_Batch, set[Term]] | None:
    """An article's own triples indexed, with the reference triples they reach
    (batch.needed_triples's), and the reference subjects those are about; None if
    the triples say something about a node the reference data mentions, or reach
    too far (see the module)."""
    batch = _Batch(triples)
    if not batch.out.keys().isdisjoint(context.mentioned):
        return None
    reached = context.reached({o for o in batch.into if isinstance(o, NamedNode)})
    if reached is None:
        return None
    described = reached & context.described
    batch.reach(context, described)
    return batch, described


def conforms(triples: Iterable[Triple], context: Context) -> bool | None:
    """Whether an article's own triples, with the reference triples they need
    (batch.needed_triples), conform to the shapes; None if this cannot be
    decided here (see the module: then validate the whole batch)."""
    if not context.reusable or context.prologue is None:
        return None
    prepared = reached_batch(triples, context)
    if prepared is None:
        return None
    batch, described = prepared
    if context.any_violating(described):
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
    selects = [select for (classes, select), restatement in zip(context.on_instances, context.restated)
               if focus_of(classes) and not (restatement and restatement(batch, focus_of(classes)))]
    if not selects:
        return True
    store = pyoxigraph.Store()
    store.extend(chain(starmap(pyoxigraph.Quad, batch.triples), context.quads(described)))
    return not store.query(_ask(context.prologue, selects))
