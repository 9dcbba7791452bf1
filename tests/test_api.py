"""The JSON API (/api), the search behind it and the /search page, on the seed store and on a real
Oxigraph server holding the same data.

Expected observations are worked out independently: from mskg.export's tidy CSV
(queries/observations.rq) and the store's mskg:parent triples, filtered in Python.
"""

from __future__ import annotations

import csv
import io
import time
from urllib.parse import quote

import httpx
import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from conftest import OxigraphServer
from mskg import build, export, paths
from mskg.store.embedded import EmbeddedStore
from mskg.web.app import Settings, create_app
from mskg.web.engine import LocalEngine, RemoteEngine, open_engine
from mskg.web.reads import Reader
from mskg.web.search import SearchIndex, normalise

ID = "https://w3id.org/mskg/id/"
PARENT = ox.NamedNode("https://w3id.org/mskg/ontology#parent")
TOKEN = "api-test-token"


# --- fixtures ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def client(seed_handle):
    """The app on the embedded seed store (its /sparql worker pool is not started: the API does not use it)."""
    return TestClient(create_app(seed_handle))


@pytest.fixture(scope="module")
def oxigraph(seed_handle, tmp_path_factory):
    """A real Oxigraph server holding the seed store's quads."""
    server = OxigraphServer(tmp_path_factory.mktemp("api-oxigraph"))
    server.start()
    httpx.post(f"{server.url}/store", content=seed_handle.oxigraph.dump(format=ox.RdfFormat.N_QUADS),
               headers={"Content-Type": "application/n-quads"}, timeout=60).raise_for_status()
    yield server
    server.stop()


def remote_engine(server: OxigraphServer) -> RemoteEngine:
    return RemoteEngine(f"{server.url}/query", f"{server.url}/update", f"{server.url}/store")


@pytest.fixture(scope="module")
def remote_client(oxigraph):
    """The app over the Oxigraph server, writable through /sparql with a bearer token."""
    return TestClient(create_app(remote_engine(oxigraph), settings=Settings(enable_update=True,
                                                                              update_token=TOKEN)))


@pytest.fixture(params=["embedded", "remote"])
def any_client(request):
    return request.getfixturevalue("client" if request.param == "embedded" else "remote_client")


@pytest.fixture(scope="module")
def table(seed_handle) -> list[dict[str, str]]:
    """Every observation as mskg.export writes it (one row each)."""
    return list(csv.DictReader(io.StringIO(export.observations_csv(seed_handle))))


@pytest.fixture(scope="module")
def parents(seed_handle) -> dict[str, str]:
    return {quad.subject.value: quad.object.value
            for quad in seed_handle.oxigraph.quads_for_pattern(None, PARENT, None)}


def under(region: str, area: str, parents: dict[str, str]) -> bool:
    while area:
        if area == region:
            return True
        area = parents.get(area)
    return False


def search(client, q: str, **params) -> list[dict]:
    response = client.get("/api/search", params={"q": q, **params})
    assert response.status_code == 200, response.text
    return response.json()["results"]


def all_pages(client, params: dict) -> list[dict]:
    """Every result of /api/observations, following next links."""
    results, url = [], "/api/observations"
    response = client.get(url, params=params)
    while True:
        assert response.status_code == 200, response.text
        body = response.json()
        results += body["results"]
        if body["next"] is None:
            assert len(results) == body["total"]
            return results
        response = client.get(body["next"])


# --- search --------------------------------------------------------------------------------------

def test_search_answers_the_autocomplete_fields(client):
    body = client.get("/api/search", params={"q": "阿勒泰"}).json()
    assert body["query"] == "阿勒泰" and body["total"] == len(body["results"]) >= 2
    first = body["results"][0]
    assert first == {"iri": ID + "region/654300", "url": "/id/region/654300", "kind": "region",
                     "label": "阿勒泰地区", "label_en": "Altay Prefecture", "code": "654300",
                     "score": first["score"]}


