"""The page of hits: the best matches in order, each with its stored record and snippet."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from whoosh.query import Query

from index.arrays.format import MISSING
from ingest.records import MEDEDELING, QUESTION
from search.evaluate import Matches, top_by_rank, top_by_score
from search.generation import OpenGeneration
from search.options import NEWEST, RELEVANCE, canonical_sort
from search.phrases import query_phrases
from search.records import hit_dict
from search.snippets import BETWEEN, Passages, plain_snippet

# What a passage of a question's record is called in its snippet, by field and kind: a
# reader must see whether the words were asked or answered.
# The fields a snippet shows passages of.
SNIPPET_FIELDS = ("question", "answer", "topic")
PASSAGE_LABELS = {
    QUESTION: {"question": "Vraag", "answer": "Antwoord"},
    MEDEDELING: {"question": "Vraag", "answer": "Mededeling"},
}


def ranked(
    live: OpenGeneration, matches: Matches, shown: np.ndarray, sort: str, limit: int
) -> list[tuple[float, int]]:
    """The first `limit` (score, record number) of `shown` (record numbers): by score,
    or by date (newest or oldest first), where a hit has no relevance score to show (0)."""
    sort = canonical_sort(sort)
    if sort == RELEVANCE:
        return top_by_score(shown, matches.score_at(shown), limit)
    return [(0.0, docnum) for docnum in top_by_rank(shown, _date_rank(live, shown, sort), limit)]


def full_order(
    live: OpenGeneration, matches: Matches, shown: np.ndarray, sort: str
) -> tuple[np.ndarray, np.ndarray]:
    """Every record of `shown` in the order `ranked` gives its first ones in, as two
    arrays (record numbers, their scores; 0 by date): an export reads its records a
    chunk at a time from these, 12 bytes a match, never from a list of them all."""
    sort = canonical_sort(sort)
    if sort == RELEVANCE:
        scores = matches.score_at(shown)
        # top_by_score's order: highest score first, the lower record number on a tie.
        order = np.lexsort((shown, -scores))
        return shown[order], scores[order]
    order = np.argsort(_date_rank(live, shown, sort)[shown], kind="stable")
    return shown[order], np.zeros(len(shown), dtype=np.float32)


def _date_rank(live: OpenGeneration, shown: np.ndarray, sort: str) -> np.ndarray:
    return live.date_rank if sort == NEWEST else _oldest_first(live, shown)


def _oldest_first(live: OpenGeneration, shown: np.ndarray) -> np.ndarray:
    """A rank (indexed by record number, set for `shown` only) in which the oldest answer
    comes first and records without a date last, as in the newest-first order; records of
    one day keep that order's tie-break (document, then place in the document)."""
    days = live.days[shown].astype(np.int64)
    # Day numbers are far below 2**31 and a rank below the number of records, so one
    # int64 holds both: the day first, then the place in the newest-first order.
    day_key = np.where(days == MISSING, np.iinfo(np.int32).max, days)
    rank = np.zeros(live.size, dtype=np.int64)
    rank[shown] = day_key * live.size + live.date_rank[shown]
    return rank


def hit_dicts(
    live: OpenGeneration,
    matches: Matches,
    page: list[tuple[float, int]],
    query: Query | None = None,
) -> list[dict[str, Any]]:
    if not page:  # no hit on this page: no passage to find (a tenth of a no-hit query)
        return []
    docnums = [docnum for _, docnum in page]
    positions = page_positions(live, matches, docnums)
    passages = passages_for(live, matches.terms, query, positions)
    found = []
    for score, docnum in page:
        stored = live.stored(docnum)
        found.append(hit_dict(stored, score, snippet(live, stored, passages, docnum)))
    return found


def passages_for(
    live: OpenGeneration,
    terms: dict[str, set[str]],
    query: Query | None = None,
    positions: Mapping[tuple[str, int], list[int]] | None = None,
) -> Passages:
    """The passages of these searched terms, each field with the analyzer it was indexed
    with; the phrases of `query` marked only where they stand (search.phrases);
    `positions`: where the terms stand in a (field, record), as the index says."""
    analyzers = {name: live.schema[name].analyzer for name in terms if name in live.schema}
    phrases = query_phrases(query) if query is not None else None
    return Passages(terms, analyzers, phrases, positions)


# A field searched for more terms than this (a prefix's expansion) is not looked up in
# the postings: that would cost more than the analysis it saves.
MAX_LOOKUPS = 16


def page_positions(
    live: OpenGeneration, matches: Matches, docnums: list[int]
) -> dict[tuple[str, int], list[int]]:
    """The positions of the searched terms of each snippet field in each of these
    records, as the index holds them (none: the text holds none of the terms, and need
    not be analysed to find it has no passage; most hits match in one of question and
    answer). A field one of whose terms a stopword can stand for is not looked up: the
    index leaves stopwords out, the passages mark them."""
    page = np.unique(np.asarray(docnums, dtype=np.int64))
    found: dict[tuple[str, int], list[int]] = {}
    for name in SNIPPET_FIELDS:
        words = matches.terms.get(name)
        if not words or len(words) > MAX_LOOKUPS or name not in live.schema:
            continue
        stop_forms = live.stop_forms(name)
        view = live.arrays.field(name)
        if stop_forms is None or words & stop_forms or not view.has_positions:
            continue
        held: dict[int, list[int]] = {}
        for word in words:
            for docnum, positions in view.positions_in(word, page).items():
                held.setdefault(docnum, []).extend(positions)
        found.update(((name, docnum), held.get(docnum, [])) for docnum in page.tolist())
    return found


def snippet(
    live: OpenGeneration, stored: dict[str, Any], passages: Passages, docnum: int | None = None
) -> str:
    """Where the record shows a match: its question and answer (each labelled, in a
    question's record), else its topic heading, else (a pointer-only answer found through
    the answer it points to) that answer's passage; else the start of its text."""
    labels = PASSAGE_LABELS.get(stored.get("kind") or "", {})
    found = [
        f"<em>{labels[name]}:</em> {piece}" if name in labels else piece
        for name in ("question", "answer")
        if (piece := passages.passage(name, stored.get(name) or "", docnum))
    ]
    if not found and (topic := passages.passage("topic", stored.get("topic") or "", docnum)):
        found = [topic]
    if found:
        return BETWEEN.join(found)
    for number in stored.get("refers_to") or []:
        target = live.record(stored["document"], number)
        if target is None:
            continue
        passage = passages.passage("answer", live.stored(target).get("answer") or "")
        if passage:
            return f"<em>Via het antwoord op vraag {int(number)}:</em> {passage}"
    return plain_snippet(stored.get("answer") or stored.get("question") or "")
