"""The compiled shapes (validate/fast.py) report exactly what pyshacl reports:
the same (focus node, path, message, severity) results, as many times each,
on every crafted defect and good variant of test_shapes.py and on the real
batch of every seed and test article, which must conform."""

import functools
from collections import Counter

import pyoxigraph
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import SH

import test_shapes as crafted
from mskg import corpus, paths
from mskg.graph.merge import merge
from mskg.graph.observations import article_triples, observation_triples, reports
from mskg.graph.terms import from_rdflib
from mskg.validate import batch, fast, shacl

# Where rdflib's SPARQL engine (under pyshacl) departs from SPARQL 1.1 and
# Oxigraph does not, a SHACL-SPARQL constraint's result differs. Each entry:
# case id -> (message fragment of the affected constraint, what happens).
RDFLIB_DEVIATIONS = {
    # minValue "0" (a string) < 22.5 is an error; (error || false) is an error,
    # so the FILTER drops the row (SPARQL 1.1, 17.2). rdflib keeps it.
    "indicator-bound-wrong-datatype": "outside the bounds of the indicator",
    # SUBSTR(text, 0, 35) is the first 34 characters (XPath fn:substring);
    # rdflib returns "". Both report the defect; the quoted text differs.
    "offset-negative": "is not the article's text",
}


def results(report: shacl.Report) -> Counter:
    return Counter((v.focus, v.path if isinstance(v.path, URIRef) else None, v.message, v.severity)
                   for v in report.violations)


def both(graph: Graph) -> tuple[shacl.Report, shacl.Report]:
    """pyshacl's report and the compiled shapes' on the graph with the ontology."""
    return shacl.validate(graph), fast.validate(from_rdflib(graph) + from_rdflib(shacl._ontology()))


EXAMPLES = ([pytest.param(c.delete, c.insert, id=c.id) for c in crafted.CASES]
            + [pytest.param(delete, insert, id=name) for name, delete, insert in crafted.GOOD_VARIANTS]
            + [pytest.param("", "", id="valid")])


@pytest.mark.parametrize("delete,insert", EXAMPLES)
def test_same_results_as_pyshacl_on_crafted_data(request, delete, insert):
    expected, actual = both(crafted.edited(delete, insert))
    deviation = RDFLIB_DEVIATIONS.get(request.node.callspec.id)
    if deviation:
        differing = (results(expected) - results(actual)) + (results(actual) - results(expected))
        assert differing and all(deviation in message for _, _, message, _ in differing), differing
        expected.violations = [v for v in expected.violations if deviation not in v.message]
        actual.violations = [v for v in actual.violations if deviation not in v.message]
    assert results(actual) == results(expected)
    assert actual.conforms == expected.conforms


def test_crafted_defect_found_by_the_compiled_shapes_at_its_focus():
    for case in crafted.CASES:
        report = fast.validate(from_rdflib(crafted.edited(case.delete, case.insert)) + from_rdflib(shacl._ontology()))
        focus = URIRef(crafted.ID + case.focus)
        assert not report.conforms, case.id
        assert any(v.focus == focus and case.message in v.message and v.severity == SH.Violation
                   for v in report.violations), (case.id, report.text)


def test_warnings_only_do_not_fail_either_engine():
    graph = crafted.edited(insert='<program/654300/2024> a mskg:LivelihoodProgram ; '
                                  'mskg:programRegion <region/654300> ; mskg:programYear "2024"^^xsd:gYear .')
    expected, actual = both(graph)
    assert results(actual) == results(expected)
    assert actual.conforms and expected.conforms and actual.violations


@functools.cache  # collected for two parametrized tests: extract once
def articles():
    return [a for source in (paths.ARTICLES, paths.ROOT / "tests" / "articles")
            for a in corpus.load(source).articles]


@pytest.mark.parametrize("article", articles(), ids=lambda a: a.file)
def test_same_results_as_pyshacl_on_real_batches(article):
    triples, observations = article_triples(article), observation_triples(merge(reports(article)))
    expected = batch.validate_article(triples, observations, engine="pyshacl")
    actual = batch.validate_article(triples, observations)
    assert results(actual) == results(expected)
    assert actual.conforms == expected.conforms


@pytest.mark.parametrize("article", articles(), ids=lambda a: a.file)
def test_every_real_batch_conforms(article):
    """What the extractor makes of every seed and test article can be published:
    one that does not conform stops a build of it."""
    report = batch.validate_article(article_triples(article), observation_triples(merge(reports(article))))
    assert report.conforms, [(v.focus, v.message) for v in report.violations if v.severity == SH.Violation]


def test_a_broken_real_batch_is_reported_alike():
    article = articles()[0]
    triples, observations = article_triples(article), observation_triples(merge(reports(article)))
    anchor = pyoxigraph.NamedNode("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#anchorOf")
    first = next(i for i, (_, p, _) in enumerate(triples) if p == anchor)
    triples[first] = (triples[first][0], anchor, pyoxigraph.Literal("不是原文"))
    expected = batch.validate_article(triples, observations, engine="pyshacl")
    actual = batch.validate_article(triples, observations)
    assert not actual.conforms and results(actual) == results(expected)


def test_a_shape_feature_the_compiler_lacks_is_an_error():
    shapes = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:s> a sh:NodeShape ; sh:targetClass <urn:C> ; sh:closed true .""", format="turtle")
    with pytest.raises(ValueError, match="closed"):
        fast._Compiled(shapes)
