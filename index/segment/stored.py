"""A record's stored fields, read straight from its segment's stored column.

Whoosh's `stored_fields` reads the same column but first checks every field of every
record against the schema, for a field removed from it (index/ never removes one): a
fifth of a page of hits' time, and most of reading a build's texts back. Search and the
build read stored records here, one way.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

from whoosh.codec.whoosh3 import STORED_COLUMN

# The column W3's per-document writer keeps a record's stored fields in, as Whoosh names
# it (unexported): the bulk writer writes it, StoredRecords reads it back.
STORED_FIELDS = ("_stored", STORED_COLUMN)


@dataclass(frozen=True)
class StoredRecords:
    """The stored column of each segment of one Whoosh reader, and the record number each
    segment starts at (ascending). A column reader seeks in the segment's files: one
    StoredRecords per thread."""

    starts: list[int]
    columns: list[Any]

    @classmethod
    def of(cls, reader: Any) -> StoredRecords:
        """The stored columns of `reader`'s segments (a Whoosh IndexReader)."""
        leaves = list(reader.leaf_readers())
        # Whoosh's SegmentReader keeps its per-document reader private; its stored column
        # is what `stored_fields` reads.
        columns = [leaf._perdoc.column_reader(*STORED_FIELDS) for leaf, _ in leaves]
        return cls([start for _, start in leaves], columns)

    def __getitem__(self, docnum: int) -> dict[str, Any]:
        """Record `docnum`'s stored fields, as `stored_fields` gives them ({}: none)."""
        segment = bisect_right(self.starts, docnum) - 1
        return self.columns[segment][docnum - self.starts[segment]] or {}
