"""The dataset's description of itself: VoID and DCAT, in its own named graph.

Title, licence, sources (every article), counts (triples, observations,
regions, indicators, programs, articles, conflicts), example resources, the
SPARQL endpoint and the dump files. Everything in it is derived from the
store's content (no build timestamps), so the same data gives the same
description.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

import pyoxigraph
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, XSD

from mskg.graph.terms import Triple
from mskg.namespaces import DCAT, ID, MSKG, QB, VOID, bind_all
from mskg.store.base import Store

DATASET = ID["dataset"]
DESCRIPTION_GRAPH = ID["graph/dataset"]
SITE = "https://w3id.org/mskg/"
LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")
EXAMPLES = (ID["region/654300"], ID["indicator/urban-new-jobs"], ID["obs/654300/urban-new-jobs/2023/actual"])
DUMPS = {"mskg.trig": "application/trig", "mskg.ttl": "text/turtle",
         "mskg.jsonld": "application/ld+json", "observations.csv": "text/csv"}

COUNTS = {
    "observations": "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?o a mskg:Observation }",
    "regions": "SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r a mskg:Region }",
    "indicators": "SELECT (COUNT(DISTINCT ?i) AS ?n) WHERE { ?i a mskg:Indicator }",
    "programs": "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a mskg:LivelihoodProgram }",
    "articles": "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a mskg:SourceArticle }",
    "conflicts": "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a mskg:Conflict }",
}
PREFIXES = "PREFIX mskg: <https://w3id.org/mskg/ontology#>\nPREFIX dcterms: <http://purl.org/dc/terms/>\n"
CLASSES = {"observations": MSKG.Observation, "regions": MSKG.Region, "indicators": MSKG.Indicator,
           "programs": MSKG.LivelihoodProgram, "articles": MSKG.SourceArticle, "conflicts": MSKG.Conflict}


def counts(store: Store) -> dict[str, int]:
    """What the store holds: observations, regions, indicators, programs, articles, conflicts, triples."""
    result = {name: int(store.select(PREFIXES + query)[0]["n"] or 0) for name, query in COUNTS.items()}
    per_graph = store.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    result["triples"] = sum(int(row["n"]) for row in per_graph  # 5x faster than a FILTER on every quad
                            if row["g"].startswith(SITE) and row["g"] != str(DESCRIPTION_GRAPH))
    return result


def stored_counts(store: Store) -> dict[str, int] | None:
    """The counts the store's current description states, or None if it has none."""
    rows = store.select(f"""PREFIX void: <{VOID}>
        SELECT ?name ?n WHERE {{ GRAPH <{DESCRIPTION_GRAPH}> {{
          {{ <{DATASET}> void:triples ?n BIND("triples" AS ?name) }} UNION
          {{ <{DATASET}> void:classPartition ?p . ?p void:entities ?n
             BIND(STRAFTER(STR(?p), "/dataset/class/") AS ?name) }} }} }}""")
    numbers = {row["name"]: int(row["n"]) for row in rows}
    return numbers if set(numbers) == set(CLASSES) | {"triples"} else None


def description(store: Store, endpoint: str = SITE + "sparql") -> Graph:
    """The VoID/DCAT description of what `store` holds now (ingest and remove
    change it in place with `update_operations` instead)."""
    sources = [row["a"] for row in store.select(PREFIXES + "SELECT ?a WHERE { ?a a mskg:SourceArticle }")]
    latest = store.select(PREFIXES + "SELECT (MAX(STR(?d)) AS ?latest) WHERE { ?a a mskg:SourceArticle ; "
                          "dcterms:issued ?d }")
    return description_of(counts(store), sources, latest[0]["latest"] if latest else None, endpoint)


@dataclass
class Tally:
    """What some triples hold, as the description counts it (the counterpart of
    `counts` for data not yet in a store): the subjects typed with each counted
    class, and every subject's dcterms:issued values."""

    typed: dict[str, set[str]] = field(default_factory=lambda: {name: set() for name in CLASSES})
    issued: dict[str, set[str]] = field(default_factory=dict)

    def add(self, other: "Tally") -> "Tally":
        """Add another tally's subjects and dates to this one."""
        for name, subjects in other.typed.items():
            self.typed[name] |= subjects
        for subject, dates in other.issued.items():
            self.issued.setdefault(subject, set()).update(dates)
        return self

    def numbers(self, triples: int) -> dict[str, int]:
        """The counts `counts` gives for a store holding what was tallied, and `triples` triples."""
        return {**{name: len(subjects) for name, subjects in self.typed.items()}, "triples": triples}

    def latest(self) -> str | None:
        """The most recent dcterms:issued of a source article, as `description` finds it."""
        return max((d for a in self.typed["articles"] for d in self.issued.get(a, ())), default=None)


