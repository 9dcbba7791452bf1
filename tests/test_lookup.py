"""The linked-data routes (mskg.web.lookup) against the real app on the seed store: every page
type, every RDF format by Accept (q-values), ?format= and extension, 406, HEAD, Vary, 404s;
descriptions that parse and carry the names of what they link to; an observation's RDF that
validates against the shapes; dumps that parse, follow the store's content and cannot be
used to read other files."""

from __future__ import annotations

import csv
import io

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS
from starlette.testclient import TestClient

from mskg.export import CSV_COLUMNS, observations_csv
from mskg.namespaces import MSKG, NIF, PROV
from mskg.validate import batch
from mskg.web.app import create_app
from mskg.web.entities import href

ID = "https://w3id.org/mskg/id/"
REGION = "/id/region/654300"
OBSERVATION = "/id/obs/654300/urban-new-jobs/2023/actual"
RDF_TYPES = {"turtle": ("text/turtle", "turtle", "ttl"), "ntriples": ("application/n-triples", "nt", "nt"),
             "jsonld": ("application/ld+json", "json-ld", "jsonld"), "rdfxml": ("application/rdf+xml", "xml", "rdf")}
HTML = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


@pytest.fixture(scope="module")
def client(seed_handle, tmp_path_factory):
    """The app without its lifespan: the lookup routes never use the /sparql worker pool."""
    app = create_app(seed_handle.oxigraph)
    app.state.dump_cache = tmp_path_factory.mktemp("dumps")
    return TestClient(app)


def varies_by_accept(response) -> bool:
    """Whether the answer says it depends on Accept (CORS adds Origin beside it)."""
    return "Accept" in [name.strip() for name in response.headers.get("vary", "").split(",")]


def first(store, query: str) -> str:
    """The first value of a one-column SELECT on store."""
    rows = store.select("PREFIX mskg: <https://w3id.org/mskg/ontology#>\n" + query)
    return next(iter(rows[0].values()))


@pytest.fixture(scope="module")
def entities(seed_handle):
    """One IRI path of each kind the seed store has."""
    article = first(seed_handle, "SELECT ?a WHERE { ?a a mskg:SourceArticle } ORDER BY ?a LIMIT 1")
    item = first(seed_handle, "SELECT ?i WHERE { ?p mskg:hasItem ?i . ?o mskg:programItem ?i } ORDER BY ?i LIMIT 1")
    program = first(seed_handle, f"SELECT ?p WHERE {{ ?p mskg:hasItem <{item}> }} LIMIT 1")
    provisional = first(seed_handle, "SELECT ?i WHERE { ?i a mskg:Indicator FILTER(CONTAINS(STR(?i), 'provisional')) } "
                               "ORDER BY ?i LIMIT 1")
    conflict = first(seed_handle, "SELECT ?c WHERE { ?c a mskg:Conflict } ORDER BY ?c LIMIT 1")
    return {name: iri.removeprefix(ID) for name, iri in {
        "article": article, "item": item, "program": program, "provisional": provisional, "conflict": conflict}.items()}


# ------------------------------------------------------------------ pages

@pytest.mark.parametrize("path, texts", [
    (REGION, ["阿勒泰地区", "Altay Prefecture", "Ālètài Dìqū", "654300", "伊犁哈萨克自治州", "Q776550", "城镇新增就业人数",
              "7386"]),
    (OBSERVATION, ["阿勒泰地区", "城镇新增就业人数", "7386", "实际值", "<mark", "城镇新增就业7386人"]),
    ("/id/indicator/urban-new-jobs", ["城镇新增就业人数", "Urban new jobs", "chart-regions", "新增就业", "就业"]),
    ("/id/period/2023", ["2023", "skos:notation"]),
    ("/id/unit/person", ["person", "人"]),
    ("/id/code/status/actual", ["实际值", "actual"]),
    ("/id/topic/employment", ["就业", "Employment"]),
    ("/id/scheme/indicators", ["skos:prefLabel"]),
    ("/id/area/wu-chang-shi", ["乌"]),
    ("/id/dataset", ["民生统计知识图谱", "observations.csv", "mskg.trig", "/sparql"]),
    ("/dataset", ["民生统计知识图谱", "observations.csv"]),
    ("/", ["民生统计知识图谱", "/api/search", "阿勒泰地区", "/sparql", "/ontology", "/dataset"]),
    ("/ontology", ["LivelihoodProgram", "mskg-header", "/ontology.ttl"]),
])
def test_every_page_type_renders(client, path, texts):
    response = client.get(path, headers=HTML)
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert varies_by_accept(response)
    for text in texts:
        assert text in response.text, text
    assert 'lang="zh"' in response.text or path == "/ontology"


