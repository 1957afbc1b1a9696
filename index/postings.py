"""The searched fields' posting lists as flat arrays beside the Whoosh segments.

Whoosh stays the index of record: it writes the segments, stores the records and
highlights. But walking its posting lists one posting at a time in Python is what
made a search for a common word cost seconds at 100,000 questions (BENCHMARKS.md).
Posting lists change only with the generation, so after each commit they are
written once more, per searched field, as arrays: document numbers, weights,
each posting's BM25 score, positions (for phrase fields) and the field length
of every document. `search.evaluate` scores a query over them with numpy.

Layout of ``<generation>/postings/``: ``meta.json`` (version, document counts,
per field its terms and statistics) and per field ``<field>.<array>.npy``.
"""

from __future__ import annotations

import json
import pickle
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.util.numeric import byte_to_length

from index.schema import PHRASE_FIELDS, SEARCH_FIELDS

FORMAT_VERSION = 2
# Whoosh's BM25F defaults, which the index has always been searched with.
B = 0.75
K1 = 1.2
DIRNAME = "postings"
_PROTOCOL_2 = b"\x80\x02"
_LENGTH_OF_BYTE = np.array([byte_to_length(b) or 0 for b in range(256)], dtype=np.float64)


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


def write_postings(reader: Any, generation: Path) -> None:
    """Write the arrays of every searched field of ``reader`` into ``generation``."""
    target = generation / DIRNAME
    target.mkdir(exist_ok=True)
    meta: dict[str, Any] = {
        "version": FORMAT_VERSION,
        "doc_count_all": reader.doc_count_all(),
        "doc_count": reader.doc_count(),
        "fields": {},
    }
    for field in SEARCH_FIELDS:
        if field not in reader.schema:
            continue
        arrays, field_meta = _field_arrays(reader, field, field in PHRASE_FIELDS)
        for name, array in arrays.items():
            np.save(target / f"{field}.{name}.npy", array, allow_pickle=False)
        meta["fields"][field] = field_meta
    (target / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")


def _field_arrays(
    reader: Any, field: str, with_positions: bool
) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    terms: list[str] = []
    doc_frequency: list[int] = []
    chunks: dict[str, list[np.ndarray]] = {"docs": [], "weights": [], "counts": [], "positions": []}
    counts_per_term: list[int] = []
    leaves = list(reader.leaf_readers())
    for term in reader.lexicon(field):
        total = 0
        for segment, offset in leaves:
            if (field, term) not in segment:
                continue
            docs, weights, counts, positions = _term_arrays(segment, field, term, with_positions)
            keep = _live(segment, docs)
            if keep is not None:
                docs, weights = docs[keep], weights[keep]
                if with_positions:
                    positions = positions[np.repeat(keep, counts)]
                    counts = counts[keep]
            chunks["docs"].append(docs + offset)
            chunks["weights"].append(weights)
            if with_positions:
                chunks["counts"].append(counts)
                chunks["positions"].append(positions)
            total += len(docs)
        terms.append(term.decode("utf-8") if isinstance(term, bytes) else term)
        doc_frequency.append(reader.doc_frequency(field, term))
        counts_per_term.append(total)
    arrays = {
        "offsets": _offsets(np.array(counts_per_term, dtype=np.int64)),
        "docs": _concat(chunks["docs"], np.int32),
        "weights": _concat(chunks["weights"], np.float32),
        "df": np.array(doc_frequency, dtype=np.int64),
        "lengths": _lengths(reader, field, leaves),
    }
    if with_positions:
        arrays["posoffsets"] = _offsets(_concat(chunks["counts"], np.int64))
        arrays["positions"] = _concat(chunks["positions"], np.int32)
    # As Whoosh's searcher: the summed lengths (deleted records included) over all records.
    average = (reader.field_length(field) / (reader.doc_count_all() or 1)) or 1.0
    arrays["scores"] = bm25(arrays, average, reader.doc_count_all())
    meta = {"terms": terms, "average_length": average}
    return arrays, meta


def bm25(arrays: dict[str, np.ndarray], average_length: float, doc_count_all: int) -> np.ndarray:
    """Every posting's score, by Whoosh's formula in Whoosh's order of operations.

    Idf, field length and average length are fixed within a generation, so a
    query only has to add these up instead of computing them per posting.
    """
    df = arrays["df"].astype(np.float64)
    idf = np.log(doc_count_all / (df + 1)) + 1
    idf_per_posting = np.repeat(idf, np.diff(arrays["offsets"]))
    tf = arrays["weights"].astype(np.float64)
    length = arrays["lengths"][arrays["docs"]]
    return idf_per_posting * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * length / average_length)))


