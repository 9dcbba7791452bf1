"""What each lookup page shows, read from the store with a few queries per page.

Speed comes from the shape of the data (docs/design.md): an observation's
IRI spells out its dimensions (`id:obs/{region}/{indicator}/{period}/{status}`)
and a period's IRI its notation, so neither is looked up; the published
value, unit and qualifier are read from `id:graph/observations` alone (the
article graphs repeat the dimensions once per article); names of everything a
page links to come in one query for all of them. Values from the request
reach the store as bound terms (mskg.web.reads); the IRIs a second query
names are ones the store gave back, written as N-Triples terms.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from mskg.graph import describe as void
from mskg.web import reads
from mskg.web.reads import Reader

SITE = "https://w3id.org/mskg/"
ID = SITE + "id/"
ONTOLOGY = SITE + "ontology#"
OBSERVATIONS_GRAPH = ox.NamedNode(ID + "graph/observations")

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
SDMX_MEASURE = "http://purl.org/linked-data/sdmx/2009/measure#obsValue"
SDMX_UNIT = "http://purl.org/linked-data/sdmx/2009/attribute#unitMeasure"
PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
WIKIDATA = "http://www.wikidata.org/entity/"

PREFIXES = f"""PREFIX mskg: <{ONTOLOGY}>
PREFIX rdfs: <{RDFS}>
PREFIX skos: <{SKOS}>
PREFIX dcterms: <{DCTERMS}>
PREFIX nif: <{NIF}>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX sdmx-dimension: <http://purl.org/linked-data/sdmx/2009/dimension#>
PREFIX sdmx-measure: <http://purl.org/linked-data/sdmx/2009/measure#>
PREFIX sdmx-attribute: <http://purl.org/linked-data/sdmx/2009/attribute#>
PREFIX geo: <http://www.w3.org/2003/01/geo/wgs84_pos#>
"""


# ---------------------------------------------------------------- links and names

def href(iri: str) -> str:
    """Where this site serves iri: `/id/…` and `/ontology#…` for ours, the IRI itself for others."""
    if iri.startswith(ID):
        return "/id/" + iri[len(ID):]
    if iri.startswith(SITE + "ontology"):
        return "/ontology" + iri[len(SITE + "ontology"):]
    if iri.startswith(SITE):
        return "/" + iri[len(SITE):]
    return iri


def kind(iri: str) -> str:
    """The page type of one of our IRIs: region, observation, article, program, item, indicator,
    dataset or other."""
    path = iri[len(ID):] if iri.startswith(ID) else ""
    parts = path.split("/")
    if parts[0] in ("region", "area") and len(parts) == 2:
        return "region"
    if parts[0] == "obs" and len(parts) >= 5 and parts[-1] != "conflict":
        return "observation"
    if parts[0] == "article" and len(parts) == 2 and "#" not in path:
        return "article"
    if parts[0] == "program" and len(parts) == 3:
        return "program"
    if parts[0] == "program" and len(parts) == 5 and parts[3] == "item":
        return "item"
    if parts[0] == "indicator":
        return "indicator"
    if path == "dataset":
        return "dataset"
    return "other"


def dimensions(observation: str) -> dict[str, str] | None:
    """region, indicator, period and status of an observation IRI (id:obs/{region}/{indicator
    slug}/{period}/{status}; a slug may hold a slash), or None if it is not one."""
    if kind(observation) != "observation":
        return None
    region, *indicator, period, status = observation[len(ID + "obs/"):].split("/")
    area = region.isdigit() or region == "CN"
    return {"region": ID + ("region/" if area else "area/") + region,
            "indicator": ID + "indicator/" + "/".join(indicator),
            "period": ID + "period/" + period, "status": ID + "code/status/" + status}


def period_label(iri: str) -> str:
    """A period's notation, from its IRI (id:period/{ISO 8601}, `--` between interval ends)."""
    return iri.rsplit("/", 1)[-1].replace("--", "/")


def tail(iri: str) -> str:
    """The last segment of an IRI (after /, # or :)."""
    for separator in ("#", "/"):
        iri = iri.rsplit(separator, 1)[-1]
    return iri


def _values(variable: str, iris: set[str] | list[str]) -> str:
    """A VALUES block of IRIs the store gave back, each written as an N-Triples term."""
    return f"VALUES ?{variable} {{ {' '.join(str(ox.NamedNode(iri)) for iri in sorted(iris))} }}"


