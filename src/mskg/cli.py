"""The `mskg` command line: one command per verb."""

from __future__ import annotations

import click

from mskg import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mskg")
def main() -> None:
    """mskg: Chinese regional livelihood statistics as linked data."""


@main.command()
@click.option("--out", type=click.Path(dir_okay=False), default=None,
              help="Where to write the Turtle (default: data/regions.ttl).")
def regions(out: str | None) -> None:
    """Generate the region gazetteer (data/regions.ttl) from cpca's GB/T 2260 table."""
    from mskg import paths
    from mskg.graph.regions import regions_graph
    from mskg.reference.regions import load

    target = out or str(paths.REGIONS)
    graph = regions_graph(load())
    graph.serialize(target, format="turtle")
    click.echo(f"{len(load())} regions, {len(graph)} triples -> {target}")


def _extract_one(path, region, published, title=None):
    from mskg.extract.pipeline import extract
    from mskg.extract.text import read_article

    return extract(read_article(path), region=region, published=published, title=title)


@main.command("extract")
@click.argument("target", type=click.Path(exists=True))
@click.option("--published", help="Publication date (ISO: 2024, 2024-01, 2024-01-23); resolves 今年, 去年, 目前.")
@click.option("--region", help="The article's main region: a GB/T 2260 code or a full name "
              "(default: the region its headline names, if the text names it too).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def extract_command(target: str, published: str | None, region: str | None, fmt: str) -> None:
    """List the observations found in one article (or every article of a directory).

    For a directory, each file's region and publication date come from its
    manifest.csv unless given here.
    """
    import json
    from pathlib import Path

    from mskg.corpus import read_manifest
    from mskg.extract.text import ArticleError

    path = Path(target)
    if path.is_dir():
        manifest = read_manifest(path)
        files = [path / name for name in manifest] or sorted(path.glob("*.txt"))
    else:
        manifest = read_manifest(path.parent)
        files = [path]
    outputs = []
    for file in files:
        row = manifest.get(file.name, {})
        try:
            result = _extract_one(file, region or row.get("region") or None,
                                  published or row.get("published") or None, row.get("title") or None)
        except (ArticleError, ValueError, OSError) as error:
            raise click.ClickException(str(error) if isinstance(error, ArticleError) else f"{file}: {error}")
        outputs.append((file, result))
    if fmt == "json":
        click.echo(json.dumps([{
            "file": file.name, "region": result.region, "published": result.published,
            "observations": [o.as_json() for o in result.observations],
            "programs": [_program_json(p) for p in result.programs],
            "provisional_indicators": [{"slug": s, "label": l} for s, l in result.provisional_indicators],
        } for file, result in outputs], ensure_ascii=False, indent=1))
        return
    for file, result in outputs:
        _print_table(file, result)


def _program_json(program) -> dict:
    from dataclasses import asdict

    return asdict(program)


def _print_table(file, result) -> None:
    click.echo(f"# {file.name}  region={result.region}  published={result.published}  "
               f"{len(result.observations)} observations")
    for o in result.observations:
        value = f"{o.value.normalize():f}"
        flag = "*" if o.provisional else " "
        click.echo(f"{o.region:>8} {flag}{o.indicator[:40]:<40} {o.period:<15} {o.status:<7} "
                   f"{value:>14} {o.unit:<12} {o.qualifier:<11} [{o.start},{o.end}) {o.quote}")
    for program in result.programs:
        click.echo(f"  program {program.region}/{program.year} adopted {program.adopted_on or '?'} "
                   f"by {program.adopted_by or '?'}: {len(program.items)} items")
    if result.provisional_indicators:
        click.echo("  provisional indicators (not in the scheme yet):")
        for slug, label in result.provisional_indicators:
            click.echo(f"    {slug}  {label}")


@main.command("conflicts")
@click.argument("articles", type=click.Path(exists=True, file_okay=False), required=False)
def conflicts_command(articles: str | None) -> None:
    """List observations that articles report with different values, and the preferred one."""
    from pathlib import Path

    from mskg import corpus, paths
    from mskg.graph.merge import merge
    from mskg.graph.observations import reports

    loaded = corpus.load(Path(articles) if articles else paths.ARTICLES)
    for error in loaded.errors:
        click.echo(f"skipped: {error}", err=True)
    merged = merge([r for a in loaded.articles for r in reports(a)])
    in_conflict = [m for m in merged if m.in_conflict]
    shared = sum(1 for m in merged if len({r.article for r in m.reports}) > 1)
    click.echo(f"{len(merged)} observations, {shared} reported by several articles, "
               f"{len(in_conflict)} in conflict")
    for m in in_conflict:
        best = m.preferred
        click.echo(f"\n{m.iri.rsplit('/obs/', 1)[-1]}: preferred {best.value.normalize():f} ({best.article})")
        for report in m.reports:
            span = report.evidence.rsplit("#char=", 1)[-1]
            click.echo(f"  {report.value.normalize():f}  {report.article} [{span}) {report.quote}")


def _store(location: str | None, *, read_only: bool = False):
    """The store at a path (embedded) or URL (a SPARQL server); a clear error if it cannot be opened
    (an embedded store must exist: only `mskg build` makes one)."""
    from pathlib import Path

    from mskg import paths
    from mskg.store import StoreError

    location = location or str(paths.STORE)
    try:
        if "://" in location:
            from mskg.store import open_store

            return open_store(location)
        from mskg.store.embedded import EmbeddedStore

        if not Path(location).exists():
            raise StoreError(f"no store at {location}: build one with `mskg build --store {location}`")
        return EmbeddedStore(location, read_only=read_only)
    except StoreError as error:
        raise click.ClickException(str(error)) from error


STORE_OPTION = click.option("--store", "location", default=None, envvar="MSKG_STORE",
                            help="Store: a directory (embedded Oxigraph, default var/store) or a SPARQL server URL "
                                 "(or set MSKG_STORE).")


@main.command("build")
@click.argument("articles", type=click.Path(exists=True, file_okay=False), required=False)
@STORE_OPTION
@click.option("--quiet", "-q", is_flag=True, help="No progress bar, only errors.")
def build_command(articles: str | None, location: str | None, quiet: bool) -> None:
    """Build the validated graph from ARTICLES (default data/articles) into the store.

    The previous store stays as it was unless everything validates."""
    from pathlib import Path

    from mskg import build, paths

    directory = Path(articles) if articles else paths.ARTICLES
    count = len(list(directory.glob("*.txt")))
    with click.progressbar(length=count, label="extracting", file=None if not quiet else open("/dev/null", "w"),
                           show_pos=True) as bar:
        try:
            outcome = build.build(directory, location or str(paths.STORE), progress=lambda _: bar.update(1))
        except build.ValidationFailed as failure:
            raise click.ClickException(f"validation failed; the store was not changed:\n{failure.report_text}")
        except OSError as error:  # disk full, file too large, permissions
            raise click.ClickException(f"cannot write the new store version: {error}; "
                                       f"the store at {location or paths.STORE} was not changed")
    for error in outcome.errors:
        click.echo(f"skipped: {error}", err=True)
    if not quiet:
        click.echo(f"built {location or paths.STORE}: {len(outcome.articles)} articles, "
                   f"{outcome.observations} observations, {outcome.conflicts} conflicts")


@main.command("ingest")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@STORE_OPTION
@click.option("--title", default="")
@click.option("--publisher", default="")
@click.option("--published", default="", help="ISO date (2024, 2024-01, 2024-01-23).")
@click.option("--url", default="")
@click.option("--region", default="", help="The article's main region: GB/T 2260 code or full name "
              "(default: the region its headline names, if the text names it too).")
def ingest_command(file: str, location: str | None, **meta) -> None:
    """Add or replace one article (by file name) without rebuilding anything else."""
    from pathlib import Path

    from mskg import build
    from mskg.extract.text import ArticleError

    try:
        article = build.read_one(Path(file), **meta)
    except (ArticleError, ValueError) as error:
        raise click.ClickException(str(error))
    store = _store(location)
    try:
        outcome = build.ingest(article, store)
    except build.ValidationFailed as failure:
        raise click.ClickException(f"validation failed; the store was not changed:\n{failure.report_text}")
    finally:
        store.close()
    click.echo(f"ingested {article.file}: {outcome.observations} observations, {outcome.conflicts} conflicts")


@main.command("remove")
@click.argument("article")
@STORE_OPTION
def remove_command(article: str, location: str | None) -> None:
    """Take ARTICLE (its file name or IRI) out, with every observation only it supported."""
    from mskg import build

    store = _store(location)
    try:
        outcome = build.remove(article, store)
    except KeyError as error:
        raise click.ClickException(str(error.args[0]))
    finally:
        store.close()
    click.echo(f"removed {article}; {outcome.observations} observations it touched remain")


@main.command("validate")
@STORE_OPTION
@click.option("--no-reasoner", is_flag=True, help="Skip the HermiT consistency check.")
def validate_command(location: str | None, no_reasoner: bool) -> None:
    """SHACL, the Data Cube integrity constraints IC-1..IC-21 and OWL consistency; exit 1 on any violation."""
    from mskg.validate.store import validate

    checks = validate(_store(location, read_only=True), reasoner=not no_reasoner)
    for check in checks:
        click.echo(f"{'PASS' if check.passed else 'FAIL'}  {check.name}")
        click.echo("      " + check.text.replace("\n", "\n      "))
    if not all(check.passed for check in checks):
        raise SystemExit(1)


@main.command("export")
@STORE_OPTION
@click.option("--format", "fmt", type=click.Choice(["csv", "ttl", "trig", "nq", "nt", "jsonld", "rdfxml"]),
              default="csv", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False), default=None, help="File to write (default: stdout).")
