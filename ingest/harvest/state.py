"""What a harvest remembers between runs, written so that a kill at any moment loses nothing.

Two kinds of state, each a JSON file written atomically (temporary file, fsync, rename):

- per publication, `<id>/.harvest.json`: the record version the folder holds and which of
  its items are complete for that version. It is written before the first download of a
  new version and after each completed item, so a harvest killed and started again knows
  which files on disk belong to the version it is fetching, and fetches only the rest.
- per archive, `.harvest-state.json`: the date of the last completed harvest of each
  scope (the default --since) and the publications that failed, to be asked for again
  by id even when the next query no longer returns them.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ingest.harvest.archive import LOCK_FILE, PUBLICATION_STATE, STATE_FILE

FORMAT = 1


class HarvestBusy(Exception):
    """Another harvest holds the archive."""


@dataclass
class PublicationState:
    modified: str  # the record version the folder is (being) filled with
    files: dict[str, int] = field(default_factory=dict)  # name -> size, complete for it
    complete: bool = False


@dataclass
class HarvestState:
    last_success: dict[str, str] = field(default_factory=dict)  # scope key -> ISO date
    failed: dict[str, str] = field(default_factory=dict)  # identifier -> the last reason


def write_json_atomically(path: Path, data: Any) -> None:
    """`data` as `path`: a reader sees the old file or the new one, never a torn one."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(temporary, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, indent=1, sort_keys=True)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    descriptor = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _read_json(path: Path) -> Any:
    """The parsed file; None when it is missing; ValueError when it is not JSON."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"{path}: onleesbaar ({error})") from error


def read_publication(folder: Path) -> PublicationState | None:
    """The folder's version; None when it has none (or an unreadable one: fetch again)."""
    try:
        data = _read_json(folder / PUBLICATION_STATE)
        if data is None:
            return None
        return PublicationState(
            modified=str(data["modified"]),
            files={str(k): int(v) for k, v in data["files"].items()},
            complete=bool(data["complete"]),
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def write_publication(folder: Path, state: PublicationState) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    data = {"modified": state.modified, "files": state.files, "complete": state.complete}
    write_json_atomically(folder / PUBLICATION_STATE, data)


def has_complete_files(folder: Path, state: PublicationState, names: set[str]) -> bool:
    """Every file in `names` is recorded for the state's version and on disk at its size."""
    return all(
        name in state.files
        and (folder / name).is_file()
        and (folder / name).stat().st_size == state.files[name]
        for name in names
    )


def load_state(archive: Path) -> tuple[HarvestState, str | None]:
    """The archive's state and, when it could not be read, why (a fresh state is used:
    the publications' own state files still say what is complete)."""
    path = archive / STATE_FILE
    try:
        data = _read_json(path)
        if data is None:
            return HarvestState(), None
        return HarvestState(
            last_success={
                str(k): date.fromisoformat(v).isoformat() for k, v in data["last_success"].items()
            },
            failed={str(k): str(v) for k, v in data["failed"].items()},
        ), None
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        return HarvestState(), f"{path}: onleesbare toestand, opnieuw begonnen ({error})"


def save_state(archive: Path, state: HarvestState) -> None:
    data = {"format": FORMAT, "last_success": state.last_success, "failed": state.failed}
    write_json_atomically(archive / STATE_FILE, data)


@contextmanager
def harvest_lock(archive: Path) -> Iterator[None]:
    """One harvest per archive at a time (a daily timer may overlap a long first run).
    The lock dies with its process, so a killed harvest never blocks the next one."""
    archive.mkdir(parents=True, exist_ok=True)
    with open(archive / LOCK_FILE, "a+b") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise HarvestBusy(f"er loopt al een harvest in {archive}") from None
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
