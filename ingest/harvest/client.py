"""Polite HTTP: one request at a time, `delay` seconds apart, retried with bounded backoff.

The delay runs from the end of one request to the start of the next, so the server never
sees two requests closer together than `delay`, whatever the network does in between.
Timeouts, dropped connections, 429 and 5xx are retried (waiting as long as Retry-After
asks, in seconds or as an HTTP date, or an exponentially growing pause); anything else is
a FetchError naming the URL and the reason. A download is written to a temporary file in
the target's folder and renamed only when it is complete: as long as Content-Length, if
given, and accepted by the caller's check.
"""

from __future__ import annotations

import email.utils
import http.client
import io
import os
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

CHUNK = 64 * 1024
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class FetchError(Exception):
    """A URL that could not be fetched; the message names the URL and the reason."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


class _Retry(Exception):
    """A failure worth another attempt, after `wait` seconds (None: the backoff's)."""

    def __init__(self, reason: str, wait: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.wait = wait


@dataclass(frozen=True)
class Politeness:
    delay: float = 1.0  # seconds between the end of a request and the start of the next
    timeout: float = 30.0  # seconds a connection may stay silent
    attempts: int = 4  # per URL, the first one included
    backoff: float = 2.0  # pause before the second attempt; doubled for each further one
    max_backoff: float = 60.0
    max_retry_after: float = 600.0  # a server asking for a longer pause is not retried


def retry_after_seconds(value: str | None, now: float) -> float | None:
    """Retry-After as seconds from `now` (a Unix time): "120" or an HTTP date."""
    if not value or not value.strip():
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:  # an HTTP date is GMT, whether it says so or not
        return None
    return max(0.0, moment.timestamp() - now)


def _reason(error: BaseException) -> str:
    if isinstance(error, urllib.error.URLError) and not isinstance(error, urllib.error.HTTPError):
        error = error.reason if isinstance(error.reason, BaseException) else error
    if isinstance(error, TimeoutError | socket.timeout):
        return "time-out"
    if isinstance(error, http.client.IncompleteRead):
        return "verbinding verbroken tijdens het downloaden"
    if isinstance(error, ConnectionError | http.client.HTTPException):
        return f"verbinding verbroken ({type(error).__name__})"
    return f"verbindingsfout ({error})"


class Client:
    """Fetches URLs one at a time for one harvest; see the module docstring."""

    def __init__(
        self,
        user_agent: str,
        politeness: Politeness | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        self.user_agent = user_agent
        self.politeness = politeness or Politeness()
        self._sleep = sleep
        self._clock = clock
        self._wall_clock = wall_clock
        self._not_before = 0.0  # on `clock`: when the next request may start

    def get(self, url: str, max_bytes: int) -> bytes:
        """The body of `url`, at most `max_bytes` long."""
        return self._fetch(url, lambda response: _read_all(response, url, max_bytes))

    def download(
        self, url: str, target: Path, max_bytes: int, check: Callable[[Path], None]
    ) -> int:
        """`url` into `target`, atomically; returns its size. `check(path)` may raise
        FetchError for content that is not what was asked for (an HTML error page)."""
        partial = target.with_name(f".{target.name}.part")

        def store(response: http.client.HTTPResponse) -> int:
            try:
                handle = open(partial, "wb")  # noqa: SIM115 - closed below, errors told apart
            except OSError as error:
                raise FetchError(url, f"kan {partial} niet schrijven ({error})") from error
            with handle:
                size = _copy(response, handle, url, max_bytes)
                handle.flush()
                os.fsync(handle.fileno())
            return size

        try:
            size = self._fetch(url, store)
            check(partial)
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
        _fsync_folder(target.parent)
        return size

    def _fetch(self, url: str, consume: Callable[[http.client.HTTPResponse], object]) -> object:
        scheme = urlsplit(url).scheme.lower()
        if scheme not in ("http", "https"):
            raise FetchError(url, f"geen http(s)-adres (schema {scheme or 'ontbreekt'!r})")
        rules = self.politeness
        pause = rules.backoff
        for attempt in range(1, rules.attempts + 1):
            self._wait_turn()
            try:
                return self._attempt(url, consume)
            except _Retry as retry:
                if attempt == rules.attempts:
                    raise FetchError(url, f"{retry.reason}; {attempt} pogingen") from None
                wait = retry.wait if retry.wait is not None else pause
                if wait > rules.max_retry_after:
                    asked = f"de server vraagt {wait:.0f} s te wachten"
                    raise FetchError(url, f"{retry.reason}; {asked}") from None
                pause = min(pause * 2, rules.max_backoff)
                self._not_before = max(self._not_before, self._clock() + wait)
        raise AssertionError("unreachable: the last attempt raises")

    def _wait_turn(self) -> None:
        remaining = self._not_before - self._clock()
        if remaining > 0:
            self._sleep(remaining)

    def _attempt(self, url: str, consume: Callable[[http.client.HTTPResponse], object]) -> object:
        request = urllib.request.Request(url, headers={"User-Agent": self.user_agent})
        try:
            with urllib.request.urlopen(request, timeout=self.politeness.timeout) as response:
                return consume(response)
        except urllib.error.HTTPError as error:
            error.close()
            status = f"HTTP {error.code} {error.reason}".strip()
            if error.code in RETRY_STATUSES:
                after = retry_after_seconds(error.headers.get("Retry-After"), self._wall_clock())
                raise _Retry(status, after) from None
            raise FetchError(url, status) from None
        except (urllib.error.URLError, OSError, http.client.HTTPException) as error:
            raise _Retry(_reason(error)) from None
        finally:
            self._not_before = self._clock() + self.politeness.delay


def _expected_length(response: http.client.HTTPResponse) -> int | None:
    value = response.headers.get("Content-Length")
    return int(value) if value and value.strip().isdigit() else None


def _copy(response: http.client.HTTPResponse, handle: BinaryIO, url: str, max_bytes: int) -> int:
    """The body into `handle`; _Retry when it ends before its Content-Length."""
    expected = _expected_length(response)
    if expected is not None and expected > max_bytes:
        raise FetchError(url, f"te groot ({expected} bytes; maximum {max_bytes})")
    size = 0
    while chunk := response.read(CHUNK):
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(url, f"te groot (meer dan {max_bytes} bytes)")
        try:
            handle.write(chunk)
        except OSError as error:  # the disk, not the connection: no use trying again
            raise FetchError(url, f"kan niet schrijven ({error})") from error
    if expected is not None and size != expected:
        raise _Retry(f"verbinding verbroken na {size} van {expected} bytes")
    return size


def _read_all(response: http.client.HTTPResponse, url: str, max_bytes: int) -> bytes:
    buffer = io.BytesIO()
    _copy(response, buffer, url, max_bytes)
    return buffer.getvalue()


def _fsync_folder(folder: Path) -> None:
    """The rename itself survives a power cut only once the folder is synced."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
