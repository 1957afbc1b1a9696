"""The terms index taken over from Whoosh's field writer (index.segment.terms_index)
writes the file Whoosh's OrderedHashWriter writes, byte for byte, and Whoosh's reader
finds every key in it: keys in many ranges, many of them in one bucket of the hash, so
linear probing wraps around, and positions past 65,535 (the index array retypes)."""

from __future__ import annotations

import io

import pytest
from whoosh.filedb.filetables import OrderedHashReader, OrderedHashWriter
from whoosh.filedb.structfile import StructFile

from index.segment.terms_index import TermsIndex


class _Kept(io.BytesIO):
    def close(self) -> None:  # the writers close their file; keep its bytes readable
        self.kept = self.getvalue()


def _keys() -> list[tuple[bytes, bytes]]:
    keys = sorted({f"{n * 7919 % 100_003:06d}".encode() + b"term" * (n % 3) for n in range(9000)})
    return [(key, bytes([len(key)]) * (len(key) * 5 % 40)) for key in keys]


def _written(writer_of, items, ranges: int) -> bytes:
    stream = _Kept()
    writer = writer_of(StructFile(stream))
    writer.extras["fieldmap"] = {"f": 0}
    step = len(items) // ranges + 1
    for low in range(0, len(items), step):
        chunk = items[low : low + step]
        if isinstance(writer, TermsIndex):
            writer.add_range([k for k, _ in chunk], [v for _, v in chunk])
        else:
            for key, value in chunk:
                writer.add(key, value)
    writer.close()
    return stream.kept


def test_the_same_file_as_whoosh_s_writer() -> None:
    items = _keys()
    theirs = _written(OrderedHashWriter, items, 1)
    mine = _written(lambda f: TermsIndex(OrderedHashWriter(f)), items, 17)
    assert len(theirs) > 65_536
    assert mine == theirs
    reader = OrderedHashReader(StructFile(io.BytesIO(mine)), len(mine))
    assert [reader[key] for key, _ in items] == [value for _, value in items]
    assert list(reader.keys()) == [key for key, _ in items]


def test_keys_out_of_order_are_refused() -> None:
    writer = TermsIndex(OrderedHashWriter(StructFile(_Kept())))
    writer.add_range([b"b", b"c"], [b"1", b"2"])
    with pytest.raises(ValueError, match="increase"):
        writer.add_range([b"a"], [b"3"])
