"""Limits against hostile or broken files, in one place.

A file over a limit is reported by name and skipped; nothing already indexed changes.
The limits are a value handed down from the caller (`parse_file(path, limits)`), not a
setting kept here: tests and worker processes pass their own, and nothing has to be
set and restored around a call.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from ingest.records import IngestError

MIB = 1 << 20


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 50 * MIB  # no real letter or publication comes near this
    # A .docx is a zip: the sum of its members once inflated, declared and actual.
    max_unpacked_bytes: int = 200 * MIB
    # Inflated size per compressed byte; real Word files stay far below 100.
    max_compression_ratio: int = 200
    # Everything pdfminer inflates of one PDF (page contents, fonts, object and xref
    # streams), which it holds in memory whole. The ten real Aanhangsel PDFs inflate to
    # 4-35 KB each; the limit leaves room for long reports and stops a bomb (1.1 MB that
    # inflates to 1 GiB) after 64 MiB. Parsing is slower than inflating: 8 MiB of dense
    # page content already runs into `seconds_per_file`, at 90-180 MiB.
    max_pdf_inflated_bytes: int = 64 * MIB
    # Arrays and dictionaries inside each other, in objects and in what pdfminer parses
    # of streams; real PDFs nest 2 deep. pdfminer keeps about 200 bytes per open level
    # (a 1 MB run of "[" cost 207 MiB and 7 s).
    max_pdf_depth: int = 100
    seconds_per_file: float = 60.0


DEFAULT_LIMITS = Limits()


def check_size(source: str, size: int, limits: Limits) -> None:
    if size > limits.max_file_bytes:
        reason = f"bestand te groot ({size} bytes; maximum {limits.max_file_bytes})"
        raise IngestError(source, reason)


class _Timeout(BaseException):
    """BaseException so that no `except Exception` in a parser can swallow the timeout."""


@contextmanager
def time_limit(source: str, seconds: float) -> Iterator[None]:
    """Abort the work on one file after `seconds`; IngestError names the file.

    SIGALRM works only in the main thread of a Unix process (a parsing worker of
    `--procs` runs its files in its own main thread, so it has the limit too);
    elsewhere the block runs without a limit rather than failing.
    """
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
