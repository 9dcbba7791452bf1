"""mskg.web.sparql.run_query's row cap, on a real pyoxigraph store: an answer of at most max_rows
bytes is written once in the asked format; a longer one is evaluated again and cut at max_rows
solutions or triples. Either way the answer is the one the format would give without a cap,
up to the cut."""

import json

import pyoxigraph as ox
import pytest

from mskg.web.engine import LocalEngine
from mskg.web.sparql import Operation, run_query

JSON = "application/sparql-results+json"
TURTLE = "text/turtle"


@pytest.fixture(scope="module")
def engine():
    store = ox.Store()
    p = ox.NamedNode("http://example.org/p")
    store.extend(ox.Quad(ox.NamedNode(f"http://example.org/s{i:02}"), p, ox.Literal("长" * 40 + str(i)))
                 for i in range(12))
    return LocalEngine(store)


def rows(answer) -> list:
    return json.loads(answer.body)["results"]["bindings"]


def answer(engine, text, accept, max_rows):
    return run_query(engine, Operation("query", text), accept, "http://example.org/sparql", max_rows=max_rows)


SELECT = "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?s"
CONSTRUCT = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"


@pytest.mark.parametrize("text, accept", [(SELECT, JSON), (SELECT, "text/csv"), (CONSTRUCT, TURTLE),
                                          (CONSTRUCT, "application/n-triples")])
def test_a_small_answer_is_the_uncapped_answer(engine, text, accept):
    whole = answer(engine, text, accept, None)
    capped = answer(engine, text, accept, len(whole.body))  # fits in max_rows bytes: one pass
    assert capped.body == whole.body and not capped.truncated
    assert capped.media_type == whole.media_type


def test_fewer_rows_than_the_cap_in_more_bytes_than_it_are_not_cut(engine):
    capped = answer(engine, SELECT, JSON, 12)
    assert len(capped.body) > 12 and not capped.truncated
    assert rows(capped) == rows(answer(engine, SELECT, JSON, None))


def test_more_rows_than_the_cap_are_cut(engine):
    capped = answer(engine, SELECT, JSON, 5)
    assert capped.truncated and rows(capped) == rows(answer(engine, SELECT, JSON, None))[:5]
    triples = answer(engine, CONSTRUCT, "application/n-triples", 5)
    assert triples.truncated and triples.body.count(b"\n") == 5


def test_an_empty_construct_is_an_empty_answer(engine):
    empty = answer(engine, "CONSTRUCT { ?s ?p ?o } WHERE { ?s <http://example.org/none> ?o }",
                   "application/n-triples", 100)
    assert empty.body == b"" and not empty.truncated
