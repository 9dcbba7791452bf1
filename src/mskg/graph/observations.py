"""Articles, evidence spans, observations, conflicts and programs as RDF.

`corpus_graph` turns extracted articles into the published graph: one named
graph per article (its metadata, full text, evidence spans and programs) and
one named graph for the dataset's observations, merged across articles (see
merge.py). Every IRI comes from content (graph/iris.py), so the same inputs
give the same triples whatever the order of the files.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from decimal import Decimal

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, TIME, XSD

from mskg.extract.pipeline import Extraction
from mskg.graph import iris
from mskg.graph.merge import MergedObservation, Report, merge
from mskg.namespaces import ID, MSKG, NIF, QB, SCHEMA, SDMX_ATTR, SDMX_DIM, SDMX_MEASURE, bind_all

DATASET = ID["dataset"]
OBSERVATIONS_GRAPH = ID["graph/observations"]
INDICATOR_SCHEME = ID["scheme/indicators"]
PROVISIONAL_SCHEME = ID["scheme/provisional-indicators"]


@dataclass(frozen=True)
class Article:
    """An article with its manifest metadata and what was extracted from it."""

    file: str
    text: str
    extraction: Extraction
    title: str = ""
    publisher: str = ""
    published: str = ""
    url: str = ""

    @property
    def content_hash(self) -> str:
        """Hex SHA-256 of the UTF-8 text."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def iri(self) -> URIRef:
        """The article's IRI, from its content."""
        return iris.article(self.content_hash)


def _date(text: str) -> Literal:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return Literal(text, datatype=XSD.date)
    if re.fullmatch(r"\d{4}-\d{2}", text):
        return Literal(text, datatype=XSD.gYearMonth)
    return Literal(text[:4], datatype=XSD.gYear)


def _decimal(value: Decimal) -> Literal:
    return Literal(format(value.normalize(), "f"), datatype=XSD.decimal)


def reports(article: Article) -> list[Report]:
    """The article's statements of figures, as merge.Report records."""
    return [Report(str(iris.observation(o.region, o.indicator, o.period, o.status)),
                   str(iris.evidence(article.iri, o.start, o.end)), article.file, article.published,
                   o.value, o.qualifier, o.unit_iri, o.quote)
            for o in article.extraction.observations]


def article_graph(article: Article) -> Graph:
    """The article's own named graph: metadata, text, evidence spans, the
    observations it reports (dimensions and provenance; the published value is
    in the observations graph) and its programs."""
    g = Graph(identifier=article.iri)
    a = article.iri
    items = program_items(article)
    g.add((a, RDF.type, MSKG.SourceArticle))
    g.add((a, RDF.type, SCHEMA.NewsArticle))
    g.add((a, RDF.type, NIF.Context))
    g.add((a, MSKG.fileName, Literal(article.file)))
    g.add((a, MSKG.contentHash, Literal("sha256:" + article.content_hash)))
    g.add((a, NIF.isString, Literal(article.text)))
    if article.title:
        g.add((a, DCTERMS.title, Literal(article.title, lang="zh")))
    if article.publisher:
        g.add((a, DCTERMS.publisher, Literal(article.publisher, lang="zh")))
    if article.published:
        g.add((a, DCTERMS.issued, _date(article.published)))
    if article.url:
        g.add((a, SCHEMA.url, Literal(article.url, datatype=XSD.anyURI)))
    for obs in article.extraction.observations:
        e = iris.evidence(a, obs.start, obs.end)
        g.add((e, RDF.type, MSKG.Evidence))
        g.add((e, RDF.type, NIF.RFC5147String))
        g.add((e, NIF.referenceContext, a))
        g.add((e, NIF.beginIndex, Literal(obs.start, datatype=XSD.nonNegativeInteger)))
        g.add((e, NIF.endIndex, Literal(obs.end, datatype=XSD.nonNegativeInteger)))
        g.add((e, NIF.anchorOf, Literal(obs.quote)))
        g.add((e, MSKG.reportedValue, _decimal(obs.value)))
        g.add((e, MSKG.qualifier, iris.qualifier(obs.qualifier)))
        g.add((e, SDMX_ATTR.unitMeasure, URIRef(obs.unit_iri)))
        o = iris.observation(obs.region, obs.indicator, obs.period, obs.status)
        g.add((o, RDF.type, MSKG.Observation))
        g.add((o, RDF.type, QB.Observation))
        g.add((o, QB.dataSet, DATASET))
        g.add((o, SDMX_DIM.refArea, iris.region(obs.region)))
        g.add((o, SDMX_DIM.refPeriod, iris.period(obs.period)))
        g.add((o, MSKG.indicator, iris.indicator(obs.indicator)))
        g.add((o, MSKG.status, iris.status(obs.status)))
        g.add((o, PROV.wasDerivedFrom, e))
        if str(o) in items:
            g.add((o, MSKG.programItem, items[str(o)]))
        _period(g, obs.period)
        if obs.provisional:
            _provisional(g, obs.indicator, obs.indicator_label, obs.unit_iri)
    for program in article.extraction.programs:
        _program(g, program, a)
    return g


