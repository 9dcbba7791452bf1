"""Synthetic mskg stores of any size, shaped exactly like a real build.

    python bench/synthetic.py --observations 1000000 --store /tmp/syn6/store [--seed 1] [--check]

Writes a new embedded store version (build_to_side, atomic switch) holding:
the reference graphs (reference_nquads: ontology, the real regions with their
hierarchy, areas, indicators, units); ~500 indicators (the 266 curated ones
and 234 provisional ones, defined in the article graphs that use them, as
observations.py's _provisional does); synthetic articles, each its own named
graph with metadata, a synthetic text whose evidence quotes are really the
text at their offsets, a livelihood program, and per observation its evidence
span and dimensions; the observations graph (published value, conflicts) as
mskg.graph.merge computes it; and the VoID description.

Articles are built as the real `Article`/`Extraction` objects and written as
N-Quads by a fast writer; the first articles are checked against
observations.py's `article_triples` and `observation_triples` (same quads), so
the shape cannot drift. Each article covers one (real county, prefecture or
province; year) pair, 10-50 indicators; ~10% of its observations are
re-reported by the next article (30% of those with another value: a conflict).
Quads stream into the store in chunks (bulk_load, in a thread while the next
chunk is generated): memory does not grow with the size. `--check` also runs
the Data Cube constraints (datacube.check) on the result and SHACL on one
article's batch (use it up to ~10^5).
Prints triples, time and peak RSS.
"""

from __future__ import annotations

import argparse
import math
import random
import resource
import time
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pyoxigraph

from mskg.extract.pipeline import Extraction, Observation
from mskg.extract.programs import Item, Program
from mskg.graph import describe, iris
from mskg.graph.merge import merge
from mskg.graph.observations import (INDICATOR_SCHEME, OBSERVATIONS_GRAPH, PROVISIONAL_SCHEME, Article,
                                     article_triples, observation_triples, reports)
from mskg.graph.reference import reference_nquads
from mskg.namespaces import VOID
from mskg.reference import indicators as indicator_scheme
from mskg.reference import regions as gazetteer
from mskg.reference import units as unit_table
from mskg.store.embedded import build_to_side

YEARS = range(2011, 2025)
PROVISIONAL = 234
PROVISIONAL_SHARE = 0.06
CHUNK = 400_000  # quads per bulk_load
SHAPE_CHECKS = 3  # articles compared with observations.py
FILLER = ("各项工作稳步推进，群众获得感、幸福感、安全感持续增强。", "相关部门加强统筹协调，确保各项任务按期完成。",
          "下一步将继续聚焦群众急难愁盼问题，推动民生实事落地见效。")
NOUNS = "社区食堂 口袋公园 便民驿站 充电桩 健身步道 老年助餐点 托育机构 农家书屋 公共厕所 停车泊位 冷链仓库 爱心驿站".split()

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
DCT = "http://purl.org/dc/terms/"
TIME = "http://www.w3.org/2006/time#"
M = "https://w3id.org/mskg/ontology#"
QB = "http://purl.org/linked-data/cube#"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
SDMX = "http://purl.org/linked-data/sdmx/2009/"
NOTE = "Provisional: named from the article's own phrase; not yet in the curated scheme."


