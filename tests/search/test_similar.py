"""The more-like-this's OR scored by search.similar equals search.evaluate's scores of
the same query to the bit: over one part, and over two parts with deleted records; a
leaf two passages share is scored once and still the same."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest
from whoosh.query import Or, Term

from index.build import build_index, update_index
from ingest.records import Document
from search import related
from search.engine import SearchEngine
from search.generation import OpenGeneration
from search.similar import TermTable


def renamed(document: Document, new_id: str, extra: str = "") -> Document:
    records = [dataclasses.replace(q, document_id=new_id) for q in document.records]
    records[3] = dataclasses.replace(records[3], answer=f"{records[3].answer} {extra}")
    return dataclasses.replace(document, id=new_id, records=records)


@pytest.fixture(scope="module")
def two_parts(tmp_path_factory: pytest.TempPathFactory, corpus_documents) -> Path:
    """Three copies of the sample, then one replaced by an update: two parts, and deleted
    records in the first."""
    (sample,) = corpus_documents
    root = tmp_path_factory.mktemp("similar-two-parts")
    build_index([sample, renamed(sample, "kopie-a"), renamed(sample, "kopie-b")], root)
    update_index(root, [renamed(sample, "kopie-b", "zeppelinhangaar")])
    return root


def passages(live: OpenGeneration) -> list[str]:
    texts = [related.content(live.stored(d)).strip() for d in range(0, live.size, 3)]
    questions = [live.stored(d).get("question") or "" for d in range(1, live.size, 5)]
    return [text for text in [*texts, *questions] if text]


def assert_as_evaluated(live: OpenGeneration) -> None:
    table = related.DocFrequencies(live)  # one table for every passage, as a page shares it
    deleted = np.zeros(live.size, dtype=bool)
    deleted[live.arrays.deleted] = True
    compared = 0
    for text in passages(live):
        for in_index in (True, False):
            counted = related._counted_terms(live, related._source_counts(live, text))
            leaves = related._leaves(live, counted, in_index, table)
            if not leaves:
                continue
            matched, scores = table.table.scores(leaves)
            query = Or([Term(name, term, boost=weight) for name, term, weight in leaves])
            expected = live.evaluator.evaluate(query)
            assert np.array_equal(matched & ~deleted, expected.mask)
            assert np.array_equal(scores[expected.mask], expected.scores[expected.mask])
            compared += 1
    assert compared > 20


def test_scores_equal_the_evaluator_s(engine: SearchEngine) -> None:
    assert_as_evaluated(engine._live())


def test_scores_equal_the_evaluator_s_over_two_parts_with_deletions(two_parts: Path) -> None:
    engine = SearchEngine(two_parts)
    live = engine._live()
    assert len(live.arrays.field("answer").parts) == 2 and len(live.arrays.deleted)
    assert_as_evaluated(live)
    engine.close()


def test_frequencies_are_each_term_s_in_the_field(two_parts: Path) -> None:
    engine = SearchEngine(two_parts)
    view = engine._live().arrays.field("answer")
    terms = view.terms()
    asked = [*terms[::5], "zzzgeenterm", terms[0]]
    table = TermTable(engine._live().arrays)
    table.frequencies("answer", asked[:7])  # a second call adds to what the first found
    assert table.frequencies("answer", asked).tolist() == [view.doc_frequency(t) for t in asked]
    engine.close()
