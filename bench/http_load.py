"""HTTP load and cold start against a local server, bounded in count and time.

Only 127.0.0.1: the benchmark measures this machine, never anyone else's.
Clients are threads with one keep-alive connection each (http.client); a request
counts as an error unless it answers 200 (with a JSON body, for an /api/ path). Paths
carry a kind ("search", "question page"), and latencies are kept per kind too.
"""

from __future__ import annotations

import contextlib
import functools
import http.client
import itertools
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from bench.measure import percentile
from bench.search_bench import BenchQuery

HOST = "127.0.0.1"
# The installed command beside this interpreter, so an unactivated venv works too.
_SCRIPT = Path(sys.executable).with_name("vraagbaak")
VRAAGBAAK = str(_SCRIPT) if _SCRIPT.exists() else "vraagbaak"
API_PATH = "/api/zoeken"
SEARCH, QUESTION_PAGE = "search", "question page"
QUESTIONS_PER_SEARCHES = 3  # in the mix: a question page after every three searches
# Far above any answer time seen, so a slow answer is measured as slow, not as an error.
CLIENT_TIMEOUT_S = 300


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def query_paths(queries: Sequence[BenchQuery]) -> list[str]:
    """The query mix as /api/zoeken URLs, the same parameters the site's links use."""
    paths = []
    for query in queries:
        args: dict[str, str] = {"q": query.text}
        if query.party:
            args["partij"] = query.party
        paths.append(f"{API_PATH}?{urlencode(args)}")
    return paths


def question_paths(keys: Sequence[str]) -> list[str]:
    """Question pages, /vraag/<document>/<number>, of records keyed "document/number"."""
    return [f"/vraag/{quote(key)}" for key in keys]


def mixed(searches: Sequence[str], questions: Sequence[str]) -> list[tuple[str, str]]:
    """(kind, path): the searches in order, a question page after every few of them; the
    searches come round again while question pages are left, so the mix keeps its ratio."""
    count = max(len(searches), len(questions) * QUESTIONS_PER_SEARCHES) if searches else 0
    paths: list[tuple[str, str]] = []
    pages = iter(questions)
    for n, path in enumerate(itertools.islice(itertools.cycle(searches), count), start=1):
        paths.append((SEARCH, path))
        if n % QUESTIONS_PER_SEARCHES == 0:
            paths.extend((QUESTION_PAGE, p) for p in itertools.islice(pages, 1))
    paths.extend((QUESTION_PAGE, p) for p in pages)
    return paths


def _get(connection: http.client.HTTPConnection, path: str) -> bool:
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()
    if response.status != 200:
        return False
    if path.startswith("/api/"):
        json.loads(body)
    return True


def get_once(port: int, path: str, timeout: float = 5.0) -> bool:
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        return _get(connection, path)
    except (OSError, ValueError, http.client.HTTPException):
        return False
    finally:
        connection.close()


@dataclass
class _Shared:
    paths: list[tuple[str, str]]
    remaining: int
    deadline: float
    lock: threading.Lock = field(default_factory=threading.Lock)
    latencies_ms: list[tuple[str, float]] = field(default_factory=list)
    errors: int = 0

    def take(self) -> bool:
        with self.lock:
            if self.remaining <= 0 or time.perf_counter() > self.deadline:
                return False
            self.remaining -= 1
            return True


def _client(shared: _Shared, port: int, offset: int) -> None:
    connection = http.client.HTTPConnection(HOST, port, timeout=CLIENT_TIMEOUT_S)
    i = offset
    while shared.take():
        kind, path = shared.paths[i % len(shared.paths)]
        i += 1
        start = time.perf_counter()
        try:
            ok = _get(connection, path)
        except (OSError, ValueError, http.client.HTTPException):
            ok = False
            connection.close()
            connection = http.client.HTTPConnection(HOST, port, timeout=CLIENT_TIMEOUT_S)
        elapsed = (time.perf_counter() - start) * 1000
        with shared.lock:
            shared.latencies_ms.append((kind, elapsed))
            shared.errors += 0 if ok else 1
    connection.close()