def export_command(location: str | None, fmt: str, out: str | None) -> None:
    """Export the observations as a tidy CSV, or the whole graph as RDF."""
    import sys

    from mskg import export

    store = _store(location, read_only=True)
    data = export.observations_csv(store).encode("utf-8") if fmt == "csv" else export.rdf(store, fmt)
    if out:
        with open(out, "wb") as handle:
            handle.write(data)
    else:
        sys.stdout.buffer.write(data)


@main.command("query")
@click.argument("query")
@STORE_OPTION
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "ttl"]), default="table",
              show_default=True)
def query_command(query: str, location: str | None, fmt: str) -> None:
    """Run a SPARQL query (text or a .rq file) against the store."""
    import csv
    import json
    import os
    import sys

    text = open(query, encoding="utf-8").read() if os.path.exists(query) else query
    store = _store(location, read_only=True)
    kind = _query_kind(text)
    try:
        if kind == "ASK":
            click.echo("true" if store.ask(text) else "false")
            return
        if kind in ("CONSTRUCT", "DESCRIBE"):
            from mskg import export

            data = store.construct(text)
            if fmt == "ttl":
                import pyoxigraph

                triples = pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.N_TRIPLES)
                data = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.TURTLE,
                                            prefixes=export.PREFIXES) or b""
            sys.stdout.buffer.write(data)
            return
        rows = store.select(text)
    except (SyntaxError, ValueError, OSError) as error:
        raise click.ClickException(f"query failed: {error}")
    columns = list(rows[0]) if rows else []
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
    elif fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    else:
        click.echo("\t".join(columns))
        for row in rows:
            click.echo("\t".join(row[c] or "" for c in columns))
        click.echo(f"({len(rows)} rows)", err=True)


