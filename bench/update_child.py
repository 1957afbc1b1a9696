"""One update in a process of its own: `vraagbaak ingest LETTER --index INDEX_ROOT` on an
index that already holds a whole corpus, through the real command.

    python -m bench.update_child LETTER_FOLDER INDEX_ROOT

Prints one JSON line: the questions added, wall seconds from before the command's first
import to its end (the imports, parse, index, switch: what a user waits for, less the
interpreter's own start of some 20 ms) and the process's peak RSS.
"""

from __future__ import annotations

import time

START = time.perf_counter()  # before any of the command's imports

import argparse  # noqa: E402
import contextlib  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402


def run(letter: Path, root: Path) -> dict[str, Any]:
    from search.cli import main

    with contextlib.redirect_stdout(io.StringIO()) as said:
        status = main(["--index", str(root), "ingest", str(letter)])
    wall = time.perf_counter() - START
    if status != 0:
        raise RuntimeError(f"vraagbaak ingest {letter}: status {status}\n{said.getvalue()}")
    from bench.measure import peak_rss_kb
    from index.store import open_generation

    catalog = open_generation(root).catalog["documents"]
    folder = letter.resolve()
    added = [e for e in catalog.values() if Path(e["source"]).resolve().parent == folder]
    return {
        "questions": sum(entry["questions"] for entry in added),
        "documents": len(added),
        "wall_s": wall,
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
