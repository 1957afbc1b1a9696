"""Matches counted per value of a filter field and per period of answer dates: who asks
what, when (the chart of the results page, of a member's and a ministry's page).

A period is a year ("2024"), or a month ("2024-08") when the matches' dates lie within
MONTHS_SHOWN months of each other, where a year would be one bar. A record asked by
several parties counts for each of them, as the party facet counts it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from index.arrays.format import MISSING
from search.generation import OpenGeneration

YEARS, MONTHS = "year", "month"
MONTHS_SHOWN = 18


@dataclass
class PeriodCounts:
    """Counts per value (most first) per period (in date order), and how they were cut."""

    field: str
    unit: str  # YEARS or MONTHS
    periods: list[str] = field(default_factory=list)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    total: int = 0  # matches with a date, each once
    undated: int = 0

    def value_total(self, value: str) -> int:
        return sum(self.counts.get(value, {}).values())

    def only(self, values: list[str]) -> PeriodCounts:
        """The counts of these values alone (a filter chose them: the others only asked
        together with them)."""
        kept = {name: self.counts[name] for name in self.counts if name in values}
        return PeriodCounts(self.field, self.unit, self.periods, kept, self.total, self.undated)


def period_counts(live: OpenGeneration, found: np.ndarray, field_name: str) -> PeriodCounts:
    """The matches in `found` (a mask over record numbers) per value of `field_name`
    (a filter field) and per period of their answer dates."""
    days = live.days
    dated = found & (days != MISSING)
    chosen = np.flatnonzero(dated)
    if not len(chosen):
        return PeriodCounts(field_name, YEARS, undated=int(found.sum()))
    months = days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    span = int(months[chosen].max() - months[chosen].min())
    unit = MONTHS if span < MONTHS_SHOWN else YEARS
    period_of = months if unit == MONTHS else months // 12
    first, last = int(period_of[chosen].min()), int(period_of[chosen].max())
    by_record = live.values_by_record(field_name)
    names = by_record.names
    # Each record's first value and the rarer further ones, as (record, value) pairs.
    firsts = chosen[by_record.first[chosen] >= 0]
    further = dated[by_record.more_records]
    docs = np.concatenate([firsts, by_record.more_records[further]])
    value_of = np.concatenate([by_record.first[firsts], by_record.more_values[further]])
    grid = np.zeros((len(names), last - first + 1), dtype=np.int64)
    np.add.at(grid, (value_of, period_of[docs] - first), 1)
    periods = [_period_name(first + i, unit) for i in range(last - first + 1)]
    order = sorted(np.flatnonzero(grid.sum(axis=1)), key=lambda i: (-grid[i].sum(), names[i]))
    counts = {names[i]: {p: int(c) for p, c in zip(periods, grid[i], strict=True)} for i in order}
    return PeriodCounts(
        field_name, unit, periods, counts, total=len(chosen), undated=int((found & ~dated).sum())
    )


def _period_name(number: int, unit: str) -> str:
    """A year or month as numpy counts it from 1970 → "2024" or "2024-08"."""
    if unit == YEARS:
        return str(1970 + number)
    return f"{1970 + number // 12}-{number % 12 + 1:02d}"
