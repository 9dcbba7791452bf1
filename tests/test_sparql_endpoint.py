"""The SPARQL endpoint (`mskg serve`): W3C SPARQL 1.1 Protocol tests, content negotiation,
HEAD/OPTIONS/CORS, the service description, real clients, updates, --load and --store URL.

Every test talks HTTP to a real `mskg serve` process (uvicorn) on a free
loopback port, over a store built once from the seed articles:

- `seed_server`: the store on disk, read-only;
- `w3c_server`: the store plus the W3C protocol test data (`--load`), read-only;
- `update_server`: an empty store on disk with `--enable-update --update-token`.

The W3C protocol tests (w3c/rdf-tests, sparql/sparql11/protocol/manifest.ttl)
are restated one test each: the same request (method, path under /sparql,
headers, body) and the status, result format and boolean the manifest
expects. Their data (data1.nt … data3.nt: one foaf:Document each, in graphs
named …/data1.rdf … /data3.rdf) is rebuilt here as TriG.
"""

from __future__ import annotations

import csv
import http.client as http_client
import io
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import quote

import httpx
import pyoxigraph as ox
import pytest
from conftest import MskgServer

from mskg.store.embedded import EmbeddedStore
from mskg.web.engine import open_engine
from mskg.web.queries import example_queries
from mskg.web.sparql_text import has_dataset_clause, with_using

TOKEN = "s3cret-token"
KASEI = "http://kasei.us/2009/09/sparql/data/"
DATA = {n: f"{KASEI}data{n}.rdf" for n in (0, 1, 2, 3)}
FOAF_DOCUMENT = "http://xmlns.com/foaf/0.1/Document"
RESULTS_NS = "{http://www.w3.org/2005/sparql-results#}"
SD = "http://www.w3.org/ns/sparql-service-description#"
COUNT_OBSERVATIONS = ("PREFIX mskg: <https://w3id.org/mskg/ontology#> "
                      "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?o a mskg:Observation }")
SEED_OBSERVATIONS = 151
REGION = "https://w3id.org/mskg/id/region/654300"
REGION_TRIPLES = f"CONSTRUCT {{ <{REGION}> ?p ?o }} WHERE {{ <{REGION}> ?p ?o FILTER(!isBlank(?o)) }}"

TABULAR = ("application/sparql-results+json", "application/sparql-results+xml", "text/csv",
           "text/tab-separated-values")
BOOLEAN = ("application/sparql-results+json", "application/sparql-results+xml")
RDF = ("application/rdf+xml", "text/turtle", "application/n-triples", "application/xhtml+xml")


# --- fixtures ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def w3c_data(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("w3c") / "protocol.trig"
    path.write_text("".join(f"<{DATA[n]}> {{ <{DATA[n]}> a <{FOAF_DOCUMENT}> . }}\n" for n in (1, 2, 3)))
    return path


def serve(directory: Path, *args: str) -> MskgServer:
    """A started `mskg serve` process with args; `.url` is its base URL."""
    server = MskgServer(directory, *args)
    server.start(timeout=60)
    return server


@pytest.fixture(scope="module")
def seed_server(seed_store, tmp_path_factory):
    server = serve(tmp_path_factory.mktemp("seed-server"), "--store", str(seed_store))
    yield f"{server.url}/sparql"
    server.stop()


@pytest.fixture(scope="module")
def w3c_server(seed_store, w3c_data, tmp_path_factory):
    server = serve(tmp_path_factory.mktemp("w3c-server"), "--store", str(seed_store), "--load", str(w3c_data))
    yield f"{server.url}/sparql"
    server.stop()


@pytest.fixture(scope="module")
def update_store(tmp_path_factory) -> Path:
    location = tmp_path_factory.mktemp("update") / "store"
    EmbeddedStore(location).close()
    return location


@pytest.fixture(scope="module")
def update_server(update_store, tmp_path_factory):
    server = serve(tmp_path_factory.mktemp("update-server"), "--store", str(update_store),
                   "--enable-update", "--update-token", TOKEN)
    yield f"{server.url}/sparql"
    server.stop()


@pytest.fixture(scope="module")
def http():
    with httpx.Client(timeout=30) as client:
        yield client


# --- helpers -------------------------------------------------------------------------------------

def media(response: httpx.Response) -> str:
    return response.headers.get("content-type", "").split(";")[0].strip()


def boolean(response: httpx.Response) -> bool:
    """The answer of an ASK, from SPARQL JSON or XML results."""
    if media(response) == "application/sparql-results+json":
        return response.json()["boolean"]
    assert media(response) == "application/sparql-results+xml", response.headers
    return ET.fromstring(response.content).find(f"{RESULTS_NS}boolean").text == "true"


def expect_boolean(response: httpx.Response, value: bool = True) -> None:
    assert 200 <= response.status_code < 400, response.text
    assert media(response) in BOOLEAN
    assert boolean(response) is value


def triples(response: httpx.Response) -> set[ox.Triple]:
    fmt = ox.RdfFormat.from_media_type(media(response))
    return {quad.triple for quad in ox.parse(response.content, format=fmt)}


def form(params: dict[str, str], **headers: str) -> dict:
    """httpx arguments of a form-encoded POST of params, with headers."""
    return {"content": "&".join(f"{k}={quote(v, safe='')}" for k, v in params.items()),
            "headers": {"Content-Type": "application/x-www-form-urlencoded", **headers}}


