"""Every kind of page of the site, drawn from a real index and opened on the real server.

No timing is asserted: the round's figures come from `python -m bench`.
"""

from __future__ import annotations

from pathlib import Path

from bench.http_load import draw_question_keys
from bench.pages import measure, page_paths
from bench.search_bench import load_queries
from search.engine import SearchEngine

# Pages only an index with Kamervragen has (askers, an answering ministry) among them.
EXPECTED = {
    "start page",
    "results",
    "results, party and dates",
    "results, page 5",
    "filter without words",
    "find by example",
    "question page",
    "document page",
    "documents list",
    "member page",
    "ministry page",
    "statistics",
    "search feed",
    "kind feed",
    "member feed",
    "export csv",
    "export ndjson",
    "question json",
    "member json",
}


def _paths(index: Path, seed: int = 1) -> dict[str, list[str]]:
    keys = draw_question_keys(index, 4, seed=seed)
    with SearchEngine(index) as engine:
        return page_paths(engine, load_queries(), keys, seed=seed)


def test_the_pages_come_from_the_index_and_the_same_seed_draws_the_same(
    kamervragen_index: Path,
) -> None:
    paths = _paths(kamervragen_index)
    assert set(paths) >= EXPECTED
    assert paths == _paths(kamervragen_index)
    assert all(path.startswith("/lid/") for path in paths["member page"])
    assert len(set(paths["question page"])) == len(paths["question page"]) == 4


def test_every_page_answers_200_on_the_real_server(kamervragen_index: Path, tmp_path: Path) -> None:
    paths = _paths(kamervragen_index)
    results = measure(kamervragen_index, paths, rounds=1, log=tmp_path / "server.log")
    assert set(results) == set(paths)
    for kind, result in results.items():
        # A member's slug that did not resolve would be a redirect or a 404, counted here.
        assert result["failed"] == [], kind
        assert result["requests"] == len(paths[kind]), kind
        assert result["kib"] > 0 and result["p50_ms"] <= result["max_ms"], kind
