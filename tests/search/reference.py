"""Whoosh's own searcher, the reference the search arrays are compared with (tests only).

The engine answers every query from the arrays (search.evaluate); here the same query
runs through Whoosh's matchers and collector over the same segments. Where Whoosh's
scoring is not what the engine means to do, the query is first rewritten into one whose
Whoosh scores are the intended ones, each rewrite a documented rule of search.evaluate:

* NOT adds nothing to a score: an AND with NOT parts becomes ANDNOT (Whoosh scores a NOT
  part of an AND as a matcher worth 1.0 per record);
* a query that is only a negation matches every live record without the negated ones,
  each with score 0 (here: Whoosh's matches of the negated query taken from all records);
* a proximity bonus adds no matches (Whoosh's union also returns records where only the
  near phrase matches, when the exact field requires a stopword the phrase lacks);
* a prefix or a wildcard scores every term it expands to by BM25F, as Whoosh does on an
  index of more than 5,000 records (`as_on_a_large_index`);
* a filter adds nothing to a score: records are filtered as a set.

Whoosh reads the segments' terms and postings through index.segment.codec, from the same
arrays the engine reads: what is compared here is the engine's query evaluation and
numpy scoring with Whoosh's parser, matchers, scorer and collector. That the postings
are those Whoosh itself would write is tests/index/segment/test_bulk.py's comparison
with an index Whoosh's own writer made.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from whoosh.collectors import TopCollector
from whoosh.query import And, AndNot, Not, Or, Query

from search.query import ProximityBonus


class MatchRecordingCollector(TopCollector):
    """Top `limit` among `allowed` (None: all), remembering every matching record."""

    def __init__(self, limit: int, allowed: set[int] | None = None) -> None:
        # Every match must be seen to be counted: no block-quality skipping, and no
        # replacing the matcher by one that drops records that cannot reach the top N.
        super().__init__(limit=limit, usequality=False, replace=0)
        self.allowed = allowed
        self.matched: list[int] = []

    def collect(self, sub_docnum: int) -> float:
        docnum = self.offset + sub_docnum
        self.matched.append(docnum)
        if self.allowed is not None and docnum not in self.allowed:
            return 0  # counted, but not scored: it cannot be on the page
        return super().collect(sub_docnum)


@contextmanager
def as_on_a_large_index() -> Iterator[None]:
    """Whoosh picks its union matcher by index size: up to 5,000 records it preloads a
    multi-term union and, for a prefix, leaves it unscored; above, it scores every
    expanded term by BM25F, as the arrays do. This makes it do the latter here."""
    original = Or.matcher_type
    Or.matcher_type = Or.DEFAULT_MATCHER
    try:
        yield
    finally:
        Or.matcher_type = original


def intended(query: Query) -> Query:
    """The query with each AND that has NOT parts written as ANDNOT."""
    if isinstance(query, ProximityBonus):
        return ProximityBonus([intended(q) for q in query.subqueries])
    if isinstance(query, And):
        positives = [intended(q) for q in query.subqueries if not isinstance(q, Not)]
        negatives = [intended(q.query) for q in query.subqueries if isinstance(q, Not)]
        if negatives and positives:
            kept = positives[0] if len(positives) == 1 else And(positives, boost=query.boost)
            return AndNot(kept, negatives[0] if len(negatives) == 1 else Or(negatives))
    return query.apply(intended)


def negated(query: Query) -> Query | None:
    """The negated part of a query that is only a negation; None for any other query."""
    if isinstance(query, Not):
        return query.query
    if isinstance(query, And) and all(isinstance(q, Not) for q in query.subqueries):
        return Or([q.query for q in query.subqueries])
    return None


def base(query: Query) -> Query:
    """The query without its proximity bonus, which never adds or removes a match."""
    if isinstance(query, ProximityBonus):
        return base(query.subqueries[0])
    return query.apply(base)


@dataclass
class Page:
    total: int
    counts: dict[str, int]  # matches per party, ignoring the party filter
    top: list[tuple[float, int]]  # (score, record number); score 0 sorted by date


def party_records(searcher: Any) -> dict[str, set[int]]:
    reader = searcher.reader()
    return {
        term.decode("utf-8"): set(reader.postings("party", term).all_ids())
        for term in reader.lexicon("party")
    }


def reference_page(
    searcher: Any,
    query: Query,
    parties: set[int] | None,
    scope: set[int] | None,
    limit: int,
    by_date: bool,
) -> Page:
    """What Whoosh gives for `query`, filtered by the records of the chosen `parties`
    and the `scope` (a document), with the party counts of all matches in scope."""
    with as_on_a_large_index():
        inner = negated(query)
        if inner is not None:
            everything = set(searcher.reader().all_doc_ids())
            matched = everything - set(searcher.docs_for_query(inner))
            scores = dict.fromkeys(matched, 0.0)
        else:
            rewritten = intended(query)
            matched = set(searcher.docs_for_query(base(rewritten)))
            collector = MatchRecordingCollector(len(matched) or 1, allowed=matched)
            searcher.search_with_collector(rewritten, collector)
            scores = {hit.docnum: hit.score for hit in collector.results()}
    if scope is not None:
        matched &= scope
    counts = {party: len(docs & matched) for party, docs in party_records(searcher).items()}
    shown = matched & parties if parties is not None else matched
    if by_date:
        top = [(0.0, docnum) for docnum in sorted(shown, key=lambda d: _date_key(searcher, d))]
    else:
        top = sorted(((scores[d], d) for d in shown), key=lambda pair: (-pair[0], pair[1]))
    ordered = dict(sorted(((p, n) for p, n in counts.items() if n), key=_by_count))
    return Page(len(shown), ordered, top[:limit])


def _by_count(item: tuple[str, int]) -> tuple[int, str]:
    return -item[1], item[0].casefold()


def _date_key(searcher: Any, docnum: int) -> tuple[bool, float, str, int]:
    """Newest first, records without a date last, then by document and place in it."""
    stored = searcher.stored_fields(docnum)
    date = stored.get("date")
    newest = -date.timestamp() if isinstance(date, datetime) else 0.0
    return (date is None, newest, stored["document"], stored.get("position", 0))