def direct(text: str, kind: str = "query", **headers: str) -> dict:
    """httpx arguments of a direct POST of a query or update, with headers."""
    return {"content": text.encode("utf-8"), "headers": {"Content-Type": f"application/sparql-{kind}", **headers}}


def dataset(*pairs: tuple[str, int]) -> str:
    return "?" + "&".join(f"{name}={quote(DATA[n], safe='')}" for name, n in pairs)


# --- W3C SPARQL 1.1 Protocol: query side -----------------------------------------------------------

def test_query_post_form(http, w3c_server):
    expect_boolean(http.post(w3c_server + dataset(("default-graph-uri", 0)), **form({"query": "ASK {}"})))


def test_query_dataset_default_graphs_get(http, w3c_server):
    query = f"ASK {{ <{DATA[1]}> a ?type . <{DATA[2]}> a ?type . }}"
    url = w3c_server + dataset(("default-graph-uri", 1), ("default-graph-uri", 2))
    expect_boolean(http.get(url + "&query=" + quote(query)))


def test_query_dataset_default_graphs_post(http, w3c_server):
    query = f"ASK {{ <{DATA[1]}> a ?type . <{DATA[2]}> a ?type . }}"
    url = w3c_server + dataset(("default-graph-uri", 1), ("default-graph-uri", 2))
    expect_boolean(http.post(url, **direct(query)))


NAMED_ASK = f"ASK {{ GRAPH ?g1 {{ <{DATA[1]}> a ?type }} GRAPH ?g2 {{ <{DATA[2]}> a ?type }} }}"


def test_query_dataset_named_graphs_post(http, w3c_server):
    url = w3c_server + dataset(("named-graph-uri", 1), ("named-graph-uri", 2))
    expect_boolean(http.post(url, **direct(NAMED_ASK)))


def test_query_dataset_named_graphs_get(http, w3c_server):
    url = w3c_server + dataset(("named-graph-uri", 1), ("named-graph-uri", 2))
    expect_boolean(http.get(url + "&query=" + quote(NAMED_ASK)))


def test_query_dataset_full(http, w3c_server):
    query = (f"ASK {{ <{DATA[3]}> a ?type GRAPH ?g1 {{ <{DATA[1]}> a ?type }} "
             f"GRAPH ?g2 {{ <{DATA[2]}> a ?type }} }}")
    url = w3c_server + dataset(("default-graph-uri", 3), ("named-graph-uri", 1), ("named-graph-uri", 2))
    expect_boolean(http.post(url, **direct(query)))


def test_query_multiple_dataset(http, w3c_server):
    """The protocol's dataset replaces the query's FROM (which alone would give false)."""
    query = NAMED_ASK.replace("ASK {", f"ASK FROM <{DATA[3]}> {{", 1)
    url = w3c_server + dataset(("named-graph-uri", 1), ("named-graph-uri", 2))
    expect_boolean(http.post(url, **direct(query)))
    expect_boolean(http.post(w3c_server, **direct(query)), False)


def test_query_get(http, w3c_server):
    expect_boolean(http.get(w3c_server + "?query=ASK%20%7B%7D&" + dataset(("default-graph-uri", 0))[1:]))


def test_query_content_type_select(http, w3c_server):
    response = http.post(w3c_server + dataset(("default-graph-uri", 0)), **direct("SELECT (1 AS ?value) {}"))
    assert response.status_code == 200 and media(response) in TABULAR


def test_query_content_type_ask(http, w3c_server):
    response = http.post(w3c_server + dataset(("default-graph-uri", 0)), **direct("ASK {}"))
    assert response.status_code == 200 and media(response) in BOOLEAN


def test_query_content_type_describe(http, w3c_server):
    response = http.post(w3c_server + dataset(("default-graph-uri", 0)), **direct("DESCRIBE <http://example.org/>"))
    assert response.status_code == 200 and media(response) in RDF
    triples(response)


def test_query_content_type_construct(http, w3c_server):
    response = http.post(w3c_server + dataset(("default-graph-uri", 0)), **direct("CONSTRUCT { <s> <p> 1 } WHERE {}"))
    assert response.status_code == 200 and media(response) in RDF
    (triple,) = triples(response)
    assert triple.subject.value == w3c_server.rsplit("/", 1)[0] + "/s"  # relative to the endpoint


def test_query_post_direct(http, w3c_server):
    expect_boolean(http.post(w3c_server, **direct("ASK {}")))


