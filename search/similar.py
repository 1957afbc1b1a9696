"""A more-like-this's terms looked up, and its OR of terms scored, once per page.

The more-like-this of search.related is an OR of single terms, each in the fields it is
looked for in, boosted by its weight. search.evaluate would look every leaf up in its
lexicon again (the document frequencies that chose the terms had found them already) and
score each alone: some 20-30 leaves a passage and two passages a question page, each
leaf's fixed cost far above its postings' (5,700 postings a passage at 100,000 questions,
the median). Here a term's rows are the ones its document frequency was read with, each
field's new leaves are scored in one call (FieldView.scored_rows), and a leaf that both
passages of a page have is scored once.

The scores are search.evaluate's to the bit: a posting's BM25F score times its leaf's
boost, a record's leaf scores added in the query's order starting from zero (numpy's
bincount adds in the order given, as the evaluator's add.at does).
"""

from __future__ import annotations

import numpy as np

from index.arrays.read import IndexArrays

Leaf = tuple[str, str, float]  # field, term, boost


class _FieldTerms:
    """One field's looked-up terms: each one's place in the per-part rows and counts."""

    def __init__(self, parts: int) -> None:
        self.place: dict[str, int] = {}
        self.rows = [np.empty(0, dtype=np.int64) for _ in range(parts)]
        self.counts = [np.empty(0, dtype=np.int64) for _ in range(parts)]
        self.frequency = np.empty(0, dtype=np.int64)
        # A scored term's postings: (records, scores before its boost) per part holding it.
        self.scored: dict[str, list[tuple[np.ndarray, np.ndarray]]] = {}


class TermTable:
    """Terms' document frequencies and BM25F postings per field, asked of the arrays once
    per page: the question page's two passages share most of their terms."""

    def __init__(self, arrays: IndexArrays) -> None:
        self.arrays = arrays
        self._fields: dict[str, _FieldTerms] = {}

    def frequencies(self, name: str, terms: list[str]) -> np.ndarray:
        """How many records hold each of `terms` in field `name` (deleted ones counted,
        as BM25F's statistics count them)."""
        known = self._known(name, terms)
        place = known.place
        return known.frequency[[place[term] for term in terms]]

    def _known(self, name: str, terms: list[str]) -> _FieldTerms:
        view = self.arrays.field(name)
        known = self._fields.get(name)
        if known is None:
            known = self._fields[name] = _FieldTerms(len(view.parts))
        new = [term for term in dict.fromkeys(terms) if term not in known.place]
        if new:
            found = view.looked_up(new)
            start = len(known.frequency)
            known.place.update((term, start + at) for at, term in enumerate(new))
            totals = np.zeros(len(new), dtype=np.int64)
            for part, (rows, counts) in enumerate(found):
                known.rows[part] = np.concatenate([known.rows[part], rows])
                known.counts[part] = np.concatenate([known.counts[part], counts])
                totals += counts
            known.frequency = np.concatenate([known.frequency, totals])
        return known

    def scores(self, leaves: list[Leaf]) -> tuple[np.ndarray, np.ndarray]:
        """Which records the OR of `leaves` matches (a mask over every record, deleted
        ones too) and each record's score (zero where none matches)."""
        self._score_new(leaves)
        docs, values = [], []
        for name, term, boost in leaves:
            for part_docs, part_scores in self._fields[name].scored[term]:
                docs.append(part_docs)
                values.append(part_scores * boost)
        size = self.arrays.doc_count_all
        matched = np.zeros(size, dtype=bool)
        if not docs:
            return matched, np.zeros(size)
        every = np.concatenate(docs)
        matched[every] = True
        return matched, np.bincount(every, weights=np.concatenate(values), minlength=size)

    def _score_new(self, leaves: list[Leaf]) -> None:
        """Every field's leaves not scored yet, in one call per field: each part's rows
        ascending, as FieldView.scored_rows reads a prefix's terms."""
        wanted: dict[str, list[str]] = {}
        for name, term, _ in leaves:
            wanted.setdefault(name, [])
            if term not in wanted[name]:
                wanted[name].append(term)
        for name, terms in wanted.items():
            known = self._known(name, terms)
            new = [term for term in terms if term not in known.scored]
            if not new:
                continue
            places = np.array([known.place[term] for term in new], dtype=np.int64)
            held, rows, counts = [], [], []  # per part: the new terms it holds, by row
            for part_rows, part_counts in zip(known.rows, known.counts, strict=True):
                own = part_rows[places]
                at = np.flatnonzero(own >= 0)
                at = at[np.argsort(own[at], kind="stable")]
                held.append(at.tolist())
                rows.append(own[at])
                counts.append(part_counts[places[at]].tolist())
            docs, scores = self.arrays.field(name).scored_rows(rows)
            for term in new:
                known.scored[term] = []
            start = 0
            for part_held, part_counts in zip(held, counts, strict=True):
                for at, count in zip(part_held, part_counts, strict=True):
                    stop = start + count
                    known.scored[new[at]].append((docs[start:stop], scores[start:stop]))
                    start = stop
