"""Matches in their two forms (search.matches): sparse and dense give the same records and
the same scores, to the bit, whichever form a result takes."""

from __future__ import annotations

import numpy as np
import pytest

from search import matches as forms
from search.engine import SearchEngine
from search.filters import Filters
from search.find import find
from search.matches import Matches, both, plus_where_matched, scaled, summed
from tests.search.test_evaluate import QUERIES, parse

SIZE = 1_000


def random_parts(seed: int, count: int, postings: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """(records, scores) pairs as a prefix's expansion gives them: a record may repeat."""
    rng = np.random.default_rng(seed)
    return [
        (rng.integers(0, SIZE, postings).astype(np.int32), rng.random(postings))
        for _ in range(count)
    ]


def dense_sum(parts: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    """The sum as one dense array adds it: posting after posting, from zero."""
    mask, scores = np.zeros(SIZE, dtype=bool), np.zeros(SIZE)
    for docs, values in parts:
        mask[docs] = True
        np.add.at(scores, docs, values)
    return mask, scores


@pytest.mark.parametrize("share", [1, 10**9])  # every sum sparse; every sum dense
@pytest.mark.parametrize("seed", range(5))
def test_a_sum_adds_each_record_s_postings_in_their_order(monkeypatch, share, seed):
    monkeypatch.setattr(forms, "SPARSE_SHARE", share)
    parts = random_parts(seed, 3, 300)  # 900 postings, below SIZE
    result = summed(SIZE, parts)
    assert result.is_dense == (share > 1)
    mask, scores = dense_sum(parts)
    assert np.array_equal(result.rows, np.flatnonzero(mask))
    assert result.row_scores.tobytes() == scores[mask].tobytes()
    assert result.scores.tobytes() == scores.tobytes()


def test_a_sum_is_sparse_while_its_postings_are_few_beside_the_index():
    few = summed(SIZE, random_parts(1, 2, SIZE // forms.SPARSE_SHARE // 2))
    many = summed(SIZE, random_parts(1, 2, SIZE // forms.SPARSE_SHARE))
    assert not few.is_dense and many.is_dense
    assert summed(SIZE, []).rows.tolist() == []


def both_forms(rows: list[int], scores: list[float]) -> tuple[Matches, Matches]:
    sparse = Matches.sparse(SIZE, np.array(rows), np.array(scores))
    mask, dense_scores = np.zeros(SIZE, dtype=bool), np.zeros(SIZE)
    mask[rows] = True
    dense_scores[rows] = scores
    return sparse, Matches.dense(mask, dense_scores)


def same(result: Matches, rows: list[int], scores: list[float]) -> bool:
    return result.rows.tolist() == rows and result.row_scores.tolist() == scores


@pytest.mark.parametrize(("first_dense", "second_dense"), [(0, 0), (0, 1), (1, 0), (1, 1)])
def test_combining_gives_the_same_in_every_pair_of_forms(first_dense, second_dense):
    def first() -> Matches:
        return both_forms([2, 5, 9, 400], [0.5, 1.25, 2.0, 3.0])[first_dense]

    def second() -> Matches:
        return both_forms([5, 7, 400, 999], [0.25, 4.0, 0.125, 1.0])[second_dense]

    assert same(both(first(), second()), [5, 400], [1.5, 3.125])
    assert same(plus_where_matched(first(), second()), [2, 5, 9, 400], [0.5, 1.5, 2.0, 3.125])
    assert same(first().keeping(~second().has(first().rows)), [2, 9], [0.5, 2.0])
    assert same(first().without(np.array([9, 998])), [2, 5, 400], [0.5, 1.25, 3.0])
    assert same(scaled(first(), 2.0), [2, 5, 9, 400], [1.0, 2.5, 4.0, 6.0])
    assert second().score_at(np.array([7, 8])).tolist() == [4.0, 0.0]
    kept = first().keeping(np.array([True, False, False, True]))
    assert not kept.mask[5] and kept.scores[5] == 0 and kept.scores[400] == 3.0


def test_no_matches_in_either_form():
    none = Matches.none(SIZE)
    assert len(none) == 0 and not none.mask.any() and not none.scores.any()
    assert not none.has(np.array([1, 2])).any()
    assert none.score_at(np.array([1])).tolist() == [0.0]


def search_pass(engine: SearchEngine, text: str, filters: Filters, sort: str):
    live = engine._live()
    found = find(live, parse(live, text), filters, sort, 10)
    rows = found.matches.rows
    return (
        rows.tolist(),
        found.matches.row_scores.tobytes(),
        found.total,
        found.facets,
        [(score.hex(), docnum) for score, docnum in found.top],
    )


@pytest.mark.parametrize("text", QUERIES)
def test_every_query_evaluates_alike_sparse_and_dense(kamervragen: SearchEngine, monkeypatch, text):
    """The bundled letters and the Kamervragen: every query, filtered and not, by both
    sorts, with every sum sparse and with every sum dense."""
    runs = [
        (Filters(), "relevantie"),
        (Filters({"party": ("SP",)}), "relevantie"),
        (Filters({"party": ("VVD", "SP")}), "datum"),
    ]
    for filters, sort in runs:
        monkeypatch.setattr(forms, "SPARSE_SHARE", 1)
        sparse = search_pass(kamervragen, text, filters, sort)
        monkeypatch.setattr(forms, "SPARSE_SHARE", 10**9)
        dense = search_pass(kamervragen, text, filters, sort)
        assert sparse == dense, (text, filters, sort)
