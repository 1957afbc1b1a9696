"""A generation's search arrays, read: one view per field over all its parts.

`read_arrays` maps every part's files and joins them per field into a `FieldView`:
the posting list of a term is the concatenation of its lists in the parts (record
numbers ascend from part to part), its document frequency their sum, and the average
field length the sum of the parts' lengths over all records. Deleted records keep their
postings in the parts (a part is never rewritten) and count in these statistics, as
Whoosh counts them; `IndexArrays.live` says which records are not deleted.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from index import scoring
from index.arrays.format import DELETED, DIRNAME, DTYPES, PART_META, load, read_meta
from index.arrays.lexicon import Lexicon
from index.ranges import concatenated_ranges, ranges_at

# A term's postings are bisected for the records a caller keeps (`among`) when they
# outnumber those records this many times; below that, reading them all costs less.
AMONG_SHARE = 4
# Terms looked up one by one up to this many (`looked_up`): 16 took 29 µs so, 63 at once.
FEW_TERMS = 16


@dataclass
class FieldArrays:
    """One field's posting lists in one part; term ``i`` spans ``offsets[i]:offsets[i+1]``.

    `lexicon`: the terms (index.arrays.lexicon), rows in Whoosh's lexicon order; every
    lookup of a term, a prefix's run or a row's term goes through it.
    """

    lexicon: Lexicon
    offsets: np.ndarray
    docs: np.ndarray
    weights: np.ndarray | None  # None for a filter field: only its records count
    lengths: np.ndarray | None  # per record of the part
    total_length: float
    position_offsets: np.ndarray | None = None
    positions: np.ndarray | None = None

    def span(self, row: int) -> tuple[int, int]:
        return int(self.offsets[row]), int(self.offsets[row + 1])


@dataclass
class Part:
    first_doc: int
    doc_count: int
    segments: list[str]
    fields: dict[str, FieldArrays]
    columns: dict[str, np.ndarray]


def read_part(directory: Path, mapped: bool = True) -> Part:
    meta = json.loads((directory / PART_META).read_text(encoding="utf-8"))
    fields = {
        name: _read_field(directory, name, info, mapped) for name, info in meta["fields"].items()
    }
    columns = {
        name: _plain(
            load(directory / f"{name}.column.bin", DTYPES["column"], meta["doc_count"], mapped)
        )
        for name in meta["columns"]
    }
    return Part(meta["first_doc"], meta["doc_count"], meta["segments"], fields, columns)


def _read_field(directory: Path, field: str, info: dict[str, Any], mapped: bool) -> FieldArrays:
    sizes = info["arrays"]

    def array(name: str) -> np.ndarray | None:
        if name not in sizes:
            return None
        return _plain(load(directory / f"{field}.{name}.bin", DTYPES[name], sizes[name], mapped))

    return FieldArrays(
        lexicon=Lexicon(array("termbytes"), array("termoffsets"), array("prefixes")),
        offsets=array("offsets"),
        docs=array("docs"),
        weights=array("weights"),
        lengths=array("lengths"),
        total_length=info["total_length"],
        position_offsets=array("posoffsets"),
        positions=array("positions"),
    )


def _plain(array: np.ndarray) -> np.ndarray:
    """A mapped array as a plain ndarray over the same map (which it keeps open): every
    slice of an np.memmap is a memmap again, made through Python-level hooks, thousands
    a search."""
    return np.asarray(array)


class FieldView:
    """One field over every part of a generation, with the statistics BM25F needs."""

    def __init__(self, name: str, parts: list[tuple[Part, FieldArrays]], doc_count_all: int):
        self.name = name
        self.parts = parts
        self.doc_count_all = doc_count_all
        self.has_positions = bool(parts) and parts[0][1].positions is not None

    @cached_property
    def lengths(self) -> np.ndarray:
        """Each record's field length (as Whoosh rounds it), from all parts."""
        lengths = np.zeros(self.doc_count_all, dtype=np.float64)
        for part, arrays in self.parts:
            lengths[part.first_doc : part.first_doc + part.doc_count] = arrays.lengths
        return lengths

    @cached_property
    def norms(self) -> np.ndarray:
        """Each record's length norm (index.scoring)."""
        return scoring.length_norms(self.lengths, self.average_length)

    @property
    def average_length(self) -> float:
        """As Whoosh's searcher: the summed lengths (deleted records too) over all records."""
        total = sum(arrays.total_length for _, arrays in self.parts)
        return (total / (self.doc_count_all or 1)) or 1.0

    def _spans(self, term: str) -> list[tuple[FieldArrays, int, int]]:
        key, found = term.encode("utf-8"), []
        for _, arrays in self.parts:
            row = arrays.lexicon.find(key)
            if row is not None:
                found.append((arrays, *arrays.span(row)))
        return found

    def __contains__(self, term: str) -> bool:
        """Whether the lexicon has the term (Whoosh's keeps a term of deleted records)."""
        key = term.encode("utf-8")
        return any(arrays.lexicon.find(key) is not None for _, arrays in self.parts)

    def doc_frequency(self, term: str) -> int:
        return sum(stop - start for _, start, stop in self._spans(term))

    def looked_up(self, terms: list[str]) -> list[tuple[list[int], list[int]]]:
        """Each part's row of each of `terms` (-1: none) and its posting count there."""
        found = []
        for _, arrays in self.parts:
            offsets = arrays.offsets
            if len(terms) > FEW_TERMS:
                at = arrays.lexicon.rows(terms)
                counts = np.where(at >= 0, offsets[at + 1] - offsets[at], 0)  # -1: none
                found.append((at.tolist(), counts.tolist()))
                continue
            rows = [-1 if (r := arrays.lexicon.row(term)) is None else r for term in terms]
            counts = [0 if r < 0 else offsets.item(r + 1) - offsets.item(r) for r in rows]
            found.append((rows, counts))
        return found

    def frequency(self, term: str) -> float:
        """The term's summed weight, as Whoosh's term info gives it."""
        spans = self._spans(term)
        return float(
            sum(a.weights[start:stop].astype(np.float64).sum() for a, start, stop in spans)
        )

    def docs(self, term: str) -> np.ndarray:
        """The records of a term, deleted ones included, ascending."""
        pieces = [a.docs[start:stop] for a, start, stop in self._spans(term)]
        return np.concatenate(pieces) if pieces else np.empty(0, dtype=DTYPES["docs"])

    def rows(self, term: str) -> list[np.ndarray]:
        """The term's row in each part's lexicon (none in a part without it)."""
        key, found = term.encode("utf-8"), []
        for _, arrays in self.parts:
            row = arrays.lexicon.find(key)
            found.append(np.arange(row, row + 1) if row is not None else _NO_ROWS)
        return found

    def expansion_rows(self, prefix: str, pattern: re.Pattern[str] | None = None) -> list:
        """Each part's rows (ascending) of the terms that start with `prefix` (and match
        `pattern`): a prefix's terms are one run of the sorted lexicon (Lexicon.prefix_rows)."""
        found = []
        for _, arrays in self.parts:
            start, stop = arrays.lexicon.prefix_rows(prefix)
            if pattern is None:
                found.append(np.arange(start, stop))
            else:
                terms = arrays.lexicon.terms(start, stop)
                rows = [start + i for i, term in enumerate(terms) if pattern.fullmatch(term)]
                found.append(np.array(rows, dtype=np.int64))
        return found

    def terms_of(self, rows: list[np.ndarray]) -> list[str]:
        """The terms of each part's `rows` (as `rows` or `expansion_rows` give them), in
        lexicon order."""
        if len(self.parts) == 1:
            return self.parts[0][1].lexicon.terms_at(rows[0])
        found = {
            term
            for (_, arrays), own in zip(self.parts, rows, strict=True)
            for term in arrays.lexicon.terms_at(own)
        }
        return sorted(found)

    def scored_rows(
        self, rows: list[np.ndarray], among: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """The records of the terms at each part's `rows` and each posting's BM25F score,
        every term's postings in one pass of numpy: term by term within a part, parts in
        order (a record, in one part only, gets its terms' scores in lexicon order). A
        prefix of thousands of terms costs what its postings cost, not a call per term.

        `among` (ascending record numbers): the caller keeps only these records, so a term
        whose postings far outnumber them gives its postings at them only (found by
        bisection); the others may be given too. A record's scores are the same either way."""
        if not any(len(own) for own in rows):  # a word is in few of the fields searched
            return np.empty(0, dtype=DTYPES["docs"]), np.empty(0)
        counts = [
            arrays.offsets[own + 1] - arrays.offsets[own]
            for (_, arrays), own in zip(self.parts, rows, strict=True)
        ]
        frequencies = self._doc_frequencies(rows, counts)
        docs, scores = [], []
        for (_, arrays), own, count, frequency in zip(
            self.parts, rows, counts, frequencies, strict=True
        ):
            if not len(own):
                continue
            idf = scoring.idf(frequency, self.doc_count_all)
            if among is not None and len(own) == 1 and len(among) * AMONG_SHARE < count[0]:
                at = _postings_among(arrays, int(own[0]), among)
            else:
                at = ranges_at(arrays.offsets[own], count)
            part_docs = arrays.docs[at]
            # One term's idf as one number: the same product per posting, no array of it.
            idf = idf[0] if len(own) == 1 else np.repeat(idf, count)
            docs.append(part_docs)
            scores.append(scoring.bm25(arrays.weights[at], self.norms[part_docs], idf))
        if len(docs) == 1:
            return docs[0], scores[0]
        return np.concatenate(docs), np.concatenate(scores)

    def _doc_frequencies(self, rows: list[np.ndarray], counts: list[np.ndarray]) -> list:
        """Each row's term's document frequency over all parts (deleted records too)."""
        if len(self.parts) == 1:
            return counts
        summed: dict[str, int] = {}
        terms = [a.lexicon.terms_at(own) for (_, a), own in zip(self.parts, rows, strict=True)]
        for own_terms, count in zip(terms, counts, strict=True):
            for term, n in zip(own_terms, count.tolist(), strict=True):
                summed[term] = summed.get(term, 0) + n
        return [np.array([summed[t] for t in own], dtype=np.int64) for own in terms]

    def posting_count(self, rows: list[np.ndarray]) -> int:
        """How many postings the terms at each part's `rows` have."""
        return sum(
            int((arrays.offsets[own + 1] - arrays.offsets[own]).sum())
            for (_, arrays), own in zip(self.parts, rows, strict=True)
        )

    def postings(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """The records of a term and each one's BM25F score."""
        return self.scored_rows(self.rows(term))

    def scores_at(self, term: str, docs: np.ndarray) -> np.ndarray:
        """The term's BM25F score in each of `docs` (ascending records that have it)."""
        spans = self._spans(term)
        if not spans:
            return np.zeros(len(docs))
        term_idf = scoring.idf(sum(stop - start for _, start, stop in spans), self.doc_count_all)
        weights = np.empty(len(docs), dtype=DTYPES["weights"])
        for arrays, start, stop in spans:
            term_docs = arrays.docs[start:stop]
            inside = (docs >= term_docs[0]) & (docs <= term_docs[-1]) if stop > start else None
            if inside is None or not inside.any():
                continue
            at = np.searchsorted(term_docs, docs[inside])
            weights[inside] = arrays.weights[start:stop][at]
        return scoring.bm25(weights, self.norms[docs], term_idf)

    def occurrences(
        self, term: str, within: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Every (record, position) of a term, as two aligned arrays, records ascending;
        with `within` (a mask over the records), only those records' (their postings are
        chosen before their positions are read: a proximity bonus wants a few records'
        positions of a word with hundreds of thousands)."""
        if self.parts and not self.has_positions:
            raise ValueError(f"veld {self.name} heeft geen posities")
        docs, positions = [], []
        for arrays, start, stop in self._spans(term):
            term_docs = arrays.docs[start:stop]
            bounds = arrays.position_offsets[start : stop + 1]
            if within is None:
                docs.append(np.repeat(term_docs, np.diff(bounds)))
                positions.append(arrays.positions[bounds[0] : bounds[-1]])
                continue
            kept = np.flatnonzero(within[term_docs])
            lows, counts = bounds[kept], bounds[kept + 1] - bounds[kept]
            docs.append(np.repeat(term_docs[kept], counts))
            positions.append(arrays.positions[concatenated_ranges(lows, counts)])
        if not docs:
            return np.empty(0, dtype=DTYPES["docs"]), np.empty(0, dtype=DTYPES["positions"])
        return np.concatenate(docs), np.concatenate(positions)

    def positions_in(self, term: str, docs: np.ndarray) -> dict[int, list[int]]:
        """The term's positions in each of `docs` (ascending records) that has it."""
        if self.parts and not self.has_positions:
            raise ValueError(f"veld {self.name} heeft geen posities")
        found: dict[int, list[int]] = {}
        for arrays, start, stop in self._spans(term):
            if stop == start:
                continue
            term_docs = arrays.docs[start:stop]
            at = np.minimum(np.searchsorted(term_docs, docs), stop - start - 1)
            has = term_docs[at] == docs
            rows = at[has] + start
            bounds, positions = arrays.position_offsets, arrays.positions
            for doc, low, high in zip(
                docs[has].tolist(), bounds[rows].tolist(), bounds[rows + 1].tolist(), strict=True
            ):
                found[doc] = positions[low:high].tolist()
        return found

    def terms(self) -> list[str]:
        """Every term of the lexicon, in its order."""
        if len(self.parts) == 1:
            return self.parts[0][1].lexicon.terms()
        return sorted({term for _, arrays in self.parts for term in arrays.lexicon.terms()})

    def expand(self, prefix: str, pattern: re.Pattern[str] | None = None) -> list[str]:
        """The lexicon's terms starting with `prefix` (and matching `pattern`), in order."""
        return self.terms_of(self.expansion_rows(prefix, pattern))


_NO_ROWS = np.empty(0, dtype=np.int64)


def _postings_among(arrays: FieldArrays, row: int, among: np.ndarray) -> np.ndarray:
    """Where one term's postings of the records `among` (ascending) are, ascending."""
    start, stop = int(arrays.offsets[row]), int(arrays.offsets[row + 1])
    term_docs = arrays.docs[start:stop]
    at = np.searchsorted(term_docs, among)
    held = at < len(term_docs)
    held[held] = term_docs[at[held]] == among[held]
    return start + at[held]


class IndexArrays:
    """Every field of a generation, its record count and which records are live."""

    def __init__(self, generation: Path, mapped: bool = True) -> None:
        meta = read_meta(generation)
        source = generation / DIRNAME
        self.doc_count_all: int = meta["doc_count_all"]
        self.part_names: list[str] = meta["parts"]
        self.parts = [read_part(source / name, mapped) for name in self.part_names]
        self.deleted = load(source / DELETED, DTYPES["deleted"], meta["deleted"], mapped=False)
        names = {name for part in self.parts for name in part.fields}
        self.fields = {name: self._view(name) for name in sorted(names)}

    def _view(self, name: str) -> FieldView:
        parts = [(part, part.fields[name]) for part in self.parts if name in part.fields]
        return FieldView(name, parts, self.doc_count_all)

    @cached_property
    def live(self) -> np.ndarray:
        """True for each record that is not deleted."""
        live = np.ones(self.doc_count_all, dtype=bool)
        live[self.deleted] = False
        return live

    @property
    def doc_count(self) -> int:
        return self.doc_count_all - len(self.deleted)

    def column(self, name: str) -> np.ndarray:
        """A column (index.schema) over all records."""
        values = np.zeros(self.doc_count_all, dtype=DTYPES["column"])
        for part in self.parts:
            values[part.first_doc : part.first_doc + part.doc_count] = part.columns[name]
        return values

    def field(self, name: str) -> FieldView:
        """A field's view; an empty one for a field no record has (an empty index)."""
        return self.fields.get(name) or FieldView(name, [], self.doc_count_all)

    def close(self) -> None:
        """Let go of every mapped array (each holds a file descriptor while it lives):
        the parts, and the views' references to them. Numpy cannot unmap an array that
        may still be viewed, so the maps close as the last reference goes."""
        for view in self.fields.values():
            view.parts = []
        self.parts = []
