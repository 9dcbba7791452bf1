"""Name search over regions, indicators, programs and articles: an index in memory, read from the store.

The index holds, per entity, its search keys (labels in every language,
alternative labels, pinyin, codes) in one normal form: NFKC, traditional
Chinese turned simplified (OpenCC t2s), lower case, accents dropped, and
everything but letters and digits removed. So 克拉瑪依 finds 克拉玛依市,
`ālètài`, `Aletai` and `a le tai` all find 阿勒泰, and `6543` the codes
starting with it. The keys are joined into one text, one key a line, which
a query is looked for in (C speed); a hit is exact (a whole key), a prefix
of a key, or inside one. A query of several words also finds entities where
each word is in some key (`阿勒泰 2023` finds the program), ranked below.

Ranking: exact > prefix > substring > all words; ties go to the higher
administrative level, then to more observations, then to the shorter label
and the IRI (a fixed order).

The index is built when first needed and again when the store changes. An
embedded store's index is read through a read-only handle opened for the
build and closed after it: reading every name and counting every region's
observations fills a handle's block caches (~180 MiB at 10^6 observations),
which the serving handle would have kept for good. What
"changes" means is a fingerprint (`FINGERPRINT`): the dataset description's
size and date (which `mskg ingest` updates) and the number of naming
triples. It is read again at most every `recheck` seconds, and at once after
`invalidate()` (the app calls it after a write through /sparql). An edit that
keeps every one of those numbers (a label replaced by one of the same
count) is seen once the description changes.
"""

from __future__ import annotations

import bisect
import itertools
import logging
import re
import threading
import time
import unicodedata
from dataclasses import dataclass, field

import opencc
import pyoxigraph as ox
from pypinyin import Style, lazy_pinyin

from mskg.web import heap
from mskg.web.engine import LocalEngine
from mskg.web.reads import Reader

ID = "https://w3id.org/mskg/id/"
KINDS = ("region", "indicator", "program", "article")
LEVELS = {"country": 0, "province": 1, "prefecture": 2, "county": 3, "township": 4}
"""Administrative levels, highest first; entities without one rank after them."""
EXACT, PREFIX, SUBSTRING, ALL_WORDS = 3.0, 2.0, 1.0, 0.5

_PREFIXES = """PREFIX mskg: <https://w3id.org/mskg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX void: <http://rdfs.org/ns/void#>
PREFIX sdmx-dimension: <http://purl.org/linked-data/sdmx/2009/dimension#>
"""
NAMES = _PREFIXES + """SELECT DISTINCT ?s ?p ?o WHERE {
  VALUES ?p { skos:prefLabel skos:altLabel skos:notation mskg:level dcterms:title }
  ?s ?p ?o
}"""
"""Every naming triple: regions, indicators and article titles are told apart by IRI
(each pattern alone: joining on rdf:type would repeat each triple once per graph it is in)."""
PROGRAMS = _PREFIXES + "SELECT DISTINCT ?program ?label WHERE { ?program mskg:programYear ?year ; rdfs:label ?label }"
REGION_COUNTS = _PREFIXES + """SELECT ?entity (COUNT(DISTINCT ?observation) AS ?n)
WHERE { ?observation sdmx-dimension:refArea ?entity } GROUP BY ?entity"""
INDICATOR_COUNTS = _PREFIXES + """SELECT ?entity (COUNT(DISTINCT ?observation) AS ?n)
WHERE { ?observation mskg:indicator ?entity } GROUP BY ?entity"""
FINGERPRINT = _PREFIXES + """SELECT ?triples ?modified ?names WHERE {
  { SELECT (COUNT(*) AS ?names) WHERE {
      VALUES ?p { skos:prefLabel skos:altLabel skos:notation dcterms:title rdfs:label mskg:programYear }
      ?s ?p ?o } }
  OPTIONAL { GRAPH <https://w3id.org/mskg/id/graph/dataset> {
      <https://w3id.org/mskg/id/dataset> void:triples ?triples .
      OPTIONAL { <https://w3id.org/mskg/id/dataset> dcterms:modified ?modified } } }
}"""

log = logging.getLogger("uvicorn.error")
_T2S = opencc.OpenCC("t2s")
_T2S_LOCK = threading.Lock()
_DROPPED = re.compile(r"[\W_]+")


def normalise(text: str) -> str:
    """The form keys and queries are compared in: simplified Chinese, lower-case ASCII letters
    without accents or tones, digits; no spaces, punctuation or control characters."""
    text = _DROPPED.sub("", unicodedata.normalize("NFKC", text))
    with _T2S_LOCK:
        text = _T2S.convert(text)
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def pinyin(text: str) -> str:
    """Toneless pinyin of the Chinese in text, syllables run together."""
    return "".join(lazy_pinyin(text, style=Style.NORMAL, errors="default"))


