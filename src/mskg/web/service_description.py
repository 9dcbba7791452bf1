"""The SPARQL 1.1 Service Description of the endpoint (https://www.w3.org/TR/sparql11-service-description/)."""

from __future__ import annotations

from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, Triple

from mskg.web.negotiation import GRAPH_FORMATS, RESULT_FORMATS, Format

SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
DATASET = NamedNode("https://w3id.org/mskg/id/dataset")
PREFIXES = {"sd": SD, "void": VOID, "formats": "http://www.w3.org/ns/formats/",
            "dcterms": "http://purl.org/dc/terms/"}


def _sd(name: str) -> NamedNode:
    return NamedNode(SD + name)


def describe(endpoint: str, *, update: bool) -> list[Triple]:
    """The triples describing the endpoint served at the IRI endpoint.

    They name the endpoint, the languages it takes (SPARQL 1.1 Update only when
    updates are enabled), every result format it writes, the union default
    graph, and the dataset it serves: mskg's VoID description
    `https://w3id.org/mskg/id/dataset`."""
    service, default_graph = BlankNode(), BlankNode()
    endpoint_iri = NamedNode(endpoint)
    triples = [
        Triple(service, RDF_TYPE, _sd("Service")),
        Triple(service, _sd("endpoint"), endpoint_iri),
        Triple(service, NamedNode("http://purl.org/dc/terms/title"),
               Literal("mskg: Minsheng Statistical Knowledge Graph SPARQL endpoint", language="en")),
        Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Query")),
        Triple(service, _sd("feature"), _sd("UnionDefaultGraph")),
        Triple(service, _sd("defaultEntailmentRegime"), NamedNode("http://www.w3.org/ns/entailment/Simple")),
        Triple(service, _sd("defaultDataset"), DATASET),
        Triple(DATASET, RDF_TYPE, _sd("Dataset")),
        Triple(DATASET, RDF_TYPE, NamedNode(VOID + "Dataset")),
        Triple(DATASET, NamedNode(VOID + "sparqlEndpoint"), endpoint_iri),
        Triple(DATASET, _sd("defaultGraph"), default_graph),
        Triple(default_graph, RDF_TYPE, _sd("Graph")),
    ]
    if update:
        triples.append(Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Update")))
    for fmt in RESULT_FORMATS + GRAPH_FORMATS:
        triples.append(Triple(service, _sd("resultFormat"), NamedNode(_format_iri(fmt))))
    return triples


def _format_iri(fmt: Format) -> str:
    """The format's IRI in the W3C registry (pyoxigraph gives JSON-LD an unregistered one)."""
    if fmt.rdf == RdfFormat.JSON_LD:
        return "http://www.w3.org/ns/formats/JSON-LD"
    return (fmt.results or fmt.rdf).iri
