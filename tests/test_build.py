"""Build, ingest, remove, export, validate on the embedded store; atomicity under kill -9."""

import csv
import gc
import io
import multiprocessing
import os
import random
import shutil
import signal
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from mskg import build, export, paths
from mskg.cli import main
from mskg.graph import describe
from mskg.graph.describe import counts, latest_issued, stored_counts, stored_modified
from mskg.store.embedded import EmbeddedStore
from mskg.validate.store import datacube_check, shacl_check


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    location = tmp_path_factory.mktemp("store") / "store"
    outcome = build.build(paths.ARTICLES, str(location))
    return location, outcome


def open_dump(location) -> set[bytes]:
    store = EmbeddedStore(location, read_only=True)
    try:
        return set(store.dump().splitlines())
    finally:
        store.close()


def test_build_gives_a_store_that_validates(built):
    location, outcome = built
    assert len(outcome.articles) == 5 and not outcome.errors
    store = EmbeddedStore(location, read_only=True)
    numbers = counts(store)
    assert numbers["articles"] == 5 and numbers["observations"] == outcome.observations >= 140
    assert numbers["regions"] >= 3400 and numbers["indicators"] >= 200
    assert shacl_check(store).passed
    assert datacube_check(store).passed


def test_the_store_is_a_plain_oxigraph_directory_behind_a_link(built):
    location, _ = built
    assert location.is_symlink() and (location.resolve() / "CURRENT").exists()


def test_csv_export_has_the_tidy_columns_and_one_row_per_observation(built):
    location, outcome = built
    store = EmbeddedStore(location, read_only=True)
    rows = list(csv.DictReader(io.StringIO(export.observations_csv(store))))
    assert list(rows[0])[:13] == export.CSV_COLUMNS
    assert len(rows) == outcome.observations == len({r["observation"] for r in rows})
    jobs = [r for r in rows if r["observation"].endswith("/654300/urban-new-jobs/2023/actual")]
    assert jobs and jobs[0]["value"] == "7386" and jobs[0]["region_code"] == "654300"
    assert jobs[0]["region_label"] == "阿勒泰地区" and jobs[0]["unit"] == "person"
    spans = [r for r in rows if r["period"] == "2014/2019"]
    assert spans, "intervals are written start/end"


def test_every_rdf_export_parses_back_to_the_same_quads(built, tmp_path):
    import pyoxigraph

    location, _ = built
    store = EmbeddedStore(location, read_only=True)
    original = set(pyoxigraph.parse(store.dump(), format=pyoxigraph.RdfFormat.N_QUADS))
    for fmt, rdf_format in (("trig", pyoxigraph.RdfFormat.TRIG), ("nq", pyoxigraph.RdfFormat.N_QUADS),
                            ("jsonld", pyoxigraph.RdfFormat.JSON_LD)):
        parsed = set(pyoxigraph.parse(export.rdf(store, fmt), format=rdf_format))
        assert parsed == original, fmt
    triples = {(t.subject, t.predicate, t.object)
               for t in pyoxigraph.parse(export.rdf(store, "ttl"), format=pyoxigraph.RdfFormat.TURTLE)}
    assert triples == {(q.subject, q.predicate, q.object) for q in original}


def test_the_dataset_describes_itself(built):
    location, _ = built
    store = EmbeddedStore(location, read_only=True)
    assert store.ask("""PREFIX void: <http://rdfs.org/ns/void#> PREFIX dcterms: <http://purl.org/dc/terms/>
        PREFIX dcat: <http://www.w3.org/ns/dcat#>
        ASK { <https://w3id.org/mskg/id/dataset> a void:Dataset, dcat:Dataset ; dcterms:license ?l ;
              void:sparqlEndpoint ?e ; void:dataDump ?d ; void:triples ?t ; dcterms:source ?s ;
              dcat:distribution ?dist ; void:exampleResource ?x }""")


def description_triples(store: EmbeddedStore, computed: bool = False) -> set:
    """The description graph the store holds, or (`computed`) the one describe.description makes of it."""
    import pyoxigraph

    data = describe.description(store).serialize(format="nt", encoding="utf-8") if computed else \
        store.construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{describe.DESCRIPTION_GRAPH}> {{ ?s ?p ?o }} }}")
    return set(pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.N_TRIPLES))


def test_the_description_a_build_writes_is_what_the_store_holds(built):
    """build counts from what it loads, not from the store: the two must agree."""
    store = EmbeddedStore(built[0], read_only=True)
    assert description_triples(store) == description_triples(store, computed=True)