def test_a_prefecture_ranks_before_its_city_of_the_same_name(client):
    # 阿勒泰 starts both 阿勒泰地区 (prefecture) and 阿勒泰市 (county-level city): the higher level first
    codes = [hit["code"] for hit in search(client, "阿勒泰", kind="region")]
    assert codes[:2] == ["654300", "654301"]


def test_a_whole_label_ranks_before_labels_starting_with_it(client):
    results = search(client, "克拉玛依市")  # 克拉玛依市 (650200) itself, then 克拉玛依市市辖区 (650201)
    assert [hit["code"] for hit in results[:2]] == ["650200", "650201"]
    assert results[0]["score"] > results[1]["score"]


@pytest.mark.parametrize("text", ["克拉瑪依", "克拉玛依"])
def test_traditional_and_simplified_chinese_find_the_same(client, text):
    assert search(client, text, kind="region")[0]["code"] == "650200"


@pytest.mark.parametrize("text", ["Altay", "altay prefecture", "ALTAY", "Alta"])
def test_english_is_case_insensitive_and_prefixes_match(client, text):
    assert search(client, text, kind="region")[0]["code"] == "654300"


@pytest.mark.parametrize("text", ["Aletai", "ālètài", "a le tai", "Ālètài Dìqū", "aletaidiqu", "ale"])
def test_pinyin_with_or_without_tones_and_spaces(client, text):
    assert search(client, text, kind="region")[0]["code"] == "654300"


def test_codes_and_code_prefixes(client):
    exact = search(client, "654300")
    assert exact[0]["code"] == "654300" and exact[0]["score"] > exact[1]["score"]
    regions = search(client, "6543", kind="region", limit=100)
    assert regions[0]["code"] == "654300" and len(regions) == 8
    assert all(hit["code"].startswith("6543") for hit in regions)


def test_autocomplete_prefix_of_a_chinese_name(client):
    assert "654300" in [hit["code"] for hit in search(client, "阿勒", kind="region")]


def test_indicators_by_label_alt_label_slug_and_pinyin(client):
    for text in ("城镇新增就业人数", "新增城镇就业", "urban-new-jobs", "Urban new jobs", "chengzhenxinzeng"):
        assert search(client, text, kind="indicator")[0]["code"] == "urban-new-jobs", text


def test_programs_by_region_and_year(client):
    results = search(client, "阿勒泰 2023", kind="program")
    assert [hit["iri"] for hit in results] == [ID + "program/654300/2023"]
    assert results[0]["url"] == "/id/program/654300/2023"


def test_articles_by_title(client, seed_handle):
    article = ox.NamedNode(ID + "article/4300ef54b0d4e2a1")
    title = next(seed_handle.oxigraph.quads_for_pattern(article, ox.NamedNode("http://purl.org/dc/terms/title"),
                                                  None)).object.value
    results = search(client, title[3:12], kind="article")
    assert results[0]["iri"] == ID + "article/4300ef54b0d4e2a1" and results[0]["label"] == title


def test_kinds_limit_offset_and_total(client):
    body = client.get("/api/search", params={"q": "县", "limit": 3}).json()
    assert body["total"] > 3 and len(body["results"]) == 3 and body["next"]
    second = client.get(body["next"]).json()
    assert second["results"][0] != body["results"][0]
    assert second["results"] == client.get("/api/search", params={"q": "县", "limit": 3, "offset": 3}).json()["results"]
    assert {hit["kind"] for hit in search(client, "阿勒泰", kind=["program", "article"])} <= {"program", "article"}


def test_search_order_is_the_same_every_time(client):
    assert search(client, "新疆", limit=100) == search(client, "新疆", limit=100)


def test_empty_and_punctuation_only_searches_find_nothing(client):
    assert search(client, "") == [] and search(client, "  ?!—") == []


