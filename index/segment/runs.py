"""A field's postings, chunk by chunk onto disk, and merged back in term order.

The bulk writer turns each chunk of records into postings per field (`Postings`,
grouped by term in Whoosh's term order, documents ascending within a term) and
hands them to a `RunStore`, which writes them to raw files: at 100,000
questions a field has up to 15 million postings, more than should sit in memory
beside everything else. When all chunks are in, `RunStore.merged` reads them
back a range of terms at a time (the same range from every chunk), so the
merged lists are never all in memory either. Files are read, not mapped: mapped
pages would count as the process's resident memory (see index.build).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index.ranges import concatenated_ranges, offsets_of
from index.segment.tokens import Tokens

# Postings per merged range: the merge and Whoosh's W3 lists, when the bulk writer still
# wrote them, held some 300 bytes per posting of one range. At 250,000 the ranges were
# 68 MiB of the build's peak at 20,000 questions, at 100,000 some 15 MiB, no slower.
MAX_RANGE_POSTINGS = 100_000
_ARRAYS = {"docs": np.int32, "freqs": np.int32, "weights": np.float64, "positions": np.int32}
# A run's terms and where each term's postings and positions start, on disk too: held in
# memory for every chunk of every field, they were some 70 MiB of a build's peak at
# 100,000 questions (28 chunks × 17 fields), and only the merge of one field reads them.
_INDEX = {"terms": np.int32, "offsets": np.int64, "posoffsets": np.int64}


@dataclass
class Postings:
    """Postings grouped by term, in term order; documents ascending within a term."""

    terms: np.ndarray  # int64 term numbers of the field's term table, one per group
    counts: np.ndarray  # int64 postings per term
    docs: np.ndarray  # int32 document numbers
    freqs: np.ndarray  # int32 occurrences per posting
    weights: np.ndarray  # float64 summed boosts × field boost (Whoosh rounds to float32)
    positions: np.ndarray | None = None  # int32, freqs[i] per posting, ascending within one

    def __len__(self) -> int:
        return len(self.docs)


def term_ranks(terms: np.ndarray, keys: Sequence[bytes]) -> tuple[np.ndarray, np.ndarray]:
    """The distinct `terms` in Whoosh's order (by their bytes) and a rank per term number."""
    present = np.unique(terms)
    order = np.asarray(sorted(present.tolist(), key=keys.__getitem__), dtype=np.int64)
    # int32: a chunk's tokens each take a rank, and term numbers stay below 2**31.
    rank = np.full(int(present[-1]) + 1 if len(present) else 0, -1, dtype=np.int32)
    rank[order] = np.arange(len(order))
    return order, rank


def _grouped(
    order: np.ndarray,
    ranks: np.ndarray,
    docs: np.ndarray,
    freqs: np.ndarray,
    weights: np.ndarray,
    positions: np.ndarray | None,
) -> Postings:
    """Postings already sorted by (rank, document), cut into groups per term."""
    new_term = np.ones(len(ranks), dtype=bool)
    new_term[1:] = ranks[1:] != ranks[:-1]
    starts = np.flatnonzero(new_term)
    counts = np.diff(np.append(starts, len(ranks)))
    return Postings(order[ranks[starts]], counts, docs, freqs, weights, positions)


def from_tokens(
    tokens: Tokens, doc_base: int, field_boost: float, keys: Sequence[bytes], positions: bool
) -> Postings:
    """One chunk's tokens of a field as postings: per (term, text) the count, the summed
    boost times the field boost, and the positions, as Whoosh's formats collect them."""
    if not len(tokens.terms):
        return empty_postings(positions)
    order, rank = term_ranks(tokens.terms, keys)
    token_rank = rank[tokens.terms]
    # Tokens are in text order, then position order: a stable sort keeps both.
    by_term = np.argsort(token_rank, kind="stable")
    ranks, texts = token_rank[by_term], tokens.texts[by_term]
    new = np.ones(len(ranks), dtype=bool)
    new[1:] = (ranks[1:] != ranks[:-1]) | (texts[1:] != texts[:-1])
    starts = np.flatnonzero(new)
    freqs = np.diff(np.append(starts, len(ranks))).astype(np.int32)
    weights = np.add.reduceat(tokens.boosts[by_term], starts) * field_boost
    docs = (texts[starts] + doc_base).astype(np.int32)
    kept = tokens.positions[by_term].astype(np.int32) if positions else None
    return _grouped(order, ranks[starts], docs, freqs, weights, kept)


def from_postings(
    terms: np.ndarray, docs: np.ndarray, freqs: np.ndarray, weights: np.ndarray, keys: Sequence
) -> Postings:
    """Postings given one by one in document order (fields Whoosh analyses itself)."""
    if not len(terms):
        return empty_postings(False)
    order, rank = term_ranks(terms, keys)
    posting_rank = rank[terms]
    by_term = np.argsort(posting_rank, kind="stable")
    return _grouped(
        order,
        posting_rank[by_term],
        docs[by_term].astype(np.int32),
        freqs[by_term].astype(np.int32),
        weights[by_term].astype(np.float64),
        None,
    )


