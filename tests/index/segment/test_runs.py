"""Postings per chunk and their merge (index.segment.runs).

Chunk postings must count, weigh and position what the analyzer gives each text,
and merging chunks written in any split, a range of terms at a time of any size,
must give exactly the postings of one chunk holding everything.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from index.analysis.chain import dutch_analyzer
from index.segment.runs import Postings, RunStore, from_postings, from_tokens, term_ranks
from index.segment.tokens import AnalysisTable, WordNumbers

BOOST = 1.5


@pytest.fixture(scope="module")
def texts(corpus_documents) -> list[str]:
    return [r.answer for d in corpus_documents for r in d.records]


@pytest.fixture
def table() -> AnalysisTable:
    analyzer = dutch_analyzer("kp")
    return AnalysisTable(analyzer, WordNumbers(analyzer.tokenizer.expression))


def _chunk(table: AnalysisTable, texts: list[str], base: int) -> Postings:
    return from_tokens(table.expand(*table.words.encode(texts)), base, BOOST, table.terms, True)


def _as_dict(postings: Postings, terms: list) -> dict:
    """{(term, doc): (freq, weight, positions)} of a Postings."""
    found = {}
    term_of = np.repeat(postings.terms, postings.counts)
    starts = np.cumsum(postings.freqs) - postings.freqs
    for i, (term, doc) in enumerate(zip(term_of.tolist(), postings.docs.tolist(), strict=True)):
        positions = postings.positions[starts[i] : starts[i] + postings.freqs[i]].tolist()
        found[(terms[term], doc)] = (int(postings.freqs[i]), float(postings.weights[i]), positions)
    return found


def _assert_term_order(postings: Postings, terms: list) -> None:
    texts = [terms[t] for t in postings.terms.tolist()]
    assert texts == sorted(texts) and len(set(texts)) == len(texts)
    start = 0
    for count in postings.counts.tolist():  # documents ascending within each term
        docs = postings.docs[start : start + count]
        assert (np.diff(docs) > 0).all()
        start += count


def test_chunk_postings_are_the_analyzers(table: AnalysisTable, texts: list[str]) -> None:
    postings = _chunk(table, texts, base=100)
    _assert_term_order(postings, table.terms)
    expected = {}
    for i, text in enumerate(texts):
        positions, boosts = table.analyzer.term_positions(text)
        for term, found in positions.items():
            expected[(term, 100 + i)] = (len(found), boosts[term] * BOOST, found)
    assert _as_dict(postings, table.terms) == expected


def test_term_ranks_follow_the_bytes() -> None:
    keys = ["zee", "Äpfel", "appel", "b", "ab"]
    order, rank = term_ranks(np.array([0, 1, 2, 3, 4, 2]), keys)
    assert [keys[t] for t in order] == sorted(keys, key=lambda k: k.encode("utf-8"))
    assert rank[order].tolist() == list(range(5))


@pytest.mark.parametrize(("splits", "max_postings"), [((10,), 10**6), ((3, 17, 30), 7), ((1,), 1)])
def test_merged_runs_equal_one_chunk(
    tmp_path: Path, table: AnalysisTable, texts: list[str], splits, max_postings
) -> None:
    whole = _chunk(table, texts, 0)
    store = RunStore(tmp_path / "runs")
    bounds = [0, *splits, len(texts)]
    for low, high in zip(bounds[:-1], bounds[1:], strict=True):
        store.add("answer", _chunk(table, texts[low:high], low))
    ranges = list(store.merged("answer", table.terms, max_postings=max_postings))
    if max_postings < len(whole):
        assert len(ranges) > 1
    merged = {}
    for part in ranges:
        _assert_term_order(part, table.terms)
        merged.update(_as_dict(part, table.terms))
    assert merged == _as_dict(whole, table.terms)
    order = [table.terms[t] for part in ranges for t in part.terms.tolist()]
    assert order == sorted(order)
    store.remove()
    assert not (tmp_path / "runs").exists()


def test_postings_given_one_by_one_are_grouped_by_term(tmp_path: Path) -> None:
    keys = [b"vvd", b"pvv", b"d66"]
    postings = from_postings(
        np.array([1, 0, 2, 1]), np.array([0, 0, 1, 2]), np.ones(4), np.ones(4), keys
    )
    assert [keys[t] for t in postings.terms] == [b"d66", b"pvv", b"vvd"]
    assert postings.counts.tolist() == [1, 2, 1]
    assert postings.docs.tolist() == [1, 0, 2, 0]
    store = RunStore(tmp_path / "runs")
    store.add("party", postings)
    store.add("party", from_postings(np.array([0]), np.array([5]), np.ones(1), np.ones(1), keys))
    (merged,) = store.merged("party", keys)
    assert merged.docs.tolist() == [1, 0, 2, 0, 5] and merged.positions is None
    assert store.fields() == ["party"]
