"""Integrity of the hand-made gold annotations: tests/gold/*.jsonl for the seed
articles and tests/gold/extra/*.jsonl for our own test articles.

These fixtures are what the extractor is scored against, so a broken offset, a
missing key or an unknown code must fail loudly. See tests/gold/README.md for
the format and the annotation policy.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from mskg.reference import areas, indicators, regions

ROOT = Path(__file__).resolve().parents[1]
SETS = {  # gold directory -> article directory
    ROOT / "tests" / "gold": ROOT / "data" / "articles",
    ROOT / "tests" / "gold" / "extra": ROOT / "tests" / "articles",
}
KEYS = ["file", "start", "end", "quote", "region", "indicator", "period",
        "value", "unit", "status", "qualifier"]
STATUSES = {"actual", "target", "before"}
QUALIFIERS = {"exact", "approximate", "at-least", "more-than", "at-most", "less-than"}
REGION_RE = re.compile(r"^(\d{6}|CN|area/[a-z0-9]+(?:-[a-z0-9]+)*)$")  # CN: a figure for the whole country
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PROVISIONAL_RE = re.compile(r"^provisional:\S+$")
UNIT_RE = re.compile(r"^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$")
_POINT = r"\d{4}(?:-\d{2}(?:-\d{2})?)?"
PERIOD_RE = re.compile(rf"^{_POINT}(?:/{_POINT})?$")
GOLD_FILES = [path for gold in SETS for path in sorted(gold.glob("*.jsonl"))]


def records(path: Path) -> list[tuple[int, dict]]:
    out = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            assert line.strip(), f"{path.name}:{lineno}: blank line"
            out.append((lineno, json.loads(line)))
    return out


def article_text(path: Path) -> str:
    # newline="" so that offsets are counted on the file's exact characters.
    with open(SETS[path.parent] / f"{path.stem}.txt", encoding="utf-8", newline="") as f:
        return f.read()


def test_every_seed_article_has_gold():
    seeds = sorted(p.stem for p in (ROOT / "data" / "articles").glob("*.txt"))
    assert len(seeds) == 5
    for stem in seeds:
        assert records(ROOT / "tests" / "gold" / f"{stem}.jsonl"), stem


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_records_are_well_formed(path):
    text = article_text(path)
    for lineno, rec in records(path):
        where = f"{path.name}:{lineno}"
        assert list(rec) == KEYS, f"{where}: keys {list(rec)} != {KEYS}"
        assert rec["file"] == f"{path.stem}.txt", where
        s, e = rec["start"], rec["end"]
        assert isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(text), f"{where}: span {s},{e}"
        assert text[s:e] == rec["quote"], f"{where}: quote {rec['quote']!r} != {text[s:e]!r}"
        assert REGION_RE.match(rec["region"]), f"{where}: region {rec['region']!r}"
        assert SLUG_RE.match(rec["indicator"]) or PROVISIONAL_RE.match(rec["indicator"]), where
        assert PERIOD_RE.match(rec["period"]), f"{where}: period {rec['period']!r}"
        if "/" in rec["period"]:
            first, last = rec["period"].split("/")
            assert first < last, f"{where}: empty interval {rec['period']}"
        value = rec["value"]
        assert isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0, where
        assert not (isinstance(value, float) and value.is_integer()), f"{where}: integer written as float"
        assert UNIT_RE.match(rec["unit"]), f"{where}: unit {rec['unit']!r}"
        assert rec["status"] in STATUSES and rec["qualifier"] in QUALIFIERS, where
        completion = "完成" in rec["quote"] or "completion" in rec["indicator"] or "完成" in rec["indicator"]
        if rec["unit"] == "PERCENT" and not completion:
            # shares and rates stay within 0..100; target completion rates may exceed it
            assert value <= 100 or rec["qualifier"] in {"more-than", "at-least"}, where


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_no_duplicates_and_every_before_has_its_partner(path):
    recs = [r for _, r in records(path)]
    keys = [(r["start"], r["end"], r["value"], r["status"], r["indicator"], r["region"]) for r in recs]
    assert len(keys) == len(set(keys)), f"{path.name}: duplicate records"
    for r in recs:
        if r["status"] == "before":
            # "由X提高到Y": Y is actual for a change made, target for a planned one.
            assert [o for o in recs if o["status"] in {"actual", "target"}
                    and (o["indicator"], o["region"], o["period"]) == (r["indicator"], r["region"], r["period"])
                    and o["start"] < r["end"] and r["start"] < o["end"]], f"{path.name}: lone before {r}"


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_one_value_per_observation_key(path):
    """Within one article, (region, indicator, period, status) identifies one
    observation; two different values for it would be a self-conflict."""
    by_key: dict[tuple, set] = {}
    for _, r in records(path):
        by_key.setdefault((r["region"], r["indicator"], r["period"], r["status"]), set()).add(r["value"])
    assert not {k: v for k, v in by_key.items() if len(v) > 1}, path.name


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_regions_and_indicators_are_in_the_reference_data(path):
    known_regions = set(regions.load()) | {area.code for area in areas.load()}
    known_indicators = set(indicators.load().by_slug)
    for lineno, r in records(path):
        assert r["region"] in known_regions, f"{path.name}:{lineno}: unknown region {r['region']}"
        if not r["indicator"].startswith("provisional:"):
            assert r["indicator"] in known_indicators, f"{path.name}:{lineno}: unknown {r['indicator']}"
