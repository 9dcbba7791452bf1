"""The same build, ingest, remove and export on real SPARQL servers give the embedded store's results."""

import csv
import io

import pytest
from conftest import OxigraphServer, VirtuosoServer

from mskg import build, export, paths
from mskg.graph.describe import counts, stored_counts
from mskg.store import open_store
from mskg.store.embedded import EmbeddedStore


@pytest.fixture(scope="module")
def embedded_csv(seed_store):
    store = EmbeddedStore(seed_store, read_only=True)
    try:
        return export.observations_csv(store), counts(store)
    finally:
        store.close()


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def server(request, tmp_path_factory):
    """A fresh server of each kind for this module, as an mskg store URL."""
    kind = request.param
    process = (OxigraphServer if kind == "oxigraph" else VirtuosoServer)(tmp_path_factory.mktemp(kind))
    process.start()
    try:
        if kind == "virtuoso":
            process.grant_updates()
        yield f"{kind}+{process.url}"
    finally:
        process.stop()


def rows(text):
    return sorted(csv.DictReader(io.StringIO(text)), key=lambda r: r["observation"])


def test_build_on_a_server_exports_what_the_embedded_store_exports(server, embedded_csv):
    expected_csv, expected_counts = embedded_csv
    build.build(paths.ARTICLES, server)
    store = open_store(server)
    assert rows(export.observations_csv(store)) == rows(expected_csv)
    assert counts(store) == expected_counts


def test_remove_ingest_and_idempotence_on_a_server(server, embedded_csv):
    expected_csv, _ = embedded_csv
    store = open_store(server)
    build.remove("002_c9138dbe0e8afbdc.txt", store)
    assert counts(store)["articles"] == 4
    article = build.read_one(paths.ARTICLES / "002_c9138dbe0e8afbdc.txt", publisher="石榴云/新疆日报",
                             published="2024-01", region="654300")
    build.ingest(article, store)
    build.ingest(article, store)
    assert rows(export.observations_csv(store)) == rows(expected_csv)
    assert stored_counts(store) == counts(store)
