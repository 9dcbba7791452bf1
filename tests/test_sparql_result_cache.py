"""Kept answers to /sparql queries (mskg.web.result_cache), against real servers.

The same request is answered from the cache (Server-Timing says `cache`) with the same bytes and a
strong ETag; If-None-Match gets 304. Whatever could make the same request give another answer keeps
it out: another format or dataset, a write, a volatile function, SERVICE, a remote store written
behind the server's back, an error.
"""

import asyncio

import httpx
import pytest
from conftest import MskgServer, OxigraphServer
from hypothesis import given, settings
from hypothesis import strategies as st

from mskg.store.embedded import EmbeddedStore
from mskg.web.inline import request_key
from mskg.web.page_cache import etag_of
from mskg.web.result_cache import IRI, VOLATILE, ResultCache

JSON = "application/sparql-results+json"
TOKEN = "result-cache-test"
LABELS = "SELECT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?s ?label LIMIT 3"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s <http://example.org/p> ?o }"


def ask(url, text, accept=JSON, headers=None, **params):
    return httpx.post(f"{url}/sparql", content=text, params=params, timeout=30,
                      headers={"Content-Type": "application/sparql-query", "Accept": accept, **(headers or {})})


def where(answer) -> str:
    """Where the server says the answer came from (Server-Timing's desc)."""
    timing = dict(part.split("=", 1) for part in answer.headers["server-timing"].split(";")[1:])
    return timing["desc"]


def count(answer) -> int:
    return int(answer.json()["results"]["bindings"][0]["n"]["value"])


def insert(url, value: int) -> None:
    answer = httpx.post(f"{url}/sparql", content=f"INSERT DATA {{ <http://example.org/s{value}> "
                        f"<http://example.org/p> {value} }}", timeout=30,
                        headers={"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"})
    assert answer.status_code == 204, answer.text


@pytest.fixture(scope="module")
def server(seed_store, tmp_path_factory):
    running = MskgServer(tmp_path_factory.mktemp("result-cache"), "--store", str(seed_store), "--read-only")
    running.start()
    yield running.url
    running.stop()


@pytest.fixture
def writable(tmp_path):
    store = tmp_path / "store"
    EmbeddedStore(store).close()
    running = MskgServer(tmp_path, "--store", str(store), "--enable-update", "--update-token", TOKEN)
    running.start()
    yield running.url
    running.stop()


def test_the_same_request_is_answered_from_the_cache_with_the_same_bytes_and_etag(server):
    first, second = ask(server, LABELS), ask(server, LABELS)
    assert [first.status_code, second.status_code] == [200, 200]
    assert where(first) in ("worker", "in-process") and where(second) == "cache"
    assert first.content == second.content and len(second.json()["results"]["bindings"]) == 3
    assert first.headers["etag"] == second.headers["etag"] and first.headers["etag"].startswith('"')
    assert first.headers["content-type"] == second.headers["content-type"]
    assert "Accept" in second.headers["vary"]
    by_get = httpx.get(f"{server}/sparql", params={"query": LABELS}, headers={"Accept": JSON}, timeout=30)
    assert where(by_get) == "cache" and by_get.content == first.content  # GET and POST ask the same