def _term_arrays(
    segment: Any, field: str, term: bytes, with_positions: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Document numbers, weights, position counts and positions of one term in one segment."""
    # The segment's own matcher, without Whoosh's per-posting filter of deleted records
    # (which would hide the block layout): `_live` drops those from the arrays at once.
    terms = getattr(segment, "_terms", None)
    if terms is not None:
        matcher = terms.matcher(field, term, segment.schema[field].format)
    else:
        matcher = segment.postings(field, term)
    if isinstance(matcher, W3LeafMatcher):
        ids, weights, values = _blocks(matcher, with_positions)
    else:  # short lists are inlined in the term info
        ids, weights, values = [], [], []
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            if with_positions:
                values.append(matcher.value())
            matcher.next()
    docs = np.asarray(ids, dtype=np.int32)
    weight_array = np.asarray(weights, dtype=np.float32)
    if not with_positions:
        return docs, weight_array, np.empty(0, np.int64), np.empty(0, np.int32)
    counts, positions = _decode_positions(values)
    return docs, weight_array, counts, positions


def _blocks(matcher: Any, with_positions: bool) -> tuple[np.ndarray, np.ndarray, list[bytes]]:
    """Read a W3 posting list block by block (pickled arrays), not posting by posting.

    Relies on Whoosh-Reloaded 2.7.5's block layout (pinned in pyproject.toml);
    tests/index/test_postings.py checks the result against the public matcher API.
    """
    ids: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    values: list[bytes] = []
    while True:
        matcher._read_data()
        block_ids, block_weights, block_values = matcher._data[:3]
        count = matcher._blocklength
        ids.append(np.cumsum(np.asarray(block_ids, dtype=np.int64)))  # delta-coded per block
        if block_weights is None:
            weights.append(np.ones(count, dtype=np.float32))
        elif isinstance(block_weights, float):
            weights.append(np.full(count, block_weights, dtype=np.float32))
        else:
            weights.append(np.asarray(block_weights, dtype=np.float32))
        if with_positions:
            values.extend(block_values)
        if matcher._lastblock:
            break
        matcher._goto(matcher._nextoffset)
    return np.concatenate(ids), np.concatenate(weights), values


def _decode_positions(values: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
    """Whoosh's Positions values as counts and positions, restarting per posting.

    A value is a 4-byte big-endian count, a protocol-2 pickle of the position deltas
    and a stop byte. One `loads` per value was most of the export's time; instead the
    pickle bodies are cut out of all values at once and unpickled as one list.
    """
    if not values:
        return np.empty(0, np.int64), np.empty(0, np.int32)
    joined = np.frombuffer(b"".join(values), dtype=np.uint8)
    sizes = np.fromiter(map(len, values), dtype=np.int64, count=len(values))
    starts = _offsets(sizes)[:-1]
    stops = starts + sizes - 1
    if not (
        (joined[starts + 4] == 0x80).all()
        and (joined[starts + 5] == 2).all()
        and (joined[stops] == ord(".")).all()
    ):
        raise ValueError("onbekende opmaak van Whoosh-posities")
    counts = (joined[starts[:, None] + np.arange(4)].astype(np.int64) << [24, 16, 8, 0]).sum(1)
    keep = np.ones(len(joined), dtype=bool)
    keep[(starts[:, None] + np.arange(6)).ravel()] = False
    keep[stops] = False
    deltas = pickle.loads(_PROTOCOL_2 + b"(" + joined[keep].tobytes() + b"l.")
    flat = np.fromiter(chain.from_iterable(deltas), dtype=np.int64, count=int(counts.sum()))
    running = np.cumsum(flat)
    first = _offsets(counts)[:-1]
    before = np.repeat(running[first] - flat[first], counts)
    return counts, (running - before).astype(np.int32)


def _live(segment: Any, docs: np.ndarray) -> np.ndarray | None:
    """A mask of the postings whose record is not deleted (None: none is)."""
    deleted = segment.deleted_docs_set if segment.has_deletions() else None
    if not deleted:
        return None
    return ~np.isin(docs, np.fromiter(deleted, dtype=np.int64, count=len(deleted)))


def _lengths(reader: Any, field: str, leaves: list[tuple[Any, int]]) -> np.ndarray:
    lengths = np.zeros(reader.doc_count_all(), dtype=np.float64)
    for segment, offset in leaves:
        perdoc = getattr(segment, "_perdoc", None)  # an empty index has no segment
        column = perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN) if perdoc else None
        if column is None:
            continue
        raw = np.frombuffer(bytes(column.load()), dtype=np.uint8)
        lengths[offset : offset + len(raw)] = _LENGTH_OF_BYTE[raw]
    return lengths


def _offsets(counts: np.ndarray) -> np.ndarray:
    offsets = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    return offsets


def _concat(chunks: list[np.ndarray], dtype: Any) -> np.ndarray:
    return np.concatenate(chunks).astype(dtype) if chunks else np.empty(0, dtype=dtype)


# -- reading --------------------------------------------------------------------


def read_postings(generation: Path) -> PostingsStore | None:
    """The arrays of a generation, memory-mapped; None when it has none (older index)."""
    source = generation / DIRNAME
    try:
        meta = json.loads((source / "meta.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    if meta.get("version") != FORMAT_VERSION:
        return None
    fields = {}
    for field, field_meta in meta["fields"].items():

        def load(name: str, field: str = field) -> np.ndarray:
            return np.load(source / f"{field}.{name}.npy", mmap_mode="r", allow_pickle=False)

        has_positions = (source / f"{field}.positions.npy").exists()
        fields[field] = FieldPostings(
            terms={term: row for row, term in enumerate(field_meta["terms"])},
            sorted_terms=field_meta["terms"],
            offsets=load("offsets"),
            docs=load("docs"),
            weights=load("weights"),
            scores=load("scores"),
            doc_frequency=load("df"),
            lengths=np.array(load("lengths")),
            average_length=float(field_meta["average_length"]),
            position_offsets=load("posoffsets") if has_positions else None,
            positions=load("positions") if has_positions else None,
        )
    return PostingsStore(meta["doc_count_all"], meta["doc_count"], fields)
