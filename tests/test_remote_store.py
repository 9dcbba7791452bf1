"""The Store contract on real servers (Oxigraph, Virtuoso anonymous and with digest
credentials) and on the embedded store once it exists; failures of remote servers."""

from __future__ import annotations

import http.server
import socket
import threading
import time

import pyoxigraph as ox
import pytest

from mskg.store import StoreError, open_store
from mskg.store.remote import RemoteStore

from conftest import free_port

XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
ID = "https://w3id.org/mskg/id/"
G1 = "https://w3id.org/mskg/graph/test-1"
G2 = "https://w3id.org/mskg/graph/test-2"
OBS_VALUE = ox.NamedNode("http://purl.org/linked-data/sdmx/2009/measure#obsValue")
IS_STRING = ox.NamedNode("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#isString")
ARTICLE_TEXT = ("乌鲁木齐市2023年城镇新增就业7386人，\"零就业家庭\"动态清零。\n" * 400)[:20000]
DECIMALS = ["7386", "1.5", "0.000001", "-3.2", "87.65", "123456789012.345"]
BACKENDS = ["oxigraph", "virtuoso", "virtuoso-auth", "embedded"]


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path):
    """An empty store of each backend: no mskg graph left by an earlier test."""
    if request.param == "embedded":
        embedded = pytest.importorskip("mskg.store.embedded")
        if not hasattr(embedded, "EmbeddedStore"):
            pytest.skip("mskg.store.embedded has no EmbeddedStore yet")
        s = embedded.EmbeddedStore(tmp_path / "store")
    elif request.param == "oxigraph":
        s = RemoteStore.for_server(request.getfixturevalue("oxigraph_server"), "oxigraph")
    else:
        auth = ("dba", "dba") if request.param == "virtuoso-auth" else None
        s = RemoteStore.for_server(request.getfixturevalue("virtuoso_server"), "virtuoso", auth=auth)
    for graph in s.graphs():
        s.delete_graph(graph)
    yield s
    s.close()


def nt(triples) -> bytes:
    return ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES)


def triples(ntriples: bytes) -> set[ox.Triple]:
    return {q.triple for q in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)}


def region(code: str, label: str) -> list[ox.Triple]:
    node = ox.NamedNode(f"{ID}region/{code}")
    return [ox.Triple(node, ox.NamedNode(f"{SKOS}prefLabel"), ox.Literal(label, language="zh")),
            ox.Triple(node, ox.NamedNode(f"{SKOS}notation"), ox.Literal(code))]


def livelihood() -> list[ox.Triple]:
    """Chinese labels with language tags, decimals and a long article text."""
    node = ox.NamedNode(f"{ID}region/654300")
    data = [ox.Triple(node, ox.NamedNode(f"{SKOS}prefLabel"), ox.Literal("阿勒泰地区", language="zh")),
            ox.Triple(node, ox.NamedNode(f"{SKOS}prefLabel"), ox.Literal("Ālètài Dìqū", language="zh-Latn-pinyin")),
            ox.Triple(node, ox.NamedNode(f"{SKOS}prefLabel"), ox.Literal("Altay Prefecture", language="en")),
            ox.Triple(ox.NamedNode(f"{ID}article/0123456789abcdef"), IS_STRING, ox.Literal(ARTICLE_TEXT))]
    data += [ox.Triple(ox.NamedNode(f"{ID}obs/{i}"), OBS_VALUE, ox.Literal(v, datatype=ox.NamedNode(f"{XSD}decimal")))
             for i, v in enumerate(DECIMALS)]
    return data


def test_put_graph_is_seen_by_select_ask_construct(store):
    store.put_graph(G1, nt(region("654300", "阿勒泰地区")))
    rows = store.select(f"SELECT ?label ?missing WHERE {{ GRAPH <{G1}> {{ ?r <{SKOS}prefLabel> ?label }} }}")
    assert rows == [{"label": "阿勒泰地区", "missing": None}]
    assert store.ask(f"ASK {{ GRAPH <{G1}> {{ <{ID}region/654300> ?p ?o }} }}")
    assert not store.ask(f"ASK {{ GRAPH <{G1}> {{ <{ID}region/000000> ?p ?o }} }}")
    got = store.construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{G1}> {{ ?s ?p ?o }} }}")
    assert triples(got) == set(region("654300", "阿勒泰地区"))
    assert store.graphs() == [G1]


def test_put_graph_replaces(store):
    store.put_graph(G1, nt(region("654300", "阿勒泰地区")))
    store.put_graph(G1, nt(region("654300", "阿勒泰地区")))
    query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{G1}> {{ ?s ?p ?o }} }}"
    assert triples(store.construct(query)) == set(region("654300", "阿勒泰地区"))
    store.put_graph(G1, nt(region("650100", "乌鲁木齐市")))
    assert triples(store.construct(query)) == set(region("650100", "乌鲁木齐市"))


