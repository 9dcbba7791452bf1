"""The reads behind the JSON API's listings: observations by filter, a region with its children,
indicators, topics. Each returns plain rows (dicts of str, int or float) the API serialises.

Every value taken from a request is a bound term (mskg.web.reads); what varies
in a query's text is only which fixed patterns it has (a filter the request
uses), the page's LIMIT and OFFSET, which are validated integers, and VALUES
blocks of IRIs read from the store (the regions under a region, the
observations of a page), written by pyoxigraph as reads.with_values writes them.
Oxigraph joins a property path (`mskg:parent*`) with the observations by
reading all of them (minutes at 10^6 observations), a VALUES block by
looking each region up (under a second). The union
default graph repeats a triple once per graph that holds it (an observation's
dimensions are in each article reporting it, a period's notation in every
article of that period), so the queries are DISTINCT and read a period's ISO
notation from its IRI (id:period/{ISO 8601}, `--` for `/`: the shapes check
that the two agree) instead of joining its thousands of copies.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field

import pyoxigraph as ox

from mskg.web.reads import Reader, Row, Term

ID = "https://w3id.org/mskg/id/"
OBSERVATIONS_GRAPH = "<https://w3id.org/mskg/id/graph/observations>"
PREFIXES = """PREFIX mskg: <https://w3id.org/mskg/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX sdmx-dimension: <http://purl.org/linked-data/sdmx/2009/dimension#>
PREFIX sdmx-measure: <http://purl.org/linked-data/sdmx/2009/measure#>
PREFIX sdmx-attribute: <http://purl.org/linked-data/sdmx/2009/attribute#>
"""
OBSERVATION_COLUMNS = ["observation", "file", "region_code", "region_label", "indicator", "indicator_label",
                       "period", "value", "unit", "status", "quote", "start", "end", "qualifier", "article"]
"""mskg.export.CSV_COLUMNS, then the value's qualifier and the article's IRI."""


@dataclass
class ObservationFilter:
    """Which observations to list; None leaves a dimension open."""

    region: str | None = None
    """a region's IRI"""
    include_subregions: bool = False
    indicator: str | None = None
    """an indicator's IRI"""
    topic: str | None = None
    """a topic's IRI"""
    period_from: str | None = None
    """ISO 8601 (YYYY, YYYY-MM or YYYY-MM-DD): periods starting no earlier, at that precision"""
    period_to: str | None = None
    """periods ending no later, at that precision"""
    status: str | None = None
    bindings: dict[str, Term] = field(init=False)
    areas: list[ox.NamedNode] | None = field(init=False, default=None)
    """the region and the regions under it, once read (include_subregions)"""

    def __post_init__(self) -> None:
        named = {"area": None if self.include_subregions else self.region,
                 "indicator_iri": self.indicator, "topic": self.topic,
                 "status_iri": ID + f"code/status/{self.status}" if self.status else None}
        self.bindings = {name: ox.NamedNode(iri) for name, iri in named.items() if iri}
        for name in ("period_from", "period_to"):
            if getattr(self, name):
                self.bindings[name] = ox.Literal(getattr(self, name))

    def read_areas(self, reader: Reader) -> None:
        """Read the regions under the region (at any depth) when the filter includes them."""
        if self.include_subregions and self.region and self.areas is None:
            rows = reader.select(PREFIXES + "SELECT DISTINCT ?area ?region WHERE { ?area mskg:parent* ?region }",
                                 region=ox.NamedNode(self.region))
            self.areas = sorted((row["area"] for row in rows), key=str)

    def patterns(self) -> str:
        """The graph patterns selecting the observations: one per dimension filtered on (each
        is repeated in every article reporting the observation, so each one more multiplies the
        rows to go through), or every observation with a published value."""
        text = ""
        if self.areas is not None:
            text = "\n  VALUES ?area { " + " ".join(map(str, self.areas)) + " }"
        if self.region:
            text += "\n  ?observation sdmx-dimension:refArea ?area ."
        if self.indicator or self.topic:
            text += "\n  ?observation mskg:indicator ?indicator_iri ."
        if self.topic:
            text += "\n  ?indicator_iri mskg:topic ?topic ."
        if self.status:
            text += "\n  ?observation mskg:status ?status_iri ."
        if self.period_from or self.period_to:
            text += "\n  ?observation sdmx-dimension:refPeriod ?period_iri ." + PERIOD
        if self.period_from:
            text += """
  FILTER(SUBSTR(IF(CONTAINS(?period, "/"), STRBEFORE(?period, "/"), ?period), 1, STRLEN(?period_from))
         >= ?period_from)"""
        if self.period_to:
            text += """
  FILTER(SUBSTR(IF(CONTAINS(?period, "/"), STRAFTER(?period, "/"), ?period), 1, STRLEN(?period_to))
         <= ?period_to)"""
        return text or f"\n  GRAPH {OBSERVATIONS_GRAPH} {{ ?observation sdmx-measure:obsValue ?value }}"

    def projected(self) -> str:
        """The bound variables, which a SELECT must project."""
        return " ".join(f"?{name}" for name in self.bindings)


