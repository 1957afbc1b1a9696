"""One ingest, end to end, in a process of its own, so its peak memory is its own.

    python -m bench.ingest_child vraagbaak CORPUS INDEX_ROOT [--procs 2]
    python -m bench.ingest_child fts5 CORPUS DB_FILE
    python -m bench.ingest_child tantivy CORPUS INDEX_DIR

Prints one JSON line: questions, records, wall seconds, the process's own peak RSS
and its children's (the parsing workers' of --procs 2), and the size of what was
written to disk. Vraagbaak reads and indexes as `vraagbaak ingest` does, file by
file; a peer gets the documents parsed beforehand (parse_s), its build is the rest.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from bench.measure import peak_rss_kb
from ingest import Document, IngestReport, iter_documents, load


def disk_bytes(path: Path) -> int:
    """Bytes under `path` (a file or a folder)."""
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _build_vraagbaak(corpus: Path, out: Path, procs: int) -> tuple[int, int, int]:
    report = IngestReport()
    # Called before the index is loaded, as `vraagbaak ingest` does: the parsing workers
    # fork at this call and are spared numpy and Whoosh (ingest.iter_documents).
    documents = iter_documents([corpus], report, procs=procs)
    from bench.internals import build_index  # imported here: a peer's run need not pay

    counts = {"questions": 0, "records": 0}

    def counted(documents: Iterable[Document]) -> Iterator[Document]:
        for document in documents:
            counts["records"] += len(document.records)
            counts["questions"] += document.question_count
            yield document

    generation = build_index(counted(documents), out)
    return counts["questions"], counts["records"], disk_bytes(generation)


def _build_fts5(documents: list[Document], out: Path) -> int:
    from bench.fts5 import Fts5Peer

    out.unlink(missing_ok=True)
    peer = Fts5Peer(out)
    peer.build(documents)
    peer.close()
    return disk_bytes(out)


def _build_tantivy(documents: list[Document], out: Path) -> int:
    from bench.tantivy_peer import TantivyPeer

    shutil.rmtree(out, ignore_errors=True)
    TantivyPeer(out, create=True).build(documents)
    return disk_bytes(out)


PEER_BUILDS = {"fts5": _build_fts5, "tantivy": _build_tantivy}


def run(engine: str, corpus: Path, out: Path, procs: int = 1) -> dict[str, Any]:
    """Parse `corpus` and index it with `engine`; timings and sizes as a dict."""
    start = time.perf_counter()
    parsed = None
    if engine == "vraagbaak":
        questions, records, size = _build_vraagbaak(corpus, out, procs)
    else:
        documents = load([corpus]).documents
        parsed = time.perf_counter()
        size = PEER_BUILDS[engine](documents, out)
        questions = sum(d.question_count for d in documents)
        records = sum(len(d.records) for d in documents)
    done = time.perf_counter()
    return {
        "engine": engine,
        "procs": procs,
        "questions": questions,
        "records": records,
        "parse_s": None if parsed is None else parsed - start,
        "wall_s": done - start,
        "self_maxrss_kb": peak_rss_kb(),
        "children_maxrss_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
        "disk_bytes": size,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("engine", choices=("vraagbaak", *PEER_BUILDS))
    parser.add_argument("corpus", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--procs", type=int, default=1)
    args = parser.parse_args(argv)
    print(json.dumps(run(args.engine, args.corpus, args.out, args.procs)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
