"""A parsed query evaluated over the search arrays (index.arrays), with numpy.

Every query the syntax allows is answered here, per posting list rather than per
posting: a word in most of 100,000 records costs milliseconds. A query becomes its
matched records and a score for each (BM25F, index.scoring), sparse for a few records
and a mask and a score per record for many (search.matches). What each kind of query
node means:

* a term: the records that have it, scored by BM25F; a prefix or a wildcard (anywhere
  in a word, over the sorted lexicon): every term it expands to, each scored so;
* AND: records matched by every part, the parts' scores added; OR: by any part, the
  scores of the parts that match added; a phrase: the words in order, each within
  the phrase's slop of the one before, scored as the sum of its words;
* NOT adds nothing to a score: ``a NIET b`` scores as ``a``; a query that is only a
  negation (``NIET b``) matches every record without ``b``, each with score 0 (and
  records of equal score are in index order); ANDNOT is NOT; ANDMAYBE matches the
  first part and adds the second's score where it matches too; REQUIRE matches both
  and scores the first; ``*`` alone matches every record with score 0.
* a proximity bonus (search.query) matches what its base query matches and adds its
  near phrase's score where the phrase matches too.

Deleted records are never matched. A leaf's terms are looked up once per query
(search.query_terms), or once for the queries that share a `QueryTerms`; the snippets
reuse them. An OR's plain terms are scored in one call per field, its other parts each
alone; every record's scores are still added in the query's order.
"""

from __future__ import annotations

from functools import partial

import numpy as np
from whoosh.query import (
    And,
    AndMaybe,
    AndNot,
    Every,
    Not,
    NullQuery,
    Or,
    Phrase,
    Prefix,
    Query,
    Require,
    Term,
    Wildcard,
)

from index.arrays.read import FieldView, IndexArrays
from search.matches import Matches, both, plus_where_matched, scaled, summed
from search.query import ProximityBonus
from search.query_terms import Postings, QueryTerms, as_text

_POSITION_BITS = 24  # positions within one field stay far below 16 million


class UnknownQuery(TypeError):
    """A query node the parser does not make (a bug, not a user's mistake)."""


