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
from whoosh.query import Or, Query, Term

from index import scoring
from index.schema import COMPOUNDS_FIELD, CONTENT_FIELDS, SIMILAR_FIELDS, joined
from ingest.records import QUESTION
from search.evaluate import top_by_score
from search.generation import OpenGeneration
from search.query_terms import QueryTerms
from search.records import record_dict

SIMILAR_COUNT = 5
KEY_TERMS = 10
# A pasted passage gets more: measured on the real letters' questions (RELEVANCE.md), 15
# put its own answer in the top 3 for 55 of 80 against 54 at 10; more added nothing.
PASSAGE_KEY_TERMS = 15
# A term in more than this share of the records says nothing about what a text is about.
MAX_SHARE = 0.5


class DocFrequencies:
    """How many records hold a term, in the field where it is most common, each asked of
    the arrays once (`terms`): the question page's two more-like-this queries share most
    terms, and are evaluated with the look-ups made here."""

    def __init__(self, live: OpenGeneration) -> None:
        self.terms = QueryTerms(live.arrays)
        self.known: dict[tuple[str, tuple[str, ...]], int] = {}

    def of(self, terms: dict[str, tuple[str, ...]]) -> dict[str, int]:
        """Each term's document frequency, the most of the fields it is counted in: the
        content fields, whose texts the similar fields hold, for a word (every new one
        at once); the compounds field too for a part (among the fields `terms` gives it)."""
        new = [(term, fields) for term, fields in terms.items() if (term, fields) not in self.known]
        if new:
            words = [term for term, _ in new]
            most = np.zeros(len(new), dtype=np.int64)
            for name in CONTENT_FIELDS:
                np.maximum(most, self.terms.frequencies(name, words), out=most)
            others = dict.fromkeys(n for _, f in new for n in f if n not in SIMILAR_FIELDS)
            for name in others:
                at = [i for i, (_, fields) in enumerate(new) if name in fields]
                found = self.terms.frequencies(name, [words[i] for i in at])
                most[at] = np.maximum(most[at], found)
            self.known.update(zip(new, most.tolist(), strict=True))
        return {term: self.known[term, fields] for term, fields in terms.items()}


def key_terms(
    live: OpenGeneration, text: str, count: int = KEY_TERMS, in_index: bool = True
) -> list[tuple[str, float]]:
    """The passage's most significant terms, each with its tf·idf relative to the best.

    `in_index`: the passage is a record's own text, so a term found in that record only
    says nothing about another; a pasted passage's rarest term is its most telling one.
    Terms in most records are dropped unless nothing else is left, so that a passage
    made of common words still finds the records that share them."""
    counted = _counted_terms(live, _source_counts(live, text))
    weighed = _weighed_terms(live, counted, count, in_index, DocFrequencies(live))
    return [(term, weight) for term, weight, _ in weighed]


# A passage's terms: how often each occurs, and the fields it is looked for in.
Counted = tuple[dict[str, int], dict[str, tuple[str, ...]]]


def _source_counts(live: OpenGeneration, text: str) -> list[dict[str, int]]:
    """How often each term occurs in `text`, by each source's chain (`_sources`)."""
    return [
        live.schema[analysed].analyzer.term_counts(text, "index")[0]
        for analysed, _ in _sources(live)
    ]


def _counted_terms(live: OpenGeneration, per_source: list[dict[str, int]]) -> Counted:
    frequencies: dict[str, int] = {}
    fields: dict[str, tuple[str, ...]] = {}
    for (_, searched), counts in zip(_sources(live), per_source, strict=True):
        for term, tf in counts.items():
            # A part is often a word of the passage too (NAVO, NAVO-top): counted once.
            frequencies[term] = max(frequencies.get(term, 0), tf)
            fields[term] = tuple(dict.fromkeys([*fields.get(term, ()), *searched]))
    return frequencies, fields


def _weighed_terms(
    live: OpenGeneration, counted: Counted, count: int, in_index: bool, df_of: DocFrequencies
) -> list[tuple[str, float, tuple[str, ...]]]:
    """(term, weight relative to the best, fields it is looked for in), best first."""
    frequencies, fields = counted
    total = live.arrays.doc_count_all
    fewest = 2 if in_index else 1
    weighted, common = [], []
    dfs = df_of.of(fields)
    idfs = scoring.idf(list(dfs.values()), total).tolist() if dfs else []
    for (term, df), idf in zip(dfs.items(), idfs, strict=True):
        if df >= fewest:
            weight = frequencies[term] * idf
            (weighted if df <= MAX_SHARE * total else common).append((term, weight))
    chosen = weighted or common
    chosen.sort(key=lambda item: (-item[1], item[0]))
    best = chosen[0][1] if chosen else 1.0
    return [(term, weight / best, fields[term]) for term, weight in chosen[:count]]


def _sources(live: OpenGeneration) -> list[tuple[str, tuple[str, ...]]]:
    """Which field's chain reads the passage, and where its terms are looked for: the
    Dutch words in the similar fields; the parts of its compounds there and among the
    parts of the records' compounds ("bankrekening" meets "rekening" and
    "spaarrekening")."""
    sources = [(SIMILAR_FIELDS[0], SIMILAR_FIELDS)]
    if COMPOUNDS_FIELD in live.schema:
        sources.append((COMPOUNDS_FIELD, (*SIMILAR_FIELDS, COMPOUNDS_FIELD)))
    return sources


