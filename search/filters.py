"""Filters and facets over the arrays: which records a search may show, and its counts.

A filter is a set of values per filter field (index.schema; a record passes when it
has any of them), optionally a range of answer dates, and optionally kinds of document
(search.soorten). Facets count the matches of
the whole query (not one page) per value, each ignoring its own filter, so several
values of one facet can be chosen; the document filter scopes every facet.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from index.arrays.format import MISSING
from index.schema import FILTER_FIELDS
from search import names
from search.generation import OpenGeneration
from search.matches import Matches
from search.soort_codes import soort_mask

YEAR = "year"  # the facet of answer years, from the date column
SOORT = "soort"  # the kinds of document (search.soorten), from the generation's codes
EPOCH = date(1970, 1, 1)
# Dutch names of the filter fields, for messages about an unknown value.
LABELS = {
    "party": "partij",
    "document": "document",
    "ministry": "ministerie",
    "minister": "bewindspersoon",
    "member": "Kamerlid",
    "kind": "soort",
}


class UnknownValueError(LookupError):
    """A filter value no record has; the message names the filter in Dutch."""

    def __init__(self, field: str, value: str) -> None:
        super().__init__(f"Onbekende waarde voor {LABELS.get(field, field)}: {value!r}.")
        self.field, self.value = field, value


def check_values(live: OpenGeneration, filters: Filters) -> None:
    """UnknownValueError for the first chosen value no live record has; ValueError for a
    field that is no filter (index.schema)."""
    for name, values in filters.chosen().items():
        if name not in FILTER_FIELDS:
            raise ValueError(f"Onbekend filter: {name!r}.")
        for value in values:
            if not len(live.records_of(name, value)):
                raise UnknownValueError(name, value)


def resolve_typed(
    live: OpenGeneration, field: str, typed: list[str] | tuple[str, ...]
) -> tuple[str, ...]:
    """The index's spelling of each value typed for a member, ministry or office-holder
    (search.names); UnknownValueError for one no record has."""
    known = live.values(field)
    resolved: list[str] = []
    for text in typed:
        value = names.resolve(field, text, known)
        if value is None:
            raise UnknownValueError(field, text)
        if value not in resolved:
            resolved.append(value)
    return tuple(resolved)


@dataclass(frozen=True)
class Filters:
    """Chosen values per filter field, an answer date range (both ends included) and
    kinds of document (search.soorten, by their canonical names)."""

    values: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    first_day: date | None = None
    last_day: date | None = None
    soorten: tuple[str, ...] = ()

    def chosen(self) -> dict[str, tuple[str, ...]]:
        return {name: values for name, values in self.values.items() if values}


def day_number(day: date) -> int:
    """A date as the arrays' date column holds it (index.schema: days since 1970)."""
    return (day - EPOCH).days


class FilterMasks:
    """The records each filter of one search lets through, as masks."""

    def __init__(self, live: OpenGeneration, filters: Filters) -> None:
        self.live = live
        self.masks: dict[str, np.ndarray] = {}
        for name, values in filters.chosen().items():
            allowed = np.zeros(live.size, dtype=bool)
            for value in values:
                allowed[live.records_of(name, value)] = True
            self.masks[name] = allowed
        if filters.first_day is not None or filters.last_day is not None:
            self.masks[YEAR] = _in_range(live.days, filters.first_day, filters.last_day)
        if filters.soorten:
            self.masks[SOORT] = soort_mask(live.soorten, filters.soorten)

    def allowed(self, but: str | None = None) -> np.ndarray | None:
        """The records every filter (but the one named) lets through; None: all."""
        masks = [mask for name, mask in self.masks.items() if name != but]
        if not masks:
            return None
        allowed = masks[0].copy()
        for mask in masks[1:]:
            allowed &= mask
        return allowed


def _scope(matches: Matches, allowed: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """The matches `allowed` lets through, as a mask and as record numbers (ascending):
    the numbers from the matched rows, so a small result is never a pass over every
    record's mask; the mask (where records with several values are looked up) made
    from them, or from a large result's own."""
    if allowed is None:
        return matches.mask, matches.rows
    rows = matches.rows[allowed[matches.rows]]
    if matches.is_dense:
        return matches.mask & allowed, rows
    mask = np.zeros(matches.size, dtype=bool)
    mask[rows] = True
    return mask, rows


def _in_range(days: np.ndarray, first: date | None, last: date | None) -> np.ndarray:
    low = day_number(first) if first is not None else MISSING + 1
    high = day_number(last) if last is not None else np.iinfo(np.int32).max
    return (days >= low) & (days <= high)


class Facets:
    """The per-value counts of the facet fields (index.schema) and of answer years."""

    def __init__(self, live: OpenGeneration, fields: tuple[str, ...]) -> None:
        self.live = live
        self.fields = fields

    def counts(self, matches: Matches, masks: FilterMasks) -> dict[str, dict[str, int]]:
        """Hits per value for each facet, ignoring that facet's own filter."""
        found, scopes = {}, {}
        for name in (*self.fields, YEAR):
            applied = tuple(other for other in masks.masks if other != name)
            scope = scopes.get(applied)
            if scope is None:  # one pass for every facet without a filter of its own
                scope = scopes[applied] = _scope(matches, masks.allowed(but=name))
            found[name] = self._years(scope[1]) if name == YEAR else self._values(name, *scope)
        return found

    def _values(self, name: str, mask: np.ndarray, hits: np.ndarray) -> dict[str, int]:
        """The values with hits, most first (then by name)."""
        by_record = self.live.values_by_record(name)
        first = by_record.first[hits]
        counts = np.bincount(first[first >= 0], minlength=len(by_record.names))
        more = by_record.more_values[mask[by_record.more_records]]
        counts += np.bincount(more, minlength=len(by_record.names))
        present = np.flatnonzero(counts)
        counted = counts[present]
        order = np.lexsort((present, by_record.name_ranks[present], -counted))
        # As Python ints first: a numpy scalar per value, hundreds of members a search.
        names = map(by_record.names.__getitem__, present[order].tolist())
        return dict(zip(names, counted[order].tolist(), strict=True))

    def _years(self, hits: np.ndarray) -> dict[str, int]:
        """Hits per answer year, newest first; records without a date are not counted."""
        years = self.live.years[hits]
        counts = np.bincount(years[years >= 0], minlength=1)
        first = self.live.first_year
        present = np.flatnonzero(counts)[::-1]
        numbers = zip(present.tolist(), counts[present].tolist(), strict=True)
        return {str(first + i): n for i, n in numbers}