class Names:
    """Labels of IRIs: Chinese and English names, pinyin, notations, titles."""

    NAMING = (SKOS + "prefLabel", RDFS + "label", DCTERMS + "title")

    def __init__(self) -> None:
        self.by_iri: dict[str, dict[tuple[str, str], str]] = defaultdict(dict)
        self.topics: dict[str, str] = {}
        self.provisional: dict[str, ox.Literal | None] = {}
        """provisional indicators' names read so far (kept with the reference names: reference_names)"""
        self.periods: dict[str, list[ox.Triple]] = {}
        """periods' naming triples read so far (kept with the reference names: linked_names)"""

    def add(self, subject: str, predicate: str, term: ox.NamedNode | ox.Literal) -> None:
        """Take one naming triple (prefLabel, label, title, notation, or an indicator's mskg:topic)."""
        if predicate == ONTOLOGY + "topic":
            self.topics[subject] = term.value
        elif isinstance(term, ox.Literal):
            self.by_iri[subject].setdefault((predicate, (term.language or "").lower()), term.value)

    def add_triples(self, triples: list[ox.Triple]) -> None:
        """Take the naming triples among triples (e.g. a description)."""
        for triple in triples:
            if isinstance(triple.subject, ox.NamedNode) and (
                    triple.predicate.value in self.NAMING or triple.predicate.value == SKOS + "notation"):
                self.add(triple.subject.value, triple.predicate.value, triple.object)

    def _first(self, iri: str, languages: tuple[str, ...]) -> str | None:
        found = self.by_iri.get(iri, {})
        for language in languages:
            for predicate in self.NAMING:
                if (predicate, language) in found:
                    return found[(predicate, language)]
        return None

    def zh(self, iri: str) -> str:
        """The Chinese name (else any name, the notation, a period's notation or the IRI's tail)."""
        if iri.startswith(ID + "period/"):
            return period_label(iri)
        return (self._first(iri, ("zh", "", "en")) or self.notation(iri) or tail(iri))

    def en(self, iri: str) -> str:
        """The English name, or "" if it has none."""
        return self._first(iri, ("en",)) or ""

    def pinyin(self, iri: str) -> str:
        """The pinyin name, or ""."""
        return self._first(iri, ("zh-latn-pinyin",)) or ""

    def notation(self, iri: str) -> str:
        """The skos:notation, or ""."""
        return self.by_iri.get(iri, {}).get((SKOS + "notation", ""), "")

    def link(self, iri: str) -> dict[str, str]:
        """What a template needs to link to iri: iri, url, zh and en names."""
        return {"iri": iri, "url": href(iri), "zh": self.zh(iri), "en": self.en(iri)}


_NAMING = " UNION ".join(f"{{ ?s {p} ?o BIND({p} AS ?p) }}"
                         for p in ("skos:prefLabel", "rdfs:label", "dcterms:title", "skos:notation", "mskg:topic"))
HOMES = ((ID + "region/", "regions"), (ID + "scheme/regions", "regions"), (ID + "area/", "areas"),
         (ID + "indicator/provisional/", None), (ID + "indicator/", "indicators"), (ID + "topic/", "indicators"),
         (ID + "scheme/", "indicators"), (ID + "unit/", "units"), ("http://qudt.org/vocab/unit/", "units"),
         (ID + "code/", "ontology"), (ONTOLOGY, "ontology"), (ID + "dataset", "dataset"))
"""The named graph that describes IRIs starting so (docs/design.md): a name is looked up there
once instead of in every graph that repeats it. Others (provisional indicators, articles,
programs) are described in article graphs, read as their union."""


def home(iri: str) -> str | None:
    """The graph (its last segment) that describes iri, or None for the union of the graphs."""
    return next((graph for prefix, graph in HOMES if iri.startswith(prefix)), None)


def names_query(iris: set[str]) -> str:
    """One query for the names of iris: each looked up in its home graph, the rest in all graphs."""
    groups: dict[str | None, list[str]] = defaultdict(list)
    for iri in iris:
        groups[home(iri)].append(iri)
    parts = []
    for graph, members in sorted(groups.items(), key=lambda item: item[0] or ""):
        inner = f"{_values('s', members)} {_NAMING}"
        parts.append(f"{{ GRAPH <{ID}graph/{graph}> {{ {inner} }} }}" if graph else f"{{ {inner} }}")
    return PREFIXES + f"SELECT DISTINCT ?s ?p ?o WHERE {{ {' UNION '.join(parts)} }}"


PROVISIONAL_NAME = PREFIXES + "SELECT ?s ?o WHERE { ?s skos:prefLabel ?o } LIMIT 1"
"""A provisional indicator's one name (@zh), from the first of the article graphs that repeat it."""


def names_of(reader: Reader, iris: set[str], names: Names | None = None) -> Names:
    """Names (and indicator topics, and those topics' names) of iris: the reference data's from
    memory (reference_names), the others in one query."""
    names = names or Names()
    reference = reference_names(reader)
    wanted = {iri for iri in iris if not iri.startswith(ID + "period/")}
    for _ in range(2):
        known = {iri for iri in wanted if iri in reference.by_iri}
        for iri in known:
            names.by_iri[iri] = reference.by_iri[iri]
            if iri in reference.topics:
                names.topics[iri] = reference.topics[iri]
        provisional = {iri for iri in wanted - known if iri.startswith(ID + "indicator/provisional/")}
        for iri in provisional:
            if iri not in reference.provisional:
                rows = reader.select(PROVISIONAL_NAME, s=ox.NamedNode(iri))
                reference.provisional[iri] = rows[0]["o"] if rows else None
            if reference.provisional[iri] is not None:
                names.add(iri, SKOS + "prefLabel", reference.provisional[iri])
        if wanted - known - provisional:
            for row in reader.select(names_query(wanted - known - provisional)):
                names.add(row["s"].value, row["p"].value, row["o"])
        wanted = set(names.topics.values()) - set(names.by_iri)
        if not wanted:
            break
    return names


REFERENCE = PREFIXES + f"""SELECT ?s ?p ?o WHERE {{
  VALUES ?g {{ {" ".join(f"<{ID}graph/{g}>" for g in ("regions", "areas", "indicators", "units", "ontology"))} }}
  GRAPH ?g {{ {_NAMING} }}
}}"""
VERSION = PREFIXES + """PREFIX void: <http://rdfs.org/ns/void#>
SELECT ?triples ?modified WHERE { GRAPH <""" + ID + """graph/dataset> { <""" + ID + """dataset> void:triples ?triples
  OPTIONAL { <""" + ID + """dataset> dcterms:modified ?modified } } }"""
