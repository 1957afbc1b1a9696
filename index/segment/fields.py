"""The bulk writer's fields: a text field analysed per chunk with numpy, and a value
field (ID, keyword, number, date) Whoosh analyses itself, value by value.

Which posting format a field has decides what the writer counts per posting; a
format this package does not read back (index.segment.codec) is refused here,
before a record is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import numpy as np
from whoosh import formats

from index.analysis.formats import FastFrequency, FastPositions
from index.segment import runs
from index.segment.tokens import AnalysisTable

# Values analysed by Whoosh per field (IDs, dates) kept for reuse: parties, documents.
VALUE_CACHE = 100_000

# Whoosh's formats by what a posting's value holds, by exact class: a subclass may
# encode otherwise than index.segment.codec reads.
EXISTENCE, FREQUENCY, POSITIONS = "existence", "frequency", "positions"
_KINDS = {
    formats.Existence: EXISTENCE,
    formats.Frequency: FREQUENCY,
    FastFrequency: FREQUENCY,
    formats.Positions: POSITIONS,
    FastPositions: POSITIONS,
}


class UnsupportedSchema(ValueError):
    """A schema this writer cannot write; use Whoosh's own writer for it."""


def kind_of(field: Any) -> str:
    kind = _KINDS.get(type(field.format))
    if kind is None:
        raise UnsupportedSchema(f"geen bulkschrijver voor de opmaak {type(field.format).__name__}")
    return kind


class TextField:
    """A field whose analyzer is memoised: analysed per chunk with numpy."""

    def __init__(self, name: str, field: Any, table: AnalysisTable, copies: Sequence[str]):
        self.name, self.field, self.table, self.copies = name, field, table, tuple(copies)
        self.kind = kind_of(field)
        if self.kind == EXISTENCE:
            raise UnsupportedSchema(f"veld {name}: tekst zonder frequenties")
        self.boost = field.format.field_boost

    def keys(self) -> list[str]:
        return self.table.terms

    def term_text(self, term: int) -> str:
        return self.table.terms[term]  # the table's own string: no copy per term


class ValueField:
    """A field Whoosh analyses itself (ID, KEYWORD, NUMERIC, DATETIME), value by value."""

    def __init__(self, name: str, field: Any) -> None:
        self.name, self.field = name, field
        self.kind = kind_of(field)
        if self.kind == POSITIONS:
            raise UnsupportedSchema(f"veld {name}: posities zonder bulkanalyse")
        self.numbers: dict[bytes, int] = {}
        self.terms: list[bytes] = []
        self._cache: dict[Any, list[tuple[int, int, float]]] = {}
        self.unique = bool(getattr(field, "unique", False))
        self.pending: tuple[list[int], list[int], list[int], list[float]] = ([], [], [], [])

    def keys(self) -> list[bytes]:
        return self.terms

    def term_text(self, term: int) -> str:
        return self.terms[term].decode("utf-8")

    def _postings(self, value: Any) -> list[tuple[int, int, float]]:
        cacheable = not self.unique and isinstance(value, str | int | datetime)
        found = self._cache.get(value) if cacheable else None
        if found is None:
            found = []
            for tbytes, freq, weight, _ in self.field.index(value):
                number = self.numbers.get(tbytes)
                if number is None:
                    number = self.numbers[tbytes] = len(self.terms)
                    self.terms.append(tbytes)
                found.append((number, freq, weight))
            if cacheable and len(self._cache) < VALUE_CACHE:
                self._cache[value] = found
        return found

    def add(self, docnum: int, value: Any) -> int:
        """Collect the value's postings; the field length Whoosh would record."""
        terms, docs, freqs, weights = self.pending
        length = 0
        for number, freq, weight in self._postings(value):
            terms.append(number)
            docs.append(docnum)
            freqs.append(freq)
            weights.append(weight)
            length += freq
        return length if self.field.scorable else 0

    def release(self) -> None:
        """Keep only `terms`, as AnalysisTable.release does."""
        self.numbers, self._cache = {}, {}

    def take(self) -> runs.Postings:
        terms, docs, freqs, weights = (np.asarray(column) for column in self.pending)
        self.pending = ([], [], [], [])
        if not len(terms):
            return runs.empty_postings(False)
        return runs.from_postings(terms, docs, freqs, weights, self.terms)
