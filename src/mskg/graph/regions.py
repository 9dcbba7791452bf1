"""The gazetteer as RDF: regions with codes, levels, names, parents and links;
a division no longer in the current GB/T 2260 table is owl:deprecated, linked
to its successor by dcterms:isReplacedBy (and the successor back by
dcterms:replaces)."""

from __future__ import annotations

from decimal import Decimal

from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, OWL, RDF, SKOS, XSD

from mskg.graph import iris
from mskg.namespaces import GEO, ID, MSKG, WD, bind_all
from mskg.reference import names
from mskg.reference.regions import Region

REGION_SCHEME = ID["scheme/regions"]


def _labels(graph: Graph, node, region: Region) -> None:
    graph.add((node, SKOS.prefLabel, Literal(region.name, lang="zh")))
    graph.add((node, SKOS.prefLabel, Literal(region.label_en or names.english(region.name), lang="en")))
    graph.add((node, SKOS.prefLabel,
               Literal(region.label_pinyin or names.pinyin(region.name), lang="zh-Latn-pinyin")))


def region_triples(graph: Graph, region: Region) -> None:
    """Add one region's description to `graph`."""
    node = iris.region(region.code)
    graph.add((node, RDF.type, MSKG.Region))
    graph.add((node, RDF.type, SKOS.Concept))  # a code of the refArea code list (Data Cube IC-19)
    graph.add((node, SKOS.inScheme, REGION_SCHEME))
    graph.add((node, SKOS.notation, Literal(region.code)))
    _labels(graph, node, region)
    if region.is_grouping:
        graph.add((node, RDF.type, MSKG.CompositeArea))
        for member in region.members:
            graph.add((node, MSKG.memberRegion, iris.region(member)))
    else:
        graph.add((node, RDF.type, MSKG.AdministrativeDivision))
        graph.add((node, MSKG.level, iris.level(region.level)))
    if region.parent:
        graph.add((node, MSKG.parent, iris.region(region.parent)))
    if region.lat is not None and region.lon is not None:
        graph.add((node, GEO.lat, Literal(Decimal(str(region.lat)), datatype=XSD.decimal)))
        graph.add((node, GEO.long, Literal(Decimal(str(region.lon)), datatype=XSD.decimal)))
    if region.qid:
        graph.add((node, SKOS.exactMatch, WD[region.qid]))
    for former in region.former_names:
        graph.add((node, SKOS.altLabel, Literal(former, lang="zh")))
    if not region.current:
        graph.add((node, OWL.deprecated, Literal(True)))
    if region.replaced_by:
        graph.add((node, DCTERMS.isReplacedBy, iris.region(region.replaced_by)))
    for code in region.replaces:
        graph.add((node, DCTERMS.replaces, iris.region(code)))


def regions_graph(regions: dict[str, Region]) -> Graph:
    """All regions, plus the region concept scheme, as one graph."""
    graph = bind_all(Graph())
    graph.add((REGION_SCHEME, RDF.type, SKOS.ConceptScheme))
    graph.add((REGION_SCHEME, SKOS.prefLabel, Literal("中国行政区划", lang="zh")))
    graph.add((REGION_SCHEME, SKOS.prefLabel, Literal("Administrative divisions of China", lang="en")))
    for code in sorted(regions):
        region_triples(graph, regions[code])
    return graph
