"""SHACL on one article's batch without pyshacl: the shapes compiled once.

pyshacl spends ~0.5 s on an article's batch (~1,700 triples): it re-walks
its shapes graph for every focus node and runs each SHACL-SPARQL constraint
once per focus node through rdflib's SPARQL engine. Here the shapes of
shapes/*.ttl are read once into plain Python checks:

- the SHACL Core constraints the shapes use (targetClass, property paths:
  predicate, inverse, sequence, alternative; min/maxCount, datatype,
  nodeKind, pattern, minLength, in, hasValue, class, node, not, or,
  languageIn, uniqueLang, qualifiedValueShape with qualifiedMinCount,
  lessThan, min/maxInclusive, minExclusive, severity) are evaluated in
  Python over a dictionary index of the batch's pyoxigraph terms (hashed and
  compared in Rust, graph/terms.py), with the same value semantics as
  pyshacl: a literal whose value a check reads (datatype, pattern, ranges
  ...) is read as the rdflib literal pyshacl would see (compare_literal,
  ill-typed literals);
- each SHACL-SPARQL constraint runs once over the whole batch in a small
  in-memory pyoxigraph store, its query unchanged but for the focus nodes
  bound first (`?this` an instance of a target class).

A shape feature outside this list makes `compile_shapes` fail loudly, so a
new shape cannot be skipped silently. tests/test_fast_shacl.py proves the
results equal pyshacl's on every crafted defect and every real batch;
pyshacl stays the engine of `mskg validate`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Callable, Iterable

import pyoxigraph
from pyoxigraph import BlankNode, NamedNode
from pyshacl.rdfutil.compare import compare_literal
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import Node

from mskg.graph.terms import Term, Triple, oxigraph_term, rdflib_term
from mskg.validate.shacl import Report, Violation, load_shapes

TYPE, SUBCLASS_OF = NamedNode(RDF.type), NamedNode(RDFS.subClassOf)


@lru_cache(maxsize=100_000)
def _rdflib(term: Term) -> Node:
    """A data term as pyshacl sees it (cached: reference data recurs in every batch)."""
    return rdflib_term(term)

# Shape predicates this module understands (anything else in a shape is an error).
UNDERSTOOD = {
    RDF.type, RDFS.label, RDFS.comment, SH.targetClass, SH.property, SH.path, SH.message, SH.severity,
    SH.minCount, SH.maxCount, SH.datatype, SH.nodeKind, SH.pattern, SH.minLength, SH["in"], SH.hasValue,
    SH["class"], SH.node, SH["not"], SH["or"], SH.languageIn, SH.uniqueLang, SH.qualifiedValueShape,
    SH.qualifiedMinCount, SH.lessThan, SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.sparql,
}


NO_EDGES: dict = {}  # the defaults of lookups: shared, so a lookup allocates nothing (never changed)
NO_NODES: tuple = ()


class _Data:
    """The batch indexed by subject and by object."""

    def __init__(self, triples: Iterable[Triple]):
        self.triples = list(dict.fromkeys(triples))
        self.out: dict[Term, dict[Term, list[Term]]] = {}
        self.into: dict[Term, dict[Term, list[Term]]] = {}
        for s, p, o in self.triples:
            self.out.setdefault(s, {}).setdefault(p, []).append(o)
            self.into.setdefault(o, {}).setdefault(p, []).append(s)
        self._classes: dict[Term, set[Term]] = {}

    def objects(self, s: Term, p: Term) -> list[Term]:
        return self.out.get(s, NO_EDGES).get(p, NO_NODES)

    def subjects(self, p: Term, o: Term) -> list[Term]:
        return self.into.get(o, NO_EDGES).get(p, NO_NODES)

    def subclasses(self, cls: Term) -> set[Term]:
        """The class and every class below it by rdfs:subClassOf in the batch."""
        if cls not in self._classes:
            found, todo = {cls}, [cls]
            while todo:
                for sub in self.subjects(SUBCLASS_OF, todo.pop()):
                    if sub not in found:
                        found.add(sub)
                        todo.append(sub)
            self._classes[cls] = found
        return self._classes[cls]

    def instances(self, cls: Term) -> list[Term]:
        """SHACL instances: rdf:type/rdfs:subClassOf* cls."""
        return [s for c in self.subclasses(cls) for s in self.subjects(TYPE, c)]

    def is_instance(self, node: Term, cls: Term) -> bool:
        return not self.subclasses(cls).isdisjoint(self.objects(node, TYPE))


Path = Callable[[_Data, Term], list[Term]]


def _distinct(nodes: Iterable[Term]) -> list[Term]:
    return list(dict.fromkeys(nodes))


def _path(shapes: Graph, node: Node) -> Path:
    """A SHACL property path as a function from a focus node to its value nodes."""
    if isinstance(node, URIRef):
        predicate = NamedNode(node)
        return lambda data, focus: data.objects(focus, predicate)
    inverse = shapes.value(node, SH.inversePath)
    if inverse is not None:
        predicate = NamedNode(inverse)
        return lambda data, focus: data.subjects(predicate, focus)
    alternatives = shapes.value(node, SH.alternativePath)
    if alternatives is not None:
        parts = [_path(shapes, p) for p in Collection(shapes, alternatives)]
        return lambda data, focus: _distinct(v for part in parts for v in part(data, focus))
    if shapes.value(node, RDF.first) is not None:
        steps = [_path(shapes, p) for p in Collection(shapes, node)]

        def sequence(data: _Data, focus: Term) -> list[Term]:
            nodes = [focus]
            for step in steps:
                nodes = _distinct(v for n in nodes for v in step(data, n))
            return nodes
        return sequence
    raise ValueError(f"unsupported SHACL path {node!r}")


def _forward_path(shapes: Graph, node: Node) -> bool:
    """Whether a SHACL property path only runs from subject to object."""
    if isinstance(node, URIRef):
        return True
    parts = shapes.value(node, SH.alternativePath)
    if parts is not None:
        return all(_forward_path(shapes, p) for p in Collection(shapes, parts))
    if shapes.value(node, RDF.first) is not None:
        return all(_forward_path(shapes, p) for p in Collection(shapes, node))
    return False


KINDS = {XSD.string: str, XSD.integer: int, XSD.decimal: Decimal, XSD.float: float, XSD.boolean: bool}


@lru_cache(maxsize=100_000)
def _datatype_matches(term: Term, datatype_iri: str) -> bool:
    """pyshacl's sh:datatype: same datatype IRI, not ill-typed, the Python value of the expected kind
    (cached, by the datatype's IRI string: rdflib terms compare in Python code)."""
    if not isinstance(term, pyoxigraph.Literal):
        return False
    value, datatype = _rdflib(term), URIRef(datatype_iri)
    if value.datatype == datatype:
        if value.ill_typed is True:
            return False
        return datatype not in KINDS or isinstance(value.value, KINDS[datatype])
    if datatype == RDFS.Literal:
        return True
    if value.datatype is None and value.language is None and datatype == XSD.string:
        return isinstance(value.value, str)
    if datatype == RDF.langString and value.language:
        return isinstance(value.value, str)
    return False


def _string(term: Term) -> str:
    """A value node's string for sh:pattern and sh:minLength, as pyshacl takes it."""
    if isinstance(term, NamedNode):  # most patterns check IRIs: their URIRef's string is the IRI
        return term.value
    value = _rdflib(term)
    if isinstance(value, Literal) and value.value is not None and isinstance(value.value, str):
        return value.value
    return str(value)


def _node_kind(kind: Node) -> Callable[[Term], bool]:
    iri, blank, literal = NamedNode, BlankNode, pyoxigraph.Literal
    kinds = {SH.IRI: (iri,), SH.BlankNode: (blank,), SH.Literal: (literal,),
             SH.BlankNodeOrIRI: (blank, iri), SH.BlankNodeOrLiteral: (blank, literal),
             SH.IRIOrLiteral: (iri, literal)}
    accepted = kinds[kind]
    return lambda value: isinstance(value, accepted)


def _language_in(ranges: list[str]) -> Callable[[Term], bool]:
    wanted = {r.lower() for r in ranges}

    def matches(term: Term) -> bool:
        value = _rdflib(term)
        if not (isinstance(value, Literal) and value.language):
            return False
        language = value.language.lower()
        return "*" in wanted or language in wanted or language.split("-")[0] in wanted
    return matches


def _range(bound: Literal, accept: Callable[[int], bool]) -> Callable[[Term], bool]:
    """min/maxInclusive, minExclusive: compare_literal(value, bound) as pyshacl does."""
    bound_is_string = isinstance(bound.value, str)

    @lru_cache(maxsize=100_000)  # the same values recur in batches
    def within(term: Term) -> bool:
        value = _rdflib(term)
        if not isinstance(value, Literal) or isinstance(value.value, str) != bound_is_string:
            return False
        try:
            return accept(compare_literal(value, bound))
        except (TypeError, NotImplementedError):
            return False
    return within


WHOLE_NUMBERS = {str(XSD.integer), str(XSD.nonNegativeInteger)}  # any string of digits is one of them
DIGITS = re.compile(r"[0-9]+")


def _less(value: Term, other: Term) -> bool:
    """sh:lessThan's comparison of one pair, as pyshacl makes it (rdflib compares two
    literals of one whole-number datatype, written in digits, as their integers)."""
    if (isinstance(value, pyoxigraph.Literal) and isinstance(other, pyoxigraph.Literal)
            and value.datatype == other.datatype and value.datatype.value in WHOLE_NUMBERS
            and DIGITS.fullmatch(value.value) and DIGITS.fullmatch(other.value)):
        return int(value.value) < int(other.value)

    def plain(node):
        if isinstance(node, URIRef):
            return str(node), True
        if isinstance(node, Literal) and isinstance(node.value, str):
            return node.value, True
        return node, False
    (a, a_string), (b, b_string) = plain(_rdflib(value)), plain(_rdflib(other))
    if a_string != b_string:
        return False
    try:
        return bool(a < b)
    except TypeError:
        return False


Check = Callable[[_Data, Term, list[Term], "_Compiled"], int]


def _each(ok: Callable[[Term], bool]) -> Check:
    """A constraint on each value node: one result per value that fails it."""
    def each(data, focus, values, compiled):
        failed = 0  # a loop: summing a generator costs more for the one or two values a path has
        for value in values:
            if not ok(value):
                failed += 1
        return failed
    return each


def _count_check(kind: str, parameter) -> Check:
    """A constraint on the value nodes together (or needing the data): its number of results."""
    if kind == "minCount":
        return lambda data, focus, values, compiled: int(len(values) < parameter)
    if kind == "maxCount":
        return lambda data, focus, values, compiled: int(len(values) > parameter)
    if kind == "hasValue":
        return lambda data, focus, values, compiled: int(parameter not in values)
    if kind == "uniqueLang":
        def unique_lang(data, focus, values, compiled):
            languages = [v.language.lower() for v in map(_rdflib, values) if isinstance(v, Literal) and v.language]
            return len({x for x in languages if languages.count(x) > 1})
        return unique_lang
    if kind == "class":
        return lambda data, focus, values, compiled: sum(
            1 for v in values if isinstance(v, pyoxigraph.Literal) or not data.is_instance(v, parameter))
    if kind == "node":
        return lambda data, focus, values, compiled: sum(
            1 for v in values if not parameter.conforms(data, v, compiled))
    if kind == "not":
        return lambda data, focus, values, compiled: sum(
            1 for v in values if parameter.conforms(data, v, compiled))
    if kind == "or":
        return lambda data, focus, values, compiled: sum(
            1 for v in values if not any(s.conforms(data, v, compiled) for s in parameter))
    if kind == "qualified":
        shape, minimum = parameter
        return lambda data, focus, values, compiled: int(
            sum(1 for v in values if shape.conforms(data, v, compiled)) < minimum)
    if kind == "lessThan":
        return lambda data, focus, values, compiled: sum(
            1 for v in values for other in data.objects(focus, parameter) if not _less(v, other))
    raise ValueError(f"unknown check {kind}")


@dataclass
class _Shape:
    """A node or property shape: its checks on each focus node's value nodes."""

    node: Node
    path_node: Node | None
    path: Path | None
    message: str
    severity: Node
    checks: list[Check] = field(default_factory=list)
    properties: list["_Shape"] = field(default_factory=list)
    by_value: dict | None = None  # what `conforms` said of each node, for a shape that reads only the node
    flat: list | None = field(default=None, init=False, repr=False)  # made by `violated` at its first call

    def __post_init__(self):
        self.violation = self.severity == SH.Violation
        self.predicate = NamedNode(self.path_node) if isinstance(self.path_node, URIRef) else None

    def results(self, data: _Data, focus: Term, compiled: "_Compiled") -> Iterable[Violation]:
        """The violations of this shape at `focus` (the shape's own, then its property shapes')."""
        values = self.path(data, focus) if self.path else [focus]
        failed = sum(check(data, focus, values, compiled) for check in self.checks)
        if failed:
            violation = Violation(_rdflib(focus), self.path_node, self.message, self.node, self.severity)
            yield from [violation] * failed
        for prop in self.properties:
            yield from prop.results(data, focus, compiled)

    def violated(self, data: _Data, focus: Term, compiled: "_Compiled") -> bool:
        """Whether `focus` has a result of severity sh:Violation against this shape
        (what `results` would say, without making the results)."""
        if self.flat is None:
            self.flat = self._flat()
        edges = data.out.get(focus, NO_EDGES)  # what a path of one predicate reads
        for predicate, path, checks in self.flat:
            if predicate is not None:
                values = edges.get(predicate, NO_NODES)
            else:
                values = path(data, focus) if path else (focus,)
            for check in checks:
                if check(data, focus, values, compiled):
                    return True
        return False

    def _flat(self) -> list[tuple[NamedNode | None, Path | None, list[Check]]]:
        """The path (its predicate, if it is one) and checks of this shape and of its
        property shapes (theirs too), for those of severity sh:Violation that have
        checks: what `violated` runs, in a flat list (made once the shapes are
        compiled: it calls no method per shape)."""
        own = [(self.predicate, self.path, self.checks)] if self.violation and self.checks else []
        return own + [step for prop in self.properties for step in prop._flat()]

    def conforms(self, data: _Data, focus: Term, compiled: "_Compiled") -> bool:
        """Whether `focus` has no result against this shape."""
        if self.by_value is None:
            return self._conforms(data, focus, compiled)
        known = self.by_value.get(focus)
        if known is None:
            if len(self.by_value) >= 100_000:
                self.by_value.clear()
            known = self.by_value[focus] = self._conforms(data, focus, compiled)
        return known

    def _conforms(self, data: _Data, focus: Term, compiled: "_Compiled") -> bool:
        values = self.path(data, focus) if self.path else [focus]
        return (not any(check(data, focus, values, compiled) for check in self.checks)
                and all(prop.conforms(data, focus, compiled) for prop in self.properties))


@dataclass
class _Sparql:
    """A SHACL-SPARQL constraint: its query over all focus nodes at once, and its message.
    `select` is the constraint's own query after `prefixes`, the PREFIX lines it uses;
    `head` and `tail` are `select` split after `WHERE {`."""

    shape: Node
    query: str
    message: str
    severity: Node
    select: str
    head: str
    tail: str
    prefixes: str

    def on(self, nodes: Iterable[Term]) -> str:
        """The query with `$this` bound to `nodes` (IRIs) instead of every instance of a target class."""
        return self.head + "VALUES ?this { " + " ".join(map(str, nodes)) + " }\n" + self.tail


def _message(shapes: Graph, node: Node) -> str:
    messages = [m for m in shapes.objects(node, SH.message) if isinstance(m, Literal)]
    english = [m for m in messages if m.language in (None, "en")]
    return str((english or messages or ["(no message)"])[0])


def _prefixes(shapes: Graph, node: Node, query: str) -> str:
    """The PREFIX lines of a constraint's declarations that `query` may use (its text holds
    `prefix:`): Oxigraph parses a query again at each run, the unused ones too."""
    lines = []
    for declarations in shapes.objects(node, SH.prefixes):
        for declaration in shapes.objects(declarations, SH.declare):
            prefix, namespace = shapes.value(declaration, SH.prefix), shapes.value(declaration, SH.namespace)
            if f"{prefix}:" in query:
                lines.append(f"PREFIX {prefix}: <{namespace}>")
    return "\n".join(sorted(set(lines)))


class _Compiled:
    """The shapes graph as Python checks and SPARQL queries."""

    def __init__(self, shapes: Graph):
        self.shapes = shapes
        self.by_node: dict[Node, _Shape] = {}
        self.targeted: list[tuple[list[Node], _Shape]] = []
        self.sparql: list[tuple[list[Node], _Sparql]] = []
        for shape in sorted(set(shapes.subjects(SH.targetClass, None)), key=str):
            classes = [NamedNode(c) for c in sorted(shapes.objects(shape, SH.targetClass), key=str)]
            self.targeted.append((classes, self.shape(shape)))
            for constraint in shapes.objects(shape, SH.sparql):
                self.sparql.append((classes, self._sparql(shape, constraint)))

    def shape(self, node: Node) -> _Shape:
        """The compiled shape at `node` (compiled once)."""
        if node in self.by_node:
            return self.by_node[node]
        g = self.shapes
        unknown = {p for p in g.predicates(node, None)} - UNDERSTOOD
        if unknown:
            raise ValueError(f"shape {node} uses SHACL features the fast validator lacks: {sorted(unknown)}")
        path_node = g.value(node, SH.path)
        compiled = _Shape(node, path_node, _path(g, path_node) if path_node is not None else None,
                          _message(g, node), g.value(node, SH.severity) or SH.Violation)
        self.by_node[node] = compiled
        for p, o in sorted(g.predicate_objects(node), key=lambda po: (str(po[0]), str(po[1]))):
            check = self._check(node, p, o)
            if check is not None:
                compiled.checks.append(check)
            elif p == SH.property:
                compiled.properties.append(self.shape(o))
        if self._reads_only_the_node(node):
            compiled.by_value = {}
        return compiled

    def _reads_only_the_node(self, node: Node, seen: frozenset = frozenset()) -> bool:
        """Whether a shape's verdict on a node depends on the node alone, not on the data
        (no path, property shape, sh:class or sh:lessThan, in it or in a shape it refers to)."""
        g = self.shapes
        if node in seen or any(g.value(node, p) is not None
                               for p in (SH.path, SH.property, SH["class"], SH.lessThan)):
            return False
        referred = [o for p in (SH.node, SH["not"], SH.qualifiedValueShape) for o in g.objects(node, p)]
        referred += [s for o in g.objects(node, SH["or"]) for s in Collection(g, o)]
        return all(self._reads_only_the_node(o, seen | {node}) for o in referred)

    def _check(self, node: Node, p: Node, o: Node) -> Check | None:
        """The check a constraint parameter makes (None for what is not a constraint)."""
        g = self.shapes
        if p == SH.datatype:
            iri = str(o)
            return _each(lambda v: _datatype_matches(v, iri))
        if p == SH.nodeKind:
            return _each(_node_kind(o))
        if p == SH.pattern:
            pattern = re.compile(str(o))
            return _each(lambda v: not isinstance(v, BlankNode) and bool(pattern.search(_string(v))))
        if p == SH.minLength:
            return _each(lambda v: o.value == 0 or (not isinstance(v, BlankNode) and len(_string(v)) >= o.value))
        if p == SH["in"]:
            members = {oxigraph_term(member) for member in Collection(g, o)}
            return _each(lambda v: v in members)
        if p == SH.languageIn:
            return _each(_language_in([str(x) for x in Collection(g, o)]))
        if p == SH.minInclusive:
            return _each(_range(o, lambda c: c >= 0))
        if p == SH.maxInclusive:
            return _each(_range(o, lambda c: c <= 0))
        if p == SH.minExclusive:
            return _each(_range(o, lambda c: c > 0))
        if p in (SH.minCount, SH.maxCount):
            return _count_check(str(p).removeprefix(str(SH)), o.value)
        if p in (SH.hasValue, SH["class"], SH.lessThan):
            return _count_check(str(p).removeprefix(str(SH)), oxigraph_term(o))
        if p in (SH.node, SH["not"]):
            return _count_check(str(p).removeprefix(str(SH)), self.shape(o))
        if p == SH.uniqueLang:
            return _count_check("uniqueLang", None) if o.value is True else None
        if p == SH["or"]:
            return _count_check("or", [self.shape(s) for s in Collection(g, o)])
        if p == SH.qualifiedValueShape:
            return _count_check("qualified", (self.shape(o), g.value(node, SH.qualifiedMinCount).value))
        return None

    def _sparql(self, shape: Node, constraint: Node) -> _Sparql:
        g = self.shapes
        select = str(g.value(constraint, SH.select))
        where = re.search(r"WHERE\s*\{", select, re.IGNORECASE)
        if where is None:
            raise ValueError(f"the SPARQL constraint of {shape} has no WHERE {{")
        focus = ("{ SELECT DISTINCT ?this WHERE { VALUES ?targetClass { "
                 + " ".join(f"<{c}>" for c in sorted(g.objects(shape, SH.targetClass), key=str))
                 + " } ?this <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>/"
                   "<http://www.w3.org/2000/01/rdf-schema#subClassOf>* ?targetClass } }\n")
        prefixes = _prefixes(g, constraint, select)
        head, tail = prefixes + "\n" + select[:where.end()], select[where.end():]
        return _Sparql(shape, head + focus + tail, _message(g, constraint), g.value(shape, SH.severity) or SH.Violation,
                       prefixes + "\n" + select, head, tail, prefixes)

    def forward(self, node: Node, seen: set | None = None) -> bool:
        """Whether the shape at `node`, and every shape it refers to, reads its value
        nodes only forwards from the focus node (no sh:inversePath)."""
        seen = set() if seen is None else seen
        if node in seen:
            return True
        seen.add(node)
        g = self.shapes
        path = g.value(node, SH.path)
        if path is not None and not _forward_path(g, path):
            return False
        referred = [o for p in (SH.property, SH.node, SH["not"], SH.qualifiedValueShape) for o in g.objects(node, p)]
        referred += [s for o in g.objects(node, SH["or"]) for s in Collection(g, o)]
        return all(self.forward(o, seen) for o in referred)



@lru_cache(maxsize=1)
def compile_shapes() -> _Compiled:
    """The shapes of shapes/*.ttl, compiled (cached)."""
    return _Compiled(load_shapes())


def _as_written(value: Literal, data: _Data) -> str:
    """A number's lexical form as the batch writes it (a store keeps "130.0" as 130).
    Other terms, and numbers the batch writes in several forms, as they are."""
    if not isinstance(value, Literal) or value.datatype not in (XSD.decimal, XSD.integer):
        return str(value)
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    literals = [_rdflib(o) for _, _, o in data.triples if isinstance(o, pyoxigraph.Literal)]
    forms = {str(o) for o in literals
             if isinstance(o.value, (int, Decimal)) and not isinstance(o.value, bool) and o.value == number}
    return forms.pop() if len(forms) == 1 else str(value)


@lru_cache(maxsize=100_000)
def _quad(triple: Triple) -> pyoxigraph.Quad:
    """A triple in the default graph (cached: making a Quad costs microseconds, and
    the reference triples recur in every batch)."""
    return pyoxigraph.Quad(*triple)


def _sparql_results(data: _Data, constraints: list[tuple[list[Node], _Sparql]]) -> list[Violation]:
    store = pyoxigraph.Store()
    store.extend(map(_quad, data.triples))
    violations = []
    for _, constraint in constraints:
        solutions = store.query(constraint.query)
        names = [v.value for v in solutions.variables]
        for row in solutions:
            bound = {name: _rdflib(row[name]) for name in names if row[name] is not None}
            message = constraint.message
            for name, value in bound.items():
                message = re.sub(r"\{[?$]" + name + r"\}", lambda _, t=_as_written(value, data): t, message)
            path = bound.get("path")
            violations.append(Violation(bound["this"], path if isinstance(path, URIRef) else None,
                                        message, constraint.shape, constraint.severity))
    return violations


def validate(triples: Iterable[Triple]) -> Report:
    """Validate the batch `triples` (pyoxigraph terms, graph/terms.py) against every
    shape; the same report as shacl.validate."""
    compiled = compile_shapes()
    data = _Data(triples)
    violations = []
    for classes, shape in compiled.targeted:
        focus_nodes = _distinct(n for c in classes for n in data.instances(c))
        for focus in focus_nodes:
            violations.extend(shape.results(data, focus, compiled))
    if any(data.instances(c) for classes, _ in compiled.sparql for c in classes):
        violations.extend(_sparql_results(data, compiled.sparql))
    violations.sort(key=lambda v: (str(v.focus), str(v.path), v.message))
    return Report(conforms=not any(v.severity == SH.Violation for v in violations), violations=violations)
