"""Articles, evidence spans, observations, conflicts and programs as RDF.

`article_triples` and `observation_triples` turn extracted articles into the
published graph, as pyoxigraph triples (graph/terms.py): one named graph per
article (its metadata, full text, evidence spans and programs) and one named
graph for the dataset's observations, merged across articles (see merge.py).
`article_graph`, `observations_graph` and `corpus_graph` give the same as
rdflib graphs. Every IRI comes from content (graph/iris.py), so the same
inputs give the same triples whatever the order of the files.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from decimal import Decimal

from pyoxigraph import Literal, NamedNode
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, TIME, XSD

from mskg.extract.pipeline import Extraction
from mskg.graph import iris
from mskg.graph.merge import MergedObservation, Report, merge
from mskg.graph.terms import Triple, rdflib_graph
from mskg.namespaces import ID, MSKG, NIF, QB, SCHEMA, SDMX_ATTR, SDMX_DIM, SDMX_MEASURE, bind_all

DATASET = ID["dataset"]
OBSERVATIONS_GRAPH = ID["graph/observations"]
INDICATOR_SCHEME = ID["scheme/indicators"]
PROVISIONAL_SCHEME = ID["scheme/provisional-indicators"]
NOTE = "Provisional: named from the article's own phrase; not yet in the curated scheme."


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

    @cached_property  # hashing the text again for every evidence span's IRI cost ~1 ms an article
    def content_hash(self) -> str:
        """Hex SHA-256 of the UTF-8 text."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @cached_property
    def iri(self) -> URIRef:
        """The article's IRI, from its content."""
        return iris.article(self.content_hash)


class _V:
    """The IRIs the triples use, as pyoxigraph terms (made once)."""

    def __init__(self):
        n = NamedNode
        self.type, self.label = n(RDF.type), n(RDFS.label)
        self.source, self.news, self.context = n(MSKG.SourceArticle), n(SCHEMA.NewsArticle), n(NIF.Context)
        self.file_name, self.content_hash, self.is_string = n(MSKG.fileName), n(MSKG.contentHash), n(NIF.isString)
        self.title, self.publisher, self.issued, self.url = (n(DCTERMS.title), n(DCTERMS.publisher),
                                                             n(DCTERMS.issued), n(SCHEMA.url))
        self.evidence, self.rfc5147, self.reference_context = n(MSKG.Evidence), n(NIF.RFC5147String), \
            n(NIF.referenceContext)
        self.begin, self.end, self.anchor = n(NIF.beginIndex), n(NIF.endIndex), n(NIF.anchorOf)
        self.reported, self.qualifier, self.unit_measure = (n(MSKG.reportedValue), n(MSKG.qualifier),
                                                            n(SDMX_ATTR.unitMeasure))
        self.observation, self.qb_observation, self.data_set = n(MSKG.Observation), n(QB.Observation), \
            n(QB.dataSet)
        self.ref_area, self.ref_period, self.indicator, self.status = (n(SDMX_DIM.refArea), n(SDMX_DIM.refPeriod),
                                                                       n(MSKG.indicator), n(MSKG.status))
        self.derived, self.program_item = n(PROV.wasDerivedFrom), n(MSKG.programItem)
        self.instant, self.interval, self.notation = n(TIME.Instant), n(TIME.ProperInterval), n(SKOS.notation)
        self.indicator_class, self.concept, self.pref_label = n(MSKG.Indicator), n(SKOS.Concept), \
            n(SKOS.prefLabel)
        self.in_scheme, self.editorial, self.unit = n(SKOS.inScheme), n(SKOS.editorialNote), n(MSKG.unit)
        self.program, self.program_region, self.program_year = (n(MSKG.LivelihoodProgram),
                                                                n(MSKG.programRegion), n(MSKG.programYear))
        self.adopted_by, self.has_item, self.item_class, self.item_number = (
            n(MSKG.adoptedBy), n(MSKG.hasItem), n(MSKG.ProgramItem), n(MSKG.itemNumber))
        self.obs_value, self.conflict, self.conflict_of, self.reported_in = (
            n(SDMX_MEASURE.obsValue), n(MSKG.Conflict), n(MSKG.conflictOf), n(MSKG.reportedIn))
        self.dataset, self.scheme, self.provisional_scheme = (n(DATASET), n(INDICATOR_SCHEME),
                                                              n(PROVISIONAL_SCHEME))
        self.date, self.year_month, self.year = n(XSD.date), n(XSD.gYearMonth), n(XSD.gYear)
        self.decimal, self.non_negative, self.positive, self.any_uri = (
            n(XSD.decimal), n(XSD.nonNegativeInteger), n(XSD.positiveInteger), n(XSD.anyURI))
        self.note = Literal(NOTE, language="en")


