"""Field lengths from memory give exactly what Whoosh's own reader gives."""

from __future__ import annotations

from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.codec import whoosh3

from index.schema import build_schema
from index.segment import lengths
from index.store import open_generation


def test_every_length_equals_whoosh(built_index: Path) -> None:
    ix = whoosh_index.open_dir(str(open_generation(built_index).path))
    try:
        with ix.reader() as reader:
            (segment, _), *_ = reader.leaf_readers()
            perdoc = segment._perdoc
            fields = [name for name, _ in build_schema().items()]
            compared = 0
            for field in fields:
                for docnum in range(reader.doc_count_all()):
                    original = whoosh3.W3PerDocReader.doc_field_length(perdoc, docnum, field)
                    fast = lengths.doc_field_length(perdoc, docnum, field)
                    assert fast == original, (field, docnum)
                    compared += bool(original)
            assert compared > 100  # real lengths compared, not only defaults
    finally:
        ix.close()


def test_the_swap_is_undone_afterwards() -> None:
    original = whoosh3.W3PerDocReader.doc_field_length
    with lengths.lengths_in_memory():
        assert whoosh3.W3PerDocReader.doc_field_length is lengths.doc_field_length
    assert whoosh3.W3PerDocReader.doc_field_length is original
    try:
        with lengths.lengths_in_memory():
            raise RuntimeError("stop")
    except RuntimeError:
        pass
    assert whoosh3.W3PerDocReader.doc_field_length is original