_TYPE = pyoxigraph.NamedNode(str(RDF.type))
_ISSUED = pyoxigraph.NamedNode(str(DCTERMS.issued))
_COUNTED = {pyoxigraph.NamedNode(str(cls)): name for name, cls in CLASSES.items()}
TALLIED = tuple(str(p).encode("utf-8") for p in (_TYPE, _ISSUED))  # the predicates `tally` reads, as N-Triples


def tally(triples: Iterable[Triple]) -> Tally:
    """The Tally of these triples (pyoxigraph terms, as graph/terms.py makes them).
    A subject is named by its IRI, or by its N-Triples form if it is a blank node."""
    result = Tally()
    for s, p, o in triples:
        if p == _TYPE:
            name = _COUNTED.get(o)
            if name is not None:
                result.typed[name].add(_subject_name(s))
        elif p == _ISSUED:
            result.issued.setdefault(_subject_name(s), set()).add(o.value)
    return result


def _subject_name(subject: pyoxigraph.NamedNode | pyoxigraph.BlankNode) -> str:
    return subject.value if isinstance(subject, pyoxigraph.NamedNode) else str(subject)


def description_of(numbers: dict[str, int], sources: Iterable[str], latest: str | None,
                   endpoint: str = SITE + "sparql") -> Graph:
    """The VoID/DCAT description of a dataset with these counts (as `counts`
    gives them), source articles (IRIs) and latest publication date."""
    g = bind_all(Graph(identifier=DESCRIPTION_GRAPH))
    for kind in (VOID.Dataset, DCAT.Dataset, QB.DataSet):
        g.add((DATASET, RDF.type, kind))
    g.add((DATASET, QB.structure, MSKG.LivelihoodStructure))
    g.add((DATASET, DCTERMS.title, Literal("mskg: Minsheng Statistical Knowledge Graph", lang="en")))
    g.add((DATASET, DCTERMS.title, Literal("民生统计知识图谱", lang="zh")))
    g.add((DATASET, DCTERMS.description, Literal(
        "Statistics of Chinese regions' yearly livelihood projects (十件民生实事), extracted from news "
        "articles, each traceable to the sentence and characters it came from.", lang="en")))
    g.add((DATASET, DCTERMS.license, LICENSE))
    g.add((DATASET, FOAF.homepage, URIRef(SITE)))
    g.add((DATASET, VOID.sparqlEndpoint, URIRef(endpoint)))
    g.add((DATASET, VOID.uriSpace, Literal(str(ID))))
    g.add((DATASET, VOID.triples, Literal(numbers["triples"], datatype=XSD.integer)))
    g.add((DATASET, VOID.entities, Literal(sum(numbers[k] for k in CLASSES), datatype=XSD.integer)))
    for name, cls in CLASSES.items():
        partition = ID[f"dataset/class/{name}"]
        g.add((DATASET, VOID.classPartition, partition))
        g.add((partition, VOID["class"], cls))
        g.add((partition, VOID.entities, Literal(numbers[name], datatype=XSD.integer)))
    for vocabulary in ("http://purl.org/linked-data/cube#", "http://www.w3.org/2004/02/skos/core#",
                       "http://www.w3.org/ns/prov#", "http://purl.org/dc/terms/", "https://schema.org/",
                       "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
                       "https://w3id.org/mskg/ontology#"):
        g.add((DATASET, VOID.vocabulary, URIRef(vocabulary)))
    for source in sources:
        g.add((DATASET, DCTERMS.source, URIRef(source)))
    if latest:
        g.add((DATASET, DCTERMS.modified, Literal(latest)))
    for example in EXAMPLES:
        g.add((DATASET, VOID.exampleResource, example))
    for name, media_type in DUMPS.items():
        download = URIRef(f"{SITE}dumps/{name}")
        distribution = ID[f"dataset/distribution/{name.replace('.', '-')}"]
        g.add((DATASET, VOID.dataDump, download))
        g.add((DATASET, DCAT.distribution, distribution))
        g.add((distribution, RDF.type, DCAT.Distribution))
        g.add((distribution, DCAT.downloadURL, download))
        g.add((distribution, DCAT.mediaType, Literal(media_type)))
        g.add((distribution, DCTERMS.license, LICENSE))
    return g