def _query_kind(text: str) -> str:
    import re

    body = re.sub(r"(?m)#.*$", "", text)
    body = re.sub(r"(?is)\b(PREFIX\s+\S*:\s*<[^>]*>|BASE\s*<[^>]*>)", " ", body)
    match = re.search(r"(?i)\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", body)
    return match.group(1).upper() if match else "SELECT"


@main.command("stats")
@STORE_OPTION
def stats_command(location: str | None) -> None:
    """Counts of regions, indicators, programs, articles, observations and conflicts."""
    from mskg.graph.describe import counts

    for name, number in counts(_store(location, read_only=True)).items():
        click.echo(f"{name:<13}{number:>12,}")


@main.command("eval")
@click.argument("gold", type=click.Path(exists=True))
@click.option("--articles", type=click.Path(exists=True, file_okay=False), default=None,
              help="Directory of the articles and manifest.csv (default: data/articles).")
@click.option("--verbose", "-v", is_flag=True, help="List misses, spurious and wrong-field matches.")
def eval_command(gold: str, articles: str | None, verbose: bool) -> None:
    """Score extraction against gold annotations: recall, precision, all fields right."""
    import json
    from pathlib import Path

    from mskg import paths
    from mskg.extract.evaluate import evaluate

    score = evaluate(Path(gold), Path(articles) if articles else paths.ARTICLES)
    click.echo(f"gold {score.gold}  predicted {score.predicted}  matched {score.matched}")
    click.echo(f"recall     {score.recall:.3f}")
    click.echo(f"precision  {score.precision:.3f}")
    click.echo(f"all fields right (region, indicator, period, status) {score.all_fields_right:.3f}")
    if verbose:
        for record in score.misses:
            click.echo("MISS  " + json.dumps(record, ensure_ascii=False))
        for record in score.spurious:
            click.echo("EXTRA " + json.dumps({k: record[k] for k in (
                "region", "indicator", "period", "status", "value", "start", "end", "quote")},
                ensure_ascii=False, default=str))
        for gold_record, predicted in score.wrong:
            diffs = {f: (gold_record[f], predicted[f]) for f in ("region", "indicator", "period", "status")
                     if gold_record[f] != predicted[f]}
            click.echo(f"WRONG {gold_record['quote']}  " + json.dumps(diffs, ensure_ascii=False))


