"""Every name the benchmark takes from inside Vraagbaak's packages, in one place.

The bench drives the engine through its public API (`ingest.iter_documents` and `load`,
`index.sync.sync_index`, `search.engine.SearchEngine`, the CLI and the HTTP pages); what
it needs beyond that is here, so a module that moves is fixed once, in this file.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

from index.analysis.decompound import WORDLIST as WORD_LIST
from index.store import CURRENT, open_generation
from ingest.metadata import MONTHS
from ingest.records import Document
from search.config import BUNDLED_CORPUS

MONTH_NAMES = tuple(MONTHS)  # januari … december, in order
__all__ = ["BUNDLED_CORPUS", "MONTH_NAMES", "WORD_LIST", "build_index", "copy_live_index"]


def build_index(documents: Iterable[Document], root: Path) -> Path:
    """A fresh index of `documents` under `root`, as `vraagbaak ingest --rebuild` makes it;
    the path of the generation written. Imported when called: a peer's run need not pay."""
    from index.build import build_index as build

    return build(documents, root)


def copy_live_index(root: Path, copy: Path) -> None:
    """A copy of the live generation of `root` as the only (live) generation of `copy`."""
    live = open_generation(root).path
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(live, copy / live.name)
    (copy / CURRENT).write_text(live.name + "\n", encoding="utf-8")