def test_bad_query_method(http, w3c_server):
    response = http.put(w3c_server + "?query=ASK%20%7B%7D&" + dataset(("default-graph-uri", 0))[1:],
                        headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert response.status_code == 405 and "GET" in response.headers["allow"]


def test_bad_multiple_queries(http, w3c_server):
    response = http.get(w3c_server + "?query=ASK%20%7B%7D&query=SELECT%20%2A%20%7B%7D")
    assert response.status_code == 400 and "exactly one query" in response.text


def test_bad_query_wrong_media_type(http, w3c_server):
    response = http.post(w3c_server, content=b"ASK {}", headers={"Content-Type": "text/plain"})
    assert response.status_code == 415 and "text/plain" in response.text


def test_bad_query_missing_form_type(http, w3c_server):
    assert http.post(w3c_server, content=b"query=ASK%20%7B%7D").status_code == 415


def test_bad_query_missing_direct_type(http, w3c_server):
    assert http.post(w3c_server, content=b"ASK {}").status_code == 415


def test_bad_query_non_utf8(http, w3c_server):
    response = http.post(w3c_server, content="ASK {}".encode("utf-16"),
                         headers={"Content-Type": "application/sparql-query; charset=UTF-16"})
    assert response.status_code == 415 and "utf-16" in response.text


def test_bad_query_syntax(http, w3c_server):
    response = http.get(w3c_server + "?query=ASK%20%7B")
    assert response.status_code == 400 and "error at 1:6" in response.text


# --- W3C SPARQL 1.1 Protocol: update side ----------------------------------------------------------

PREFIXES = "PREFIX dc: <http://purl.org/dc/terms/>\nPREFIX foaf: <http://xmlns.com/foaf/0.1/>\n"
INSERT_ALL = "".join(f"GRAPH <{DATA[n]}> {{ <{DATA[n]}> a foaf:Document }}\n" for n in (1, 2, 3))
UPDATES = {  # name: (URL parameters, update, the manifest's follow-up ASK or None)
    "update_dataset_default_graph": (
        dataset(("using-graph-uri", 1)),
        PREFIXES + f"CLEAR ALL ;\nINSERT DATA {{ GRAPH <{DATA[1]}> {{ <{DATA[1]}> a foaf:Document }} }} ;\n"
        "INSERT { GRAPH <http://example.org/protocol-update-dataset-test/> { ?s a dc:BibliographicResource } }\n"
        "WHERE { ?s a foaf:Document }",
        f"ASK {{ GRAPH <http://example.org/protocol-update-dataset-test/> {{ <{DATA[1]}> a "
        "<http://purl.org/dc/terms/BibliographicResource> } }"),
    "update_dataset_default_graphs": (
        dataset(("using-graph-uri", 1), ("using-graph-uri", 2)),
        PREFIXES + f"DROP ALL ;\nINSERT DATA {{ {INSERT_ALL} }} ;\n"
        "INSERT { GRAPH <http://example.org/protocol-update-dataset-graphs-test/> "
        "{ ?s a dc:BibliographicResource } } WHERE { ?s a foaf:Document }",
        "ASK { GRAPH <http://example.org/protocol-update-dataset-graphs-test/> { "
        f"<{DATA[1]}> a <http://purl.org/dc/terms/BibliographicResource> . "
        f"<{DATA[2]}> a <http://purl.org/dc/terms/BibliographicResource> . }} "
        "FILTER NOT EXISTS { GRAPH <http://example.org/protocol-update-dataset-graphs-test/> { "
        f"<{DATA[3]}> a <http://purl.org/dc/terms/BibliographicResource> . }} }} }}"),
    "update_dataset_named_graphs": (
        dataset(("using-named-graph-uri", 1), ("using-named-graph-uri", 2)),
        PREFIXES + f"DROP ALL ;\nINSERT DATA {{ {INSERT_ALL} }} ;\n"
        "INSERT { GRAPH <http://example.org/protocol-update-dataset-named-graphs-test/> "
        "{ ?s a dc:BibliographicResource } } WHERE { GRAPH ?g { ?s a foaf:Document } }",
        "ASK { GRAPH <http://example.org/protocol-update-dataset-named-graphs-test/> { "
        f"<{DATA[1]}> a <http://purl.org/dc/terms/BibliographicResource> . "
        f"<{DATA[2]}> a <http://purl.org/dc/terms/BibliographicResource> . }} "
        "FILTER NOT EXISTS { GRAPH <http://example.org/protocol-update-dataset-named-graphs-test/> { "
        f"<{DATA[3]}> a <http://purl.org/dc/terms/BibliographicResource> . }} }} }}"),
    "update_dataset_full": (
        dataset(("using-graph-uri", 1), ("using-named-graph-uri", 2)),
        PREFIXES + f"DROP ALL ;\nINSERT DATA {{ {INSERT_ALL} }} ;\n"
        "INSERT { GRAPH <http://example.org/protocol-update-dataset-full-test/> { ?s <http://example.org/in> ?in } }\n"
        "WHERE { { GRAPH ?g { ?s a foaf:Document } BIND(?g AS ?in) } UNION "
        "{ ?s a foaf:Document . BIND(\"default\" AS ?in) } }",
        "ASK { GRAPH <http://example.org/protocol-update-dataset-full-test/> { "
        f"<{DATA[1]}> <http://example.org/in> \"default\" . "
        f"<{DATA[2]}> <http://example.org/in> <{DATA[2]}> . }} "
        "FILTER NOT EXISTS { GRAPH <http://example.org/protocol-update-dataset-full-test/> { "
        f"<{DATA[3]}> ?p ?o }} }} }}"),
    "update_base_uri": (
        "",
        "CLEAR SILENT GRAPH <http://example.org/protocol-base-test/> ;\n"
        "INSERT DATA { GRAPH <http://example.org/protocol-base-test/> "
        "{ <http://example.org/s> <http://example.org/p> <test> } }",
        "ASK { GRAPH <http://example.org/protocol-base-test/> { <http://example.org/s> <http://example.org/p> ?o "
        "FILTER (isIRI(?o) && STR(?o) != \"test\") } }"),
}
BEARER = {"Authorization": f"Bearer {TOKEN}"}


@pytest.mark.parametrize("name", UPDATES)
def test_update_dataset_and_base(http, update_server, name):
    params, update, ask = UPDATES[name]
    response = http.post(update_server + params, **direct(update, "update", **BEARER))
    assert response.status_code == 204, response.text
    expect_boolean(http.post(update_server, **direct(ask)))


def test_update_post_form(http, update_server):
    http.post(update_server, **direct("INSERT DATA { <http://ex/s> <http://ex/p> 1 }", "update", **BEARER))
    assert http.post(update_server, **form({"update": "CLEAR ALL"}, **BEARER)).status_code == 204
    expect_boolean(http.post(update_server, **direct("ASK { ?s ?p ?o }")), False)


def test_update_post_direct(http, update_server):
    http.post(update_server, **direct("INSERT DATA { <http://ex/s> <http://ex/p> 1 }", "update", **BEARER))
    assert http.post(update_server, **direct("CLEAR ALL", "update", **BEARER)).status_code == 204
    expect_boolean(http.post(update_server, **direct("ASK { ?s ?p ?o }")), False)


def test_updates_are_written_to_the_store_on_disk(http, update_server, update_store):
    graph = "http://example.org/persisted"
    update = f"INSERT DATA {{ GRAPH <{graph}> {{ <http://ex/s> <http://ex/p> \"kept\" }} }}"
    assert http.post(update_server, **direct(update, "update", **BEARER)).status_code == 204
    on_disk = ox.Store.read_only(str(update_store))
    assert on_disk.contains_named_graph(ox.NamedNode(graph))


BAD_UPDATES = {  # name: (method, URL parameters, headers, body, status with updates enabled)
    "bad_update_get": ("GET", "?update=CLEAR%20ALL", {}, b"", 400),
    "bad_multiple_updates": ("POST", "", {"Content-Type": "application/x-www-form-urlencoded"},
                             b"update=CLEAR%20NAMED&update=CLEAR%20DEFAULT", 400),
    "bad_update_wrong_media_type": ("POST", "", {"Content-Type": "text/plain"}, b"CLEAR NAMED", 415),
    "bad_update_missing_form_type": ("POST", "", {}, b"update=CLEAR%20NAMED", 415),
    "bad_update_non_utf8": ("POST", "", {"Content-Type": "application/sparql-update; charset=UTF-16"},
                            "CLEAR NAMED".encode("utf-16"), 415),
    "bad_update_syntax": ("POST", "", {"Content-Type": "application/x-www-form-urlencoded"},
                          b"update=CLEAR%20XYZ", 400),
    "bad_update_dataset_conflict": (
        "POST", "?using-named-graph-uri=http%3A%2F%2Fexample%2Fpeople",
        {"Content-Type": "application/sparql-update"},
        b"PREFIX foaf: <http://xmlns.com/foaf/0.1/>\nWITH <http://example/addresses>\n"
        b"DELETE { ?person foaf:givenName 'Bill' }\nINSERT { ?person foaf:givenName 'William' }\n"
        b"WHERE { ?person foaf:givenName 'Bill' }", 400),
}


@pytest.mark.parametrize("name", BAD_UPDATES)
def test_bad_updates(http, update_server, name):
    method, params, headers, body, status = BAD_UPDATES[name]
    response = http.request(method, update_server + params, content=body, headers={**headers, **BEARER})
    assert response.status_code == status, response.text


# --- read-only by default ----------------------------------------------------------------------------

@pytest.mark.parametrize("name", UPDATES)
def test_updates_refused_when_read_only(http, w3c_server, name):
    params, update, _ = UPDATES[name]
    response = http.post(w3c_server + params, **direct(update, "update", **BEARER))
    assert response.status_code == 403 and "read-only" in response.text
    expect_boolean(http.post(w3c_server, **direct(f"ASK {{ GRAPH <{DATA[3]}> {{ ?s ?p ?o }} }}")))


@pytest.mark.parametrize("request_kwargs", [
    form({"update": "CLEAR ALL"}), direct("CLEAR ALL", "update"),
    {"content": b"update=CLEAR%20XYZ", "headers": {"Content-Type": "application/x-www-form-urlencoded"}},
], ids=["update_post_form", "update_post_direct", "bad_update_syntax"])
def test_update_forms_refused_when_read_only(http, seed_server, request_kwargs):
    assert http.post(seed_server, **request_kwargs).status_code == 403


def test_graph_store_writes_refused_when_read_only(http, seed_server):
    graph = quote("https://w3id.org/mskg/id/graph/ontology", safe="")
    nt = {"Content-Type": "application/n-triples"}
    assert http.put(f"{seed_server}?graph={graph}", content=b"", headers=nt).status_code == 403
    assert http.post(f"{seed_server}?graph={graph}", content=b"", headers=nt).status_code == 403
    assert http.delete(f"{seed_server}?graph={graph}").status_code == 403
    assert http.delete(f"{seed_server}?default").status_code == 403
    response = http.get(f"{seed_server}?graph={graph}", headers={"Accept": "application/n-triples"})
    assert response.status_code == 200 and len(triples(response)) > 100


def test_updates_need_the_token(http, update_server):
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"}):
        response = http.post(update_server, **direct("CLEAR ALL", "update", **headers))
        assert response.status_code == 403, headers
        assert response.headers["www-authenticate"].startswith("Bearer")


def test_graph_store_protocol(http, update_server):
    url = f"{update_server}?graph={quote('http://example.org/gsp', safe='')}"
    turtle = {"Content-Type": "text/turtle", **BEARER}
    assert http.put(url, content=b"<http://ex/a> <http://ex/p> 1 .", headers=turtle).status_code == 201
    assert http.put(url, content=b"<http://ex/a> <http://ex/p> 2 .", headers=turtle).status_code == 204
    assert http.post(url, content=b"<http://ex/a> <http://ex/p> 3 .", headers=turtle).status_code == 204
    response = http.get(url, headers={"Accept": "application/n-triples"})
    assert sorted(t.object.value for t in triples(response)) == ["2", "3"]
    assert http.put(url, content=b"<a> <p> .", headers=turtle).status_code == 400
    assert http.put(url, content=b"<a> <p> <o> .", headers={"Content-Type": "application/n-quads",
                                                           **BEARER}).status_code == 415
    assert http.delete(url, headers=BEARER).status_code == 204
    assert http.delete(url, headers=BEARER).status_code == 404
    assert http.get(url).status_code == 404


# --- content negotiation -----------------------------------------------------------------------------

def _count(response: httpx.Response) -> int:
    """The one number of a one-cell SELECT result, in any of the four result formats."""
    kind = media(response)
    if kind == "application/sparql-results+json":
        return int(response.json()["results"]["bindings"][0]["n"]["value"])
    if kind == "application/sparql-results+xml":
        return int(ET.fromstring(response.content).find(f".//{RESULTS_NS}literal").text)
    if kind == "text/csv":
        return int(list(csv.DictReader(io.StringIO(response.text)))[0]["n"])
    assert kind == "text/tab-separated-values"
    header, row = response.text.splitlines()
    assert header == "?n"
    return int(row.split("^^")[0].strip('"'))


@pytest.mark.parametrize("accept,expected", [
    (None, "application/sparql-results+json"),
    ("*/*", "application/sparql-results+json"),
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("application/xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml"),
    ("application/sparql-results+json;q=0.1, text/tab-separated-values;q=0.9", "text/tab-separated-values"),
    ("*/*;q=0.1, text/csv", "text/csv"),
    ("text/*", "text/csv"),
    ("text/html, application/xhtml+xml, application/xml;q=0.9, */*;q=0.8", "application/sparql-results+xml"),
    ("application/sparql-results+json;q=0, */*", "application/sparql-results+xml"),
    ("text/tab-separated-values, text/csv", "text/tab-separated-values"),
])
def test_select_negotiation(http, seed_server, accept, expected):
    headers = {"Accept": accept} if accept else {}
    response = http.post(seed_server, **form({"query": COUNT_OBSERVATIONS}, **headers))
    assert response.status_code == 200 and media(response) == expected
    assert "Accept" in response.headers["vary"]
    assert _count(response) == SEED_OBSERVATIONS


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "application/sparql-results+xml",
                                    "text/csv", "text/tab-separated-values"])
