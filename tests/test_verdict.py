"""verdict.conforms, which validates an article's batch without its reference
nodes again, says what fast.validate says of the whole batch: on every real
batch, on the crafted defects and good variants of test_shapes.py, and when
the reference data itself is broken; it declines (None) when its conditions
do not hold; and the SPARQL locality analysis it relies on rejects queries
that read backwards."""

import dataclasses

import pyoxigraph
import pytest
from rdflib.namespace import SH

import test_shapes as crafted
from mskg import corpus, paths
from mskg.graph.merge import merge
from mskg.graph.observations import article_triples, observation_triples, reports
from mskg.graph.terms import from_rdflib
from mskg.validate import batch, fast, locality, verdict

ID = "https://w3id.org/mskg/id/"


def context() -> verdict.Context:
    batch.warm_up()
    return batch._context


def articles():
    return [a for source in (paths.ARTICLES, paths.ROOT / "tests" / "articles")
            for a in corpus.load(source).articles]


def own(article):
    """An article's own triples: its graph and its observations'."""
    return article_triples(article) + observation_triples(merge(reports(article)))


def whole(triples) -> bool:
    """Whether the whole batch conforms, by fast.validate."""
    return fast.validate(triples + batch.needed_triples(triples)).conforms


@pytest.mark.parametrize("article", articles(), ids=lambda a: a.file)
def test_the_verdict_on_every_real_batch_is_the_whole_batchs(article):
    triples = own(article)
    assert verdict.conforms(triples, context()) is not None  # decided here, not declined
    assert verdict.conforms(triples, context()) == whole(triples)


def crafted_own(delete: str, insert: str) -> list:
    """The crafted graph's triples about nodes the real reference data does not mention."""
    mentioned = context().mentioned
    return [t for t in from_rdflib(crafted.edited(delete, insert)) if t[0] not in mentioned]


EXAMPLES = ([pytest.param(c.delete, c.insert, id=c.id) for c in crafted.CASES]
            + [pytest.param(delete, insert, id=name) for name, delete, insert in crafted.GOOD_VARIANTS]
            + [pytest.param("", "", id="valid")])


@pytest.mark.parametrize("delete,insert", EXAMPLES)
def test_the_verdict_on_crafted_batches_is_the_whole_batchs(delete, insert):
    triples = crafted_own(delete, insert)
    assert verdict.conforms(triples, context()) == whole(triples)


def test_crafted_defects_of_the_article_side_fail_the_verdict():
    failing = [c.id for c in crafted.CASES if verdict.conforms(crafted_own(c.delete, c.insert), context()) is False]
    assert len(failing) >= 20, failing  # the observation, evidence, article, program and period defects
    assert verdict.conforms(crafted_own("", ""), context()) is True


REGION = pyoxigraph.NamedNode(ID + "region/654300")
PREF_LABEL = pyoxigraph.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
NOTATION = pyoxigraph.NamedNode("http://www.w3.org/2004/02/skos/core#notation")


@pytest.mark.parametrize("defect", ["no Chinese label (SHACL Core)", "notation not the IRI's (SHACL-SPARQL)"])
def test_a_broken_reference_node_fails_exactly_the_batches_that_reach_it(monkeypatch, defect):
    reference = dict(batch._reference())
    if defect.startswith("no Chinese"):
        reference[REGION] = [t for t in reference[REGION] if not (t[1] == PREF_LABEL and t[2].language == "zh")]
    else:
        reference[REGION] = [t if t[1] != NOTATION else (REGION, NOTATION, pyoxigraph.Literal("654301"))
                             for t in reference[REGION]]
    monkeypatch.setattr(batch, "_reference", lambda: reference)
    context = verdict.Context(reference)
    reaching = []
    for article in articles():
        triples = own(article)
        reaches = REGION in context.reached({o for _, _, o in triples if isinstance(o, pyoxigraph.NamedNode)})
        reaching.append(reaches)
        assert verdict.conforms(triples, context) == whole(triples) == (not reaches), article.file
    assert any(reaching) and not all(reaching)


def test_an_article_that_says_something_about_a_reference_node_is_validated_whole():
    article = articles()[0]
    triples = own(article) + [(REGION, PREF_LABEL, pyoxigraph.Literal("另一个名字", language="zh"))]
    assert verdict.conforms(triples, context()) is None
    report = batch.check_article(triples, [])
    assert report is not None and not report.conforms and str(REGION) in report.text


def test_check_article_reports_a_failing_batch_as_validate_article_does(monkeypatch):
    context()
    article = articles()[0]
    triples, observations = article_triples(article), observation_triples(merge(reports(article)))
    assert batch.check_article(triples, observations) is None
    anchor = pyoxigraph.NamedNode("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#anchorOf")
    first = next(i for i, (_, p, _) in enumerate(triples) if p == anchor)
    triples[first] = (triples[first][0], anchor, pyoxigraph.Literal("不是原文"))
    failed = batch.check_article(triples, observations)
    assert failed is not None and failed.text == batch.validate_article(triples, observations).text
    monkeypatch.setattr(batch, "_context", None)  # before warm_up: fast.validate on the whole batch
    assert batch.check_article(triples, observations).text == failed.text


