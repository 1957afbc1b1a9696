"""The records a query matches and their scores, in the form their number makes cheap.

A result small beside the index is sparse: its record numbers ascending and a score per
record. A large one is dense: a mask and a score per record of the index (zero where the
mask is not set). Both answer to one interface (`rows`, `row_scores`, `mask`, `scores`,
`has`, `score_at`); each form is made from the other only when asked, once. A rare word
then costs what its few postings cost, where every pass over 112,000 records' masks and
scores used to cost more than its postings; a common word's postings are still added into
one dense array, where sorting them would cost more (`summed`).

Scores come out to the bit as one dense array would give them: every record's parts are
added in the order they are given, one addition per posting, starting from zero.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

# Above size / SPARSE_SHARE postings, a sum is added into a dense array: at 112,000
# records, sorting and grouping the postings cost as much as the dense passes at about
# 5,000 postings (two lists of 3,000: sparse 70-100 µs, dense 150 µs; of 10,000: sparse
# 250-340 µs, dense 190 µs).
SPARSE_SHARE = 20

Part = tuple[np.ndarray, np.ndarray]  # record numbers and a score per posting


class Matches:
    """The matched records and their scores, and the terms searched."""

    def __init__(
        self,
        size: int,
        rows: np.ndarray | None = None,
        values: np.ndarray | None = None,
        mask: np.ndarray | None = None,
        scores: np.ndarray | None = None,
    ) -> None:
        self.size = size
        self.is_dense = mask is not None
        self._rows = None if rows is None else np.asarray(rows, dtype=np.int64)
        self._values = values
        self._mask = mask
        self._scores = scores
        # What `terms` is worked out from, once asked: the question page's similar lists
        # never ask (a third of their evaluation).
        self.searched: Callable[[], dict[str, set[str]]] = dict
        self._terms: dict[str, set[str]] | None = None

    @property
    def terms(self) -> dict[str, set[str]]:
        """The searched terms per field, as a highlighter marks them."""
        if self._terms is None:
            self._terms = self.searched()
        return self._terms

    @classmethod
    def sparse(cls, size: int, rows: np.ndarray, values: np.ndarray) -> Matches:
        """`rows` ascending and distinct, `values` their scores."""
        return cls(size, rows=rows, values=values)

    @classmethod
    def dense(cls, mask: np.ndarray, scores: np.ndarray) -> Matches:
        """`scores` zero wherever `mask` is not set."""
        return cls(len(mask), mask=mask, scores=scores)

    @classmethod
    def none(cls, size: int) -> Matches:
        return cls.sparse(size, np.empty(0, dtype=np.int64), np.empty(0))

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def rows(self) -> np.ndarray:
        """The matched record numbers, ascending (int64)."""
        if self._rows is None:
            self._rows = np.flatnonzero(self._mask)
        return self._rows

    @property
    def row_scores(self) -> np.ndarray:
        """The score of each of `rows`."""
        if self._values is None:
            self._values = self._scores[self.rows]
        return self._values

    @property
    def mask(self) -> np.ndarray:
        """True for each matched record, over every record of the index."""
        if self._mask is None:
            self._mask = np.zeros(self.size, dtype=bool)
            self._mask[self._rows] = True
        return self._mask

    @property
    def scores(self) -> np.ndarray:
        """Each record's score over every record of the index, zero where not matched."""
        if self._scores is None:
            self._scores = np.zeros(self.size)
            self._scores[self._rows] = self._values
        return self._scores

    def has(self, docs: np.ndarray) -> np.ndarray:
        """Whether each of `docs` (record numbers) is matched."""
        if self.is_dense:
            return self._mask[docs]
        return self._places(docs) >= 0

    def score_at(self, docs: np.ndarray) -> np.ndarray:
        """Each of `docs`' score, zero where it is not matched."""
        if self.is_dense:
            return self._scores[docs]
        places = self._places(docs)
        found = np.zeros(len(docs))
        held = places >= 0
        found[held] = self.row_scores[places[held]]
        return found

    def _places(self, docs: np.ndarray) -> np.ndarray:
        """Where each of `docs` is in `rows`; -1 where it is not."""
        rows = self.rows
        if not len(rows):
            return np.full(len(docs), -1, dtype=np.int64)
        at = np.minimum(np.searchsorted(rows, docs), len(rows) - 1)
        return np.where(rows[at] == docs, at, -1)

    def without(self, docs: np.ndarray) -> Matches:
        """The matches but `docs` (record numbers: the deleted ones)."""
        if not self.is_dense:
            return self.keeping(np.isin(self.rows, docs, invert=True))
        self._mask[docs] = False
        self._scores[docs] = 0.0
        self._rows = self._values = None
        return self

    def keeping(self, keep: np.ndarray) -> Matches:
        """The matches at `rows[keep]` only (`keep`: a bool per row), scores unchanged."""
        if self.is_dense:
            dropped = self.rows[~keep]
            self._mask[dropped] = False
            self._scores[dropped] = 0.0
            self._rows = self._rows[keep]
            self._values = None if self._values is None else self._values[keep]
            return self
        return Matches.sparse(self.size, self.rows[keep], self.row_scores[keep])


