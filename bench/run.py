"""The benchmark: `python -m bench` (or `make bench`). Not part of the test suite.

For each size: generate the corpus (cached in bench/out/corpus), ingest it end to
end in child processes (one process, and two: one parsing ahead of the one writing; and the
FTS5 peer), add a new letter to that index as an update, time the committed query mix in
process against both, and load both over HTTP on 127.0.0.1. Once per run: cold start
on the bundled corpus. Results go to bench/out/results.json and a Markdown table in
bench/out/report.md.
"""

from __future__ import annotations

import argparse
import json
import platform
import shlex
import shutil
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from bench import coldstart, report
from bench.fts5 import Fts5Peer
from bench.generate import SIZES, generate
from bench.http_load import VRAAGBAAK, Server, free_port, load, query_paths, question_paths
from bench.measure import run_child
from bench.search_bench import compare, load_queries
from index.store import CURRENT, open_generation
from search.engine import SearchEngine

OUT = Path(__file__).with_name("out")
INGEST_TIMEOUT_S = 3 * 3600
UPDATE_QUESTIONS = 40  # a new letter the size of the bundled one
UPDATE_SEED = 7_000  # letters apart from the corpus's own


def _ingest_runs(args: list[str], repeats: int, budget_s: float) -> list[dict[str, Any]]:
    """At least one run; more up to `repeats` while the runs so far fit in `budget_s`."""
    runs: list[dict[str, Any]] = []
    while len(runs) < repeats and (not runs or sum(r["wall_s"] for r in runs) < budget_s):
        runs.append(run_child(args, INGEST_TIMEOUT_S))
        print(f"    {args[1]} procs={runs[-1]['procs']}: {runs[-1]['wall_s']:.1f} s", flush=True)
    return runs


def ingest(corpus: Path, work: Path, repeats: int, budget_s: float) -> dict[str, Any]:
    child = "bench.ingest_child"
    return {
        "single": _ingest_runs(
            [child, "vraagbaak", str(corpus), str(work / "idx-1")], repeats, budget_s
        ),
        "procs2": _ingest_runs(
            [child, "vraagbaak", str(corpus), str(work / "idx-2"), "--procs", "2"],
            repeats,
            budget_s,
        ),
        "fts5": _ingest_runs(
            [child, "fts5", str(corpus), str(work / "fts5.db")], repeats, budget_s
        ),
    }


def update(work: Path, repeats: int, seed: int) -> list[dict[str, Any]]:
    """`repeats` new letters added one after the other to a copy of the 1-process index."""
    live = open_generation(work / "idx-1").path
    copy = work / "idx-update"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(live, copy / live.name)
    (copy / CURRENT).write_text(live.name + "\n", encoding="utf-8")
    runs = []
    for k in range(repeats):
        letter_seed = UPDATE_SEED + 1_000 * seed + k
        letter = OUT / "corpus" / f"update-{UPDATE_QUESTIONS}-seed{letter_seed}"
        generate(UPDATE_QUESTIONS, letter, letter_seed)
        runs.append(run_child(["bench.update_child", str(letter), str(copy)], INGEST_TIMEOUT_S))
        print(f"    update: {runs[-1]['wall_s']:.1f} s", flush=True)
    shutil.rmtree(copy, ignore_errors=True)
    return runs


def http(work: Path, repeats: int, limits: dict[str, float]) -> dict[str, Any]:
    """Both servers, 1 and 4 clients, `repeats` rounds each, after one untimed warm pass."""
    paths = query_paths(load_queries())
    servers = {
        "vraagbaak": [VRAAGBAAK, "--index", str(work / "idx-1"), "serve", "--host", "127.0.0.1"],
        "fts5": [sys.executable, "-m", "bench.fts5_server", str(work / "fts5.db")],
    }
    result: dict[str, Any] = {}
    for name, command in servers.items():
        port = free_port()
        with Server([*command, "--port", str(port)], port, work / f"{name}-server.log") as server:
            server.wait_answer(paths[0], timeout=120)
            load(port, paths, 1, len(paths), limits["max_s"])  # warm: every query once
            result[name] = _rounds(port, paths, repeats, limits)
            if name == "vraagbaak":  # the question page, which FTS5's peer does not have
                pages = question_paths(SearchEngine(work / "idx-1"))
                load(port, pages, 1, len(pages), limits["max_s"])
                result["vraagbaak_question"] = _rounds(port, pages, repeats, limits)
    return result


