"""One update in a process of its own: `vraagbaak ingest LETTER` on an index that
already holds a whole corpus.

    python -m bench.update_child LETTER_FOLDER INDEX_ROOT

Prints one JSON line: the questions added, wall seconds (parse, index, switch) and
the process's peak RSS.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from bench.measure import peak_rss_kb
from index.sync import sync_index
from ingest import load


def run(letter: Path, root: Path) -> dict[str, Any]:
    start = time.perf_counter()
    documents = load([letter]).documents
    summary = sync_index(documents, root)
    return {
        "questions": sum(d.question_count for d in documents),
        "documents": len(summary.added) + len(summary.replaced),
        "wall_s": time.perf_counter() - start,
        "self_maxrss_kb": peak_rss_kb(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("letter", type=Path)
    parser.add_argument("root", type=Path)
    args = parser.parse_args(argv)
    print(json.dumps(run(args.letter, args.root)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
