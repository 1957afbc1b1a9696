"""Stored records read from the segments' stored columns are Whoosh's stored fields."""

from __future__ import annotations

from pathlib import Path

from whoosh import index as whoosh_index

from index.build import update_index
from index.segment.stored import StoredRecords
from index.store import open_generation
from ingest import load
from search.config import BUNDLED_CORPUS


def _as_whoosh_reads_them(root: Path, segments: int) -> None:
    ix = whoosh_index.open_dir(str(open_generation(root).path))
    try:
        with ix.reader() as reader:
            records = StoredRecords.of(reader)
            assert len(records.columns) == segments
            assert reader.doc_count_all() > 40
            for docnum in range(reader.doc_count_all()):
                assert records[docnum] == reader.stored_fields(docnum)
    finally:
        ix.close()


def test_one_segment(index_root: Path) -> None:
    _as_whoosh_reads_them(index_root, 1)


def test_a_second_segment_counts_on_from_the_first(index_root: Path) -> None:
    # Re-ingesting the letter deletes its records from the first segment and adds them
    # again in a second, whose record numbers count on from the first's.
    update_index(index_root, load([BUNDLED_CORPUS]).documents)
    _as_whoosh_reads_them(index_root, 2)
