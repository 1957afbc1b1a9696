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
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from bench.measure import percentile
from bench.peers import Page
from search.engine import SearchEngine
from search.filters import Filters
from search.soorten import SOORTEN

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


# -- what a filter costs against the party facet (issue 15) ------------------------------
# Each party query of the mix runs again without a filter and with another filter in the
# party filter's place: a ministry, a member, a soort, a year, and four at once. A filter
# that lets more through costs what the unfiltered query costs (more to rank), so both
# are the yardsticks. The values are the index's
# most frequent (so each filter lets through as much as it can), read from its facets.
FILTER_KINDS = ("no filter", "party", "ministry", "member", "kind", "date range", "combined")


def filtered_mix(
    engine: SearchEngine, queries: list[BenchQuery], limit: int = LIMIT
) -> list[tuple[str, Any]]:
    """(kind, a call that runs one query) for every party query of the mix and each kind
    of filter of FILTER_KINDS. With `limit` 1 the page's snippets, which cost as the hits
    that happen to be shown, weigh little and the filters and facets show."""
    facets = engine.search(None, filters=Filters(values={"party": engine.known_parties()})).facets
    year = max(facets["year"])
    top = {name: next(iter(facets[name]), None) for name in ("ministry", "member")}
    soort = next(s for s in SOORTEN if engine.search(None, filters=Filters(soorten=(s,))).total)
    ranges = {"first_day": date(int(year), 1, 1), "last_day": date(int(year), 12, 31)}
    calls: list[tuple[str, Any]] = []
    for query in (q for q in queries if q.party):
        by_kind = {
            "no filter": Filters(),
            "party": Filters(values={"party": (query.party,)}),
            "ministry": Filters(values={"ministry": (top["ministry"],)}),
            "member": Filters(values={"member": (top["member"],)}),
            "kind": Filters(soorten=(soort,)),
            "date range": Filters(**ranges),
            "combined": Filters(
                values={"party": (query.party,), "ministry": (top["ministry"],)},
                soorten=(soort,),
                **ranges,
            ),
        }
        for kind, filters in by_kind.items():
            if kind == "member" and top["member"] is None:
                continue  # a corpus without named askers (the markov letters)
            calls.append((kind, _call(engine, query.text, filters, limit)))
    return calls


def _call(engine: SearchEngine, text: str, filters: Filters, limit: int) -> Callable[[], int]:
    return lambda: engine.search(text, filters=filters, limit=limit).total


def filter_costs(
    engine: SearchEngine, queries: list[BenchQuery], rounds: int, limit: int = LIMIT
) -> dict[str, Any]:
    """Median and p95 ms per kind of filter, the kinds interleaved query by query (so a
    noisy moment hits all of them), after one untimed pass."""
    calls = filtered_mix(engine, queries, limit)
    samples: dict[str, list[float]] = {}
    for _, call in calls:
        call()
    for _ in range(rounds):
        for kind, call in calls:
            start = time.perf_counter()
            call()
            samples.setdefault(kind, []).append((time.perf_counter() - start) * 1000)
    party, unfiltered = (statistics.median(samples[k]) for k in ("party", "no filter"))
    return {
        kind: {
            **summary(values),
            "median_vs_party": statistics.median(values) / party,
            "median_vs_no_filter": statistics.median(values) / unfiltered,
        }
        for kind, values in samples.items()
    }


def main(argv: list[str] | None = None) -> None:
    """python -m bench.search_bench INDEX [QUERIES] [--rounds N] [--limit N]: the filter
    costs."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m bench.search_bench")
    parser.add_argument("index", type=Path)
    parser.add_argument("queries", type=Path, nargs="?", default=QUERIES)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--limit", type=int, default=LIMIT)
    args = parser.parse_args(argv)
    queries = load_queries(args.queries)
    costs = filter_costs(SearchEngine(args.index), queries, args.rounds, args.limit)
    print(json.dumps(costs, indent=2))


if __name__ == "__main__":
    main()
