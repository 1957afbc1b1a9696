"""Where the index lives on disk, how a new generation is switched in atomically, and
which generation a reader or a writer may trust.

Layout of the index root (default `instance/index`):

    CURRENT                 name of the live generation, replaced with os.replace
    gen-<time>-<pid>/       a Whoosh index, its search arrays, catalog.json, and, written
                            last, COMPLETE: every file's size and when it was completed

A build or update writes a new generation directory beside the live one, syncs every
file of it to disk, writes COMPLETE (synced too) and only then rewrites CURRENT. A
directory without COMPLETE is never read and never kept: it is what a failed or killed
ingest left (an update's copy holds a catalog from its first moment, so a catalog
proves nothing). COMPLETE's sizes let a reader refuse a generation whose files were
truncated or deleted since, before Whoosh or a memory map reads past their end.

A reader takes the generation CURRENT names when it is intact, else the newest intact
one, and says why (`Generation.instead_of`); the clean-up never deletes the live
generation nor the newest intact one.

An update starts from the live generation with every file hard-linked, not copied:
files of a generation are written once and never changed in place (Whoosh writes a
new table of contents beside the old one; our own files are replaced with
`replace_file`), so the copy costs a directory entry per file, not the index's bytes.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CURRENT = "CURRENT"
CATALOG = "catalog.json"
COMPLETE = "COMPLETE"
GENERATION_PREFIX = "gen-"
LOCK = ".lock"
# Generations kept after a switch: the live one and the one before it, which a
# reader that has not yet refreshed may still have open.
KEEP_GENERATIONS = 2
# What a failing write means for the user, by errno (IndexWriteError).
_NOT_WRITABLE = {errno.EROFS, errno.EACCES, errno.EPERM}
_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


class IndexMissingError(Exception):
    """There is no complete index at the given root."""

    def __init__(self, root: Path) -> None:
        super().__init__(f"Geen index gevonden in {root}. Bouw hem eerst met: vraagbaak ingest")
        self.root = root


class IndexDamagedError(IndexMissingError):
    """The root holds generations, but none that can be read: each one's problem is named."""

    def __init__(self, root: Path, problems: list[str], live: Path | None) -> None:
        Exception.__init__(
            self,
            f"De index in {root} is beschadigd en heeft geen intacte generatie meer: "
            f"{'; '.join(problems)}. Bouw hem opnieuw uit de bronbestanden met: "
            "vraagbaak ingest --rebuild PAD ... (details: vraagbaak check)",
        )
        self.root = root
        self.problems = problems
        self.live = live


class IndexWriteError(Exception):
    """Writing a generation failed for a reason the user can act on (a full disk, a
    read-only folder); the previous generation is still the live one."""

    def __init__(self, root: Path, error: OSError) -> None:
        where = error.filename or root
        reason = error.strerror or str(error)
        if error.errno in _NOT_WRITABLE:
            problem = f"de indexmap {root} is niet schrijfbaar ({where}: {reason})"
        elif error.errno in _FULL or error.errno is None:
            problem = f"de schijf van de indexmap {root} is vol ({where}: {reason})"
        else:
            problem = f"schrijven in de indexmap {root} mislukte ({where}: {reason})"
        super().__init__(
            f"{problem}; er is niets veranderd, de index blijft doorzoekbaar zoals hij was"
        )
        self.root = root


# Below this much free space, a write that failed without an errno (numpy's tofile says
# only "N requested and 0 written") failed because the disk is full.
_NEARLY_FULL = 1 << 20


def write_failure(root: Path, error: BaseException) -> IndexWriteError | None:
    """The IndexWriteError that explains `error` to the user, if it is one: a read-only
    or full disk. Ask before removing what failed: that frees the space again."""
    if not isinstance(error, OSError):
        return None
    if error.errno in _NOT_WRITABLE | _FULL:
        return IndexWriteError(root, error)
    if error.errno is None:
        try:
            stats = os.statvfs(root)
        except OSError:
            return None
        if stats.f_bavail * stats.f_frsize < _NEARLY_FULL:
            return IndexWriteError(root, error)
    return None