def _like(
    live: OpenGeneration, counted: Counted, in_index: bool, df_of: DocFrequencies
) -> Query | None:
    """The more-like-this of a passage's terms: its key terms OR-ed over the fields each
    is looked for in, boosted by its weight; None when the index shares none of them."""
    count = KEY_TERMS if in_index else PASSAGE_KEY_TERMS
    terms = _weighed_terms(live, counted, count, in_index, df_of)
    if not terms:
        return None
    return Or([Term(name, term, boost=weight) for term, weight, names in terms for name in names])


def like_query(live: OpenGeneration, text: str, in_index: bool = True) -> Query | None:
    """The more-like-this of a passage (`_like`)."""
    counted = _counted_terms(live, _source_counts(live, text))
    return _like(live, counted, in_index, DocFrequencies(live))


def like(
    live: OpenGeneration,
    text: str,
    limit: int,
    allowed: np.ndarray | None = None,
    exclude: list[int] | tuple[int, ...] = (),
    in_index: bool = True,
) -> list[tuple[float, int]]:
    """The `limit` best (score, record number) for a passage: the records most like it
    among `allowed` (None: all), without the records in `exclude`."""
    df_of = DocFrequencies(live)
    counted = _counted_terms(live, _source_counts(live, text))
    return _best(live, _like(live, counted, in_index, df_of), df_of, limit, allowed, exclude)


def _best(
    live: OpenGeneration,
    query: Query | None,
    df_of: DocFrequencies,
    limit: int,
    allowed: np.ndarray | None,
    exclude: list[int] | tuple[int, ...],
) -> list[tuple[float, int]]:
    """The `limit` best records of a more-like-this, evaluated with the look-ups its
    document frequencies made (never a deleted record)."""
    if query is None:
        return []
    matches = live.evaluator.evaluate(query, terms=df_of.terms)
    rows = matches.rows
    keep = np.isin(rows, exclude, invert=True)
    if allowed is not None:
        keep &= allowed[rows]
    return top_by_score(rows[keep], matches.row_scores[keep], limit)


def content(stored: dict[str, Any]) -> str:
    """A record's own text, as a more-like-this reads it."""
    return joined(stored.get(name) for name in CONTENT_FIELDS)


def related_records(
    live: OpenGeneration, docnum: int, stored: dict[str, Any]
) -> dict[str, list[dict]]:
    """The lists for record `docnum` (`stored`: what is stored of it): verwijst naar,
    aangehaald door, vergelijkbare antwoorden (like its whole text) and vergelijkbare
    vragen (like its question)."""
    refers_to = _by_number(live, stored["document"], stored.get("refers_to"))
    referred_by = _by_number(live, stored["document"], stored.get("referred_by"))
    similar = _Similar(live, [docnum, *refers_to, *referred_by], stored)
    return {
        "refers_to_records": [record_dict(similar.stored(d)) for d in refers_to],
        "referred_by_records": [record_dict(similar.stored(d)) for d in referred_by],
        "similar": similar.like_text(),
        "similar_questions": similar.like_question(),
    }


def _by_number(live: OpenGeneration, document: str, numbers: list[int] | None) -> list[int]:
    found = (live.record(document, number) for number in numbers or [])
    return [docnum for docnum in found if docnum is not None]


class _Similar:
    """Questions most like a record's text, or like its question alone ("Vergelijkbare
    vragen"). Never itself nor a copy of it, and not the answers already listed under
    "verwijst naar" and "aangehaald door" (`exclude`, the record first): these lists are
    for what the reader would miss. Both lists leave out the same records and share
    their terms' look-ups and postings; the record's text is analysed field by field,
    its question once for both (a term's count in the whole text is the sum of its
    counts in the fields: no word spans two)."""

    def __init__(self, live: OpenGeneration, exclude: list[int], stored: dict[str, Any]) -> None:
        self.live = live
        self.exclude = exclude
        self._stored = {exclude[0]: stored}
        self.question = stored.get("question")
        self.own = content(stored).strip()
        self.by_field = {
            name: _source_counts(live, stored[name]) for name in CONTENT_FIELDS if stored.get(name)
        }
        self.questions = np.zeros(live.size, dtype=bool)
        # The records of each kind, read once per generation (OpenGeneration.values).
        self.questions[live.values("kind").get(QUESTION, [])] = True
        self.df_of = DocFrequencies(live)

    def stored(self, docnum: int) -> dict[str, Any]:
        """What is stored of a record, read once for all the lists."""
        found = self._stored.get(docnum)
        if found is None:
            found = self._stored[docnum] = self.live.stored(docnum)
        return found

    def like_text(self) -> list[dict]:
        if not self.own:
            return []
        per_source = [_summed(counts) for counts in zip(*self.by_field.values(), strict=True)]
        return self._records(_counted_terms(self.live, per_source))

    def like_question(self) -> list[dict]:
        if self.question is None:
            return self.like_text()
        if not self.question.strip():
            return []
        return self._records(_counted_terms(self.live, self.by_field["question"]))

    def _records(self, counted: Counted, count: int = SIMILAR_COUNT) -> list[dict]:
        similar: list[dict] = []
        seen = {self.own}
        query = _like(self.live, counted, True, self.df_of)
        found = _best(self.live, query, self.df_of, count * 3, self.questions, self.exclude)
        for _, candidate in found:
            stored = self.stored(candidate)
            text = content(stored).strip()
            if text in seen:
                continue
            seen.add(text)
            similar.append(record_dict(stored))
            if len(similar) == count:
                break
        return similar


def _summed(counts: tuple[dict[str, int], ...]) -> dict[str, int]:
    """The term counts of texts joined, from each one's."""
    total: dict[str, int] = {}
    for own in counts:
        for term, n in own.items():
            total[term] = total.get(term, 0) + n
    return total