DIMENSIONS = """
  ?observation sdmx-dimension:refArea ?area ;
               mskg:indicator ?indicator_iri ;
               mskg:status ?status_iri ;
               sdmx-dimension:refPeriod ?period_iri ."""
PERIOD = """
  BIND(REPLACE(STRAFTER(STR(?period_iri), "https://w3id.org/mskg/id/period/"), "--", "/") AS ?period)"""
"""A period's ISO notation, from its IRI; last in a group, since a BIND ends the patterns Oxigraph
joins by looking each one up (the patterns after it it would evaluate alone)."""
DETAILS = PREFIXES + f"""SELECT DISTINCT ?observation ?area ?notation ?region_label ?indicator_iri ?indicator_label
       ?period ?value ?unit_iri ?status_iri ?qualifier_iri ?article ?file ?quote ?start ?end
WHERE {{
  VALUES ?observation {{ {{observations}} }}{DIMENSIONS}
  GRAPH {OBSERVATIONS_GRAPH} {{
    ?observation sdmx-measure:obsValue ?value ; sdmx-attribute:unitMeasure ?unit_iri ;
                 prov:wasDerivedFrom ?evidence .
  }}
  ?evidence nif:anchorOf ?quote ; nif:beginIndex ?start ; nif:endIndex ?end ; nif:referenceContext ?article .
  ?article mskg:fileName ?file .
  OPTIONAL {{ GRAPH {OBSERVATIONS_GRAPH} {{ ?observation mskg:qualifier ?qualifier_iri }} }}
  OPTIONAL {{ ?area skos:notation ?notation }}
  OPTIONAL {{ ?area skos:prefLabel ?region_label FILTER(LANG(?region_label) = "zh") }}
  OPTIONAL {{ ?indicator_iri skos:prefLabel ?indicator_label FILTER(LANG(?indicator_label) = "zh") }}{PERIOD}
}}"""
"""The published value of observations, the evidence span it was taken from (as queries/observations.rq,
which the tidy CSV comes from, reads them) and the labels of their region and indicator."""


def select_observations(reader: Reader, where: ObservationFilter, offset: int, limit: int
                        ) -> tuple[int, list[ox.NamedNode]]:
    """How many observations the filter selects, and those from offset to offset + limit in IRI
    order. One pass over the store's DISTINCT answer, counting it and keeping only the
    offset + limit smallest IRIs: all of them (a million at 10^6 observations) as Python objects
    took 0.7 GB and 30 s; Oxigraph's ORDER BY takes ten times as long as sorting here."""
    where.read_areas(reader)
    query = PREFIXES + f"SELECT DISTINCT ?observation {where.projected()} WHERE {{{where.patterns()}\n}}"
    count = 0

    def counted(terms):
        nonlocal count
        for term in terms:
            count += 1
            yield term.value

    smallest = heapq.nsmallest(offset + limit, counted(reader.column(query, "observation", **where.bindings)))
    return count, [ox.NamedNode(iri) for iri in smallest[offset:]]