@pytest.mark.parametrize("kind, texts", [
    ("article", ["<mark id=\"char=", "/id/obs/", "sha256:"]),
    ("program", ["民生实事", "/item/"]),
    ("item", ["目标", "实际"]),
    ("provisional", ["provisional"]),
    ("conflict", ["mskg:conflictOf", "mskg:reportedIn"]),
])
def test_pages_of_articles_programs_and_others(client, entities, kind, texts):
    response = client.get("/id/" + entities[kind], headers=HTML)
    assert response.status_code == 200
    for text in texts:
        assert text in response.text, text


def test_every_page_shows_its_iri_and_links_its_rdf(client):
    page = client.get(REGION).text
    assert f"<code>{ID}region/654300</code>" in page
    for extension in ("ttl", "nt", "jsonld", "rdf"):
        assert f'href="{REGION}.{extension}"' in page


def test_the_article_marks_every_figure_at_its_code_points(client, seed_handle, entities):
    iri = ID + entities["article"]
    text = first(seed_handle, f"SELECT ?t WHERE {{ <{iri}> <{NIF.isString}> ?t }}")
    spans = seed_handle.select(f"""SELECT ?b ?e WHERE {{ ?s <{NIF.referenceContext}> <{iri}> ;
                             <{NIF.beginIndex}> ?b ; <{NIF.endIndex}> ?e }}""")
    page = client.get("/id/" + entities["article"]).text
    for span in spans:
        begin, end = int(span["b"]), int(span["e"])
        assert f'id="char={begin},{end}"' in page
    marks = page.count("<mark id=")
    assert 0 < marks <= len(spans)
    assert text[int(spans[0]["b"]):int(spans[0]["e"])] in page


# ------------------------------------------------------------------ negotiation

@pytest.mark.parametrize("fmt", RDF_TYPES)
@pytest.mark.parametrize("path", [REGION, OBSERVATION])
def test_rdf_by_accept_parses_and_names_what_it_links_to(client, path, fmt):
    media_type, parser, _ = RDF_TYPES[fmt]
    response = client.get(path, headers={"Accept": media_type})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media_type
    assert varies_by_accept(response)
    graph = Graph().parse(data=response.content, format=parser)
    this = URIRef(ID + path.removeprefix("/id/"))
    assert (this, RDF.type, None) in graph
    linked = URIRef(ID + "region/654000") if path == REGION else URIRef(ID + "indicator/urban-new-jobs")
    label = "伊犁哈萨克自治州" if path == REGION else "城镇新增就业人数"
    assert (linked, SKOS.prefLabel, Literal(label, lang="zh")) in graph


def test_turtle_uses_prefixes(client):
    text = client.get(REGION, headers={"Accept": "text/turtle"}).text
    assert "@prefix skos: <http://www.w3.org/2004/02/skos/core#>" in text and "skos:prefLabel" in text


