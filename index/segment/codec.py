"""A Whoosh codec whose terms and postings are the search arrays: one posting store.

A segment's TOC entry names its codec (Whoosh pickles the codec with the segment), so
`whoosh.index.open_dir` and Whoosh's reader and searcher read a segment written with
`ArraysCodec` as any other: stored fields, field lengths, columns and deletions are
W3's own files, unchanged; the terms, term infos and posting lists of the segment are
served from its records' part of the search arrays (index.arrays.format), which the
bulk writer (index.segment.bulk) writes and search reads anyway. Whoosh's own `.trm`
and `.pst` are never written: the same postings were on disk twice.

What the arrays keep and Whoosh's term info and matchers need, per posting: the record
(the part numbers records over the whole index, a segment from its first one), the
weight (float32, as W3 keeps it) and, for a phrase field, the positions. A frequency
field's value is its weight over the field's boost: every token of these analyzers
weighs 1 (tests/index/segment/test_bulk.py compares every value with what Whoosh's own
writer wrote). Term infos are computed from a term's postings when asked for.

Opening a reader loads nothing: a site opens one per generation and thread for the
stored fields; a part's arrays are mapped when a term is first asked for, and a term is
found through the part's lexicon (index.arrays.lexicon), as search finds it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from whoosh.codec import base
from whoosh.codec.whoosh3 import W3Codec, W3Segment
from whoosh.formats import Existence
from whoosh.matching import ListMatcher
from whoosh.reading import TermInfo, TermNotFound
from whoosh.system import pack_uint

from index.arrays.format import DIRNAME, PART_META, read_meta
from index.arrays.read import FieldArrays, Part, read_part


class ArraysCodec(W3Codec):
    """W3 for everything kept per record; the search arrays for terms and postings."""

    def field_writer(self, storage: Any, segment: Any) -> base.FieldWriter:
        return _NoPostings()

    def terms_reader(self, storage: Any, segment: Any) -> base.TermsReader:
        return ArraysTermsReader(_folder(storage), segment.segid)

    def new_segment(self, storage: Any, indexname: str) -> W3Segment:
        return W3Segment(self, indexname)


def _folder(storage: Any) -> Path:
    """The generation's directory: Whoosh reads a compound segment through an overlay of
    its compound file on the directory's storage."""
    while not hasattr(storage, "folder"):
        storage = storage.b
    return Path(storage.folder)


class _NoPostings(base.FieldWriter):
    """The field writer Whoosh's segment writer opens: the bulk writer writes the arrays,
    and no posting goes through Whoosh's pool."""

    is_closed = False

    def start_field(self, fieldname: str, fieldobj: Any) -> None:
        raise NotImplementedError(
            "de postings van dit segment staan in de zoekarrays: schrijf met index.segment.bulk"
        )

    def start_term(self, text: bytes) -> None:
        raise NotImplementedError

    def add(self, docnum: int, weight: float, vbytes: bytes, length: int) -> None:
        raise NotImplementedError

    def finish_term(self) -> None:
        raise NotImplementedError

    def close(self) -> None:
        self.is_closed = True


@dataclass
class _Place:
    """Where a segment's records are: the part holding them, their first record number
    over the whole index, and how many there are."""

    part: Path
    first_doc: int
    doc_count: int


def segment_place(generation: Path, segid: str) -> _Place:
    """The part of the generation's arrays that holds the segment's records."""
    source = generation / DIRNAME
    for name in read_meta(generation)["parts"]:
        meta = json.loads((source / name / PART_META).read_text(encoding="utf-8"))
        first = meta["first_doc"]
        for segment, count in zip(meta["segments"], meta["segment_docs"], strict=True):
            if segment == segid:
                return _Place(source / name, first, count)
            first += count
    raise FileNotFoundError(f"geen deel van de zoekarrays in {source} bevat segment {segid}")