def test_if_none_match_naming_the_etag_gets_304_without_a_body(server):
    text = LABELS.replace("LIMIT 3", "LIMIT 4")
    etag = ask(server, text).headers["etag"]
    again = ask(server, text, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    other = ask(server, text, headers={"If-None-Match": '"something-else"'})
    assert other.status_code == 200 and other.headers["etag"] == etag


def test_another_format_dataset_or_row_cap_is_another_request(server):
    text = LABELS.replace("LIMIT 3", "LIMIT 5")
    assert where(ask(server, text)) != "cache"
    as_csv = ask(server, text, accept="text/csv")
    assert where(as_csv) != "cache" and as_csv.headers["content-type"].startswith("text/csv")
    assert where(ask(server, text, accept="text/csv")) == "cache"
    graph = "https://w3id.org/mskg/id/graph/dataset"
    in_graph = ask(server, text, **{"default-graph-uri": graph})
    assert where(in_graph) != "cache" and in_graph.json()["results"]["bindings"] != ask(server, text).json()[
        "results"]["bindings"]


@pytest.mark.parametrize("text", [
    'SELECT (NOW() AS ?t) WHERE {}',
    'SELECT (RAND() AS ?r) WHERE {}',
    'SELECT (STRUUID() AS ?u) WHERE {}',
    'SELECT (uuid() AS ?u) WHERE {}',
    'CONSTRUCT { ?b <http://example.org/p> 1 } WHERE { BIND (BNODE() AS ?b) }',
])
def test_a_query_with_a_function_of_the_moment_is_never_kept(server, text):
    first, second = ask(server, text, accept="*/*"), ask(server, text, accept="*/*")
    assert [first.status_code, second.status_code] == [200, 200]
    assert where(second) != "cache" and "etag" not in second.headers


@pytest.mark.parametrize("text, kept", [
    ("SELECT * WHERE { ?s <http://example.org/inter-provincial-service-items> ?o }", True),  # a name
    ("SELECT * WHERE { ?s ex:service-items ?o }", True),
    ("SELECT * WHERE { ?s <http://example.org/now(> ?o }", True),
    ("SELECT * WHERE { ?s ?p ?o FILTER(?o<3 && ?p>1) }", True),
    ("SELECT * WHERE { service<http://example.org/q>{ ?s ?p ?o } }", False),
    ("SELECT * WHERE { ?s ?p ?o .SERVICE SILENT ?endpoint { ?s ?p ?o } }", False),
    ("SELECT (rand () AS ?r) WHERE {}", False),
])
def test_the_look_for_volatile_requests_skips_names_and_never_misses_a_keyword(text, kept):
    assert ResultCache.keeps(text) is kept


PIECES = ["now", "NoW", "ervice", "rand", "Rand", "uuid", "StrUuid", "bnode", "BNODE", "service", "SerVice",
          "(", " ", "\n", ":", "-", "_", "x", "7", "<", ">", "<http://example.org/", "#", '"',
          "中", "\u017f", "\u212a"]  # ſ folds to s and the Kelvin sign to k in Unicode, not in ASCII


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=12).map("".join))
def test_the_look_for_the_keywords_first_gives_what_the_expression_alone_would(text):
    """keeps() looks for the keywords in ASCII upper case before it runs VOLATILE: never another answer."""
    assert ResultCache.keeps(text) is (VOLATILE.search(IRI.sub(" ", text)) is None)


@pytest.mark.parametrize("text", ["SELECT * WHERE { ?s ex:中service ?o }", "SELECT (中now() AS ?t) WHERE {}"])
def test_a_keyword_next_to_a_letter_outside_ascii_is_still_found(text):
    """Inside a name or not, such a text is not kept: the look may err only that way."""
    assert not ResultCache.keeps(text)


def test_errors_are_not_kept(server):
    first, second = ask(server, "SELECT WHERE {"), ask(server, "SELECT WHERE {")
    assert first.status_code == second.status_code == 400
    assert "etag" not in second.headers and "syntax" in second.text


def test_a_write_empties_the_cache(writable):
    assert count(ask(writable, COUNT)) == 0
    assert where(ask(writable, COUNT)) == "cache"
    insert(writable, 1)
    after = ask(writable, COUNT)
    assert where(after) != "cache" and count(after) == 1
    again = ask(writable, COUNT)
    assert where(again) == "cache" and count(again) == 1


def test_nothing_is_kept_with_result_cache_0(seed_store, tmp_path):
    running = MskgServer(tmp_path, "--store", str(seed_store), "--read-only", "--result-cache", "0")
    running.start()
    try:
        answers = [ask(running.url, LABELS) for _ in range(3)]
        assert [where(a) for a in answers].count("cache") == 0
        assert all("etag" not in a.headers for a in answers)
    finally:
        running.stop()


