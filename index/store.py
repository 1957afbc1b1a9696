"""Where the index lives on disk, and how a new one is switched in atomically.

Layout of the index root (default `instance/index`):

    CURRENT                 name of the live generation, replaced with os.replace
    gen-<time>-<pid>/       a complete Whoosh index, its search arrays, catalog.json

A build or update writes a new generation directory beside the live one and only
then rewrites CURRENT. An ingest that fails or is killed half-way leaves CURRENT
pointing at the previous, complete generation; its half-written directory is
cleaned up by the next build. Readers notice a new CURRENT and reopen.

An update starts from the live generation with every file hard-linked, not copied:
files of a generation are written once and never changed in place (Whoosh writes a
new table of contents beside the old one; our own files are replaced with
`replace_file`), so the copy costs a directory entry per file, not the index's bytes.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CURRENT = "CURRENT"
CATALOG = "catalog.json"
GENERATION_PREFIX = "gen-"
# Generations kept after a switch: the live one and the one before it, which a
# reader that has not yet refreshed may still have open.
KEEP_GENERATIONS = 2


class IndexMissingError(Exception):
    """There is no complete index at the given root."""

    def __init__(self, root: Path) -> None:
        super().__init__(f"Geen index gevonden in {root}. Bouw hem eerst met: vraagbaak ingest")
        self.root = root


@dataclass(frozen=True)
class Generation:
    path: Path
    catalog: dict[str, Any]


def live_generation_name(root: Path) -> str | None:
    try:
        name = (root / CURRENT).read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    return name if name and (root / name).is_dir() else None


def open_generation(root: Path) -> Generation:
    """The live generation with its catalog; IndexMissingError when there is none."""
    name = live_generation_name(root)
    if name is None:
        raise IndexMissingError(root)
    path = root / name
    try:
        catalog = json.loads((path / CATALOG).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise IndexMissingError(root) from error
    return Generation(path=path, catalog=catalog)


def new_generation_dir(root: Path, base: Path | None = None) -> Path:
    """A fresh directory for a generation being written, optionally `base`'s files
    hard-linked into it (see the module docstring)."""
    root.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S")
    path = root / f"{GENERATION_PREFIX}{stamp}-{os.getpid()}-{time.monotonic_ns() % 10**6}"
    if base is not None:
        shutil.copytree(base, path, copy_function=os.link, ignore=_not_linked)
    else:
        path.mkdir()
    return path


def _not_linked(directory: str, names: list[str]) -> list[str]:
    # Whoosh's lock file: a writer of the new generation must not share the old one's.
    return [name for name in names if name.endswith("WRITELOCK")]


def replace_file(path: Path, data: str | bytes) -> None:
    """Write `path` as a new file (a temporary one renamed over it), so a generation that
    shares the old file through a hard link keeps its own content."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    if isinstance(data, str):
        tmp.write_text(data, encoding="utf-8")
    else:
        tmp.write_bytes(data)
    os.replace(tmp, path)


def write_catalog(generation_dir: Path, catalog: dict[str, Any]) -> None:
    replace_file(
        generation_dir / CATALOG, json.dumps(catalog, ensure_ascii=False, indent=1, sort_keys=True)
    )


def switch_to(root: Path, generation_dir: Path) -> None:
    """Make `generation_dir` live in one atomic step, then drop old generations."""
    tmp = root / f"{CURRENT}.{os.getpid()}.tmp"
    tmp.write_text(generation_dir.name + "\n", encoding="utf-8")
    with open(tmp, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(tmp, root / CURRENT)
    prune_generations(root)


def prune_generations(root: Path) -> None:
    """Remove generations older than the kept ones, and unfinished leftovers.

    Call only while holding `writer_lock`: a directory without a catalog is then
    known to be the remains of a killed build, not one being written.
    """
    live = live_generation_name(root)
    candidates = sorted(
        (p for p in root.iterdir() if p.is_dir() and p.name.startswith(GENERATION_PREFIX)),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    previous = [p for p in candidates if p.name != live and (p / CATALOG).exists()]
    keep = {live, *(p.name for p in previous[: KEEP_GENERATIONS - 1])}
    for path in candidates:
        if path.name not in keep:
            shutil.rmtree(path, ignore_errors=True)


@contextmanager
def writer_lock(root: Path) -> Iterator[None]:
    """One writer at a time per index root; a second one waits for the first."""
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".lock", "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
