"""Publishing: build a validated store from articles, ingest or remove one article.

build  reads a directory, extracts, assembles, validates, and loads everything
       into a new version of the store, which replaces the old one only if
       all of it is valid (embedded store: atomic switch; see store/embedded.py).
       The new version's bulk load is fed each article's graph as soon as it
       has been checked, so that parsing overlaps the checks.
ingest adds or replaces one article: its named graph, and the observations it
       touches recomputed from every report in the store, in one SPARQL Update.
remove takes one article out, and every observation only it supported.
Validation (SHACL) runs on each article's batch with the reference triples it
needs, so its cost follows the article, not the store.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache, partial
from pathlib import Path
from typing import Callable, Iterable, Iterator

import pyoxigraph
from rdflib.namespace import RDF

from mskg import corpus
from mskg.extract.pipeline import extract
from mskg.extract.text import ArticleError, read_article
from mskg.graph import describe
from mskg.graph.merge import MergedObservation, Report, merge
from mskg.graph.observations import OBSERVATIONS_GRAPH, Article, article_triples, observation_triples, reports
from mskg.graph.reference import reference_nquads, reference_ntriples
from mskg.graph.terms import Triple, ntriples, parse
from mskg.namespaces import MSKG
from mskg.store.base import Store
from mskg.store.embedded import build_to_side
from mskg.validate import batch, datacube

MSKG_SPACE = "https://w3id.org/mskg/"

PREFIXES = """PREFIX mskg: <https://w3id.org/mskg/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX sdmx-attribute: <http://purl.org/linked-data/sdmx/2009/attribute#>
"""


class ValidationFailed(RuntimeError):
    """Data that violates the shapes; nothing was written."""

    def __init__(self, report_text: str):
        super().__init__(report_text)
        self.report_text = report_text


@dataclass
class Outcome:
    """What a build, ingest or remove did."""

    articles: list[str] = field(default_factory=list)
    errors: list[ArticleError] = field(default_factory=list)
    observations: int = 0
    conflicts: int = 0


def _nquads(named: list[tuple[str, bytes]]) -> bytes:
    """Named graphs (name, N-Triples as graph/terms.ntriples writes them) as N-Quads.
    Each of their lines ends with " .\n", which a literal cannot hold (it escapes newlines)."""
    return b"".join(ntriples.replace(b" .\n", f" <{name}> .\n".encode("utf-8")) for name, ntriples in named)


@dataclass
class Graph:
    """A named graph to load: its N-Triples, how many triples they are (each
    written once) and what the dataset description counts in them."""

    name: str
    ntriples: bytes
    triples: int
    tally: describe.Tally


def _graph(name: str, triples: list[Triple]) -> Graph:
    """Distinct triples as a Graph."""
    return Graph(name, ntriples(triples), len(triples), describe.tally(triples))


def _checked_graph(job: tuple[Article, list[Triple]]) -> tuple[Graph, str | None]:
    """An article's graph, and its SHACL report if its batch (with these
    observation triples) fails."""
    article, observations = job
    triples = article_triples(article)
    failed = batch.check_article(triples, observations)
    return _graph(str(article.iri), triples), None if failed is None else f"{article.file}:\n{failed.text}"


_jobs: list = []  # in a check pool's worker: the jobs it inherited from the build


def _inherit(jobs: list) -> None:
    global _jobs
    _jobs = jobs


def _checked_job(index: int) -> tuple[Graph, str | None]:
    return _checked_graph(_jobs[index])


def _check_jobs(articles: list[Article], reported: list[list[Report]],
                triples_of: dict[str, list[Triple]]) -> list[tuple[Article, list[Triple]]]:
    """Each article with the triples of the observations it reports (`triples_of`
    an observation's IRI): what its SHACL batch holds besides its own graph."""
    return [(a, list(dict.fromkeys(t for o in dict.fromkeys(r.observation for r in mine) for t in triples_of[o])))
            for a, mine in zip(articles, reported)]


POOL_FROM = 16  # articles: below this a pool costs more than it saves
VERDICT_FROM = 64  # articles: below this indexing the reference data for verdict.py costs more than it saves


@contextmanager
def _mapper(workers: int, jobs: list | None = None):
    """map, or with workers > 1 a pool's ordered map: forked processes that share
    what this process holds (reference data, compiled shapes, extraction tables)
    and get `jobs` for _checked_job. It freezes what they inherit, for _frozen_garbage
    around the build to give back."""
    if workers <= 1:
        yield map
        return
    gc.freeze()  # the workers' garbage collections then skip what they inherit (~10% of their time)
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                             initializer=_inherit, initargs=(jobs or [],)) as pool:
        yield partial(pool.map, chunksize=4)