def test_the_index_is_built_once_while_the_store_stays_the_same(client):
    search(client, "阿勒泰")
    index = client.app.state.search.current()
    search(client, "克拉玛依")
    assert client.app.state.search.current() is index


def test_the_index_follows_changes_to_the_store(seed_store):
    memory = ox.Store()
    source = EmbeddedStore(str(seed_store), read_only=True)
    memory.extend(source.oxigraph)
    source.close()
    index = SearchIndex(Reader(LocalEngine(memory)), recheck=0)
    assert index.search("测试新区")[0] == 0
    memory.add(ox.Quad(ox.NamedNode(ID + "region/659999"), ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"),
                       ox.Literal("测试新区", language="zh"), ox.NamedNode(ID + "graph/regions")))
    total, hits = index.search("测试新区")
    assert total == 1 and hits[0].iri == ID + "region/659999"


def test_a_write_through_sparql_is_searchable_at_once(remote_client, oxigraph):
    graph = f"<{ID}graph/api-test>"
    update = (f"INSERT DATA {{ GRAPH {graph} {{ <{ID}region/659998> "
              f"<http://www.w3.org/2004/02/skos/core#prefLabel> \"写入测试区\"@zh }} }}")
    assert search(remote_client, "写入测试区") == []
    try:
        response = remote_client.post("/sparql", data={"update": update},
                                      headers={"Authorization": f"Bearer {TOKEN}"})
        assert response.status_code in (200, 204), response.text
        assert [hit["iri"] for hit in search(remote_client, "写入测试区")] == [ID + "region/659998"]
    finally:
        httpx.post(f"{oxigraph.url}/update", data={"update": f"DROP SILENT GRAPH {graph}"}).raise_for_status()
        remote_client.app.state.search.invalidate()


def test_an_embedded_stores_index_read_through_a_handle_of_its_own_sees_writes(tmp_path):
    """The index of a store on disk is read through a read-only handle opened for the build (so its
    caches go with it): that handle must see what the serving handle has just written."""
    build.build(paths.ARTICLES, str(tmp_path / "store"))
    engine = open_engine(str(tmp_path / "store"))
    assert engine.path
    app = create_app(engine, settings=Settings(enable_update=True, update_token=TOKEN, workers=1))
    with TestClient(app) as writable:
        assert [hit["iri"] for hit in search(writable, "阿勒泰地区")][:1] == [ID + "region/654300"]
        update = (f"INSERT DATA {{ GRAPH <{ID}graph/api-test> {{ <{ID}region/659997> "
                  f"<http://www.w3.org/2004/02/skos/core#prefLabel> \"磁盘写入测试区\"@zh }} }}")
        response = writable.post("/sparql", data={"update": update}, headers={"Authorization": f"Bearer {TOKEN}"})
        assert response.status_code in (200, 204), response.text
        assert [hit["iri"] for hit in search(writable, "磁盘写入测试区")] == [ID + "region/659997"]


def test_a_store_on_disk_has_its_index_built_at_start_up(seed_store):
    """Built while the workers hold little, not under the first searches' load."""
    app = create_app(open_engine(str(seed_store), read_only=True), settings=Settings(workers=1))
    with TestClient(app):
        deadline = time.monotonic() + 60
        while app.state.search._index is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert app.state.search._index is not None, "no search asked for it"


def test_normal_form():
    assert normalise("Ālètài Dìqū") == normalise("a le tai diqu") == "aletaidiqu"
    assert normalise("克拉瑪依") == "克拉玛依" and normalise("６５４３") == "6543"


# --- entities ------------------------------------------------------------------------------------

