"""Relevance on the ten real Aanhangsel letters: judged queries, and find by example.

The judgments (tests/relevance/judgments_realdocs.json) name relevant records by document
and question number; a record answering several numbers counts once, so each becomes the
record's (document, position). Every system searches the bundled letter and the ten
letters together. Find by example needs no judging: each real question whose answer has
words of its own is pasted (`like=True`) into an index of the same records without the
letters' question texts, and its own answer is the one relevant record. FTS5 and tantivy
have no more-like-this of their own: they get the passage's words OR-ed, a user's best try.
"""

from __future__ import annotations

import dataclasses
import json
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

from bench.fts5 import Fts5Peer
from ingest.records import Document
from search.config import PROJECT_ROOT
from search.engine import SearchEngine
from search.query import MAX_PASSAGE_CHARS, QuerySyntaxError

JUDGMENTS = PROJECT_ROOT / "tests" / "relevance" / "judgments_realdocs.json"
LETTERS = PROJECT_ROOT / "tests" / "fixtures" / "aanhangsel"
LIKE_KIND = "find by example"

Place = tuple[str, int]  # a record as (document id, position): unique, a block once
Runner = Callable[[dict], list[Place]]


def load_judgments(documents: list[Document], path: Path = JUDGMENTS) -> list[dict]:
    """The judged queries, each with `relevant` as the places of its records."""
    data = json.loads(path.read_text(encoding="utf-8"))
    by_id = {document.id: document for document in documents}
    judged = []
    for query in data["queries"]:
        relevant: list[Place] = []
        for wanted in query["relevant"]:
            records = [
                record
                for record in by_id[wanted["document"]].records
                if record.kind == wanted.get("kind", "question")
                and set(record.numbers) & set(wanted["numbers"])
            ]
            if set(wanted["numbers"]) - {n for record in records for n in record.numbers}:
                raise ValueError(f"{path.name}: {query['id']} judges a number {wanted} lacks")
            relevant += [(wanted["document"], record.position) for record in records]
        judged.append({**query, "relevant": list(dict.fromkeys(relevant))})
    return judged


def like_min_answer_words(path: Path = JUDGMENTS) -> int:
    return int(json.loads(path.read_text(encoding="utf-8"))["like_min_answer_words"])


def like_pairs(letters: list[Document], min_answer_words: int) -> list[dict]:
    """One judgment per real question: its text as the passage, its own record relevant.
    An answer too short to be told from another ("Ja.") is left out."""
    return [
        {
            "id": f"like-{letter.id}-{record.numbers[0]}",
            "query": record.question[:MAX_PASSAGE_CHARS],
            "kind": LIKE_KIND,
            "relevant": [(letter.id, record.position)],
        }
        for letter in letters
        for record in letter.records
        if record.kind == "question"
        and record.question.strip()
        and not record.pointer_only
        and len(record.answer.split()) >= min_answer_words
    ]


def without_questions(letters: list[Document]) -> list[Document]:
    """The letters with every question's text left out: the index a pasted question meets."""
    return [
        dataclasses.replace(
            letter, records=[dataclasses.replace(r, question="") for r in letter.records]
        )
        for letter in letters
    ]


def vraagbaak_runner(engine: SearchEngine, limit: int, expand: bool, like: bool = False) -> Runner:
    def run(judgment: dict) -> list[Place]:
        try:
            result = engine.search(judgment["query"], limit=limit, expand=expand, like=like)
        except QuerySyntaxError:
            return []
        return [(hit["document"], hit["position"]) for hit in result.hits]

    return run


def peer_runner(peer, places: dict[str, Place], limit: int, any_word: bool = False) -> Runner:
    """A peer (bench.fts5, bench.tantivy_peer) by record key; `any_word`: the passage's
    words OR-ed, as find by example."""

    def run(judgment: dict) -> list[Place]:
        text = judgment["query"]
        if any_word:
            text = " OR ".join(dict.fromkeys(re.findall(r"\w+", text.lower())))
        try:
            hits = peer.search(text, limit=limit)
        except (sqlite3.OperationalError, ValueError):
            return []
        return [places[hit.key] for hit in hits if hit.key in places]

    return run


def places_by_key(documents: list[Document]) -> dict[str, Place]:
    return {r.key: (d.id, r.position) for d in documents for r in d.records}


def fts5_peer(documents: list[Document]) -> Fts5Peer:
    peer = Fts5Peer()
    peer.build(documents)
    return peer
