"""The terms a query's leaves stand for, looked up once, and its plain terms scored once.

A prefix or a wildcard is expanded over the lexicon, a term is found in it; each as its
parts' lexicon rows (for scoring) and as terms (for the snippets). Plain terms are looked
up per field, all the new ones of a call at once (FieldView.looked_up), and each one's
BM25F postings are kept once read: an OR's terms in one field are scored in one
FieldView.scored_rows call (search.evaluate), not one each. One `QueryTerms` may serve
several evaluations: the question page's two more-like-this queries and the document
frequencies that chose their terms (search.related) share one, so a term is looked up
once a page and a leaf both queries have is scored once.
"""

from __future__ import annotations

import fnmatch
import re

import numpy as np
from whoosh.query import Phrase, Prefix, Query, Term, Wildcard

from index.arrays.read import FieldView, IndexArrays

_WILDCARDS = "*?["
_NO_ROWS = np.empty(0, dtype=np.int64)

Postings = tuple[np.ndarray, np.ndarray]  # record numbers and each one's BM25F score


class _FieldTerms:
    """One field's looked-up plain terms: each one's place in the per-part rows (-1:
    not in that part) and posting counts, its document frequency (deleted records
    counted, as BM25F's statistics count them), and the postings of those scored whole.
    Python lists: a search adds one term at a time, where numpy's fixed cost per call
    doubled a one-word search's; a question page adds hundreds at once, by extending."""

    def __init__(self, view: FieldView) -> None:
        self.view = view
        self.place: dict[str, int] = {}
        self.rows: list[list[int]] = [[] for _ in view.parts]
        self.counts: list[list[int]] = [[] for _ in view.parts]
        self.frequency: list[int] = []
        self.postings: dict[str, Postings] = {}

    def add(self, terms: list[str], found: list[tuple[list[int], list[int]]]) -> None:
        """New `terms`, as FieldView.looked_up found them."""
        start = len(self.frequency)
        self.place.update(zip(terms, range(start, start + len(terms)), strict=True))
        for part, (rows, counts) in enumerate(found):
            self.rows[part] += rows
            self.counts[part] += counts
        if len(found) == 1:
            self.frequency += found[0][1]
        elif found:
            self.frequency += map(sum, zip(*[counts for _, counts in found], strict=True))
        else:  # a field no record has
            self.frequency += [0] * len(terms)

    def rows_of(self, term: str) -> list[np.ndarray]:
        """The term's rows as FieldView.scored_rows takes them: each part's, if any."""
        at = self.place[term]
        return [
            _NO_ROWS if (row := rows[at]) < 0 else np.arange(row, row + 1) for rows in self.rows
        ]

    def has(self, term: str) -> bool:
        """Whether a part's lexicon has the term."""
        at = self.place[term]
        return any(rows[at] >= 0 for rows in self.rows)

    def score(self, new: list[str]) -> None:
        """The postings of each of `new` (distinct, not scored yet), from one call: each
        part's rows ascending, as FieldView.scored_rows reads a prefix's terms, and cut
        back into each term's."""
        places = [self.place[term] for term in new]
        held = [
            sorted((rows[p], at) for at, p in enumerate(places) if rows[p] >= 0)
            for rows in self.rows
        ]  # per part: (row, which of `new`) of the terms it has, by row
        rows = [np.array([row for row, _ in own], dtype=np.int64) for own in held]
        docs, scores = self.view.scored_rows(rows)
        pieces: list[list[Postings]] = [[] for _ in new]
        start = 0
        for counts, own in zip(self.counts, held, strict=True):
            for _, at in own:
                stop = start + counts[places[at]]
                pieces[at].append((docs[start:stop], scores[start:stop]))
                start = stop
        for term, own_pieces in zip(new, pieces, strict=True):
            self.postings[term] = own_pieces[0] if len(own_pieces) == 1 else _joined(own_pieces)