@main.command("docs")
@click.option("--out", type=click.Path(file_okay=False), default=None,
              help="Directory for index.html (default: docs/ontology).")
@click.option("--diagram", is_flag=True,
              help="Print the ontology's Mermaid class diagram (as the README embeds it) instead.")
def docs_command(out: str | None, diagram: bool) -> None:
    """Write HTML documentation of the ontology (pyLODE), or print its class diagram."""
    from pathlib import Path

    from mskg.docs import DEFAULT_OUT, write_docs

    if diagram:
        from mskg.diagram import mermaid

        click.echo(mermaid(), nl=False)
        return

    target = write_docs(Path(out) if out else DEFAULT_OUT)
    click.echo(f"ontology documentation -> {target}")


class MemorySize(click.ParamType):
    """A number of bytes written as MiB (512) or with a binary unit (512M, 512MiB, 1.5G, 64K, 100B)."""

    name = "size"
    UNITS = {"b": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}

    def convert(self, value, param, ctx) -> int:
        if isinstance(value, int):
            return value
        import re

        match = re.fullmatch(r"\s*(\d+(?:\.\d*)?)\s*(?:([kmgt])(?:i?b)?|(b))?\s*", str(value), re.IGNORECASE)
        if match is None:
            self.fail(f"{value!r} is not a size: give MiB (512) or a number with a unit (512M, 1.5G)", param, ctx)
        unit = (match.group(2) or match.group(3) or "m").lower()
        return int(float(match.group(1)) * self.UNITS[unit])


