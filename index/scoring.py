"""BM25F, in one place: its parameters and its formula.

Every score the engine gives comes from here: Whoosh's BM25F with Whoosh's defaults, which
the index has always been searched with, in Whoosh's order of operations (the tests
compare with Whoosh's own scorer). A posting's weight is its term's frequency times the
field's boost (index.schema), so BM25F's per-field weighting is already in the weight.
"""

from __future__ import annotations

from typing import Any

import numpy as np

K1 = 1.2
B = 0.75


def idf(doc_frequency: Any, doc_count_all: int) -> Any:
    """Whoosh's idf: records counted with the deleted ones, as its statistics count them."""
    return np.log(doc_count_all / (np.asarray(doc_frequency, dtype=np.float64) + 1)) + 1


def length_norms(lengths: np.ndarray, average_length: float) -> np.ndarray:
    """The part of BM25's denominator that depends on the record alone: K1 · (1 − B + B ·
    length / average length), per record."""
    return K1 * ((1 - B) + B * lengths / average_length)


def bm25(weights: np.ndarray, norms: np.ndarray, term_idf: Any) -> np.ndarray:
    """Each posting's score from its weight and its record's length norm."""
    tf = weights.astype(np.float64)
    return term_idf * ((tf * (K1 + 1)) / (tf + norms))


def bm25_scores(
    weights: np.ndarray, lengths: np.ndarray, df: Any, average_length: float, doc_count_all: int
) -> np.ndarray:
    """Each posting's score from its weight, its record's field length and its term's
    document frequency."""
    return bm25(weights, length_norms(lengths, average_length), idf(df, doc_count_all))
