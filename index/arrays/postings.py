"""The searched fields' posting lists as flat arrays beside the Whoosh segments.

Whoosh stays the index of record: it writes the segments, stores the records and
highlights. But walking its posting lists one posting at a time in Python is what
made a search for a common word cost seconds at 100,000 questions (BENCHMARKS.md).
Posting lists change only with the generation, so each generation has them once
more, per searched field, as arrays: document numbers, weights, each posting's
BM25 score, positions (for phrase fields) and the field length of every
document. `search.evaluate` scores a query over them with numpy. A build writes
them from the postings it is writing to Whoosh (`ArrayWriter`, fed by
index.segment.bulk); an update reads them out of Whoosh's segments (index.arrays.export).

Layout of ``<generation>/postings/``: ``meta.json`` (version, document counts,
per field its terms, statistics and array lengths) and per field raw
little-endian arrays ``<field>.<array>.bin`` of the types in `DTYPES`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from index.schema import FILTER_FIELDS, SEARCH_FIELDS
from index.scoring import bm25_scores
from index.segment.lengths import LENGTH_OF_BYTE, lengths_as_bytes
from index.segment.runs import Postings

FORMAT_VERSION = 3
DTYPES = {
    name: np.dtype(code)
    for name, code in {
        "offsets": "<i8",
        "docs": "<i4",
        "weights": "<f4",
        "scores": "<f8",
        "df": "<i8",
        "lengths": "<f8",
        "posoffsets": "<i8",
        "positions": "<i4",
    }.items()
}
DIRNAME = "postings"


@dataclass
class FieldPostings:
    """One field's posting lists; row ``i`` of the terms spans ``offsets[i]:offsets[i+1]``."""

    terms: dict[str, int]
    sorted_terms: list[str]  # in Whoosh's lexicon order (UTF-8 bytes = code points)
    offsets: np.ndarray  # int64, one more than there are terms
    docs: np.ndarray  # int32 document numbers, ascending within a term
    weights: np.ndarray  # float32: frequency × field boost, as Whoosh stores it
    scores: np.ndarray  # float64: each posting's BM25 score, as Whoosh's BM25F gives it
    doc_frequency: np.ndarray  # int64 per term, as Whoosh counts it (deleted included)
    lengths: np.ndarray  # float64 per document: Whoosh's (byte-rounded) field length
    average_length: float
    position_offsets: np.ndarray | None = None  # int64 per posting, one more
    positions: np.ndarray | None = None  # int32, ascending within a posting

    def row(self, term: str) -> int | None:
        return self.terms.get(term)

    def postings(self, row: int) -> tuple[np.ndarray, np.ndarray]:
        """Document numbers and BM25 scores of one term."""
        start, end = self.offsets[row], self.offsets[row + 1]
        return self.docs[start:end], self.scores[start:end]

    def occurrences(self, row: int) -> tuple[np.ndarray, np.ndarray]:
        """Every (document, position) of a term, as two aligned arrays."""
        if self.positions is None or self.position_offsets is None:
            raise ValueError("dit veld heeft geen posities")
        start, end = self.offsets[row], self.offsets[row + 1]
        bounds = self.position_offsets[start : end + 1]
        counts = np.diff(bounds)
        docs = np.repeat(self.docs[start:end], counts)
        return docs, self.positions[bounds[0] : bounds[-1]]


@dataclass
class PostingsStore:
    doc_count_all: int  # Whoosh's idf counts deleted documents too
    doc_count: int
    fields: dict[str, FieldPostings]


# -- writing ------------------------------------------------------------------


def term_text(term: bytes | str) -> str:
    """A term as text: Whoosh's lexicon gives bytes, its queries give str."""
    return term.decode("utf-8") if isinstance(term, bytes) else term


class ArrayFiles:
    """Raw arrays of one field, each appended to its own file."""

    def __init__(self, target: Path, field: str) -> None:
        self.target, self.field = target, field
        self.files: dict[str, Any] = {}
        self.lengths: dict[str, int] = {}

    def add(self, name: str, values: np.ndarray) -> None:
        if name not in self.files:
            self.files[name] = (self.target / f"{self.field}.{name}.bin").open("wb")
            self.lengths[name] = 0
        self.files[name].write(np.ascontiguousarray(values, dtype=DTYPES[name]).tobytes())
        self.lengths[name] += len(values)

    def close(self) -> dict[str, int]:
        for handle in self.files.values():
            handle.close()
        return self.lengths


