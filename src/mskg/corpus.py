"""A directory of articles and its manifest.csv, read and extracted."""

from __future__ import annotations

import csv
import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from mskg.extract.pipeline import extract
from mskg.extract.text import ArticleError, read_article
from mskg.graph.observations import Article

MANIFEST_COLUMNS = ("file", "title", "publisher", "published", "url", "region")


@dataclass
class Manifest:
    """The rows of a manifest.csv that read well, keyed by file name (each with its columns and its
    line number, `line`), and an error for each that did not."""

    rows: dict[str, dict] = field(default_factory=dict)
    errors: list[ArticleError] = field(default_factory=list)


def parse_manifest(directory: Path) -> Manifest:
    """manifest.csv, one row per line (none: an empty Manifest).

    A row with unbalanced quotes, more cells than the header, no file name or
    a publication date that is not YYYY, YYYY-MM or YYYY-MM-DD is left out
    with an ArticleError naming the manifest and line; the other rows stand.
    A header without the `file` column (or a file that is not UTF-8) is one
    error and no rows."""
    path = directory / "manifest.csv"
    manifest = Manifest()
    if not path.exists():
        return manifest
    try:
        lines = path.read_bytes().decode("utf-8-sig").splitlines()
    except UnicodeDecodeError as error:
        manifest.errors.append(ArticleError(path, None, f"not UTF-8 (byte {error.start})"))
        return manifest
    header = [cell.strip() for cell in next(csv.reader(lines[:1]), [])]
    if "file" not in header:
        manifest.errors.append(ArticleError(path, 1, f"the header must name the columns {','.join(MANIFEST_COLUMNS)}"))
        return manifest
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        try:
            cells = next(csv.reader([line], strict=True))
        except csv.Error as error:
            manifest.errors.append(ArticleError(path, number, f"malformed row ({error}: unbalanced quotes?)"))
            continue
        if len(cells) > len(header):
            manifest.errors.append(ArticleError(path, number, f"{len(cells)} cells; the header has {len(header)}"))
            continue
        row = dict(zip(header, cells))
        row = {name: (row.get(name) or "").strip() for name in MANIFEST_COLUMNS}
        problem = "no file name" if not row["file"] else _date_problem(row["published"])
        if problem:
            manifest.errors.append(ArticleError(path, number, problem))
            continue
        manifest.rows[row["file"]] = row | {"line": number}
    return manifest


def _date_problem(published: str) -> str | None:
    """Why a publication date is unusable, or None (empty is fine: no date)."""
    if not published:
        return None
    match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", published)
    try:
        if match:
            datetime.date(int(match[1]), int(match[2] or 1), int(match[3] or 1))
            return None
    except ValueError:
        pass
    return f"published {published!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"


def read_manifest(directory: Path) -> dict[str, dict]:
    """manifest.csv rows keyed by file name; empty if there is no manifest.

    Raises ArticleError naming the manifest and line for the first malformed row."""
    manifest = parse_manifest(directory)
    if manifest.errors:
        raise manifest.errors[0]
    return manifest.rows


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
        return ArticleError(directory / "manifest.csv", row.get("line"), f"{name}: no such file")
    except (ArticleError, ValueError) as error:
        return error if isinstance(error, ArticleError) else ArticleError(directory / name, None, str(error))
    return Article(name, text, extraction, row.get("title", ""), row.get("publisher", ""),
                   row.get("published", ""), row.get("url", ""))


def prepare(directory: Path) -> None:
    """Load the extraction's tables and the gazetteer of every region the manifest
    names now: before a build forks its workers, so that each need not load them."""
    for region in {row["region"] or None for row in parse_manifest(directory).rows.values()} | {None}:
        try:
            extract("", region=region)
        except ValueError:  # an unknown region: that article's error, when it is read
            pass


def load(directory: Path, *, progress: Callable[[str], None] | None = None, mapper=map) -> Corpus:
    """Read and extract every article of a directory (its manifest's files, else *.txt);
    `progress` is called with each file name as it is done. `mapper` (map, or a
    process pool's map) runs the extraction; the order stays the files' order. An
    article or manifest row that cannot be read is an error in Corpus.errors; the
    others are read all the same."""
    corpus = Corpus()
    parsed = parse_manifest(directory)
    corpus.errors.extend(parsed.errors)
    manifest = parsed.rows
    names = sorted(manifest) if manifest or parsed.errors else sorted(p.name for p in directory.glob("*.txt"))
    for name, read in zip(names, mapper(_read, [(directory, name, manifest.get(name, {})) for name in names])):
        if progress:
            progress(name)
        if isinstance(read, ArticleError):
            corpus.errors.append(read)
        else:
            corpus.articles.append(read)
    return corpus
