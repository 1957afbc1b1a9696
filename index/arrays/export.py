"""The search arrays (index.arrays.postings) read out of Whoosh's segments.

After an update, which Whoosh's own writer writes (deleting, adding a segment), the
generation's arrays are read back out of its segments (`write_postings`), term by
term, so a field's postings are never all in memory.
"""

from __future__ import annotations

import json
import pickle
from bisect import bisect_left
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield

from index.arrays.postings import (
    DIRNAME,
    FORMAT_VERSION,
    ArrayFiles,
    FieldPostings,
    read_field,
    read_meta,
    segments_of,
    term_text,
)
from index.schema import FILTER_FIELDS, PHRASE_FIELDS, SEARCH_FIELDS
from index.scoring import bm25_scores
from index.segment.lengths import LENGTH_OF_BYTE
from index.segment.tokens import offsets_of

_PROTOCOL_2 = b"\x80\x02"


def write_postings(reader: Any, generation: Path) -> None:
    """Write the arrays of every searched field of ``reader`` into ``generation``.

    Term by term, appended to raw files: a field's postings are never all in
    memory at once (at 100,000 questions the exact field has 15 million).
    """
    target = generation / DIRNAME
    target.mkdir(exist_ok=True)
    meta: dict[str, Any] = {
        "version": FORMAT_VERSION,
        "doc_count_all": reader.doc_count_all(),
        "doc_count": reader.doc_count(),
        "segments": segments_of(reader),
        "fields": {},
    }
    for field in (*SEARCH_FIELDS, *FILTER_FIELDS):
        if field in reader.schema:
            meta["fields"][field] = _write_field(reader, field, target)
    (target / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")


def _write_field(reader: Any, field: str, target: Path) -> dict[str, Any]:
    with_positions = field in PHRASE_FIELDS
    leaves = list(reader.leaf_readers())
    doc_count_all = reader.doc_count_all()
    lengths = _lengths(reader, field, leaves)
    # As Whoosh's searcher: the summed lengths (deleted records included) over all records.
    average = (reader.field_length(field) / (doc_count_all or 1)) or 1.0
    out = ArrayFiles(target, field)
    out.add("lengths", lengths)
    out.add("offsets", np.zeros(1))
    if with_positions:
        out.add("posoffsets", np.zeros(1))
    terms: list[str] = []
    postings = positions_written = 0
    for term in reader.lexicon(field):
        df = reader.doc_frequency(field, term)
        for segment, offset in leaves:
            if (field, term) not in segment:
                continue
            docs, weights, counts, positions = _live_arrays(segment, field, term, with_positions)
            docs = docs + offset
            out.add("docs", docs)
            out.add("weights", weights)
            out.add("scores", bm25_scores(weights, lengths[docs], df, average, doc_count_all))
            if with_positions:
                out.add("positions", positions)
                out.add("posoffsets", positions_written + np.cumsum(counts))
                positions_written += len(positions)
            postings += len(docs)
        terms.append(term_text(term))
        out.add("offsets", np.array([postings]))
        out.add("df", np.array([df]))
    return {"terms": terms, "average_length": average, "arrays": out.close()}


def _live_arrays(
    segment: Any, field: str, term: bytes, with_positions: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """`_term_arrays` without the postings of deleted records."""
    docs, weights, counts, positions = _term_arrays(segment, field, term, with_positions)
    keep = _live(segment, docs)
    if keep is None:
        return docs, weights, counts, positions
    if with_positions:
        positions, counts = positions[np.repeat(keep, counts)], counts[keep]
    return docs[keep], weights[keep], counts, positions


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
    starts = offsets_of(sizes)[:-1]
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
    first = offsets_of(counts)[:-1]
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
        lengths[offset : offset + len(raw)] = LENGTH_OF_BYTE[raw]
    return lengths


# Postings per slice when scores are recomputed: bounds the temporary arrays.
_SCORE_SLICE = 1 << 21


def refresh_postings(previous: Path, reader: Any, generation: Path) -> bool:
    """The arrays of an updated `generation` made from those of `previous`, which it was
    copied from, when the update left previous's segments in place (Whoosh merged none):
    the postings of records deleted since are dropped, the new segments' postings added,
    and every score computed again (idf and average lengths move). The same arrays as
    `write_postings` gives (tests/index/test_export.py), without reading the old segments.
    False, with nothing written, when the segments do not line up.
    """
    meta = read_meta(previous)
    current = segments_of(reader)
    before = meta.get("segments") if meta is not None else None
    if before is None or current[: len(before)] != before:
        return False
    leaves = list(reader.leaf_readers())
    dead = np.zeros(reader.doc_count_all(), dtype=bool)
    for leaf, offset in leaves:
        if leaf.has_deletions():
            dead[np.fromiter(leaf.deleted_docs_set, dtype=np.int64) + offset] = True
    target = generation / DIRNAME
    fresh: dict[str, Any] = {
        "version": FORMAT_VERSION,
        "doc_count_all": reader.doc_count_all(),
        "doc_count": reader.doc_count(),
        "segments": current,
        "fields": {},
    }
    for field in meta["fields"]:
        old = read_field(previous, meta, field, mapped=False, scores=False)
        added = _added_postings(leaves[len(before) :], field, old.positions is not None)
        fresh["fields"][field] = _refresh_field(reader, field, old, added, dead, target)
    (target / "meta.json").write_text(json.dumps(fresh, ensure_ascii=False), encoding="utf-8")
    return True


def _added_postings(leaves: list[tuple[Any, int]], field: str, with_positions: bool) -> dict:
    """term → [df, docs, weights, position counts, positions] over the new segments."""
    found: dict[str, list[Any]] = {}
    for leaf, offset in leaves:
        for term in leaf.lexicon(field):
            docs, weights, counts, positions = _live_arrays(leaf, field, term, with_positions)
            entry = found.setdefault(term_text(term), [0, [], [], [], []])
            entry[0] += leaf.doc_frequency(field, term)
            for parts, values in zip(
                entry[1:], (docs + offset, weights, counts, positions), strict=True
            ):
                parts.append(values)
    return {term: [e[0], *(np.concatenate(p) for p in e[1:])] for term, e in found.items()}


def _refresh_field(
    reader: Any, field: str, old: FieldPostings, added: dict, dead: np.ndarray, target: Path
) -> dict[str, Any]:
    lists = _Lists.live(old, dead)
    lists.insert(added)
    return lists.write(reader, field, target)


@dataclass
class _Lists:
    """A field's posting lists while an update rewrites them, rows in term order."""

    terms: list[str]
    counts: np.ndarray  # postings per term
    df: np.ndarray
    docs: np.ndarray
    weights: np.ndarray
    position_counts: np.ndarray | None  # per posting
    positions: np.ndarray | None

    @classmethod
    def live(cls, old: FieldPostings, dead: np.ndarray) -> _Lists:
        """The old lists without the postings of records deleted since (their terms stay:
        Whoosh's lexicon keeps a term while any segment holds it)."""
        keep = ~dead[old.docs]
        kept_before = np.zeros(len(keep) + 1, dtype=np.int32)  # int32: one int64 per posting
        np.cumsum(keep, out=kept_before[1:])  # of the exact field is 120 MB at 100,000
        offsets = kept_before[old.offsets]
        position_counts = positions = None
        if old.positions is not None:
            per_posting = np.diff(old.position_offsets)
            positions = old.positions[np.repeat(keep, per_posting)]
            position_counts = per_posting[keep]
        return cls(
            terms=list(old.sorted_terms),
            counts=np.diff(offsets),
            df=np.array(old.doc_frequency, dtype=np.int64),
            docs=old.docs[keep],
            weights=old.weights[keep],
            position_counts=position_counts,
            positions=positions,
        )

    def insert(self, added: dict) -> None:
        """The new segments' postings (`_added_postings`) behind each term's old ones; new
        terms as new rows in their place."""
        if not added:
            return
        rows = {term: row for row, term in enumerate(self.terms)}
        ends = offsets_of(self.counts)
        position_starts = offsets_of(self.position_counts) if self.positions is not None else None
        at, at_positions, new_rows = [], [], []
        counts, df = self.counts.copy(), self.df.copy()
        in_order = sorted(added)
        for term in in_order:
            term_df, docs, _, position_counts, _ = added[term]
            row = rows.get(term)
            end = ends[row + 1] if row is not None else ends[bisect_left(self.terms, term)]
            at.append(np.full(len(docs), end))
            if position_starts is not None:
                at_positions.append(np.full(int(position_counts.sum()), position_starts[end]))
            if row is None:
                new_rows.append((bisect_left(self.terms, term), term, len(docs), term_df))
            else:
                counts[row] += len(docs)
                df[row] += term_df
        where = np.concatenate(at)
        values = [np.concatenate([added[t][k] for t in in_order]) for k in range(1, 5)]
        self.docs = np.insert(self.docs, where, values[0])
        self.weights = np.insert(self.weights, where, values[1])
        if self.positions is not None:
            self.positions = np.insert(self.positions, np.concatenate(at_positions), values[3])
            self.position_counts = np.insert(self.position_counts, where, values[2])
        before = [row for row, *_ in new_rows]
        self.counts = np.insert(counts, before, [n for _, _, n, _ in new_rows])
        self.df = np.insert(df, before, [d for *_, d in new_rows])
        self.terms = sorted([*self.terms, *(term for _, term, _, _ in new_rows)])

    def write(self, reader: Any, field: str, target: Path) -> dict[str, Any]:
        """The lists with every score computed anew: idf and average length have moved."""
        doc_count_all = reader.doc_count_all()
        lengths = _lengths(reader, field, list(reader.leaf_readers()))
        average = (reader.field_length(field) / (doc_count_all or 1)) or 1.0
        offsets = offsets_of(self.counts)
        out = ArrayFiles(target, field)
        for name, values in (
            ("lengths", lengths),
            ("offsets", offsets),
            ("df", self.df),
            ("docs", self.docs),
            ("weights", self.weights),
        ):
            out.add(name, values)
        for start in range(0, len(self.docs), _SCORE_SLICE):
            stop = min(start + _SCORE_SLICE, len(self.docs))
            rows = np.searchsorted(offsets, np.arange(start, stop), side="right") - 1
            docs, weights = self.docs[start:stop], self.weights[start:stop]
            out.add(
                "scores", bm25_scores(weights, lengths[docs], self.df[rows], average, doc_count_all)
            )
        if self.positions is not None:
            out.add("posoffsets", offsets_of(self.position_counts))
            out.add("positions", self.positions)
        return {"terms": self.terms, "average_length": average, "arrays": out.close()}