V = _V()


def _date(text: str) -> Literal:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return Literal(text, datatype=V.date)
    if re.fullmatch(r"\d{4}-\d{2}", text):
        return Literal(text, datatype=V.year_month)
    return Literal(text[:4], datatype=V.year)


def _decimal(value: Decimal) -> Literal:
    return Literal(format(value.normalize(), "f"), datatype=V.decimal)


def reports(article: Article) -> list[Report]:
    """The article's statements of figures, as merge.Report records."""
    return [Report(iris.observation(o.region, o.indicator, o.period, o.status),
                   iris.evidence(article.iri, o.start, o.end), article.file, article.published,
                   o.value, o.qualifier, o.unit_iri, o.quote)
            for o in article.extraction.observations]


def article_triples(article: Article) -> list[Triple]:
    """The article's own named graph: metadata, text, evidence spans, the
    observations it reports (dimensions and provenance; the published value is
    in the observations graph) and its programs. Each triple once."""
    a = NamedNode(article.iri)
    items = program_items(article)
    out = [(a, V.type, V.source), (a, V.type, V.news), (a, V.type, V.context),
           (a, V.file_name, Literal(article.file)),
           (a, V.content_hash, Literal("sha256:" + article.content_hash)),
           (a, V.is_string, Literal(article.text))]
    if article.title:
        out.append((a, V.title, Literal(article.title, language="zh")))
    if article.publisher:
        out.append((a, V.publisher, Literal(article.publisher, language="zh")))
    if article.published:
        out.append((a, V.issued, _date(article.published)))
    if article.url:
        out.append((a, V.url, Literal(article.url, datatype=V.any_uri)))
    for obs in article.extraction.observations:
        e = NamedNode(iris.evidence(article.iri, obs.start, obs.end))
        out += [(e, V.type, V.evidence), (e, V.type, V.rfc5147), (e, V.reference_context, a),
                (e, V.begin, Literal(str(obs.start), datatype=V.non_negative)),
                (e, V.end, Literal(str(obs.end), datatype=V.non_negative)),
                (e, V.anchor, Literal(obs.quote)), (e, V.reported, _decimal(obs.value)),
                (e, V.qualifier, _node(iris.qualifier(obs.qualifier))),
                (e, V.unit_measure, _node(obs.unit_iri))]
        iri = iris.observation(obs.region, obs.indicator, obs.period, obs.status)
        o = NamedNode(iri)
        out += [(o, V.type, V.observation), (o, V.type, V.qb_observation), (o, V.data_set, V.dataset),
                (o, V.ref_area, _node(iris.region(obs.region))),
                (o, V.ref_period, _node(iris.period(obs.period))),
                (o, V.indicator, _node(iris.indicator(obs.indicator))),
                (o, V.status, _node(iris.status(obs.status))), (o, V.derived, e)]
        if iri in items:
            out.append((o, V.program_item, NamedNode(items[iri])))
        out += _period(obs.period)
        if obs.provisional:
            out += _provisional(obs.indicator, obs.indicator_label, obs.unit_iri)
    for program in article.extraction.programs:
        out += _program(program, a)
    return list(dict.fromkeys(out))


def article_graph(article: Article) -> Graph:
    """article_triples as an rdflib graph named by the article's IRI."""
    return rdflib_graph(article_triples(article), article.iri)


