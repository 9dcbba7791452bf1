"""SHACL validation of mskg data against the shapes in shapes/*.ttl.

pyshacl runs without inference: shapes target the concrete classes that data
carries explicitly (docs/design.md, "Explicit types"). With `ontology=True` the
shapes see the union of the data and the ontology, which adds the code lists
and the class hierarchy (for sh:class). The union is built here rather than
with pyshacl's `ont_graph`, whose deep copy of the code-list individuals takes
minutes.

pyshacl sends the same SPARQL text once per focus node, and rdflib parses it
every time (about 7 ms); validating a copy of the data whose `query` reuses
prepared queries makes SHACL-SPARQL constraints cheap.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

import pyshacl
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Node

from mskg import paths
from mskg.namespaces import bind_all


class Violation(NamedTuple):
    """One validation result."""

    focus: Node
    path: Node | None
    message: str
    shape: Node
    severity: Node


@dataclass
class Report:
    """The outcome of a validation.

    `conforms` is False if any result is a sh:Violation; `violations` lists every
    result, warnings included (see their `severity`).
    """

    conforms: bool
    violations: list[Violation] = field(default_factory=list)

    @property
    def text(self) -> str:
        """One line per result, or a single line saying the data conforms."""
        if not self.violations:
            return "Conforms: no violations."
        names = bind_all(Graph()).namespace_manager
        lines = [f"Conforms: {self.conforms}, {len(self.violations)} result(s):"]
        for v in self.violations:
            path = f" {v.path.n3(names)}" if isinstance(v.path, URIRef) else ""
            lines.append(f"- {v.severity.removeprefix(str(SH))} on <{v.focus}>{path}: {v.message}")
        return "\n".join(lines)


@lru_cache(maxsize=512)
def _prepared(text: str) -> Query:
    return prepareQuery(text)


class _PreparedQueryGraph(Graph):
    """A graph whose SPARQL queries given as text are parsed once per distinct text."""

    def query(self, query_object, *args, **kwargs):
        if isinstance(query_object, str):
            query_object = _prepared(query_object)
        return super().query(query_object, *args, **kwargs)


@lru_cache(maxsize=1)
def load_shapes() -> Graph:
    """All shapes of shapes/*.ttl in one graph (cached: do not modify it)."""
    graph = bind_all(Graph())
    for path in sorted(paths.SHAPES.glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


@lru_cache(maxsize=1)
def _ontology() -> Graph:
    return Graph().parse(paths.ONTOLOGY, format="turtle")


def _message(results: Graph, node) -> str:
    messages = [m for m in results.objects(node, SH.resultMessage) if isinstance(m, Literal)]
    english = [m for m in messages if m.language in (None, "en")]
    return str((english or messages or ["(no message)"])[0])


def validate(data: Graph, *, ontology: bool = True) -> Report:
    """Validate `data` against all shapes; the data graph itself is not modified.

    Raises RuntimeError if pyshacl cannot run the shapes (an error in a shape).
    """
    graph = _PreparedQueryGraph()
    graph += data
    if ontology:
        graph += _ontology()
    conforms, results, text = pyshacl.validate(
        graph, shacl_graph=load_shapes(), inference="none", allow_warnings=True
    )
    if not isinstance(results, Graph):
        raise RuntimeError(f"SHACL validation failed to run: {text}")
    violations = [
        Violation(
            focus=results.value(node, SH.focusNode),
            path=results.value(node, SH.resultPath),
            message=_message(results, node),
            shape=results.value(node, SH.sourceShape),
            severity=results.value(node, SH.resultSeverity),
        )
        for node in results.objects(None, SH.result)  # not the sh:detail results nested in them
    ]
    violations.sort(key=lambda v: (str(v.focus), str(v.path), v.message))
    return Report(conforms=bool(conforms), violations=violations)