def test_ask_negotiation(http, seed_server, accept):
    response = http.get(seed_server, params={"query": f"ASK {{ <{REGION}> ?p ?o }}"}, headers={"Accept": accept})
    assert response.status_code == 200 and media(response) == accept
    if accept in BOOLEAN:
        assert boolean(response) is True
    else:
        assert response.text.strip() == "true"


@pytest.mark.parametrize("accept,expected", [
    (None, "text/turtle"),
    ("text/turtle", "text/turtle"),
    ("application/n-triples", "application/n-triples"),
    ("application/rdf+xml", "application/rdf+xml"),
    ("application/ld+json", "application/ld+json"),
    ("application/n-quads", "application/n-quads"),
    ("application/trig", "application/trig"),
    ("application/xml", "application/rdf+xml"),
    ("application/json", "application/ld+json"),
    ("application/rdf+xml;q=0.3, application/trig;q=0.7, text/turtle;q=0.5", "application/trig"),
    ("text/turtle;q=0, */*;q=0.5", "application/n-triples"),
])
def test_construct_negotiation(http, seed_server, accept, expected):
    reference = http.post(seed_server, **direct(REGION_TRIPLES, Accept="application/n-triples"))
    headers = {"Accept": accept} if accept else {}
    response = http.post(seed_server, **direct(REGION_TRIPLES, **headers))
    assert response.status_code == 200 and media(response) == expected
    assert triples(response) == triples(reference) and len(triples(reference)) > 5


