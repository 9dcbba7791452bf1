"""mskg.web.reads: bound values stay values, on the embedded store and on a real Oxigraph server;
an entity's description carries what it links to."""

from __future__ import annotations

import httpx
import pyoxigraph as ox
import pytest

from conftest import OxigraphServer
from mskg.store.embedded import EmbeddedStore
from mskg.web.engine import LocalEngine, RemoteEngine
from mskg.web.reads import Reader, describe, with_values

ID = "https://w3id.org/mskg/id/"
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
PREF_LABEL = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")

HOSTILE = ['" } UNION { ?s ?p ?o } #', "'>\\\"\n}\u0000", "阿勒泰\" . } ; DROP ALL ; {", "x" * 100_000,
           "?label", "<https://w3id.org/mskg/id/region/654300>"]

LABEL_QUERY = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?region ?label WHERE { ?region skos:prefLabel ?label }"""


@pytest.fixture(scope="module")
def local(seed_store):
    store = EmbeddedStore(str(seed_store), read_only=True)
    yield Reader(LocalEngine(store.oxigraph))
    store.close()


@pytest.fixture(scope="module")
def remote(seed_store, tmp_path_factory):
    server = OxigraphServer(tmp_path_factory.mktemp("reads-oxigraph"))
    server.start()
    source = EmbeddedStore(str(seed_store), read_only=True)
    nquads = source.oxigraph.dump(format=ox.RdfFormat.N_QUADS)
    source.close()
    httpx.post(f"{server.url}/store", content=nquads,
               headers={"Content-Type": "application/n-quads"}, timeout=60).raise_for_status()
    yield Reader(RemoteEngine(f"{server.url}/query", f"{server.url}/update", f"{server.url}/store"))
    server.stop()


@pytest.fixture(params=["local", "remote"])
def reader(request):
    return request.getfixturevalue(request.param)


def test_a_bound_label_finds_its_region(reader):
    rows = reader.select(LABEL_QUERY, label=ox.Literal("阿勒泰地区", language="zh"))
    assert {row["region"].value for row in rows} == {ID + "region/654300"}


def test_a_column_streams_one_variable_and_skips_unbound_solutions(reader):
    query = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
    SELECT ?code ?region ?label ?missing WHERE { ?region skos:notation ?code ; skos:prefLabel ?label
      OPTIONAL { ?region <https://example.org/never> ?missing } }"""
    assert set(reader.column(query, "code", label=ox.Literal("阿勒泰地区", language="zh"))) == {ox.Literal("654300")}
    assert list(reader.column(query, "missing", label=ox.Literal("阿勒泰地区", language="zh"))) == []


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_strings_are_one_literal_and_match_nothing(reader, text):
    assert reader.select(LABEL_QUERY, label=ox.Literal(text, language="zh")) == []


def test_values_block_keeps_a_hostile_literal_one_term():
    query = with_values("SELECT ?s WHERE { ?s ?p ?o }", {"o": ox.Literal(HOSTILE[0])})
    parsed = ox.Store().query(query)
    assert list(parsed) == []
    assert query.count("UNION") == 1 and '\\" } UNION' in query


def test_description_has_the_entity_and_the_labels_of_its_links(reader):
    triples = describe(reader, ID + "region/654300")
    subjects = {triple.subject.value for triple in triples}
    assert ID + "region/654300" in subjects
    parent = ox.NamedNode(ID + "region/654000")
    assert any(t.subject == parent and t.predicate == PREF_LABEL and t.object.value == "伊犁哈萨克自治州"
               for t in triples)
    assert len(triples) == len(set(triples))


def test_an_articles_description_carries_its_evidence_spans(local, reader):
    article = local.select("""SELECT ?a WHERE { ?a a <https://w3id.org/mskg/ontology#SourceArticle> }
                              ORDER BY ?a LIMIT 1""")[0]["a"].value
    triples = describe(reader, article)
    spans = {t.subject.value for t in triples if t.subject.value.startswith(article + "#char=")}
    assert spans and all(any(t.subject.value == span and t.predicate.value.endswith("#anchorOf")
                             for t in triples) for span in spans)


def test_an_unknown_iri_has_no_description(reader):
    assert describe(reader, ID + "region/999999") == []
