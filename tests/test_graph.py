"""The published graph: stable IRIs, merged reports, conflicts, quotes checkable in SPARQL."""

import pyoxigraph
import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, XSD

from mskg import corpus, paths
from mskg.extract.pipeline import extract
from mskg.graph import iris
from mskg.graph.merge import merge
from mskg.graph.observations import (Article, article_graph, article_triples, corpus_graph, observation_triples,
                                     observations_graph, reports)
from mskg.graph.terms import ntriples
from mskg.namespaces import MSKG, SDMX_MEASURE


@pytest.fixture(scope="module")
def seeds():
    loaded = corpus.load(paths.ARTICLES)
    assert not loaded.errors
    return loaded.articles


def quads(dataset):
    return set(dataset.quads((None, None, None, None)))


def test_same_inputs_give_the_same_triples_whatever_the_order(seeds):
    forward, _ = corpus_graph(seeds)
    backward, _ = corpus_graph(list(reversed(seeds)))
    assert quads(forward) == quads(backward)
    assert len(quads(forward)) > 1000


def test_a_fact_reported_by_two_articles_is_one_observation_with_both_sources(seeds):
    dataset, merged = corpus_graph(seeds)
    jobs = URIRef("https://w3id.org/mskg/id/obs/654300/urban-new-jobs/2023/actual")
    sources = set(dataset.objects(jobs, PROV.wasDerivedFrom))
    assert len(sources) == 2
    assert {s.split("#")[0] for s in sources} == {str(a.iri) for a in seeds if a.file[:3] in ("000", "002")}
    assert list(dataset.objects(jobs, SDMX_MEASURE.obsValue)) == [Literal("7386", datatype=XSD.decimal)]


def test_differing_reports_are_a_conflict_and_the_newest_is_preferred():
    old = "2023年,全市城镇新增就业7386人。"
    new = "2023年,全市城镇新增就业7400人。"
    articles = [
        Article("a.txt", old, extract(old, region="650200", published="2024-01-05"), published="2024-01-05"),
        Article("b.txt", new, extract(new, region="650200", published="2024-02-01"), published="2024-02-01"),
    ]
    dataset, merged = corpus_graph(articles)
    (observation,) = merged
    assert observation.in_conflict and observation.preferred.article == "b.txt"
    assert observation.preferred.value == 7400
    conflicts = list(dataset.subjects(RDF.type, MSKG.Conflict))
    assert len(conflicts) == 1
    assert len(set(dataset.objects(conflicts[0], MSKG.reportedIn))) == 2


def test_every_quote_equals_the_article_text_at_its_offsets_in_sparql(seeds):
    dataset, _ = corpus_graph(seeds)
    store = pyoxigraph.Store()
    store.load(dataset.serialize(format="nquads").encode("utf-8"), pyoxigraph.RdfFormat.N_QUADS)
    query = """
        PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
        SELECT (COUNT(*) AS ?all) (SUM(IF(?quote = SUBSTR(?text, ?b + 1, ?e - ?b), 1, 0)) AS ?right) WHERE {
          GRAPH ?g { ?span nif:referenceContext ?article ; nif:beginIndex ?b ; nif:endIndex ?e ;
                           nif:anchorOf ?quote . ?article nif:isString ?text }
        }"""
    (row,) = list(store.query(query))
    assert int(row["all"].value) >= 150
    assert row["all"].value == row["right"].value


def test_an_observation_has_the_program_item_of_the_evidence_its_value_comes_from():
    # x02 lists each item's completion rate: one observation, reports in several items' sections
    article = next(a for a in corpus.load(paths.ROOT / "tests" / "articles").articles
                   if a.file.startswith("x02_"))
    graph = article_graph(article)
    items = {p.key + "/" + i.title: (i.start, i.end) for p in article.extraction.programs for i in p.items}
    shared = [m for m in merge(reports(article)) if len({r.evidence for r in m.reports}) > 1]
    assert any(len({o.program_item for o in article.extraction.observations
                    if str(iris.observation(o.region, o.indicator, o.period, o.status)) == m.iri}) > 1
               for m in shared)  # the case this guards: reports of one observation in different items
    for m in merge(reports(article)):
        linked = list(graph.objects(URIRef(m.iri), MSKG.programItem))
        assert len(linked) <= 1, (m.iri, linked)
        start = m.preferred.start
        holding = [key for key, (begin, end) in items.items() if begin <= start < end]
        assert bool(linked) == bool(holding), m.iri  # x02's items are numbered sections
        if linked:
            region, year, title = holding[0].split("/", 2)
            assert linked == [iris.program_item(region, int(year), title)], m.iri


def _parsed(data: bytes | str) -> set:
    return {(t.subject, t.predicate, t.object) for t in pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.N_TRIPLES)}


def test_the_n_triples_build_loads_are_the_rdflib_graphs_triples():
    """build writes article_triples as N-Triples itself; rdflib's graphs (export,
    corpus_graph) hold the same triples, on every seed and test article."""
    articles = [a for source in (paths.ARTICLES, paths.ROOT / "tests" / "articles")
                for a in corpus.load(source).articles]
    for article in articles:
        triples = article_triples(article)
        written = _parsed(ntriples(triples))
        assert len(written) == len(triples) == len(article_graph(article)), article.file
        assert written == _parsed(article_graph(article).serialize(format="nt")), article.file
    merged = merge([r for a in articles for r in reports(a)])
    assert any(m.in_conflict for m in merged)
    assert _parsed(ntriples(observation_triples(merged))) == _parsed(observations_graph(merged).serialize(format="nt"))