class Evaluator:
    def __init__(self, arrays: IndexArrays) -> None:
        self.arrays = arrays
        self.size = arrays.doc_count_all

    def evaluate(
        self,
        query: Query,
        top: int | None = None,
        allowed: np.ndarray | None = None,
        terms: QueryTerms | None = None,
    ) -> Matches:
        """Matches and scores of `query`, and the terms it searched.

        With `top` (and the `allowed` mask of the filters), only the `top` best allowed
        matches need exact scores: a proximity bonus is then worked out only for the
        records that can still reach them (see `_bonus`). `terms`: the look-ups (and
        scored terms) this evaluation shares with others; None: its own.
        """
        terms = QueryTerms(self.arrays) if terms is None else terms
        if isinstance(query, ProximityBonus):
            result = self._bonus(query, terms, top, allowed)
        else:
            result = self._evaluate(query, terms)
        result = self._drop_deleted(result)
        result.searched = partial(terms.all, query)
        return result

    def _evaluate(
        self,
        query: Query,
        terms: QueryTerms,
        within: np.ndarray | None = None,
        among: np.ndarray | None = None,
    ) -> Matches:
        """`within`: a mask of the records whose scores must be exact (None: all).
        `among`: ascending record numbers, the only ones the caller keeps (an AND's other
        part matched them): matches outside them may be left out, a kept one's score is
        the same."""
        if query is NullQuery:
            return Matches.none(self.size)
        if isinstance(query, ProximityBonus):
            return self._bonus(query, terms)
        kind = type(query)
        if kind in (Term, Prefix, Wildcard):
            return summed(self.size, self._parts([query], 1.0, terms, within, among))
        if kind is Or:
            return summed(
                self.size, self._parts(query.subqueries, query.boost, terms, within, among)
            )
        if kind is And:
            return self._and(query, terms)
        if kind is Phrase:
            return self._phrase(query, within)
        if kind is Not:
            return self._all_but(self._evaluate(query.query, terms))
        if kind is AndNot:
            return self._and_not(self._evaluate(query.a, terms), self._evaluate(query.b, terms))
        if kind is AndMaybe:
            maybe = self._evaluate(query.b, terms)
            return plus_where_matched(self._evaluate(query.a, terms), maybe)
        if kind is Require:
            result = self._evaluate(query.a, terms)
            return result.keeping(self._evaluate(query.b, terms).has(result.rows))
        if kind is Every:
            return Matches.dense(np.ones(self.size, dtype=bool), np.zeros(self.size))
        raise UnknownQuery(f"geen evaluatie voor {kind.__name__}")

    # -- leaves -------------------------------------------------------------------
    def _expansion(
        self,
        query: Prefix | Wildcard,
        terms: QueryTerms,
        boost: float,
        among: np.ndarray | None = None,
    ) -> Postings:
        """An expansion's terms' records and scores, a record once per posting
        (search.matches.summed adds them up)."""
        view = self.arrays.field(query.fieldname)
        docs, scores = view.scored_rows(terms.rows(query), among)
        factor = query.boost * boost
        if factor != 1.0 and len(docs):
            scores *= factor
        return docs, scores

    def _phrase(self, query: Phrase, within: np.ndarray | None = None) -> Matches:
        view = self.arrays.field(query.fieldname)
        words = [as_text(word) for word in query.words]
        if not words or not all(word in view for word in words):
            return Matches.none(self.size)
        docs = _phrase_documents(view, words, query.slop, within)
        scores = np.zeros(len(docs))
        for word in words:  # the score: the sum of the words' scores, at `docs` only
            scores += view.scores_at(word, docs) * query.boost
        return Matches.sparse(self.size, docs, scores)

    # -- compounds ------------------------------------------------------------------
    def _parts(
        self,
        queries: list[Query],
        boost: float,
        terms: QueryTerms,
        within: np.ndarray | None = None,
        among: np.ndarray | None = None,
    ) -> list[Postings | Matches]:
        """The scores of an OR's parts (`queries`, the OR boosted by `boost`), in its
        order: its plain terms' postings scored in one call per field, each other part
        alone."""
        plain = [(sub.fieldname, as_text(sub.text)) for sub in queries if type(sub) is Term]
        scored = iter(terms.scored(plain, among) if plain else ())
        parts: list[Postings | Matches] = []
        for sub in queries:
            kind = type(sub)
            if kind is Term:
                docs, scores = next(scored)
                factor = sub.boost * boost
                # A new array: the postings are kept for the queries sharing `terms`.
                parts.append((docs, scores * factor if factor != 1.0 else scores))
            elif kind in (Prefix, Wildcard):
                parts.append(self._expansion(sub, terms, boost, among))
            else:
                parts.append(scaled(self._evaluate(sub, terms, within, among), boost))
        return parts

    def _and(self, query: And, terms: QueryTerms) -> Matches:
        positives = [q for q in query.subqueries if not isinstance(q, Not)]
        negatives = [q.query for q in query.subqueries if isinstance(q, Not)]
        if not positives:  # only negations: every record without any of them
            return self._all_but(self._evaluate(Or(negatives), terms))
        # The part with the fewest postings first; the others are read at its records
        # only, and the scores still added in the query's order, as a record's are.
        first = self._fewest_postings(positives, terms)
        driver = self._evaluate(positives[first], terms)
        parts: list[Matches] = []
        for i, sub in enumerate(positives):
            # Once no record is left, the other parts can take none away or score one: a
            # word the index lacks beside a common one reads none of the common one's lists.
            if not len(driver) or (parts and not len(parts[-1])):
                return Matches.none(self.size)
            parts.append(driver if i == first else self._evaluate(sub, terms, among=driver.rows))
        result = parts[0]
        for part in parts[1:]:
            result = both(result, part)
        for sub in negatives:
            if not len(result):
                return Matches.none(self.size)
            result = self._and_not(result, self._evaluate(sub, terms, among=result.rows))
        return scaled(result, query.boost)

    def _fewest_postings(self, queries: list[Query], terms: QueryTerms) -> int:
        """Which of `queries` reads the fewest postings: the first of them when any has
        more than terms for leaves (a phrase, a negation), whose reading is not counted."""
        counts = []
        for sub in queries:
            leaves = list(sub.leaves())
            if not all(type(leaf) in (Term, Prefix, Wildcard) for leaf in leaves):
                return 0
            counts.append(sum(terms.posting_count(leaf) for leaf in leaves))
        return int(np.argmin(counts))

    def _and_not(self, result: Matches, negated: Matches) -> Matches:
        return result.keeping(~negated.has(result.rows))

    def _all_but(self, negated: Matches) -> Matches:
        """Every record the negated query does not match, each with score 0."""
        return Matches.dense(~negated.mask, np.zeros(self.size))

    def _bonus(
        self,
        query: Or,
        terms: QueryTerms,
        top: int | None = None,
        allowed: np.ndarray | None = None,
    ) -> Matches:
        """The base query's matches, plus the score of the near phrase where it matches.

        The near phrase scores the same words in two of the fields the base query
        scores them in, so its score never exceeds the base score (all BM25 scores
        are positive): a record ends at most at twice its base score. When only the
        `top` best are wanted, a record whose base score is below half the `top`-th
        best base score cannot reach them, and its positions are not looked at.
        """
        base, *bonuses = query.subqueries
        # Deleted records must not set the threshold.
        result = self._drop_deleted(self._evaluate(base, terms))
        within = _reachable(result, top, allowed) if top else None
        if within is not None and not within.any():
            return result  # no record whose score is shown: no positions to read
        for sub in bonuses:
            result = plus_where_matched(result, self._evaluate(sub, terms, within))
        return result

    def _drop_deleted(self, result: Matches) -> Matches:
        """Deleted records unmatched. Only they are touched: a pass over every record's
        mask and score was a third of evaluating a rare word."""
        deleted = self.arrays.deleted
        return result.without(deleted) if len(deleted) and len(result) else result


