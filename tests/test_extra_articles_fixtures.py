"""Integrity of the extra test articles (tests/articles/) and their manifest
(their gold records are checked with the seeds' in test_gold_fixtures.py).

The extra articles are written in our own words to check that the extractor
generalises beyond the five seeds (other provinces, county and province level,
completion lists, press conferences, work reports, traditional characters,
Chinese numerals, per-county breakdowns, inline completion lists, county
briefs, full-width digits, and two negatives without any statistic). The
gold follows tests/gold/README.md; a broken offset, a missing key or an
unknown code must fail here rather than skew a score.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "tests" / "articles"
GOLD = ROOT / "tests" / "gold" / "extra"
MANIFEST = ARTICLES / "manifest.csv"

MANIFEST_COLUMNS = ["file", "title", "publisher", "published", "url", "region"]

REGION_RE = re.compile(r"^(\d{6}|CN|area/[a-z0-9]+(?:-[a-z0-9]+)*)$")  # CN: a national roundup

# Articles built to contain no statistic about a region: their gold is empty.
NEGATIVES = {"x08_commentary_no_stats.txt", "x09_yining_decoy_numbers.txt"}


def _manifest() -> list[dict]:
    with open(MANIFEST, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames == MANIFEST_COLUMNS, reader.fieldnames
        return list(reader)


def _records(fname: str) -> list[tuple[int, dict]]:
    path = GOLD / f"{Path(fname).stem}.jsonl"
    out = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            assert line.strip(), f"{path.name}:{lineno}: blank line"
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as e:  # pragma: no cover - failure path
                pytest.fail(f"{path.name}:{lineno}: not JSON: {e}")
            out.append((lineno, rec))
    return out


def _files() -> list[str]:
    return [row["file"] for row in _manifest()]


def test_manifest_rows():
    rows = _manifest()
    assert 8 <= len(rows) <= 250, len(rows)
    names = [r["file"] for r in rows]
    assert len(set(names)) == len(names), "duplicate file in manifest"
    for r in rows:
        assert (ARTICLES / r["file"]).is_file(), r["file"]
        assert r["title"].strip(), r["file"]
        dt.date.fromisoformat(r["published"])
        assert REGION_RE.match(r["region"]), (r["file"], r["region"])
        assert r["url"] == "" or r["url"].startswith(("http://", "https://")), r["url"]


def test_every_article_is_in_the_manifest():
    listed = set(_files())
    on_disk = {p.name for p in ARTICLES.glob("*.txt")}
    assert on_disk == listed, on_disk ^ listed


@pytest.mark.parametrize("fname", _files())
def test_article_text(fname):
    raw = (ARTICLES / fname).read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), "BOM"
    assert b"\r" not in raw, "CR in article"
    text = raw.decode("utf-8")
    assert 150 <= len(text) <= 2500, len(text)  # a news brief (x12) to a long report


def test_gold_files_match_articles():
    stems = {Path(f).stem for f in _files()}
    gold = {p.stem for p in GOLD.glob("*.jsonl")}
    assert gold == stems, gold ^ stems


def test_negatives_are_empty_and_the_rest_are_not():
    for fname in _files():
        n = len(_records(fname))
        if fname in NEGATIVES:
            assert n == 0, f"{fname} is a negative example but has {n} records"
        else:
            assert n > 0, f"{fname} has no gold records"
