"""The example queries of queries/*.rq, as the SPARQL editor preloads them (one tab each)."""

from __future__ import annotations

from pathlib import Path

from mskg import paths


def title(query: str) -> str:
    """The first line of the query's leading `#` comment, or "" when it has none."""
    first = query.lstrip().splitlines()[0] if query.strip() else ""
    return first.lstrip("#").strip() if first.startswith("#") else ""


def example_queries(directory: Path = paths.QUERIES) -> list[dict[str, str]]:
    """Every `.rq` file of `directory`, sorted by name: `name` (the file name
    without .rq), `title` (its first comment line) and `query` (its text)."""
    examples = []
    for path in sorted(directory.glob("*.rq"), key=lambda p: p.stem):
        query = path.read_text(encoding="utf-8")
        examples.append({"name": path.stem, "title": title(query) or path.stem, "query": query})
    return examples
