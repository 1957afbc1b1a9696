"""An opened generation's stored records, read from the stored columns directly."""

from __future__ import annotations

from pathlib import Path

from index.build import update_index
from ingest import load
from search.config import BUNDLED_CORPUS
from search.generation import open_newest


def _every_record_as_whoosh_reads_it(root: Path, segments: int) -> None:
    live = open_newest(root)
    try:
        reader = live.reader()
        assert len(list(reader.leaf_readers())) == segments
        assert reader.doc_count_all() > 40
        for docnum in range(reader.doc_count_all()):
            assert live.stored(docnum) == reader.stored_fields(docnum)
    finally:
        live.close()


def test_stored_is_whoosh_stored_fields_in_one_segment(index_root: Path):
    _every_record_as_whoosh_reads_it(index_root, 1)


def test_stored_is_whoosh_stored_fields_over_segments(index_root: Path):
    # Re-ingesting the letter deletes its records from the first segment and adds them
    # again in a second: record numbers of the second count on from the first's.
    update_index(index_root, load([BUNDLED_CORPUS]).documents)
    _every_record_as_whoosh_reads_it(index_root, 2)
