"""A field's lexicon in one part, as three arrays: looked up without a list of strings.

`termbytes` holds every term's UTF-8 bytes end to end in the lexicon's order (Whoosh's:
by UTF-8 bytes, which is code point order), `termoffsets` per term one more where its
bytes start, `prefixes` per term its first `PREFIX_BYTES` bytes (zero-padded) read as a
big-endian number. A term's prefix is never above a later term's, so the terms before a
key are those whose prefix is below the key's, plus the few sharing its prefix that are
below it: a bisection of the prefixes (numbers, compared in C) and a comparison of whole
bytes in that short run.

The arrays are memory-mapped like the postings: opening a part parses nothing (the JSON
list of a 100,000-question index's million terms was parsed by every worker and kept as
Python strings), and a site's workers share the pages.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from itertools import islice

import numpy as np

from index.arrays.format import ArrayFiles
from index.ranges import concatenated_ranges

PREFIX_BYTES = 8
_PREFIX = np.dtype(">u8")
SAMPLED = 64
RUN_DECODED = 16
CHUNK = 1 << 16  # terms encoded (or prefixes computed) at a time: bounded temporaries


@dataclass(frozen=True)
class Lexicon:
    """Term ``i`` is ``data[offsets[i]:offsets[i+1]]``; rows are lexicon positions."""

    data: np.ndarray  # uint8
    offsets: np.ndarray  # int32, one more than there are terms
    prefixes: np.ndarray  # uint64

    @classmethod
    def of(cls, terms: list[str]) -> Lexicon:
        """The lexicon of `terms` (sorted, distinct) in memory."""
        data, offsets = _joined([term.encode("utf-8") for term in terms])
        return cls(data, offsets, prefixes_of(data, offsets))

    def __len__(self) -> int:
        return len(self.prefixes)

    # The arrays as memoryviews for one term's lookup: bisect indexes one in C, each step
    # a Python int, where a numpy call on a scalar costs about a microsecond.
    @cached_property
    def _data(self) -> memoryview:
        return _view(self.data, "B")

    @cached_property
    def _offsets(self) -> memoryview:
        return _view(self.offsets, "i" if self.offsets.dtype.itemsize == 4 else "q")

    @cached_property
    def _prefixes(self) -> memoryview:
        return _view(self.prefixes, "Q")

    def term_bytes(self, row: int) -> bytes:
        data, offsets = self._data, self._offsets
        return data[offsets[row] : offsets[row + 1]].tobytes()

    @cached_property
    def _sampled(self) -> list[int]:
        """Every `SAMPLED`-th prefix in a list: a bisection of it narrows a lookup to one
        block of the mapped prefixes at the cost of list indexing (0.6 MB a million terms)."""
        return self.prefixes[::SAMPLED].tolist()

    def _at_least(self, key: bytes) -> tuple[int, bytes | None]:
        """The first row whose term is not below `key` (bisect_left in bytes order), and
        that term (None past the end). The hot path of every term's lookup: in one
        function, since each Python call costs what a few bisection steps do."""
        prefix = int.from_bytes(key[:PREFIX_BYTES].ljust(PREFIX_BYTES, b"\0"))
        prefixes = self._prefixes
        block = bisect_left(self._sampled, prefix)
        low = max(0, (block - 1) * SAMPLED)
        low = bisect_left(prefixes, prefix, low, min(len(prefixes), block * SAMPLED))
        return self._in_run(key, prefix, low)

    def _in_run(self, key: bytes, prefix: int, low: int) -> tuple[int, bytes | None]:
        """As `_at_least`, from `low`, the first row whose prefix is not below the key's
        `prefix`: the answer, unless the key is above the terms there that share it."""
        if low == len(self._prefixes):
            return low, None
        data, offsets = self._data, self._offsets
        term = data[offsets[low] : offsets[low + 1]].tobytes()
        if term >= key:  # also whenever the prefix there is above the key's
            return low, term
        at = bisect_left(range(low + 1, self._run_end(prefix, low)), key, key=self.term_bytes)
        at += low + 1
        return at, self.term_bytes(at) if at < len(self._prefixes) else None

    def _run_end(self, prefix: int, low: int) -> int:
        """The first row after `low` (whose prefix is `prefix`) with a higher prefix,
        galloping: most runs of a shared prefix are a few terms long."""
        prefixes, step = self._prefixes, 1
        while low + step < len(prefixes) and prefixes[low + step] == prefix:
            step *= 2
        return bisect_left(
            prefixes, prefix + 1, low + step // 2 + 1, min(len(prefixes), low + step)
        )

    def first_at_least(self, key: bytes) -> int:
        """The first row whose term is not below `key` (bisect_left in bytes order)."""
        return self._at_least(key)[0]

    def find(self, key: bytes) -> int | None:
        """The row of the term whose UTF-8 bytes are `key`; None when there is none."""
        at, term = self._at_least(key)
        return at if term == key else None

    def row(self, term: str) -> int | None:
        return self.find(term.encode("utf-8"))

    def rows(self, terms: list[str]) -> np.ndarray:
        """Each term's row, -1 for one the lexicon lacks, in a few numpy steps for all:
        their prefixes searched at once, then every term sharing a key's prefix compared
        with it (by length, then by the bytes after the prefix). The question page asks
        for ~400 terms a page."""
        keys = [term.encode("utf-8") for term in terms]
        found = np.full(len(keys), -1, dtype=np.int64)
        if not len(self) or not keys:
            return found
        data, bounds = _joined(keys)
        wanted = prefixes_of(data, bounds)
        lows = np.searchsorted(self.prefixes, wanted)
        widths = np.searchsorted(self.prefixes, wanted, side="right") - lows
        key_of = np.repeat(np.arange(len(keys)), widths)
        candidates = concatenated_ranges(lows, widths)
        same = self._equal(candidates, data, bounds[key_of], bounds[key_of + 1])
        found[key_of[same]] = candidates[same]
        return found

    def _equal(
        self, rows: np.ndarray, data: np.ndarray, starts: np.ndarray, stops: np.ndarray
    ) -> np.ndarray:
        """Whether the term at each of `rows`, which has the prefix of the key
        ``data[starts:stops]``, is that key: of its length, and (when longer than the
        prefix) of its bytes after the prefix."""
        term_starts = np.asarray(self.offsets[rows], dtype=np.int64) + PREFIX_BYTES
        rest = stops - starts - PREFIX_BYTES
        same = np.asarray(self.offsets[rows + 1], dtype=np.int64) - term_starts == rest
        longer = np.flatnonzero(same & (rest > 0))
        if len(longer):
            counts = rest[longer]
            mine = np.asarray(self.data)[concatenated_ranges(term_starts[longer], counts)]
            theirs = data[concatenated_ranges(starts[longer] + PREFIX_BYTES, counts)]
            firsts = np.cumsum(counts) - counts
            same[longer] = ~np.logical_or.reduceat(mine != theirs, firsts)
        return same

    def prefix_rows(self, prefix: str) -> tuple[int, int]:
        """The rows ``start:stop`` of the terms that start with `prefix`: one run of the
        sorted lexicon, up to the least key above them (UTF-8 never has a 0xFF byte)."""
        if not prefix:
            return 0, len(self)
        key = prefix.encode("utf-8")
        after = key[:-1] + bytes([key[-1] + 1])
        return self.first_at_least(key), self.first_at_least(after)

    def terms(self, start: int = 0, stop: int | None = None) -> list[str]:
        """The terms of rows ``start:stop``, decoded in one piece: a term's characters
        start where its bytes do, less the continuation bytes (10xxxxxx) before them."""
        stop = len(self) if stop is None else stop
        if stop <= start:
            return []
        bounds = np.asarray(self.offsets[start : stop + 1], dtype=np.int64)
        raw = self.data[bounds[0] : bounds[-1]]
        text = raw.tobytes().decode("utf-8")
        at = bounds - bounds[0]
        if len(text) != len(raw):
            continuation = np.concatenate([[0], np.cumsum((raw & 0xC0) == 0x80)])
            at = at - continuation[at]
        chars = at.tolist()
        return [text[a:b] for a, b in zip(chars, chars[1:], strict=False)]

    def terms_at(self, rows: np.ndarray) -> list[str]:
        """The terms of `rows` (ascending): a long run of them decoded in one piece, a
        few one by one (the numpy steps of a piece cost what ~`RUN_DECODED` rows do)."""
        if len(rows) >= RUN_DECODED and int(rows[-1]) - int(rows[0]) == len(rows) - 1:
            return self.terms(int(rows[0]), int(rows[-1]) + 1)
        return [self.term_bytes(row).decode("utf-8") for row in rows.tolist()]


def _view(values: np.ndarray, code: str) -> memoryview:
    return memoryview(np.ascontiguousarray(values)).cast("B").cast(code)


def prefixes_of(data: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Each term's first `PREFIX_BYTES` bytes, zero-padded, as a big-endian number."""
    found = np.empty(len(offsets) - 1, dtype=np.uint64)
    padded = np.concatenate([data, np.zeros(PREFIX_BYTES, dtype=np.uint8)])
    within = np.arange(PREFIX_BYTES)
    for low in range(0, len(found), CHUNK):
        bounds = np.asarray(offsets[low : low + CHUNK + 1], dtype=np.int64)
        starts, lengths = bounds[:-1], np.diff(bounds)
        first = padded[starts[:, None] + within]
        first[within >= lengths[:, None]] = 0
        found[low : low + len(starts)] = first.view(_PREFIX).ravel()
    return found


def write_terms(out: ArrayFiles, terms: Iterable[str]) -> None:
    """The lexicon's three arrays of `terms` (sorted, distinct), a chunk at a time."""
    out.add("termoffsets", np.zeros(1, dtype=np.int64))
    out.add("termbytes", np.zeros(0, dtype=np.uint8))
    out.add("prefixes", np.zeros(0, dtype=np.uint64))
    written, pending = 0, iter(terms)
    while chunk := list(islice(pending, CHUNK)):
        data, offsets = _joined([term.encode("utf-8") for term in chunk])
        out.add("termbytes", data)
        out.add("termoffsets", written + offsets[1:])
        out.add("prefixes", prefixes_of(data, offsets))
        written += int(offsets[-1])


def _joined(keys: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
    """The keys end to end, and where each starts (one more)."""
    lengths = np.fromiter(map(len, keys), np.int64, len(keys))
    offsets = np.concatenate([[0], np.cumsum(lengths)])
    return np.frombuffer(b"".join(keys), dtype=np.uint8), offsets