RECHECK = 2.0
"""seconds the reference names are used before the store's version is read again"""
_reference: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_reference_lock = threading.Lock()


def store_version(reader: Reader) -> tuple:
    """What changes when the store's content does (a build, ingest or remove): the dataset
    description's triple count and modification date."""
    return tuple(sorted((k, v.value) for row in reader.select(VERSION) for k, v in row.items()))


def reference_names(reader: Reader) -> Names:
    """The names of the reference data (regions, areas, indicators, topics, units, codes and the
    ontology's terms), and of the provisional indicators looked up so far, read once per store
    content: looking up a hundred names one by one costs more than a page may. The store's version
    (store_version) is read again at most every RECHECK seconds, the names again when it changed
    (a build, ingest or remove) or after forget_names (the app calls it after a write through
    /sparql)."""
    with _reference_lock:
        cached = _reference.get(reader.engine)
        if cached is not None and time.monotonic() - cached[2] < RECHECK:
            return cached[1]
    version = store_version(reader)
    with _reference_lock:
        cached = _reference.get(reader.engine)
        if cached is not None and cached[0] == version:
            _reference[reader.engine] = (version, cached[1], time.monotonic())
            return cached[1]
        names = Names()
        for row in reader.select(REFERENCE):
            names.add(row["s"].value, row["p"].value, row["o"])
        _reference[reader.engine] = (version, names, time.monotonic())
        return names


def linked_names(reader: Reader, iris: list[str]) -> list[ox.Triple]:
    """What mskg.web.reads.linked_names gives, with the names of periods from memory (kept with
    the reference names): a period is named in every article graph that uses it, and reading
    its names through all of them costs ~10 ms at 10^6 observations."""
    reference = reference_names(reader)
    periods = [iri for iri in iris if iri.startswith(ID + "period/")]
    missing = [iri for iri in periods if iri not in reference.periods]
    if missing:
        found = reads.linked_names(reader, missing)
        for iri in missing:
            reference.periods[iri] = [t for t in found if t.subject.value == iri]
    others = [iri for iri in iris if not iri.startswith(ID + "period/")]
    return [t for iri in periods for t in reference.periods[iri]] + (reads.linked_names(reader, others)
                                                                    if others else [])


def forget_names(reader: Reader) -> None:
    """Read the reference names again before their next use (the store may have changed)."""
    with _reference_lock:
        _reference.pop(reader.engine, None)


# ---------------------------------------------------------------- observations

@dataclass
class Observation:
    """One observation as the tables show it."""

    iri: str
    region: str
    indicator: str
    period: str
    status: str
    value: str = ""
    unit: str = ""
    qualifier: str = ""

    @property
    def number(self) -> float | None:
        """The value as a number (for charts and sorting)."""
        try:
            return float(Decimal(self.value))
        except (InvalidOperation, ValueError):
            return None


VALUES_OF = PREFIXES + """SELECT {bound} ?obs ?value ?unit ?qualifier WHERE {{
  {pattern}
  GRAPH <{graph}> {{ ?obs sdmx-measure:obsValue ?value }}
  GRAPH <{graph}> {{ ?obs sdmx-attribute:unitMeasure ?unit }}
  OPTIONAL {{ GRAPH <{graph}> {{ ?obs mskg:qualifier ?qualifier }} }}
}}"""
"""Published values, one GRAPH block per triple pattern: Oxigraph then looks each observation up
(~8 ms for a region's 300 observations at 10^6); with two patterns in one block it scans the
whole observations graph first (20 s)."""


def observations(reader: Reader, pattern: str, **bindings: ox.NamedNode) -> list[Observation]:
    """The observations a graph pattern on ?obs selects (with bound values; "" when ?obs itself is
    bound), with their published values: one query, one row per observation (turning rows into
    Python objects is what costs most: a region has ~300 observations at 10^6)."""
    bound = " ".join(f"?{name}" for name in bindings if name != "obs")
    query = VALUES_OF.format(bound=bound, pattern=pattern, graph=OBSERVATIONS_GRAPH.value)
    return _observations(reader.select(query, **bindings))


def observations_of(reader: Reader, iris: list[str]) -> list[Observation]:
    """These observations (IRIs the store gave back) with their published values, in one query."""
    if not iris:
        return []
    query = VALUES_OF.format(bound="", pattern=_values("obs", iris), graph=OBSERVATIONS_GRAPH.value)
    return _observations(reader.select(query))


LIST_OF = PREFIXES + "SELECT {bound} ?obs WHERE {{ {pattern} }}"
"""Without DISTINCT: the pattern matches once per article graph stating it, and the copies are
dropped here (at 10^6, a region's ~300 observations: DISTINCT took 10 ms, this 3 ms)."""


def observation_list(reader: Reader, pattern: str, **bindings: ox.NamedNode) -> list[str]:
    """The IRIs of the observations a graph pattern on ?obs selects, each once, without their
    values (a table shows one page of them; their dimensions are in the IRIs)."""
    query = LIST_OF.format(bound=" ".join(f"?{name}" for name in bindings), pattern=pattern)
    iris = dict.fromkeys(row["obs"].value for row in reader.select(query, **bindings))
    return [iri for iri in iris if kind(iri) == "observation"]


PAGE_SIZE = 50
"""rows of an observation table per page"""