def test_describe_is_rdf(http, seed_server):
    response = http.get(seed_server, params={"query": f"DESCRIBE <{REGION}>"})
    assert media(response) == "text/turtle"
    assert any(t.subject.value == REGION for t in triples(response))


@pytest.mark.parametrize("query,accept", [
    (COUNT_OBSERVATIONS, "text/turtle"),
    (REGION_TRIPLES, "application/sparql-results+json"),
    (REGION_TRIPLES, "text/csv, application/json;q=0"),
    (COUNT_OBSERVATIONS, "application/sparql-results+json;q=0"),
])
def test_not_acceptable(http, seed_server, query, accept):
    response = http.post(seed_server, **form({"query": query}, Accept=accept))
    assert response.status_code == 406
    assert "Accept" in response.headers["vary"]


def test_head(http, seed_server):
    url = seed_server + "?query=" + quote(COUNT_OBSERVATIONS)
    get, head = http.get(url, headers={"Accept": "text/csv"}), http.head(url, headers={"Accept": "text/csv"})
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-type"] == get.headers["content-type"]
    assert head.headers["content-length"] == str(len(get.content))
    assert http.head(seed_server + "?query=ASK%20%7B").status_code == 400
    assert http.head(seed_server, headers={"Accept": "text/turtle"}).status_code == 200