def test_entity_of_a_region_has_its_properties_and_the_labels_of_its_links(client):
    body = client.get("/api/entity/region/654300").json()
    assert body["iri"] == ID + "region/654300" and body["label"] == "阿勒泰地区"
    assert "https://w3id.org/mskg/ontology#AdministrativeDivision" in body["types"]
    properties = {prop["name"]: prop["values"] for prop in body["properties"]}
    assert properties["mskg:parent"] == [{"iri": ID + "region/654000", "url": "/id/region/654000",
                                          "label": "伊犁哈萨克自治州", "label_en": properties["mskg:parent"][0]["label_en"],
                                          "code": "654000", "value": None, "datatype": None, "lang": None}]
    assert {"value": "Altay Prefecture", "lang": "en"}.items() <= \
        next(v for v in properties["skos:prefLabel"] if v["lang"] == "en").items()
    notation = properties["skos:notation"][0]
    assert notation["value"] == "654300" and notation["datatype"] == "http://www.w3.org/2001/XMLSchema#string"


def test_entity_of_an_observation(client, table):
    row = next(r for r in table if r["region_code"] == "654300" and r["indicator"] == "urban-new-jobs")
    path = row["observation"].removeprefix(ID)
    body = client.get(f"/api/entity/{path}").json()
    properties = {prop["name"]: prop["values"] for prop in body["properties"]}
    assert properties["sdmx-measure:obsValue"][0]["value"] == row["value"]
    assert properties["mskg:indicator"][0]["label"] == row["indicator_label"]
    assert client.get("/api/entity", params={"iri": row["observation"]}).json() == body


def test_an_articles_entity_has_its_evidence_spans_as_parts(client, table):
    article = next(r for r in table if r["file"]).get("observation")
    body = client.get(f"/api/entity/obs/{article.removeprefix(ID + 'obs/')}").json()
    evidence = {prop["name"]: prop["values"] for prop in body["properties"]}["prov:wasDerivedFrom"][0]["iri"]
    article_iri = evidence.split("#")[0]
    described = client.get("/api/entity", params={"iri": article_iri}).json()
    assert evidence in [part["iri"] for part in described["parts"]]


@pytest.mark.parametrize("path", ["region/999999", "nothing", "region/654300/extra"])
def test_unknown_entities_are_404_json(client, path):
    response = client.get(f"/api/entity/{path}")
    assert response.status_code == 404 and "no entity" in response.json()["detail"]


def test_entity_by_iri_needs_an_absolute_iri(client):
    response = client.get("/api/entity", params={"iri": "not an iri"})
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["query", "iri"]


# --- observations --------------------------------------------------------------------------------

def test_observations_of_a_region(any_client, table):
    results = all_pages(any_client, {"region": "654300", "limit": 10})
    assert sorted(r["iri"] for r in results) == sorted(r["observation"] for r in table if r["region_code"] == "654300")
    by_iri = {r["observation"]: r for r in table}
    for result in results:
        expected = by_iri[result["iri"]]
        assert (result["region_label"], result["indicator"], result["period"], result["unit"], result["status"],
                result["quote"], result["file"], result["start"]) == \
               (expected["region_label"], expected["indicator"], expected["period"], expected["unit"],
                expected["status"], expected["quote"], expected["file"], int(expected["start"]))
        assert result["value"] == float(expected["value"]) and result["url"] == "/" + result["iri"][22:]


def test_a_county_is_found_through_its_prefecture_only_with_subregions(client, table, parents):
    county = next(r for r in table if r["region_code"] == "152921")  # 阿拉善左旗, under 阿拉善盟 152900
    alone = {r["iri"] for r in all_pages(client, {"region": "152900"})}
    deep = {r["iri"] for r in all_pages(client, {"region": "152900", "include_subregions": "true"})}
    assert county["observation"] in deep and county["observation"] not in alone and alone < deep
    expected = {r["observation"] for r in table if under(ID + "region/152900", ID + r["region_code"]
                if r["region_code"].startswith("area/") else ID + "region/" + r["region_code"], parents)}
    assert deep == expected


