"""Whoosh's Frequency and Positions formats, fed by the memoised analyzer directly.

Whoosh builds a field's postings by running the analyzer as a stream of Token
objects and counting them; for `MemoizedAnalyzer` the counts and positions can
be collected straight from its cached word analyses (`term_counts`,
`term_positions`), with the same numbers: tests/index/test_formats.py compares
both ways on the whole sample. Any other analyzer or value goes Whoosh's way.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from whoosh import formats
from whoosh.system import pack_uint

_Posting = tuple[str, int, float, bytes]


class FastFrequency(formats.Frequency):
    def word_values(self, value: Any, analyzer: Any, **kwargs: Any) -> Iterable[_Posting]:
        if not isinstance(value, str) or not hasattr(analyzer, "term_counts"):
            return super().word_values(value, analyzer, **kwargs)
        counts, boosts = analyzer.term_counts(value, kwargs.get("mode", ""))
        boost = self.field_boost
        return [(w, n, boosts[w] * boost, pack_uint(n)) for w, n in counts.items()]


class FastPositions(formats.Positions):
    def word_values(self, value: Any, analyzer: Any, **kwargs: Any) -> Iterable[_Posting]:
        if not isinstance(value, str) or not hasattr(analyzer, "term_positions"):
            return super().word_values(value, analyzer, **kwargs)
        positions, boosts = analyzer.term_positions(value, kwargs.get("mode", ""))
        boost = self.field_boost
        encode = self.encode
        return [(w, len(p), boosts[w] * boost, encode(p)) for w, p in positions.items()]
