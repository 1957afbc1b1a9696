"""Every page a user opens, timed over HTTP: one user, a warm `vraagbaak serve`.

The HTTP round (bench.http_load) loads the server with the two requests users make most
(the search's JSON and the question page). This round opens each kind of page of the
site once per instance, several instances per kind, as a user clicking through would:
the start page, the results page (plain, filtered, sorted, paged, a facet shown whole, a
filter without words, find by example), the question and document pages, the list of
documents (its first pages), a member's and a ministry's page, the statistics, the
feeds, the exports and the JSON twins. Per kind: the latency over every request (median,
p95, max), the server's CPU per request (user + system of the server's processes, which a
busy machine disturbs far less than the latency) and the median size of the answer.

    python -m bench.pages INDEX --queries CORPUS/.queries.json [--rounds 3]

Instances are drawn from the index itself (documents, members, ministries, kinds) and
the corpus's query mix, the same for the same seed. Only 127.0.0.1.
"""

from __future__ import annotations

import http.client
import random
import statistics
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from bench.http_load import HOST, VRAAGBAAK, Server, free_port, tree_cpu_s
from bench.measure import percentile
from bench.search_bench import BenchQuery
from search.engine import SearchEngine
from search.names import MEMBER, MINISTRY, page_slug
from search.soorten import SOORTEN
from search.web.params import PER_PAGE
from search.web.service import DOCUMENTS_PER_PAGE

INSTANCES = 6  # distinct pages per kind
DEEP_PAGE = 5  # the results page a user pages on to (or the last, when there are fewer)
# A passage for find by example: the first words of a question's text.
PASSAGE_WORDS = 40
CLIENT_TIMEOUT_S = 300


def _zoeken(path: str = "/zoeken", **args: Any) -> str:
    return f"{path}?{urlencode(args, doseq=True)}"


def _words(queries: Sequence[BenchQuery], *kinds: str) -> list[str]:
    return [q.text for q in queries if q.kind in kinds]


def _sample(rng: random.Random, values: Sequence[str], count: int = INSTANCES) -> list[str]:
    return sorted(rng.sample(list(values), min(count, len(values))))


