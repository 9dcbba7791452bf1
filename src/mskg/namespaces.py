"""The RDF namespaces mskg publishes and reuses (see docs/design.md)."""

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, TIME

MSKG = Namespace("https://w3id.org/mskg/ontology#")
ID = Namespace("https://w3id.org/mskg/id/")
QB = Namespace("http://purl.org/linked-data/cube#")
SDMX_DIM = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
SDMX_MEASURE = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
SDMX_ATTR = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
SCHEMA = Namespace("https://schema.org/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
UNIT = Namespace("http://qudt.org/vocab/unit/")
QUDT = Namespace("http://qudt.org/schema/qudt/")
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
WD = Namespace("http://www.wikidata.org/entity/")
VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")

PREFIXES = {
    "mskg": MSKG,
    "id": ID,
    "qb": QB,
    "sdmx-dimension": SDMX_DIM,
    "sdmx-measure": SDMX_MEASURE,
    "sdmx-attribute": SDMX_ATTR,
    "schema": SCHEMA,
    "nif": NIF,
    "unit": UNIT,
    "qudt": QUDT,
    "geo": GEO,
    "wd": WD,
    "void": VOID,
    "dcat": DCAT,
    "skos": SKOS,
    "prov": PROV,
    "dcterms": DCTERMS,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "time": TIME,
}


def bind_all(graph):
    """Bind every mskg prefix on an rdflib graph and return it."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
    return graph
