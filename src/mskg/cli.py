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
@click.option("--region", help="The article's main region: a GB/T 2260 code or a full name.")
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


if __name__ == "__main__":
    main()
