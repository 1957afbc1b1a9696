"""Field lengths as Whoosh stores them: one byte per record and field, as arrays.

Whoosh keeps a record's field length in one byte (`length_to_byte`, exact up to 7,
then ever coarser); BM25F reads the length that byte stands for. The segment keeps
those bytes and the arrays the lengths they stand for (index.arrays.write), from which
index.segment.codec gives a term's shortest and longest field.
"""

from __future__ import annotations

import numpy as np
from whoosh.util.numeric import byte_to_length

# The length each byte stands for, 0 for byte 0 (no length), as an array.
LENGTH_OF_BYTE = np.array([byte_to_length(b) or 0 for b in range(256)], dtype=np.float64)


def lengths_as_bytes(lengths: np.ndarray) -> np.ndarray:
    """Whoosh's one-byte field lengths (``length_to_byte``) for an array of lengths."""
    as_bytes = np.searchsorted(LENGTH_OF_BYTE, lengths, side="left")
    return np.minimum(as_bytes, 255).astype(np.uint8)
