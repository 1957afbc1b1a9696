"""Matches per party per year or month: the same numbers the facets give."""

from __future__ import annotations

from search.engine import SearchEngine
from search.periods import MONTHS, YEARS


def test_counts_per_party_are_the_party_facet(engine: SearchEngine) -> None:
    counts = engine.period_counts("NAVO")
    facets = engine.search("NAVO").facets
    assert {party: counts.value_total(party) for party in counts.counts} == facets["party"]
    # One letter of one day: a year would be one bar, so the periods are months.
    assert counts.unit == MONTHS and counts.periods == ["2026-02"]
    assert counts.total == engine.search("NAVO").total


def test_years_per_party_are_each_partys_year_facet(kamervragen: SearchEngine) -> None:
    counts = kamervragen.period_counts("de")
    assert counts.unit == YEARS and counts.periods == ["2024", "2025", "2026"]
    for party, per_year in counts.counts.items():
        facet = kamervragen.search("de", parties=[party]).facets["year"]
        assert {y: c for y, c in per_year.items() if c} == facet, party
    assert list(counts.counts) == sorted(counts.counts, key=lambda p: -counts.value_total(p))


def test_filters_narrow_the_counts(kamervragen: SearchEngine) -> None:
    counts = kamervragen.period_counts("de", parties=["SP"], document="ah-tk-20232024-1771")
    assert list(counts.counts) == ["SP"]
    assert (
        counts.total
        == kamervragen.search("de", parties=["SP"], document="ah-tk-20232024-1771").total
    )
    assert counts.unit == MONTHS and counts.periods == ["2024-05"]


def test_no_match_with_a_date_gives_no_periods(engine: SearchEngine) -> None:
    counts = engine.period_counts("Groenland NIET Groenland")
    assert counts.periods == [] and counts.counts == {} and counts.total == 0