@contextmanager
def _frozen_garbage():
    """What is alive now, and what a pool freezes (_mapper), left out of garbage collections until
    the block ends: a full collection would otherwise scan the reference data and extraction
    tables again (0.4-0.7 s at 200 articles), though a build frees none of them."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _then(items: Iterable, finish: Callable[[], None]) -> Iterator:
    """The items, then finish() once they are exhausted."""
    yield from items
    finish()


def build(directory: Path, location: str, *, progress: Callable[[str], None] | None = None,
          workers: int | None = None) -> Outcome:
    """Build the store at `location` from the articles of `directory`.

    Everything is extracted and validated before anything is written; an
    embedded store is written to the side and switched to atomically.
    Extraction and validation run in `workers` processes (default: one per
    core, up to 2, for POOL_FROM articles or more); the result is the same."""
    with _frozen_garbage():
        return _build(directory, location, progress, workers)


def _build(directory: Path, location: str, progress: Callable[[str], None] | None, workers: int | None) -> Outcome:
    count = len(list(directory.glob("*.txt")))
    if workers is None:
        workers = min(2, os.cpu_count() or 1) if count >= POOL_FROM else 1
    if count >= VERDICT_FROM:  # before forking, not in every worker
        batch.warm_up()
    if workers > 1:
        corpus.prepare(directory)
    with _mapper(workers) as mapper:
        loaded = corpus.load(directory, progress=progress, mapper=mapper)
    reported = [reports(a) for a in loaded.articles]
    merged = merge([r for mine in reported for r in mine])
    triples_of = {m.iri: observation_triples([m]) for m in merged}
    jobs = _check_jobs(loaded.articles, reported, triples_of)
    observations = _graph(str(OBSERVATIONS_GRAPH), list(dict.fromkeys(t for m in merged for t in triples_of[m.iri])))
    with ExitStack() as pool:
        mapper = pool.enter_context(_mapper(workers, jobs))
        # a pool's map forks its workers at once, before the loading thread starts: they inherit no thread
        checked = mapper(_checked_job, range(len(jobs))) if workers > 1 else map(_checked_graph, jobs)
        with _loading(location) as load:
            # the pool is shut down once the last check is in: while its workers live, each page this
            # process writes that they share is copied first (in a process that has built before, the
            # Data Cube copy reuses such pages: ~0.35 s of system time at 200 articles)
            _publish(load, _then(checked, pool.close), observations)
    outcome = Outcome([a.file for a in loaded.articles], loaded.errors)
    outcome.observations = len(merged)
    outcome.conflicts = sum(1 for m in merged if m.in_conflict)
    return outcome


@lru_cache(maxsize=1)
def _reference_tally() -> tuple[describe.Tally, dict[str, int]]:
    """What the description counts in the reference data, and its graphs' triple
    counts: its distinct N-Triples lines (each triple is written one way), of which
    only the lines with a predicate the tally reads are parsed (~1% of them)."""
    tally, triples = describe.Tally(), {}
    for name, data in reference_ntriples().items():
        lines = set(data.splitlines()) - {b""}
        tallied = [line for line in lines if any(p in line for p in describe.TALLIED)]
        tally.add(describe.tally(parse(b"\n".join(tallied) + b"\n", pyoxigraph.RdfFormat.N_TRIPLES)))
        triples[name] = len(lines)
    return tally, triples


def _description(named: list[Graph]) -> bytes:
    """The dataset description (describe.description) of the reference data and
    these graphs, as N-Triples, from what they are known to hold: counting it
    from a copy of everything in memory cost ~1 ms an article."""
    reference, triples = _reference_tally()
    tally, triples = describe.Tally().add(reference), dict(triples)
    by_name: dict[str, list[Graph]] = {}
    for graph in named:
        tally.add(graph.tally)
        by_name.setdefault(graph.name, []).append(graph)
    for name, graphs in by_name.items():  # several graphs of one name: one text under several file names
        triples[name] = graphs[0].triples if len(graphs) == 1 else \
            len(set(b"".join(graph.ntriples for graph in graphs).splitlines()))
    total = sum(n for name, n in triples.items() if name.startswith(describe.SITE))
    graph = describe.description_of(tally.numbers(total), sorted(tally.typed["articles"]), tally.latest())
    return graph.serialize(format="nt", encoding="utf-8")


def _publish(load, checked: Iterable[tuple[Graph, str | None]], observations: Graph) -> None:
    """Write the reference data, each article graph as its check comes in, the
    observations graph and the description to `load` (a BulkLoad, or _Held),
    then check the Data Cube constraints on a copy in memory while the load
    finishes. Raise ValidationFailed with every failing article's SHACL report,
    or the constraints' report."""
    load.write(reference_nquads())
    graphs, failures = [], []
    for graph, failure in checked:
        if failure:
            failures.append(failure)
        elif not failures:  # once one has failed, nothing will be published
            load.write(_nquads([(graph.name, graph.ntriples)]))
        graphs.append(graph)
    if failures:
        raise ValidationFailed("\n\n".join(failures))
    description = _description(graphs + [observations])
    load.write(_nquads([(observations.name, observations.ntriples), (str(describe.DESCRIPTION_GRAPH), description)]))
    load.end()
    cube = datacube.check_merged(datacube.merged_ntriples(
        [*reference_ntriples().values(), *(graph.ntriples for graph in graphs), observations.ntriples, description]))
    if not all(result.passed for result in cube):
        raise ValidationFailed(datacube.report(cube))