@dataclass(frozen=True)
class Generation:
    path: Path
    catalog: dict[str, Any]
    # Why the generation CURRENT names (and any better one) was passed over, in Dutch;
    # empty when this is the live generation.
    instead_of: tuple[str, ...] = ()
    completed: float = 0.0  # seconds since the epoch, from COMPLETE

    @property
    def is_fallback(self) -> bool:
        return bool(self.instead_of)


def read_current(root: Path) -> str | None:
    """The name CURRENT holds, whether or not such a generation exists."""
    try:
        name = (root / CURRENT).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return name or None


def live_generation_name(root: Path) -> str | None:
    name = read_current(root)
    return name if name and (root / name).is_dir() else None


def generation_dirs(root: Path) -> list[Path]:
    try:
        entries = list(root.iterdir())
    except OSError:
        return []
    return [p for p in entries if p.name.startswith(GENERATION_PREFIX) and p.is_dir()]


def has_index(root: Path) -> bool:
    """Whether `root` holds an index at all, intact or not (CURRENT or a generation)."""
    return (root / CURRENT).exists() or bool(generation_dirs(root))


def _marker(path: Path) -> dict[str, Any] | None:
    try:
        marker = json.loads((path / COMPLETE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    files = marker.get("files") if isinstance(marker, dict) else None
    if not isinstance(files, dict) or not isinstance(marker.get("completed"), (int, float)):
        return None
    return marker


def damage(path: Path) -> str | None:
    """Why the generation at `path` cannot be trusted, in Dutch; None when it is intact
    (complete, and every file it was completed with still there at its size)."""
    if not (path / COMPLETE).exists():
        return f"{path.name} is nooit afgemaakt (geen {COMPLETE})"
    marker = _marker(path)
    if marker is None:
        return f"{path.name}/{COMPLETE} is onleesbaar"
    for name, size in marker["files"].items():
        try:
            actual = (path / name).stat().st_size
        except FileNotFoundError:
            return f"{path.name}/{name} ontbreekt"
        except OSError as error:
            return f"{path.name}/{name} is onleesbaar ({error.strerror})"
        if actual != size:
            return f"{path.name}/{name} is {actual} bytes, hoort {size} te zijn"
    return None


def completed_at(path: Path) -> float:
    marker = _marker(path)
    return float(marker["completed"]) if marker else 0.0


def _live_problem(root: Path, name: str | None) -> str | None:
    if name is None:
        return f"{root / CURRENT} ontbreekt of is leeg"
    if not (root / name).is_dir():
        return f"{CURRENT} noemt {name}, maar die generatie bestaat niet"
    return damage(root / name)


def open_generation(root: Path, rejected: Mapping[str, str] | None = None) -> Generation:
    """The generation to read: the live one when intact, else the newest intact one, its
    `instead_of` saying why; never one named in `rejected` (name: why the caller could not
    open it). IndexMissingError when there is no index at all, IndexDamagedError when
    there are generations but none left to read."""
    rejected = rejected or {}
    name = read_current(root)
    problems: list[str] = []
    problem = _live_problem(root, name)
    if problem is None and name in rejected:
        problem = rejected[name]
    if problem is None and name is not None:
        generation = _with_catalog(root / name, ())
        if isinstance(generation, Generation):
            return generation
        problem = generation
    if problem is not None:
        problems.append(problem)
    others = sorted(
        (p for p in generation_dirs(root) if p.name != name and (p / COMPLETE).exists()),
        key=completed_at,
        reverse=True,
    )
    for path in others:
        problem = rejected.get(path.name) or damage(path)
        if problem is None:
            generation = _with_catalog(path, tuple(problems))
            if isinstance(generation, Generation):
                return generation
            problem = generation
        problems.append(problem)
    if name is None and not others:
        # Only unfinished generations, if any: a first build still writing, or killed.
        raise IndexMissingError(root)
    live = root / name if name is not None and (root / name).is_dir() else None
    raise IndexDamagedError(root, problems, live)


def _with_catalog(path: Path, instead_of: tuple[str, ...]) -> Generation | str:
    """The generation with its catalog read, or why the catalog cannot be read."""
    try:
        catalog = json.loads((path / CATALOG).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return f"{path.name}/{CATALOG} is onleesbaar"
    if not isinstance(catalog, dict) or not isinstance(catalog.get("documents"), dict):
        return f"{path.name}/{CATALOG} heeft geen lijst van documenten"
    return Generation(path, catalog, instead_of, completed_at(path))


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
    # COMPLETE belongs to the generation it completed; the copy is not complete yet.
    return [name for name in names if name.endswith("WRITELOCK") or name == COMPLETE]


def replace_file(path: Path, data: str | bytes | Iterable[str], sync: bool = False) -> None:
    """Write `path` as a new file (a temporary one renamed over it), so a generation that
    shares the old file through a hard link keeps its own content. `data` may come in
    pieces of text, so a large file is never one string in memory."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    pieces = [data] if isinstance(data, str | bytes) else data
    with open(tmp, "wb") as handle:
        for piece in pieces:
            handle.write(piece.encode("utf-8") if isinstance(piece, str) else piece)
        if sync:
            handle.flush()
            os.fsync(handle.fileno())
    os.replace(tmp, path)


def write_catalog(generation_dir: Path, catalog: dict[str, Any]) -> None:
    # Not indented: an indent takes json's Python encoder instead of its C one, twice the
    # time of an update's catalog (0.11 against 0.06 s at 20,000 questions).
    text = json.dumps(catalog, ensure_ascii=False, sort_keys=True)
    replace_file(generation_dir / CATALOG, text)


def mark_complete(generation_dir: Path) -> None:
    """Sync the generation's files to disk, then write COMPLETE with their sizes: last,
    so that a generation with COMPLETE is whole even after a power cut.

    A file with more than one link is shared with the generation it was linked from,
    which was synced when it was completed: only the new files cost an fsync (an update's
    few, not the index's hundreds)."""
    sizes: dict[str, int] = {}
    for directory, _, names in os.walk(generation_dir):
        for name in names:
            path = Path(directory, name)
            if name.endswith(("WRITELOCK", ".tmp")) or path == generation_dir / COMPLETE:
                continue
            stat = path.stat()
            if stat.st_nlink == 1:
                with open(path, "rb") as handle:
                    os.fsync(handle.fileno())
            sizes[str(path.relative_to(generation_dir))] = stat.st_size
        _sync_directory(Path(directory))
    marker = {"completed": time.time(), "files": dict(sorted(sizes.items()))}
    replace_file(generation_dir / COMPLETE, json.dumps(marker, ensure_ascii=False), sync=True)
    _sync_directory(generation_dir)


def _sync_directory(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def switch_to(root: Path, generation_dir: Path) -> None:
    """Make the complete `generation_dir` live in one atomic step, then drop old ones."""
    replace_file(root / CURRENT, generation_dir.name + "\n", sync=True)
    _sync_directory(root)
    prune_generations(root)


def prune_generations(root: Path) -> None:
    """Remove unfinished generations and those older than the kept ones.

    Kept: the live generation, the newest intact one, and the newest intact others up to
    KEEP_GENERATIONS in all. Call only while holding `writer_lock`: a directory without
    COMPLETE is then known to be the remains of a failed build, not one being written.
    """
    live = read_current(root)
    intact = sorted(
        (p for p in generation_dirs(root) if damage(p) is None), key=completed_at, reverse=True
    )
    kept = [live] if live in {p.name for p in intact} else []
    for path in intact:
        if len(kept) < KEEP_GENERATIONS and path.name not in kept:
            kept.append(path.name)
    keep = {live, *kept}  # the live one even when damaged: nothing newer replaced it yet
    for path in generation_dirs(root):
        if path.name not in keep:
            remove_generation(path)


def remove_generation(path: Path) -> None:
    """Delete an unfinished or superseded generation; what cannot be deleted now (a full
    or failing disk) is left for the next clean-up, which no reader ever takes for a
    generation: COMPLETE goes first."""
    with suppress(OSError):
        (path / COMPLETE).unlink(missing_ok=True)
    shutil.rmtree(path, ignore_errors=True)


@contextmanager
def writer_lock(root: Path) -> Iterator[None]:
    """One writer at a time per index root; a second one waits for the first.
    IndexWriteError when the root cannot be written at all (read-only, no permission)."""
    try:
        root.mkdir(parents=True, exist_ok=True)
        handle = open(root / LOCK, "a+b")  # noqa: SIM115 - held across the yield
    except OSError as error:
        failure = write_failure(root, error)
        if failure is not None:
            raise failure from error
        raise
    with handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
