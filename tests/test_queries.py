"""The example queries of queries/: every .rq runs on the seed store and answers its question.

The store is built once for the module from data/articles. Every .rq file in
queries/ runs (new files too: they need a `#` header with a title, an ORDER BY,
and rows on the seeds); the queries named in CHECKS are also held to figures
computed independently, mostly from the tidy CSV export and the seed files.

The federated Wikidata query runs against a local Oxigraph server standing in
for Wikidata: it holds a few `wd:Q… wdt:P442 "code"` triples with the QIDs of
data/wikidata.csv, the query's SERVICE IRI is rewritten to the server's /query
URL, and the query runs as usual on the embedded store: pyoxigraph evaluates
SERVICE itself, sending the pattern to the server over HTTP.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter, defaultdict
from decimal import Decimal

import httpx
import pyoxigraph
import pytest

from conftest import OxigraphServer
from mskg import export, paths
from mskg.extract.text import read_article
from mskg.graph.describe import CLASSES, DUMPS, SITE, counts
from mskg.store.embedded import EmbeddedStore

QUERIES = sorted(paths.QUERIES.glob("*.rq"))
ID = "https://w3id.org/mskg/id/"
WD = "http://www.wikidata.org/entity/"
P442 = "http://www.wikidata.org/prop/direct/P442"
CJK = re.compile(r"[\u4e00-\u9fff]")
# The tidy CSV's own query, read by mskg.export: older than the bilingual headers.
ENGLISH_ONLY = {"observations.rq"}
# Codes in the local stand-in for Wikidata: regions with data, and Beijing, which has none.
STAND_IN_CODES = ("110000", "152921", "152922", "650000", "650200", "653100", "654300")
# Units summed by sub-region-sums.rq.
ADDITIVE_UNITS = {"count", "person", "person-time", "household", "dwelling", "yuan", "mu", "M2", "KiloM2",
                  "HA", "KiloM", "M", "TONNE", "KiloW", "KiloW-HR"}
CHECKS = {}


def check(name):
    """Register the function as the check of queries/`name`."""
    def register(function):
        CHECKS[name] = function
        return function
    return register


class Seeds:
    """The seed store and what the checks compare it with."""

    def __init__(self, store: EmbeddedStore) -> None:
        self.store = store
        self.csv = list(csv.DictReader(io.StringIO(export.observations_csv(store))))
        with (paths.ARTICLES / "manifest.csv").open(encoding="utf-8") as manifest:
            self.manifest = {row["file"]: row for row in csv.DictReader(manifest)}
        self.counts = counts(store)

    def rows(self, **where) -> list[dict]:
        """CSV rows whose columns have the given values."""
        return [r for r in self.csv if all(r[k] == v for k, v in where.items())]

    def run(self, name: str) -> list[dict]:
        """The rows of queries/`name` (one without SERVICE)."""
        return self.store.select((paths.QUERIES / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seeds(seed_store):
    store = EmbeddedStore(seed_store, read_only=True)
    try:
        yield Seeds(store)
    finally:
        store.close()


@pytest.fixture(scope="module")
def wikidata(tmp_path_factory):
    """The /query URL of a local Oxigraph server holding a few P442 statements of Wikidata."""
    with paths.WIKIDATA.open(encoding="utf-8") as table:
        qids = {row["code"]: row["qid"] for row in csv.DictReader(table)}
    triples = "".join(f'<{WD}{qids[code]}> <{P442}> "{code}" .\n' for code in STAND_IN_CODES)
    server = OxigraphServer(tmp_path_factory.mktemp("wikidata"))
    server.start()
    try:
        httpx.post(f"{server.url}/store?default", content=triples.encode(),
                   headers={"Content-Type": "application/n-triples"}, timeout=30).raise_for_status()
        yield f"{server.url}/query", qids
    finally:
        server.stop()


def header(text: str) -> list[str]:
    """The query's leading comment lines, without their `#`."""
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line.lstrip("#").strip())
    return lines