@pytest.mark.parametrize("accept, media_type", [
    ("text/turtle;q=0.5, application/ld+json;q=0.9", "application/ld+json"),
    ("text/html;q=0.1, text/turtle", "text/turtle"),
    ("application/rdf+xml, */*;q=0.1", "application/rdf+xml"),
    ("*/*", "text/html"),
    ("text/*;q=0.9, text/html;q=0", "text/turtle"),
    ("application/n-triples;q=0.8, text/turtle;q=0.8", "application/n-triples"),
    (None, "text/html"),
])
def test_q_values_choose(client, accept, media_type):
    headers = {"Accept": accept} if accept else {}
    response = client.get(REGION, headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media_type


@pytest.mark.parametrize("name, media_type", [("ttl", "text/turtle"), ("nt", "application/n-triples"),
                                              ("jsonld", "application/ld+json"), ("rdf", "application/rdf+xml"),
                                              ("html", "text/html")])
def test_format_parameter_and_extension_override_accept(client, name, media_type):
    by_parameter = client.get(f"{REGION}?format={name}", headers={"Accept": "image/png"})
    by_extension = client.get(f"{REGION}.{name}", headers={"Accept": "image/png"})
    for response in (by_parameter, by_extension):
        assert response.status_code == 200
        assert response.headers["content-type"].split(";")[0] == media_type
    assert by_parameter.content == by_extension.content
    if name != "html":
        assert by_parameter.content == client.get(REGION, headers={"Accept": media_type}).content


def test_nothing_acceptable_is_406_and_an_unknown_format_400(client):
    refused = client.get(REGION, headers={"Accept": "image/png, application/pdf"})
    assert refused.status_code == 406 and varies_by_accept(refused)
    assert "text/turtle" in refused.text and "?format=" in refused.text
    assert client.get(f"{REGION}?format=pdf").status_code == 400


@pytest.mark.parametrize("path, accept", [(REGION, "text/html"), (REGION, "text/turtle"), ("/ontology", "text/html"),
                                          ("/id/nothing/here", "text/html")])
def test_head_has_the_headers_of_get_without_a_body(client, path, accept):
    got = client.get(path, headers={"Accept": accept})
    head = client.head(path, headers={"Accept": accept})
    assert head.status_code == got.status_code
    assert head.content == b""
    assert head.headers["content-type"] == got.headers["content-type"]
    assert head.headers["content-length"] == str(len(got.content))
    assert varies_by_accept(head)


@pytest.mark.parametrize("path", ["/id/region/999999", "/id/nothing", "/id/obs/654300/nothing/2023/actual",
                                  "/id/article/0000000000000000", "/id/", "/id/region/654300/extra",
                                  "/id/region/%3Cscript%3E"])
def test_unknown_iris_are_404_helpful_for_people_and_plain_for_programs(client, path):
    page = client.get(path, headers=HTML)
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert varies_by_accept(page)
    assert 'action="/search"' in page.text and 'href="/"' in page.text
    assert "<script>" not in page.text.split("<main>")[1].split("</main>")[0].replace("<script src", "")
    plain = client.get(path, headers={"Accept": "text/turtle"})
    assert plain.status_code == 404 and plain.headers["content-type"].startswith("text/plain")
    assert "not known" in plain.text


def test_existing_routes_keep_working(client):
    assert "yasgui" in client.get("/sparql", headers=HTML).text
    assert client.get("/static/vendor/chartjs/chart.umd.min.js").status_code == 200
    assert client.get("/static/vendor/yasgui/yasgui.min.js").status_code == 200


# ------------------------------------------------------------------ ontology and dataset RDF

def test_the_ontology_and_dataset_rdf(client):
    ontology = Graph().parse(data=client.get("/ontology", headers={"Accept": "text/turtle"}).content, format="turtle")
    assert (MSKG.LivelihoodProgram, RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class")) in ontology
    assert client.get("/ontology.nt").headers["content-type"] == "application/n-triples"
    dataset = Graph().parse(data=client.get("/dataset.ttl").content, format="turtle")
    void = "http://rdfs.org/ns/void#"
    assert (URIRef(ID + "dataset"), URIRef(void + "sparqlEndpoint"), None) in dataset
    partitions = list(dataset.objects(URIRef(ID + "dataset/class/observations"), URIRef(void + "entities")))
    assert partitions and int(partitions[0]) > 0
    assert client.get("/id/dataset", headers={"Accept": "text/turtle"}).content == client.get("/dataset.ttl").content


# ------------------------------------------------------------------ shapes

def test_an_observations_rdf_validates_against_the_shapes(client):
    """The observation's description, with its evidence spans and their articles as their
    articles' descriptions state them, and the reference triples a batch carries, conforms
    (checked by pyshacl itself)."""
    def triples(path: str) -> list[ox.Triple]:
        return [quad.triple for quad in ox.parse(client.get(path + ".ttl").content, format=ox.RdfFormat.TURTLE)]

    observation = ox.NamedNode(ID + OBSERVATION.removeprefix("/id/"))
    data = triples(OBSERVATION)
    spans = {t.object for t in data if t.subject == observation and t.predicate.value == str(PROV.wasDerivedFrom)}
    assert len(spans) == 2
    for article in {span.value.split("#")[0] for span in spans}:
        subjects = {ox.NamedNode(article)} | {span for span in spans if span.value.startswith(article)}
        data += [t for t in triples(href(article)) if t.subject in subjects]
    report = batch.validate_article(data, [], engine="pyshacl")
    assert report.conforms, report.text


# ------------------------------------------------------------------ dumps

@pytest.mark.parametrize("name", ["mskg.trig", "mskg.jsonld", "mskg.ttl"])
def test_rdf_dumps_hold_the_whole_store(client, seed_handle, name):
    response = client.get(f"/dumps/{name}")
    assert response.status_code == 200
    fmt = {"mskg.trig": ox.RdfFormat.TRIG, "mskg.jsonld": ox.RdfFormat.JSON_LD, "mskg.ttl": ox.RdfFormat.TURTLE}[name]
    assert response.headers["content-type"].split(";")[0] == fmt.media_type
    parsed = list(ox.parse(response.content, format=fmt))
    stored = list(seed_handle.oxigraph.quads_for_pattern(None, None, None, None))
    if name == "mskg.ttl":
        assert {(q.subject, q.predicate, q.object) for q in parsed} == {(q.subject, q.predicate, q.object) for q in stored}
    else:
        assert set(parsed) == set(stored)


def test_the_csv_dump_is_the_export(client, seed_handle):
    response = client.get("/dumps/observations.csv")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert list(rows[0]) == CSV_COLUMNS
    assert response.text == observations_csv(seed_handle)


def test_a_changed_store_never_gets_the_old_dump(seed_handle, tmp_path):
    memory = ox.Store()
    memory.extend(seed_handle.oxigraph)
    app = create_app(memory)
    app.state.dump_cache = tmp_path
    client = TestClient(app)
    before = Dataset().parse(data=client.get("/dumps/mskg.trig").content, format="trig")
    assert client.get("/dumps/mskg.trig").content == client.get("/dumps/mskg.trig").content
    # what ingest does: a new article graph and the description's counts changed with it
    memory.update(f"""INSERT DATA {{ GRAPH <{ID}article/ffffffffffffffff> {{
                        <{ID}article/ffffffffffffffff> a <{MSKG.SourceArticle}> }} }} ;
                      DELETE {{ GRAPH <{ID}graph/dataset> {{ <{ID}dataset> <http://rdfs.org/ns/void#triples> ?n }} }}
                      INSERT {{ GRAPH <{ID}graph/dataset> {{ <{ID}dataset> <http://rdfs.org/ns/void#triples> ?m }} }}
                      WHERE {{ GRAPH <{ID}graph/dataset> {{ <{ID}dataset> <http://rdfs.org/ns/void#triples> ?n }}
                               BIND(?n + 1 AS ?m) }}""")
    after = Dataset().parse(data=client.get("/dumps/mskg.trig").content, format="trig")
    new = (URIRef(ID + "article/ffffffffffffffff"), RDF.type, MSKG.SourceArticle, URIRef(ID + "article/ffffffffffffffff"))
    assert new not in before and new in after
    assert len(list(tmp_path.glob("*-mskg.trig"))) == 1, "the stale dump is deleted"
    assert not list(tmp_path.glob(".*.part")), "no temporary file is left"


@pytest.mark.parametrize("path", [
    "/dumps/..%2F..%2Fpyproject.toml", "/dumps/%2e%2e", "/dumps/%2e%2e%2fpyproject.toml", "/dumps/../pyproject.toml",
    "/dumps//etc/passwd", "/dumps/%2Fetc%2Fpasswd", "/dumps/mskg.trig%2F..%2F..%2Fetc%2Fpasswd", "/dumps/.",
    "/dumps/MSKG.TRIG", "/dumps/mskg.nq",
    "/static/../app.py", "/static/%2e%2e/app.py", "/static/..%2Fapp.py", "/static/%2e%2e%2fapp.py",
    "/static//etc/passwd", "/static/%2Fetc%2Fpasswd", "/static/vendor/../../app.py",
])
def test_traversal_attempts_are_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert b"root:" not in response.content and b"create_app" not in response.content
    assert b"[project]" not in response.content


@pytest.mark.parametrize("path", [REGION, "/id/indicator/old-residential-compounds-renovated"])
def test_long_observation_tables_come_a_page_at_a_time(seed_handle, monkeypatch, path):
    """Pages of 3 rows: following the "next" links from page 1 gives every row of the whole
    table once, in its order; the chart is on the first page; a bad page number is 400."""
    from mskg.web import entities as pages
    from mskg.web.app import Settings

    client = TestClient(create_app(seed_handle.oxigraph, settings=Settings(page_cache_bytes=0)))
    whole = client.get(path, headers=HTML).text
    monkeypatch.setattr(pages, "PAGE_SIZE", 3)
    cells, url, seen = [], path, 0
    while url:
        text = client.get(url, headers=HTML).text
        rows = text.count('title="数值与来源 value and evidence"')
        assert 1 <= rows <= 3 and ('rel="next"' not in text or rows == 3)
        assert ("chart-regions" in text) == (seen == 0 and "chart-regions" in whole)
        cells += [line.strip() for line in text.splitlines() if 'title="数值与来源' in line]
        seen += 1
        following = [line for line in text.splitlines() if 'rel="next"' in line]
        url = path + following[0].split('href="')[1].split('"')[0] if following else None
    assert seen > 1
    assert cells == [line.strip() for line in whole.splitlines() if 'title="数值与来源' in line]
    for bad in ("0", "x", "-1"):
        assert client.get(f"{path}?page={bad}", headers=HTML).status_code == 400