def program_items(article: Article) -> dict[str, URIRef]:
    """Each observation's program item, at most one: the item whose section
    holds the evidence the article's value of the observation comes from (its
    preferred report, as merging prefers). Figures of several items can share
    an observation (e.g. each item's completion rate), so the item of any
    other report would contradict the value."""
    if not any(o.program_item for o in article.extraction.observations):
        return {}  # most articles: no figure in an item's section
    linked = {(iris.observation(o.region, o.indicator, o.period, o.status),
               iris.evidence(article.iri, o.start, o.end)): o.program_item
              for o in article.extraction.observations}
    with_item = {observation for (observation, _), item in linked.items() if item}
    items = {}
    for observation in merge([r for r in reports(article) if r.observation in with_item]):
        item = linked[(observation.iri, observation.preferred.evidence)]
        if item:
            region, year, title = item.split("/", 2)
            items[observation.iri] = iris.program_item(region, int(year), title)
    return items


def _program(program, article: NamedNode) -> list[Triple]:
    p = NamedNode(iris.program(program.region, program.year))
    out = [(p, V.type, V.program), (p, V.label, Literal(program.label, language="zh")),
           (p, V.program_region, NamedNode(iris.region(program.region))),
           (p, V.program_year, Literal(str(program.year), datatype=V.year)), (p, V.derived, article)]
    if program.adopted_on:
        out.append((p, V.issued, Literal(program.adopted_on, datatype=V.date)))
    if program.adopted_by:
        out.append((p, V.adopted_by, Literal(program.adopted_by, language="zh")))
    for item in program.items:
        i = NamedNode(iris.program_item(program.region, program.year, item.title))
        out += [(p, V.has_item, i), (i, V.type, V.item_class), (i, V.label, Literal(item.title, language="zh"))]
        if item.number:
            out.append((i, V.item_number, Literal(str(item.number), datatype=V.positive)))
    return out


def observation_triples(merged: list[MergedObservation]) -> list[Triple]:
    """The published value of each observation (the preferred report's value,
    unit and qualifier) and a conflict wherever reports disagree. Each triple once."""
    out = []
    for m in merged:
        o = NamedNode(m.iri)
        best = m.preferred
        out += [(o, V.obs_value, _decimal(best.value)), (o, V.unit_measure, NamedNode(best.unit)),
                (o, V.qualifier, NamedNode(iris.qualifier(best.qualifier))),
                (o, V.derived, NamedNode(best.evidence))]  # the report whose value is published
        if m.in_conflict:
            c = NamedNode(f"{m.iri}/conflict")
            out += [(c, V.type, V.conflict), (c, V.conflict_of, o)]
            out += [(c, V.reported_in, NamedNode(report.evidence)) for report in m.reports]
    return list(dict.fromkeys(out))


def observations_graph(merged: list[MergedObservation]) -> Graph:
    """observation_triples as an rdflib graph named by OBSERVATIONS_GRAPH."""
    return rdflib_graph(observation_triples(merged), OBSERVATIONS_GRAPH)


@lru_cache(maxsize=100_000)  # regions, periods, indicators, units and codes recur in every article
def _node(iri: str) -> NamedNode:
    return NamedNode(iri)


@lru_cache(maxsize=100_000)
def _period(period: str) -> tuple[Triple, ...]:
    node = NamedNode(iris.period(period))
    instant = re.fullmatch(r"\d{4}-\d{2}-\d{2}", period)
    return ((node, V.type, V.instant if instant else V.interval), (node, V.notation, Literal(period)),
            (node, V.label, Literal(period)))


def _provisional(slug: str, label: str, unit_iri: str) -> list[Triple]:
    node = NamedNode(iris.indicator(slug))
    return [(node, V.type, V.indicator_class), (node, V.type, V.concept),
            (node, V.pref_label, Literal(label, language="zh")), (node, V.in_scheme, V.scheme),
            (node, V.in_scheme, V.provisional_scheme), (node, V.editorial, V.note),
            (node, V.unit, NamedNode(unit_iri))]


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