def summed(size: int, parts: list[Part | Matches]) -> Matches:
    """Every record any part has, its score its parts' scores added in the order given: a
    (records, scores) pair may hold a record more than once (an expansion's terms), each
    posting added once, as numpy's add.at adds. Sparse while the postings are few beside
    the index and every part is sparse; else dense."""
    if any(isinstance(p, Matches) and p.is_dense for p in parts):
        return _summed_densely(size, parts)
    pairs = [(p.rows, p.row_scores) if isinstance(p, Matches) else p for p in parts]
    if sum(len(docs) for docs, _ in pairs) > size // SPARSE_SHARE:
        return _summed_densely(size, parts)
    pairs = [(docs, values) for docs, values in pairs if len(docs)]
    if not pairs:
        return Matches.none(size)
    if len(pairs) == 1 and _distinct_ascending(pairs[0][0]):
        return Matches.sparse(size, *pairs[0])
    docs = np.concatenate([docs for docs, _ in pairs])
    values = np.concatenate([values for _, values in pairs])
    order = np.argsort(docs, kind="stable")  # a record's postings stay in their order
    docs, values = docs[order], values[order]
    first = np.empty(len(docs), dtype=bool)
    first[0] = True
    np.not_equal(docs[1:], docs[:-1], out=first[1:])
    sums = np.zeros(int(np.count_nonzero(first)))
    np.add.at(sums, np.cumsum(first) - 1, values)
    return Matches.sparse(size, docs[first], sums)


def _summed_densely(size: int, parts: list[Part | Matches]) -> Matches:
    mask, scores = np.zeros(size, dtype=bool), np.zeros(size)
    for part in parts:
        if isinstance(part, Matches) and part.is_dense:
            mask |= part.mask
            scores += part.scores
            continue
        docs, values = (part.rows, part.row_scores) if isinstance(part, Matches) else part
        mask[docs] = True
        # One addition per posting in the postings' order (an expansion's terms share
        # records: a fancy += would keep one of each); also for one term, where numpy's
        # add.at is 2-3 times faster than a fancy += over 3,000-100,000 postings.
        np.add.at(scores, docs, values)
    return Matches.dense(mask, scores)


def _distinct_ascending(docs: np.ndarray) -> bool:
    return len(docs) < 2 or bool((docs[1:] > docs[:-1]).all())


def both(first: Matches, second: Matches) -> Matches:
    """The records both match, each scored the first's score plus the second's (in that
    order). Sparse as soon as one of them is."""
    if first.is_dense and second.is_dense:
        first._mask &= second._mask
        first._scores += second._scores
        first._scores *= first._mask
        first._rows = first._values = None
        return first
    if first.is_dense:
        keep = first.has(second.rows)
        rows = second.rows[keep]
        return Matches.sparse(first.size, rows, first.score_at(rows) + second.row_scores[keep])
    keep = second.has(first.rows)
    rows = first.rows[keep]
    return Matches.sparse(first.size, rows, first.row_scores[keep] + second.score_at(rows))


def plus_where_matched(result: Matches, extra: Matches) -> Matches:
    """`result`'s matches, each with `extra`'s score added where `extra` matches it too."""
    if result.is_dense:
        result._scores += extra.scores * result._mask
        result._values = None
        return result
    return Matches.sparse(result.size, result.rows, result.row_scores + extra.score_at(result.rows))


def scaled(result: Matches, factor: float) -> Matches:
    """Every score times `factor`."""
    if result.is_dense:
        result._scores *= factor
        result._values = None
        return result
    return Matches.sparse(result.size, result.rows, result.row_scores * factor)
