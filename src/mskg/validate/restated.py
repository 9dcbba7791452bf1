"""The SHACL-SPARQL constraints of the article side, restated in Python.

verdict.conforms ran these constraints on a store of every batch: ~5 ms of an
article's ~10 ms check went to making the quads, loading them into an
in-memory store and parsing and running one ASK. Here each constraint whose
focus nodes an article's own triples hold is also written as a Python
function over the batch's index, which answers only "certainly no solution"
(True) or "not sure" (False). False covers a solution and anything the
function does not model exactly: a blank node where the query takes STR(),
a literal whose datatype or lexical form Oxigraph would store differently
(it keeps typed literals of known datatypes in canonical form: "07" as
integer 7), a value the query's arithmetic or comparison could read
otherwise. Then the constraint's query runs as before, so the verdict never
rests on a guess.

A function is found by the constraint's query text (whitespace aside): a
shape whose query changes loses its restatement and runs in SPARQL until
someone restates it again. tests/test_restated.py checks every restatement
against its query on the real batches, the crafted defects and a few
thousand mutated batches.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from hashlib import sha256
from typing import Callable, Iterable

from pyoxigraph import Literal, NamedNode
from rdflib.namespace import PROV, RDF, SKOS, XSD

from mskg.graph.terms import Term
from mskg.namespaces import ID as ID_SPACE, MSKG, NIF, SDMX_ATTR, SDMX_DIM, SDMX_MEASURE

ID = str(ID_SPACE)


def _nodes(namespace, *names: str) -> tuple[NamedNode, ...]:
    return tuple(NamedNode(namespace[name]) for name in names)


TYPE = NamedNode(RDF.type)
CONFLICT_OF, REPORTED_IN, REPORTED_VALUE, EVIDENCE = _nodes(MSKG, "conflictOf", "reportedIn", "reportedValue",
                                                             "Evidence")
DERIVED = NamedNode(PROV.wasDerivedFrom)
ANCHOR, BEGIN, END, CONTEXT, IS_STRING = _nodes(NIF, "anchorOf", "beginIndex", "endIndex", "referenceContext",
                                                "isString")
PROGRAM_REGION, PROGRAM_YEAR, HAS_ITEM, ITEM_NUMBER = _nodes(MSKG, "programRegion", "programYear", "hasItem",
                                                             "itemNumber")
OBS_VALUE, = _nodes(SDMX_MEASURE, "obsValue")
UNIT_MEASURE, = _nodes(SDMX_ATTR, "unitMeasure")
REF_AREA, REF_PERIOD = _nodes(SDMX_DIM, "refArea", "refPeriod")
INDICATOR, STATUS, MIN_VALUE, MAX_VALUE, UNIT, CONTENT_HASH = _nodes(MSKG, "indicator", "status", "minValue",
                                                                     "maxValue", "unit", "contentHash")
NOTATION = NamedNode(SKOS.notation)

STRING = NamedNode(XSD.string)
# Datatypes whose literals are modelled, each with the lexical forms Oxigraph stores unchanged
# (tests/test_restated.py checks these against a store); the integers are all stored as xsd:integer.
INTEGERS = {NamedNode(XSD.integer): re.compile(r"0|-?[1-9][0-9]{0,17}"),
            NamedNode(XSD.nonNegativeInteger): re.compile(r"0|[1-9][0-9]{0,17}"),
            NamedNode(XSD.positiveInteger): re.compile(r"[1-9][0-9]{0,17}")}
DECIMAL = NamedNode(XSD.decimal)
CANONICAL_DECIMAL = re.compile(r"(?!-0$)-?(0|[1-9][0-9]{0,17})(\.[0-9]{0,17}[1-9])?")
YEAR = NamedNode(XSD.gYear)
CANONICAL_YEAR = re.compile(r"[1-9][0-9]{3}")


@lru_cache(maxsize=65536)  # a batch reads each index and value for several constraints
def number(term: Term) -> Decimal | None:
    """The value of an integer or decimal literal in a form Oxigraph keeps as it is (else None)."""
    if type(term) is not Literal:
        return None
    datatype, lexical = term.datatype, term.value
    pattern = INTEGERS.get(datatype) or (CANONICAL_DECIMAL if datatype == DECIMAL else None)
    return Decimal(lexical) if pattern is not None and pattern.fullmatch(lexical) else None


def text(term: Term) -> str | None:
    """STR() of an IRI or of a literal Oxigraph keeps as it is: a string (with or
    without a language), a modelled number, a four-digit year (else None)."""
    if type(term) is NamedNode:
        return term.value
    if type(term) is not Literal:
        return None
    if term.language is not None or term.datatype == STRING:
        return term.value
    if number(term) is not None or (term.datatype == YEAR and CANONICAL_YEAR.fullmatch(term.value)):
        return term.value
    return None


def string(term: Term) -> str | None:
    """The text of a string literal (with or without a language), the only kind
    SUBSTR and STRLEN read as the queries mean (else None)."""
    if type(term) is Literal and (term.language is not None or term.datatype == STRING):
        return term.value
    return None


def _key(term: Term):
    """What Oxigraph joins a modelled number on: its datatype family and value."""
    value = number(term)
    if value is None:
        return None
    return ("integer" if term.datatype in INTEGERS else "decimal", value)


def _named(nodes: Iterable[Term]) -> bool:
    return all(type(n) is NamedNode for n in nodes)


# Each function: (data, focus) -> True only if its constraint's query, whose check its docstring
# names, has no solution for any focus node; `data` is the batch's index (fast._Data: objects,
# subjects), holding what its store would.

def conflict_reports_are_derived(data, focus) -> bool:
    """A conflict's evidence spans are ones its observation was derived from."""
    for this in focus:
        reported = [v for v in data.objects(this, REPORTED_IN) if EVIDENCE in data.objects(v, TYPE)]
        for observation in data.objects(this, CONFLICT_OF) if reported else ():
            derived = data.objects(observation, DERIVED)
            if any(value not in derived for value in reported):
                return False
    return True


