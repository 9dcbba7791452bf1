"""Where the project's own files live, resolved from the repository root."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(os.environ.get("MSKG_ROOT", Path(__file__).resolve().parents[2]))
ONTOLOGY = ROOT / "ontology" / "mskg.ttl"
SHAPES = ROOT / "shapes"
DATA = ROOT / "data"
ARTICLES = DATA / "articles"
REGIONS = DATA / "regions.ttl"
AREAS = DATA / "areas.ttl"
INDICATORS = DATA / "indicators.ttl"
UNITS = DATA / "units.ttl"
WIKIDATA = DATA / "wikidata.csv"
REGION_OVERRIDES = DATA / "region_overrides.csv"
QUERIES = ROOT / "queries"
STORE = ROOT / "var" / "store"