def _reachable(result: Matches, top: int, allowed: np.ndarray | None) -> np.ndarray:
    """The allowed matches whose base score is at least half the `top`-th best one (all
    of them when there are no more than `top`), as a mask."""
    rows, scores = result.rows, result.row_scores
    if allowed is not None:
        keep = allowed[rows]
        rows, scores = rows[keep], scores[keep]
    count = len(rows)
    if count > top:
        kth = np.partition(scores, count - top)[count - top]
        rows = rows[scores >= kth / 2]
    within = np.zeros(result.size, dtype=bool)
    within[rows] = True
    return within


def _phrase_documents(
    view: FieldView, words: list[str], slop: int, within: np.ndarray | None = None
) -> np.ndarray:
    """Records where the words follow each other, each within `slop` positions of the
    one before (slop 1: adjacent), as Whoosh's SpanNear2 with mindist 1 decides; with
    `within`, only records in that mask are looked at."""
    ends = _occurrence_keys(view, words[0], within)
    for word in words[1:]:
        keys = _occurrence_keys(view, word, within)  # ascending, as `ends`
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


def _occurrence_keys(view: FieldView, word: str, within: np.ndarray | None = None) -> np.ndarray:
    docs, positions = view.occurrences(word, within)
    return (docs.astype(np.int64) << _POSITION_BITS) | positions.astype(np.int64)


def top_by_score(
    matches: np.ndarray, candidate_scores: np.ndarray, limit: int
) -> list[tuple[float, int]]:
    """The best `limit` (score, record number) pairs among `matches` (record numbers, each
    with its score in `candidate_scores`), highest score first and the lower record
    number first on a tie, as Whoosh's collector orders them."""
    if len(matches) == 0:
        return []
    if len(matches) > limit:
        threshold = np.partition(candidate_scores, len(matches) - limit)[len(matches) - limit]
        keep = candidate_scores >= threshold
        matches, candidate_scores = matches[keep], candidate_scores[keep]
    order = np.lexsort((matches, -candidate_scores))[:limit]
    return [(float(candidate_scores[i]), int(matches[i])) for i in order]


def top_by_rank(matches: np.ndarray, rank: np.ndarray, limit: int) -> list[int]:
    """The `limit` record numbers among `matches` that come first in `rank`."""
    if len(matches) == 0:
        return []
    ranks = rank[matches]
    if len(matches) > limit:
        keep = np.argpartition(ranks, limit - 1)[:limit]
        matches, ranks = matches[keep], ranks[keep]
    return [int(d) for d in matches[np.argsort(ranks, kind="stable")]]