def _latency(values: list[float]) -> dict[str, float]:
    return {
        "requests": len(values),
        "p50_ms": statistics.median(values) if values else float("nan"),
        "p99_ms": percentile(values, 0.99),
        "max_ms": max(values, default=float("nan")),
    }


def load(
    port: int,
    paths: list[tuple[str, str]],
    clients: int,
    requests: int,
    max_s: float,
    probe: Callable[[], Any] | None = None,
) -> dict[str, Any]:
    """`clients` concurrent clients share at most `requests` requests and `max_s` seconds
    over the (kind, path) list; `probe()`, once every client has had an answer, is kept
    as "probe" (what the server looks like mid-round)."""
    shared = _Shared(paths, requests, time.perf_counter() + max_s)
    threads = [
        threading.Thread(target=_client, args=(shared, port, n * len(paths) // clients))
        for n in range(clients)
    ]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    probed = _probe_once_connected(shared, threads, clients, probe)
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - start
    done = [ms for _kind, ms in shared.latencies_ms]
    kinds = sorted({kind for kind, _ms in shared.latencies_ms})
    return {
        "clients": clients,
        "errors": shared.errors,
        "wall_s": wall,
        "rps": len(done) / wall if wall else 0.0,
        "probe": probed,
        **_latency(done),
        "by_kind": {k: _latency([ms for c, ms in shared.latencies_ms if c == k]) for k in kinds},
    }


def _probe_once_connected(
    shared: _Shared, threads: list[threading.Thread], clients: int, probe: Callable[[], Any] | None
) -> Any:
    if probe is None:
        return None
    while len(shared.latencies_ms) < 2 * clients and any(t.is_alive() for t in threads):
        time.sleep(0.005)
    return probe()


def worker_connections(pid: int, port: int) -> list[int]:
    """Open connections to `port` held by each worker process of server `pid` (the server
    itself when it has no workers), from /proc: which socket inodes each holds, and which
    of those are established connections on that local port."""
    established = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError), open(table) as rows:
            for row in itertools.islice(rows, 1, None):
                cells = row.split()
                local_port = int(cells[1].rpartition(":")[2], 16)
                if local_port == port and cells[3] == "01":  # 01: ESTABLISHED
                    established.add(cells[9])
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    counts = []
    for worker in children or [str(pid)]:
        held = 0
        for fd in Path(f"/proc/{worker}/fd").iterdir():
            with contextlib.suppress(OSError):
                target = os.readlink(fd)
                held += target.startswith("socket:[") and target[8:-1] in established
        counts.append(held)
    return sorted(counts, reverse=True)


class Server:
    """A server process on 127.0.0.1:port, stopped (by its own pid) on exit."""

    def __init__(self, command: list[str], port: int, log: Path, code: Path | None = None) -> None:
        self.command, self.port, self.log, self.code = command, port, log, code
        self.process: subprocess.Popen[bytes] | None = None
        self.started = 0.0

    def __enter__(self) -> Server:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        out = self.log.open("wb")
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        if self.code is not None:  # another checkout's code, for before and after side by side
            env["PYTHONPATH"] = str(self.code)
        self.started = time.perf_counter()
        self.process = subprocess.Popen(self.command, stdout=out, stderr=out, env=env)
        out.close()
        return self

    @property
    def pid(self) -> int:
        if self.process is None:
            raise RuntimeError(f"{self.command[0]} is not started")
        return self.process.pid

    def wait_answer(self, path: str, timeout: float = 60.0) -> float:
        """Seconds from the start of the process to its first 200 answer on `path`."""
        deadline = self.started + timeout
        while time.perf_counter() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"server exited early; see {self.log}")
            if get_once(self.port, path, timeout=max(0.1, deadline - time.perf_counter())):
                return time.perf_counter() - self.started
            time.sleep(0.01)
        raise TimeoutError(f"no answer from {self.command[0]} within {timeout} s; see {self.log}")

    def __exit__(self, *exc: object) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def draw_question_keys(index: Path, count: int, seed: int) -> list[str]:
    """`count` records of the index as "document/number", drawn one per document (as many
    documents as there are, then again), the same for the same seed."""
    from search.engine import SearchEngine

    found = SearchEngine(index)
    rng = random.Random(seed)
    documents = sorted(d["id"] for d in found.documents())
    keys: set[str] = set()
    for document in itertools.islice(
        itertools.cycle(rng.sample(documents, len(documents))), 4 * count
    ):
        entry = found.document(document) or {"records": []}
        numbers = [r["number"] for r in entry["records"] if isinstance(r.get("number"), int)]
        if numbers:
            keys.add(f"{document}/{rng.choice(numbers)}")
        if len(keys) == count:
            break
    return sorted(keys)