def test_a_province_with_subregions_reaches_every_depth(any_client, table, parents):
    deep = {r["iri"] for r in all_pages(any_client, {"region": ID + "region/650000", "include_subregions": "true",
                                                     "limit": 1000})}
    areas = {r["observation"]: (ID + r["region_code"] if r["region_code"].startswith("area/")
                                else ID + "region/" + r["region_code"]) for r in table}
    assert deep == {iri for iri, area in areas.items() if under(ID + "region/650000", area, parents)}
    assert any(area.endswith("654300") for iri, area in areas.items() if iri in deep)  # 新疆 > 伊犁州 > 阿勒泰地区


@pytest.mark.parametrize("period_from, period_to", [("2020", "2023"), ("2023-06", None), (None, "2019"),
                                                    ("2023-07-01", "2024-01-31")])
def test_period_ranges(any_client, table, period_from, period_to):
    params = {k: v for k, v in {"period_from": period_from, "period_to": period_to}.items() if v}
    got = {r["iri"] for r in all_pages(any_client, {**params, "limit": 1000})}

    def keep(period: str) -> bool:
        start, end = period.split("/")[0], period.split("/")[-1]
        return ((not period_from or start[:len(period_from)] >= period_from)
                and (not period_to or end[:len(period_to)] <= period_to))
    expected = {r["observation"] for r in table if keep(r["period"])}
    assert got == expected and expected


@pytest.mark.parametrize("status", ["actual", "target", "before"])
def test_status_filter(client, table, status):
    got = {r["iri"] for r in all_pages(client, {"status": status, "limit": 1000})}
    assert got == {r["observation"] for r in table if r["status"] == status} and got


def test_indicator_and_topic_filters(client, table):
    jobs = {r["iri"] for r in all_pages(client, {"indicator": "urban-new-jobs"})}
    assert jobs == {r["observation"] for r in table if r["indicator"] == "urban-new-jobs"} and jobs
    assert {r["iri"] for r in all_pages(client, {"indicator": ID + "indicator/urban-new-jobs"})} == jobs
    employment = {r["iri"] for r in all_pages(client, {"topic": "employment", "limit": 1000})}
    assert jobs < employment
    both = all_pages(client, {"topic": "employment", "region": "650200", "status": "actual"})
    assert both and all(r["region_code"] == "650200" and r["status"] == "actual" for r in both)


def test_pagination_total_next_and_prev(client, table):
    first = client.get("/api/observations", params={"limit": 7}).json()
    assert first["total"] == len(table) and len(first["results"]) == 7 and first["prev"] is None
    second = client.get(first["next"]).json()
    assert second["offset"] == 7 and second["prev"] and client.get(second["prev"]).json() == first
    assert not {r["iri"] for r in first["results"]} & {r["iri"] for r in second["results"]}
    in_order = sorted({r["observation"] for r in table})
    assert [r["iri"] for r in first["results"] + second["results"]] == in_order[:14]
    last = client.get("/api/observations", params={"limit": 7, "offset": len(table) - 1}).json()
    assert len(last["results"]) == 1 and last["next"] is None
    beyond = client.get("/api/observations", params={"offset": len(table) + 5}).json()
    assert beyond["results"] == [] and beyond["total"] == len(table)


def test_observations_as_csv(client, table):
    by_format = client.get("/api/observations", params={"region": "654300", "format": "csv", "limit": 1000})
    by_accept = client.get("/api/observations", params={"region": "654300", "limit": 1000},
                           headers={"Accept": "text/csv"})
    assert by_format.headers["content-type"].startswith("text/csv") and by_format.text == by_accept.text
    rows = list(csv.DictReader(io.StringIO(by_format.text)))
    assert list(rows[0])[:len(export.CSV_COLUMNS)] == export.CSV_COLUMNS
    expected = [{c: r[c] for c in export.CSV_COLUMNS} for r in table if r["region_code"] == "654300"]
    assert sorted([{c: r[c] for c in export.CSV_COLUMNS} for r in rows], key=str) == sorted(expected, key=str)
    assert by_format.headers["x-total-count"] == str(len(expected))