@dataclass(frozen=True)
class Hit:
    """One search result."""

    iri: str
    url: str
    """the local path of the entity's page, e.g. /id/region/654300"""
    kind: str
    label: str
    """the Chinese label"""
    label_en: str | None
    code: str | None
    """GB/T 2260 code of a region, slug of an indicator, code/year of a program"""
    score: float


@dataclass
class Entity:
    """An indexed entity with what ranks it."""

    iri: str
    kind: str
    label: str = ""
    label_en: str | None = None
    code: str | None = None
    level: int = len(LEVELS)
    observations: int = 0
    keys: set[str] = field(default_factory=set)

    def order(self) -> tuple:
        """The order of entities with the same score."""
        return self.level, -self.observations, len(self.label), self.label, self.iri

    def hit(self, score: float) -> Hit:
        """This entity as a result with score."""
        return Hit(self.iri, "/" + self.iri.removeprefix("https://w3id.org/mskg/"), self.kind, self.label,
                   self.label_en, self.code, score)


class Index:
    """The keys of a set of entities, searchable.

    The keys are sorted, so those equal to or starting with a query are one slice (bisect), and
    joined one a line into a text that a query is looked for in, for the keys holding it: work in
    C per matching key, in Python only per matching entity."""

    def __init__(self, entities: list[Entity]) -> None:
        self.entities = sorted(entities, key=Entity.order)
        pairs = sorted((key, number) for number, entity in enumerate(self.entities) for key in entity.keys)
        self._keys = [key for key, _ in pairs]
        self._owners = [number for _, number in pairs]
        self._starts = list(itertools.accumulate((len(key) + 1 for key in self._keys), initial=1))[:-1]
        self._text = "\n" + "\n".join(self._keys) + "\n"
        self._longest = max(map(len, self._keys), default=0)

    def matches(self, needle: str) -> tuple[set[int], set[int], set[int]]:
        """The entities with a key equal to needle, starting with it, and holding it (each set
        within the next), by their number in self.entities."""
        if len(needle) > self._longest:
            return set(), set(), set()
        keys, owners = self._keys, self._owners
        low = bisect.bisect_left(keys, needle)
        high = bisect.bisect_left(keys, needle + "\U0010ffff", low)
        exact = set(owners[low:bisect.bisect_right(keys, needle, low, high)])
        starts = self._starts
        holding = {owners[bisect.bisect_right(starts, match.start()) - 1]
                   for match in re.finditer(re.escape(needle), self._text)}
        return exact, set(owners[low:high]), holding

    def search(self, text: str, kinds: set[str] | None) -> list[tuple[float, Entity]]:
        """Every entity matching text (of one of kinds) with its score, best first."""
        words = list(dict.fromkeys(word for word in (normalise(part) for part in text.split()) if word))
        if not words:
            return []
        exact, prefix, holding = self.matches("".join(words))
        groups = [(EXACT, exact), (PREFIX, prefix - exact), (SUBSTRING, holding - prefix)]
        if len(words) > 1:
            every = self.matches(words[0])[2]
            for word in words[1:]:
                if not every:
                    break
                every &= self.matches(word)[2]
            groups.append((ALL_WORDS, every - holding))
        entities = self.entities
        return [(score, entities[number]) for score, group in groups for number in sorted(group)
                if kinds is None or entities[number].kind in kinds]


