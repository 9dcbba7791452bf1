"""No server-side fetching unless allowed: SERVICE and LOAD, and real federation when allowed.

A second, local Oxigraph server stands in for Wikidata; the query of
queries/regions-wikidata.rq joins our regions to it by GB/T 2260 code.
"""

import socket
import time

import httpx
import pytest
from conftest import MskgServer, OxigraphServer

from mskg import paths

WIKIDATA = "https://query.wikidata.org/sparql"


@pytest.fixture(scope="module")
def stand_in(tmp_path_factory):
    """A local Oxigraph server holding Wikidata's P442 (GB/T 2260 code) for two regions."""
    server = OxigraphServer(tmp_path_factory.mktemp("wikidata"))
    server.start()
    data = ('<http://www.wikidata.org/entity/Q34800> <http://www.wikidata.org/prop/direct/P442> "650000" .\n'
            '<http://www.wikidata.org/entity/Q41079> <http://www.wikidata.org/prop/direct/P442> "150000" .\n')
    httpx.put(f"{server.url}/store?default", content=data.encode(),
              headers={"Content-Type": "application/n-triples"}).raise_for_status()
    yield f"{server.url}/query"
    server.stop()


@pytest.fixture(scope="module")
def endpoint(seed_store, tmp_path_factory, stand_in):
    server = MskgServer(tmp_path_factory.mktemp("server"), "--store", str(seed_store), "--allow-service", stand_in)
    server.start(timeout=60)
    yield f"{server.url}/sparql"
    server.stop()


@pytest.fixture
def silent_port():
    """A loopback port that accepts connections and never answers; the test checks none came."""
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(1)
    yield silent.getsockname()[1]
    silent.settimeout(0.1)
    try:
        with pytest.raises(socket.timeout):
            silent.accept()
    finally:
        silent.close()


def ask(endpoint, query):
    return httpx.post(endpoint, data={"query": query}, headers={"Accept": "application/sparql-results+json"},
                      timeout=30)


def test_the_wikidata_join_works_against_an_allowed_endpoint(endpoint, stand_in):
    query = (paths.QUERIES / "regions-wikidata.rq").read_text(encoding="utf-8").replace(WIKIDATA, stand_in)
    response = ask(endpoint, query)
    assert response.status_code == 200, response.text
    rows = response.json()["results"]["bindings"]
    items = {row.get("item", {}).get("value") for row in rows}
    assert "http://www.wikidata.org/entity/Q34800" in items


def test_a_service_that_is_not_allowed_is_refused_fast_without_a_request(endpoint, silent_port):
    started = time.monotonic()
    response = ask(endpoint, f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{silent_port}/q> {{ ?s ?p ?o }} }}")
    assert time.monotonic() - started < 5
    assert response.status_code == 403 and "--allow-service" in response.text


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE ?endpoint { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE SILENT <http://127.0.0.1:9/latest/meta-data/> { ?s ?p ?o } }",
    "# SERVICE <http://a/> in a comment is harmless\nSELECT * WHERE { SERVICE <file:///etc/passwd> { ?s ?p ?o } }",
])
def test_variable_silent_and_odd_services_are_refused(endpoint, query):
    response = ask(endpoint, query)
    assert response.status_code == 403


def test_service_in_a_string_or_comment_is_no_service(endpoint):
    response = ask(endpoint, '# SERVICE <http://evil/>\nSELECT ("SERVICE <http://evil/>" AS ?x) WHERE {}')
    assert response.status_code == 200


def test_from_names_only_the_stores_own_graphs_and_fetches_nothing(endpoint, silent_port):
    started = time.monotonic()
    response = ask(endpoint, f"SELECT * FROM <http://127.0.0.1:{silent_port}/data.ttl> WHERE {{ ?s ?p ?o }}")
    assert time.monotonic() - started < 5
    assert response.status_code == 400 and "fetches nothing" in response.text
    own = ask(endpoint, "SELECT (COUNT(*) AS ?n) FROM <https://w3id.org/mskg/id/graph/observations> "
                        "WHERE { ?s ?p ?o }")
    assert own.status_code == 200 and int(own.json()["results"]["bindings"][0]["n"]["value"]) > 100