class _Held:
    """N-Quads held until the build has passed (for a server, where a bulk load
    cannot be written to the side)."""

    def __init__(self):
        self.parts: list[bytes] = []

    def write(self, nquads: bytes) -> None:
        self.parts.append(nquads)

    def end(self) -> None:
        pass


@contextmanager
def _loading(location: str):
    """Where the build writes its N-Quads: an embedded store's new version,
    bulk-loading them as they come and made current if the block succeeds; or,
    for a server, held and written (its mskg graphs replaced) once it has."""
    if "://" not in location:
        with build_to_side(location) as store, store.bulk_loading() as load:
            yield load
        return
    held = _Held()
    yield held
    _replace_on_server(location, b"".join(held.parts))


def _replace_on_server(location: str, nquads: bytes) -> None:
    """Drop a server's mskg graphs and write these N-Quads one graph at a time."""
    from mskg.store import open_store

    store = open_store(location)
    for graph in store.graphs():
        if graph.startswith(MSKG_SPACE):
            store.delete_graph(graph)
    by_graph: dict[str, list[bytes]] = {}
    for line in nquads.splitlines():
        if line.strip():
            head, _, graph = line.rstrip(b" .").rpartition(b" ")
            by_graph.setdefault(graph.decode()[1:-1], []).append(head + b" .")
    for graph, lines in by_graph.items():
        store.put_graph(graph, b"\n".join(lines) + b"\n")


def read_one(path: Path, *, title: str = "", publisher: str = "", published: str = "", url: str = "",
             region: str = "") -> Article:
    """Read and extract one article file with its metadata."""
    text = read_article(path)
    extraction = extract(text, region=region or None, published=published or None, title=title or None)
    return Article(path.name, text, extraction, title, publisher, published, url)


def _graphs_of(store: Store, file_name: str) -> list[str]:
    literal = pyoxigraph.Literal(file_name)
    rows = store.select(PREFIXES + f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?a mskg:fileName {literal} }} }}")
    return sorted(row["g"] for row in rows)


def _reported_in(store: Store, graphs: list[str]) -> set[str]:
    if not graphs:
        return set()
    values = " ".join(f"<{g}>" for g in graphs)
    rows = store.select(PREFIXES + f"SELECT DISTINCT ?o WHERE {{ VALUES ?g {{ {values} }} "
                        f"GRAPH ?g {{ ?o prov:wasDerivedFrom ?e }} }}")
    return {row["o"] for row in rows}