def observations(reader: Reader, iris: list[ox.NamedNode]) -> list[dict]:
    """The observations iris (a page of select_observations, in its order), each with its published
    value and the evidence span it was taken from: the columns of OBSERVATION_COLUMNS, plus iri and
    region IRI (DETAILS, the IRIs in a VALUES block)."""
    if not iris:
        return []
    found: dict[str, dict] = {}
    for row in reader.select(DETAILS.replace("{observations}", " ".join(map(str, iris)))):
        found.setdefault(row["observation"].value, _observation(row))
    return [found[iri.value] for iri in iris if iri.value in found]


def _observation(row: Row) -> dict:
    area = row["area"].value
    qualifier = row.get("qualifier_iri")
    return {
        "iri": row["observation"].value,
        "observation": row["observation"].value,
        "region": area,
        "region_code": _text(row, "notation") or area.removeprefix(ID),
        "region_label": _text(row, "region_label"),
        "indicator": row["indicator_iri"].value.removeprefix(ID + "indicator/"),
        "indicator_label": _text(row, "indicator_label"),
        "period": row["period"].value,
        "value": float(row["value"].value),
        "value_text": row["value"].value,
        "unit": row["unit_iri"].value.rsplit("/", 1)[-1],
        "status": row["status_iri"].value.rsplit("/", 1)[-1],
        "qualifier": qualifier.value.rsplit("/", 1)[-1] if qualifier else None,
        "article": row["article"].value,
        "file": row["file"].value,
        "quote": row["quote"].value,
        "start": int(row["start"].value),
        "end": int(row["end"].value),
    }


def _text(row: Row, name: str) -> str | None:
    term = row.get(name)
    return term.value if term is not None else None


REGION = PREFIXES + """SELECT DISTINCT ?region ?p ?o WHERE {
  VALUES ?p { skos:prefLabel skos:notation mskg:level mskg:parent }
  ?region ?p ?o
}"""
CHILDREN = PREFIXES + """SELECT DISTINCT ?region ?child ?notation ?label ?label_en ?level WHERE {
  ?child mskg:parent ?region .
  OPTIONAL { ?child skos:notation ?notation }
  OPTIONAL { ?child skos:prefLabel ?label FILTER(LANG(?label) = "zh") }
  OPTIONAL { ?child skos:prefLabel ?label_en FILTER(LANG(?label_en) = "en") }
  OPTIONAL { ?child mskg:level ?level }
} ORDER BY ?notation ?child"""
REGION_OBSERVATIONS = PREFIXES + """SELECT ?area (COUNT(DISTINCT ?observation) AS ?n) WHERE {
  {areas}
  ?observation sdmx-dimension:refArea ?area .
} GROUP BY ?area"""


def region(reader: Reader, iri: str) -> dict | None:
    """A region: code, labels, level, parent, children and observation counts; None if unknown."""
    this = ox.NamedNode(iri)
    rows = reader.select(REGION, region=this)
    if not rows:
        return None
    found: dict = {"iri": iri, "code": None, "label": None, "label_en": None, "label_pinyin": None,
                   "level": None, "parent": None}
    for row in rows:
        name, value = row["p"].value.rsplit("#", 1)[-1], row["o"]
        if name == "notation":
            found["code"] = value.value
        elif name == "level":
            found["level"] = value.value.rsplit("/", 1)[-1]
        elif name == "parent":
            found["parent"] = value.value
        elif name == "prefLabel":
            key = {"zh": "label", "en": "label_en", "zh-latn-pinyin": "label_pinyin"}.get(value.language.lower())
            if key:
                found[key] = value.value
    found["children"] = [{"iri": row["child"].value, "code": _text(row, "notation"), "label": _text(row, "label"),
                          "label_en": _text(row, "label_en"),
                          "level": row["level"].value.rsplit("/", 1)[-1] if "level" in row else None}
                         for row in reader.select(CHILDREN, region=this)]
    under = ObservationFilter(region=iri, include_subregions=True)
    under.read_areas(reader)
    values = "VALUES ?area { " + " ".join(map(str, under.areas)) + " }"
    counts = {row["area"].value: int(row["n"].value)
              for row in reader.select(REGION_OBSERVATIONS.replace("{areas}", values))}
    found["observations"] = counts.get(iri, 0)
    found["observations_with_subregions"] = sum(counts.values())
    return found


