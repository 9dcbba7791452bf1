"""A directory of articles and its manifest.csv, read and extracted."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from mskg.extract.pipeline import extract
from mskg.extract.text import ArticleError, read_article
from mskg.graph.observations import Article

MANIFEST_COLUMNS = ("file", "title", "publisher", "published", "url", "region")


def read_manifest(directory: Path) -> dict[str, dict]:
    """manifest.csv rows keyed by file name; empty if there is no manifest.

    Raises ArticleError naming the manifest and line for a malformed row."""
    manifest = directory / "manifest.csv"
    if not manifest.exists():
        return {}
    rows: dict[str, dict] = {}
    with manifest.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames or "file" not in reader.fieldnames:
            raise ArticleError(manifest, 1, f"the header must name the columns {','.join(MANIFEST_COLUMNS)}")
        for row in reader:
            if None in row or not (row.get("file") or "").strip():
                raise ArticleError(manifest, reader.line_num, "malformed row (no file, or too many cells)")
            rows[row["file"].strip()] = {k: (row.get(k) or "").strip() for k in MANIFEST_COLUMNS}
    return rows


@dataclass
class Corpus:
    """The articles that could be read, and an error for each that could not."""

    articles: list[Article] = field(default_factory=list)
    errors: list[ArticleError] = field(default_factory=list)


def _read(job: tuple[Path, str, dict[str, str]]) -> Article | ArticleError:
    """Read and extract one article of the manifest (an error if it cannot be)."""
    directory, name, row = job
    try:
        text = read_article(directory / name)
        extraction = extract(text, region=row.get("region") or None,
                             published=row.get("published") or None, title=row.get("title") or None)
    except FileNotFoundError:
        return ArticleError(directory / "manifest.csv", None, f"{name}: no such file")
    except (ArticleError, ValueError) as error:
        return error if isinstance(error, ArticleError) else ArticleError(directory / name, None, str(error))
    return Article(name, text, extraction, row.get("title", ""), row.get("publisher", ""),
                   row.get("published", ""), row.get("url", ""))


def load(directory: Path, *, progress: Callable[[str], None] | None = None, mapper=map) -> Corpus:
    """Read and extract every article of a directory (its manifest's files, else *.txt);
    `progress` is called with each file name as it is done. `mapper` (map, or a
    process pool's map) runs the extraction; the order stays the files' order."""
    corpus = Corpus()
    try:
        manifest = read_manifest(directory)
    except ArticleError as error:
        corpus.errors.append(error)
        return corpus
    names = sorted(manifest) or sorted(p.name for p in directory.glob("*.txt"))
    for name, read in zip(names, mapper(_read, [(directory, name, manifest.get(name, {})) for name in names])):
        if progress:
            progress(name)
        if isinstance(read, ArticleError):
            corpus.errors.append(read)
        else:
            corpus.articles.append(read)
    return corpus