def test_json_is_the_default_and_when_preferred(client):
    assert client.get("/api/observations?limit=1").headers["content-type"] == "application/json"
    preferred = client.get("/api/observations?limit=1", headers={"Accept": "application/json, text/csv;q=0.5"})
    assert preferred.headers["content-type"] == "application/json"


# --- regions, indicators, topics -----------------------------------------------------------------

def test_region_with_parent_and_children(any_client, parents):
    body = any_client.get("/api/regions/654300").json()
    assert (body["code"], body["label"], body["label_en"], body["level"]) == \
           ("654300", "阿勒泰地区", "Altay Prefecture", "prefecture")
    assert body["label_pinyin"] == "Ālètài Dìqū" and body["parent"] == parents[ID + "region/654300"]
    assert sorted(child["iri"] for child in body["children"]) == \
        sorted(child for child, parent in parents.items() if parent == ID + "region/654300")
    assert body["observations"] > 0
    csv_rows = list(csv.DictReader(io.StringIO(any_client.get("/api/regions/654300?format=csv").text)))
    assert [row["code"] for row in csv_rows] == [child["code"] for child in body["children"]]


def test_region_counts_its_subregions_observations(client, table):
    body = client.get("/api/regions/152900").json()
    assert body["observations"] == sum(r["region_code"] == "152900" for r in table)
    assert body["observations_with_subregions"] == sum(r["region_code"].startswith("1529") for r in table)


def test_unknown_and_malformed_region_codes(client):
    assert client.get("/api/regions/999999").status_code == 404
    assert client.get("/api/regions/65430").status_code == 422


def test_indicators_and_topics(any_client, seed_handle):
    body = any_client.get("/api/indicators", params={"topic": "employment"}).json()
    assert body["total"] == len(body["results"]) > 0
    assert all(row["topic"] == "employment" and not row["provisional"] for row in body["results"])
    jobs = next(row for row in body["results"] if row["slug"] == "urban-new-jobs")
    assert jobs["label"] == "城镇新增就业人数" and jobs["unit"] == "person" and jobs["observations"] > 0
    everything = any_client.get("/api/indicators", params={"provisional": "true"}).json()
    curated = any_client.get("/api/indicators").json()
    assert any(row["provisional"] for row in everything["results"]) and everything["total"] > curated["total"]
    topics = any_client.get("/api/topics").json()
    employment = next(row for row in topics["results"] if row["slug"] == "employment")
    assert employment["indicators"] == body["total"] and employment["label_en"] == "Employment"
    rows = list(csv.DictReader(io.StringIO(any_client.get("/api/topics", params={"format": "csv"}).text)))
    assert [row["slug"] for row in rows] == [row["slug"] for row in topics["results"]]
    indicator_rows = list(csv.DictReader(io.StringIO(
        any_client.get("/api/indicators", params={"topic": "employment"}, headers={"Accept": "text/csv"}).text)))
    assert [row["slug"] for row in indicator_rows] == [row["slug"] for row in body["results"]]


# --- bad parameters ------------------------------------------------------------------------------

@pytest.mark.parametrize("url", [
    "/api/search?q=" + "x" * 201, "/api/search", "/api/search?q=a&limit=0", "/api/search?q=a&limit=101",
    "/api/search?q=a&kind=person", "/api/observations?limit=1001", "/api/observations?offset=-1",
    "/api/observations?status=planned", "/api/observations?period_from=2023-1", "/api/observations?period_to=23",
    "/api/observations?include_subregions=maybe", "/api/observations?format=xml", "/api/observations?region=6543",
    "/api/indicators?limit=abc", "/api/observations?topic=Employment%20Topic"])
def test_bad_parameters_are_422_with_a_message(client, url):
    response = client.get(url)
    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    assert detail and all(item["msg"] and item["loc"] for item in detail)