def tree_cpu_s(pid: int) -> float:
    """CPU seconds (user + system) used so far by a process and its children, from /proc:
    what a round costs the server, much less dependent on the machine's load than time."""
    ticks = os.sysconf("SC_CLK_TCK")
    total, parents = 0.0, {pid}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue  # gone meanwhile
        if int(entry.name) in parents or int(fields[1]) in parents:
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def _print_round(result: dict[str, Any]) -> None:
    kinds = "; ".join(
        f"{kind} p50/p99 {v['p50_ms']:.1f}/{v['p99_ms']:.1f} ms ({v['requests']})"
        for kind, v in result["by_kind"].items()
    )
    print(
        f"{result['clients']} clients: {result['rps']:.1f} req/s, errors {result['errors']}; "
        f"{kinds}; server CPU {result.get('cpu_ms', float('nan')):.2f} ms/request; "
        f"connections per worker {result.get('probe')}; "
        f"load {os.getloadavg()[0]:.2f}",
        flush=True,
    )


def main(argv: list[str] | None = None) -> int:
    """One HTTP round against `vraagbaak serve` on an existing index, without the rest of
    the benchmark: the query mix of a corpus, question pages drawn from the index."""
    import argparse

    from bench.search_bench import load_queries

    parser = argparse.ArgumentParser(prog="python -m bench.http_load", description=main.__doc__)
    parser.add_argument("index", type=Path)
    parser.add_argument("--queries", type=Path, required=True, help="a corpus's .queries.json")
    parser.add_argument("--pages", type=int, default=200, help="distinct question pages")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--clients", default="1,4", help="comma-separated")
    parser.add_argument("--requests", type=int, default=300, help="per client per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--max-s", type=float, default=30.0, help="cap per round")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--log", type=Path, default=Path("bench/out/http-server.log"))
    parser.add_argument("--code", type=Path, help="serve with this checkout's code (a baseline)")
    opts = parser.parse_args(argv)
    keys = draw_question_keys(opts.index, opts.pages, opts.seed)
    paths = mixed(query_paths(load_queries(opts.queries)), question_paths(keys))
    port = free_port()
    command = [VRAAGBAAK, "--index", str(opts.index), "serve", "--host", HOST, "--port", str(port)]
    if opts.workers:
        command += ["--workers", str(opts.workers)]
    with Server(command, port, opts.log, opts.code) as server:
        split = functools.partial(worker_connections, server.process.pid, port)
        server.wait_answer(paths[0][1], timeout=120)
        load(port, paths, 1, len(paths), opts.max_s)  # warm: every path once
        for _ in range(opts.rounds):
            for clients in (int(c) for c in opts.clients.split(",")):
                cpu = tree_cpu_s(server.process.pid)
                result = load(port, paths, clients, opts.requests * clients, opts.max_s, split)
                used = tree_cpu_s(server.process.pid) - cpu
                _print_round({**result, "cpu_ms": 1000 * used / max(1, result["requests"])})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
