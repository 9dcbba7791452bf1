"""The lookup pages in a real browser: headless Chromium (tests/browser.py) against a real
`mskg serve` on the seed store. Every page type renders its title and key text; the indicator
chart draws; the observation page marks exactly the quote (nif:anchorOf) of its evidence; every
same-site link of every page answers below 400. Screenshots go to the test's tmp dir and,
with MSKG_KEEP_ARTIFACTS set, to tests/artifacts/lookup-<page>.png."""

from __future__ import annotations

import json
from urllib.parse import urljoin, urlsplit

import httpx
import pytest
from browser import CHROMIUM, open_browser
from conftest import MskgServer

from mskg.store.embedded import EmbeddedStore

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (apt-get install chromium)")

ID = "https://w3id.org/mskg/id/"
OBSERVATION = "/id/obs/654300/urban-new-jobs/2023/actual"


@pytest.fixture(scope="module")
def pages(seed_store):
    """Path and the text it must show, for every page type (article and program from the store)."""
    store = EmbeddedStore(str(seed_store), read_only=True)
    try:
        item = store.select("""PREFIX mskg: <https://w3id.org/mskg/ontology#>
            SELECT ?p ?i WHERE { ?p mskg:hasItem ?i . ?o mskg:programItem ?i } ORDER BY ?i LIMIT 1""")[0]
        article = store.select("""PREFIX mskg: <https://w3id.org/mskg/ontology#>
            PREFIX dcterms: <http://purl.org/dc/terms/>
            SELECT ?a ?t WHERE { ?a a mskg:SourceArticle ; dcterms:title ?t } ORDER BY ?a LIMIT 1""")[0]
        quotes = {row["q"] for row in store.select(f"""PREFIX prov: <http://www.w3.org/ns/prov#>
            PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
            SELECT ?q WHERE {{ <{ID}{OBSERVATION.removeprefix('/id/')}> prov:wasDerivedFrom ?s . ?s nif:anchorOf ?q }}""")}
    finally:
        store.close()
    return {
        "home": ("/", "民生统计知识图谱"),
        "region": ("/id/region/654300", "阿勒泰地区"),
        "indicator": ("/id/indicator/urban-new-jobs", "城镇新增就业人数"),
        "observation": (OBSERVATION, "7386"),
        "article": ("/id/" + article["a"].removeprefix(ID), article["t"][:12]),
        "program": ("/id/" + item["p"].removeprefix(ID), "民生实事"),
        "item": ("/id/" + item["i"].removeprefix(ID), "目标"),
        "ontology": ("/ontology", "LivelihoodProgram"),
        "dataset": ("/dataset", "observations.csv"),
        "quotes": quotes,
    }


@pytest.fixture(scope="module")
def server(seed_store, tmp_path_factory):
    process = MskgServer(tmp_path_factory.mktemp("lookup-server"), "--store", str(seed_store))
    process.start(timeout=60)
    yield process.url
    process.stop()


def same_site_links(browser, base: str) -> set[str]:
    """Every link, stylesheet and script URL of the page on base's host (fragments dropped)."""
    urls = browser.evaluate("""[...document.querySelectorAll("a[href], link[href], script[src]")]
        .map(e => e.href || e.src)""")
    host = urlsplit(base).netloc
    return {url.split("#")[0] for url in urls if urlsplit(url).netloc == host}


def test_every_page_type_in_a_browser(server, pages, tmp_path):
    checked: dict[str, int] = {}
    with open_browser(tmp_path) as browser, httpx.Client(timeout=30) as http:
        for name in ("home", "region", "indicator", "observation", "article", "program", "item", "ontology",
                     "dataset"):
            path, text = pages[name]
            browser.open(server + path)
            title = browser.evaluate("document.title")
            body = browser.evaluate("document.body.innerText")
            assert title and text in body, (name, title)
            assert browser.evaluate("!!document.querySelector('header.mskg-header form[action=\"/search\"]')"), name
            if name == "indicator":
                drawn = browser.wait("""(() => {
                    const canvas = document.getElementById("chart-regions");
                    if (!canvas || !window.Chart || !Chart.getChart(canvas)) return false;
                    const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
                    for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) return true;
                    return false; })()""")
                assert drawn, "the bar chart has drawn pixels"
            if name == "observation":
                marks = browser.evaluate('[...document.querySelectorAll("blockquote mark")].map(m => m.textContent)')
                assert marks and set(marks) == pages["quotes"], "each <mark> is exactly an evidence quote"
            if name == "article":
                target = browser.evaluate('document.querySelector("mark[id^=\'char=\'] a").getAttribute("href")')
                assert target.startswith("/id/obs/")
            browser.screenshot(tmp_path / f"lookup-{name}.png")
            for url in same_site_links(browser, server) - set(checked):
                checked[url] = http.get(url, follow_redirects=True).status_code
    broken = {url: status for url, status in checked.items() if status >= 400}
    assert not broken, json.dumps(broken, indent=1)
    assert len(checked) > 40
    assert any("/static/vendor/chartjs/" in url for url in checked)
    assert any(urljoin(server, "/id/period/2023") == url for url in checked)