class _SegmentField:
    """One field's terms and posting spans within one segment's records of a part.

    Rows here are the segment's terms in order: the part's rows, or for a part merged
    from several segments the part's rows of the terms this segment has (`kept`)."""

    def __init__(self, arrays: FieldArrays, place: _Place, part: Part) -> None:
        self.arrays, self.lexicon, self.base = arrays, arrays.lexicon, place.first_doc
        self.part_first = part.first_doc  # where the part's lengths start
        offsets = np.asarray(arrays.offsets, dtype=np.int64)
        starts, stops = offsets[:-1], offsets[1:]
        end = place.first_doc + place.doc_count
        self.kept: np.ndarray | None = None
        if len(starts) and (place.first_doc, place.doc_count) != (part.first_doc, part.doc_count):
            # A part merged from several segments: this one's postings of each term.
            docs = np.asarray(arrays.docs)
            starts = starts + np.add.reduceat(docs < self.base, starts)
            stops = starts + np.add.reduceat((docs >= self.base) & (docs < end), offsets[:-1])
            self.kept = np.flatnonzero(stops > starts)
            starts, stops = starts[self.kept], stops[self.kept]
        self.starts, self.stops = starts, stops

    def __len__(self) -> int:
        return len(self.starts)

    def position(self, key: bytes) -> int:
        """The first row whose term is not below `key` (bisect_left in bytes order)."""
        at = self.lexicon.first_at_least(key)
        return at if self.kept is None else int(np.searchsorted(self.kept, at))

    def term_bytes(self, row: int) -> bytes:
        return self.lexicon.term_bytes(row if self.kept is None else int(self.kept[row]))

    def row(self, tbytes: bytes) -> int | None:
        at = self.position(tbytes)
        return at if at < len(self) and self.term_bytes(at) == tbytes else None

    def span(self, row: int) -> tuple[int, int]:
        return int(self.starts[row]), int(self.stops[row])

    def weights(self, row: int) -> np.ndarray:
        start, stop = self.span(row)
        return np.asarray(self.arrays.weights[start:stop])

    def term_info(self, row: int) -> TermInfo:
        start, stop = self.span(row)
        docs = np.asarray(self.arrays.docs[start:stop], dtype=np.int64)
        weights = self.weights(row).astype(np.float64)
        lengths = self.arrays.lengths
        found = lengths[docs - self.part_first] if lengths is not None else np.zeros(1)
        return TermInfo(
            # As W3 keeps them: the sum of the float32 weights, as a float32.
            weight=float(np.float32(weights.sum())),
            df=stop - start,
            minlength=int(found.min()),
            maxlength=int(found.max()),
            maxweight=float(weights.max()),
            minid=int(docs[0]) - self.base,
            maxid=int(docs[-1]) - self.base,
        )

    def values(self, row: int, format_: Any) -> list[bytes | None]:
        """Each posting's value as the field's format encodes it (W3's None for an
        existence)."""
        start, stop = self.span(row)
        arrays = self.arrays
        if arrays.positions is not None:
            bounds = np.asarray(arrays.position_offsets[start : stop + 1]).tolist()
            positions = np.asarray(arrays.positions[bounds[0] : bounds[-1]]).tolist()
            first = bounds[0]
            return [
                format_.encode(positions[a - first : b - first])
                for a, b in zip(bounds[:-1], bounds[1:], strict=True)
            ]
        if isinstance(format_, Existence):
            return [None] * (stop - start)
        frequencies = np.rint(self.weights(row) / format_.field_boost).astype(np.int64)
        return [pack_uint(n) for n in frequencies.tolist()]


