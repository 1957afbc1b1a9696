"""HTTP load and cold start against a local server, bounded in count and time.

Only 127.0.0.1: the benchmark measures this machine, never anyone else's.
Clients are threads with one keep-alive connection each (http.client); a request
counts as an error unless it answers 200 (with a JSON body under /api/).
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from bench.measure import percentile
from bench.search_bench import BenchQuery

HOST = "127.0.0.1"
# The installed command beside this interpreter, so an unactivated venv works too.
_SCRIPT = Path(sys.executable).with_name("vraagbaak")
VRAAGBAAK = str(_SCRIPT) if _SCRIPT.exists() else "vraagbaak"
API_PATH = "/api/zoeken"
QUESTION_PATH = "/vraag"  # the question page: answer, references and similar answers
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


def question_paths(engine: Any, count: int = 40) -> list[str]:
    """Question pages of `count` records, taken in turn from each document."""
    numbers = []
    for info in engine.documents():
        records = engine.document(info["id"])["records"]
        numbers.append([(info["id"], r["number"]) for r in records if r["number"] is not None])
    paths: list[str] = []
    while len(paths) < count and any(numbers):
        for found in numbers:
            if found and len(paths) < count:
                document, number = found.pop(0)
                paths.append(f"{QUESTION_PATH}/{document}/{number}")
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
    paths: list[str]
    remaining: int
    deadline: float
    lock: threading.Lock = field(default_factory=threading.Lock)
    latencies_ms: list[float] = field(default_factory=list)
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
        path = shared.paths[i % len(shared.paths)]
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
            shared.latencies_ms.append(elapsed)
            shared.errors += 0 if ok else 1
    connection.close()


def load(port: int, paths: list[str], clients: int, requests: int, max_s: float) -> dict[str, Any]:
    """`clients` concurrent clients share at most `requests` requests and `max_s` seconds."""
    shared = _Shared(paths, requests, time.perf_counter() + max_s)
    threads = [
        threading.Thread(target=_client, args=(shared, port, n * len(paths) // clients))
        for n in range(clients)
    ]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - start
    done = shared.latencies_ms
    return {
        "clients": clients,
        "requests": len(done),
        "errors": shared.errors,
        "wall_s": wall,
        "rps": len(done) / wall if wall else 0.0,
        "p50_ms": statistics.median(done) if done else float("nan"),
        "p99_ms": percentile(done, 0.99),
    }


class Server:
    """A server process on 127.0.0.1:port, stopped (by its own pid) on exit."""

    def __init__(self, command: list[str], port: int, log: Path) -> None:
        self.command, self.port, self.log = command, port, log
        self.process: subprocess.Popen[bytes] | None = None
        self.started = 0.0

    def __enter__(self) -> Server:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        out = self.log.open("wb")
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.started = time.perf_counter()
        self.process = subprocess.Popen(self.command, stdout=out, stderr=out, env=env)
        out.close()
        return self

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
