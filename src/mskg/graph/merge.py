"""Across articles: one observation per (region, indicator, period, status).

The same fact reported by several articles becomes one observation that keeps
every report as evidence. When the reports disagree, the preferred value is
the one from the most recently published article (then the exact figure over
a qualified one, then the most often reported); the disagreement is kept as a
conflict that `mskg conflicts` lists. Nothing is silently merged away.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from mskg.extract.pipeline import Observation


@dataclass(frozen=True)
class Report:
    """One article's statement of a figure."""

    article: str        # the article's file name
    published: str      # ISO date as precise as known, "" if unknown
    observation: Observation


@dataclass
class MergedObservation:
    """An observation with all its reports and the value preferred among them."""

    key: tuple[str, str, str, str]   # region, indicator, period, status
    reports: list[Report] = field(default_factory=list)

    @property
    def preferred(self) -> Report:
        """The report whose value is published."""
        counts: dict[Decimal, int] = {}
        for report in self.reports:
            counts[report.observation.value] = counts.get(report.observation.value, 0) + 1
        return max(self.reports, key=lambda r: (
            r.published, r.observation.qualifier == "exact", counts[r.observation.value],
            r.article, -r.observation.start))

    @property
    def values(self) -> list[Decimal]:
        """The distinct values reported, in order of first report."""
        seen: list[Decimal] = []
        for report in self.reports:
            if report.observation.value not in seen:
                seen.append(report.observation.value)
        return seen

    @property
    def in_conflict(self) -> bool:
        """Whether the reports give different values."""
        return len(self.values) > 1


def merge(reports: list[Report]) -> list[MergedObservation]:
    """Group reports into observations, in a stable order (by key)."""
    merged: dict[tuple, MergedObservation] = {}
    for report in sorted(reports, key=lambda r: (r.article, r.observation.start, r.observation.end)):
        o = report.observation
        key = (o.region, o.indicator, o.period, o.status)
        merged.setdefault(key, MergedObservation(key)).reports.append(report)
    return [merged[key] for key in sorted(merged)]
