"""Field lengths: Whoosh's one-byte encoding as arrays, and read from memory while
Whoosh's own writer writes a segment (an update; a build uses index.segment.bulk).

When Whoosh flushes a segment it asks, for every posting, the document's field
length (for the block statistics BM25 uses). Its per-document reader answers
from the lengths column on disk, a seek and a read per posting, and for fields
without lengths (ID, KEYWORD) a file-exists check per posting: measured, 40 % of
the commit (5.9 of 14.7 s for 4,666 records under the profiler). Here each
column is read into memory once per reader. The values are the same, Whoosh's
quirk included (None for a length byte of 0); tests/index/test_lengths.py checks
them against the original method for every document and field.

The method is swapped only inside `lengths_in_memory()`, around an update.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np
from whoosh.codec import whoosh3
from whoosh.util.numeric import byte_to_length

_MISSING = object()
_LENGTH_OF_BYTE = [byte_to_length(b) for b in range(256)]
# The length each byte stands for, 0 for byte 0 (no length), as an array.
LENGTH_OF_BYTE = np.array([length or 0 for length in _LENGTH_OF_BYTE], dtype=np.float64)


def lengths_as_bytes(lengths: np.ndarray) -> np.ndarray:
    """Whoosh's one-byte field lengths (``length_to_byte``) for an array of lengths."""
    as_bytes = np.searchsorted(LENGTH_OF_BYTE, lengths, side="left")
    return np.minimum(as_bytes, 255).astype(np.uint8)


def doc_field_length(self: Any, docnum: int, fieldname: str, default: int = 0) -> Any:
    """`W3PerDocReader.doc_field_length`, answered from a column read once."""
    if docnum > self._doccount:
        raise IndexError(f"Asked for docnum {docnum!r} of {self._doccount}")
    cache = self.__dict__.setdefault("_lengths_in_memory", {})
    lengths = cache.get(fieldname, _MISSING)
    if lengths is _MISSING:
        column = self._cached_reader(whoosh3._lenfield(fieldname), whoosh3.LENGTHS_COLUMN)
        lengths = cache[fieldname] = None if column is None else bytes(column.load())
    if lengths is None:
        return default
    length_byte = lengths[docnum]
    return _LENGTH_OF_BYTE[length_byte] if length_byte else None


@contextmanager
def lengths_in_memory() -> Iterator[None]:
    original = whoosh3.W3PerDocReader.doc_field_length
    whoosh3.W3PerDocReader.doc_field_length = doc_field_length
    try:
        yield
    finally:
        whoosh3.W3PerDocReader.doc_field_length = original