def empty_postings(positions: bool) -> Postings:
    none = np.empty(0, dtype=np.int64)
    return Postings(
        none,
        none,
        np.empty(0, np.int32),
        np.empty(0, np.int32),
        np.empty(0, np.float64),
        np.empty(0, np.int32) if positions else None,
    )


@dataclass
class _Run:
    """Where one chunk's postings of a field are on disk, its terms and offsets too."""

    prefix: Path
    with_positions: bool

    def read(self, name: str, start: int = 0, stop: int | None = None) -> np.ndarray:
        dtype = np.dtype(_ARRAYS.get(name) or _INDEX[name])
        path = self.prefix.with_name(f"{self.prefix.name}.{name}.bin")
        count = -1 if stop is None else stop - start
        return np.fromfile(path, dtype=dtype, count=count, offset=start * dtype.itemsize)

    def write(self, name: str, values: np.ndarray) -> None:
        dtype = _ARRAYS.get(name) or _INDEX[name]
        values.astype(dtype).tofile(self.prefix.with_name(f"{self.prefix.name}.{name}.bin"))


@dataclass
class _RunIndex:
    """A run's terms in term order and where each one's postings (and positions) start,
    read back for the merge of its field."""

    run: _Run
    terms: np.ndarray
    posting_offsets: np.ndarray  # one more than terms
    position_offsets: np.ndarray | None  # one more than terms

    @classmethod
    def of(cls, run: _Run) -> _RunIndex:
        positions = run.read("posoffsets") if run.with_positions else None
        return cls(run, run.read("terms"), run.read("offsets"), positions)


class RunStore:
    """Every chunk's postings per field, in files under `directory` until merged."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)
        self._runs: dict[str, list[_Run]] = {}

    def fields(self) -> list[str]:
        return sorted(name for name, runs in self._runs.items() if runs)

    def add(self, field: str, postings: Postings) -> None:
        if not len(postings):
            return
        runs = self._runs.setdefault(field, [])
        run = _Run(self.directory / f"{field}.{len(runs):05d}", postings.positions is not None)
        for name in ("docs", "freqs", "weights"):
            run.write(name, getattr(postings, name))
        run.write("terms", postings.terms)
        run.write("offsets", offsets_of(postings.counts))
        if postings.positions is not None:
            run.write("positions", postings.positions)
            per_term = np.add.reduceat(
                postings.freqs.astype(np.int64), offsets_of(postings.counts)[:-1]
            )
            run.write("posoffsets", offsets_of(per_term))
        runs.append(run)

    def merged(
        self, field: str, keys: Sequence, max_postings: int = MAX_RANGE_POSTINGS
    ) -> Iterator[Postings]:
        """The field's postings of all chunks, in term order, a range of terms at a time."""
        runs = [_RunIndex.of(run) for run in self._runs.get(field, [])]
        if not runs:
            return
        order, rank = term_ranks(np.concatenate([run.terms for run in runs]), keys)
        totals = np.zeros(len(order), dtype=np.int64)
        for run in runs:
            totals[rank[run.terms]] += np.diff(run.posting_offsets)
        before = np.cumsum(totals) - totals
        cuts = np.flatnonzero(np.diff(before // max_postings)) + 1
        bounds = [0, *cuts.tolist(), len(order)]
        for low, high in zip(bounds[:-1], bounds[1:], strict=True):
            yield self._range(runs, order, rank, low, high)

    @staticmethod
    def _range(
        runs: list[_RunIndex], order: np.ndarray, rank: np.ndarray, low: int, high: int
    ) -> Postings:
        """Terms ranked low..high-1 from every run, runs in document order."""
        pieces: list[dict[str, np.ndarray]] = []
        for run in runs:
            run_ranks = rank[run.terms]
            first, last = np.searchsorted(run_ranks, [low, high])
            if first == last:
                continue
            start, stop = run.posting_offsets[first], run.posting_offsets[last]
            piece = {name: run.run.read(name, start, stop) for name in ("docs", "freqs", "weights")}
            piece["ranks"] = np.repeat(
                run_ranks[first:last], np.diff(run.posting_offsets[first : last + 1])
            )
            if run.position_offsets is not None:
                bounds = run.position_offsets[first], run.position_offsets[last]
                piece["positions"] = run.run.read("positions", *bounds)
            pieces.append(piece)
        joined = {name: np.concatenate([p[name] for p in pieces]) for name in pieces[0]}
        ranks = joined["ranks"]
        positions = joined.get("positions")
        if len(pieces) > 1:  # several runs: interleave them by term, keeping run order
            by_term = np.argsort(ranks, kind="stable")
            if positions is not None:
                starts = offsets_of(joined["freqs"].astype(np.int64))[:-1]
                positions = positions[
                    concatenated_ranges(starts[by_term], joined["freqs"][by_term])
                ]
            ranks = ranks[by_term]
            joined = {name: values[by_term] for name, values in joined.items()}
        return _grouped(order, ranks, joined["docs"], joined["freqs"], joined["weights"], positions)

    def remove(self) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)
