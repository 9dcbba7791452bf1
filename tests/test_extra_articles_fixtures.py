"""Integrity of the extra test articles (tests/articles/) and their gold
annotations (tests/gold/extra/*.jsonl).

The extra articles are written in our own words to check that the extractor
generalises beyond the five seeds (other provinces, county and province level,
completion lists, press conferences, work reports, traditional characters,
Chinese numerals, per-county breakdowns, and two negatives without any
statistic). The gold follows tests/gold/README.md; a broken offset, a missing
key or an unknown code must fail here rather than skew a score.
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
KEYS = ["file", "start", "end", "quote", "region", "indicator", "period",
        "value", "unit", "status", "qualifier"]
STATUSES = {"actual", "target", "before"}
QUALIFIERS = {"exact", "approximate", "at-least", "more-than", "at-most", "less-than"}

REGION_RE = re.compile(r"^(\d{6}|area/[a-z0-9]+(?:-[a-z0-9]+)*)$")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PROVISIONAL_RE = re.compile(r"^provisional:\S+$")
UNIT_RE = re.compile(r"^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$")
_POINT = r"\d{4}(?:-\d{2}(?:-\d{2})?)?"
PERIOD_RE = re.compile(rf"^{_POINT}(?:/{_POINT})?$")

# Articles built to contain no statistic about a region: their gold is empty.
NEGATIVES = {"x08_commentary_no_stats.txt", "x09_yining_decoy_numbers.txt"}


def _manifest() -> list[dict]:
    with open(MANIFEST, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames == MANIFEST_COLUMNS, reader.fieldnames
        return list(reader)


def _read_text(fname: str) -> str:
    with open(ARTICLES / fname, encoding="utf-8", newline="") as f:
        return f.read()


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
    assert 8 <= len(rows) <= 10, len(rows)
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
    assert 600 <= len(text) <= 2500, len(text)


def test_gold_files_match_articles():
    stems = {Path(f).stem for f in _files()}
    gold = {p.stem for p in GOLD.glob("*.jsonl")}
    assert gold == stems, gold ^ stems


@pytest.mark.parametrize("fname", _files())
def test_records_well_formed(fname):
    text = _read_text(fname)
    for lineno, rec in _records(fname):
        where = f"{Path(fname).stem}.jsonl:{lineno}"
        assert list(rec) == KEYS, f"{where}: keys {list(rec)} != {KEYS}"
        assert rec["file"] == fname, where
        s, e = rec["start"], rec["end"]
        assert isinstance(s, int) and isinstance(e, int), where
        assert 0 <= s < e <= len(text), f"{where}: bad span {s},{e}"
        assert text[s:e] == rec["quote"], (
            f"{where}: quote {rec['quote']!r} != text[{s}:{e}] {text[s:e]!r}")
        assert REGION_RE.match(rec["region"]), f"{where}: region {rec['region']!r}"
        ind = rec["indicator"]
        assert SLUG_RE.match(ind) or PROVISIONAL_RE.match(ind), f"{where}: indicator {ind!r}"
        assert PERIOD_RE.match(rec["period"]), f"{where}: period {rec['period']!r}"
        if "/" in rec["period"]:
            a, b = rec["period"].split("/")
            assert a < b, f"{where}: empty interval {rec['period']}"
        v = rec["value"]
        assert isinstance(v, (int, float)) and not isinstance(v, bool), f"{where}: value {v!r}"
        assert v >= 0, f"{where}: negative value"
        if isinstance(v, float):
            assert not v.is_integer(), f"{where}: integer written as float {v!r}"
        assert UNIT_RE.match(rec["unit"]), f"{where}: unit {rec['unit']!r}"
        assert rec["status"] in STATUSES, f"{where}: status {rec['status']!r}"
        assert rec["qualifier"] in QUALIFIERS, f"{where}: qualifier {rec['qualifier']!r}"
        completion = "完成" in rec["quote"] or "完成率" in ind or "completion" in ind
        if rec["unit"] == "PERCENT" and not completion:
            # shares and rates stay within 0..100; target completion rates may exceed it
            assert v <= 100 or rec["qualifier"] in {"more-than", "at-least"}, where


@pytest.mark.parametrize("fname", _files())
def test_no_duplicates_and_before_has_partner(fname):
    recs = [r for _, r in _records(fname)]
    seen = set()
    for r in recs:
        key = (r["start"], r["end"], r["value"], r["status"], r["indicator"], r["region"])
        assert key not in seen, f"{fname}: duplicate record {key}"
        seen.add(key)
    for r in recs:
        if r["status"] == "before":
            # "由X提高到Y": Y is actual for a change made, target for a planned one.
            partners = [o for o in recs if o["status"] in {"actual", "target"}
                        and o["indicator"] == r["indicator"] and o["region"] == r["region"]
                        and o["period"] == r["period"]
                        and o["start"] < r["end"] and r["start"] < o["end"]]
            assert partners, f"{fname}: 'before' record without its partner: {r}"


@pytest.mark.parametrize("fname", _files())
def test_one_value_per_observation_key(fname):
    by_key: dict[tuple, set] = {}
    for _, r in _records(fname):
        key = (r["region"], r["indicator"], r["period"], r["status"])
        by_key.setdefault(key, set()).add(r["value"])
    clashes = {k: v for k, v in by_key.items() if len(v) > 1}
    assert not clashes, f"{fname}: observation keys with several values: {clashes}"


def test_negatives_are_empty_and_the_rest_are_not():
    for fname in _files():
        n = len(_records(fname))
        if fname in NEGATIVES:
            assert n == 0, f"{fname} is a negative example but has {n} records"
        else:
            assert n > 0, f"{fname} has no gold records"


def test_regions_are_known():
    regions_ttl = ROOT / "data" / "regions.ttl"
    if not regions_ttl.exists():
        pytest.skip("data/regions.ttl not built")
    known = set(re.findall(r"region/(\d{6})\b", regions_ttl.read_text(encoding="utf-8")))
    areas_ttl = ROOT / "data" / "areas.ttl"
    if areas_ttl.exists():
        atext = areas_ttl.read_text(encoding="utf-8")
        known |= {"area/" + a for a in re.findall(r"^area:([a-z0-9-]+)", atext, re.M)}
        known |= {"area/" + a for a in re.findall(r"id/area/([a-z0-9-]+)", atext)}
    for row in _manifest():
        assert row["region"] in known, f"manifest {row['file']}: unknown region {row['region']}"
    for fname in _files():
        for lineno, r in _records(fname):
            assert r["region"] in known, f"{fname}:{lineno}: unknown region {r['region']}"


def test_indicator_slugs_are_defined():
    ttl = ROOT / "data" / "indicators.ttl"
    if not ttl.exists():
        pytest.skip("data/indicators.ttl not written yet")
    text = ttl.read_text(encoding="utf-8")
    defined = set(re.findall(r"indicator/([a-z0-9]+(?:-[a-z0-9]+)*)", text))
    defined |= set(re.findall(r"^(?:ind|indicator):([a-z0-9]+(?:-[a-z0-9]+)*)", text, re.M))
    for fname in _files():
        for lineno, r in _records(fname):
            ind = r["indicator"]
            if ind.startswith("provisional:"):
                continue
            assert ind in defined, f"{fname}:{lineno}: indicator {ind!r} not in indicators.ttl"
