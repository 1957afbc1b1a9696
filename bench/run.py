"""The benchmark: `python -m bench` (or `make bench`). Not part of the test suite.

For each size: generate the corpus (`--corpus realistic`, the default, or `markov`; cached
in bench/out/corpus), ingest it end to end in child processes (one process, and two: one
parsing ahead of the one writing; and the peers SQLite FTS5 and tantivy), add a new
letter to that index as an update, time the query mix in process against all three, and
load all three over HTTP on 127.0.0.1 with searches and question pages mixed, and open
every kind of page of Vraagbaak's site (bench.pages). Once per
run: cold start on the bundled corpus. Results go to bench/out/results.json and Markdown
tables in bench/out/report.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shlex
import shutil
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from bench import coldstart, pages, report
from bench.corpus import CORPORA, QUERIES, SIZES, generate
from bench.fts5 import Fts5Peer
from bench.http_load import (
    VRAAGBAAK,
    Server,
    free_port,
    load,
    mixed,
    query_paths,
    question_paths,
)
from bench.internals import copy_live_index
from bench.measure import run_child
from bench.search_bench import BenchQuery, compare, load_queries, peer_runner, vraagbaak_runner
from bench.tantivy_peer import TantivyPeer
from search.engine import SearchEngine

OUT = Path(__file__).with_name("out")
INGEST_TIMEOUT_S = 3 * 3600
UPDATE_QUESTIONS = 40  # a new letter the size of the bundled one
UPDATE_SEED = 7_000  # letters apart from the corpus's own
# Records drawn for the question pages of the HTTP round: distinct pages, as many as a
# round asks for, so that no memo of a page or its words answers a repeated one.
QUESTION_PAGES = 200
PEERS = {"fts5": "fts5.db", "tantivy": "tantivy"}  # where each peer's index is written


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
        **{
            peer: _ingest_runs([child, peer, str(corpus), str(work / path)], repeats, budget_s)
            for peer, path in PEERS.items()
        },
    }


def update(work: Path, repeats: int, seed: int, corpus: str) -> list[dict[str, Any]]:
    """`repeats` new letters added one after the other to a copy of the 1-process index."""
    copy = work / "idx-update"
    copy_live_index(work / "idx-1", copy)
    runs = []
    for k in range(repeats):
        letter_seed = UPDATE_SEED + 1_000 * seed + k
        letter = OUT / "corpus" / f"update-{corpus}-{UPDATE_QUESTIONS}-seed{letter_seed}"
        generate(UPDATE_QUESTIONS, letter, letter_seed, corpus)
        runs.append(run_child(["bench.update_child", str(letter), str(copy)], INGEST_TIMEOUT_S))
        print(f"    update: {runs[-1]['wall_s']:.1f} s", flush=True)
    shutil.rmtree(copy, ignore_errors=True)
    return runs


def question_keys(work: Path, seed: int) -> list[str]:
    """Records drawn for the question pages: keys "document/number", the same every run."""
    peer = Fts5Peer(work / PEERS["fts5"])
    numbered = [key for key in peer.record_keys() if key.rpartition("/")[2].isdigit()]
    peer.close()
    return sorted(random.Random(seed).sample(numbered, min(QUESTION_PAGES, len(numbered))))


def http(
    work: Path, queries: list[BenchQuery], keys: list[str], repeats: int, limits: dict[str, float]
) -> dict[str, Any]:
    """The three servers, 1 and 4 clients, `repeats` rounds each, after one untimed warm
    pass; searches and question pages mixed."""
    paths = mixed(query_paths(queries), question_paths(keys))
    servers = {
        "vraagbaak": [VRAAGBAAK, "--index", str(work / "idx-1"), "serve", "--host", "127.0.0.1"],
        **{
            peer: [sys.executable, "-m", "bench.peer_server", peer, str(work / path)]
            for peer, path in PEERS.items()
        },
    }
    result: dict[str, Any] = {"paths": paths}
    for name, command in servers.items():
        port = free_port()
        with Server([*command, "--port", str(port)], port, work / f"{name}-server.log") as server:
            server.wait_answer(paths[0][1], timeout=120)
            load(port, paths, 1, len(paths), limits["max_s"])  # warm: every query once
            result[name] = {
                str(clients): [
                    load(port, paths, clients, int(limits["requests"]) * clients, limits["max_s"])
                    for _ in range(repeats)
                ]
                for clients in (1, 4)
            }
    return result


def every_page(
    work: Path, queries: list[BenchQuery], keys: list[str], repeats: int
) -> dict[str, Any]:
    """Each kind of page of the site, `repeats` rounds, one client (bench.pages)."""
    engine = SearchEngine(work / "idx-1")
    paths = pages.page_paths(engine, queries, keys)
    engine.close()
    return pages.measure(work / "idx-1", paths, repeats, work / "pages-server.log")


def query_mix(corpus: Path, kind: str) -> list[BenchQuery]:
    """The realistic corpus's mix is picked from its own counts; markov's is committed."""
    return load_queries(corpus / QUERIES) if kind == "realistic" else load_queries()


def search(work: Path, queries: list[BenchQuery], opts: argparse.Namespace) -> dict[str, Any]:
    fts5 = Fts5Peer(work / PEERS["fts5"])
    runners = {
        "vraagbaak": vraagbaak_runner(SearchEngine(work / "idx-1")),
        "fts5": peer_runner(fts5),
        "tantivy": peer_runner(TantivyPeer(work / PEERS["tantivy"])),
    }
    result = compare(runners, queries, opts.repeats, opts.search_budget)
    fts5.close()
    return result


def one_size(size: int, opts: argparse.Namespace) -> dict[str, Any]:
    started = time.perf_counter()
    corpus = OUT / "corpus" / f"{opts.corpus}-n{size}-seed{opts.seed}"
    manifest = generate(size, corpus, opts.seed, opts.corpus)
    work = OUT / "work" / f"{opts.corpus}-n{size}"
    work.mkdir(parents=True, exist_ok=True)
    print(
        f"== {size} questions ({opts.corpus}): {manifest.files} files, "
        f"{manifest.characters:,} chars, {manifest.distinct_words:,} distinct words",
        flush=True,
    )
    result: dict[str, Any] = {"size": size, "manifest": manifest.__dict__}
    load_at_start = os.getloadavg()[0]
    queries = query_mix(corpus, opts.corpus)
    result["ingest"] = ingest(corpus, work, opts.repeats, opts.ingest_budget)
    result["update"] = update(work, opts.repeats, opts.seed, opts.corpus)
    print("   searching in process", flush=True)
    result["search"] = search(work, queries, opts)
    if not opts.no_http:
        print("   HTTP", flush=True)
        limits = {"requests": opts.http_requests, "max_s": opts.http_max_s}
        keys = question_keys(work, opts.seed)
        result["http"] = http(work, queries, keys, opts.repeats, limits)
        print("   every page", flush=True)
        result["pages"] = every_page(work, queries, keys, opts.repeats)
    result["seconds"] = time.perf_counter() - started
    # How busy the shared machine was (1-minute load average; 2 cores here).
    result["load_average"] = [load_at_start, os.getloadavg()[0]]
    return result


def machine() -> dict[str, Any]:
    from importlib.metadata import version

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
        "tantivy": version("tantivy"),
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
    parser.add_argument("--corpus", choices=CORPORA, default=CORPORA[0])
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
        "corpus": opts.corpus,
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