def test_delete_graph(store):
    store.put_graph(G1, nt(region("654300", "阿勒泰地区")))
    store.put_graph(G2, nt(region("650100", "乌鲁木齐市")))
    store.delete_graph(G1)
    assert store.graphs() == [G2]
    assert not store.ask(f"ASK {{ GRAPH <{G1}> {{ ?s ?p ?o }} }}")
    store.delete_graph(G1)


def test_update(store):
    store.update(f'INSERT DATA {{ GRAPH <{G1}> {{ <{ID}region/654300> <{SKOS}prefLabel> "阿勒泰地区"@zh }} }}')
    assert store.ask(f'ASK {{ GRAPH <{G1}> {{ ?r <{SKOS}prefLabel> "阿勒泰地区"@zh }} }}')
    store.update(f"DELETE WHERE {{ GRAPH <{G1}> {{ ?s ?p ?o }} }}")
    assert not store.ask(f"ASK {{ GRAPH <{G1}> {{ ?s ?p ?o }} }}")


def test_chinese_literals_and_decimals_survive(store):
    store.put_graph(G1, nt(livelihood()))
    got = store.construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{G1}> {{ ?s ?p ?o }} }}")
    assert triples(got) == set(livelihood())
    rows = store.select(f"SELECT ?v WHERE {{ GRAPH <{G1}> {{ ?o <{OBS_VALUE.value}> ?v }} }}")
    assert sorted(r["v"] for r in rows) == sorted(DECIMALS)
    rows = store.select(f"SELECT ?t WHERE {{ GRAPH <{G1}> {{ ?a <{IS_STRING.value}> ?t }} }}")
    assert rows == [{"t": ARTICLE_TEXT}]
    assert store.ask(f'ASK {{ GRAPH <{G1}> {{ ?r ?p "Ālètài Dìqū"@zh-Latn-pinyin }} }}')


def test_dump_round_trips(store):
    if isinstance(store, RemoteStore):
        store.page_size = 3
    blank = ox.Triple(ox.BlankNode(), ox.NamedNode(f"{ID}p"), ox.Literal("匿名"))
    store.put_graph(G1, nt(livelihood()))
    store.put_graph(G2, nt([*region("650100", "乌鲁木齐市"), blank]))
    loaded = ox.Store()
    loaded.load(store.dump(), format=ox.RdfFormat.N_QUADS)
    named = {q for q in loaded if not isinstance(q.subject, ox.BlankNode)}
    expected = {ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(G1)) for t in livelihood()}
    expected |= {ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(G2)) for t in region("650100", "乌鲁木齐市")}
    assert named == expected
    assert [(q.predicate, q.object, q.graph_name) for q in loaded if isinstance(q.subject, ox.BlankNode)] == [
        (blank.predicate, blank.object, ox.NamedNode(G2))]


@pytest.mark.parametrize("kind", ["oxigraph", "virtuoso"])
def test_dump_reads_past_the_servers_row_limit(kind, request):
    """Virtuoso here cuts results at 10000 rows (ResultSetMaxRows as Debian ships it)."""
    store = RemoteStore.for_server(request.getfixturevalue(f"{kind}_server"), kind)
    store.page_size = 15000
    many = [ox.Triple(ox.NamedNode(f"{ID}obs/{i}"), OBS_VALUE, ox.Literal(str(i), datatype=ox.NamedNode(f"{XSD}decimal")))
            for i in range(12000)]
    store.put_graph(G1, nt(many))
    try:
        quads = list(ox.parse(store.dump(), format=ox.RdfFormat.N_QUADS))
        assert {q.triple for q in quads if q.graph_name == ox.NamedNode(G1)} == set(many)
    finally:
        store.delete_graph(G1)


def test_default_graph_is_dumped_where_it_is_its_own(tmp_path):
    from conftest import OxigraphServer

    server = OxigraphServer(tmp_path, union_default_graph=False)
    server.start()
    try:
        base = server.url
        store = RemoteStore(f"{base}/query", f"{base}/update", f"{base}/store")
        triple = f'<{ID}dataset> <{SKOS}prefLabel> "民生统计"@zh'
        store.update(f"INSERT DATA {{ {triple} }}")
        assert f"{triple} .\n".encode() in store.dump()
    finally:
        server.stop()


@pytest.mark.parametrize("kind", ["oxigraph", "virtuoso"])
def test_foreign_graphs_are_mskgs_only_when_put_through_the_store(kind, request):
    base = request.getfixturevalue(f"{kind}_server")
    store, other = RemoteStore.for_server(base, kind), RemoteStore.for_server(base, kind)
    store.put_graph("urn:example:foreign", nt(region("654300", "阿勒泰地区")))
    try:
        assert "urn:example:foreign" in store.graphs()
        assert b"<urn:example:foreign>" in store.dump()
        assert "urn:example:foreign" not in other.graphs()
        assert b"<urn:example:foreign>" not in other.dump()
    finally:
        store.delete_graph("urn:example:foreign")
    assert "urn:example:foreign" not in store.graphs()