def program_items(article: Article) -> dict[str, URIRef]:
    """Each observation's program item, at most one: the item whose section
    holds the evidence the article's value of the observation comes from (its
    preferred report, as merging prefers). Figures of several items can share
    an observation (e.g. each item's completion rate), so the item of any
    other report would contradict the value."""
    linked = {(str(iris.observation(o.region, o.indicator, o.period, o.status)),
               str(iris.evidence(article.iri, o.start, o.end))): o.program_item
              for o in article.extraction.observations}
    items = {}
    for observation in merge(reports(article)):
        item = linked[(observation.iri, observation.preferred.evidence)]
        if item:
            region, year, title = item.split("/", 2)
            items[observation.iri] = iris.program_item(region, int(year), title)
    return items


def _program(g: Graph, program, article_iri: URIRef) -> None:
    p = iris.program(program.region, program.year)
    g.add((p, RDF.type, MSKG.LivelihoodProgram))
    g.add((p, RDFS.label, Literal(program.label, lang="zh")))
    g.add((p, MSKG.programRegion, iris.region(program.region)))
    g.add((p, MSKG.programYear, Literal(str(program.year), datatype=XSD.gYear)))
    g.add((p, PROV.wasDerivedFrom, article_iri))
    if program.adopted_on:
        g.add((p, DCTERMS.issued, Literal(program.adopted_on, datatype=XSD.date)))
    if program.adopted_by:
        g.add((p, MSKG.adoptedBy, Literal(program.adopted_by, lang="zh")))
    for item in program.items:
        i = iris.program_item(program.region, program.year, item.title)
        g.add((p, MSKG.hasItem, i))
        g.add((i, RDF.type, MSKG.ProgramItem))
        g.add((i, RDFS.label, Literal(item.title, lang="zh")))
        if item.number:
            g.add((i, MSKG.itemNumber, Literal(item.number, datatype=XSD.positiveInteger)))


def observations_graph(merged: list[MergedObservation]) -> Graph:
    """The published value of each observation (the preferred report's value,
    unit and qualifier) and a conflict wherever reports disagree."""
    g = Graph(identifier=OBSERVATIONS_GRAPH)
    for m in merged:
        o = URIRef(m.iri)
        best = m.preferred
        g.add((o, SDMX_MEASURE.obsValue, _decimal(best.value)))
        g.add((o, SDMX_ATTR.unitMeasure, URIRef(best.unit)))
        g.add((o, MSKG.qualifier, iris.qualifier(best.qualifier)))
        g.add((o, PROV.wasDerivedFrom, URIRef(best.evidence)))  # the report whose value is published
        if m.in_conflict:
            c = URIRef(f"{o}/conflict")
            g.add((c, RDF.type, MSKG.Conflict))
            g.add((c, MSKG.conflictOf, o))
            for report in m.reports:
                g.add((c, MSKG.reportedIn, URIRef(report.evidence)))
    return g


def _period(g: Graph, period: str) -> None:
    node = iris.period(period)
    instant = re.fullmatch(r"\d{4}-\d{2}-\d{2}", period)
    g.add((node, RDF.type, TIME.Instant if instant else TIME.ProperInterval))
    g.add((node, SKOS.notation, Literal(period)))
    g.add((node, RDFS.label, Literal(period)))


def _provisional(g: Graph, slug: str, label: str, unit_iri: str) -> None:
    node = iris.indicator(slug)
    g.add((node, RDF.type, MSKG.Indicator))
    g.add((node, RDF.type, SKOS.Concept))
    g.add((node, SKOS.prefLabel, Literal(label, lang="zh")))
    g.add((node, SKOS.inScheme, INDICATOR_SCHEME))
    g.add((node, SKOS.inScheme, PROVISIONAL_SCHEME))
    g.add((node, SKOS.editorialNote, Literal("Provisional: named from the article's own phrase; "
                                             "not yet in the curated scheme.", lang="en")))
    g.add((node, MSKG.unit, URIRef(unit_iri)))


def corpus_graph(articles: list[Article]) -> tuple[Dataset, list[MergedObservation]]:
    """All articles as named graphs plus the merged observations graph."""
    merged = merge([r for a in articles for r in reports(a)])
    dataset = bind_all(Dataset(default_union=True))
    for article in sorted(articles, key=lambda a: a.file):
        named = dataset.graph(article.iri)
        for triple in article_graph(article):
            named.add(triple)
    observations = dataset.graph(OBSERVATIONS_GRAPH)
    for triple in observations_graph(merged):
        observations.add(triple)
    return dataset, merged
