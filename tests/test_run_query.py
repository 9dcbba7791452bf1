"""mskg.web.sparql.run_query's row cap, on a real pyoxigraph store: the answer is the one the asked
format would give without a cap, cut at max_rows solutions or triples (counted as lines of TSV or
N-Triples, whatever the answer's bytes), and the query is evaluated once. A request expected to be
small (small=True) gives the same answer, evaluated once when it is small and twice when not."""

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


def answer(engine, text, accept, max_rows, small=False):
    return run_query(engine, Operation("query", text), accept, "http://example.org/sparql", max_rows=max_rows,
                     small=small)


SELECT = "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?s"
CONSTRUCT = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"


@pytest.mark.parametrize("text, accept", [(SELECT, JSON), (SELECT, "text/csv"), (CONSTRUCT, TURTLE),
                                          (CONSTRUCT, "application/n-triples")])
def test_a_small_answer_is_the_uncapped_answer(engine, text, accept):
    whole = answer(engine, text, accept, None)
    capped = answer(engine, text, accept, 12)
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


class Counting(LocalEngine):
    """The same store, counting the queries it is asked to evaluate."""

    def __init__(self, store):
        super().__init__(store)
        self.evaluated = 0

    def query(self, text, **kwargs):
        self.evaluated += 1
        return super().query(text, **kwargs)


@pytest.mark.parametrize("text, accept, max_rows", [(SELECT, JSON, 12), (SELECT, JSON, 5), (CONSTRUCT, TURTLE, 12),
                                                    (CONSTRUCT, TURTLE, 5)])
def test_the_query_is_evaluated_once_however_long_its_answer(engine, text, accept, max_rows):
    counting = Counting(engine.store)
    answer(counting, text, accept, max_rows)  # answers far longer in bytes than max_rows
    assert counting.evaluated == 1


SOLUTION_FORMATS = [JSON, "application/sparql-results+xml", "text/csv", "text/tab-separated-values"]


@pytest.mark.parametrize("accept", SOLUTION_FORMATS)
@pytest.mark.parametrize("max_rows", [None, 5, 12, 2000])
def test_an_answer_expected_small_is_the_same_answer(engine, accept, max_rows):
    expected = answer(engine, SELECT, accept, max_rows)
    small = answer(engine, SELECT, accept, max_rows, small=True)
    assert (small.body, small.media_type, small.truncated) == (expected.body, expected.media_type,
                                                               expected.truncated)


@pytest.mark.parametrize("max_rows, evaluated", [(2000, 1), (12, 2), (5, 2)])
def test_an_answer_expected_small_is_evaluated_again_only_when_it_is_not(engine, max_rows, evaluated):
    """12 solutions in 2,562 bytes of JSON: within 2,000 rows' least size (4,000 bytes) they are read
    once; past 12 rows' (24 bytes) they are evaluated again under the row cap."""
    counting = Counting(engine.store)
    answer(counting, SELECT, JSON, max_rows, small=True)
    assert counting.evaluated == evaluated