def _index_values(engine: SearchEngine, words: Sequence[str]) -> dict[str, Any]:
    """What the index holds, for the pages' URLs: documents, members, ministries, parties
    (the largest first), a few question keys and their question texts, and how many
    pages of results each of `words` has."""
    every = engine.search(None, limit=INSTANCES)
    documents = [d["id"] for d in engine.documents()]
    facets = every.facets
    found = {
        "documents": documents,
        "members": list(facets.get("member", {})),
        "ministries": list(facets.get("ministry", {})),
        "parties": list(facets.get("party", {})),
        "questions": [f"{h['document']}/{h['number']}" for h in every.hits if h.get("number")],
    }
    found["passages"] = [
        " ".join((engine.question(*_key(key)) or {}).get("question", "").split()[:PASSAGE_WORDS])
        for key in found["questions"]
    ]
    found["last_pages"] = {w: -(-engine.search(w, limit=1).total // PER_PAGE) for w in words}
    return found


def _key(key: str) -> tuple[str, int]:
    document, _, number = key.rpartition("/")
    return document, int(number)


def page_paths(
    engine: SearchEngine, queries: Sequence[BenchQuery], question_keys: Sequence[str], seed: int = 1
) -> dict[str, list[str]]:
    """Per kind of page, the paths of its instances."""
    rng = random.Random(seed)
    common = _words(queries, "common word", "mid word") or [q.text for q in queries]
    mid = _words(queries, "mid word") or common
    held = _index_values(engine, common)
    paged = [(w, min(DEEP_PAGE, n)) for w, n in held["last_pages"].items() if n > 1]
    listed = range(1, min(3, -(-len(held["documents"]) // DOCUMENTS_PER_PAGE)) + 1)
    party = held["parties"][0] if held["parties"] else ""
    members = [page_slug(MEMBER, m) for m in held["members"][:INSTANCES]]
    ministries = [page_slug(MINISTRY, m) for m in held["ministries"][:INSTANCES]]
    documents = _sample(rng, held["documents"])
    questions = _sample(rng, question_keys) or held["questions"]
    paths = {
        "start page": ["/"],
        "results": [_zoeken(q=q.text) for q in queries[: 2 * INSTANCES]],
        "results, party and dates": [
            _zoeken(q=w, partij=party, van="2020-01-01", tot="2025-12-31") for w in common
        ],
        "results, newest first": [_zoeken(q=w, sorteer="nieuwste") for w in common],
        f"results, page {DEEP_PAGE}": [_zoeken(q=w, pagina=n) for w, n in paged],
        "results, a facet whole": [_zoeken(q=w, meer="lid") for w in common],
        "filter without words": [_zoeken(lid=m) for m in held["members"][:INSTANCES]]
        + [_zoeken(partij=p) for p in held["parties"][:2]],
        "find by example": [_zoeken(lijkt_op=p) for p in held["passages"] if p][:INSTANCES],
        "question page": [f"/vraag/{quote(k)}" for k in questions],
        "document page": [f"/document/{quote(d)}" for d in documents],
        "documents list": [f"/documenten?pagina={n}" for n in listed],
        "member page": [f"/lid/{m}" for m in members],
        "ministry page": [f"/ministerie/{m}" for m in ministries],
        "statistics": [_zoeken("/statistiek", q=w) for w in common],
        "search feed": [_zoeken("/zoeken.atom", q=w) for w in common],
        "kind feed": [f"/soort/{quote(s)}.atom" for s in SOORTEN],
        "member feed": [f"/lid/{m}.atom" for m in members],
        "export csv": [_zoeken("/zoeken.csv", q=w) for w in mid],
        "export ndjson": [_zoeken("/zoeken.ndjson", q=w) for w in mid],
        "search json": [_zoeken("/api/zoeken", q=q.text) for q in queries[: 2 * INSTANCES]],
        "question json": [f"/api/vraag/{quote(k)}" for k in questions],
        "document json": [f"/api/document/{quote(d)}" for d in documents],
        "documents json": [f"/api/documenten?pagina={n}" for n in listed],
        "member json": [f"/api/lid/{m}" for m in members],
    }
    return {kind: found for kind, found in paths.items() if found}


def _fetch(connection: http.client.HTTPConnection, path: str) -> tuple[int, int]:
    connection.request("GET", path)
    response = connection.getresponse()
    return response.status, len(response.read())


def _time_kind(port: int, pid: int, paths: list[str], rounds: int) -> dict[str, Any]:
    connection = http.client.HTTPConnection(HOST, port, timeout=CLIENT_TIMEOUT_S)
    latencies, sizes, failed = [], [], []
    cpu = tree_cpu_s(pid)
    for _ in range(rounds):
        for path in paths:
            start = time.perf_counter()
            status, size = _fetch(connection, path)
            latencies.append((time.perf_counter() - start) * 1000)
            sizes.append(size)
            if status != 200:
                failed.append(f"{status} {path}")
    used = tree_cpu_s(pid) - cpu
    connection.close()
    return {
        "instances": len(paths),
        "requests": len(latencies),
        "p50_ms": statistics.median(latencies),
        "p95_ms": percentile(latencies, 0.95),
        "max_ms": max(latencies),
        "cpu_ms": 1000 * used / len(latencies),
        "kib": statistics.median(sizes) / 1024,
        "failed": failed,
    }


def measure(
    index: Path, paths: dict[str, list[str]], rounds: int, log: Path
) -> dict[str, dict[str, Any]]:
    """Each kind's pages, after one untimed pass over all of them (a warm server)."""
    port = free_port()
    command = [VRAAGBAAK, "--index", str(index), "serve", "--host", HOST, "--port", str(port)]
    with Server(command, port, log) as server:
        server.wait_answer("/", timeout=120)
        warm = http.client.HTTPConnection(HOST, port, timeout=CLIENT_TIMEOUT_S)
        for found in paths.values():
            for path in found:
                _fetch(warm, path)
        warm.close()
        return {kind: _time_kind(port, server.pid, found, rounds) for kind, found in paths.items()}


def main(argv: list[str] | None = None) -> int:
    """Every page of the site against `vraagbaak serve` on an existing index."""
    import argparse

    from bench.http_load import draw_question_keys
    from bench.search_bench import load_queries

    parser = argparse.ArgumentParser(prog="python -m bench.pages", description=main.__doc__)
    parser.add_argument("index", type=Path)
    parser.add_argument("--queries", type=Path, required=True, help="a corpus's .queries.json")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--log", type=Path, default=Path("bench/out/pages-server.log"))
    opts = parser.parse_args(argv)
    keys = draw_question_keys(opts.index, 2 * INSTANCES, opts.seed)
    engine = SearchEngine(opts.index)
    paths = page_paths(engine, load_queries(opts.queries), keys, opts.seed)
    engine.close()
    for kind, result in measure(opts.index, paths, opts.rounds, opts.log).items():
        print(
            f"{kind:28s} p50 {result['p50_ms']:7.1f}  p95 {result['p95_ms']:7.1f}  "
            f"max {result['max_ms']:7.1f} ms  cpu {result['cpu_ms']:6.1f} ms  "
            f"{result['kib']:8.1f} KiB  ({result['requests']}) {' '.join(result['failed'])}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