def test_a_remote_store_written_behind_the_servers_back_is_read_again(oxigraph_process, tmp_path):
    (tmp_path / "mskg").mkdir()
    running = MskgServer(tmp_path / "mskg", "--store", oxigraph_process.url)
    running.start()
    try:
        assert count(ask(running.url, COUNT)) == 0
        httpx.post(f"{oxigraph_process.url}/update", timeout=30, content="INSERT DATA { GRAPH <http://example.org/g> "
                   "{ <http://example.org/s> <http://example.org/p> 1 } }",
                   headers={"Content-Type": "application/sparql-update"}).raise_for_status()
        after = ask(running.url, COUNT)
        assert where(after) == "remote" and count(after) == 1
    finally:
        running.stop()


def test_a_service_query_is_never_kept(seed_store, tmp_path):
    (tmp_path / "other").mkdir()
    (tmp_path / "mskg").mkdir()
    other = OxigraphServer(tmp_path / "other")
    other.start()
    running = MskgServer(tmp_path / "mskg", "--store", str(seed_store), "--read-only",
                         "--allow-service", f"{other.url}/query")
    running.start()
    try:
        text = f"SELECT (COUNT(*) AS ?n) WHERE {{ SERVICE <{other.url}/query> {{ ?s <http://example.org/p> ?o }} }}"
        assert count(ask(running.url, text)) == 0
        httpx.post(f"{other.url}/update", timeout=30, content="INSERT DATA { <http://example.org/s> "
                   "<http://example.org/p> 1 }", headers={"Content-Type": "application/sparql-update"}
                   ).raise_for_status()
        after = ask(running.url, text)
        assert where(after) != "cache" and count(after) == 1
    finally:
        running.stop()
        other.stop()


def test_an_answer_begun_before_a_write_ended_is_not_kept_and_the_oldest_go_first():
    cache = ResultCache(max_bytes=3000, max_entry=1000)
    key = request_key("ASK {}", [], [], JSON, "http://localhost/sparql", None)
    begun = cache.generation
    cache.clear()  # a write ended while the query ran
    asyncio.run(cache.put(key, [(b"content-type", JSON.encode())], b"x" * 10, begun))
    assert cache.get(key) is None
    keys = [request_key(f"ASK {{ <http://example.org/{n}> ?p ?o }}", [], [], JSON, "", None) for n in range(4)]
    for key in keys:
        asyncio.run(cache.put(key, [], b"y" * 800, cache.generation))
    assert cache.get(keys[0]) is None and all(cache.get(key) is not None for key in keys[1:])
    assert asyncio.run(cache.put(keys[0], [], b"z" * 1001, cache.generation)) is None  # over max_entry: not hashed
    assert cache.get(keys[0]) is None
    assert request_key("x" * 20_000, [], [], JSON, "", None) is None  # too long to be kept


def test_an_answer_of_a_few_mib_is_kept_with_its_etag_hashed_off_the_event_loop():
    """The default keeps answers up to 4 MiB (an eighth of the default 32 MiB); over 256 KiB the
    ETag is computed in a thread while the loop goes on."""
    cache = ResultCache(max_bytes=32 * 1024 * 1024)
    key = request_key("SELECT * WHERE { ?s ?p ?o }", [], [], JSON, "", None)
    body = bytes(range(256)) * (3 * 4096)  # 3 MiB

    async def put_while_the_loop_runs():
        ticks = 0

        async def tick():
            nonlocal ticks
            while True:
                ticks += 1
                await asyncio.sleep(0)

        ticking = asyncio.ensure_future(tick())
        etag = await cache.put(key, [], body, cache.generation)
        ticking.cancel()
        return etag, ticks

    etag, ticks = asyncio.run(put_while_the_loop_runs())
    assert etag == etag_of(body) and cache.get(key).body == body
    assert ticks > 1, "the loop ran while the answer was hashed"
    assert asyncio.run(cache.put(key, [], body + b"x" * (1024 * 1024 + 1), cache.generation)) is None  # over 4 MiB
