"""The `mskg` command line: one command per verb."""

from __future__ import annotations

import click

from mskg import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mskg")
def main() -> None:
    """mskg: Chinese regional livelihood statistics as linked data."""


if __name__ == "__main__":
    main()