def test_options(http, seed_server):
    response = http.options(seed_server)
    assert response.status_code == 204
    assert {"GET", "POST", "HEAD", "OPTIONS"} <= set(response.headers["allow"].replace(" ", "").split(","))


def test_cors(http, seed_server):
    preflight = http.options(seed_server, headers={
        "Origin": "https://client.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type, authorization"})
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "*"
    assert "POST" in preflight.headers["access-control-allow-methods"]
    assert "authorization" in preflight.headers["access-control-allow-headers"]
    response = http.post(seed_server, **direct("ASK {}", Origin="https://client.example"))
    assert response.status_code == 200 and response.headers["access-control-allow-origin"] == "*"
    assert [part.strip() for part in response.headers["vary"].split(",")] == ["Accept", "Origin"]
    plain = http.post(seed_server, **direct("ASK {}"))
    assert "access-control-allow-origin" not in plain.headers and "Origin" in plain.headers["vary"]
    error = http.post(seed_server, **direct("ASK {", Origin="https://client.example"))
    assert error.status_code == 400 and error.headers["access-control-allow-origin"] == "*"
    api = http.get(seed_server.removesuffix("/sparql") + "/api/topics", headers={"Origin": "https://client.example"})
    assert api.status_code == 200 and api.headers["access-control-allow-origin"] == "*"


def test_requests_are_logged_only_with_access_log(http, seed_store, tmp_path):
    for args, logged in (((), False), (("--access-log",), True)):
        (tmp_path / f"log-{logged}").mkdir()
        server = serve(tmp_path / f"log-{logged}", "--store", str(seed_store), "--read-only", *args)
        try:
            assert http.post(f"{server.url}/sparql", **direct("ASK {}")).status_code == 200
        finally:
            server.stop()
        assert ('"POST /sparql HTTP/1.1" 200' in server.log.read_text()) is logged


# --- service description and the page for people ------------------------------------------------------

@pytest.mark.parametrize("accept", ["text/turtle", "application/rdf+xml", "application/ld+json",
                                    "application/n-triples", "*/*"])
def test_service_description(http, seed_server, accept):
    response = http.get(seed_server, headers={"Accept": accept})
    assert response.status_code == 200
    graph = triples(response)

    def objects(predicate):
        return {t.object.value for t in graph if t.predicate.value == SD + predicate}

    assert objects("endpoint") == {seed_server}
    assert objects("supportedLanguage") == {SD + "SPARQL11Query"}
    assert objects("feature") == {SD + "UnionDefaultGraph"}
    assert objects("defaultDataset") == {"https://w3id.org/mskg/id/dataset"}
    assert {"http://www.w3.org/ns/formats/SPARQL_Results_JSON", "http://www.w3.org/ns/formats/SPARQL_Results_CSV",
            "http://www.w3.org/ns/formats/Turtle", "http://www.w3.org/ns/formats/JSON-LD"} <= objects("resultFormat")
    assert len(objects("resultFormat")) == 10


def test_service_description_names_the_endpoint_as_reached(http, seed_server):
    response = http.get(seed_server, headers={"Accept": "text/turtle", "Host": "sparql.example.org:8080"})
    endpoints = {t.object.value for t in triples(response) if t.predicate.value == SD + "endpoint"}
    assert endpoints == {"http://sparql.example.org:8080/sparql"}


def test_service_description_lists_update_when_enabled(http, update_server):
    response = http.get(update_server, headers={"Accept": "application/n-triples"})
    languages = {t.object.value for t in triples(response) if t.predicate.value == SD + "supportedLanguage"}
    assert languages == {SD + "SPARQL11Query", SD + "SPARQL11Update"}


def test_html_page_is_the_sparql_editor(http, seed_server):
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = http.get(seed_server, headers={"Accept": accept})
    assert response.status_code == 200 and media(response) == "text/html"
    html = response.text
    assert "new Yasgui(" in html and json.dumps(seed_server) in html, "YASGUI, querying this endpoint"
    assert f'data-tab="example-{example_queries()[0]["name"]}"' in html
    assert html.count('data-tab="example-') == len(example_queries()) > 0
    base = seed_server.removesuffix("/sparql")
    for asset, kind in (("yasgui.min.js", "javascript"), ("yasgui.min.css", "text/css")):
        assert f'"{base}/static/vendor/yasgui/{asset}"' in html
        loaded = http.get(f"{base}/static/vendor/yasgui/{asset}")
        assert loaded.status_code == 200 and kind in media(loaded)


@pytest.mark.parametrize("path", ["/static/../../pyproject.toml", "/static/%2e%2e/%2e%2e/pyproject.toml",
                                  "/static/..%2f..%2fpyproject.toml", "/static/vendor/../../app.py",
                                  "/static/", "/static/vendor", "/static/vendor/yasgui/"])