def pager(count: int, page: int) -> dict:
    """Which rows page (from 1) of a table of count rows shows, and links to its neighbours."""
    pages = max(1, -(-count // PAGE_SIZE))
    return {"page": page, "pages": pages, "start": (page - 1) * PAGE_SIZE, "stop": page * PAGE_SIZE,
            "next": f"?page={page + 1}" if page < pages else None,
            "prev": f"?page={page - 1}" if 1 < page <= pages + 1 else None}


def _observations(rows: list[dict]) -> list[Observation]:
    found: dict[str, Observation] = {}
    for row in rows:
        iri = row["obs"].value
        parts = dimensions(iri)
        if iri in found or parts is None:
            continue
        found[iri] = Observation(iri, **parts, value=_number(row["value"].value), unit=row["unit"].value,
                                 qualifier=row["qualifier"].value if "qualifier" in row else "")
    return sorted(found.values(), key=lambda o: (o.indicator, o.period, o.status, o.region))


def _number(lexical: str) -> str:
    """A decimal without a useless fraction: 7386.0 -> 7386, 0.50 -> 0.5."""
    if "." in lexical:
        lexical = lexical.rstrip("0").rstrip(".")
    return lexical


def table_rows(names: Names, observations_: list[Observation]) -> list[dict[str, str]]:
    """The cells of an observation table, as text and URLs (cheaper to render than macros)."""
    rows = []
    for o in observations_:
        qualifier = names.zh(o.qualifier) if o.qualifier and not o.qualifier.endswith("/exact") else ""
        rows.append({"url": href(o.iri), "value": o.value, "unit": names.zh(o.unit), "qualifier": qualifier,
                     "region_url": href(o.region), "region": names.zh(o.region), "region_en": names.en(o.region),
                     "indicator_url": href(o.indicator), "indicator": names.zh(o.indicator),
                     "indicator_en": names.en(o.indicator), "period": period_label(o.period),
                     "status": tail(o.status), "status_label": names.zh(o.status)})
    return rows


def observation_iris(observations_: list[Observation]) -> set[str]:
    """Every IRI an observation table names."""
    iris = set()
    for o in observations_:
        iris.update(x for x in (o.region, o.indicator, o.status, o.unit, o.qualifier) if x)
    return iris


# ---------------------------------------------------------------- pages

@dataclass
class Facts:
    """An entity's own description: its triples, the names of what they link to, and its
    properties grouped for a table."""

    iri: str
    triples: list[ox.Triple]
    names: Names

    def values(self, predicate: str) -> list[ox.NamedNode | ox.Literal]:
        """The objects of iri's triples with predicate."""
        return [t.object for t in self.triples if t.subject.value == self.iri and t.predicate.value == predicate]

    def first(self, predicate: str, language: str | None = None) -> str:
        """The first value of predicate (in language, if given), or ""."""
        for term in self.values(predicate):
            if language is None or (isinstance(term, ox.Literal) and (term.language or "").lower() == language):
                return term.value
        return ""

    def table(self) -> list[dict]:
        """The description as rows: predicate (linked, named) and its values (links or literals)."""
        rows: dict[str, list] = {}
        for t in self.triples:
            if t.subject.value != self.iri:
                continue
            rows.setdefault(t.predicate.value, []).append(self.cell(t.object))
        return [{"predicate": {"iri": p, "url": href(p), "zh": self.names.zh(p) if p in self.names.by_iri else "",
                               "name": _curie(p)}, "values": v} for p, v in sorted(rows.items(), key=lambda i: _curie(i[0]))]

    def cell(self, term) -> dict:
        """One value for a template: a link (with names) or a literal (with language or datatype)."""
        if isinstance(term, ox.NamedNode):
            return {"link": self.names.link(term.value)}
        if isinstance(term, ox.Literal):
            datatype = term.datatype.value if not term.language else ""
            return {"text": term.value, "language": term.language or "",
                    "datatype": _curie(datatype) if datatype and not datatype.endswith("#string") else ""}
        return {"text": str(term)}


_CURIES = {"http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf:", RDFS: "rdfs:", SKOS: "skos:",
           DCTERMS: "dcterms:", ONTOLOGY: "mskg:", NIF: "nif:", "http://www.w3.org/ns/prov#": "prov:",
           "http://purl.org/linked-data/cube#": "qb:", "http://purl.org/linked-data/sdmx/2009/dimension#":
           "sdmx-dimension:", "http://purl.org/linked-data/sdmx/2009/measure#": "sdmx-measure:",
           "http://purl.org/linked-data/sdmx/2009/attribute#": "sdmx-attribute:",
           "http://www.w3.org/2003/01/geo/wgs84_pos#": "geo:", "http://www.w3.org/2006/time#": "time:",
           "http://rdfs.org/ns/void#": "void:", "http://www.w3.org/ns/dcat#": "dcat:",
           "http://xmlns.com/foaf/0.1/": "foaf:", "https://schema.org/": "schema:",
           "http://www.w3.org/2001/XMLSchema#": "xsd:", "http://qudt.org/schema/qudt/": "qudt:",
           "http://www.w3.org/2002/07/owl#": "owl:", ID: "id:"}


def _curie(iri: str) -> str:
    for namespace, prefix in _CURIES.items():
        if iri.startswith(namespace):
            return prefix + iri[len(namespace):]
    return iri


ABOUT = "SELECT DISTINCT ?this ?p ?o WHERE { ?this ?p ?o }"


def facts(reader: Reader, iri: str) -> Facts | None:
    """iri's own triples (as mskg.web.reads.describe, without its hash IRIs) with the names of
    what they link to (names_of: mostly from memory); None if the store does not know it."""
    this = ox.NamedNode(iri)
    triples = [ox.Triple(this, row["p"], row["o"]) for row in reader.select(ABOUT, this=this)]
    if not triples:
        return None
    names = names_of(reader, {t.object.value for t in triples if isinstance(t.object, ox.NamedNode)} | {iri})
    reference = reference_names(reader).by_iri
    for predicate in {t.predicate.value for t in triples} & set(reference):  # the ontology's own terms
        names.by_iri[predicate] = reference[predicate]
    return Facts(iri, triples, names)


CHILDREN = PREFIXES + """SELECT DISTINCT ?region ?child WHERE { ?child mskg:parent ?region }"""
PROGRAMS_OF_REGION = PREFIXES + """SELECT DISTINCT ?region ?program WHERE { ?program mskg:programRegion ?region }"""


def region_page(reader: Reader, iri: str, page: int = 1) -> dict | None:
    """A region: names, code, level, parent, children, coordinates, external links, one page of
    its observations grouped by topic (their values read for that page only), its programs."""
    about = facts(reader, iri)
    if about is None:
        return None
    region = ox.NamedNode(iri)
    children = [row["child"].value for row in reader.select(CHILDREN, region=region)]
    programs = sorted(row["program"].value for row in reader.select(PROGRAMS_OF_REGION, region=region))
    listed = {o: dimensions(o) for o in observation_list(reader, "?obs sdmx-dimension:refArea ?region", region=region)}
    names = names_of(reader, {d["indicator"] for d in listed.values()} | set(children) | set(programs), about.names)
    topic_names = {t: names.zh(t) for t in set(names.topics.values())}

    def order(o: str) -> tuple:
        d = listed[o]
        topic = names.topics.get(d["indicator"], "")
        return not topic, topic_names.get(topic, ""), topic, d["indicator"], d["period"], d["status"]

    shown = pager(len(listed), page)
    found = observations_of(reader, sorted(listed, key=order)[shown["start"]:shown["stop"]])
    found.sort(key=lambda o: order(o.iri))
    names = names_of(reader, observation_iris(found), names)
    topics: dict[str, list[Observation]] = {}
    for o in found:
        topics.setdefault(names.topics.get(o.indicator, ""), []).append(o)
    code = about.first(SKOS + "notation")
    wikidata = [v.value for v in about.values(SKOS + "exactMatch") if v.value.startswith(WIKIDATA)]
    return {
        "about": about, "names": names, "code": code,
        "zh": about.first(SKOS + "prefLabel", "zh"), "en": about.first(SKOS + "prefLabel", "en"),
        "pinyin": about.first(SKOS + "prefLabel", "zh-latn-pinyin"),
        "level": [names.link(v.value) for v in about.values(ONTOLOGY + "level")],
        "parents": [names.link(v.value) for v in about.values(ONTOLOGY + "parent")],
        "members": [names.link(v.value) for v in about.values(ONTOLOGY + "memberRegion")],
        "children": sorted((names.link(c) for c in children), key=lambda link: tail(link["iri"])),
        "lat": about.first("http://www.w3.org/2003/01/geo/wgs84_pos#lat"),
        "long": about.first("http://www.w3.org/2003/01/geo/wgs84_pos#long"),
        "wikidata": wikidata,
        "search_links": [] if wikidata or not code else _search_links(code, about.first(SKOS + "prefLabel", "zh")),
        "topics": [(names.link(t) if t else None, table_rows(names, rows)) for t, rows in topics.items()],
        "paging": shown,
        "count": len(listed),
        "programs": [names.link(p) for p in programs],
    }


def _search_links(code: str, name: str) -> list[dict[str, str]]:
    """Searches for a region that has no Wikidata match: Wikidata by its GB/T 2260 code (P442), GeoNames by name."""
    from urllib.parse import quote

    query = f'haswbstatement:P442={code}'
    return [{"url": f"https://www.wikidata.org/w/index.php?search={quote(query)}", "label": "Wikidata (P442)"},
            {"url": f"https://www.geonames.org/search.html?q={quote(name or code)}&country=CN",
             "label": "GeoNames"}]


def indicator_page(reader: Reader, iri: str, page: int = 1) -> dict | None:
    """An indicator: definition, unit, topic, flow or stock, other labels; one page of its
    observations, and for a chart the latest actual value per region and the time series of the
    regions reported most often (values read only for the observations shown or charted)."""
    about = facts(reader, iri)
    if about is None:
        return None
    listed = {o: dimensions(o) for o in observation_list(reader, "?obs mskg:indicator ?indicator",
                                                         indicator=ox.NamedNode(iri))}
    shown = pager(len(listed), page)
    table = sorted(listed, key=lambda o: (listed[o]["period"], listed[o]["status"], listed[o]["region"]))
    found = observations_of(reader, table[shown["start"]:shown["stop"]])
    names = names_of(reader, observation_iris(found), about.names)
    chart = indicator_chart(reader, listed, names) if page == 1 else {"bars": []}
    return {"about": about, "names": names, "count": len(listed), "paging": shown, "rows": table_rows(names, found),
            "chart": chart,
            "zh": about.first(SKOS + "prefLabel", "zh"), "en": about.first(SKOS + "prefLabel", "en"),
            "definition_zh": about.first(SKOS + "definition", "zh"),
            "definition_en": about.first(SKOS + "definition", "en"),
            "alt_labels": sorted(v.value for v in about.values(SKOS + "altLabel")),
            "provisional": iri.startswith(ID + "indicator/provisional/"),
            "links": {name: [names.link(v.value) for v in about.values(ONTOLOGY + name)]
                      for name in ("unit", "topic", "measureKind")},
            "close_matches": [v.value for v in about.values(SKOS + "closeMatch")]}


CHART_VALUES = PREFIXES + """SELECT ?obs ?value WHERE {{ {values}
  GRAPH <""" + OBSERVATIONS_GRAPH.value + """> {{ ?obs sdmx-measure:obsValue ?value }} }}"""


def indicator_chart(reader: Reader, listed: dict[str, dict[str, str]], names: Names) -> dict:
    """What the indicator page's charts draw: the latest actual value of each region (the 40
    highest) and, when there are several periods, the series of the 8 regions reported most
    often (ties: the earlier reported first). Only these observations' values are read (one
    index lookup each)."""
    latest: dict[str, str] = {}
    reported: dict[str, list[str]] = defaultdict(list)
    for o, d in sorted(listed.items(), key=lambda item: (item[1]["period"], item[1]["region"])):
        if d["status"].endswith("/actual"):
            latest[d["region"]] = o
            reported[d["region"]].append(o)
    periods = sorted({period_label(listed[o]["period"]) for series in reported.values() for o in series})
    lines = sorted(reported, key=lambda region: -len(reported[region]))[:8] if len(periods) > 1 else []
    charted = set(latest.values()) | {o for region in lines for o in reported[region]}
    values = {}
    if charted:
        for row in reader.select(CHART_VALUES.format(values=_values("obs", charted))):
            try:
                values[row["obs"].value] = float(row["value"].value)
            except ValueError:
                continue
    ranked = sorted((o for o in latest.values() if o in values), key=lambda o: -values[o])[:40]
    names = names_of(reader, {listed[o]["region"] for o in ranked} | set(lines), names)
    series = {region: {period_label(listed[o]["period"]): values[o] for o in reported[region] if o in values}
              for region in lines}
    units = reader.select(VALUES_OF.format(bound="", pattern=_values("obs", ranked[:1]),
                                           graph=OBSERVATIONS_GRAPH.value)) if ranked else []
    return {
        "unit": names_of(reader, {units[0]["unit"].value}, names).zh(units[0]["unit"].value) if units else "",
        "bars": [{"label": names.zh(listed[o]["region"]), "value": values[o],
                  "period": period_label(listed[o]["period"]), "url": href(o)} for o in ranked],
        "periods": periods if lines else [],
        "lines": [{"label": names.zh(region), "values": [series[region].get(p) for p in periods]} for region in lines],
    }


SPANS = PREFIXES + """SELECT ?span ?article ?anchor ?begin ?end ?reported ?text ?title ?file ?issued ?publisher WHERE {
  GRAPH ?article { ?span nif:referenceContext ?article ; nif:anchorOf ?anchor ; nif:beginIndex ?begin ;
                   nif:endIndex ?end .
    OPTIONAL { ?span mskg:reportedValue ?reported }
    ?article nif:isString ?text .
    OPTIONAL { ?article dcterms:title ?title } OPTIONAL { ?article mskg:fileName ?file }
    OPTIONAL { ?article dcterms:issued ?issued }
    OPTIONAL { ?article dcterms:publisher ?publisher } }
}"""
DERIVED = PREFIXES + """SELECT DISTINCT ?obs ?span ?graph WHERE { GRAPH ?graph { ?obs prov:wasDerivedFrom ?span } }"""
CONFLICTS = PREFIXES + """SELECT ?obs ?conflict ?span WHERE { ?conflict mskg:conflictOf ?obs ; mskg:reportedIn ?span }"""
ITEM_OF = PREFIXES + """SELECT DISTINCT ?obs ?item ?program WHERE { ?obs mskg:programItem ?item .
  OPTIONAL { ?program mskg:hasItem ?item } }"""


def observation_page(reader: Reader, iri: str) -> dict | None:
    """An observation: every field, its program item, conflicts, and each evidence span with its
    paragraph (the quote marked) and article."""
    this = ox.NamedNode(iri)
    found = observations(reader, "", obs=this)
    if not found:
        return None
    observation = found[0]
    evidence = []
    derived = defaultdict(set)
    for row in reader.select(DERIVED, obs=this):
        derived[row["span"].value].add(row["graph"])
    for span in sorted(derived):
        rows = reader.select(SPANS, span=ox.NamedNode(span), article=ox.NamedNode(span.split("#")[0]))
        if rows:
            evidence.append(_evidence(span, rows[0]) | {"published": OBSERVATIONS_GRAPH in derived[span]})
    evidence.sort(key=lambda e: (e["published"], e["issued"], e["span"]), reverse=True)
    conflicts: dict[str, list[str]] = defaultdict(list)
    for row in reader.select(CONFLICTS, obs=this):
        conflicts[row["conflict"].value].append(row["span"].value)
    items = reader.select(ITEM_OF, obs=this)
    item = items[0]["item"].value if items else ""
    program = items[0]["program"].value if items and "program" in items[0] else ""
    names = names_of(reader, observation_iris(found) | {observation.period} | {x for x in (item, program) if x}
                     | {ID + "dataset"})
    return {"observation": observation, "names": names, "evidence": evidence,
            "conflicts": [{"iri": c, "spans": sorted(spans)} for c, spans in sorted(conflicts.items())],
            "item": names.link(item) if item else None, "program": names.link(program) if program else None,
            "dataset": names.link(ID + "dataset")}


def _evidence(span: str, row: dict) -> dict:
    text = row["text"].value
    begin, end = int(row["begin"].value), int(row["end"].value)
    start = text.rfind("\n", 0, begin) + 1
    stop = text.find("\n", end)
    stop = len(text) if stop < 0 else stop
    return {"span": span, "url": href(span), "article": row["article"].value,
            "article_url": href(row["article"].value),
            "title": row["title"].value if "title" in row else row["file"].value if "file" in row else "",
            "issued": row["issued"].value if "issued" in row else "",
            "publisher": row["publisher"].value if "publisher" in row else "",
            "anchor": row["anchor"].value, "begin": begin, "end": end,
            "reported": _number(row["reported"].value) if "reported" in row else "",
            "before": text[start:begin], "quote": text[begin:end], "after": text[end:stop]}


ARTICLE_SPANS = PREFIXES + """SELECT ?article ?span ?begin ?end ?obs WHERE { GRAPH ?article {
  ?span nif:referenceContext ?article ; nif:beginIndex ?begin ; nif:endIndex ?end .
  OPTIONAL { ?obs prov:wasDerivedFrom ?span } } }"""
ARTICLE_PROGRAMS = PREFIXES + """SELECT DISTINCT ?article ?program WHERE { GRAPH ?article { ?program a mskg:LivelihoodProgram } }"""


def article_page(reader: Reader, iri: str) -> dict | None:
    """An article: metadata, and its full text with every extracted figure marked and linked to
    its observation."""
    article = ox.NamedNode(iri)
    triples = [ox.Triple(article, row["p"], row["o"]) for row in
               reader.select("SELECT ?article ?p ?o WHERE { GRAPH ?article { ?article ?p ?o } }", article=article)]
    if not triples:
        return None
    about = Facts(iri, triples, Names())
    text = about.first(NIF + "isString")
    spans: dict[tuple[int, int], list[str]] = defaultdict(list)
    for row in reader.select(ARTICLE_SPANS, article=article):
        key = (int(row["begin"].value), int(row["end"].value))
        spans[key]
        if "obs" in row:
            spans[key].append(row["obs"].value)
    programs = [row["program"].value for row in reader.select(ARTICLE_PROGRAMS, article=article)]
    observed = {o for linked in spans.values() for o in linked}
    names = names_of(reader, {dimensions(o)["indicator"] for o in observed} | set(programs))
    return {"about": about, "names": names, "text": text, "segments": marked(text, spans, names),
            "title": about.first(DCTERMS + "title"), "publisher": about.first(DCTERMS + "publisher"),
            "issued": about.first(DCTERMS + "issued"), "url": about.first("https://schema.org/url"),
            "hash": about.first(ONTOLOGY + "contentHash"), "file": about.first(ONTOLOGY + "fileName"),
            "figures": len(spans), "programs": [names.link(p) for p in programs]}


def marked(text: str, spans: dict[tuple[int, int], list[str]], names: Names) -> list[dict]:
    """text cut into plain segments and marks, one mark per span (code-point offsets), each with
    the observations it supports. A span overlapping an earlier one gets an empty anchor at the
    earlier mark's start, so every `#char=s,e` still has its target."""
    segments: list[dict] = []
    position = 0
    for (begin, end) in sorted(spans):
        observations_ = [{"url": href(o), "label": names.zh(dimensions(o)["indicator"])}
                         for o in sorted(spans[(begin, end)])]
        anchor = f"char={begin},{end}"
        if begin < position:  # overlaps the previous mark
            segments.insert(len(segments) - 1, {"anchor": anchor})
            continue
        segments.append({"text": text[position:begin]})
        segments.append({"mark": text[begin:end], "anchor": anchor, "observations": observations_})
        position = end
    segments.append({"text": text[position:]})
    return segments


ITEMS = PREFIXES + """SELECT DISTINCT ?program ?item ?number ?label WHERE { ?program mskg:hasItem ?item .
  OPTIONAL { ?item mskg:itemNumber ?number } OPTIONAL { ?item rdfs:label ?label } }"""
PROGRAM_OF_ITEM = PREFIXES + """SELECT DISTINCT ?item ?program WHERE { ?program mskg:hasItem ?item }"""


def program_page(reader: Reader, iri: str) -> dict | None:
    """A program (or one item of it): its items, each with its targets and reported results side
    by side (observations with mskg:programItem, by indicator and period)."""
    about = facts(reader, iri)
    if about is None:
        return None
    if kind(iri) == "item":
        rows = reader.select(PROGRAM_OF_ITEM, item=ox.NamedNode(iri))
        program = rows[0]["program"].value if rows else ""
        items = [iri]
    else:
        program = iri
        items = []
    numbered = {}
    if program:
        for row in reader.select(ITEMS, program=ox.NamedNode(program)):
            numbered[row["item"].value] = int(row["number"].value) if "number" in row else 0
    items = items or sorted(numbered, key=lambda i: (numbered[i], i))
    found = observations(reader, "?program mskg:hasItem ?obsitem . ?obs mskg:programItem ?obsitem",
                         program=ox.NamedNode(program)) if program else []
    by_item = defaultdict(list)
    for row in reader.select(ITEM_RESULTS, program=ox.NamedNode(program)) if program else []:
        by_item[row["item"].value].append(row["obs"].value)
    by_iri = {o.iri: o for o in found}
    names = names_of(reader, observation_iris(found) | set(items) | {program} - {""}, about.names)
    region = program_region(reader, program) if program else ""
    if region:
        names = names_of(reader, {region}, names)
    return {"about": about, "names": names, "program": names.link(program) if program else None,
            "region": names.link(region) if region else None,
            "year": program.rsplit("/", 1)[-1] if program else "",
            "items": [{"link": names.link(item), "number": numbered.get(item, 0),
                       "rows": side_by_side([by_iri[o] for o in by_item[item] if o in by_iri])} for item in items],
            "adopted_by": about.first(ONTOLOGY + "adoptedBy"), "issued": about.first(DCTERMS + "issued"),
            "is_item": kind(iri) == "item"}


ITEM_RESULTS = PREFIXES + """SELECT DISTINCT ?program ?item ?obs WHERE { ?program mskg:hasItem ?item . ?obs mskg:programItem ?item }"""


def program_region(reader: Reader, program: str) -> str:
    """The region of a program."""
    rows = reader.select(PREFIXES + "SELECT ?program ?region WHERE { ?program mskg:programRegion ?region } LIMIT 1",
                         program=ox.NamedNode(program))
    return rows[0]["region"].value if rows else ""


def side_by_side(found: list[Observation]) -> list[dict]:
    """Observations by (indicator, period, region, unit): target, actual and before values in one row."""
    rows: dict[tuple, dict] = {}
    for o in found:
        key = (o.indicator, o.period, o.region)
        row = rows.setdefault(key, {"indicator": o.indicator, "period": o.period, "region": o.region})
        row[tail(o.status)] = o
    return [rows[key] for key in sorted(rows)]


def generic_page(reader: Reader, iri: str) -> dict | None:
    """Any other resource: its description as a table of properties with named links."""
    about = facts(reader, iri)
    if about is None:
        return None
    return {"about": about, "names": about.names, "zh": about.names.zh(iri), "en": about.names.en(iri)}


DATASET = ID + "dataset"
_DESCRIBED = f"GRAPH <{ID}graph/dataset>"
DATASET_FACTS = PREFIXES + f"""PREFIX void: <http://rdfs.org/ns/void#>
PREFIX dcat: <http://www.w3.org/ns/dcat#>
SELECT ?p ?o ?partition ?class ?entities ?download ?media WHERE {{ {_DESCRIBED} {{
  {{ <{DATASET}> ?p ?o FILTER(?p != dcterms:source) }}
  UNION {{ <{DATASET}> void:classPartition ?partition . ?partition void:class ?class ; void:entities ?entities }}
  UNION {{ <{DATASET}> dcat:distribution ?distribution . ?distribution dcat:downloadURL ?download ;
                                                              dcat:mediaType ?media }}
}} }}"""
RECENT_SOURCES = PREFIXES + f"""SELECT ?article ?title ?issued WHERE {{
  {{ SELECT ?article WHERE {{ {_DESCRIBED} {{ <{DATASET}> dcterms:source ?article }} }} }}
  GRAPH ?article {{ ?article dcterms:title ?title OPTIONAL {{ ?article dcterms:issued ?issued }} }}
}} ORDER BY DESC(STR(?issued)) ?article LIMIT 30"""
SOURCE_COUNT = PREFIXES + f"SELECT (COUNT(?article) AS ?n) WHERE {{ {_DESCRIBED} {{ <{DATASET}> dcterms:source ?article }} }}"
EXAMPLES = tuple(str(example) for example in void.EXAMPLES)


def dataset_page(reader: Reader, iri: str = DATASET) -> dict | None:
    """The dataset (VoID/DCAT): titles, description, licence, counts by class, downloads, the
    SPARQL endpoint, example resources and the most recent sources. None for another IRI."""
    rows = reader.select(DATASET_FACTS) if iri == DATASET else []
    if not rows:
        return None
    this = ox.NamedNode(iri)
    triples = [ox.Triple(this, row["p"], row["o"]) for row in rows if "p" in row]
    names = names_of(reader, {row["class"].value for row in rows if "class" in row} | set(EXAMPLES))
    about = Facts(iri, triples, names)
    counts = {tail(row["partition"].value): int(row["entities"].value) for row in rows if "partition" in row}
    sources = reader.select(SOURCE_COUNT)
    recent = reader.select(RECENT_SOURCES)
    return {
        "about": about, "names": names, "counts": counts,
        "triples": int(about.first("http://rdfs.org/ns/void#triples") or 0),
        "title_zh": about.first(DCTERMS + "title", "zh"), "title_en": about.first(DCTERMS + "title", "en"),
        "description": about.first(DCTERMS + "description", "en"),
        "license": about.first(DCTERMS + "license"), "modified": about.first(DCTERMS + "modified"),
        "endpoint": href(about.first("http://rdfs.org/ns/void#sparqlEndpoint")),
        "downloads": sorted(({"name": tail(row["download"].value), "url": href(row["download"].value),
                              "media_type": row["media"].value} for row in rows if "download" in row),
                            key=lambda d: d["name"]),
        "examples": [names.link(e) for e in EXAMPLES],
        "source_count": int(sources[0]["n"].value) if sources else 0,
        "recent": [{"url": href(r["article"].value), "title": r["title"].value,
                    "issued": r["issued"].value if "issued" in r else ""} for r in recent],
    }