def _replace(subject, predicate, value: Literal | URIRef | None) -> list[str]:
    graph = f"<{DESCRIPTION_GRAPH}>"
    steps = [f"DELETE WHERE {{ GRAPH {graph} {{ {subject.n3()} {predicate.n3()} ?v }} }}"]
    if value is not None:
        steps.append(f"INSERT DATA {{ GRAPH {graph} {{ {subject.n3()} {predicate.n3()} {value.n3()} }} }}")
    return steps


def update_operations(numbers: dict[str, int], removed: list[str], added: list[str],
                      modified: str | None) -> list[str]:
    """SPARQL Update operations that bring the description to `numbers`, its
    sources to those minus `removed` plus `added`, and dcterms:modified to
    `modified`: the same triples `description` would write, at the cost of the
    change (ingest and remove run them in the article's own transaction)."""
    steps = _replace(DATASET, VOID.triples, Literal(numbers["triples"], datatype=XSD.integer))
    steps += _replace(DATASET, VOID.entities, Literal(sum(numbers[k] for k in CLASSES), datatype=XSD.integer))
    for name in CLASSES:
        steps += _replace(ID[f"dataset/class/{name}"], VOID.entities, Literal(numbers[name], datatype=XSD.integer))
    graph = f"<{DESCRIPTION_GRAPH}>"
    for source in removed:
        steps.append(f"DELETE DATA {{ GRAPH {graph} {{ <{DATASET}> <{DCTERMS.source}> <{source}> }} }}")
    for source in added:
        steps.append(f"INSERT DATA {{ GRAPH {graph} {{ <{DATASET}> <{DCTERMS.source}> <{source}> }} }}")
    steps += _replace(DATASET, DCTERMS.modified, Literal(modified) if modified else None)
    return steps


def latest_issued(store: Store, excluded: list[str] = ()) -> str | None:
    """The most recent publication date among the articles, leaving out some graphs."""
    not_in = f"FILTER(?g NOT IN ({', '.join(f'<{g}>' for g in excluded)}))" if excluded else ""
    rows = store.select(PREFIXES + f"SELECT (MAX(STR(?d)) AS ?latest) WHERE {{ GRAPH ?g {{ ?a a mskg:SourceArticle ; "
                        f"dcterms:issued ?d }} {not_in} }}")
    return rows[0]["latest"] if rows and rows[0]["latest"] else None


def latest_issued_without(store: Store, removed: list[str], latest: str | None) -> str | None:
    """latest_issued(store, removed), given `latest`, the latest date with them:
    unchanged unless the removed graphs hold it and no other article does (two
    index lookups; the scan of every article only in that last case)."""
    if not removed or latest is None:
        return latest_issued(store, removed)
    graphs = " ".join(f"<{g}>" for g in removed)
    dates = [row["d"] for row in store.select(PREFIXES + f"SELECT ?d WHERE {{ VALUES ?g {{ {graphs} }} "
                                                         f"GRAPH ?g {{ ?a a mskg:SourceArticle ; dcterms:issued ?d }} }}")]
    if latest not in dates:
        return latest
    same = " ".join(Literal(latest, datatype=t).n3() for t in (XSD.date, XSD.gYearMonth, XSD.gYear))
    not_in = ", ".join(f"<{g}>" for g in removed)
    if store.ask(PREFIXES + f"ASK {{ VALUES ?d {{ {same} }} GRAPH ?g {{ ?a dcterms:issued ?d . "
                            f"?a a mskg:SourceArticle }} FILTER(?g NOT IN ({not_in})) }}"):
        return latest
    return latest_issued(store, removed)


def stored_modified(store: Store) -> str | None:
    """The description's dcterms:modified."""
    rows = store.select(f"SELECT ?m WHERE {{ GRAPH <{DESCRIPTION_GRAPH}> {{ <{DATASET}> <{DCTERMS.modified}> ?m }} }}")
    return rows[0]["m"] if rows else None