def number(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


@pytest.mark.parametrize("path", QUERIES, ids=[p.name for p in QUERIES])
def test_every_example_query_runs_on_the_seeds_and_answers_its_question(path, seeds, request):
    text = path.read_text(encoding="utf-8")
    lines = header(text)
    assert lines and re.search(r"[A-Za-z]", lines[0]), "the first line is the query's title"
    if path.name not in ENGLISH_ONLY:
        assert CJK.search(lines[1]) and any(line.startswith("Adapt") for line in lines), \
            "the header gives the question in English and Chinese and says how to adapt the query"
    assert "ORDER BY" in text and "PREFIX" in text
    if re.search(r"SERVICE\s+<", text):
        url, _ = request.getfixturevalue("wikidata")
        text = re.sub(r"SERVICE\s+<[^>]*>", f"SERVICE <{url}>", text)
    rows = seeds.store.select(text)
    assert rows
    if path.name in CHECKS:
        CHECKS[path.name](rows, seeds, request)


def test_every_check_has_its_query():
    assert set(CHECKS) <= {p.name for p in QUERIES}
    assert len(QUERIES) >= 12


@check("observations.rq")
def _observations(rows, seeds, request):
    assert len(rows) == len(seeds.csv) == seeds.counts["observations"]
    (jobs,) = [r for r in rows if r["observation"] == f"{ID}obs/654300/urban-new-jobs/2023/actual"]
    assert number(jobs["value"]) == 7386 and jobs["region_label"] == "阿勒泰地区"


@check("region-observations.rq")
def _region_observations(rows, seeds, request):
    altay = seeds.rows(region_code="654300")
    assert {r["observation"] for r in rows} == {r["observation"] for r in altay}
    assert {r["region_label"] for r in rows} == {"阿勒泰地区"}
    spans = ("observation", "file", "quote", "start", "end")
    assert {tuple(r[k] for k in spans) for r in rows if r["preferred"] == "true"} == \
        {tuple(r[k] for k in spans) for r in altay}
    jobs = [r for r in rows if r["indicator"] == "urban-new-jobs" and r["period"] == "2023"]
    assert sorted(r["file"][:3] for r in jobs) == ["000", "002"]
    assert {number(r["value"]) for r in jobs} == {number(r["reported_value"]) for r in jobs} == {7386}
    training = {number(r["reported_value"]): r["preferred"] for r in rows if r["indicator"] == "vocational-training"}
    assert training == {74: "true", 21000: "false"}


@check("indicator-across-regions.rq")
def _indicator_across_regions(rows, seeds, request):
    key = ("region_code", "period", "status")
    assert {tuple(r[k] for k in key) + (number(r["value"]),) for r in rows} == \
        {tuple(r[k] for k in key) + (number(r["value"]),) for r in seeds.rows(indicator="urban-new-jobs")}
    altay = rows[0]
    assert (altay["region_code"], number(altay["value"]), altay["sources"]) == ("654300", 7386, "2")
    assert altay["level"] == "prefecture" and altay["unit"] == "person"


@check("targets-vs-results.rq")
def _targets_vs_results(rows, seeds, request):
    assert {(r["indicator"], r["target_period"], number(r["target"])) for r in rows} == \
        {(r["indicator"], r["period"], number(r["value"])) for r in seeds.rows(region_code="650200", status="target")}
    renovated = [(r["target_period"], number(r["target"]), r["result_period"], number(r["result"]), r["achieved"])
                 for r in rows if r["indicator"] == "old-residential-compounds-renovated"]
    assert renovated == [("2020", 65, "2015/2019", 120, None)]
    assert all(r["result"] is None for r in rows if r["indicator"] == "inclusive-kindergarten-coverage-rate")


def test_a_result_of_the_target_period_gives_the_share_achieved(seeds):
    """The seeds have no result for a target's own period; add one and see `achieved`."""
    store = pyoxigraph.Store()
    store.load(seeds.store.dump(), format=pyoxigraph.RdfFormat.N_QUADS)
    obs = f"<{ID}obs/650200/old-residential-compounds-renovated/2020/actual>"
    evidence = f"<{ID}article/test#char=0,7>"
    store.update(f"""
        PREFIX mskg: <https://w3id.org/mskg/ontology#>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
        PREFIX sdmx-dimension: <http://purl.org/linked-data/sdmx/2009/dimension#>
        PREFIX sdmx-measure: <http://purl.org/linked-data/sdmx/2009/measure#>
        PREFIX sdmx-attribute: <http://purl.org/linked-data/sdmx/2009/attribute#>
        INSERT DATA {{
          GRAPH <{ID}article/test> {{
            {obs} sdmx-dimension:refArea <{ID}region/650200> ; sdmx-dimension:refPeriod <{ID}period/2020> ;
                  mskg:indicator <{ID}indicator/old-residential-compounds-renovated> ;
                  mskg:status <{ID}code/status/actual> ; prov:wasDerivedFrom {evidence} .
            {evidence} nif:anchorOf "改造52个老旧小区" .
          }}
          GRAPH <{ID}graph/observations> {{
            {obs} sdmx-measure:obsValue 52.0 ; sdmx-attribute:unitMeasure <{ID}unit/count> ;
                  prov:wasDerivedFrom {evidence} .
          }}
        }}""")
    query = (paths.QUERIES / "targets-vs-results.rq").read_text(encoding="utf-8")
    results = store.query(query, use_default_graph_as_union=True)
    achieved = {(s["result_period"].value, s["achieved"].value if s["achieved"] else None)
                for s in results if s["indicator"].value == "old-residential-compounds-renovated"}
    assert achieved == {("2015/2019", None), ("2020", "0.8")}


@check("observation-evidence.rq")
def _observation_evidence(rows, seeds, request):
    assert sorted(r["file"][:3] for r in rows) == ["000", "002"]
    (preferred,) = [r for r in rows if r["preferred"] == "true"]
    (published,) = seeds.rows(observation=f"{ID}obs/654300/urban-new-jobs/2023/actual")
    assert (preferred["file"], preferred["quote"], preferred["start"]) == \
        (published["file"], published["quote"], published["start"])
    for row in rows:
        source = seeds.manifest[row["file"]]
        assert (row["title"] or "", row["publisher"] or "", row["issued"]) == \
            (source["title"], source["publisher"], source["published"])
        text = read_article(paths.ARTICLES / row["file"])
        start, end = int(row["start"]), int(row["end"])
        assert text[start:end] == row["quote"] and row["quote_checked"] == "true"
        assert row["context"] == text[max(0, start - 30):end + 30]
        assert number(row["value"]) == number(row["reported_value"]) == 7386


KNOWN_CONFLICTS = {  # observation: published value (the seeds' extraction slips and disagreements)
    "152900/job-fairs-held/2023-07/actual": 32,
    "152900/job-postings/2023-07/actual": 15871,
    "650200/featured-schools-recognised/2020/actual": 3,
    "650200/health-institution-beds/2020/actual": 1779,
    "654300/inter-provincial-service-items/2023/actual": 88,
    "654300/vocational-training/2023/actual": 74,
}


@check("conflicts.rq")
def _conflicts(rows, seeds, request):
    reports = defaultdict(list)
    for row in rows:
        reports[row["observation"].removeprefix(f"{ID}obs/")].append(row)
    assert {key: number(group[0]["published_value"]) for key, group in reports.items()} == KNOWN_CONFLICTS
    assert len(reports) == seeds.counts["conflicts"]
    for key, group in reports.items():
        (preferred,) = [r for r in group if r["preferred"] == "true"]
        assert number(preferred["reported_value"]) == KNOWN_CONFLICTS[key]
        assert len({r["reported_value"] for r in group}) >= 2
        for r in group:
            text = read_article(paths.ARTICLES / r["file"])
            assert text[int(r["start"]):int(r["end"])] == r["quote"]


@check("sub-region-sums.rq")
def _sub_region_sums(rows, seeds, request):
    # Counties' figures summed to their prefecture by code (the first four digits), from the CSV.
    sums, members = defaultdict(Decimal), defaultdict(set)
    for r in seeds.csv:
        code = r["region_code"]
        if code.isdigit() and code[4:] != "00" and r["unit"] in ADDITIVE_UNITS:
            key = (code[:4] + "00", r["indicator"], r["period"], r["status"], r["unit"])
            sums[key] += Decimal(r["value"])
            members[key].add(code)
    own = {(r["region_code"], r["indicator"], r["period"], r["status"], r["unit"]): Decimal(r["value"])
           for r in seeds.csv}
    expected = {key: (total, members[key], own.get(key)) for key, total in sums.items()
                if len(members[key]) > 1 or key in own}
    got = {(r["ancestor_code"], r["indicator"], r["period"], r["status"], r["unit"]):
           (number(r["sub_region_sum"]), set(r["sub_region_codes"].split()), number(r["reported_by_ancestor"]))
           for r in rows if r["ancestor_level"] == "prefecture" and r["sub_level"] == "county"}
    assert got == expected
    assert got[("152900", "old-residential-compounds-renovated", "2023", "target", "count")] == \
        (11, {"152921", "152922"}, 11)
    province = {(r["ancestor_code"], r["sub_level"], r["indicator"]): (number(r["sub_region_sum"]),
                                                                        number(r["reported_by_ancestor"]))
                for r in rows}
    assert province[("650000", "prefecture", "elderly-day-care-centres-built")] == (21, 119)


@check("programs.rq")
def _programs(rows, seeds, request):
    assert {r["program"].removeprefix(f"{ID}program/") for r in rows} == \
        {"152900/2023", "650000/2023", "650000/2024", "654300/2023", "654300/2024"}
    altay = [r for r in rows if r["program"] == f"{ID}program/654300/2023"]
    assert {r["item"] for r in altay} == {"保障性安居工程", "修建天然气管道", "公办幼儿园学位", "托育托位",
                                         "老年日照扩容", "老旧小区改造"}
    assert {(r["adopted_by"], r["adopted_on"], r["files"]) for r in altay} == \
        {("阿勒泰地区", "2023-03-20", "000_bbb01d7cd85d8723.txt")}
    tied = [(r["item"], r["indicator"], r["period"], number(r["value"])) for r in altay if r["indicator"]]
    assert tied == [("老旧小区改造", "old-residential-compounds-renovated", "2023", 107)]


@check("indicators-by-topic.rq")
def _indicators_by_topic(rows, seeds, request):
    curated = Counter(r["indicator"] for r in seeds.csv if not r["indicator"].startswith("provisional/"))
    assert {r["indicator"]: int(r["observations"]) for r in rows if r["observations"] != "0"} == curated
    provisional = {r["indicator"] for r in seeds.csv if r["indicator"].startswith("provisional/")}
    assert len(rows) == seeds.counts["indicators"] - len(provisional)
    (jobs,) = [r for r in rows if r["indicator"] == "urban-new-jobs"]
    assert (jobs["topic_notation"], jobs["topic_label"], jobs["observations"], jobs["regions"]) == \
        ("employment", "就业", "2", "2")
    assert (jobs["unit"], jobs["measure_kind"]) == ("person", "flow")
    assert [r["topic_notation"] for r in rows] == sorted(r["topic_notation"] for r in rows)


@check("regions-wikidata.rq")
def _regions_wikidata(rows, seeds, request):
    _, qids = request.getfixturevalue("wikidata")
    with_data = {r["region_code"] for r in seeds.csv if r["region_code"].isdigit()}
    expected = {(code, WD + qids[code]) for code in STAND_IN_CODES if code in with_data}
    assert {(r["code"], r["item"]) for r in rows} == expected
    assert ("654300", WD + "Q776550") in expected and "110000" not in {r["code"] for r in rows}
    assert all(r["same_item"] == "true" and r["linked_item"] == r["item"] for r in rows)
    assert {r["region_label"] for r in rows if r["code"] == "654300"} == {"阿勒泰地区"}


@check("dataset-description.rq")
def _dataset_description(rows, seeds, request):
    names = {str(cls): name for name, cls in CLASSES.items()}
    assert {names[r["class"]]: int(r["entities"]) for r in rows} == {n: seeds.counts[n] for n in CLASSES}
    assert {(int(r["triples"]), int(r["all_entities"])) for r in rows} == \
        {(seeds.counts["triples"], sum(seeds.counts[n] for n in CLASSES))}
    assert {r["endpoint"] for r in rows} == {SITE + "sparql"}
    assert set(rows[0]["dumps"].split()) == {f"{SITE}dumps/{name}" for name in DUMPS}
    assert [int(r["entities"]) for r in rows] == sorted((int(r["entities"]) for r in rows), reverse=True)


@check("provisional-indicators.rq")
def _provisional_indicators(rows, seeds, request):
    expected = {(r["observation"], r["quote"], number(r["value"])) for r in seeds.csv
                if r["indicator"].startswith("provisional/")}
    assert expected and {(r["observation"], r["quote"], number(r["value"])) for r in rows} == expected
    assert all(r["indicator"].startswith(f"{ID}indicator/provisional/") and r["label"] for r in rows)


@check("time-series.rq")
def _time_series(rows, seeds, request):
    series = [(r["period"], r["status"], number(r["value"])) for r in rows]
    expected = sorted((r["period"], r["status"], number(r["value"]))
                      for r in seeds.rows(region_code="152900", indicator="old-residential-compounds-renovated"))
    assert series == expected == [("2022", "actual", 14), ("2023", "target", 11)]


@check("observations-per-article.rq")
def _observations_per_article(rows, seeds, request):
    assert [r["file"] for r in rows] == sorted(seeds.manifest)
    assert {r["file"]: int(r["published_from_here"]) for r in rows} == dict(Counter(r["file"] for r in seeds.csv))
    conflicts = defaultdict(set)
    for r in seeds.run("conflicts.rq"):
        conflicts[r["file"]].add(r["observation"])
    assert {r["file"]: int(r["conflicts"]) for r in rows} == {f: len(conflicts[f]) for f in seeds.manifest}
    for r in rows:
        assert int(r["figures"]) >= int(r["observations"]) >= int(r["published_from_here"])
    (altay,) = [r for r in rows if r["file"].startswith("000")]
    assert int(altay["observations"]) > int(altay["published_from_here"]), "urban new jobs is published from 002"