def _lit(text: str) -> str:
    """An N-Triples string literal's quoted form."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'


def _decimal(value: Decimal) -> str:
    return f'"{format(value.normalize(), "f")}"^^<{XSD}decimal>'


class Universe:
    """The regions, indicators and units synthetic articles draw from."""

    def __init__(self, rng: random.Random):
        regions = gazetteer.load()
        self.regions = sorted((r.code, r.name) for r in regions.values()
                              if r.level in ("county", "prefecture", "province"))
        table = unit_table.load()
        self.surface = {slug: min((f.surface for f in table.forms.values() if f.unit_slug == slug
                                   and f.multiplier == 1), key=len, default=unit.label_zh)
                        for slug, unit in table.units.items()}
        self.curated = [(i.slug, i.label_zh, False, i.kind, table.units[i.unit], i.min_value, i.max_value)
                        for i in sorted(indicator_scheme.load().by_slug.values(), key=lambda i: i.slug)]
        self.provisional = []
        for n in range(PROVISIONAL):
            label = f"新建{rng.choice(NOUNS)}{n + 1}类"
            unit = table.units[rng.choice(("count", "person", "PERCENT"))]
            self.provisional.append((iris.provisional_indicator_slug(label), label, True, "flow", unit,
                                     Decimal(0), Decimal(100) if unit.slug == "PERCENT" else None))
        self.pairs = len(self.regions) * len(YEARS)
        self.stride = next(s for s in range(7919, self.pairs) if math.gcd(s, self.pairs) == 1)

    def indicators(self, rng: random.Random, count: int) -> list[tuple]:
        """`count` distinct indicators, ~6% of them provisional (as in the real articles)."""
        provisional = sum(rng.random() < PROVISIONAL_SHARE for _ in range(count))
        return rng.sample(self.curated, count - provisional) + rng.sample(self.provisional, provisional)

    def place(self, number: int) -> tuple[str, str, int]:
        """Article `number`'s (region code, region name, year): all distinct, spread evenly."""
        if number >= self.pairs:
            raise SystemExit(f"more than {self.pairs} articles: add years or regions")
        pair = number * self.stride % self.pairs
        code, name = self.regions[pair // len(YEARS)]
        return code, name, YEARS[pair % len(YEARS)]


def _value(rng: random.Random, unit, low: Decimal | None, high: Decimal | None) -> Decimal:
    if unit.slug in ("PERCENT", "PERMILLE") or high is not None:
        top = high if high is not None else Decimal(100)
        return (Decimal(rng.randint(1, 999)) * top / 1000).quantize(Decimal("0.1"))
    return Decimal(int(10 ** rng.uniform(0, 5.5)))


class Writer:
    """Builds the text of one synthetic article sentence by sentence, keeping offsets."""

    def __init__(self):
        self.parts: list[str] = []
        self.length = 0

    def add(self, text: str) -> int:
        """Append text; return where it starts (code points)."""
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        return start

    @property
    def text(self) -> str:
        return "".join(self.parts)


def article(number: int, universe: Universe, rng: random.Random, wanted: int,
            echoes: list[Observation]) -> tuple[Article, list[Observation]]:
    """Synthetic article `number` with `wanted` new observations, re-reporting `echoes`
    (the previous article's observations); returns it and the observations the next
    article should re-report."""
    code, name, year = universe.place(number)
    w = Writer()
    w.add(f"{name}{year}年民生实事工作综述\n")
    titles = [f"{rng.choice(NOUNS)}建设工程{k}" for k in range(1, rng.randint(2, 7))]
    start = w.add(f"{year}年{name}十件民生实事：")
    items = [Item(k, title, w.add(f"{k}.{title}；"), w.length) for k, title in enumerate(titles, 1)]
    program = Program(code, year, f"{name}{year}年十件民生实事", start, w.length, f"{year}-01-15",
                      f"{name}人民政府", items)
    w.add("\n")
    observations = []
    for slug, label, provisional, kind, unit, low, high in universe.indicators(rng, wanted):
        period = f"{year}-12-31" if kind == "stock" else f"{year - 4}/{year}" if rng.random() < 0.05 else str(year)
        value = _value(rng, unit, low, high)
        quote = f"{label}{format(value, 'f')}{universe.surface[unit.slug]}"
        w.add(f"截至{year}年底，{name}")
        begin = w.add(quote)
        w.add("。" + "".join(rng.sample(FILLER, 2)))
        status = rng.choices(("actual", "target", "before"), (88, 10, 2))[0]
        qualifier = rng.choices(("exact", "more-than", "at-least", "approximate", "at-most"), (90, 4, 4, 1, 1))[0]
        item = f"{code}/{year}/{rng.choice(titles)}" if rng.random() < 0.2 else None
        observations.append(Observation(code, slug, label, provisional, period, kind, value, unit.slug, unit.iri,
                                        status, qualifier, begin, begin + len(quote), quote, begin,
                                        begin + len(quote) + 1, item))
    for echo in echoes:
        value = echo.value if rng.random() < 0.7 else echo.value / 2
        quote = f"{echo.indicator_label}{format(value, 'f')}{universe.surface[echo.unit]}"
        w.add("另据统计，")
        begin = w.add(quote)
        w.add("。\n")
        observations.append(Observation(echo.region, echo.indicator, echo.indicator_label, echo.provisional,
                                        echo.period, echo.period_kind, value, echo.unit, echo.unit_iri,
                                        echo.status, echo.qualifier, begin, begin + len(quote), quote, begin,
                                        begin + len(quote) + 1))
    w.add(rng.choice(FILLER))
    text = w.text
    extraction = Extraction(text, code, f"{year + 1}-01-{number % 28 + 1:02d}", observations, [program])
    made = Article(f"syn{number:07d}.txt", text, extraction, f"{name}{year}年民生实事进展", "合成日报",
                   extraction.published, f"https://example.org/syn/{number}")
    return made, [o for o in observations[:wanted] if rng.random() < 0.1]


def article_quads(a: Article) -> list[str]:
    """observations.py's article_triples(a), written directly as N-Quads lines."""
    g = f" <{a.iri}> ."
    s = f"<{a.iri}>"
    out = [f"{s} <{RDF}type> <{M}SourceArticle>{g}", f"{s} <{RDF}type> <https://schema.org/NewsArticle>{g}",
           f"{s} <{RDF}type> <{NIF}Context>{g}", f"{s} <{M}fileName> {_lit(a.file)}{g}",
           f"{s} <{M}contentHash> \"sha256:{a.content_hash}\"{g}", f"{s} <{NIF}isString> {_lit(a.text)}{g}",
           f"{s} <{DCT}title> {_lit(a.title)}@zh{g}", f"{s} <{DCT}publisher> {_lit(a.publisher)}@zh{g}",
           f'{s} <{DCT}issued> "{a.published}"^^<{XSD}date>{g}',
           f'{s} <https://schema.org/url> "{a.url}"^^<{XSD}anyURI>{g}']
    for o in a.extraction.observations:
        e = f"<{iris.evidence(a.iri, o.start, o.end)}>"
        ob = f"<{iris.observation(o.region, o.indicator, o.period, o.status)}>"
        out += [f"{e} <{RDF}type> <{M}Evidence>{g}", f"{e} <{RDF}type> <{NIF}RFC5147String>{g}",
                f"{e} <{NIF}referenceContext> {s}{g}",
                f'{e} <{NIF}beginIndex> "{o.start}"^^<{XSD}nonNegativeInteger>{g}',
                f'{e} <{NIF}endIndex> "{o.end}"^^<{XSD}nonNegativeInteger>{g}',
                f"{e} <{NIF}anchorOf> {_lit(o.quote)}{g}", f"{e} <{M}reportedValue> {_decimal(o.value)}{g}",
                f"{e} <{M}qualifier> <{iris.qualifier(o.qualifier)}>{g}",
                f"{e} <{SDMX}attribute#unitMeasure> <{o.unit_iri}>{g}",
                f"{ob} <{RDF}type> <{M}Observation>{g}", f"{ob} <{RDF}type> <{QB}Observation>{g}",
                f"{ob} <{QB}dataSet> <{describe.DATASET}>{g}",
                f"{ob} <{SDMX}dimension#refArea> <{iris.region(o.region)}>{g}",
                f"{ob} <{SDMX}dimension#refPeriod> <{iris.period(o.period)}>{g}",
                f"{ob} <{M}indicator> <{iris.indicator(o.indicator)}>{g}",
                f"{ob} <{M}status> <{iris.status(o.status)}>{g}", f"{ob} <{PROV}wasDerivedFrom> {e}{g}"]
        if o.program_item:
            region, year, title = o.program_item.split("/", 2)
            out.append(f"{ob} <{M}programItem> <{iris.program_item(region, int(year), title)}>{g}")
        p = f"<{iris.period(o.period)}>"
        instant = len(o.period) == 10
        out += [f"{p} <{RDF}type> <{TIME}{'Instant' if instant else 'ProperInterval'}>{g}",
                f"{p} <{SKOS}notation> {_lit(o.period)}{g}", f"{p} <{RDFS}label> {_lit(o.period)}{g}"]
        if o.provisional:
            i = f"<{iris.indicator(o.indicator)}>"
            out += [f"{i} <{RDF}type> <{M}Indicator>{g}", f"{i} <{RDF}type> <{SKOS}Concept>{g}",
                    f"{i} <{SKOS}prefLabel> {_lit(o.indicator_label)}@zh{g}",
                    f"{i} <{SKOS}inScheme> <{INDICATOR_SCHEME}>{g}", f"{i} <{SKOS}inScheme> <{PROVISIONAL_SCHEME}>{g}",
                    f"{i} <{SKOS}editorialNote> {_lit(NOTE)}@en{g}", f"{i} <{M}unit> <{o.unit_iri}>{g}"]
    for program in a.extraction.programs:
        p = f"<{iris.program(program.region, program.year)}>"
        out += [f"{p} <{RDF}type> <{M}LivelihoodProgram>{g}", f"{p} <{RDFS}label> {_lit(program.label)}@zh{g}",
                f"{p} <{M}programRegion> <{iris.region(program.region)}>{g}",
                f'{p} <{M}programYear> "{program.year}"^^<{XSD}gYear>{g}', f"{p} <{PROV}wasDerivedFrom> {s}{g}",
                f'{p} <{DCT}issued> "{program.adopted_on}"^^<{XSD}date>{g}',
                f"{p} <{M}adoptedBy> {_lit(program.adopted_by)}@zh{g}"]
        for item in program.items:
            i = f"<{iris.program_item(program.region, program.year, item.title)}>"
            out += [f"{p} <{M}hasItem> {i}{g}", f"{i} <{RDF}type> <{M}ProgramItem>{g}",
                    f"{i} <{RDFS}label> {_lit(item.title)}@zh{g}",
                    f'{i} <{M}itemNumber> "{item.number}"^^<{XSD}positiveInteger>{g}']
    return list(dict.fromkeys(out))  # a graph holds a period or provisional indicator once


def observation_quads(merged) -> list[str]:
    """observations.py's observation_triples(merged), written directly as N-Quads lines."""
    g = f" <{OBSERVATIONS_GRAPH}> ."
    out = []
    for m in merged:
        o, best = f"<{m.iri}>", m.preferred
        out += [f"{o} <{SDMX}measure#obsValue> {_decimal(best.value)}{g}",
                f"{o} <{SDMX}attribute#unitMeasure> <{best.unit}>{g}",
                f"{o} <{M}qualifier> <{iris.qualifier(best.qualifier)}>{g}",
                f"{o} <{PROV}wasDerivedFrom> <{best.evidence}>{g}"]
        if m.in_conflict:
            c = f"<{m.iri}/conflict>"
            out += [f"{c} <{RDF}type> <{M}Conflict>{g}", f"{c} <{M}conflictOf> {o}{g}"]
            out += [f"{c} <{M}reportedIn> <{r.evidence}>{g}" for r in m.reports]
    return out


def _same(lines: list[str], triples: list) -> bool:
    """Whether N-Quads lines hold exactly these triples (observations.py's)."""
    parsed = {(q.subject, q.predicate, q.object) for q in pyoxigraph.parse("\n".join(lines),
                                                                           format=pyoxigraph.RdfFormat.N_QUADS)}
    return parsed == set(triples)


def articles(observations: int, seed: int):
    """Yield (article, its N-Quads lines, observations-graph lines settled so far) until
    `observations` distinct observations are made."""
    rng = random.Random(seed)
    universe = Universe(rng)
    made, number, echoes, pending = 0, 0, [], []
    while made < observations:
        wanted = min(rng.randint(10, 50), observations - made)
        a, next_echoes = article(number, universe, rng, wanted, echoes)
        mine = reports(a)
        settled = merge(pending + mine[wanted:])  # the previous article's observations are now complete
        pending = mine[:wanted]
        made += wanted
        number += 1
        if made >= observations:
            settled += merge(pending)
        lines = article_quads(a)
        if number <= SHAPE_CHECKS:
            assert _same(lines, article_triples(a)), f"{a.file}: article graph differs from observations.py"
            assert _same(observation_quads(settled), observation_triples(settled)), "observations graph differs"
        assert all(a.text[o.start:o.end] == o.quote for o in a.extraction.observations)
        yield a, lines, observation_quads(settled)
        echoes = next_echoes


def generate(location: str, observations: int, seed: int, check: bool) -> None:
    """Write the synthetic store and print what it holds, how long it took and peak memory."""
    started = time.perf_counter()
    articles_count = 0
    first = None
    with build_to_side(location) as store, ThreadPoolExecutor(1) as loader:
        reference = reference_nquads()
        loading = loader.submit(store.bulk_load, reference)  # bulk_load releases the GIL: load while generating
        reference_triples = quads = reference.count(b"\n")
        chunk: list[str] = []
        for a, lines, settled in articles(observations, seed):
            first = first or a
            articles_count += 1
            chunk += lines
            chunk += settled
            if len(chunk) >= CHUNK:
                loading.result()
                loading = loader.submit(store.bulk_load, "\n".join(chunk) + "\n")
                quads += len(chunk)
                chunk = []
        loading.result()
        store.bulk_load("\n".join(chunk) + "\n")
        quads += len(chunk)
        loaded = time.perf_counter() - started
        description = describe.description(store)
        store.put_graph(str(describe.DESCRIPTION_GRAPH), description.serialize(format="nt", encoding="utf-8"))
        described = time.perf_counter() - started - loaded
    total = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    triples = int(description.value(describe.DATASET, VOID.triples))
    print(f"{observations:,} observations, {articles_count:,} articles, {quads:,} quads written, "
          f"{triples:,} triples in the store ({(triples - reference_triples) / observations:.1f} per observation "
          f"beside {reference_triples:,} reference triples); "
          f"generate+load {loaded:.1f} s, description {described:.1f} s, "
          f"flush+optimize {total - loaded - described:.1f} s, total {total:.1f} s; peak RSS {peak:,.0f} MiB")
    if check:
        _check(location, first)


def _check(location: str, first: Article) -> None:
    """Data Cube IC-1..IC-21 on the whole store; SHACL on the first article's batch."""
    from mskg.store.embedded import EmbeddedStore
    from mskg.validate import batch, datacube

    started = time.perf_counter()
    store = EmbeddedStore(location, read_only=True)
    results = datacube.check(store)
    print(f"datacube.check: {sum(r.passed for r in results)} of {len(results)} pass "
          f"({time.perf_counter() - started:.1f} s)")
    if not all(r.passed for r in results):
        print(datacube.report(results))
    shacl = batch.validate_article(article_triples(first), observation_triples(merge(reports(first))))
    print(f"SHACL on {first.file}'s batch: {shacl.text.splitlines()[0]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--observations", type=int, default=10_000)
    parser.add_argument("--store", required=True, help="embedded store location (a new version is made)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--check", action="store_true", help="run datacube.check and SHACL on the result")
    args = parser.parse_args()
    generate(args.store, args.observations, args.seed, args.check)


if __name__ == "__main__":
    main()
