"""Search latency in process: one query mix against Vraagbaak and both peers.

Each does what a results page needs: the top 10 with highlighted snippets and the hits
per party for the whole query. Searchers are warm (one untimed pass first), as in a
running server. Repetitions of the engines are interleaved, so a noisy moment of the
shared machine hits all of them.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from bench.measure import percentile
from bench.peers import Page
from search.engine import SearchEngine

QUERIES = Path(__file__).with_name("queries.json")  # the markov corpus's committed mix
LIMIT = 10


@dataclass(frozen=True)
class BenchQuery:
    kind: str
    text: str
    party: str | None = None


class Peer(Protocol):
    def page(self, text: str, limit: int = 10, party: str | None = None) -> Page: ...


Runner = Callable[[BenchQuery], int]  # runs one query, returns the total number of hits


def load_queries(path: Path = QUERIES) -> list[BenchQuery]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [BenchQuery(q["kind"], q["text"], q.get("party")) for q in data["queries"]]


def vraagbaak_runner(engine: SearchEngine) -> Runner:
    def run(query: BenchQuery) -> int:
        parties = [query.party] if query.party else []
        return engine.search(query.text, parties=parties, limit=LIMIT).total

    return run


def peer_runner(peer: Peer) -> Runner:
    def run(query: BenchQuery) -> int:
        return peer.page(query.text, LIMIT, query.party).total

    return run


def _timed_pass(run: Runner, queries: list[BenchQuery], samples: dict[str, list[float]]) -> None:
    for query in queries:
        start = time.perf_counter()
        run(query)
        samples.setdefault(query.kind, []).append((time.perf_counter() - start) * 1000)


def summary(values: list[float]) -> dict[str, float]:
    return {
        "median_ms": statistics.median(values),
        "p95_ms": percentile(values, 0.95),
        "p99_ms": percentile(values, 0.99),
        "max_ms": max(values),
    }


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
        **summary(every),
        "by_kind": {kind: summary(values) for kind, values in samples.items()},
    }


def compare(
    runners: dict[str, Runner], queries: list[BenchQuery], repeats: int, budget_s: float
) -> dict[str, Any]:
    """Hit counts per query and engine (the warm-up pass), then `repeats` timed repetitions
    of every engine, interleaved; every repetition kept."""
    result: dict[str, Any] = {
        "queries": [q.__dict__ for q in queries],
        "totals": {name: [run(q) for q in queries] for name, run in runners.items()},
        "runs": {name: [] for name in runners},
    }
    for _ in range(repeats):
        for name, run in runners.items():
            result["runs"][name].append(latencies(run, queries, budget_s))
    return result