INDICATORS = PREFIXES + """SELECT ?indicator_iri ?label ?label_en ?topic_iri ?unit_iri ?kind
       (COUNT(DISTINCT ?observation) AS ?observations) {bound}
WHERE {{
  {{ SELECT DISTINCT ?indicator_iri WHERE {{ ?indicator_iri a mskg:Indicator }} }}
  {filter}
  OPTIONAL {{ ?indicator_iri skos:prefLabel ?label FILTER(LANG(?label) = "zh") }}
  OPTIONAL {{ ?indicator_iri skos:prefLabel ?label_en FILTER(LANG(?label_en) = "en") }}
  OPTIONAL {{ ?indicator_iri mskg:topic ?topic_iri }}
  OPTIONAL {{ ?indicator_iri mskg:unit ?unit_iri }}
  OPTIONAL {{ ?indicator_iri mskg:measureKind ?kind }}
  OPTIONAL {{ ?observation mskg:indicator ?indicator_iri }}
}}
GROUP BY ?indicator_iri ?label ?label_en ?topic_iri ?unit_iri ?kind {bound}
ORDER BY ?indicator_iri"""


def indicators(reader: Reader, *, topic: str | None, provisional: bool) -> list[dict]:
    """The indicators (of a topic; with or without the provisional ones), with their observation counts."""
    filters = []
    bindings: dict[str, Term] = {}
    if topic:
        filters.append("?indicator_iri mskg:topic ?topic .")
        bindings["topic"] = ox.NamedNode(topic)
    if not provisional:
        filters.append(f'FILTER(!STRSTARTS(STR(?indicator_iri), "{ID}indicator/provisional/"))')
    bound = " ".join(f"?{name}" for name in bindings)
    query = INDICATORS.format(filter="\n  ".join(filters), bound=bound)
    found = []
    for row in reader.select(query, **bindings):
        iri = row["indicator_iri"].value
        found.append({
            "iri": iri, "slug": iri.removeprefix(ID + "indicator/"), "label": _text(row, "label"),
            "label_en": _text(row, "label_en"),
            "topic": row["topic_iri"].value.removeprefix(ID + "topic/") if "topic_iri" in row else None,
            "unit": row["unit_iri"].value.rsplit("/", 1)[-1] if "unit_iri" in row else None,
            "measure_kind": row["kind"].value.rsplit("/", 1)[-1] if "kind" in row else None,
            "provisional": iri.startswith(ID + "indicator/provisional/"),
            "observations": int(row["observations"].value),
        })
    return found


TOPICS = PREFIXES + """SELECT ?topic ?notation ?label ?label_en (COUNT(DISTINCT ?indicator) AS ?indicators) WHERE {
  { SELECT DISTINCT ?topic WHERE { ?topic a mskg:Topic } }
  OPTIONAL { ?topic skos:notation ?notation }
  OPTIONAL { ?topic skos:prefLabel ?label FILTER(LANG(?label) = "zh") }
  OPTIONAL { ?topic skos:prefLabel ?label_en FILTER(LANG(?label_en) = "en") }
  OPTIONAL { ?indicator mskg:topic ?topic }
}
GROUP BY ?topic ?notation ?label ?label_en
ORDER BY ?topic"""


def topics(reader: Reader) -> list[dict]:
    """The topics with their number of indicators."""
    return [{"iri": row["topic"].value, "slug": row["topic"].value.removeprefix(ID + "topic/"),
             "label": _text(row, "label"), "label_en": _text(row, "label_en"),
             "indicators": int(row["indicators"].value)} for row in reader.select(TOPICS)]