def _span_values(data, node, via: NamedNode) -> list | None:
    """The values reported by the spans `node` reaches by `via`; None if one of them
    reports none (the queries below then have no solution for the node)."""
    values = []
    for span in data.objects(node, via):
        found = data.objects(span, REPORTED_VALUE)
        if not found:
            return None
        values += found
    return values


def conflict_values_differ(data, focus) -> bool:
    """A conflict's spans all have values, and two of them differ."""
    for this in focus:
        values = _span_values(data, this, REPORTED_IN)
        if values is not None:
            numbers = [number(v) for v in values]
            if None in numbers or len(set(numbers)) < 2:
                return False
    return True


def _provisional(data, focus) -> bool:
    """A curated indicator's labels and definitions, or its unit, topic and kind: both
    constraints leave provisional indicators out, and an article defines only those."""
    return all(type(n) is NamedNode and n.value.startswith(ID + "indicator/provisional/") for n in focus)


def _indices(data, this) -> tuple[list[int], list[int]] | None:
    begins = [number(b) for b in data.objects(this, BEGIN)]
    ends = [number(e) for e in data.objects(this, END)]
    if any(n is None or n < 0 or n != int(n) for n in begins + ends):
        return None
    return [int(b) for b in begins], [int(e) for e in ends]


def _texts(data, this, read: dict) -> list[str | None]:
    """The texts of a span's articles (`read`: each article's, read once per batch:
    every span of an article reads its text, and each read copies it)."""
    texts = []
    for article in data.objects(this, CONTEXT):
        if article not in read:
            read[article] = [string(t) for t in data.objects(article, IS_STRING)]
        texts += read[article]
    return texts


def evidence_anchor_is_the_text(data, focus) -> bool:
    """An evidence span's anchor is its article's text between its indices."""
    read: dict = {}
    for this in focus:
        indices = _indices(data, this)
        anchors = [text(a) for a in data.objects(this, ANCHOR)]
        texts = _texts(data, this, read)
        if indices is None or None in anchors or None in texts:
            return False
        for content in texts:
            for begin in indices[0]:
                for end in indices[1]:
                    if begin > end or any(anchor != content[begin:end] for anchor in anchors):
                        return False
    return True


def evidence_end_is_in_the_text(data, focus) -> bool:
    """An evidence span ends within its article's text."""
    read: dict = {}
    for this in focus:
        ends = [number(e) for e in data.objects(this, END)]
        texts = _texts(data, this, read)
        if None in ends or None in texts:
            return False
        if ends and texts and max(ends) > min(map(len, texts)):
            return False
    return True


def evidence_iri_is_its_span(data, focus) -> bool:
    """An evidence span's IRI is its article's followed by #char={begin},{end}."""
    for this in focus:
        if type(this) is not NamedNode:
            return False
        articles = [text(a) for a in data.objects(this, CONTEXT)]
        begins = [text(b) for b in data.objects(this, BEGIN)]
        ends = [text(e) for e in data.objects(this, END)]
        if None in articles + begins + ends:
            return False
        if any(this.value != f"{a}#char={b},{e}" for a in articles for b in begins for e in ends):
            return False
    return True