def _rounds(port: int, paths: list[str], repeats: int, limits: dict[str, float]) -> dict:
    return {
        str(clients): [
            load(port, paths, clients, int(limits["requests"]) * clients, limits["max_s"])
            for _ in range(repeats)
        ]
        for clients in (1, 4)
    }


def one_size(size: int, opts: argparse.Namespace) -> dict[str, Any]:
    started = time.perf_counter()
    corpus = OUT / "corpus" / f"n{size}-seed{opts.seed}"
    manifest = generate(size, corpus, opts.seed)
    work = OUT / "work" / f"n{size}"
    work.mkdir(parents=True, exist_ok=True)
    print(f"== {size} questions: {manifest.files} files, {manifest.characters:,} chars", flush=True)
    result: dict[str, Any] = {"size": size, "manifest": manifest.__dict__}
    result["ingest"] = ingest(corpus, work, opts.repeats, opts.ingest_budget)
    result["update"] = update(work, opts.repeats, opts.seed)
    print("   searching in process", flush=True)
    peer = Fts5Peer(work / "fts5.db")
    result["search"] = compare(SearchEngine(work / "idx-1"), peer, opts.repeats, opts.search_budget)
    peer.close()
    if not opts.no_http:
        print("   HTTP", flush=True)
        limits = {"requests": opts.http_requests, "max_s": opts.http_max_s}
        result["http"] = http(work, opts.repeats, limits)
    result["seconds"] = time.perf_counter() - started
    return result


def machine() -> dict[str, Any]:
    import os

    memory_kb = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            memory_kb = int(line.split()[1])
    return {
        "cores": os.cpu_count(),
        "memory_gib": round(memory_kb / 2**20, 1),
        "cpu": _cpu_model(),
        "python": platform.python_version(),
        "sqlite": __import__("sqlite3").sqlite_version,
    }


def _commit() -> str:
    """The code measured: HEAD, marked when the working tree differs from it."""
    import subprocess

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], capture_output=True, text=True, cwd=OUT.parent)
        return done.stdout.strip()

    head = git("rev-parse", "--short", "HEAD") or "unknown"
    return head + (
        " (with local changes)" if git("status", "--porcelain", "--untracked-files=no") else ""
    )


def _cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="comma-separated")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=3, help="repetitions; the median is shown")
    parser.add_argument(
        "--ingest-budget",
        type=float,
        default=600.0,
        help="seconds per ingest mode and size after which no further repetition starts",
    )
    parser.add_argument("--search-budget", type=float, default=15.0, help="seconds per repeat")
    parser.add_argument("--http-requests", type=int, default=100, help="per client per round")
    parser.add_argument("--http-max-s", type=float, default=20.0, help="cap per round")
    parser.add_argument("--no-http", action="store_true")
    parser.add_argument("--out", type=Path, default=OUT / "results.json")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    opts = parse_args(argv)
    command = "python -m bench " + shlex.join(argv if argv is not None else sys.argv[1:])
    results: dict[str, Any] = {
        "date": datetime.now().isoformat(timespec="seconds"),
        "command": command.strip(),
        "commit": _commit(),
        "machine": machine(),
        "repeats": opts.repeats,
        "sizes": [],
    }
    if not opts.no_http:
        results["cold_start"] = coldstart.measure(OUT / "work" / "coldstart", opts.repeats)
    for size in (int(s) for s in opts.sizes.split(",")):
        results["sizes"].append(one_size(size, opts))
        opts.out.parent.mkdir(parents=True, exist_ok=True)
        opts.out.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    markdown = report.render(results)
    opts.out.with_name("report.md").write_text(markdown, encoding="utf-8")
    print(markdown)
    return 0
