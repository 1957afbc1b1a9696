"""Where the time goes: pyinstrument over the query mix, or over one ingest.

    python -m bench.profile search INDEX_ROOT [--passes 5] [--queries CORPUS/.queries.json]
    python -m bench.profile ingest CORPUS [--files 30]
    python -m bench.profile update INDEX_ROOT --letter FOLDER  (on a copy of the index)

Writes bench/out/profile-<what>.txt (call tree) and .html. pyinstrument is a bench-only
dependency: `pip install pyinstrument`.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from bench.search_bench import load_queries, vraagbaak_runner
from search.engine import SearchEngine

OUT = Path(__file__).with_name("out")


def _profiler():  # noqa: ANN202 - pyinstrument is optional, its type is not imported
    try:
        from pyinstrument import Profiler
    except ImportError as error:
        raise SystemExit("pip install pyinstrument  (bench-only dependency)") from error
    return Profiler(interval=0.0005)


def profile_search(root: Path, passes: int, mix: Path | None = None) -> object:
    run = vraagbaak_runner(SearchEngine(root))
    queries = load_queries(mix) if mix else load_queries()
    for query in queries:  # warm, as in the benchmark: not what we want to see
        run(query)
    profiler = _profiler()
    profiler.start()
    for _ in range(passes):
        for query in queries:
            run(query)
    profiler.stop()
    return profiler


def profile_ingest(corpus: Path, files: int) -> object:
    from bench.internals import build_index
    from ingest import IngestReport, iter_documents

    paths = sorted(corpus.glob("*.txt"))[:files]
    profiler = _profiler()
    profiler.start()
    with tempfile.TemporaryDirectory() as root:  # read and indexed as vraagbaak ingest does
        build_index(iter_documents(paths, IngestReport()), Path(root))
    profiler.stop()
    return profiler


def profile_update(root: Path, letter: Path) -> object:
    from bench.internals import copy_live_index
    from index.sync import sync_index
    from ingest import load

    with tempfile.TemporaryDirectory() as copy:  # the index itself stays as it is
        copy_live_index(root, Path(copy))
        profiler = _profiler()
        profiler.start()
        sync_index(load([letter]).documents, Path(copy))
        profiler.stop()
    return profiler


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile")
    parser.add_argument("what", choices=("search", "ingest", "update"))
    parser.add_argument("path", type=Path, help="index root (search) or corpus folder (ingest)")
    parser.add_argument("--passes", type=int, default=5)
    parser.add_argument("--files", type=int, default=30)
    parser.add_argument("--letter", type=Path, help="update: the letter's folder")
    parser.add_argument(
        "--queries", type=Path, help="a corpus's .queries.json (default: the markov mix)"
    )
    args = parser.parse_args(argv)
    if args.what == "search":
        profiler = profile_search(args.path, args.passes, args.queries)
    elif args.what == "update":
        if args.letter is None:
            parser.error("update: --letter FOLDER")
        profiler = profile_update(args.path, args.letter)
    else:
        profiler = profile_ingest(args.path, args.files)
    OUT.mkdir(exist_ok=True)
    text = profiler.output_text(unicode=True, color=False, show_all=False)
    (OUT / f"profile-{args.what}.txt").write_text(text, encoding="utf-8")
    (OUT / f"profile-{args.what}.html").write_text(profiler.output_html(), encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