MSKG = "https://w3id.org/mskg/ontology#"


def blanked(cls: str) -> list:
    """The own triples of an article with conflicts, its instances of `cls` made blank nodes."""
    conflict = pyoxigraph.NamedNode(MSKG + "Conflict")
    triples = next(own(a) for a in articles() if any(o == conflict for _, _, o in own(a)))
    blank = {s: pyoxigraph.BlankNode() for s, p, o in triples
             if p == fast.TYPE and o == pyoxigraph.NamedNode(MSKG + cls)}
    assert blank
    return [(blank.get(s, s), p, blank.get(o, o)) for s, p, o in triples]


@pytest.mark.parametrize("cls", ["Evidence", "Conflict", "Observation", "SourceArticle"])
def test_a_batch_whose_focus_nodes_are_blank_nodes_is_decided_as_the_whole_batch_is(cls):
    triples = blanked(cls)
    assert verdict.conforms(triples, context()) is not None
    assert verdict.conforms(triples, context()) == whole(triples)


def test_a_blank_focus_node_that_fails_a_sparql_constraint_fails_the_verdict():
    triples = blanked("Conflict")
    conflict = next(s for s, p, o in triples if p == fast.TYPE and o == pyoxigraph.NamedNode(MSKG + "Conflict"))
    observation = next(o for s, p, o in triples if s == conflict and p.value == MSKG + "conflictOf")
    derived = "http://www.w3.org/ns/prov#wasDerivedFrom"
    foreign = next(o for s, p, o in triples if p.value == derived and s != observation)
    triples.append((conflict, pyoxigraph.NamedNode(MSKG + "reportedIn"), foreign))  # not a span of its observation
    assert verdict.conforms(triples, context()) is False
    assert not whole(triples)


def test_the_constraints_make_one_query_and_the_verdict_declines_when_they_cannot(monkeypatch):
    violations = [c for _, c in fast.compile_shapes().sparql if c.severity == SH.Violation]
    selects = [select for _, select in context().on_instances]
    assert context().prologue is not None and len(selects) == len(violations) > 10
    clash = dataclasses.replace(violations[0], prefixes="PREFIX mskg: <urn:another#>")
    assert verdict._prologue(violations + [clash], selects) is None  # one prefix, two namespaces
    assert verdict._prologue(violations, selects + ["SELECT $this FROM <urn:g> WHERE { $this ?p ?o }"]) is None
    monkeypatch.setattr(verdict, "_prologue", lambda constraints, selects: None)
    assert verdict.conforms(own(articles()[0]), verdict.Context(batch._reference())) is None


@pytest.mark.parametrize("query,local", [
    ("SELECT $this WHERE { $this <p:a> ?x . ?x <p:b>/<p:c>* ?y FILTER NOT EXISTS { ?y <p:d> ?z } }", True),
    ("SELECT $this WHERE { $this <p:a> ?x OPTIONAL { ?x <p:b> ?y } MINUS { ?x <p:c> ?w } }", True),
    ("SELECT $this WHERE { { BIND (<p:a> AS ?p) } UNION { BIND (<p:b> AS ?p) } FILTER NOT EXISTS { $this ?p ?v } }",
     True),
    ("SELECT $this WHERE { ?x <p:a> $this }", False),  # reads into the focus node
    ("SELECT $this WHERE { $this <p:a> ?x . ?y <p:b> ?x }", False),
    ("SELECT $this WHERE { $this ^<p:a> ?x }", False),
    ("SELECT $this WHERE { $this <p:a> ?x . <p:c> <p:b> ?y }", False),  # a constant subject
    ("SELECT $this WHERE { { $this <p:a> ?x } UNION { ?x <p:b> ?y } }", False),  # ?x unbound in one branch
    ("SELECT $this WHERE { $this <p:a> ?x OPTIONAL { ?x <p:b> ?y } FILTER NOT EXISTS { ?y <p:c> ?z } }", False),
    ("SELECT $this WHERE { GRAPH ?g { $this <p:a> ?x } }", False),
    ("SELECT $this WHERE { { SELECT ?this WHERE { ?this <p:a> ?x } } }", False),
])
def test_locality_accepts_only_queries_anchored_at_this(query, local):
    assert locality.anchored(query) is local


def test_the_shapes_on_reference_nodes_read_forwards_and_those_that_do_not_are_found():
    compiled = fast.compile_shapes()
    assert context().reusable
    by_label = {str(shape.node).rsplit("#", 1)[-1]: shape for _, shape in compiled.targeted}
    assert compiled.forward(by_label["RegionShape"].node)
    assert not compiled.forward(by_label["EvidenceShape"].node)  # sh:inversePath prov:wasDerivedFrom
    item = next(c for _, c in compiled.sparql if c.message.startswith("A program item's IRI"))
    assert not locality.anchored(item.select)  # ?program mskg:hasItem $this