class ArraysTermsReader(base.TermsReader):
    """Whoosh's terms reader over the arrays of one segment's records (see the module)."""

    def __init__(self, generation: Path, segid: str) -> None:
        self._generation, self._segid = generation, segid
        self._place: _Place | None = None
        self._part: Part | None = None
        self._fields: dict[str, _SegmentField] = {}

    def _arrays(self) -> dict[str, FieldArrays]:
        if self._part is None:
            self._place = segment_place(self._generation, self._segid)
            self._part = read_part(self._place.part)
        return self._part.fields

    def _field(self, fieldname: str) -> _SegmentField | None:
        found = self._fields.get(fieldname)
        if found is None:
            arrays = self._arrays().get(fieldname)
            if arrays is None:
                return None
            assert self._place is not None and self._part is not None
            found = self._fields[fieldname] = _SegmentField(arrays, self._place, self._part)
        return found

    def _row(self, fieldname: str, tbytes: bytes) -> tuple[_SegmentField, int]:
        """The term's field and row; a KeyError for a term the segment lacks, as W3's
        terms reader raises (Whoosh's reader answers 0 to a frequency then)."""
        field = self._field(fieldname)
        row = field.row(tbytes) if field is not None else None
        if field is None or row is None:
            raise KeyError((fieldname, tbytes))
        return field, row

    def _found(self, fieldname: str, tbytes: bytes) -> tuple[_SegmentField, int]:
        """As `_row`, for a term asked for by name: TermNotFound, as W3 raises it."""
        try:
            return self._row(fieldname, tbytes)
        except KeyError:
            raise TermNotFound(f"No term {fieldname}:{tbytes!r}") from None

    def __contains__(self, term: tuple[str, bytes]) -> bool:
        field = self._field(term[0])
        return field is not None and field.row(term[1]) is not None

    def indexed_field_names(self) -> list[str]:
        return [name for name in sorted(self._arrays()) if len(self._field(name))]

    def cursor(self, fieldname: str, fieldobj: Any) -> _Cursor:
        return _Cursor(self._field(fieldname))

    def terms(self) -> Iterator[tuple[str, bytes]]:
        return self.terms_from("", b"")

    def terms_from(self, fieldname: str, prefix: bytes) -> Iterator[tuple[str, bytes]]:
        for name in self.indexed_field_names():
            if name < fieldname:
                continue
            field = self._field(name)
            at = field.position(prefix) if name == fieldname else 0
            yield from ((name, field.term_bytes(row)) for row in range(at, len(field)))

    def items(self) -> Iterator[tuple[tuple[str, bytes], TermInfo]]:
        return ((term, self.term_info(*term)) for term in self.terms())

    def items_from(self, fieldname: str, prefix: bytes) -> Iterator[tuple[Any, TermInfo]]:
        return ((term, self.term_info(*term)) for term in self.terms_from(fieldname, prefix))

    def term_info(self, fieldname: str, tbytes: bytes) -> TermInfo:
        field, row = self._found(fieldname, tbytes)
        return field.term_info(row)

    def frequency(self, fieldname: str, tbytes: bytes) -> float:
        field, row = self._row(fieldname, tbytes)
        return field.term_info(row).weight()

    def doc_frequency(self, fieldname: str, tbytes: bytes) -> int:
        field, row = self._row(fieldname, tbytes)
        start, stop = field.span(row)
        return stop - start

    def matcher(
        self, fieldname: str, tbytes: bytes, format_: Any, scorer: Any = None
    ) -> ListMatcher:
        field, row = self._found(fieldname, tbytes)
        start, stop = field.span(row)
        ids = (np.asarray(field.arrays.docs[start:stop], dtype=np.int64) - field.base).tolist()
        return ListMatcher(
            ids,
            field.weights(row).tolist(),
            field.values(row, format_),
            format_,
            scorer=scorer,
            term=(fieldname, tbytes),
            terminfo=field.term_info(row),
        )

    def close(self) -> None:
        """Let go of the part's mapped arrays."""
        self._part, self._fields = None, {}


class _Cursor(base.FieldCursor):
    """A field's terms one by one, for Whoosh's automata (fuzzy terms)."""

    def __init__(self, field: _SegmentField | None) -> None:
        self._field, self._at = field, 0

    def first(self) -> str | None:
        self._at = 0
        return self.text()

    def find(self, string: str | bytes) -> str | None:
        if isinstance(string, str):
            string = string.encode("utf-8")
        self._at = self._field.position(string) if self._field is not None else 0
        return self.text()

    def next(self) -> str | None:
        self._at += 1
        return self.text()

    def is_valid(self) -> bool:
        return self._field is not None and self._at < len(self._field)

    def text(self) -> str | None:
        term = self.term()
        return term.decode("utf-8") if term is not None else None

    def term(self) -> bytes | None:
        return self._field.term_bytes(self._at) if self.is_valid() else None
