"""Exports: the tidy CSV of observations, and the whole graph as RDF dumps."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import TextIO

import pyoxigraph

from mskg import paths
from mskg.store.base import Store

CSV_COLUMNS = ["observation", "file", "region_code", "region_label", "indicator", "indicator_label",
               "period", "value", "unit", "status", "quote", "start", "end"]
RDF_FORMATS = {
    "ttl": pyoxigraph.RdfFormat.TURTLE,
    "trig": pyoxigraph.RdfFormat.TRIG,
    "nq": pyoxigraph.RdfFormat.N_QUADS,
    "nt": pyoxigraph.RdfFormat.N_TRIPLES,
    "rdfxml": pyoxigraph.RdfFormat.RDF_XML,
    "jsonld": pyoxigraph.RdfFormat.JSON_LD,
}
PREFIXES = {
    "mskg": "https://w3id.org/mskg/ontology#", "id": "https://w3id.org/mskg/id/",
    "qb": "http://purl.org/linked-data/cube#", "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#", "dcterms": "http://purl.org/dc/terms/",
    "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    "sdmx-dimension": "http://purl.org/linked-data/sdmx/2009/dimension#",
    "sdmx-measure": "http://purl.org/linked-data/sdmx/2009/measure#",
    "sdmx-attribute": "http://purl.org/linked-data/sdmx/2009/attribute#",
    "xsd": "http://www.w3.org/2001/XMLSchema#", "schema": "https://schema.org/",
}


def observations_csv(store: Store) -> str:
    """One row per observation, the columns of CSV_COLUMNS first (queries/observations.rq)."""
    out = io.StringIO()
    write_observations_csv(store.select(observations_query()), out)
    return out.getvalue()


def observations_query() -> str:
    """The query of the tidy CSV (queries/observations.rq)."""
    return (paths.QUERIES / "observations.rq").read_text(encoding="utf-8")


def write_observations_csv(rows: Iterable[dict[str, str | None]], out: TextIO) -> None:
    """Write the tidy CSV of rows (lexical values by column name) to out."""
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({column: row.get(column) or "" for column in CSV_COLUMNS})


def rdf(store: Store, fmt: str) -> bytes:
    """The whole store in an RDF format: ttl and nt merge the graphs, trig and nq keep them."""
    quads = list(pyoxigraph.parse(store.dump(), format=pyoxigraph.RdfFormat.N_QUADS))
    target = RDF_FORMATS[fmt]
    if not target.supports_datasets:
        triples = sorted({pyoxigraph.Triple(q.subject, q.predicate, q.object) for q in quads}, key=str)
        return pyoxigraph.serialize(triples, format=target, prefixes=PREFIXES) or b""
    return pyoxigraph.serialize(sorted(quads, key=str), format=target, prefixes=PREFIXES) or b""