def test_search_page_groups_results_and_links_to_entity_pages(client):
    response = client.get("/search", params={"q": "阿勒泰"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    page = response.text
    assert page.index('id="region"') < page.index('id="program"')
    assert '<a href="/id/region/654300">阿勒泰地区</a>' in page
    assert page.index("/id/region/654300") < page.index("/id/region/654301")
    assert 'value="阿勒泰"' in page


def test_search_page_escapes_and_limits_its_input(client):
    page = client.get("/search", params={"q": '<script>alert(1)</script>"'}).text
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page
    assert client.get("/search", params={"q": "x" * 201}).status_code == 422
    assert client.get("/search").status_code == 200


def test_openapi_holds_the_api_only_and_docs_use_local_files(client):
    schema = client.get("/openapi.json").json()
    assert set(schema["paths"]) == {"/api/search", "/api/entity", "/api/entity/{path}", "/api/observations",
                                    "/api/regions/{code}", "/api/indicators", "/api/topics"}
    page = client.get("/docs").text
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in page and "cdn" not in page.lower()
    assert "https://" not in page and '"validatorUrl": null' in page
    assert client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200


# --- injection -----------------------------------------------------------------------------------

HOSTILE = ['qqxz" } UNION { ?s ?p ?o } #', "qqxz'>\\\"\n}\u0000", 'qqxz"@zh . } ; DROP ALL ; {',
           "qqxz\\u0022 ?label", "qqxz<https://w3id.org/mskg/id/region/654300>", "qqxz#", "qqxz\r\n\t{}",
           "qqxz" + "x" * 60_000]
"""Strings that would change a query pasted together from them; the longest is as long as httpx lets a
URL query be (64 KiB; test_a_huge_search_text_is_only_text gives the index 10^5 characters)."""
HARMLESS = "qqxz"


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_search_text_is_only_text(any_client, text):
    response = any_client.get("/api/search", params={"q": text})
    if len(text) > 200:
        assert response.status_code in (414, 422)  # 414: past admission's query-string limit
        return
    assert response.status_code == 200
    assert response.json()["results"] == search(any_client, HARMLESS) == []
    assert any_client.get("/search", params={"q": text}).status_code == 200


def test_a_huge_search_text_is_only_text(client):
    index = client.app.state.search
    assert index.search("阿勒泰" + '"} UNION {' * 10_000)[0] == 0
    assert index.search("阿勒泰 " + "x" * 100_000)[0] == 0


@pytest.mark.parametrize("name", ["region", "indicator", "topic", "period_from", "period_to", "status"])
@pytest.mark.parametrize("text", HOSTILE + ["https://example.org/qqxz", "urn:x:a#}UNION{?s ?p ?o}"])
def test_hostile_filters_are_refused_or_match_nothing(any_client, name, text):
    response = any_client.get("/api/observations", params={name: text})
    assert response.status_code in (200, 414, 422), response.text
    if response.status_code == 200:
        assert response.json()["total"] == 0 and response.json()["results"] == []


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_entity_iris_are_refused_or_unknown(any_client, text):
    refused = (404, 414, 422)
    assert any_client.get("/api/entity", params={"iri": text}).status_code in refused
    assert any_client.get("/api/entity", params={"iri": "https://w3id.org/mskg/id/" + text}).status_code in refused
    path = quote(text, safe="")
    assert any_client.get(f"/api/entity/{path}").status_code in refused
    assert any_client.get("/api/regions/" + path).status_code in refused


def test_remote_and_embedded_answers_agree(client, remote_client):
    for url in ["/api/search?q=阿勒泰", "/api/observations?region=650000&include_subregions=true&limit=1000",
                "/api/regions/650000", "/api/topics", "/api/entity/region/654300"]:
        assert client.get(url).json() == remote_client.get(url).json(), url
