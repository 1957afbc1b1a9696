"""Search latency in process: the committed query mix against Vraagbaak and the FTS5 peer.

Both do what a results page needs: the top 10 with highlighted snippets and the
hits per party for the whole query. The searcher is warm (one untimed pass first),
as it is in a running server.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.fts5 import Fts5Peer
from bench.measure import percentile
from search.engine import SearchEngine

QUERIES = Path(__file__).with_name("queries.json")
LIMIT = 10


@dataclass(frozen=True)
class BenchQuery:
    kind: str
    text: str
    party: str | None = None


Runner = Callable[[BenchQuery], int]  # runs one query, returns the total number of hits


def load_queries(path: Path = QUERIES) -> list[BenchQuery]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [BenchQuery(q["kind"], q["text"], q.get("party")) for q in data["queries"]]


def vraagbaak_runner(engine: SearchEngine) -> Runner:
    def run(query: BenchQuery) -> int:
        parties = [query.party] if query.party else []
        result = engine.search(query.text, parties=parties, limit=LIMIT)
        return result.total

    return run


def peer_runner(peer: Fts5Peer) -> Runner:
    def run(query: BenchQuery) -> int:
        peer.search(query.text, LIMIT, query.party)
        return sum(peer.party_counts(query.text).values())

    return run


def _timed_pass(run: Runner, queries: list[BenchQuery], samples: dict[str, list[float]]) -> None:
    for query in queries:
        start = time.perf_counter()
        run(query)
        samples.setdefault(query.kind, []).append((time.perf_counter() - start) * 1000)


def latencies(
    run: Runner, queries: list[BenchQuery], budget_s: float, rounds: tuple[int, int] = (2, 10)
) -> dict[str, Any]:
    """One repetition: passes over the mix until the time budget (within `rounds`) is spent."""
    samples: dict[str, list[float]] = {}
    start = time.perf_counter()
    passes = 0
    while passes < rounds[1] and (passes < rounds[0] or time.perf_counter() - start < budget_s):
        _timed_pass(run, queries, samples)
        passes += 1
    every = [ms for values in samples.values() for ms in values]
    return {
        "passes": passes,
        "samples": len(every),
        "median_ms": statistics.median(every),
        "p95_ms": percentile(every, 0.95),
        "p99_ms": percentile(every, 0.99),
        "by_kind_median_ms": {kind: statistics.median(v) for kind, v in samples.items()},
    }


def totals(run: Runner, queries: list[BenchQuery]) -> list[int]:
    """Hit counts per query; also the warm-up pass, untimed."""
    return [run(query) for query in queries]


def compare(
    engine: SearchEngine,
    peer: Fts5Peer,
    repeats: int,
    budget_s: float,
    queries: list[BenchQuery] | None = None,
) -> dict[str, Any]:
    """Repeats of both, interleaved so a noisy moment hits both; every repeat kept."""
    queries = queries or load_queries()
    ours, theirs = vraagbaak_runner(engine), peer_runner(peer)
    result: dict[str, Any] = {
        "queries": [q.__dict__ for q in queries],
        "vraagbaak_totals": totals(ours, queries),
        "fts5_totals": totals(theirs, queries),
        "vraagbaak": [],
        "fts5": [],
    }
    for _ in range(repeats):
        result["vraagbaak"].append(latencies(ours, queries, budget_s))
        result["fts5"].append(latencies(theirs, queries, budget_s))
    return result