AREA_PREFIX = re.compile(r"^https://w3id.org/mskg/id/(region|area)/")  # the queries' REPLACE pattern


def _after(value: str, prefix: str) -> str:
    """STRAFTER: the text after the first occurrence of `prefix`, or ""."""
    _, found, rest = value.partition(prefix)
    return rest if found else ""


def program_iri_is_region_and_year(data, focus) -> bool:
    """A program's IRI is id:program/{region code}/{year}."""
    for this in focus:
        regions = [text(r) for r in data.objects(this, PROGRAM_REGION)]
        years = [text(y) for y in data.objects(this, PROGRAM_YEAR)]
        if type(this) is not NamedNode or None in regions + years:
            return False
        if any(this.value != f"{ID}program/{AREA_PREFIX.sub('', r)}/{y}" for r in regions for y in years):
            return False
    return True


def program_item_numbers_are_distinct(data, focus) -> bool:
    """No two items of a program share a number."""
    for this in focus:
        items_of: dict = {}
        for item in data.objects(this, HAS_ITEM):
            for value in data.objects(item, ITEM_NUMBER):
                key = _key(value)
                if key is None:
                    return False
                items_of.setdefault(key, set()).add(item)
        if any(len(items) > 1 for items in items_of.values()):
            return False
    return True


def _values_and_indicators(data, this):
    values = [number(v) for v in data.objects(this, OBS_VALUE)]
    return (None if None in values else values), data.objects(this, INDICATOR)


def observation_value_in_range(data, focus) -> bool:
    """An observation's value is within its indicator's range (where the units agree)."""
    for this in focus:
        values, indicators = _values_and_indicators(data, this)
        if values is None:
            return False
        for indicator in indicators if values else ():
            lows = [number(m) for m in data.objects(indicator, MIN_VALUE)]
            highs = [number(m) for m in data.objects(indicator, MAX_VALUE)]
            if not lows and not highs:
                continue
            units = data.objects(indicator, UNIT)
            if not _named(units) or None in lows + highs:
                return False
            if not all(u in data.objects(this, UNIT_MEASURE) for u in units):
                continue  # the indicator's unit is not the observation's: the range does not apply
            if any(v < low for v in values for low in lows) or any(v > high for v in values for high in highs):
                return False
    return True


def observation_value_not_negative(data, focus) -> bool:
    """A value is negative only for an indicator that allows it."""
    for this in focus:
        values, indicators = _values_and_indicators(data, this)
        if values is None:
            return False
        if indicators and any(v < 0 for v in values):
            for indicator in indicators:
                lows = [number(m) for m in data.objects(indicator, MIN_VALUE)]
                if None in lows or not any(low < 0 for low in lows):
                    return False
    return True


def observation_iri_is_its_dimensions(data, focus) -> bool:
    """An observation's IRI is made of its dimensions."""
    for this in focus:
        parts = [[text(n) for n in data.objects(this, p)] for p in (REF_AREA, INDICATOR, REF_PERIOD, STATUS)]
        if type(this) is not NamedNode or any(None in part for part in parts):
            return False
        for area in parts[0]:
            for indicator in parts[1]:
                for period in parts[2]:
                    for status in parts[3]:
                        expected = (f"{ID}obs/{AREA_PREFIX.sub('', area)}/{_after(indicator, ID + 'indicator/')}/"
                                    f"{_after(period, ID + 'period/')}/{_after(status, ID + 'code/status/')}")
                        if this.value != expected:
                            return False
    return True


def observation_value_is_reported(data, focus) -> bool:
    """An observation's value is one its evidence spans report."""
    for this in focus:
        values = [number(v) for v in data.objects(this, OBS_VALUE)]
        if not values:
            continue
        reported = _span_values(data, this, DERIVED)
        if reported is not None:
            numbers = [number(r) for r in reported]
            if None in values or None in numbers or any(v not in numbers for v in values):
                return False
    return True


def _iri_made_of(data, focus, predicate: NamedNode, made: Callable[[str], str]) -> bool:
    """No focus node whose IRI is not made(STR(value)) for every value of `predicate`."""
    for this in focus:
        values = [text(v) for v in data.objects(this, predicate)]
        if type(this) is not NamedNode or None in values:
            return False
        if any(this.value != made(v) for v in values):
            return False
    return True


