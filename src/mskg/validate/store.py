"""Validate what a store holds: SHACL per article, the Data Cube constraints, consistency."""

from __future__ import annotations

from dataclasses import dataclass

from mskg.graph.observations import OBSERVATIONS_GRAPH
from mskg.graph.terms import Triple, parse
from mskg.store.base import Store
from mskg.validate import batch, datacube

ARTICLES = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?g a <https://w3id.org/mskg/ontology#SourceArticle> } } ORDER BY ?g"


@dataclass
class Check:
    """One part of the validation, its verdict and its report."""

    name: str
    passed: bool
    text: str


def _batch(store: Store, article_graph: str) -> tuple[list[Triple], list[Triple]]:
    article = parse(store.construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{article_graph}> {{ ?s ?p ?o }} }}"))
    observations = parse(store.construct(f"""
        CONSTRUCT {{ ?o ?p ?v }} WHERE {{
          GRAPH <{article_graph}> {{ ?o <http://www.w3.org/ns/prov#wasDerivedFrom> ?e }}
          GRAPH <{OBSERVATIONS_GRAPH}> {{ ?o ?p ?v }} }}"""))
    return article, observations


def shacl_check(store: Store) -> Check:
    """SHACL on every article's batch, as at build and ingest time, but with
    pyshacl: an independent check of what the compiled shapes accepted."""
    failures = []
    graphs = [row["g"] for row in store.select(ARTICLES)]
    for graph in graphs:
        report = batch.validate_article(*_batch(store, graph), engine="pyshacl")
        if not report.conforms:
            failures.append(f"{graph}:\n{report.text}")
    text = "\n\n".join(failures) if failures else f"{len(graphs)} articles conform to the shapes"
    return Check("SHACL", not failures, text)


def datacube_check(store: Store) -> Check:
    """The W3C Data Cube integrity constraints IC-1 to IC-21."""
    results = datacube.check(store)
    return Check("Data Cube IC-1..IC-21", all(r.passed for r in results), datacube.report(results))


def consistency_check() -> Check:
    """The ontology under HermiT."""
    from mskg.validate.reasoner import ReasonerUnavailable, consistent

    try:
        ok, message = consistent()
    except ReasonerUnavailable as error:
        return Check("OWL consistency", True, f"skipped: {error}")
    return Check("OWL consistency", ok, message)


def validate(store: Store, *, reasoner: bool = True) -> list[Check]:
    """Every check, in order."""
    checks = [shacl_check(store), datacube_check(store)]
    if reasoner:
        checks.append(consistency_check())
    return checks