class SearchIndex:
    """The search index of the store a reader reads, kept up to date with it."""

    def __init__(self, reader: Reader, *, recheck: float = 10.0, path: str | None = None) -> None:
        """`path`: the directory of the embedded store the reader reads, to build from a handle of its own."""
        self.reader = reader
        self.recheck = recheck
        self.path = path
        self._lock = threading.Lock()
        self._index: Index | None = None
        self._fingerprint: tuple | None = None
        self._checked = float("-inf")

    def search(self, text: str, *, kinds: set[str] | None = None, limit: int = 20,
               offset: int = 0) -> tuple[int, list[Hit]]:
        """The number of entities matching text and the hits from offset on (at most limit)."""
        ranked = self.current().search(text, kinds)
        return len(ranked), [entity.hit(score) for score, entity in ranked[offset:offset + limit]]

    def build_soon(self) -> None:
        """Build the index now, in a thread of its own: at start-up, while the query workers hold
        little, the build's transient memory (~250 MiB at 10^6 observations) does not add to theirs."""
        def build() -> None:
            try:
                self.current()
            except Exception:  # noqa: BLE001 - the first search builds it again and reports what fails
                pass

        threading.Thread(target=build, name="mskg-search-index", daemon=True).start()

    def invalidate(self) -> None:
        """Read the fingerprint again before the next search (the store may have changed)."""
        self._checked = float("-inf")

    def current(self) -> Index:
        """The index, built or rebuilt first if the store changed since it was built."""
        with self._lock:
            if self._index is None or time.monotonic() - self._checked >= self.recheck:
                fingerprint = self._read_fingerprint()
                self._checked = time.monotonic()
                if fingerprint != self._fingerprint or self._index is None:
                    self._index = Index(self._read_entities())
                    self._fingerprint = fingerprint
                    heap.give_back_free_memory()  # what reading the store took (~50 MiB at 10^6)
            return self._index

    def _read_entities(self) -> list[Entity]:
        """read_entities through a read-only handle of the store's own, closed once read; through
        the serving reader if there is no path, or if that handle fails (a secondary handle opened
        while the serving one compacts can find one of its files gone: seen after a write)."""
        if self.path is not None:
            try:
                engine = LocalEngine(ox.Store.read_only(self.path),
                                     union_default_graph=self.reader.engine.union_default_graph)
                return read_entities(Reader(engine))
            except (OSError, RuntimeError) as error:
                log.warning("search index: read through the serving handle (a handle of its own failed: %s)", error)
        return read_entities(self.reader)

    def _read_fingerprint(self) -> tuple:
        rows = self.reader.select(FINGERPRINT)
        return tuple(sorted((name, str(term)) for row in rows for name, term in row.items()))


def read_entities(reader: Reader) -> list[Entity]:
    """The regions, indicators, programs and articles of the store with their keys."""
    entities: dict[str, Entity] = {}
    regions, indicators, articles = ID + "region/", ID + "indicator/", ID + "article/"
    for row in reader.select(NAMES):
        subject, predicate, value = row["s"].value, row["p"].value, row["o"]
        if subject.startswith((regions, ID + "area/")):
            kind = "region"
        elif subject.startswith(indicators):
            kind = "indicator"
        elif subject.startswith(articles) and "#" not in subject:
            kind = "article"
        else:
            continue
        entity = entities.setdefault(subject, Entity(subject, kind))
        _add(entity, predicate.rsplit("#", 1)[-1].rsplit("/", 1)[-1], value)
    for query in (REGION_COUNTS, INDICATOR_COUNTS):
        for row in reader.select(query):
            entity = entities.get(row["entity"].value)
            if entity is not None:
                entity.observations = int(row["n"].value)
    programs: dict[str, list[str]] = {}
    for row in reader.select(PROGRAMS):
        programs.setdefault(row["program"].value, []).append(row["label"].value)
    result = [entity for entity in entities.values() if entity.label]
    for entity in result:
        _finish(entity)
    return result + [_program(iri, sorted(labels), entities) for iri, labels in programs.items()]


def _add(entity: Entity, name: str, value: ox.NamedNode | ox.Literal) -> None:
    """Record one naming triple of entity (name: the property's local name)."""
    if name == "level":
        entity.level = LEVELS.get(value.value.rsplit("/", 1)[-1], len(LEVELS))
        return
    if not isinstance(value, ox.Literal):
        return
    language = (value.language or "").lower()
    if (name == "prefLabel" and language == "zh") or (name == "title" and language in ("zh", "")):
        entity.label = min(entity.label, value.value) if entity.label else value.value
    elif name in ("prefLabel", "title") and language == "en":
        entity.label_en = min(entity.label_en, value.value) if entity.label_en else value.value
    elif name == "notation":
        entity.code = value.value
    entity.keys.add(value.value)


def _finish(entity: Entity) -> None:
    """Add the pinyin of the label to regions and curated indicators (beside a region's curated
    pinyin label, which may read a character differently), and normalise the keys."""
    if entity.kind == "region" or (entity.kind == "indicator" and "/provisional/" not in entity.iri):
        entity.keys.add(pinyin(entity.label))
    if entity.kind == "indicator" and entity.code is None:
        entity.code = entity.iri.removeprefix(ID + "indicator/")
    entity.keys = {key for key in map(normalise, entity.keys) if key}


def _program(iri: str, labels: list[str], entities: dict[str, Entity]) -> Entity:
    """A program's entity, named after its region and year (its IRI is id:program/{code}/{year})."""
    code, year = iri.removeprefix(ID + "program/").split("/")[:2]
    region = entities.get(ID + "region/" + code)
    program = Entity(iri, "program", code=f"{code}/{year}")
    name = region.label if region else code
    own = labels[0] if labels else f"{year}年民生实事"
    program.label = own if own.startswith(name) else f"{name}{own}"
    if region and region.label_en:
        program.label_en = f"{region.label_en}: livelihood projects {year}"
    program.keys = {normalise(key + year) for key in (region.keys if region else {code})} | set(map(normalise, labels))
    program.keys.discard("")
    return program
