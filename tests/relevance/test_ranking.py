"""Ranking rules: a whole word beats a compound part, and close words beat distant ones."""

from __future__ import annotations

import re

from index.build import build_index
from index.schema import build_schema
from ingest.records import Document, Record
from search.engine import SearchEngine
from search.query import ProximityBonus, make_parser, parse_query


def _text(hit: dict) -> str:
    return " ".join(hit.get(name) or "" for name in ("topic", "question", "answer"))


def test_whole_word_ranks_above_a_compound_part(engine) -> None:
    result = engine.search("strategie", limit=50)
    whole, part_only = [], []
    for rank, hit in enumerate(result.hits):
        stored = engine.question(hit["document"], hit["number"]) if hit.get("number") else None
        text = _text(stored or {})
        if re.search(r"\bstrategie(?:ën)?\b", text, re.IGNORECASE):
            whole.append(rank)
        elif "strategie" in text.lower():
            part_only.append(rank)
    assert whole and part_only  # 32 (stekelvarkenstrategie), 6 (defensiestrategie) are parts
    assert max(whole) < min(part_only)


def test_plain_words_get_an_optional_proximity_phrase() -> None:
    parser = make_parser(build_schema())
    assert isinstance(parse_query(parser, "motie Klaver").query, ProximityBonus)
    assert not isinstance(parse_query(parser, "motie OF Klaver").query, ProximityBonus)
    assert not isinstance(parse_query(parser, '"motie Klaver"').query, ProximityBonus)
    assert not isinstance(parse_query(parser, "Klaver").query, ProximityBonus)


def test_words_close_together_rank_first(tmp_path) -> None:
    filler = " ".join(["kabinet"] * 12)
    answers = {1: f"De motie {filler} van Klaver", 2: f"De motie Klaver {filler} van"}
    records = [Record("brief", numbers=[n], answer=text) for n, text in answers.items()]
    letter = Document("brief", "brief.txt", "0", "test", records=records)
    build_index([letter], tmp_path / "index")
    hits = SearchEngine(tmp_path / "index").search("motie Klaver").hits
    assert [hit["number"] for hit in hits] == [2, 1]  # the near one first
