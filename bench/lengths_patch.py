"""Prototype for the ingest: Whoosh's commit with field lengths read from memory.

When Whoosh flushes a segment it writes every posting, and for each one it asks the
per-document reader for the document's field length (block statistics for BM25).
That reader answers from the lengths column *on disk*: a seek and a read per posting,
and for fields without lengths (ID, KEYWORD) a file-exists check per posting. This
patch loads each lengths column into memory once (one byte per document and field)
and answers from it; the values returned are the same, including Whoosh's quirk of
returning None for a zero length byte.

    python -m bench.lengths_patch CORPUS              # ingest with and without, 3 runs each
    python -m bench.lengths_patch search INDEX_ROOT   # the query mix with and without

Bench-only: whether and how to land it (a subclass in index/build.py) is the lead's call.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

from whoosh.codec import whoosh3
from whoosh.util.numeric import byte_to_length

from bench.measure import run_child

_MISSING = object()
_LENGTH_OF_BYTE = [byte_to_length(b) for b in range(256)]


def _doc_field_length(self: Any, docnum: int, fieldname: str, default: int = 0) -> Any:
    cache = self.__dict__.setdefault("_lengths_in_memory", {})
    lengths = cache.get(fieldname, _MISSING)
    if lengths is _MISSING:
        reader = self._cached_reader(whoosh3._lenfield(fieldname), whoosh3.LENGTHS_COLUMN)
        lengths = cache[fieldname] = None if reader is None else bytes(reader.load())
    if lengths is None:
        return default
    lbyte = lengths[docnum]
    return _LENGTH_OF_BYTE[lbyte] if lbyte else None


def apply() -> None:
    whoosh3.W3PerDocReader.doc_field_length = _doc_field_length


def compare(corpus: Path, runs: int = 3) -> dict[str, list[float]]:
    """Wall seconds of `runs` ingests each way, alternated, each in its own process."""
    walls: dict[str, list[float]] = {"whoosh": [], "patched": []}
    with tempfile.TemporaryDirectory() as work:
        for n in range(runs):
            for name, module in (
                ("whoosh", "bench.ingest_child"),
                ("patched", "bench.lengths_patch"),
            ):
                out = Path(work) / f"{name}-{n}"
                result = run_child([module, "vraagbaak", str(corpus), str(out)], 3600)
                walls[name].append(result["wall_s"])
                print(f"{name}: {result['wall_s']:.1f} s, {result['questions']} questions")
        print(
            "same search results:", same_results(Path(work) / "whoosh-0", Path(work) / "patched-0")
        )
    return walls


def same_results(root: Path, other: Path) -> bool:
    """The query mix gives the same JSON (hits, scores, snippets, facet) on both indexes."""
    from bench.search_bench import load_queries
    from search.engine import SearchEngine

    first, second = SearchEngine(root), SearchEngine(other)
    for query in load_queries():
        parties = [query.party] if query.party else []
        if (
            first.search(query.text, parties).to_json()
            != second.search(query.text, parties).to_json()
        ):
            return False
    return True


def compare_search(root: Path, budget_s: float = 20.0) -> None:
    """The query mix on one index, plain Whoosh first, then patched (BM25 reads lengths too)."""
    from bench.search_bench import latencies, load_queries, totals, vraagbaak_runner
    from search.engine import SearchEngine

    queries = load_queries()
    for name in ("whoosh", "patched"):
        if name == "patched":
            apply()
        run = vraagbaak_runner(SearchEngine(root))
        totals(run, queries)  # warm
        figures = latencies(run, queries, budget_s)
        keys = ("median_ms", "p95_ms", "p99_ms")
        print(name, {k: round(figures[k], 1) for k in keys}, figures["by_kind_median_ms"])


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "vraagbaak":  # the child: patch, then ingest
        from bench import ingest_child

        apply()
        raise SystemExit(ingest_child.main(sys.argv[1:]))
    if len(sys.argv) > 2 and sys.argv[1] == "search":
        compare_search(Path(sys.argv[2]))
        raise SystemExit(0)
    walls = compare(Path(sys.argv[1]))
    for name, values in walls.items():
        print(name, "median", round(statistics.median(values), 1), "s", values)