def period_iri_is_its_notation(data, focus) -> bool:
    """A period's IRI is id:period/ and its notation."""
    return _iri_made_of(data, focus, NOTATION, lambda notation: f"{ID}period/{notation.replace('/', '--')}")


ITEM_SUFFIX = re.compile(r"[0-9a-f]{8}")


def program_item_iri_is_its_programs(data, focus) -> bool:
    """A program item's IRI is its program's, /item/ and 8 hex digits."""
    for this in focus:
        programs = data.subjects(HAS_ITEM, this)
        if type(this) is not NamedNode or not _named(programs):
            return False
        for program in programs:
            prefix = program.value + "/item/"
            if not (this.value.startswith(prefix) and ITEM_SUFFIX.fullmatch(this.value[len(prefix):])):
                return False
    return True


def article_iri_is_its_hash(data, focus) -> bool:
    """An article's IRI holds the first 16 hex digits of its content hash."""
    return _iri_made_of(data, focus, CONTENT_HASH, lambda content_hash: f"{ID}article/{content_hash[7:23]}")


def article_hash_is_its_text(data, focus) -> bool:
    """An article's content hash is the SHA-256 of its text."""
    for this in focus:
        hashes = [text(h) for h in data.objects(this, CONTENT_HASH)]
        texts = [text(t) for t in data.objects(this, IS_STRING)]
        if None in hashes + texts:
            return False
        for content in texts if hashes else ():
            expected = "sha256:" + sha256(content.encode("utf-8")).hexdigest()
            if any(h != expected for h in hashes):
                return False
    return True