@main.command("serve")
@STORE_OPTION
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option("--load", "files", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Also serve this RDF file (Turtle, N-Triples, TriG, N-Quads, JSON-LD, RDF/XML; "
                   "TriG, N-Quads and JSON-LD keep their graphs). Repeatable. The store is then served from "
                   "a copy in memory.")
@click.option("--allow-service", "services", multiple=True, metavar="URL",
              help="Allow SERVICE (federation) to this endpoint (repeatable); all others are refused.")
@click.option("--enable-update", is_flag=True, help="Accept SPARQL Update and Graph Store writes.")
@click.option("--timeout", default=30.0, show_default=True, type=float,
              help="Seconds a query may run; longer ones are stopped and answered 503.")
@click.option("--max-rows", default=100000, show_default=True, type=int,
              help="Most solutions (or triples) a query answers; more are cut off, with the header "
                   "X-MSKG-Truncated.")
@click.option("--update-token", envvar="MSKG_UPDATE_TOKEN", default=None,
              help="Bearer token that writes must carry (or set MSKG_UPDATE_TOKEN).")
@click.option("--read-only", is_flag=True,
              help="Open the embedded store through a read-only handle (it is neither locked nor written).")
@click.option("--workers", default=3, show_default=True, type=int,
              help="Query worker processes; also the SPARQL requests served at once.")
@click.option("--query-memory", default="512MiB", show_default=True, type=MemorySize(),
              help="Memory the query worker processes may take together (queries' working memory and the "
                   "store handles' caches), in MiB or with a unit (512M, 1G); past it an idle worker's caches "
                   "are dropped, or else the query holding the most is stopped and answered 503. 0: no limit.")
@click.option("--client-queries", default=None, type=int,
              help="SPARQL requests one client may have running at once  [default: workers - 1, at least 1; "
                   "pages and API requests: 16 of 32].")
@click.option("--client-budget", default=60.0, show_default=True, type=float,
              help="Seconds of request time a client may use per 60 s; past it, 429 with Retry-After.")
@click.option("--queue-wait", default=10.0, show_default=True, type=float,
              help="Longest wait for a free worker; a request expected to wait longer gets 503 with "
                   "Retry-After at once.")
@click.option("--max-body", default=1024 * 1024, show_default=True, type=int,
              help="Largest request body in bytes (413 beyond).")
@click.option("--read-timeout", default=10.0, show_default=True, type=float,
              help="Seconds a client may take to send a request's head, and again its body.")
@click.option("--trusted-proxy", "proxies", multiple=True, metavar="ADDRESS",
              help="A reverse proxy whose X-Forwarded-For names the client (repeatable).")
@click.option("--page-cache", default=64, show_default=True, type=click.IntRange(min=0),
              help="MiB of memory for answers of entity pages, their RDF and /api/entity, kept until the "
                   "store changes (0: none).")
@click.option("--result-cache", default=32, show_default=True, type=click.IntRange(min=0),
              help="MiB of memory for answers to /sparql queries of a local store, kept for the same request "
                   "(text, dataset, Accept, row cap) until the next write; never for NOW(), RAND(), UUID(), "
                   "STRUUID(), BNODE() or SERVICE (0: none).")
@click.option("--in-process-threads", default=3, show_default=True, type=click.IntRange(min=0),
              help="Threads that answer, in the server's own process, a query its worker has answered "
                   "within --in-process-below (the same text, dataset, Accept and row cap, until the next "
                   "write): no trip to a worker, but it cannot be killed at the timeout. 0: every query "
                   "runs in a worker.")
@click.option("--in-process-below", default=25.0, show_default=True, type=click.FloatRange(min=0),
              help="Milliseconds: how fast a worker must have answered a query for it to be run in-process "
                   "from then on.")
@click.option("--access-log", is_flag=True,
              help="Log a line per request (uvicorn's access log). Off by default: a line costs ~75 µs of "
                   "CPU, a quarter more than the rest of a SPARQL request in the HTTP process.")
def serve_command(location: str | None, host: str, port: int, files: tuple[str, ...], services: tuple[str, ...],
                  enable_update: bool, update_token: str | None, timeout: float, max_rows: int, read_only: bool,
                  workers: int, query_memory: int, client_queries: int | None, client_budget: float,
                  queue_wait: float, max_body: int, read_timeout: float, proxies: tuple[str, ...],
                  page_cache: int, result_cache: int, in_process_threads: int, in_process_below: float,
                  access_log: bool) -> None:
    """Serve the SPARQL 1.1 endpoint at /sparql (read-only unless --enable-update)."""
    import uvicorn

    from mskg import paths
    from mskg.store import StoreError
    from mskg.web import heap
    from mskg.web.admission import Limits
    from mskg.web.app import Settings, create_app
    from mskg.web.connections import with_head_timeout
    from mskg.web.engine import open_engine

    if enable_update and not update_token:
        raise click.UsageError("--enable-update needs --update-token (or MSKG_UPDATE_TOKEN)")
    if enable_update and read_only:
        raise click.UsageError("--enable-update and --read-only exclude each other")
    try:
        engine = open_engine(location or str(paths.STORE), files, frozenset(services), read_only=read_only)
    except (StoreError, ValueError, SyntaxError, OSError) as error:
        raise click.ClickException(str(error))
    if enable_update and files:
        click.echo("updates change the in-memory copy only (--load); they are lost when the server stops",
                   err=True)
    limits = Limits(capacity=workers, per_client=client_queries, max_wait=queue_wait, budget=client_budget,
                    max_body=max_body, read_timeout=read_timeout, trusted_proxies=frozenset(proxies))
    app = create_app(engine, settings=Settings(enable_update=enable_update, update_token=update_token,
                                                    timeout=timeout, max_rows=max_rows, workers=workers,
                                                    query_memory=query_memory or None,
                                                    admission_limits=limits,
                                                    page_cache_bytes=page_cache * 1024 * 1024,
                                                    result_cache_bytes=result_cache * 1024 * 1024,
                                                    in_process_threads=in_process_threads,
                                                    in_process_below=in_process_below / 1000))
    heap.unmap_large_buffers()  # answers pass through this process: big buffers are unmapped when freed
    memory = f"{query_memory / 2**20:g} MiB of memory for all queries" if query_memory else "no memory limit"
    click.echo(f"each query: at most {timeout:g} s (--timeout), {max_rows} rows (--max-rows); "
               f"{memory} (--query-memory)", err=True)
    uvicorn.run(app, host=host, port=port, http=with_head_timeout(read_timeout), access_log=access_log)


if __name__ == "__main__":
    main()