def test_static_files_stay_in_their_folder_and_list_no_directory(seed_server, path):
    """Raw request targets (http.client leaves dot segments as sent, unlike httpx)."""
    connection = http_client.HTTPConnection(*seed_server.removeprefix("http://").split("/")[0].split(":"))
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    assert response.status in (400, 404), (path, response.status)
    assert b"[project]" not in body and b"yasgui.min.js" not in body


# --- real clients --------------------------------------------------------------------------------------

def test_sparqlwrapper_json_and_xml(seed_server):
    from SPARQLWrapper import JSON, POST, XML, SPARQLWrapper

    wrapper = SPARQLWrapper(seed_server)
    wrapper.setQuery(COUNT_OBSERVATIONS)
    wrapper.setReturnFormat(JSON)
    assert int(wrapper.queryAndConvert()["results"]["bindings"][0]["n"]["value"]) == SEED_OBSERVATIONS
    wrapper.setReturnFormat(XML)
    wrapper.setMethod(POST)
    document = wrapper.queryAndConvert()
    assert int(document.getElementsByTagName("literal")[0].firstChild.data) == SEED_OBSERVATIONS
    wrapper.setQuery(f"ASK {{ <{REGION}> ?p ?o }}")
    wrapper.setReturnFormat(JSON)
    assert wrapper.queryAndConvert()["boolean"] is True


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_sparqlwrapper_construct(seed_server):
    from SPARQLWrapper import TURTLE, XML, SPARQLWrapper

    for fmt in (TURTLE, XML):
        wrapper = SPARQLWrapper(seed_server)
        wrapper.setQuery(REGION_TRIPLES)
        wrapper.setReturnFormat(fmt)
        result = wrapper.queryAndConvert()
        if fmt == TURTLE:
            import rdflib

            result = rdflib.Graph().parse(data=result, format="turtle")
        assert any(str(s) == REGION for s in result.subjects()), fmt


