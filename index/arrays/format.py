"""How the search arrays lie on disk, and the check that an index has the ones this code reads.

Layout of ``<generation>/arrays/``::

    meta.json               version, BM25F parameters, record count, the parts in order
    deleted.bin             int32 numbers of the deleted records, ascending
    <part>/part.json        its first record number and record count, the segments it
                            covers and the records of each, per field the summed field
                            length and each array's length
    <part>/<field>.<array>.bin   raw little-endian arrays of the types in `DTYPES`
    <part>/<column>.column.bin   one int32 per record (index.schema's columns)

Per field, its lexicon (index.arrays.lexicon), in Whoosh's order (by UTF-8 bytes, which
is code point order): ``termbytes`` the terms' UTF-8 bytes end to end, ``termoffsets``
per term one more where its bytes start, ``prefixes`` per term its first 8 bytes
(zero-padded) as a big-endian number, stored as a little-endian uint64 like every array;
then its postings: ``offsets`` per term one more where they start in ``docs`` and
``weights``, and for a phrase field ``posoffsets`` into ``positions``.

A part holds the postings of the records of one or more consecutive Whoosh segments,
their only copy (Whoosh reads a segment's terms and postings from its part through
index.segment.codec), with record numbers counted over the whole index (a segment's
first record is the sum of the records before it: segments are only ever appended, so
numbers never move). A
part is written once and never changed: an update adds a part and rewrites the
generation's meta and its deleted records, which is why it costs what the new letter
costs and not what the index holds. Scores are not stored: they depend on statistics of
the whole index (record count, document frequency, average length) and are computed
when a query reads a posting list (index.scoring).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from index import scoring
from index.store import IndexMissingError, replace_file

# 5: offsets, positions' offsets and lengths as int32; 6: the segments' only postings
# (index.segment.codec): every indexed field, weights in all, records per segment;
# 7: the lexicon as arrays (termbytes, termoffsets, prefixes), not a JSON list.
FORMAT_VERSION = 7
DIRNAME = "arrays"
META = "meta.json"
PART_META = "part.json"
DELETED = "deleted.bin"
DTYPES = {
    name: np.dtype(code)
    for name, code in {
        "termbytes": "u1",  # the lexicon's UTF-8 bytes, term after term
        "termoffsets": "<i4",  # per term, one more: where its bytes start
        "prefixes": "<u8",  # per term: its first 8 bytes, zero-padded, big-endian
        "offsets": "<i4",  # per term, one more: where its postings start
        "docs": "<i4",  # record numbers, ascending within a term
        "weights": "<f4",  # frequency × field boost, as Whoosh stores it
        "lengths": "<i4",  # per record: Whoosh's (byte-rounded) field length, a whole number
        "posoffsets": "<i4",  # per posting, one more: where its positions start
        "positions": "<i4",  # ascending within a posting
        "column": "<i4",
        "deleted": "<i4",
    }.items()
}
# A column's value for a record that has none (no date): below every real value.
MISSING = np.iinfo(np.int32).min


class IndexOutdatedError(IndexMissingError, ValueError):
    """The generation's arrays are missing or of another format: the index must be rebuilt.

    An IndexMissingError to the site (no index it can search: 503), a ValueError with its
    own message to the command line."""

    def __init__(self, generation: Path, reason: str) -> None:
        ValueError.__init__(
            self,
            f"De index in {generation.parent} is met een andere versie van Vraagbaak gemaakt "
            f"({reason}); bouw hem opnieuw met: vraagbaak ingest --rebuild",
        )
        self.root = generation.parent
        self.generation = generation


def scoring_parameters() -> dict[str, float]:
    return {"K1": scoring.K1, "B": scoring.B}


def read_meta(generation: Path) -> dict[str, Any]:
    """The generation's meta.json; IndexOutdatedError unless this code can search it."""
    try:
        meta = json.loads((generation / DIRNAME / META).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise IndexOutdatedError(generation, "geen zoekarrays") from error
    if meta.get("version") != FORMAT_VERSION:
        raise IndexOutdatedError(generation, f"zoekarrays versie {meta.get('version')}")
    if meta.get("scoring") != scoring_parameters():
        raise IndexOutdatedError(generation, f"BM25-parameters {meta.get('scoring')}")
    return meta


def write_meta(generation: Path, meta: dict[str, Any], deleted: np.ndarray) -> None:
    """The generation's meta and deleted records, each as a new file (never in place:
    the previous generation may share the old ones through a hard link)."""
    target = generation / DIRNAME
    target.mkdir(exist_ok=True)
    replace_file(target / DELETED, np.ascontiguousarray(deleted, DTYPES["deleted"]).tobytes())
    replace_file(target / META, json.dumps(meta, ensure_ascii=False))


def new_meta(doc_count_all: int, parts: list[str], deleted: int) -> dict[str, Any]:
    return {
        "version": FORMAT_VERSION,
        "scoring": scoring_parameters(),
        "doc_count_all": doc_count_all,
        "deleted": deleted,
        "parts": parts,
    }


def load(path: Path, dtype: np.dtype, count: int, mapped: bool) -> np.ndarray:
    """`count` values of a raw array file: memory-mapped for searching, or read."""
    if not count:  # an empty file cannot be mapped
        return np.empty(0, dtype=dtype)
    if mapped:
        return np.memmap(path, dtype=dtype, mode="r", shape=(count,))
    return np.fromfile(path, dtype=dtype, count=count)


def _narrowed(name: str, values: Any) -> np.ndarray:
    """`values` as the array's type; a ValueError when they do not fit it (a part of more
    than 2**31 postings or positions in one field), never a silent wrap-around."""
    dtype = DTYPES[name]
    values = np.asarray(values)
    if dtype.kind == "i" and len(values) and values.dtype != dtype:
        limits = np.iinfo(dtype)
        if values.min() < limits.min or values.max() > limits.max:
            raise ValueError(f"{name}: waarden buiten het bereik van {dtype} in dit deel")
    return np.ascontiguousarray(values, dtype=dtype)


class ArrayFiles:
    """Raw arrays of one field of a part, each appended to its own file."""

    def __init__(self, target: Path, field: str) -> None:
        self.target, self.field = target, field
        self.files: dict[str, Any] = {}
        self.lengths: dict[str, int] = {}

    def add(self, name: str, values: Any) -> None:
        if name not in self.files:
            self.files[name] = (self.target / f"{self.field}.{name}.bin").open("wb")
            self.lengths[name] = 0
        self.files[name].write(_narrowed(name, values).tobytes())
        self.lengths[name] += len(values)

    def close(self) -> dict[str, int]:
        for handle in self.files.values():
            handle.close()
        return self.lengths
