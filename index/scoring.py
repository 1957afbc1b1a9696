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
    """Each posting's score from its weight and its record's length norm (`norms`, a
    fresh array: it becomes the scores). Whoosh's idf · tf·(K1+1) / (tf + norm), in
    place: a query scores whole posting lists this way."""
    scores = np.asarray(norms, dtype=np.float64)
    scores += weights
    np.divide(weights, scores, out=scores)
    scores *= term_idf * (K1 + 1)
    return scores


def bm25_scores(
    weights: np.ndarray, lengths: np.ndarray, df: Any, average_length: float, doc_count_all: int
) -> np.ndarray:
    """Each posting's score from its weight, its record's field length and its term's
    document frequency."""
    norms = length_norms(np.asarray(lengths, dtype=np.float64), average_length)
    return bm25(weights, norms, idf(df, doc_count_all))
