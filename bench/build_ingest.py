"""Build throughput, and the cost of ingesting or removing one article in a big store.

    python bench/build_ingest.py [--store /tmp/syn6/store] [--articles 200] [--rounds 3] [--workers N]
                                 [--ingests 7] [--profile /tmp/ingest.prof] [--skip-build]

(a) `mskg.build.build` (in `--workers` processes; default: build's choice, 2
    here) on `--articles` realistic articles: copies of the seed
    (data/articles) and tests/articles articles under new file names, with
    every non-date number of two or more digits lowered by the copy's number
    (mod 10, so shares stay within their bounds); only articles whose own
    batch passes SHACL are used;
    articles/s and the time in extraction, SHACL, Data Cube check, loading and
    the description (medians over `--rounds`, after start-up; with the CPU time
    of the thread that ran each step: with a pool, extraction and SHACL run in
    the workers, whose time is in the total), the CPU time per article (this process
    and its workers: less sensitive to the load of a shared machine than wall
    time), and peak RSS
    (of this process; the build's 2 forked workers come and go with it);
    then the floor (bench_floor): extraction alone and the bulk load alone of
    what the build stored, in CPU per article, against the CPU per article
    that 100 articles/s leaves on 2 cores.
(b) with `--store`: `mskg.build.ingest` of one real article into the store at `--store` (e.g.
    bench/synthetic.py's 10^6 observations), then `remove` of it, for
    `--ingests` different articles after one warm-up: medians and each step's
    exclusive time. The store ends as it began (triple count checked).
    `--profile` also writes a cProfile of one more ingest and remove.
(c) Prints Markdown tables.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import os
import pstats
import re
import resource
import statistics
import tempfile
import threading
import time
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph

from mskg import build, corpus
from mskg.corpus import MANIFEST_COLUMNS
from mskg.graph import describe
from mskg.graph.merge import merge
from mskg.graph.observations import Article, article_triples, observation_triples, reports
from mskg.store import embedded
from mskg.store.embedded import EmbeddedStore
from mskg.namespaces import VOID
from mskg.validate import batch, datacube, fast

ROOT = Path(__file__).resolve().parents[1]
SOURCES = (ROOT / "data" / "articles", ROOT / "tests" / "articles")
NUMBER = re.compile(r"(?<![\d.])\d{2,}(?![\d.]|\s*[年月日号])")  # not a date part nor a decimal's digits


class Steps:
    """Exclusive wall time, and CPU time of the calling thread, of named functions
    while installed, per run: a wrapped call's time excludes the wrapped calls it
    makes (in its thread), except in an `opaque` one, which keeps its whole time.
    A step in `beside` runs in a thread of its own, beside the others: its time is
    not taken from the rest. Targets the code does not have are left out."""

    def __init__(self, targets: list[tuple[str, object, str]], opaque: tuple[str, ...] = (),
                 beside: tuple[str, ...] = ()):
        self.targets = [(label, owner, name) for label, owner, name in targets if hasattr(owner, name)]
        self.opaque, self.beside = opaque, beside
        self.runs: list[dict[str, float]] = []
        self.cpu: list[dict[str, float]] = []
        self._thread = threading.local()

    def _wrap(self, label: str, function):
        opaque = label in self.opaque

        def timed(*args, **kwargs):
            local = self._thread
            if not hasattr(local, "stack"):
                local.stack, local.inside_opaque = [], 0
            if local.inside_opaque:
                return function(*args, **kwargs)
            local.stack.append((0.0, 0.0))
            local.inside_opaque += opaque
            started, cpu_started = time.perf_counter(), time.thread_time()
            try:
                return function(*args, **kwargs)
            finally:
                elapsed, cpu = time.perf_counter() - started, time.thread_time() - cpu_started
                local.inside_opaque -= opaque
                children, cpu_children = local.stack.pop()
                self.runs[-1][label] += elapsed - children
                self.cpu[-1][label] += cpu - cpu_children
                if local.stack:
                    outer, outer_cpu = local.stack[-1]
                    local.stack[-1] = (outer + elapsed, outer_cpu + cpu)
        return timed

    @contextmanager
    def run(self):
        """Measure one run; its total is recorded as 'total'."""
        self.runs.append(defaultdict(float))
        self.cpu.append(defaultdict(float))
        originals = [(owner, name, getattr(owner, name)) for _, owner, name in self.targets]
        for (label, owner, name), (_, _, function) in zip(self.targets, originals):
            setattr(owner, name, self._wrap(label, function))
        started = time.perf_counter()
        try:
            yield
        finally:
            self.runs[-1]["total"] = time.perf_counter() - started
            for owner, name, function in originals:
                setattr(owner, name, function)

    def median(self, label: str) -> float:
        return statistics.median(run[label] for run in self.runs)

    def table(self, title: str) -> str:
        """Markdown: median exclusive seconds per step (and CPU seconds of its thread), and the rest of the total."""
        lines = [f"| {title} | median ms | share | its thread's CPU, median ms |", "| --- | --- | --- | --- |"]
        total = self.median("total")
        for label in dict.fromkeys(label for label, _, _ in self.targets):
            cpu = statistics.median(run[label] for run in self.cpu)
            lines.append(f"| {label} | {self.median(label) * 1000:,.1f} | {self.median(label) / total:.0%} | "
                         f"{cpu * 1000:,.1f} |")
        rest = statistics.median(run["total"] - sum(v for k, v in run.items() if k != "total" and k not in self.beside)
                                 for run in self.runs)
        lines.append(f"| other (in ingest/remove itself, flush) | {rest * 1000:,.1f} | {rest / total:.0%} | |")
        lines.append(f"| **total** | **{total * 1000:,.1f}** | | |")
        return "\n".join(lines)


def conforming() -> list[tuple[Path, Article]]:
    """The real articles (with their directory) whose own batch passes SHACL."""
    passed = []
    for source in SOURCES:
        for a in corpus.load(source).articles:
            if batch.validate_article(article_triples(a), observation_triples(merge(reports(a)))).conforms:
                passed.append((source, a))
            else:
                print(f"left out {a.file}: its own batch fails SHACL")
    return passed


def copies(count: int, originals: list[tuple[Path, Article]], directory: Path) -> None:
    """Write `count` articles (varied copies of `originals`) and their manifest.csv into `directory`."""
    manifests = {source: corpus.read_manifest(source) for source in SOURCES}
    rows = []
    for n in range(count):
        k, i = divmod(n, len(originals))
        source, original = originals[i]
        name = f"c{k:03d}_{original.file}"
        text = (source / original.file).read_text(encoding="utf-8")
        (directory / name).write_text(NUMBER.sub(lambda m: str(int(m.group()) - k % 10), text), encoding="utf-8")
        row = manifests[source][original.file]
        rows.append({**row, "file": name})
    with (directory / "manifest.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, MANIFEST_COLUMNS, extrasaction="ignore")  # not the rows' "line"
        writer.writeheader()
        writer.writerows(rows)


def _cpu_seconds() -> tuple[float, float]:
    """CPU time of this process, and of its children that have ended."""
    return tuple(r.ru_utime + r.ru_stime for r in (resource.getrusage(resource.RUSAGE_SELF),
                                                    resource.getrusage(resource.RUSAGE_CHILDREN)))


def bench_build(count: int, rounds: int, originals: list[tuple[Path, Article]], workers: int | None = None) -> str:
    """Build `count` articles `rounds` times into a temporary store (with `workers`
    processes; None: build's default); a Markdown report."""
    load = "bulk load (build._load; in a thread beside the Data Cube check since round 3)"
    steps = Steps([("extraction (corpus.load)", corpus, "load"),
                   ("article triples + SHACL per article (build._check)", build, "_check"),
                   ("article checks, the bulk load fed as they come in (build._publish)", build, "_publish"),
                   ("Data Cube IC-1..21: copy (datacube.merged_copy / merged_ntriples)", datacube, "merged_copy"),
                   ("Data Cube IC-1..21: copy (datacube.merged_copy / merged_ntriples)", datacube, "merged_ntriples"),
                   ("Data Cube IC-1..21: checks (datacube.check / check_merged)", datacube, "check"),
                   ("Data Cube IC-1..21: checks (datacube.check / check_merged)", datacube, "check_merged"),
                   (load, build, "_load"),
                   ("bulk load: the rest once its input has ended (BulkLoad.wait)", getattr(embedded, "BulkLoad", None), "wait"),
                   ("description: in-memory copy (EmbeddedStore.in_memory)", EmbeddedStore, "in_memory"),
                   ("description: queries (describe.description)", describe, "description"),
                   ("description: from what the build loads (build._description)", build, "_description")],
                  beside=(load,))
    with tempfile.TemporaryDirectory(dir="/tmp") as temp:
        articles = Path(temp) / "articles"
        articles.mkdir()
        copies(count, originals, articles)
        cpu = []
        for _ in range(rounds):
            started = _cpu_seconds()
            with steps.run():
                outcome = build.build(articles, str(Path(temp) / "store"), workers=workers)
            cpu.append([after - before for after, before in zip(_cpu_seconds(), started)])
        floor = bench_floor(articles, Path(temp) / "store", rounds)
    assert not outcome.errors, outcome.errors
    total, n = steps.median("total"), len(outcome.articles)
    main, pool = (statistics.median(c[i] for c in cpu) / n * 1000 for i in (0, 1))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return (f"build: {n} articles, {outcome.observations:,} observations, "
            f"{outcome.conflicts:,} conflicts; median of {rounds} builds "
            f"{total:.1f} s = **{n / total:.1f} articles/s**; CPU (median) "
            f"{statistics.median(sum(c) for c in cpu) / n * 1000:.0f} ms per article (this process "
            f"{main:.1f}, its workers {pool:.1f}); load average "
            f"{os.getloadavg()[0]:.1f}; peak RSS so far {peak:,.0f} MiB\n\n"
            + steps.table("build step (exclusive)").replace("other (in ingest/remove itself, flush)",
                                                              "other (merge, article graphs, N-Quads, optimize)")
            + "\n\n" + floor)


CORES = 2  # this machine's (the targets are stated for it)
TARGET = 100  # articles/s


def bench_floor(articles: Path, store: Path, rounds: int) -> str:
    """What two steps no build can skip cost alone, in CPU per article: extracting the
    articles (in this process) and bulk-loading the N-Quads the build stored into a new
    on-disk store (nothing else running in the process), against the CPU per article that
    TARGET articles/s leaves on CORES cores. Medians over `rounds`."""
    nquads = EmbeddedStore(store, read_only=True).oxigraph.dump(format=pyoxigraph.RdfFormat.N_QUADS)
    extraction, loading, load_wall = [], [], []
    for _ in range(rounds):
        started = _cpu_seconds()[0]
        n = len(corpus.load(articles).articles)
        extraction.append((_cpu_seconds()[0] - started) / n * 1000)
        with tempfile.TemporaryDirectory(dir="/tmp") as temp:
            started, wall = _cpu_seconds()[0], time.perf_counter()
            fresh = pyoxigraph.Store(temp)
            fresh.bulk_load(nquads, format=pyoxigraph.RdfFormat.N_QUADS)
            fresh.flush()
            load_wall.append(time.perf_counter() - wall)
            loading.append((_cpu_seconds()[0] - started) / n * 1000)
            del fresh
    extract_ms, load_ms = statistics.median(extraction), statistics.median(loading)
    budget = CORES * 1000 / TARGET
    quads = nquads.count(b"\n")
    return (f"| the floor: steps no build skips, alone (median of {rounds}) | CPU per article |\n| --- | --- |\n"
            f"| extraction (corpus.load, in one process) | {extract_ms:.1f} ms |\n"
            f"| bulk load of the build's {quads:,} quads into a new store ({statistics.median(load_wall):.2f} s) "
            f"| {load_ms:.1f} ms |\n"
            f"| **both, before any check** | **{extract_ms + load_ms:.1f} ms** |\n"
            f"| what {TARGET} articles/s leaves on {CORES} cores | {budget:.0f} ms |")


PUT_GRAPH = "description: put_graph (DROP old graph, load new)"


def ingest_steps(store: EmbeddedStore) -> list[tuple[str, object, str]]:
    """The steps of build.ingest and build.remove, for Steps."""
    return [("SPARQL _graphs_of (article by file name)", build, "_graphs_of"),
            ("SPARQL _reported_in (observations of old graphs)", build, "_reported_in"),
            ("SPARQL _stored_reports (reports of touched observations)", build, "_stored_reports"),
            ("merge", build, "merge"),
            ("article_triples", build, "article_triples"),
            ("observation_triples", build, "observation_triples"),
            ("SHACL batch: needed_triples() reference triples", batch, "needed_triples"),
            ("SHACL batch: compiled shapes (fast.validate)", fast, "validate"),
            ("SHACL batch: verdict without the reference nodes (verdict.conforms)", getattr(batch, "verdict", None),
             "conforms"),
            ("SHACL batch: rest (triple lists)", batch, "validate_article"),
            ("SHACL batch: rest (triple lists)", batch, "check_article"),
            ("SPARQL Update text (_observation_updates)", build, "_observation_updates"),
            ("description: counts from the change (_counts_after, SPARQL)", build, "_counts_after"),
            ("SPARQL Update: the article's one transaction (store.update)", store, "update"),
            ("description: recount (describe.counts)", describe, "counts"),
            ("description: describe.description (article list query, rdflib graph)", describe, "description"),
            ("N-Triples serialisation (article, observations)", build, "ntriples"),
            (PUT_GRAPH, store, "put_graph")]


def _state(store: EmbeddedStore) -> tuple[int, list[str]]:
    """Quads outside the description graph, and the counts the description states."""
    description = pyoxigraph.NamedNode(str(describe.DESCRIPTION_GRAPH))
    rows = store.select(f"SELECT ?s ?n WHERE {{ GRAPH {description} {{ ?s <{VOID}triples>|<{VOID}entities> ?n }} }}")
    own = sum(1 for _ in store.oxigraph.quads_for_pattern(None, None, None, description))
    return len(store.oxigraph) - own, sorted(f"{row['s']} {row['n']}" for row in rows)


def bench_ingest(location: str, count: int, profile: str | None, originals: list[tuple[Path, Article]]) -> str:
    """Ingest and remove `count` real articles (after one warm-up) in the store at `location`."""
    articles = [a for _, a in originals if a.extraction.observations]
    if len(articles) < count + 1 + bool(profile):
        raise SystemExit(f"only {len(articles)} articles with observations")
    store = EmbeddedStore(location)
    before = _state(store)
    ingests, removes = Steps(ingest_steps(store), (PUT_GRAPH,)), Steps(ingest_steps(store), (PUT_GRAPH,))
    for n, article in enumerate(articles[:count + 1]):
        with ingests.run():
            build.ingest(article, store)
        with removes.run():
            build.remove(article.file, store)
        if n == 0:  # warm-up
            ingests.runs.clear()
            removes.runs.clear()
    if profile:
        profiler = cProfile.Profile()
        profiler.runcall(build.ingest, articles[count + 1], store)
        profiler.runcall(build.remove, articles[count + 1].file, store)
        profiler.dump_stats(profile)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
    after = _state(store)
    store.close()
    assert before[0] == after[0], f"the store held {before[0]:,} quads before and {after[0]:,} after"
    assert before[1] == after[1], f"the description's counts were {before[1]} and are {after[1]}"
    observations = statistics.median(len(a.extraction.observations) for a in articles[1:count + 1])
    return (f"ingest/remove in {location} ({before[0]:,} quads, and the description's counts, unchanged after): "
            f"{count} articles after one "
            f"warm-up, median {observations:.0f} observations each; ingest median "
            f"**{ingests.median('total'):.2f} s**, remove median **{removes.median('total'):.2f} s**\n\n"
            + ingests.table("ingest step (exclusive)") + "\n\n" + removes.table("remove step (exclusive)"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", help="a big embedded store (bench/synthetic.py) to measure ingest in")
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, help="processes the build uses (default: build's choice)")
    parser.add_argument("--ingests", type=int, default=7)
    parser.add_argument("--profile", help="write a cProfile of one more ingest and remove here")
    parser.add_argument("--skip-build", action="store_true", help="only measure ingest and remove")
    args = parser.parse_args()
    started = time.perf_counter()
    originals = conforming()
    print(f"start-up (reference data; extraction and SHACL of the {len(originals)} originals): "
          f"{time.perf_counter() - started:.1f} s\n")
    if not args.skip_build:
        print(bench_build(args.articles, args.rounds, originals, args.workers), end="\n\n", flush=True)
    if args.store:
        print(bench_ingest(args.store, args.ingests, args.profile, originals))
    print(f"\npeak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MiB")


if __name__ == "__main__":
    main()
