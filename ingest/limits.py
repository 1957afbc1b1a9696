"""Limits against hostile or broken files, in one place.

A file over a limit is reported by name and skipped; nothing already indexed changes.
Tests lower the limits with `override(...)` instead of building huge files.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace

from ingest.records import IngestError


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 50 * 1024 * 1024  # no real letter or publication comes near this
    # A .docx is a zip: the sum of its members once inflated, declared and actual.
    max_unpacked_bytes: int = 200 * 1024 * 1024
    # Inflated size per compressed byte; real Word files stay far below 100.
    max_compression_ratio: int = 200
    seconds_per_file: float = 60.0


_current = Limits()


def current() -> Limits:
    return _current


@contextmanager
def override(**changes: float) -> Iterator[Limits]:
    """Other limits for the duration of a block (tests)."""
    global _current
    previous = _current
    _current = replace(previous, **changes)
    try:
        yield _current
    finally:
        _current = previous


def check_size(source: str, size: int) -> None:
    limit = current().max_file_bytes
    if size > limit:
        raise IngestError(source, f"bestand te groot ({size} bytes; maximum {limit})")


class _Timeout(BaseException):
    """BaseException so that no `except Exception` in a parser can swallow the timeout."""


@contextmanager
def time_limit(source: str) -> Iterator[None]:
    """Abort the work on one file after `seconds_per_file`; IngestError names the file.

    SIGALRM works only in the main thread of a Unix process; elsewhere the block runs
    without a limit rather than failing.
    """
    seconds = current().seconds_per_file
    usable = (
        seconds > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise _Timeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _Timeout as error:
        raise IngestError(
            source, f"verwerking duurde langer dan {seconds:g} s; overgeslagen"
        ) from error
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
