"""The page of hits: the best matches in order, each with its stored record and snippet."""

from __future__ import annotations

from typing import Any

import numpy as np

from ingest.records import MEDEDELING, QUESTION
from search.evaluate import Matches, top_by_rank, top_by_score
from search.generation import OpenGeneration
from search.records import hit_dict
from search.snippets import BETWEEN, Passages, plain_snippet

RELEVANCE, DATE = "relevantie", "datum"
# What a passage of a question's record is called in its snippet, by field and kind: a
# reader must see whether the words were asked or answered.
PASSAGE_LABELS = {
    QUESTION: {"question": "Vraag", "answer": "Antwoord"},
    MEDEDELING: {"question": "Vraag", "answer": "Mededeling"},
}


def ranked(
    live: OpenGeneration, matches: Matches, shown: np.ndarray, sort: str, limit: int
) -> list[tuple[float, int]]:
    """The first `limit` (score, record number) of `shown` (record numbers): by score,
    or by date (newest first), where a hit has no relevance score to show (0)."""
    if sort == RELEVANCE:
        return top_by_score(shown, matches.scores, limit)
    return [(0.0, docnum) for docnum in top_by_rank(shown, live.date_rank, limit)]


def hit_dicts(
    live: OpenGeneration, matches: Matches, page: list[tuple[float, int]]
) -> list[dict[str, Any]]:
    passages = passages_for(live, matches.terms)
    found = []
    for score, docnum in page:
        stored = live.stored(docnum)
        found.append(hit_dict(stored, score, snippet(live, stored, passages)))
    return found


def passages_for(live: OpenGeneration, terms: dict[str, set[str]]) -> Passages:
    """The passages of these searched terms, each field with the analyzer it was indexed
    with."""
    analyzers = {name: live.schema[name].analyzer for name in terms if name in live.schema}
    return Passages(terms, analyzers)


def snippet(live: OpenGeneration, stored: dict[str, Any], passages: Passages) -> str:
    """Where the record shows a match: its question and answer (each labelled, in a
    question's record), else its topic heading, else (a pointer-only answer found through
    the answer it points to) that answer's passage; else the start of its text."""
    labels = PASSAGE_LABELS.get(stored.get("kind") or "", {})
    found = [
        f"<em>{labels[name]}:</em> {piece}" if name in labels else piece
        for name in ("question", "answer")
        if (piece := passages.passage(name, stored.get(name) or ""))
    ]
    if not found and (topic := passages.passage("topic", stored.get("topic") or "")):
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