def every_call(store: RemoteStore) -> list:
    return [lambda: store.select("SELECT * WHERE { ?s ?p ?o } LIMIT 1"),
            lambda: store.ask("ASK { ?s ?p ?o }"),
            lambda: store.construct("CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1"),
            lambda: store.update(f"INSERT DATA {{ GRAPH <{G1}> {{ <{ID}a> <{ID}b> <{ID}c> }} }}"),
            lambda: store.put_graph(G1, nt(region("654300", "阿勒泰地区"))),
            lambda: store.delete_graph(G1),
            store.graphs,
            store.dump]


@pytest.mark.parametrize("kind", ["oxigraph", "virtuoso", "generic"])
def test_server_down_is_a_store_error_naming_the_url(kind):
    port = free_port()
    store = RemoteStore.for_server(f"http://127.0.0.1:{port}", kind, timeout=5)
    for call in every_call(store):
        with pytest.raises(StoreError, match=f"http://127.0.0.1:{port}"):
            call()


def test_the_same_store_works_again_after_a_restart(oxigraph_process):
    store = RemoteStore.for_server(oxigraph_process.url, "oxigraph")
    store.put_graph(G1, nt(region("654300", "阿勒泰地区")))
    oxigraph_process.stop()
    for call in every_call(store):
        with pytest.raises(StoreError, match=oxigraph_process.url):
            call()
    oxigraph_process.start()
    assert store.graphs() == [G1]
    store.put_graph(G2, nt(region("650100", "乌鲁木齐市")))
    assert store.ask(f'ASK {{ GRAPH <{G2}> {{ ?r ?p "乌鲁木齐市"@zh }} }}')


class Unavailable(http.server.BaseHTTPRequestHandler):
    """Answers 503 to everything."""

    def answer(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(503)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_POST = do_PUT = do_DELETE = answer

    def log_message(self, *args):
        pass


def test_server_errors_are_store_errors_naming_the_url():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Unavailable)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        for call in every_call(RemoteStore.for_server(url, "oxigraph")):
            with pytest.raises(StoreError, match=f"{url}/.*503"):
                call()
    finally:
        server.shutdown()
        server.server_close()


def test_a_silent_server_times_out():
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(16)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}"
        store = RemoteStore.for_server(url, "oxigraph", timeout=1)
        calls = every_call(store)
        for call in (calls[0], calls[2], calls[4]):  # JSON and RDF through SPARQLWrapper, a PUT through httpx
            started = time.monotonic()
            with pytest.raises(StoreError, match=url):
                call()
            assert time.monotonic() - started < 5


def test_bad_queries_are_store_errors(oxigraph_server):
    store = RemoteStore.for_server(oxigraph_server, "oxigraph")
    with pytest.raises(StoreError, match=f"{oxigraph_server}/query"):
        store.select("SELECT nonsense")
    with pytest.raises(StoreError, match=f"{oxigraph_server}/update.*400"):
        store.update("INSERT nonsense")


def test_open_store_reads_the_kind_from_the_url(oxigraph_server, virtuoso_server):
    host = virtuoso_server.split("://")[1]
    assert open_store(oxigraph_server).query_url == f"{oxigraph_server}/query"
    assert open_store(virtuoso_server).graph_store_url == f"{virtuoso_server}/sparql-graph-crud"
    assert open_store(f"oxigraph+{virtuoso_server}/prefix").update_url == f"{virtuoso_server}/prefix/update"
    generic = open_store(f"generic+{oxigraph_server}/ds")
    assert generic.query_url == generic.update_url == generic.graph_store_url == f"{oxigraph_server}/ds"
    authenticated = open_store(f"virtuoso+http://dba:dba@{host}")
    assert authenticated.update_url == f"{virtuoso_server}/sparql-auth"
    authenticated.put_graph(G1, nt(region("654300", "阿勒泰地区")))
    assert authenticated.ask(f"ASK {{ GRAPH <{G1}> {{ ?s ?p ?o }} }}")
    authenticated.delete_graph(G1)
    with pytest.raises(StoreError, match="unknown server kind 'fuseki'"):
        open_store(f"fuseki+{oxigraph_server}")


def test_open_store_opens_a_path_as_the_embedded_store(tmp_path):
    embedded = pytest.importorskip("mskg.store.embedded")
    if not hasattr(embedded, "EmbeddedStore"):
        pytest.skip("mskg.store.embedded has no EmbeddedStore yet")
    store = open_store(tmp_path / "store")
    assert isinstance(store, embedded.EmbeddedStore)
    store.close()