class QueryTerms:
    """The terms each leaf of the queries evaluated with it stands for, looked up once."""

    def __init__(self, arrays: IndexArrays) -> None:
        self.arrays = arrays
        self._fields: dict[str, _FieldTerms] = {}
        self._expansions: dict[tuple[str, str, str], list[np.ndarray]] = {}
        self._expanded: dict[tuple[str, str, str], list[str]] = {}

    def frequencies(self, name: str, terms: list[str]) -> np.ndarray:
        """How many records hold each of `terms` in field `name`."""
        known = self._known(name, terms)
        place, frequency = known.place, known.frequency
        return np.array([frequency[place[term]] for term in terms], dtype=np.int64)

    def _known(self, name: str, terms: list[str]) -> _FieldTerms:
        """Field `name`'s looked-up terms, `terms` among them (the new ones found at once)."""
        known = self._fields.get(name)
        if known is None:
            known = self._fields[name] = _FieldTerms(self.arrays.field(name))
        place = known.place
        new = [term for term in terms if term not in place]
        if len(new) > 1:
            new = list(dict.fromkeys(new))
        if new:
            known.add(new, known.view.looked_up(new))
        return known

    def posting_count(self, leaf: Term | Prefix | Wildcard) -> int:
        """How many postings the terms `leaf` stands for have."""
        if type(leaf) is Term:
            text = as_text(leaf.text)
            known = self._known(leaf.fieldname, [text])
            return known.frequency[known.place[text]]
        return self.arrays.field(leaf.fieldname).posting_count(self.rows(leaf))

    def rows(self, leaf: Term | Prefix | Wildcard) -> list[np.ndarray]:
        """Each part's lexicon rows of the terms `leaf` stands for, ascending."""
        if type(leaf) is Term:
            text = as_text(leaf.text)
            return self._known(leaf.fieldname, [text]).rows_of(text)
        key = (type(leaf).__name__, leaf.fieldname, leaf.text)
        found = self._expansions.get(key)
        if found is None:
            found = self._expansions[key] = self._expansion(leaf)
        return found

    def _expansion(self, leaf: Prefix | Wildcard) -> list[np.ndarray]:
        view = self.arrays.field(leaf.fieldname)
        text = as_text(leaf.text)
        if isinstance(leaf, Prefix):
            return view.expansion_rows(text)
        prefix = re.split(f"[{re.escape(_WILDCARDS)}]", text, maxsplit=1)[0]
        return view.expansion_rows(prefix, re.compile(fnmatch.translate(text)))

    def of(self, leaf: Term | Prefix | Wildcard) -> list[str]:
        """The terms `leaf` stands for, in lexicon order."""
        if type(leaf) is Term:
            text = as_text(leaf.text)
            return [text] if self._known(leaf.fieldname, [text]).has(text) else []
        key = (type(leaf).__name__, leaf.fieldname, leaf.text)
        found = self._expanded.get(key)
        if found is None:
            view = self.arrays.field(leaf.fieldname)
            found = self._expanded[key] = view.terms_of(self.rows(leaf))
        return found

    def scored(
        self, leaves: list[tuple[str, str]], among: np.ndarray | None = None
    ) -> list[Postings]:
        """Each plain term's (field, term) records and BM25F scores, in order; a field's
        terms not scored yet in one FieldView.scored_rows call. `among`, as there: a term
        alone in its field's call is read at those records only (bisected), and not kept."""
        new: dict[str, list[str]] = {}
        for name, term in leaves:
            known = self._fields.get(name)
            if known is None or term not in known.postings:
                new.setdefault(name, []).append(term)
        alone: dict[tuple[str, str], Postings] = {}
        for name, terms in new.items():
            known = self._known(name, terms)
            if len(terms) > 1:
                known.score(list(dict.fromkeys(terms)))
                continue
            postings = known.view.scored_rows(known.rows_of(terms[0]), among)
            if among is None:
                known.postings[terms[0]] = postings
            else:
                alone[name, terms[0]] = postings
        fields = self._fields
        return [
            alone[name, term] if (name, term) in alone else fields[name].postings[term]
            for name, term in leaves
        ]

    def all(self, query: Query) -> dict[str, set[str]]:
        """Every term of the query per field (negated ones and phrase words too), as a
        highlighter marks them."""
        found: dict[str, set[str]] = {}
        for leaf in query.leaves():
            if isinstance(leaf, Term | Prefix | Wildcard):
                found.setdefault(leaf.fieldname, set()).update(self.of(leaf))
            elif isinstance(leaf, Phrase):
                view = self.arrays.field(leaf.fieldname)
                words = {as_text(word) for word in leaf.words}
                found.setdefault(leaf.fieldname, set()).update(w for w in words if w in view)
        return found


def _joined(pieces: list[Postings]) -> Postings:
    """One term's postings from its parts' (none: no records), records still ascending."""
    if not pieces:
        return np.empty(0, dtype=np.int32), np.empty(0)
    return np.concatenate([d for d, _ in pieces]), np.concatenate([s for _, s in pieces])


def as_text(term: bytes | str) -> str:
    """A term as text: Whoosh's queries may hold bytes."""
    return term.decode("utf-8") if isinstance(term, bytes) else term