RESTATED: dict[str, Callable] = {
    "SELECT $this (mskg:reportedIn AS ?path) ?value WHERE { $this mskg:conflictOf ?observation ; "
    "mskg:reportedIn ?value . ?value a mskg:Evidence . FILTER NOT EXISTS { ?observation prov:wasDerivedFrom "
    "?value } }": conflict_reports_are_derived,
    "SELECT $this WHERE { FILTER NOT EXISTS { $this mskg:reportedIn ?span . FILTER NOT EXISTS { ?span "
    "mskg:reportedValue ?any } } FILTER NOT EXISTS { $this mskg:reportedIn ?a , ?b . ?a mskg:reportedValue ?x . "
    "?b mskg:reportedValue ?y . FILTER (?x != ?y) } }": conflict_values_differ,
    'SELECT $this ?path ?name ?lang WHERE { { BIND (skos:prefLabel AS ?path) BIND ("skos:prefLabel" AS ?name) '
    'BIND ("en" AS ?lang) } UNION { BIND (skos:definition AS ?path) BIND ("skos:definition" AS ?name) BIND '
    '("zh" AS ?lang) } UNION { BIND (skos:definition AS ?path) BIND ("skos:definition" AS ?name) BIND ("en" AS '
    '?lang) } FILTER (!STRSTARTS(STR($this), "https://w3id.org/mskg/id/indicator/provisional/")) FILTER NOT '
    'EXISTS { $this ?path ?text . FILTER (LCASE(LANG(?text)) = ?lang) } }': _provisional,
    'SELECT $this ?path ?name WHERE { { BIND (mskg:unit AS ?path) BIND ("mskg:unit" AS ?name) } UNION { BIND '
    '(mskg:topic AS ?path) BIND ("mskg:topic" AS ?name) } UNION { BIND (mskg:measureKind AS ?path) BIND '
    '("mskg:measureKind" AS ?name) } FILTER (!STRSTARTS(STR($this), '
    '"https://w3id.org/mskg/id/indicator/provisional/")) FILTER NOT EXISTS { $this ?path ?value } }': _provisional,
    "SELECT $this (nif:anchorOf AS ?path) ?value ?begin ?end ?actual WHERE { $this nif:anchorOf ?value ; "
    "nif:beginIndex ?begin ; nif:endIndex ?end ; nif:referenceContext/nif:isString ?text . BIND (SUBSTR(?text, "
    "?begin + 1, ?end - ?begin) AS ?actual) FILTER (STR(?actual) != STR(?value)) }": evidence_anchor_is_the_text,
    "SELECT $this (nif:endIndex AS ?path) ?value ?length WHERE { $this nif:endIndex ?value ; "
    "nif:referenceContext/nif:isString ?text . BIND (STRLEN(?text) AS ?length) FILTER (?value > ?length) }":
        evidence_end_is_in_the_text,
    'SELECT $this WHERE { $this nif:referenceContext ?article ; nif:beginIndex ?begin ; nif:endIndex ?end . '
    'FILTER (STR($this) != CONCAT(STR(?article), "#char=", STR(?begin), ",", STR(?end))) }':
        evidence_iri_is_its_span,
    'SELECT $this WHERE { $this mskg:programRegion ?region ; mskg:programYear ?year . FILTER (STR($this) != '
    'CONCAT("https://w3id.org/mskg/id/program/", REPLACE(STR(?region), '
    '"^https://w3id.org/mskg/id/(region|area)/", ""), "/", STR(?year))) }': program_iri_is_region_and_year,
    "SELECT DISTINCT $this (mskg:hasItem AS ?path) ?value WHERE { $this mskg:hasItem ?a , ?b . ?a "
    "mskg:itemNumber ?value . ?b mskg:itemNumber ?value . FILTER (?a != ?b) }": program_item_numbers_are_distinct,
    "SELECT $this (sdmx-measure:obsValue AS ?path) ?value ?min ?max WHERE { $this sdmx-measure:obsValue ?value ; "
    "mskg:indicator ?indicator . OPTIONAL { ?indicator mskg:minValue ?min } OPTIONAL { ?indicator mskg:maxValue "
    "?max } FILTER (BOUND(?min) || BOUND(?max)) FILTER NOT EXISTS { ?indicator mskg:unit ?unit . FILTER NOT "
    "EXISTS { $this sdmx-attribute:unitMeasure ?unit } } FILTER ((BOUND(?min) && ?value < ?min) || (BOUND(?max) "
    "&& ?value > ?max)) }": observation_value_in_range,
    "SELECT $this (sdmx-measure:obsValue AS ?path) ?value WHERE { $this sdmx-measure:obsValue ?value ; "
    "mskg:indicator ?indicator . FILTER (?value < 0) FILTER NOT EXISTS { ?indicator mskg:minValue ?min . FILTER "
    "(?min < 0) } }": observation_value_not_negative,
    'SELECT $this WHERE { $this sdmx-dimension:refArea ?area ; mskg:indicator ?indicator ; '
    'sdmx-dimension:refPeriod ?period ; mskg:status ?status . FILTER (STR($this) != '
    'CONCAT("https://w3id.org/mskg/id/obs/", REPLACE(STR(?area), "^https://w3id.org/mskg/id/(region|area)/", ""), '
    '"/", STRAFTER(STR(?indicator), "https://w3id.org/mskg/id/indicator/"), "/", STRAFTER(STR(?period), '
    '"https://w3id.org/mskg/id/period/"), "/", STRAFTER(STR(?status), "https://w3id.org/mskg/id/code/status/"))) }':
        observation_iri_is_its_dimensions,
    "SELECT $this (sdmx-measure:obsValue AS ?path) ?value WHERE { $this sdmx-measure:obsValue ?value . FILTER NOT "
    "EXISTS { $this prov:wasDerivedFrom ?span . FILTER NOT EXISTS { ?span mskg:reportedValue ?any } } FILTER NOT "
    "EXISTS { $this prov:wasDerivedFrom/mskg:reportedValue ?reported . FILTER (?reported = ?value) } }":
        observation_value_is_reported,
    'SELECT $this WHERE { $this skos:notation ?notation . FILTER (STR($this) != '
    'CONCAT("https://w3id.org/mskg/id/period/", REPLACE(STR(?notation), "/", "--"))) }': period_iri_is_its_notation,
    'SELECT $this WHERE { ?program mskg:hasItem $this . BIND (CONCAT(STR(?program), "/item/") AS ?prefix) FILTER '
    '(!(STRSTARTS(STR($this), ?prefix) && REGEX(STRAFTER(STR($this), ?prefix), "^[0-9a-f]{8}$"))) }':
        program_item_iri_is_its_programs,
    'SELECT $this WHERE { $this mskg:contentHash ?hash . FILTER (STR($this) != '
    'CONCAT("https://w3id.org/mskg/id/article/", SUBSTR(STR(?hash), 8, 16))) }': article_iri_is_its_hash,
    'SELECT $this (mskg:contentHash AS ?path) ?value WHERE { $this mskg:contentHash ?value ; nif:isString ?text . '
    'FILTER (STR(?value) != CONCAT("sha256:", SHA256(STR(?text)))) }': article_hash_is_its_text,
}


def restatement(query: str) -> Callable | None:
    """The Python restatement of a SHACL-SPARQL constraint's query (its text after its
    PREFIX lines), or None if it has none."""
    return RESTATED.get(" ".join(query.split()))
