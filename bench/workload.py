"""The standard workload: the example queries of queries/, the six bench queries of bench/queries/
(filled with parameters picked from the store itself) and the entity routes.

Parameters are picked by SPARQL over the store (a read-only handle), ordered
by counts and then by IRI, so the same store always gives the same workload:
the region with the most observations, its most observed indicator (a time
series) and that series' first observation; the (province, indicator, year)
with the most prefecture observations; a label search for the region's
name without its last character.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "queries"
BENCH_QUERIES = Path(__file__).resolve().parent / "queries"
SKIPPED = {"regions-wikidata.rq": "SERVICE to Wikidata: needs the web (mskg refuses it unless --allow-service)"}
ID = "https://w3id.org/mskg/id/"

PICK_REGION = """
PREFIX sdmx-dimension: <http://purl.org/linked-data/sdmx/2009/dimension#>
PREFIX sdmx-measure: <http://purl.org/linked-data/sdmx/2009/measure#>
SELECT ?region (COUNT(?observation) AS ?n) WHERE {
  GRAPH <https://w3id.org/mskg/id/graph/observations> { ?observation sdmx-measure:obsValue ?value }
  GRAPH ?article { ?observation sdmx-dimension:refArea ?region }
  FILTER(?article != <https://w3id.org/mskg/id/graph/observations>)
} GROUP BY ?region ORDER BY DESC(?n) ?region LIMIT 1"""
PICK_SERIES = """
PREFIX mskg: <https://w3id.org/mskg/ontology#>
PREFIX sdmx-dimension: <http://purl.org/linked-data/sdmx/2009/dimension#>
SELECT ?indicator (COUNT(DISTINCT ?observation) AS ?n) (MIN(STR(?observation)) AS ?first) WHERE {
  ?observation sdmx-dimension:refArea <%s> ; mskg:indicator ?indicator .
} GROUP BY ?indicator ORDER BY DESC(?n) ?indicator LIMIT 1"""
PICK_PROVINCE = """
PREFIX mskg: <https://w3id.org/mskg/ontology#>
PREFIX sdmx-dimension: <http://purl.org/linked-data/sdmx/2009/dimension#>
SELECT ?province ?indicator ?period (COUNT(DISTINCT ?observation) AS ?n) WHERE {
  ?prefecture mskg:level <https://w3id.org/mskg/id/code/level/prefecture> ; mskg:parent ?province .
  ?observation sdmx-dimension:refArea ?prefecture ; mskg:indicator ?indicator ;
               sdmx-dimension:refPeriod ?period .
} GROUP BY ?province ?indicator ?period ORDER BY DESC(?n) ?province ?indicator ?period LIMIT 1"""
LABEL = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?label WHERE { <%s> skos:prefLabel ?label FILTER(LANG(?label) = "zh") }"""


@dataclass(frozen=True)
class Query:
    """One query of the workload: its name, text and whether it gives RDF (CONSTRUCT) or solutions."""

    name: str
    text: str
    graph: bool = False

    @property
    def accept(self) -> str:
        return "application/n-triples" if self.graph else "application/sparql-results+json"


@dataclass(frozen=True)
class Route:
    """One entity route of mskg (HTML page or JSON lookup)."""

    name: str
    path: str
    accept: str


def _one(store: ox.Store, query: str) -> ox.QuerySolution:
    rows = list(store.query(query, use_default_graph_as_union=True))
    if not rows:
        raise SystemExit(f"the store has no data for the workload's picks:\n{query}")
    return rows[0]


def pick(store_path: str) -> dict[str, str]:
    """The workload's parameters for one store (deterministic: counts, then IRIs)."""
    store = ox.Store.read_only(store_path)
    region = _one(store, PICK_REGION)["region"].value
    series = _one(store, PICK_SERIES % region)
    province = _one(store, PICK_PROVINCE)
    label = _one(store, LABEL % region)["label"].value
    return {"region": region, "region_code": region.rsplit("/", 1)[1], "indicator": series["indicator"].value,
            "observation": series["first"].value, "province": province["province"].value,
            "province_indicator": province["indicator"].value, "period": province["period"].value,
            "needle": label[:-1] if len(label) > 2 else label}


def queries(params: dict[str, str]) -> list[Query]:
    """The standard queries: bench/queries/*.rq filled in, then queries/*.rq as they are (except
    SKIPPED). The six come first: rdflib-endpoint is restarted after a query it cannot finish, a
    limited number of times, and most of those are among the examples."""
    out = []
    for path in sorted(BENCH_QUERIES.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        if path.stem in ("prefectures-of-province", "province-aggregate"):
            text = string.Template(text).substitute(params, indicator=params["province_indicator"])
        else:
            text = string.Template(text).substitute(params)
        out.append(Query("bench/" + path.stem, text, _is_graph(text)))
    for path in sorted(EXAMPLES.glob("*.rq")):
        if path.name not in SKIPPED:
            text = path.read_text(encoding="utf-8")
            out.append(Query(path.stem, text, _is_graph(text)))
    return out


def routes(params: dict[str, str]) -> list[Route]:
    """mskg's entity page (HTML) and JSON lookup of the picked region and observation."""
    observation = params["observation"].removeprefix(ID + "obs/")
    return [Route("region page", f"/id/region/{params['region_code']}", "text/html"),
            Route("region JSON", f"/api/entity/region/{params['region_code']}", "application/json"),
            Route("observation page", f"/id/obs/{observation}", "text/html"),
            Route("observation JSON", f"/api/entity/obs/{observation}", "application/json")]


def _is_graph(text: str) -> bool:
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith(("#", "PREFIX")))
    return body.lstrip().upper().startswith(("CONSTRUCT", "DESCRIBE"))
