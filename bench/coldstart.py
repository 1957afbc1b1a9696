"""Cold start: seconds from starting `vraagbaak serve` to the first answered search.

On the bundled corpus, three ways: with its index already built (a restart), with
no index yet (the first start, which builds it), and the FTS5 peer's server on
its database, for the ratio.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

from bench.http_load import VRAAGBAAK, Server, free_port, query_paths
from bench.measure import run_child
from bench.search_bench import BenchQuery
from search.config import BUNDLED_CORPUS

FIRST_QUERY = BenchQuery("word", "Oekraïne")


def _serve_once(command: list[str], log: Path) -> float:
    port = free_port()
    path = query_paths([FIRST_QUERY])[0]
    with Server([*command, "--port", str(port)], port, log) as server:
        return server.wait_answer(path, timeout=120)


def _summary(runs: list[float]) -> dict[str, Any]:
    return {"runs_s": runs, "median_s": statistics.median(runs)}


def measure(work: Path, repeats: int) -> dict[str, Any]:
    """Median of `repeats` starts each: restart, first start, and the peer."""
    work.mkdir(parents=True, exist_ok=True)
    index = work / "index"
    shutil.rmtree(index, ignore_errors=True)
    subprocess.run(
        [VRAAGBAAK, "--index", str(index), "ingest", str(BUNDLED_CORPUS)],
        check=True,
        capture_output=True,
    )
    serve = [VRAAGBAAK, "--index", str(index), "serve", "--host", "127.0.0.1"]
    restart = [_serve_once(serve, work / "serve.log") for _ in range(repeats)]
    first = []
    for n in range(repeats):
        empty = work / f"empty-{n}"
        shutil.rmtree(empty, ignore_errors=True)
        command = [VRAAGBAAK, "--index", str(empty), "serve", "--host", "127.0.0.1"]
        first.append(_serve_once(command, work / "serve-first.log"))
    db = work / "fts5.db"
    run_child(["bench.ingest_child", "fts5", str(BUNDLED_CORPUS), str(db)], timeout=300)
    peer_command = [sys.executable, "-m", "bench.peer_server", "fts5", str(db)]
    peer = [_serve_once(peer_command, work / "fts5-server.log") for _ in range(repeats)]
    return {"restart": _summary(restart), "first": _summary(first), "fts5": _summary(peer)}
