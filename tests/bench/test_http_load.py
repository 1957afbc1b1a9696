"""The HTTP round's mix: a question page after every three searches, however many pages."""

from __future__ import annotations

from pathlib import Path

from bench.http_load import QUESTION_PAGE, SEARCH, draw_question_keys, mixed


def test_the_mix_keeps_three_searches_per_question_page() -> None:
    searches = [f"/api/zoeken?q={n}" for n in range(26)]
    pages = [f"/vraag/d/{n}" for n in range(200)]
    paths = mixed(searches, pages)
    kinds = [kind for kind, _ in paths]
    assert kinds.count(QUESTION_PAGE) == 200 and kinds.count(SEARCH) == 600
    assert kinds[:8] == [SEARCH] * 3 + [QUESTION_PAGE] + [SEARCH] * 3 + [QUESTION_PAGE]
    assert [p for kind, p in paths if kind == QUESTION_PAGE] == pages  # each page once
    assert {p for kind, p in paths if kind == SEARCH} == set(searches)
    few = mixed(searches, pages[:2])  # fewer pages than searches: every search still once
    assert [p for kind, p in few if kind == SEARCH] == searches


def test_question_pages_are_distinct_records_of_the_index(built_index: Path) -> None:
    keys = draw_question_keys(built_index, 10, seed=1)
    assert len(keys) == len(set(keys)) == 10
    assert keys == draw_question_keys(built_index, 10, seed=1)
    document, _, number = keys[0].rpartition("/")
    assert document and number.isdigit()
