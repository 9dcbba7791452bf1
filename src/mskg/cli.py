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


if __name__ == "__main__":
    main()