def test_the_description_counts_one_text_under_two_file_names_once(tmp_path):
    articles = tmp_path / "articles"
    shutil.copytree(paths.ARTICLES, articles)
    first = sorted(articles.glob("*.txt"))[0]
    shutil.copy(first, articles / f"copy_{first.name}")
    rows = (articles / "manifest.csv").read_text(encoding="utf-8").splitlines()
    row = next(line for line in rows if line.startswith(first.name + ","))
    rows.append(f"copy_{row}")
    (articles / "manifest.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    outcome = build.build(articles, str(tmp_path / "store"), workers=1)
    assert f"copy_{first.name}" in outcome.articles, outcome.errors
    store = EmbeddedStore(tmp_path / "store", read_only=True)
    assert counts(store)["articles"] == 5, "the two files' text is one article graph"
    assert description_triples(store) == description_triples(store, computed=True)


def test_rebuilding_gives_the_same_triples(built, tmp_path):
    location, _ = built
    again = tmp_path / "again"
    build.build(paths.ARTICLES, str(again))
    assert open_dump(again) == open_dump(location)


def test_a_build_in_two_worker_processes_gives_the_same_triples(built, tmp_path, monkeypatch):
    location, outcome = built
    pooled = tmp_path / "pooled"
    monkeypatch.setattr(build, "VERDICT_FROM", 1)  # and the batches judged by verdict.py, as in big builds
    again = build.build(paths.ARTICLES, str(pooled), workers=2)
    assert open_dump(pooled) == open_dump(location)
    assert (again.articles, again.observations, again.conflicts) == \
        (outcome.articles, outcome.observations, outcome.conflicts)


def test_the_check_workers_are_gone_before_the_data_cube_copy(tmp_path, monkeypatch):
    # while they live, each page the build writes that they share is copied first
    alive, copy = [], build.datacube.merged_ntriples
    monkeypatch.setattr(build.datacube, "merged_ntriples",
                        lambda documents: alive.append(multiprocessing.active_children()) or copy(documents))
    build.build(paths.ARTICLES, str(tmp_path / "store"), workers=2)
    assert alive == [[]]


def test_remove_then_ingest_restores_the_graph_and_ingest_is_idempotent(built, tmp_path):
    location, _ = built
    copy = tmp_path / "copy"
    build.build(paths.ARTICLES, str(copy))
    original = open_dump(copy)
    store = EmbeddedStore(copy)
    build.remove("002_c9138dbe0e8afbdc.txt", store)
    removed = set(store.dump().splitlines())
    assert len(removed) < len(original)
    assert counts(store)["articles"] == 4
    assert stored_counts(store) == counts(store), "the description's counts are kept up to date"
    article = build.read_one(paths.ARTICLES / "002_c9138dbe0e8afbdc.txt", publisher="石榴云/新疆日报",
                             published="2024-01", region="654300")
    build.ingest(article, store)
    assert set(store.dump().splitlines()) == original
    build.ingest(article, store)
    assert set(store.dump().splitlines()) == original
    store.close()


def test_removing_articles_keeps_the_modified_date_the_latest_issued(tmp_path):
    copy = tmp_path / "copy"
    build.build(paths.ARTICLES, str(copy))
    store = EmbeddedStore(copy)
    assert stored_modified(store) == "2024-11-24"
    # the latest article's date goes; 000 and 002 share the next; then only 002 holds it; then 001's
    for name, expected in [("004_17668c373b294491.txt", "2024-01"), ("000_bbb01d7cd85d8723.txt", "2024-01"),
                           ("002_c9138dbe0e8afbdc.txt", "2023-07")]:
        build.remove(name, store)
        assert stored_modified(store) == latest_issued(store) == expected, name
    store.close()


def test_ingesting_a_changed_article_replaces_the_old_version(built, tmp_path):
    copy = tmp_path / "copy"
    build.build(paths.ARTICLES, str(copy))
    store = EmbeddedStore(copy)
    edited = tmp_path / "002_c9138dbe0e8afbdc.txt"
    edited.write_text((paths.ARTICLES / edited.name).read_text(encoding="utf-8").replace("7386人", "7390人"),
                      encoding="utf-8")
    build.ingest(build.read_one(edited, published="2024-01-31", region="654300"), store)
    assert counts(store)["articles"] == 5
    assert stored_counts(store) == counts(store)
    rows = store.select("""SELECT ?v WHERE { GRAPH <https://w3id.org/mskg/id/graph/observations> {
        <https://w3id.org/mskg/id/obs/654300/urban-new-jobs/2023/actual>
        <http://purl.org/linked-data/sdmx/2009/measure#obsValue> ?v } }""")
    assert [r["v"] for r in rows] == ["7390"], "the newer article's value is preferred"
    assert counts(store)["conflicts"] >= 1
    store.close()


def test_bad_articles_are_reported_by_name_and_the_rest_is_built(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    shutil.copy(paths.ARTICLES / "004_17668c373b294491.txt", articles)
    (articles / "gbk.txt").write_bytes("2023年城镇新增就业7386人".encode("gbk"))
    (articles / "manifest.csv").write_text(
        "file,title,publisher,published,url,region\n"
        "004_17668c373b294491.txt,,,2024-11-24,,650000\ngbk.txt,,,2024,,650000\nmissing.txt,,,,,\n",
        encoding="utf-8")
    outcome = build.build(articles, str(tmp_path / "store"))
    assert outcome.articles == ["004_17668c373b294491.txt"]
    messages = "\n".join(map(str, outcome.errors))
    assert "gbk.txt" in messages and "missing.txt" in messages


def _invalid_articles(tmp_path):
    """A directory of one article whose statistic breaks the shapes (an unemployment rate of 130%)."""
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "bad.txt").write_text("2023年,全市城镇登记失业率为130%。", encoding="utf-8")
    (bad / "manifest.csv").write_text("file,title,publisher,published,url,region\nbad.txt,,,2024,,650200\n",
                                      encoding="utf-8")
    return bad


def test_what_a_build_starts_with_is_left_out_of_its_garbage_collections_and_then_given_back(tmp_path, monkeypatch):
    # a full collection would scan the reference data and extraction tables again, though none is freed
    frozen, copy = [], build.datacube.merged_ntriples
    monkeypatch.setattr(build.datacube, "merged_ntriples",
                        lambda documents: frozen.append(gc.get_freeze_count()) or copy(documents))
    assert gc.get_freeze_count() == 0
    build.build(paths.ARTICLES, str(tmp_path / "store"), workers=1)
    assert frozen[0] > 0 and gc.get_freeze_count() == 0
    bad = _invalid_articles(tmp_path)
    with pytest.raises(build.ValidationFailed):
        build.build(bad, str(tmp_path / "store"))
    assert gc.get_freeze_count() == 0


def test_a_build_that_fails_validation_leaves_the_previous_store(built, tmp_path):
    location = tmp_path / "store"
    build.build(paths.ARTICLES, str(location))
    before = open_dump(location)
    bad = _invalid_articles(tmp_path)
    with pytest.raises(build.ValidationFailed):
        build.build(bad, str(location))
    assert open_dump(location) == before


def test_a_failing_article_among_good_ones_is_the_only_one_reported(tmp_path, monkeypatch):
    monkeypatch.setattr(build, "VERDICT_FROM", 1)  # the batches judged by verdict.py, as in big builds
    articles = tmp_path / "articles"
    articles.mkdir()
    good = ["003_3b53e99e30383e09.txt", "004_17668c373b294491.txt"]
    for name in good:
        shutil.copy(paths.ARTICLES / name, articles)
    (articles / "003b_bad.txt").write_text("2023年,全市城镇登记失业率为130%。", encoding="utf-8")
    (articles / "manifest.csv").write_text(
        "file,title,publisher,published,url,region\n003_3b53e99e30383e09.txt,,,2020,,650200\n"
        "003b_bad.txt,,,2024,,650200\n004_17668c373b294491.txt,,,2024-11-24,,650000\n", encoding="utf-8")
    with pytest.raises(build.ValidationFailed) as failed:
        build.build(articles, str(tmp_path / "store"), workers=2)
    reported = [line[:-1] for line in failed.value.report_text.splitlines() if line.endswith(".txt:")]
    assert reported == ["003b_bad.txt"], failed.value.report_text
    assert "outside the bounds" in failed.value.report_text
    assert not (tmp_path / "store").exists()


def test_kill_9_during_build_leaves_the_old_or_the_new_store(built, tmp_path):
    location = tmp_path / "store"
    build.build(paths.ARTICLES, str(location))
    old = open_dump(location)
    smaller = tmp_path / "smaller"
    smaller.mkdir()
    shutil.copy(paths.ARTICLES / "003_3b53e99e30383e09.txt", smaller)
    (smaller / "manifest.csv").write_text(
        "file,title,publisher,published,url,region\n003_3b53e99e30383e09.txt,,,2020,,650200\n", encoding="utf-8")
    new_location = tmp_path / "reference"
    build.build(smaller, str(new_location))
    new = open_dump(new_location)
    rng = random.Random(7)
    seen = set()
    for attempt in range(6):
        process = subprocess.Popen([sys.executable, "-m", "mskg.cli", "build", str(smaller), "--store",
                                    str(location), "--quiet"], start_new_session=True)
        time.sleep(rng.uniform(0.5, 6.0))
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        state = open_dump(location)
        assert state in (old, new), f"attempt {attempt}: a mixed store"
        seen.add("new" if state == new else "old")
        if state == new:
            build.build(paths.ARTICLES, str(location))
    versions = list((tmp_path / "store.versions").iterdir())
    assert len(versions) <= 2, "killed builds' leftovers are cleaned up"


def test_cli_build_stats_query_and_export(tmp_path):
    location = tmp_path / "store"
    runner = CliRunner()
    result = runner.invoke(main, ["build", str(paths.ARTICLES), "--store", str(location), "--quiet"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["stats", "--store", str(location)])
    assert "observations" in result.output and "conflicts" in result.output
    result = runner.invoke(main, ["query", "ASK { ?s a <https://w3id.org/mskg/ontology#Observation> }",
                                  "--store", str(location)])
    assert result.output.strip() == "true"
    result = runner.invoke(main, ["query", str(paths.QUERIES / "observations.rq"), "--store", str(location),
                                  "--format", "csv"])
    via_sparql = list(csv.DictReader(io.StringIO(result.output)))
    result = runner.invoke(main, ["export", "--store", str(location), "--format", "csv"])
    assert via_sparql == list(csv.DictReader(io.StringIO(result.output)))


def test_cli_validate_passes_a_built_store_and_fails_a_corrupted_one(tmp_path):
    location = tmp_path / "store"
    build.build(paths.ARTICLES, str(location))
    runner = CliRunner()
    result = runner.invoke(main, ["validate", "--store", str(location), "--no-reasoner"])
    assert result.exit_code == 0, result.output
    assert "PASS  SHACL" in result.output and "21 of 21 pass" in result.output
    store = EmbeddedStore(location)
    store.update("""DELETE WHERE { GRAPH <https://w3id.org/mskg/id/graph/observations> {
        <https://w3id.org/mskg/id/obs/654300/urban-new-jobs/2023/actual>
        <http://purl.org/linked-data/sdmx/2009/measure#obsValue> ?v } }""")
    store.close()
    result = runner.invoke(main, ["validate", "--store", str(location), "--no-reasoner"])
    assert result.exit_code == 1
    assert "FAIL  Data Cube" in result.output and "urban-new-jobs/2023/actual" in result.output


def test_cli_ingest_and_remove(tmp_path):
    location = tmp_path / "store"
    build.build(paths.ARTICLES, str(location))
    runner = CliRunner()
    result = runner.invoke(main, ["remove", "004_17668c373b294491.txt", "--store", str(location)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["remove", "004_17668c373b294491.txt", "--store", str(location)])
    assert result.exit_code != 0 and "no article" in result.output
    result = runner.invoke(main, ["ingest", str(paths.ARTICLES / "004_17668c373b294491.txt"), "--store",
                                  str(location), "--published", "2024-11-24", "--region", "650000",
                                  "--title", "为群众幸福“加码” 为百姓生活“加温”", "--publisher", "天山网"])
    assert result.exit_code == 0, result.output
    assert "ingested 004_17668c373b294491.txt" in result.output
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00")
    result = runner.invoke(main, ["ingest", str(bad), "--store", str(location)])
    assert result.exit_code != 0 and "bad.txt" in result.output


def test_oxigraphs_own_server_opens_the_built_store(built):
    """The store is a plain Oxigraph directory: `oxigraph serve-read-only` serves it."""
    import httpx
    from conftest import free_port

    location, outcome = built
    binary = shutil.which("oxigraph", path=os.path.dirname(sys.executable)) or shutil.which("oxigraph")
    port = free_port()
    server = subprocess.Popen([binary, "serve-read-only", "--location", str(location), "--bind",
                               f"127.0.0.1:{port}", "--union-default-graph"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        query = "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?o a <https://w3id.org/mskg/ontology#Observation> }"
        for _ in range(100):
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/query", params={"query": query},
                                   headers={"Accept": "application/sparql-results+json"}, timeout=5)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        assert int(answer.json()["results"]["bindings"][0]["n"]["value"]) == outcome.observations
    finally:
        server.kill()
        server.wait()


@pytest.mark.parametrize("command", [["stats"], ["query", "ASK {}"], ["export", "--format", "csv"], ["validate"],
                                     ["remove", "x.txt"], ["ingest", str(paths.ARTICLES / "000_bbb01d7cd85d8723.txt")]])
def test_commands_on_a_missing_store_say_so_and_create_nothing(tmp_path, command):
    missing = tmp_path / "nowhere"
    result = CliRunner().invoke(main, command, env={"MSKG_STORE": str(missing)})
    assert result.exit_code == 1
    assert f"no store at {missing}: build one with `mskg build --store {missing}`" in result.output
    assert not missing.exists()
