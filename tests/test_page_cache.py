"""The response cache of the lookup routes (mskg.web.page_cache) in the real app: a kept answer is
the fresh one byte for byte; a write through /sparql is seen at once; ETags give 304; Accept
variants are kept apart (and say Vary: Accept); memory stays within its bound."""

from __future__ import annotations

import httpx
import pyoxigraph as ox
import pytest
from conftest import OxigraphServer
from starlette.testclient import TestClient

from mskg.web.app import Settings, create_app
from mskg.web.engine import RemoteEngine

ID = "https://w3id.org/mskg/id/"
REGION = "/id/region/654300"
OBSERVATION = "/id/obs/654300/urban-new-jobs/2023/actual"
HTML = {"Accept": "text/html"}
TURTLE = {"Accept": "text/turtle"}
TOKEN = "cache-test-token"
PATHS = [(REGION, HTML), (OBSERVATION, HTML), (REGION, TURTLE), (OBSERVATION + ".jsonld", {}),
         ("/api/entity/region/654300", {}), ("/api/entity" + OBSERVATION.removeprefix("/id"), {}),
         ("/id/indicator/urban-new-jobs", HTML), ("/dataset", HTML)]


@pytest.fixture(scope="module")
def client(seed_handle):
    """The app with its cache (its /sparql worker pool is not started: the lookup routes do not use it)."""
    return TestClient(create_app(seed_handle.oxigraph))


@pytest.fixture(scope="module")
def uncached(seed_handle):
    """The same app keeping nothing: every answer made afresh."""
    return TestClient(create_app(seed_handle.oxigraph, settings=Settings(page_cache_bytes=0)))


def kept(client: TestClient) -> int:
    return len(client.app.state.page_cache)


def without_date(headers) -> dict[str, str]:
    return {name: value for name, value in headers.items() if name != "date"}


@pytest.mark.parametrize("path, headers", PATHS)
def test_a_cached_answer_is_the_fresh_one_byte_for_byte(client, uncached, path, headers):
    first = client.get(path, headers=headers)
    before = kept(client)
    second = client.get(path, headers=headers)
    fresh = uncached.get(path, headers=headers)
    assert first.status_code == second.status_code == fresh.status_code == 200
    assert kept(client) == before >= 1
    assert second.content == first.content == fresh.content
    assert without_date(second.headers) == without_date(first.headers)
    assert second.headers["etag"].startswith('"') and "public, max-age=" in second.headers["cache-control"]
    assert {k: v for k, v in without_date(fresh.headers).items() if k not in ("etag", "cache-control")} \
        == {k: v for k, v in without_date(second.headers).items() if k not in ("etag", "cache-control")}


def test_a_matching_etag_is_304_and_another_200(client):
    etag = client.get(OBSERVATION, headers=HTML).headers["etag"]
    for headers in (HTML | {"If-None-Match": etag}, HTML | {"If-None-Match": f'"other", W/{etag}'}):
        response = client.get(OBSERVATION, headers=headers)
        assert response.status_code == 304 and response.content == b""
        assert response.headers["etag"] == etag and "Accept" in response.headers["vary"]
    other = client.get(OBSERVATION, headers=HTML | {"If-None-Match": '"not-this-one"'})
    assert other.status_code == 200 and other.headers["etag"] == etag
    head = client.head(OBSERVATION, headers=HTML)
    assert head.status_code == 200 and head.content == b"" and head.headers["etag"] == etag
    assert int(head.headers["content-length"]) == len(other.content)
    turtle = client.get(OBSERVATION, headers=TURTLE | {"If-None-Match": etag})
    assert turtle.status_code == 200 and turtle.headers["etag"] != etag


def test_each_representation_is_its_own_entry_and_varies_by_accept(client):
    client.app.state.page_cache.clear()
    answers = {}
    for accept in ("text/html", "text/turtle", "application/n-triples", "application/ld+json"):
        for _ in range(2):
            response = client.get(REGION, headers={"Accept": accept})
            assert response.status_code == 200 and response.headers["content-type"].startswith(accept)
            assert "Accept" in [part.strip() for part in response.headers["vary"].split(",")]
            answers.setdefault(accept, response.content)
            assert response.content == answers[accept]
    assert kept(client) == 4 and len(set(answers.values())) == 4


def test_the_cache_keeps_within_its_bound(seed_handle):
    size = len(TestClient(create_app(seed_handle.oxigraph)).get(OBSERVATION, headers=HTML).content)
    small = TestClient(create_app(seed_handle.oxigraph, settings=Settings(page_cache_bytes=3 * size)))
    cache = small.app.state.page_cache
    rows = seed_handle.select("SELECT DISTINCT ?o WHERE { ?o a <https://w3id.org/mskg/ontology#Observation> } "
                        "ORDER BY ?o LIMIT 12")
    paths = ["/" + row["o"].removeprefix("https://w3id.org/mskg/") for row in rows]
    first = small.get(paths[0], headers=HTML).content
    for path in paths[1:]:
        assert small.get(path, headers=HTML).status_code == 200
        assert cache.bytes <= 3 * size
    assert 1 <= len(cache) < len(paths) - 1
    assert small.get(paths[0], headers=HTML).content == first  # evicted, made again the same


@pytest.fixture(scope="module")
def writable(seed_handle, tmp_path_factory):
    """The app over a real Oxigraph server holding the seed store's quads, writable through /sparql."""
    server = OxigraphServer(tmp_path_factory.mktemp("cache-oxigraph"))
    server.start()
    httpx.post(f"{server.url}/store", content=seed_handle.oxigraph.dump(format=ox.RdfFormat.N_QUADS),
               headers={"Content-Type": "application/n-quads"}, timeout=60).raise_for_status()
    engine = RemoteEngine(f"{server.url}/query", f"{server.url}/update", f"{server.url}/store")
    yield TestClient(create_app(engine, settings=Settings(enable_update=True, update_token=TOKEN)))
    server.stop()


def test_a_write_through_sparql_is_seen_at_once(writable):
    api = "/api/entity" + OBSERVATION.removeprefix("/id")
    page, entity = writable.get(OBSERVATION, headers=HTML), writable.get(api)
    assert '<span class="value">7386</span>' in page.text and '"7386' in entity.text
    assert writable.get(OBSERVATION, headers=HTML).headers["etag"] == page.headers["etag"]  # kept
    kept_before = kept(writable)
    assert writable.post("/sparql", data={"query": "ASK {}"}).status_code == 200
    assert kept(writable) == kept_before >= 2  # a query posted to /sparql writes nothing
    observations = f"<{ID}graph/observations>"
    obs = f"<{ID}{OBSERVATION.removeprefix('/id/')}>"
    value = "<http://purl.org/linked-data/sdmx/2009/measure#obsValue>"
    update = (f"DELETE {{ GRAPH {observations} {{ {obs} {value} ?v }} }} "
              f"INSERT {{ GRAPH {observations} {{ {obs} {value} 7391 }} }} "
              f"WHERE {{ GRAPH {observations} {{ {obs} {value} ?v }} }}")
    response = writable.post("/sparql", data={"update": update}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code in (200, 204), response.text
    changed = writable.get(OBSERVATION, headers=HTML)
    assert '<span class="value">7391</span>' in changed.text and '<span class="value">7386</span>' not in changed.text
    assert changed.headers["etag"] != page.headers["etag"]
    assert writable.get(OBSERVATION, headers=HTML | {"If-None-Match": page.headers["etag"]}).status_code == 200
    assert '"7391' in writable.get(api).text
