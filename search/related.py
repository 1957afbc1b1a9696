"""Related answers: the ones an answer points to, the ones pointing back, and similar ones.

Similar answers come from a more-like-this over the search arrays, as Lucene's
MoreLikeThis makes one: the passage (a record's text, or any text such as a draft
question) is analysed with the index's own Dutch chain (stemmed, stopwords dropped),
terms found in no other record or in more than half of them are dropped, and the
KEY_TERMS terms with the highest tf·idf become an OR query over the similar fields
(index.schema), each term boosted by its tf·idf relative to the best one, scored with
BM25F like any query (search.evaluate). On the bundled letter this finds what Whoosh's
key terms found (tests/search/test_related.py), in a fraction of the time.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from whoosh.query import Or, Term

from index import scoring
from index.schema import CONTENT_FIELDS, SIMILAR_FIELDS, joined
from ingest.records import QUESTION
from search.evaluate import top_by_score
from search.generation import OpenGeneration
from search.records import record_dict

SIMILAR_COUNT = 5
KEY_TERMS = 10
# A term in more than this share of the records says nothing about what a text is about.
MAX_SHARE = 0.5


def key_terms(live: OpenGeneration, text: str, count: int = KEY_TERMS) -> list[tuple[str, float]]:
    """The passage's most significant terms, each with its tf·idf relative to the best."""
    analyzer = live.schema[SIMILAR_FIELDS[0]].analyzer
    frequencies, _ = analyzer.term_counts(text, "index")
    # How common a term is: in the content field where it is most common.
    views = [live.arrays.field(name) for name in CONTENT_FIELDS]
    most = MAX_SHARE * live.arrays.doc_count_all
    weighted = []
    for term, tf in frequencies.items():
        df = max(view.doc_frequency(term) for view in views)
        if 2 <= df <= most:  # in another record, and not in most of them
            weighted.append((term, tf * float(scoring.idf(df, live.arrays.doc_count_all))))
    weighted.sort(key=lambda item: (-item[1], item[0]))
    best = weighted[0][1] if weighted else 1.0
    return [(term, weight / best) for term, weight in weighted[:count]]


def like(
    live: OpenGeneration,
    text: str,
    limit: int,
    allowed: np.ndarray | None = None,
    exclude: list[int] | tuple[int, ...] = (),
) -> list[tuple[float, int]]:
    """The `limit` best (score, record number) for a passage: the records most like it
    among `allowed` (None: all), without the records in `exclude`."""
    terms = key_terms(live, text)
    if not terms:
        return []
    query = Or(
        [Term(name, term, boost=weight) for term, weight in terms for name in SIMILAR_FIELDS]
    )
    matches = live.evaluator.evaluate(query)
    mask = matches.mask if allowed is None else matches.mask & allowed
    mask[list(exclude)] = False
    return top_by_score(np.flatnonzero(mask), matches.scores, limit)


def content(stored: dict[str, Any]) -> str:
    """A record's own text, as a more-like-this reads it."""
    return joined(stored.get(name) for name in CONTENT_FIELDS)


def related_records(live: OpenGeneration, docnum: int) -> dict[str, list[dict]]:
    """The three lists for one record: verwijst naar, aangehaald door, vergelijkbaar."""
    stored = live.stored(docnum)
    return {
        "refers_to_records": _by_number(live, stored["document"], stored.get("refers_to")),
        "referred_by_records": _by_number(live, stored["document"], stored.get("referred_by")),
        "similar": similar_records(live, docnum, stored),
    }


def _by_number(live: OpenGeneration, document: str, numbers: list[int] | None) -> list[dict]:
    found = (live.record(document, number) for number in numbers or [])
    return [record_dict(live.stored(docnum)) for docnum in found if docnum is not None]


def similar_records(
    live: OpenGeneration, docnum: int, stored: dict[str, Any], count: int = SIMILAR_COUNT
) -> list[dict]:
    """Questions most like this record's text.

    Never itself nor a copy of it, and not the answers already listed under
    "verwijst naar" and "aangehaald door": this list is for what the reader would miss.
    """
    linked = [*(stored.get("refers_to") or []), *(stored.get("referred_by") or [])]
    found = (live.record(stored["document"], number) for number in linked)
    exclude = [docnum, *(d for d in found if d is not None)]
    own = content(stored).strip()
    questions = np.zeros(live.size, dtype=bool)
    questions[live.records_of("kind", QUESTION)] = True
    similar: list[dict] = []
    seen = {own}
    for _, candidate in like(live, own, count * 3, allowed=questions, exclude=exclude):
        found = live.stored(candidate)
        text = content(found).strip()
        if text in seen:
            continue
        seen.add(text)
        similar.append(record_dict(found))
        if len(similar) == count:
            break
    return similar
