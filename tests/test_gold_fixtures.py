"""Integrity of the hand-made gold annotations in tests/gold/*.jsonl.

These fixtures are what the extractor is scored against, so a broken offset, a
missing key or an unknown code must fail loudly. See tests/gold/README.md for
the format and the annotation policy.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold"
ARTICLES = ROOT / "data" / "articles"

SEED_STEMS = [
    "000_bbb01d7cd85d8723",
    "001_36b2c228988e16e1",
    "002_c9138dbe0e8afbdc",
    "003_3b53e99e30383e09",
    "004_17668c373b294491",
]

KEYS = ["file", "start", "end", "quote", "region", "indicator", "period",
        "value", "unit", "status", "qualifier"]
STATUSES = {"actual", "target", "before"}
QUALIFIERS = {"exact", "approximate", "at-least", "more-than", "at-most", "less-than"}

REGION_RE = re.compile(r"^(\d{6}|area/[a-z0-9]+(?:-[a-z0-9]+)*)$")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PROVISIONAL_RE = re.compile(r"^provisional:\S+$")
UNIT_RE = re.compile(r"^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$")
# ISO 8601: a year, a month, a date, or an interval of two of them joined by "/".
_POINT = r"\d{4}(?:-\d{2}(?:-\d{2})?)?"
PERIOD_RE = re.compile(rf"^{_POINT}(?:/{_POINT})?$")


def _read_text(fname: str) -> str:
    # newline="" so that offsets are counted on the file's exact characters.
    with open(ARTICLES / fname, encoding="utf-8", newline="") as f:
        return f.read()


def _records(stem: str) -> list[tuple[int, dict]]:
    path = GOLD / f"{stem}.jsonl"
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


def _gold_files() -> list[Path]:
    return sorted(GOLD.glob("*.jsonl"))


def test_every_seed_article_has_gold():
    for stem in SEED_STEMS:
        assert (ARTICLES / f"{stem}.txt").exists(), stem
        path = GOLD / f"{stem}.jsonl"
        assert path.exists(), f"missing gold file {path}"
        assert _records(stem), f"{path.name} is empty"


def test_every_gold_file_names_an_article():
    for path in _gold_files():
        assert (ARTICLES / f"{path.stem}.txt").exists(), path.name


@pytest.mark.parametrize("stem", SEED_STEMS)
def test_records_well_formed(stem):
    text = _read_text(f"{stem}.txt")
    for lineno, rec in _records(stem):
        where = f"{stem}.jsonl:{lineno}"
        assert list(rec) == KEYS, f"{where}: keys {list(rec)} != {KEYS}"
        assert rec["file"] == f"{stem}.txt", where
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
        assert UNIT_RE.match(rec["unit"]), f"{where}: unit {rec['unit']!r}"
        assert rec["status"] in STATUSES, f"{where}: status {rec['status']!r}"
        assert rec["qualifier"] in QUALIFIERS, f"{where}: qualifier {rec['qualifier']!r}"
        if rec["unit"] == "PERCENT":
            assert v <= 100 or rec["qualifier"] in {"more-than", "at-least"}, where


@pytest.mark.parametrize("stem", SEED_STEMS)
def test_no_duplicates_and_before_has_actual(stem):
    recs = [r for _, r in _records(stem)]
    seen = set()
    for r in recs:
        key = (r["start"], r["end"], r["value"], r["status"], r["indicator"])
        assert key not in seen, f"{stem}: duplicate record {key}"
        seen.add(key)
    for r in recs:
        if r["status"] == "before":
            partners = [o for o in recs if o["status"] == "actual"
                        and o["indicator"] == r["indicator"] and o["region"] == r["region"]
                        and o["period"] == r["period"]
                        and o["start"] < r["end"] and r["start"] < o["end"]]
            assert partners, f"{stem}: 'before' record without its 'actual' partner: {r}"


@pytest.mark.parametrize("stem", SEED_STEMS)
def test_one_value_per_observation_key(stem):
    """Within one article, (region, indicator, period, status) identifies one
    observation; two different values for it would be a self-conflict."""
    by_key: dict[tuple, set] = {}
    for _, r in _records(stem):
        key = (r["region"], r["indicator"], r["period"], r["status"])
        by_key.setdefault(key, set()).add(r["value"])
    clashes = {k: v for k, v in by_key.items() if len(v) > 1}
    assert not clashes, f"{stem}: observation keys with several values: {clashes}"


def test_regions_and_areas_are_known():
    regions_ttl = ROOT / "data" / "regions.ttl"
    areas_ttl = ROOT / "data" / "areas.ttl"
    if not regions_ttl.exists():
        pytest.skip("data/regions.ttl not built")
    known = set(re.findall(r"region/(\d{6})\b", regions_ttl.read_text(encoding="utf-8")))
    if areas_ttl.exists():
        known |= {"area/" + a for a in re.findall(
            r"^area:([a-z0-9-]+)", areas_ttl.read_text(encoding="utf-8"), re.M)}
        known |= {"area/" + a for a in re.findall(
            r"id/area/([a-z0-9-]+)", areas_ttl.read_text(encoding="utf-8"))}
    for stem in SEED_STEMS:
        for lineno, r in _records(stem):
            assert r["region"] in known, f"{stem}.jsonl:{lineno}: unknown region {r['region']}"


def test_indicator_slugs_are_defined():
    ttl = ROOT / "data" / "indicators.ttl"
    if not ttl.exists():
        pytest.skip("data/indicators.ttl not written yet")
    rdflib = pytest.importorskip("rdflib")
    g = rdflib.Graph()
    g.parse(ttl, format="turtle")
    base = "https://w3id.org/mskg/id/indicator/"
    mskg_indicator = rdflib.URIRef("https://w3id.org/mskg/ontology#Indicator")
    defined = {str(s)[len(base):] for s in g.subjects(rdflib.RDF.type, mskg_indicator)
               if str(s).startswith(base)}
    for stem in SEED_STEMS:
        for lineno, r in _records(stem):
            ind = r["indicator"]
            if ind.startswith("provisional:"):
                continue
            assert ind in defined, f"{stem}.jsonl:{lineno}: indicator {ind!r} not in indicators.ttl"
