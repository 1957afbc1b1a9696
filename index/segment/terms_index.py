"""Whoosh's terms index (the segment's ``.trm``, an OrderedHashWriter), a range of terms
at a time.

Whoosh's writer adds a term with three writes and keeps a (hash, position) tuple of
Python ints per term until it closes, some 120 bytes a term: at 20,000 questions the
segment's 470,000 terms held 55 MiB, most of a build's peak while its posting lists
are written. Here a range's records are joined and written at once, and the hashes
and positions are kept as numpy arrays (12 bytes a term); closing writes the same
hash tables Whoosh writes, slot for slot (tests/index/segment/test_terms_index.py).
"""

from __future__ import annotations

from hashlib import md5
from typing import Any

import numpy as np
from whoosh.filedb.filetables import OrderedHashWriter

_POINTER = np.dtype([("hash", ">u4"), ("position", ">i8")])  # filetables._pointer
_LENGTHS = np.dtype([("key", ">i4"), ("value", ">i4")])  # filetables._lengths


def _md5_hash(key: bytes) -> int:
    """filetables.md5_hash (hash type 0): the digest's last four bytes."""
    return int.from_bytes(md5(key, usedforsecurity=False).digest()[12:], "big")


class TermsIndex(OrderedHashWriter):
    """The OrderedHashWriter a field writer opened, taken over: same file, same bytes."""

    def __init__(self, opened: OrderedHashWriter) -> None:
        if opened.hashtype != 0 or any(opened.buckets):
            raise ValueError("alleen een lege terms-index met MD5-hashes kan worden overgenomen")
        self.__dict__.update(opened.__dict__)
        self.buckets = []  # never filled: the hashes are below
        self._hashes: list[np.ndarray] = []
        self._positions: list[np.ndarray] = []

    def add(self, key: bytes, value: bytes) -> None:
        self.add_range([key], [value])

    def add_range(self, keys: list[bytes], values: list[bytes]) -> None:
        """Keys in increasing order (after every key added before), each with its value."""
        if not keys:
            return
        if keys[0] <= self.lastkey:
            raise ValueError(f"Keys must increase: {self.lastkey!r}..{keys[0]!r}")
        heads = np.zeros(len(keys), dtype=_LENGTHS)
        heads["key"] = [len(key) for key in keys]
        heads["value"] = [len(value) for value in values]
        sizes = _LENGTHS.itemsize + heads["key"].astype(np.int64) + heads["value"]
        positions = self.dbfile.tell() + np.cumsum(sizes) - sizes
        raw = heads.tobytes()
        width = _LENGTHS.itemsize
        records = (
            piece
            for i, (key, value) in enumerate(zip(keys, values, strict=True))
            for piece in (raw[i * width : (i + 1) * width], key, value)
        )
        self.dbfile.write(b"".join(records))
        self.index.extend(positions.tolist())
        self._hashes.append(np.fromiter(map(_md5_hash, keys), dtype=np.uint32, count=len(keys)))
        self._positions.append(positions)
        self.lastkey = keys[-1]

    def _write_hashes(self) -> None:
        """256 tables, a key's slot found as Whoosh's `_write_hashes` finds it: from
        ``(hash >> 8) % slots`` on to the first free one, keys in the order added."""
        hashes = np.concatenate([np.zeros(0, np.uint32), *self._hashes]).astype(np.int64)
        positions = np.concatenate([np.zeros(0, np.int64), *self._positions])
        buckets = hashes & 255
        order = np.argsort(buckets, kind="stable")
        bounds = np.searchsorted(buckets[order], np.arange(257))
        for bucket in range(256):
            entries = order[bounds[bucket] : bounds[bucket + 1]]
            table = np.zeros(2 * len(entries), dtype=_POINTER)
            self.directory.append((self.dbfile.tell(), len(table)))
            if len(entries):
                slots = _probe(((hashes[entries] >> 8) % len(table)).tolist(), len(table))
                table["hash"][slots] = hashes[entries]
                table["position"][slots] = positions[entries]
            self.dbfile.write(table.tobytes())
        self._hashes, self._positions = [], []


def _probe(wanted: list[int], size: int) -> list[int]:
    """Linear probing, in order: each entry's slot, the first free one from the wanted."""
    taken = bytearray(size)
    slots = []
    for slot in wanted:
        while taken[slot]:
            slot = (slot + 1) % size
        taken[slot] = 1
        slots.append(slot)
    return slots


def take_over(fieldwriter: Any) -> TermsIndex:
    """The field writer's terms index, replaced by one that adds ranges of terms."""
    terms_index = TermsIndex(fieldwriter._tindex)
    fieldwriter._tindex = terms_index
    return terms_index
