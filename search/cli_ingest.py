"""The commands that write or check the index: `vraagbaak ingest` and `vraagbaak check`,
and the one path by which ingest, harvest and serve index files."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ingest import IngestReport, iter_documents
from search import config
from search.cli_common import say
from search.dutch import counted
from search.terminal import ProgressBar, render_summary

if TYPE_CHECKING:
    from index.sync import SyncSummary


def sync_files(
    paths: Sequence[Path],
    index_root: Path,
    stemmer: str | None = None,
    prune: bool = False,
    rebuild: bool = False,
    procs: int = 1,
) -> SyncSummary:
    """Files and folders into the index (add, replace, skip), the summary printed: the one
    path by which both `ingest` and `harvest` index."""
    report = IngestReport()
    on_terminal = sys.stderr.isatty()
    reading = ProgressBar("Inlezen") if on_terminal else None
    documents = iter_documents(paths, report, procs=procs, progress=reading)
    # Loaded only now: the parsing workers, forked by the call above, are spared numpy
    # and Whoosh (a worker starts at its parent's resident size; ingest.iter_documents).
    from index.sync import sync_index

    summary = sync_index(
        documents,
        index_root,
        stemmer=stemmer,
        prune=prune,
        rebuild=rebuild,
        progress=ProgressBar("Indexeren") if on_terminal else None,
    )
    if reading is not None:
        reading.close()
    print(render_summary(summary, warnings=report.warnings))
    if report.hidden:
        hidden = counted(len(report.hidden), "verborgen item", "verborgen items")
        print(f"Niet gelezen: {hidden} (naam met een punt).")
    return summary


def cmd_ingest(args: argparse.Namespace) -> int:
    summary = sync_files(
        args.paths or [config.BUNDLED_CORPUS],
        args.index or config.index_dir(),
        stemmer=args.stemmer,
        prune=args.prune,
        rebuild=args.rebuild,
        procs=args.procs,
    )
    read = summary.added or summary.replaced or summary.unchanged
    if not read and not summary.removed:
        say("vraagbaak: geen enkel document ingelezen", file=sys.stderr)
        return 1
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from index.check import check_index  # see sync_files

    report = check_index(args.index or config.index_dir())
    for line in report.lines():
        say(line)
    return 0 if report.sound else 1
