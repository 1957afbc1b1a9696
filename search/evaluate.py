"""A parsed query evaluated over the posting arrays of `index.arrays.postings`, with numpy.

The same matches and the same BM25F scores as Whoosh's matchers give (checked
query by query in tests/search/test_evaluate.py), but per posting list instead of
per posting: a word in most of 100,000 records costs milliseconds, not seconds.

A query is evaluated into a boolean mask over all documents and a score array.
Query kinds the arrays cannot answer raise `Unsupported`; the engine then asks
Whoosh itself, so a rare construct is slower, never wrong.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

import numpy as np
from whoosh.query import And, AndNot, Not, NullQuery, Or, Phrase, Prefix, Query, Term

from index.arrays.postings import FieldPostings, PostingsStore, term_text
from search.query import ProximityBonus

_POSITION_BITS = 24  # positions within one field stay far below 16 million


class Unsupported(Exception):
    """A query node the arrays cannot answer (Whoosh answers it instead)."""


@dataclass
class Matches:
    mask: np.ndarray  # bool per document number
    scores: np.ndarray  # float64 per document number; meaningful where mask is set


class Evaluator:
    def __init__(self, store: PostingsStore) -> None:
        self.store = store
        self.size = store.doc_count_all

    def evaluate(
        self, query: Query, top: int | None = None, allowed: np.ndarray | None = None
    ) -> Matches:
        """Matches and scores of `query`; scores are zero wherever the mask is not set.

        With `top` (and the `allowed` mask of the filters), only the `top` best allowed
        matches need exact scores: a proximity bonus is then worked out only for the
        records that can still reach them (see `_bonus`).
        """
        if isinstance(query, ProximityBonus):
            return self._bonus(query, top, allowed)
        return self._evaluate(query)

    def _evaluate(self, query: Query, within: np.ndarray | None = None) -> Matches:
        """`within`: a mask of the records whose scores must be exact (None: all)."""
        if query is NullQuery:
            return self._empty()
        # ProximityBonus is an Or whose first part alone decides the matches.
        if isinstance(query, ProximityBonus):
            return self._bonus(query)
        kind = type(query)
        if kind in (Term, Prefix):
            result = self._empty()
            self._add_leaf(result, query, 1.0)
            return result
        if kind is Or:
            return self._or(query, within)
        if kind is And:
            return self._and(query)
        if kind is AndNot:
            return self._and_not(query)
        if kind is Phrase:
            return self._phrase(query, within)
        raise Unsupported(kind.__name__)

    # -- leaves -------------------------------------------------------------------
    def _field(self, name: str) -> FieldPostings:
        field = self.store.fields.get(name)
        if field is None:
            raise Unsupported(f"veld {name}")
        return field

    def _leaf_rows(self, query: Term | Prefix) -> tuple[FieldPostings, list[int]]:
        field = self._field(query.fieldname)
        text = term_text(query.text)
        if isinstance(query, Term):
            row = field.row(text)
            return field, [] if row is None else [row]
        start = bisect_left(field.sorted_terms, text)
        rows = []
        for term in field.sorted_terms[start:]:
            if not term.startswith(text):
                break
            rows.append(field.terms[term])
        return field, rows

    def _add_leaf(self, result: Matches, query: Term | Prefix, boost: float) -> None:
        """Add a term's (or a prefix's terms') scores into `result`, in place.

        For a prefix Whoosh asks for "constant" scores, but its searcher then falls
        back to its own weighting: each expanded term scores by BM25.
        """
        field, rows = self._leaf_rows(query)
        for row in rows:
            docs, scores = field.postings(row)  # BM25 per posting, from indexing
            result.mask[docs] = True
            factor = query.boost * boost
            result.scores[docs] += scores if factor == 1.0 else scores * factor

    def _phrase(self, query: Phrase, within: np.ndarray | None = None) -> Matches:
        field = self._field(query.fieldname)
        if field.positions is None:
            raise Unsupported(f"geen posities in {query.fieldname}")
        rows = [field.row(term_text(word)) for word in query.words]
        matches = self._empty()
        if not rows or any(row is None for row in rows):
            return matches
        docs = _phrase_documents(field, rows, query.slop, within)
        if len(docs) == 0:
            return matches
        matches.mask[docs] = True
        for row in rows:  # the score: the sum of the words' scores, read at `docs` only
            term_docs, scores = field.postings(row)
            matches.scores[docs] += scores[np.searchsorted(term_docs, docs)] * query.boost
        return matches

    # -- compounds ------------------------------------------------------------------
    def _or(self, query: Or, within: np.ndarray | None = None) -> Matches:
        if getattr(query, "minmatch", 0):
            raise Unsupported("Or met minmatch")
        result = self._empty()
        for sub in query.subqueries:
            if type(sub) in (Term, Prefix):
                self._add_leaf(result, sub, query.boost)
                continue
            part = self._evaluate(sub, within)
            result.mask |= part.mask
            result.scores += part.scores * query.boost
        return result

    def _and(self, query: And) -> Matches:
        positives = [q for q in query.subqueries if not isinstance(q, Not)]
        negatives = [q.query for q in query.subqueries if isinstance(q, Not)]
        if not positives:
            raise Unsupported("And zonder positief deel")
        result = self._evaluate(positives[0])
        for sub in positives[1:]:
            part = self._evaluate(sub)
            result.mask &= part.mask
            result.scores += part.scores
        for sub in negatives:
            result.mask &= ~self._evaluate(sub).mask
        result.scores *= result.mask
        result.scores *= query.boost
        return result

    def _and_not(self, query: AndNot) -> Matches:
        result = self._evaluate(query.a)
        result.mask &= ~self._evaluate(query.b).mask
        result.scores *= result.mask
        return result

    def _bonus(
        self, query: Or, top: int | None = None, allowed: np.ndarray | None = None
    ) -> Matches:
        """The base query's matches, plus the score of the near phrase where it matches.

        The near phrase scores the same words in two of the fields the base query
        scores them in, so its score never exceeds the base score (all BM25 scores
        are positive): a record ends at most at twice its base score. When only the
        `top` best are wanted, a record whose base score is below half the `top`-th
        best base score cannot reach them, and its positions are not looked at.
        """
        base, *bonuses = query.subqueries
        result = self._evaluate(base)
        within = _reachable(result, top, allowed) if top else None
        for sub in bonuses:
            result.scores += self._evaluate(sub, within).scores * result.mask
        return result

    def _empty(self) -> Matches:
        return Matches(np.zeros(self.size, dtype=bool), np.zeros(self.size))


def _reachable(result: Matches, top: int, allowed: np.ndarray | None) -> np.ndarray | None:
    """The allowed matches whose base score is at least half the `top`-th best one."""
    candidates = result.mask if allowed is None else result.mask & allowed
    count = int(np.count_nonzero(candidates))
    if count <= top:
        return None
    scores = result.scores[candidates]
    kth = np.partition(scores, count - top)[count - top]
    return candidates & (result.scores >= kth / 2)


def _phrase_documents(
    field: FieldPostings, rows: list[int], slop: int, within: np.ndarray | None = None
) -> np.ndarray:
    """Documents where the terms follow each other, each within `slop` positions of
    the one before (slop 1: adjacent), as Whoosh's SpanNear2 with mindist 1 decides;
    with `within`, only documents in that mask are looked at."""
    ends = _occurrence_keys(field, rows[0], within)
    for row in rows[1:]:
        keys = _occurrence_keys(field, row, within)  # ascending, as `ends`
        # An occurrence is reached when some end lies 1 to `slop` positions before it
        # (positions stay far below 2**24, so this never reaches into another record).
        first = np.searchsorted(ends, keys - slop)
        inside = first < len(ends)
        reached = np.zeros(len(keys), dtype=bool)
        reached[inside] = ends[first[inside]] <= keys[inside] - 1
        ends = keys[reached]
        if len(ends) == 0:
            break
    documents = ends >> _POSITION_BITS
    return documents[np.r_[True, documents[1:] != documents[:-1]]] if len(documents) else documents


def _occurrence_keys(
    field: FieldPostings, row: int, within: np.ndarray | None = None
) -> np.ndarray:
    docs, positions = field.occurrences(row)
    if within is not None:
        keep = within[docs]
        docs, positions = docs[keep], positions[keep]
    return (docs.astype(np.int64) << _POSITION_BITS) | positions.astype(np.int64)


def top_by_score(matches: np.ndarray, scores: np.ndarray, limit: int) -> list[tuple[float, int]]:
    """The best `limit` (score, document number) pairs among `matches` (document
    numbers), highest score first and the lower document number first on a tie,
    exactly as Whoosh's collector orders them."""
    if len(matches) == 0:
        return []
    candidate_scores = scores[matches]
    if len(matches) > limit:
        threshold = np.partition(candidate_scores, len(matches) - limit)[len(matches) - limit]
        keep = candidate_scores >= threshold
        matches, candidate_scores = matches[keep], candidate_scores[keep]
    order = np.lexsort((matches, -candidate_scores))[:limit]
    return [(float(candidate_scores[i]), int(matches[i])) for i in order]


def top_by_rank(matches: np.ndarray, rank: np.ndarray, limit: int) -> list[int]:
    """The `limit` document numbers among `matches` that come first in `rank`."""
    if len(matches) == 0:
        return []
    ranks = rank[matches]
    if len(matches) > limit:
        keep = np.argpartition(ranks, limit - 1)[:limit]
        matches, ranks = matches[keep], ranks[keep]
    return [int(d) for d in matches[np.argsort(ranks, kind="stable")]]