def _stored_reports(store: Store, observations: set[str], excluded: list[str]) -> list[Report]:
    """Every report of these observations held in the store, outside `excluded` graphs."""
    if not observations:
        return []
    values = " ".join(f"<{o}>" for o in sorted(observations))
    not_in = f"FILTER(?g NOT IN ({', '.join(f'<{g}>' for g in excluded)}))" if excluded else ""
    rows = store.select(PREFIXES + f"""
        SELECT ?o ?e ?file ?issued ?value ?qualifier ?unit ?quote WHERE {{
          VALUES ?o {{ {values} }}
          GRAPH ?g {{ ?o prov:wasDerivedFrom ?e . ?e mskg:reportedValue ?value ; mskg:qualifier ?qualifier ;
                      sdmx-attribute:unitMeasure ?unit ; nif:anchorOf ?quote ; nif:referenceContext ?a .
                      ?a mskg:fileName ?file OPTIONAL {{ ?a dcterms:issued ?issued }} }}
          {not_in}
        }}""")
    return [Report(r["o"], r["e"], r["file"], r["issued"] or "", Decimal(r["value"]),
                   r["qualifier"].rsplit("/", 1)[-1], r["unit"], r["quote"]) for r in rows]


def _observation_updates(affected: set[str], merged: list[MergedObservation]) -> str:
    """Replace the observations graph's statements about the affected observations."""
    deletes = [f"DELETE WHERE {{ GRAPH <{OBSERVATIONS_GRAPH}> {{ <{o}> ?p ?v }} }}" for o in sorted(affected)]
    deletes += [f"DELETE WHERE {{ GRAPH <{OBSERVATIONS_GRAPH}> {{ <{o}/conflict> ?p ?v }} }}"
                for o in sorted(affected)]
    triples = observation_triples(merged)
    if triples:
        body = ntriples(triples).decode("utf-8")
        deletes.append(f"INSERT DATA {{ GRAPH <{OBSERVATIONS_GRAPH}> {{ {body} }} }}")
    return " ;\n".join(deletes)


def _refresh_description(store: Store) -> None:
    description = describe.description(store)
    store.put_graph(str(describe.DESCRIPTION_GRAPH), description.serialize(format="nt", encoding="utf-8"))


def _values(iris) -> str:
    return " ".join(f"<{iri}>" for iri in sorted(iris))


def _count(store: Store, query: str) -> int:
    return int(store.select(query)[0]["n"] or 0)


TYPED = {"indicators": "Indicator", "programs": "LivelihoodProgram", "regions": "Region"}
TYPE = pyoxigraph.NamedNode(RDF.type)


def _typed_elsewhere(store: Store, iris: set[str], kind: str, excluded: list[str]) -> set[str]:
    """Which of these resources some graph outside `excluded` types as `kind`."""
    if not iris:
        return set()
    not_in = f"FILTER(?g NOT IN ({_values(excluded).replace('> <', '>, <')}))" if excluded else ""
    rows = store.select(f"SELECT DISTINCT ?x WHERE {{ VALUES ?x {{ {_values(iris)} }} "
                        f"GRAPH ?g {{ ?x a <https://w3id.org/mskg/ontology#{kind}> }} {not_in} }}")
    return {row["x"] for row in rows}


