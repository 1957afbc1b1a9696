"""An OR's plain terms scored a field at a time (search.query_terms, search.evaluate)
score to the bit as each term scored alone and the scores added in the query's order:
the question page's more-like-this queries over one part, and over two parts with
deleted records; with one QueryTerms for several queries, a shared term is looked up
and scored once and every query's scores stay the same."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest
from whoosh.query import And, Or, Query, Term

from index.arrays.read import FieldView
from index.build import build_index, update_index
from ingest.records import Document
from search import related
from search.engine import SearchEngine
from search.generation import OpenGeneration
from search.matches import Matches
from search.query_terms import QueryTerms


def renamed(document: Document, new_id: str, extra: str = "") -> Document:
    records = [dataclasses.replace(q, document_id=new_id) for q in document.records]
    records[3] = dataclasses.replace(records[3], answer=f"{records[3].answer} {extra}")
    return dataclasses.replace(document, id=new_id, records=records)


@pytest.fixture(scope="module")
def two_parts(tmp_path_factory: pytest.TempPathFactory, corpus_documents) -> Path:
    """Three copies of the sample, then one replaced by an update: two parts, and deleted
    records in the first."""
    (sample,) = corpus_documents
    root = tmp_path_factory.mktemp("query-terms-two-parts")
    build_index([sample, renamed(sample, "kopie-a"), renamed(sample, "kopie-b")], root)
    update_index(root, [renamed(sample, "kopie-b", "zeppelinhangaar")])
    return root


def passages(live: OpenGeneration) -> list[str]:
    texts = [related.content(live.stored(d)).strip() for d in range(0, live.size, 3)]
    questions = [live.stored(d).get("question") or "" for d in range(1, live.size, 5)]
    return [text for text in [*texts, *questions] if text]


def like_queries(live: OpenGeneration) -> list[Or]:
    """The more-like-this of each passage, as a record's own text and as a pasted one."""
    found = []
    for text in passages(live):
        for in_index in (True, False):
            query = related.like_query(live, text, in_index)
            if query is not None:
                found.append(query)
    return found


def leaf_by_leaf(live: OpenGeneration, query: Or) -> tuple[np.ndarray, np.ndarray]:
    """The reference: each term's postings scored alone, boosted, and added into every
    record's score in the query's order, one posting at a time; deleted records dropped."""
    matched, scores = np.zeros(live.size, dtype=bool), np.zeros(live.size)
    for leaf in query.subqueries:
        docs, values = live.arrays.field(leaf.fieldname).postings(leaf.text)
        matched[docs] = True
        np.add.at(scores, docs, values * leaf.boost)
    matched[live.arrays.deleted] = False
    scores[live.arrays.deleted] = 0.0
    return matched, scores


def assert_as_leaf_by_leaf(live: OpenGeneration) -> None:
    queries = like_queries(live)
    shared = QueryTerms(live.arrays)  # as a question page shares it
    assert len(queries) > 20
    assert any(len({leaf.fieldname for leaf in q.subqueries}) < len(q.subqueries) for q in queries)
    for query in queries:
        matched, scores = leaf_by_leaf(live, query)
        for terms in (None, shared):
            found = live.evaluator.evaluate(query, terms=terms)
            assert np.array_equal(found.mask, matched)
            assert found.scores.tobytes() == scores.tobytes()


def test_an_or_scores_as_leaf_by_leaf(engine: SearchEngine) -> None:
    assert_as_leaf_by_leaf(engine._live())


def test_an_or_scores_as_leaf_by_leaf_over_two_parts_with_deletions(two_parts: Path) -> None:
    engine = SearchEngine(two_parts)
    live = engine._live()
    assert len(live.arrays.field("answer").parts) == 2 and len(live.arrays.deleted)
    assert_as_leaf_by_leaf(live)
    engine.close()


def counting_scored_rows(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many rows each FieldView.scored_rows call scores, call by call."""
    calls: list[int] = []
    scored_rows = FieldView.scored_rows

    def counted(self: FieldView, rows: list[np.ndarray], among=None):
        calls.append(sum(len(own) for own in rows))
        return scored_rows(self, rows, among)

    monkeypatch.setattr(FieldView, "scored_rows", counted)
    return calls


def test_a_field_s_terms_are_scored_in_one_call_and_a_shared_one_once(
    engine: SearchEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    live = engine._live()
    question = live.arrays.field("question")
    words = [t for t in live.arrays.field("answer").terms() if t in question][::7][:6]
    first = Or([Term("answer", w, boost=1.5) for w in words[:4]] + [Term("question", words[0])])
    second = Or([Term("answer", w) for w in words[2:]])
    expected = [live.evaluator.evaluate(q) for q in (first, second)]
    calls = counting_scored_rows(monkeypatch)
    shared = QueryTerms(live.arrays)
    found = [live.evaluator.evaluate(q, terms=shared) for q in (first, second)]
    # answer's four terms at once, question's one, then only second's two new ones
    assert calls == [4, 1, 2]
    for got, want in zip(found, expected, strict=True):
        assert got.rows.tolist() == want.rows.tolist()
        assert got.row_scores.tobytes() == want.row_scores.tobytes()
    live.evaluator.evaluate(first, terms=shared)
    assert calls == [4, 1, 2]  # nothing new to score


def both_ways(live: OpenGeneration, query: Query) -> tuple[Matches, Matches]:
    """`query` evaluated, and its parts evaluated whole and their scores added."""
    from search.matches import both

    found = live.evaluator._evaluate(query, QueryTerms(live.arrays))
    parts = [live.evaluator._evaluate(p, QueryTerms(live.arrays)) for p in query.subqueries]
    expected = parts[0]
    for part in parts[1:]:
        expected = both(expected, part)
    return found, expected


def test_an_or_of_one_field_s_terms_in_an_and_scores_as_whole(kamervragen) -> None:
    """An AND's other part reads them at the rarer part's records (`among`): one term
    alone in its field bisected, several of one field read whole; the same scores."""
    live = kamervragen._live()
    view = live.arrays.field("answer")
    by_count = sorted((view.doc_frequency(term), term) for term in view.terms())
    rare, common = by_count[len(by_count) // 2][1], [t for _, t in by_count[-3:]]
    for group in (common[:1], common):
        query = And([Term("answer", rare), Or([Term("answer", t) for t in group])])
        found, expected = both_ways(live, query)
        assert len(found) and found.rows.tolist() == expected.rows.tolist()
        assert found.row_scores.tobytes() == expected.row_scores.tobytes()


def test_frequencies_are_each_term_s_in_the_field(two_parts: Path) -> None:
    engine = SearchEngine(two_parts)
    view = engine._live().arrays.field("answer")
    terms = view.terms()
    asked = [*terms[::5], "zzzgeenterm", terms[0]]
    known = QueryTerms(engine._live().arrays)
    known.frequencies("answer", asked[:7])  # a second call adds to what the first found
    assert known.frequencies("answer", asked).tolist() == [view.doc_frequency(t) for t in asked]
    assert known.frequencies("geenveld", ["drone"]).tolist() == [0]
    engine.close()
