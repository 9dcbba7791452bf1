"""Across articles: one observation per (region, indicator, period, status).

The same fact reported by several articles becomes one observation that keeps
every report as evidence. When the reports disagree, the preferred value is
the one from the most recently published article (then the exact figure over
a qualified one, then the most often reported, then the first stated); the disagreement is kept as a
conflict that `mskg conflicts` lists. Nothing is silently merged away.

Reports come from extraction (build) or from the store (ingest and remove
recompute only the observations an article touches).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Report:
    """One article's statement of a figure."""

    observation: str    # the observation IRI (region, indicator, period, status)
    evidence: str       # the evidence span IRI
    article: str        # the article's file name
    published: str      # ISO date as precise as known, "" if unknown
    value: Decimal
    qualifier: str      # exact, approximate, ...
    unit: str           # unit IRI
    quote: str = ""

    @property
    def start(self) -> int:
        """Where the evidence span starts (its IRI ends in #char=start,end)."""
        return int(self.evidence.rsplit("#char=", 1)[1].split(",")[0])


@dataclass
class MergedObservation:
    """An observation with all its reports and the value preferred among them."""

    iri: str
    reports: list[Report] = field(default_factory=list)

    @property
    def preferred(self) -> Report:
        """The report whose value is published."""
        counts: dict[Decimal, int] = {}
        for report in self.reports:
            counts[report.value] = counts.get(report.value, 0) + 1
        return max(self.reports, key=lambda r: (
            r.published, r.qualifier == "exact", counts[r.value], r.article, -r.start))

    @property
    def values(self) -> list[Decimal]:
        """The distinct values reported, in order of first report."""
        seen: list[Decimal] = []
        for report in self.reports:
            if report.value not in seen:
                seen.append(report.value)
        return seen

    @property
    def in_conflict(self) -> bool:
        """Whether the reports give different values."""
        return len(self.values) > 1


def merge(reports: list[Report]) -> list[MergedObservation]:
    """Group reports into observations, in a stable order (by IRI, then evidence)."""
    merged: dict[str, MergedObservation] = {}
    for report in sorted(reports, key=lambda r: (r.observation, r.article, r.evidence)):
        merged.setdefault(report.observation, MergedObservation(report.observation)).reports.append(report)
    return [merged[iri] for iri in sorted(merged)]
