"""BM25F as index.scoring computes it, against Whoosh's own formula, idf and defaults."""

from __future__ import annotations

import numpy as np
import pytest
from whoosh import scoring as whoosh_scoring

from index import scoring


class _Statistics:
    """What Whoosh's idf asks a searcher for: one term's document frequency, and the count."""

    def __init__(self, df: int, doc_count_all: int) -> None:
        self.df, self.count = df, doc_count_all

    def get_parent(self) -> _Statistics:
        return self

    def doc_frequency(self, fieldname: str, text: str) -> int:
        return self.df

    def doc_count_all(self) -> int:
        return self.count


def test_the_parameters_are_whoosh_s_defaults() -> None:
    weighting = whoosh_scoring.BM25F()
    assert (scoring.K1, scoring.B) == (weighting.K1, weighting.B)


def test_scores_equal_whoosh_s_idf_and_formula() -> None:
    rng = np.random.default_rng(5)
    weights = rng.integers(1, 40, 500).astype(np.float32) * np.float32(1.2)
    lengths = rng.integers(1, 3000, 500).astype(np.float64)
    df = rng.integers(0, 900, 500)
    average, count = 211.7, 1000
    found = scoring.bm25_scores(weights, lengths, df, average, count)
    weighting = whoosh_scoring.BM25F()
    for i in range(500):
        idf = weighting.idf(_Statistics(int(df[i]), count), "answer", "woord")
        assert scoring.idf(df[i], count) == pytest.approx(idf, rel=1e-15)
        expected = whoosh_scoring.bm25(
            idf, float(weights[i]), lengths[i], average, scoring.B, scoring.K1
        )
        assert found[i] == pytest.approx(expected, rel=1e-12)