def test_rdflib_sparqlstore(seed_server):
    import rdflib
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    graph = rdflib.Graph(store=SPARQLStore(seed_server))
    (row,) = list(graph.query(COUNT_OBSERVATIONS))
    assert int(row.n) == SEED_OBSERVATIONS
    labels = {str(o) for o in graph.objects(rdflib.URIRef(REGION),
                                            rdflib.URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"))}
    assert "阿勒泰地区" in labels
    assert len(graph.query(REGION_TRIPLES).graph) > 5


def test_curl(seed_server):
    if not shutil.which("curl"):
        pytest.skip("curl is not installed")
    done = subprocess.run(["curl", "-sS", "--fail", "-H", "Accept: text/csv", "--data-urlencode",
                           f"query={COUNT_OBSERVATIONS}", seed_server], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["n", str(SEED_OBSERVATIONS)]
    done = subprocess.run(["curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", seed_server + "?query=ASK%20%7B"],
                          capture_output=True, text=True, timeout=30)
    assert done.stdout == "400"


# --- --load and --store URL ---------------------------------------------------------------------------

def test_load_joins_loaded_files_with_the_store(http, w3c_server, seed_store):
    """The loaded graphs and the store answer one query; the store on disk is unchanged."""
    query = (f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{DATA[1]}> {{ ?doc a ?type }} "
             f"<{REGION}> a <https://w3id.org/mskg/ontology#Region> }}")
    response = http.post(w3c_server, **form({"query": query}, Accept="text/csv"))
    assert response.text.splitlines() == ["n", "1"]
    assert not ox.Store.read_only(str(seed_store)).contains_named_graph(ox.NamedNode(DATA[1]))


def test_load_every_format(seed_store, tmp_path):
    """Each RDF format --load takes; dataset formats (TriG, N-Quads, JSON-LD) keep their graphs,
    triples go to the default graph."""
    quad = ox.Quad(ox.NamedNode("http://ex/s"), ox.NamedNode("http://ex/p"), ox.Literal("o"),
                   ox.NamedNode("http://ex/g"))
    files = []
    for extension, fmt in (("ttl", ox.RdfFormat.TURTLE), ("nt", ox.RdfFormat.N_TRIPLES),
                           ("jsonld", ox.RdfFormat.JSON_LD), ("rdf", ox.RdfFormat.RDF_XML),
                           ("trig", ox.RdfFormat.TRIG), ("nq", ox.RdfFormat.N_QUADS)):
        subject = ox.NamedNode(f"http://ex/{extension}")
        data = [ox.Quad(subject, quad.predicate, quad.object, quad.graph_name if fmt.supports_datasets
                        else ox.DefaultGraph())]
        path = tmp_path / f"extra.{extension}"
        path.write_bytes(ox.serialize(data if fmt.supports_datasets else [q.triple for q in data], format=fmt))
        files.append(str(path))
    engine = open_engine(str(seed_store), files)
    rows = engine.query("SELECT ?s WHERE { ?s <http://ex/p> ?o }", base_iri="http://ex/",
                        default_graphs=[ox.NamedNode("http://ex/g")], named_graphs=[])
    assert {r["s"].value for r in rows} == {"http://ex/trig", "http://ex/nq", "http://ex/jsonld"}
    rows = engine.store.query("SELECT ?s WHERE { ?s <http://ex/p> ?o }")
    assert {r["s"].value.rsplit("/", 1)[1] for r in rows} == {"ttl", "nt", "rdf"}
    assert int(next(iter(engine.store.query(COUNT_OBSERVATIONS, use_default_graph_as_union=True)))["n"].value) \
        == SEED_OBSERVATIONS


def test_serve_refuses_what_it_cannot_serve(tmp_path):
    environment = {k: v for k, v in os.environ.items() if k != "MSKG_UPDATE_TOKEN"}

    def run(*args):
        return subprocess.run([sys.executable, "-m", "mskg.cli", "serve", *args], capture_output=True, text=True,
                              timeout=60, env=environment)

    assert "no store at" in run("--store", str(tmp_path / "missing")).stderr
    assert "--load needs an embedded store" in run("--store", "oxigraph+http://127.0.0.1:1",
                                                   "--load", __file__).stderr
    assert "--update-token" in run("--enable-update").stderr


def test_store_url_forwards_to_the_server(http, oxigraph_process, tmp_path):
    """`--store URL`: queries and Graph Store reads go to the SPARQL server; results are negotiated here."""
    graph = "http://example.org/remote"
    put = http.put(f"{oxigraph_process.url}/store", params={"graph": graph},
                   content=f"<{REGION}> <http://ex/p> \"远程\"@zh , 2 .".encode(),
                   headers={"Content-Type": "text/turtle"})
    assert put.status_code in (200, 201, 204)
    server = serve(tmp_path, "--store", f"oxigraph+{oxigraph_process.url}")
    endpoint = f"{server.url}/sparql"
    try:
        select = f"SELECT ?o WHERE {{ <{REGION}> <http://ex/p> ?o }} ORDER BY ?o"
        response = http.post(endpoint, **form({"query": select}, Accept="text/csv"))
        assert response.status_code == 200 and response.text.splitlines() == ["o", "2", "远程"]
        response = http.post(endpoint, **form({"query": select}, Accept="application/sparql-results+xml"))
        assert media(response) == "application/sparql-results+xml" and "xml:lang=\"zh\"" in response.text
        response = http.post(endpoint + f"?named-graph-uri={quote(graph, safe='')}",
                             **direct(f"ASK {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"))
        expect_boolean(response)
        response = http.post(endpoint, **direct(f"CONSTRUCT WHERE {{ <{REGION}> ?p ?o }}",
                                                Accept="application/ld+json"))
        assert media(response) == "application/ld+json" and len(triples(response)) == 2
        response = http.get(endpoint, params={"graph": graph}, headers={"Accept": "application/n-triples"})
        assert len(triples(response)) == 2
        response = http.get(endpoint + "?query=ASK%20%7B")
        assert response.status_code == 400 and "error at 1:6" in response.text
        assert http.post(endpoint, **direct("CLEAR ALL", "update")).status_code == 403
    finally:
        server.stop()


# --- the text checks the endpoint relies on --------------------------------------------------------------

def test_dataset_clause_detection():
    assert has_dataset_clause("SELECT * FROM <http://g> { ?s ?p ?o }")
    assert has_dataset_clause("select * from named <http://g> { graph ?g { ?s ?p ?o } }")
    assert not has_dataset_clause("SELECT * { ?s ?p 'FROM' } # FROM <x>")
    assert not has_dataset_clause("PREFIX from: <http://x/> SELECT * { ?s from:p ?from }")
    assert not has_dataset_clause('SELECT * { ?s ?p """\nFROM <x>\n""" }')


def test_the_look_before_lexing_never_misses_a_keyword_the_lexer_finds():
    """Texts are lexed for FROM, USING, WITH, SERVICE or LOAD only when a cheaper look finds them
    possible: over every text of three tricky pieces, wherever the lexer finds the keyword, the
    look does too (and for most texts without it, it spares the lexing)."""
    from itertools import product

    from mskg.web import sparql_text

    pieces = ["FROM", "from", " ", "\n", "\r", "\n  # c ", "#", "1", "a", ".", "-", ":", "?", "_", "'", '"',
              "'''", "'''FROM", "<", ">", "\\", "ß", "x:FROM", "%", "WITH", "Using", "Service", "load"]
    spared = 0
    for parts in product(pieces, repeat=3):
        text = "".join(parts)
        words = {value for kind, value, _ in sparql_text._tokens(text) if kind == "word"}
        for keyword in ("FROM", "USING", "WITH", "SERVICE", "LOAD"):
            possible = sparql_text._may_hold(text, sparql_text._keywords(keyword))
            assert possible or keyword not in words, (text, keyword)
            spared += not possible
    assert spared > 0.7 * 5 * len(pieces) ** 3


def test_using_goes_before_each_modify_where():
    update = ("INSERT DATA { GRAPH <http://g> { <http://a> <http://b> \"WHERE }\" } } ;\n"
              "DELETE WHERE { ?s ?p ?o } ;\n"
              "DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }")
    rewritten = with_using(update, ["http://d"], ["http://n"])
    assert rewritten.count("USING <http://d> USING NAMED <http://n> WHERE") == 1
    assert "DELETE WHERE { ?s ?p ?o }" in rewritten and '"WHERE }"' in rewritten
    assert with_using(update, [], []) == update


def test_results_are_json_parseable(http, seed_server):
    response = http.get(seed_server, params={"query": "SELECT ?s { ?s ?p ?o } LIMIT 3"})
    assert len(json.loads(response.content)["results"]["bindings"]) == 3