def _counts_after(store: Store, old_graphs: list[str], new_graph: list[Triple] | None,
                  affected: set[str], merged: list[MergedObservation]) -> dict[str, int] | None:
    """The description's counts after replacing `old_graphs` by `new_graph` and the
    affected observations by `merged`, from the counts before: work in proportion
    to the article, not to the store (None: no description yet, count it all)."""
    numbers = describe.stored_counts(store)
    if numbers is None:
        return None
    obs = f"<{OBSERVATIONS_GRAPH}>"
    affected_values = _values(affected)
    before_triples = sum(_count(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}")
                         for g in old_graphs)
    if affected:
        before_triples += _count(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?o {{ {affected_values} }} "
                                        f"GRAPH {obs} {{ {{ ?o ?p ?v }} UNION {{ ?c <https://w3id.org/mskg/"
                                        f"ontology#conflictOf> ?o . ?c ?p ?v }} }} }}")
    new_observations = observation_triples(merged)
    after_triples = (len(new_graph) if new_graph is not None else 0) + len(new_observations)
    numbers["triples"] += after_triples - before_triples
    numbers["articles"] += (1 if new_graph is not None else 0) - len(old_graphs)
    if affected:
        numbers["observations"] += len(merged) - _count(
            store, f"SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE {{ VALUES ?o {{ {affected_values} }} "
                   f"GRAPH {obs} {{ ?o <http://purl.org/linked-data/sdmx/2009/measure#obsValue> ?v }} }}")
        numbers["conflicts"] += sum(1 for m in merged if m.in_conflict) - _count(
            store, f"SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {{ VALUES ?o {{ {affected_values} }} "
                   f"GRAPH {obs} {{ ?c <https://w3id.org/mskg/ontology#conflictOf> ?o }} }}")
    for name, kind in TYPED.items():
        typed = (TYPE, pyoxigraph.NamedNode(MSKG[kind]))
        in_new = {s.value for s, p, o in new_graph or () if (p, o) == typed}
        in_old = set()
        for g in old_graphs:
            in_old |= {row["x"] for row in store.select(
                f"SELECT DISTINCT ?x WHERE {{ GRAPH <{g}> {{ ?x a <https://w3id.org/mskg/ontology#{kind}> }} }}")}
        candidates = in_new | in_old
        before = _typed_elsewhere(store, candidates, kind, [])
        after = _typed_elsewhere(store, candidates, kind, old_graphs) | in_new
        numbers[name] += len(after) - len(before)
    return numbers


def ingest(article: Article, store: Store) -> Outcome:
    """Add or replace one article (matched by file name) in `store`, atomically."""
    old_graphs = _graphs_of(store, article.file)
    new_reports = reports(article)
    affected = _reported_in(store, old_graphs) | {r.observation for r in new_reports}
    merged = merge(_stored_reports(store, affected, old_graphs + [str(article.iri)]) + new_reports)
    mine = [m for m in merged if any(r.article == article.file for r in m.reports)]
    graph = article_triples(article)
    failed = batch.check_article(graph, observation_triples(mine))
    if failed is not None:
        raise ValidationFailed(f"{article.file}:\n{failed.text}")
    operations = [f"DROP SILENT GRAPH <{g}>" for g in old_graphs + [str(article.iri)]]
    operations.append(f"INSERT DATA {{ GRAPH <{article.iri}> {{ {ntriples(graph).decode('utf-8')} }} }}")
    operations.append(_observation_updates(affected, merged))
    numbers = _counts_after(store, old_graphs, graph, affected, merged)
    if numbers is not None:
        previous, date = describe.stored_modified(store), article.published or None
        modified = max(filter(None, (previous, date)), default=None) if not old_graphs else \
            max(filter(None, (describe.latest_issued_without(store, old_graphs, previous), date)), default=None)
        operations += describe.update_operations(numbers, old_graphs, [str(article.iri)], modified)
    store.update(" ;\n".join(operations))
    if numbers is None:
        _refresh_description(store)
    return Outcome([article.file], [], len(mine), sum(1 for m in mine if m.in_conflict))


def remove(name: str, store: Store) -> Outcome:
    """Take out the article with this file name (or IRI), and what only it supported."""
    graphs = [name] if name.startswith("https://") else _graphs_of(store, name)
    if not graphs:
        raise KeyError(f"no article {name!r} in the store")
    affected = _reported_in(store, graphs)
    merged = merge(_stored_reports(store, affected, graphs))
    operations = [f"DROP SILENT GRAPH <{g}>" for g in graphs]
    operations.append(_observation_updates(affected, merged))
    numbers = _counts_after(store, graphs, None, affected, merged)
    if numbers is not None:
        latest = describe.latest_issued_without(store, graphs, describe.stored_modified(store))
        operations += describe.update_operations(numbers, graphs, [], latest)
    store.update(" ;\n".join(operations))
    if numbers is None:
        _refresh_description(store)
    return Outcome([name], [], len(merged), sum(1 for m in merged if m.in_conflict))
