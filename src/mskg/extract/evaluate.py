"""Scoring the extractor against gold annotations (tests/gold/*.jsonl).

A prediction matches a gold record when it is in the same file, its span
overlaps the gold span and its value is equal. Recall and precision count
matches; "all fields right" is the share of gold records whose match also
has the right region, indicator, period and status (a provisional concept
is right where the gold also has none in the scheme).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from mskg.extract.pipeline import Observation, extract
from mskg.extract.text import read_article

FIELDS = ("region", "indicator", "period", "status")


@dataclass
class Score:
    """Counts and the records behind them, for reporting."""

    gold: int = 0
    predicted: int = 0
    matched: int = 0
    all_right: int = 0
    misses: list[dict] = field(default_factory=list)
    spurious: list[dict] = field(default_factory=list)
    wrong: list[tuple[dict, dict]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        """Matched gold records over all gold records."""
        return self.matched / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        """Matched predictions over all predictions."""
        return self.matched / self.predicted if self.predicted else 1.0

    @property
    def all_fields_right(self) -> float:
        """Gold records matched with region, indicator, period and status all right."""
        return self.all_right / self.gold if self.gold else 1.0


def read_gold(paths: list[Path]) -> dict[str, list[dict]]:
    """Gold records grouped by article file name."""
    records: dict[str, list[dict]] = {}
    for path in paths:
        records.setdefault(path.stem + ".txt", [])
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                records.setdefault(record["file"], []).append(record)
    return records


def gold_files(target: Path) -> list[Path]:
    """The .jsonl files of a gold directory (not recursive), or the one file given."""
    return sorted(target.glob("*.jsonl")) if target.is_dir() else [target]


def _same_value(a, b) -> bool:
    a, b = Decimal(str(a)), Decimal(str(b))
    return abs(a - b) <= abs(b) * Decimal("1e-9")


def _overlaps(obs: Observation, gold: dict) -> bool:
    return obs.start < gold["end"] and gold["start"] < obs.end


def score_file(predicted: list[Observation], gold: list[dict], score: Score) -> None:
    """Add one article's matches to `score`."""
    score.gold += len(gold)
    score.predicted += len(predicted)
    used: set[int] = set()
    for record in gold:
        candidates = [i for i, o in enumerate(predicted)
                      if i not in used and _overlaps(o, record) and _same_value(o.value, record["value"])]
        if not candidates:
            score.misses.append(record)
            continue
        best = max(candidates, key=lambda i: sum(_field(predicted[i], f) == _gold_field(record, f)
                                                 for f in FIELDS))
        used.add(best)
        score.matched += 1
        if all(_field(predicted[best], f) == _gold_field(record, f) for f in FIELDS):
            score.all_right += 1
        else:
            score.wrong.append((record, predicted[best].as_json()))
    score.spurious.extend(o.as_json() for i, o in enumerate(predicted) if i not in used)


def _field(obs: Observation, name: str) -> str:
    """A prediction's field in the gold's terms: any provisional concept counts as
    the gold's "provisional:…" (both say the scheme lacks the indicator)."""
    value = getattr(obs, name)
    if name == "indicator" and obs.provisional:
        return "provisional"
    return value


def _gold_field(record: dict, name: str) -> str:
    value = record[name]
    if name == "indicator" and value.startswith("provisional"):
        return "provisional"
    return value


def evaluate(gold_target: Path, articles: Path) -> Score:
    """Extract every article that has gold records and score the lot."""
    from mskg.corpus import read_manifest

    score = Score()
    manifest = read_manifest(articles)
    for name, records in sorted(read_gold(gold_files(gold_target)).items()):
        row = manifest.get(name, {})
        text = read_article(articles / name)
        result = extract(text, region=row.get("region") or None, published=row.get("published") or None,
                         title=row.get("title") or None)
        score_file(result.observations, records, score)
    return score