class ArrayWriter:
    """The arrays of a new one-segment index, from the merged postings the bulk writer
    (index.segment.bulk) writes to Whoosh: what `write_postings` would read back, without
    reading. Per field: `start_field`, `add` per range of terms, `finish_field`."""

    def __init__(self, generation: Path, doc_count: int, segment: str) -> None:
        self.target = generation / DIRNAME
        self.target.mkdir(exist_ok=True)
        self.doc_count = doc_count
        self.meta: dict[str, Any] = {
            "version": FORMAT_VERSION,
            "doc_count_all": doc_count,
            "doc_count": doc_count,
            "segments": [[segment, doc_count]] if doc_count else [],
            "fields": {},
        }
        self._state: dict[str, Any] = {}

    @staticmethod
    def wants(field: str) -> bool:
        return field in SEARCH_FIELDS or field in FILTER_FIELDS

    def start_field(self, field: str, lengths: np.ndarray, with_positions: bool) -> None:
        """`lengths`: each document's field length as counted (Whoosh stores it as a byte)."""
        out = ArrayFiles(self.target, field)
        rounded = LENGTH_OF_BYTE[lengths_as_bytes(lengths)]
        out.add("lengths", rounded)
        out.add("offsets", np.zeros(1))
        if with_positions:
            out.add("posoffsets", np.zeros(1))
        average = (float(lengths.sum()) / (self.doc_count or 1)) or 1.0
        self._state = {"field": field, "out": out, "lengths": rounded, "average": average}
        self._state.update(postings=0, positions=0, with_positions=with_positions)

    def add(self, postings: Postings) -> None:
        state, out = self._state, self._state["out"]
        weights = postings.weights.astype(np.float32)  # as Whoosh stores them
        df = np.repeat(postings.counts, postings.counts)
        lengths = state["lengths"][postings.docs]
        out.add("docs", postings.docs)
        out.add("weights", weights)
        out.add("scores", bm25_scores(weights, lengths, df, state["average"], self.doc_count))
        out.add("offsets", state["postings"] + np.cumsum(postings.counts))
        out.add("df", postings.counts)
        state["postings"] += len(postings)
        if state["with_positions"]:
            out.add("positions", postings.positions)
            out.add("posoffsets", state["positions"] + np.cumsum(postings.freqs))
            state["positions"] += len(postings.positions)

    def finish_field(self, terms: list[str]) -> None:
        state = self._state
        arrays = state["out"].close()
        self.meta["fields"][state["field"]] = {
            "terms": terms,
            "average_length": state["average"],
            "arrays": arrays,
        }

    def close(self) -> None:
        (self.target / "meta.json").write_text(
            json.dumps(self.meta, ensure_ascii=False), encoding="utf-8"
        )


# -- reading --------------------------------------------------------------------


def read_meta(generation: Path) -> dict[str, Any] | None:
    """meta.json of a generation's arrays; None when it has none (older index)."""
    try:
        meta = json.loads((generation / DIRNAME / "meta.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    return meta if meta.get("version") == FORMAT_VERSION else None


def read_postings(generation: Path) -> PostingsStore | None:
    """The arrays of a generation, memory-mapped; None when it has none (older index)."""
    meta = read_meta(generation)
    if meta is None:
        return None
    fields = {field: read_field(generation, meta, field, mapped=True) for field in meta["fields"]}
    return PostingsStore(meta["doc_count_all"], meta["doc_count"], fields)


def read_field(
    generation: Path, meta: dict[str, Any], field: str, mapped: bool, scores: bool = True
) -> FieldPostings:
    """One field's arrays: memory-mapped for searching, or read into memory (an update
    rewriting them, whose mapped pages would all count as resident memory; it computes
    the scores anew, so need not read them)."""
    source = generation / DIRNAME
    field_meta = meta["fields"][field]
    sizes = field_meta["arrays"]

    def load(name: str) -> np.ndarray:
        path, dtype = source / f"{field}.{name}.bin", DTYPES[name]
        if not sizes.get(name):  # an empty file cannot be mapped
            return np.empty(0, dtype=dtype)
        if mapped:
            return np.memmap(path, dtype=dtype, mode="r", shape=(sizes[name],))
        return np.fromfile(path, dtype=dtype, count=sizes[name])

    has_positions = "posoffsets" in sizes
    return FieldPostings(
        terms={term: row for row, term in enumerate(field_meta["terms"])},
        sorted_terms=field_meta["terms"],
        offsets=load("offsets"),
        docs=load("docs"),
        weights=load("weights"),
        scores=load("scores") if scores else np.empty(0, dtype=DTYPES["scores"]),
        doc_frequency=load("df"),
        lengths=np.array(load("lengths")),
        average_length=float(field_meta["average_length"]),
        position_offsets=load("posoffsets") if has_positions else None,
        positions=load("positions") if has_positions else None,
    )


def segments_of(reader: Any) -> list[list[Any]]:
    """(id, records) of each segment a reader reads, in order: what arrays were made from,
    so an update can tell whether they still line up with the segments (index.arrays.export)."""
    return [
        [leaf.segment().segid, leaf.segment().doc_count_all()]
        for leaf, _ in reader.leaf_readers()
        if hasattr(leaf, "segment")
    ]
