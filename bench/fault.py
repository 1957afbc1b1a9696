"""A load and fault test of the real `vraagbaak serve`: mixed traffic with slow clients beside it.

    python -m bench.fault                               # 20,000 questions, 8 and 32 clients, 30 s
    python -m bench.fault --questions 4000 --seconds 10 # a quick run

The corpus comes from bench.generate and goes through the real `vraagbaak ingest`; the
server is the real `vraagbaak serve` on 127.0.0.1 with its default workers. Each client is
a thread with one keep-alive connection walking a mix of result pages, question pages and
API calls, with hostile requests among them (a malformed Host, a forged Host on a redirect,
a broken query, an unknown page, a header block over the server's limit) that must get
their own status with the security headers. Beside the load, `SlowClients` keeps
connections open that send one header line every 2 s and never finish (slowloris).

An error is any answer but the expected status with the security headers, a JSON body that
does not parse, a connection the server broke, or no answer within the client timeout.
Before the load, searches on fresh connections measure what the slow clients alone cost
(the goal: every one answered within 1 s). Only 127.0.0.1 is ever contacted.
Results: bench/out/fault/results.json, and a Markdown table on stdout for BENCHMARKS.md
(bench/fault_report.py).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from bench.fault_report import markdown
from bench.generate import generate
from bench.measure import percentile
from bench.search_bench import load_queries
from bench.slow_clients import SlowClients

HOST = "127.0.0.1"
OUT = Path(__file__).with_name("out")
_SCRIPT = Path(sys.executable).with_name("vraagbaak")
VRAAGBAAK = str(_SCRIPT) if _SCRIPT.exists() else "vraagbaak"
CLIENT_TIMEOUT_S = 10.0  # an answer later than this is an error, not a slow answer
PROBE_GOAL_S = 1.0  # a normal request beside the slow clients answers within this
OVERSIZED_HEADER_BYTES = 40 * 1024  # past the server's limit on the request's head
SECURITY_HEADER = "Content-Security-Policy"


@dataclass(frozen=True)
class Probe:
    """One request of the mix and the status it must get."""

    name: str
    path: str
    status: int = 200
    headers: tuple[tuple[str, str], ...] = ()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _search_args(text: str, party: str | None) -> str:
    return urlencode({"q": text, **({"partij": party} if party else {})})


def hostile_probes() -> list[Probe]:
    return [
        Probe("malformed Host", "/zoeken?q=NAVO", 400, (("Host", "a..b"),)),
        Probe("64-character label", "/", 400, (("Host", "a" * 64 + ".example"),)),
        Probe("forged Host, redirect", "/static//vraagbaak.css", 308, (("Host", "evil.example"),)),
        Probe("broken query", "/zoeken?q=%22open", 400),
        Probe("unknown page", "/bestaat-niet", 404),
        Probe("API, bad page number", "/api/zoeken?q=NAVO&pagina=0", 400),
        Probe("oversized header", "/", 431, (("X-Opvulling", "x" * OVERSIZED_HEADER_BYTES),)),
    ]


def traffic_mix(port: int, question_pages: bool = True) -> list[Probe]:
    """Result pages and API searches of the committed query mix, the question pages (HTML and
    JSON) of each one's first hit, and each hostile request once, spread evenly."""
    normal: list[Probe] = []
    for query in load_queries():
        args = _search_args(query.text, query.party)
        try:
            answer = json.loads(_fetch(port, f"/api/zoeken?{args}"))
        except RuntimeError:
            continue  # a party the generated corpus does not have (a small one)
        normal += [
            Probe("search page", f"/zoeken?{args}"),
            Probe("API search", f"/api/zoeken?{args}"),
        ]
        for hit in [h for h in answer["hits"] if h["kind"] == "question"][:question_pages]:
            page = f"{quote(hit['document'], safe='')}/{hit['number']}"
            normal += [
                Probe("question page", f"/vraag/{page}"),
                Probe("API question", f"/api/vraag/{page}"),
            ]
    hostile = hostile_probes()
    spacing = max(1, len(normal) // len(hostile))
    mix: list[Probe] = []
    for n, probe in enumerate(normal):
        mix.append(probe)
        if n % spacing == spacing - 1 and n // spacing < len(hostile):
            mix.append(hostile[n // spacing])
    return mix


def _fetch(port: int, path: str) -> bytes:
    connection = http.client.HTTPConnection(HOST, port, timeout=CLIENT_TIMEOUT_S * 6)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"{path}: status {response.status}")
        return body
    finally:
        connection.close()


def check(connection: http.client.HTTPConnection, probe: Probe) -> str | None:
    """None when `probe` got its status with the security headers, else what went wrong."""
    try:
        connection.request("GET", probe.path, headers=dict(probe.headers))
        response = connection.getresponse()
        body = response.read()
    except TimeoutError:
        return f"{probe.name}: no answer in {CLIENT_TIMEOUT_S:g} s"
    except (OSError, http.client.HTTPException) as error:
        return f"{probe.name}: {type(error).__name__}"
    if response.status != probe.status:
        return f"{probe.name}: status {response.status}, expected {probe.status}"
    if SECURITY_HEADER not in response.headers:
        return f"{probe.name}: no security headers"
    location = response.headers.get("Location", "")
    if "evil.example" in location:
        return f"{probe.name}: Location names the forged host"
    if probe.path.startswith("/api/"):
        try:
            json.loads(body)
        except ValueError:
            return f"{probe.name}: body is not JSON"
    return None


@dataclass
class _Load:
    mix: list[Probe]
    deadline: float
    lock: threading.Lock = field(default_factory=threading.Lock)
    latencies_ms: list[float] = field(default_factory=list)
    by_kind: dict[str, list[float]] = field(default_factory=dict)
    errors: Counter[str] = field(default_factory=Counter)


def _client(load: _Load, port: int, offset: int) -> None:
    connection = http.client.HTTPConnection(HOST, port, timeout=CLIENT_TIMEOUT_S)
    i = offset
    while time.perf_counter() < load.deadline:
        probe = load.mix[i % len(load.mix)]
        i += 1
        start = time.perf_counter()
        problem = check(connection, probe)
        elapsed_ms = (time.perf_counter() - start) * 1000
        if problem is not None:
            connection.close()  # http.client opens a new one for the next request
        with load.lock:
            load.latencies_ms.append(elapsed_ms)
            load.by_kind.setdefault(probe.name, []).append(elapsed_ms)
            if problem is not None:
                load.errors[problem] += 1
    connection.close()


def run_load(port: int, mix: list[Probe], clients: int, seconds: float) -> dict[str, Any]:
    """`clients` concurrent clients walk `mix` (each from its own place) for `seconds`."""
    load = _Load(mix, time.perf_counter() + seconds)
    threads = [
        threading.Thread(target=_client, args=(load, port, n * len(mix) // clients))
        for n in range(clients)
    ]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - start
    done = load.latencies_ms
    return {
        "clients": clients,
        "requests": len(done),
        "rps": len(done) / wall,
        "p50_ms": statistics.median(done) if done else float("nan"),
        "p99_ms": percentile(done, 0.99),
        "max_ms": max(done, default=float("nan")),
        "p50_ms_by_kind": {name: statistics.median(ms) for name, ms in load.by_kind.items()},
        "errors": sum(load.errors.values()),
        "error_kinds": dict(load.errors.most_common()),
    }


def probe_latencies(port: int, mix: list[Probe], count: int) -> dict[str, Any]:
    """`count` searches (result pages and API) one after another, each on a fresh connection.

    Searches, not question pages: a question page can take longer than PROBE_GOAL_S on its
    own at 20,000 questions (its similar answers), slow clients or not.
    """
    normal = [p for p in mix if p.status == 200 and p.name in ("search page", "API search")]
    seconds, failures = [], Counter[str]()
    for n in range(count):
        connection = http.client.HTTPConnection(HOST, port, timeout=CLIENT_TIMEOUT_S)
        start = time.perf_counter()
        problem = check(connection, normal[n * 7 % len(normal)])
        seconds.append(time.perf_counter() - start)
        connection.close()
        if problem is not None:
            failures[problem] += 1
    return {
        "requests": count,
        "max_s": max(seconds),
        "median_s": statistics.median(seconds),
        "goal_s": PROBE_GOAL_S,
        "within_goal": sum(s <= PROBE_GOAL_S for s in seconds),
        "failures": dict(failures),
    }


def _workers(pid: int) -> list[int]:
    return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def kill_round(served: Served, mix: list[Probe], clients: int, seconds: float) -> dict[str, Any]:
    """A load round in which one worker is killed outright (SIGKILL) a third of the way in:
    the requests it had in hand fail; how soon the supervisor has a new one serving."""
    assert served.process is not None
    supervisor = served.process.pid
    victim = _workers(supervisor)[0]
    replaced: dict[str, float] = {}

    def kill() -> None:
        before = len(_workers(supervisor))
        killed = time.perf_counter()
        os.kill(victim, signal.SIGKILL)
        while time.perf_counter() - killed < seconds:
            now = _workers(supervisor)
            if victim not in now and len(now) == before:
                replaced["after_s"] = time.perf_counter() - killed
                return
            time.sleep(0.01)

    killer = threading.Timer(seconds / 3, kill)
    killer.start()
    row = run_load(served.port, mix, clients, seconds)
    killer.join()
    return {**row, "slow_clients": 0, "worker_replaced_after_s": replaced.get("after_s", -1.0)}


def build_index(questions: int, seed: int, work: Path, corpora: Path) -> Path:
    """The generated corpus through the real `vraagbaak ingest`, once per size and seed."""
    corpus = corpora / f"n{questions}-seed{seed}"
    generate(questions, corpus, seed)
    index = work / f"index-n{questions}-seed{seed}"
    if not (index / "CURRENT").exists():
        subprocess.run(
            [VRAAGBAAK, "--index", str(index), "ingest", str(corpus)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return index


class Served:
    """`vraagbaak serve` on a free port of 127.0.0.1, stopped (by its own pid) on exit."""

    def __init__(self, index: Path, log: Path, extra: list[str]) -> None:
        self.port = free_port()
        self.command = [VRAAGBAAK, "--index", str(index), "serve", "--port", str(self.port), *extra]
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Served:
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(self.command, stdout=out, stderr=out)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"vraagbaak serve stopped; see {self.log}")
            try:
                _fetch(self.port, "/api/documenten")
                return self
            except (OSError, RuntimeError, http.client.HTTPException):
                time.sleep(0.1)
        raise TimeoutError(f"vraagbaak serve did not answer; see {self.log}")

    def __exit__(self, *exc: object) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def run(opts: argparse.Namespace) -> dict[str, Any]:
    work = opts.out
    work.mkdir(parents=True, exist_ok=True)
    index = build_index(opts.questions, opts.seed, work, opts.corpora)
    result: dict[str, Any] = {
        "questions": opts.questions,
        "seconds": opts.seconds,
        "question_pages": not opts.searches_only,
        "rounds": [],
    }
    with Served(index, work / "serve.log", opts.serve_args) as served:
        mix = traffic_mix(served.port, question_pages=not opts.searches_only)
        result["mix"] = dict(Counter(p.name for p in mix))
        run_load(served.port, mix, 1, min(opts.seconds, 5))  # warm every worker's caches
        slow = {"port": served.port, "count": opts.slow, "interval": opts.interval}
        with SlowClients(**slow) as attack:
            result["probe"] = probe_latencies(served.port, mix, opts.probes)
            result["probe"]["slow_clients"] = opts.slow
        for clients in opts.clients:
            for attacked in (False, True):
                print(f"   {clients} clients{', slow clients beside' if attacked else ''}")
                if attacked:
                    with SlowClients(**slow) as attack:
                        row = run_load(served.port, mix, clients, opts.seconds)
                    row["slow_cut_off"] = attack.closed_by_server
                else:
                    row = run_load(served.port, mix, clients, opts.seconds)
                result["rounds"].append({**row, "slow_clients": opts.slow if attacked else 0})
        if len(_workers(served.process.pid)) > 1:
            print(f"   {opts.clients[0]} clients, a worker killed")
            result["rounds"].append(kill_round(served, mix, opts.clients[0], opts.seconds))
    return result


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--questions", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=30.0, help="per round")
    parser.add_argument("--clients", default="8,32", help="client counts, comma-separated")
    parser.add_argument("--slow", type=int, default=16, help="slow clients beside the load")
    parser.add_argument("--interval", type=float, default=2.0, help="s between slow header lines")
    parser.add_argument("--probes", type=int, default=20, help="normal requests beside them")
    parser.add_argument("--searches-only", action="store_true", help="no question pages in the mix")
    parser.add_argument("--out", type=Path, default=OUT / "fault")
    parser.add_argument("--corpora", type=Path, default=OUT / "corpus", help="generated corpora")
    parser.add_argument(
        "--serve-args", default="", help="more arguments for vraagbaak serve, e.g. '--workers 1'"
    )
    opts = parser.parse_args(argv)
    opts.clients = [int(c) for c in opts.clients.split(",")]
    opts.serve_args = opts.serve_args.split()
    return opts


def main(argv: list[str] | None = None) -> int:
    opts = parse_args(argv)
    result = run(opts)
    (opts.out / "results.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(markdown(result))
    for row in result["rounds"]:
        kinds = ", ".join(f"{k} {ms:.0f}" for k, ms in row["p50_ms_by_kind"].items())
        print(f"   {row['clients']} clients, {row['slow_clients']} slow: p50 ms {kinds}")
        for kind, count in row["error_kinds"].items():
            print(f"   {row['clients']} clients, {row['slow_clients']} slow: {count} x {kind}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
