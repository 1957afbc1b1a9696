"""A generation's arrays meta: after a build, and after an update from the previous one's.

The one producer of meta.json. A build has the bulk writer's one part; an update has
the previous generation's parts (hard-linked, unchanged), the part of the segment it
added, and the previous deleted records plus the ones it deleted.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from index.arrays.format import DTYPES, new_meta, write_meta
from index.arrays.read import IndexArrays


def write_built(generation: Path, part: str | None, doc_count_all: int) -> None:
    """The meta of a fresh generation: one part, or none for an empty index."""
    parts = [part] if part else []
    write_meta(generation, new_meta(doc_count_all, parts, 0), np.empty(0, DTYPES["deleted"]))


def write_updated(
    generation: Path,
    previous: IndexArrays,
    part: str | None,
    doc_count_all: int,
    deleted: np.ndarray,
) -> None:
    """The meta of an updated generation: `previous`'s parts plus the new `part` (none when
    the update only deleted), and `deleted` (record numbers) added to previous's."""
    parts = [*previous.part_names, *([part] if part else [])]
    gone = np.union1d(np.asarray(previous.deleted), np.asarray(deleted, dtype=np.int64))
    write_meta(generation, new_meta(doc_count_all, parts, len(gone)), gone)
