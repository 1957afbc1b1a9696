"""One opened index generation: its arrays, parsers, stored records and what is cached.

Everything a search needs that changes only with the generation is made here once:
the arrays (memory-mapped), the query parsers, the records of each filter value, the
date order, the vocabulary for suggestions. Stored records are read from Whoosh's
stored column of each segment (one reader per thread: it seeks in shared files).
"""

from __future__ import annotations

import gc
import logging
import os
import threading
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import index as whoosh_index

from index.arrays.format import MISSING, IndexOutdatedError
from index.arrays.read import IndexArrays
from index.check import generation_to_read
from index.schema import FACET_FIELDS, FILTER_FIELDS, VOCABULARY_FIELD
from index.segment.stored import StoredRecords
from index.store import Generation, read_current
from index.surface import read_surface_forms
from ingest.records import MEDEDELING
from search.evaluate import Evaluator
from search.query import make_parser
from search.soort_codes import record_soorten
from search.suggest import Vocabulary

log = logging.getLogger("vraagbaak.index")

Stamp = tuple[int, int, int]  # a file's inode, modification time (ns) and size


def stamp_of(path: Path) -> Stamp | None:
    """What changes when the file is replaced or written; None when it is not there."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_ino, status.st_mtime_ns, status.st_size


@dataclass(frozen=True)
class ValuesByRecord:
    """A filter field's values (`names`) by record: the index of each live record's first
    value (-1: none), and the rarer further values as (record, value index) pairs."""

    names: list[str]
    first: np.ndarray
    more_records: np.ndarray
    more_values: np.ndarray
    # Each name's place among the names compared casefolded (equal ones share it): a
    # facet lists its values by count, then so, in one numpy sort.
    name_ranks: np.ndarray


class OpenGeneration:
    def __init__(self, generation: Generation, current: str | None = None) -> None:
        self.generation = generation
        self.name = generation.path.name
        # What CURRENT held when this was opened: the engine reopens when that changes,
        # also when this is a fallback to another generation.
        self.current = current
        # The arrays first: an index of another format is refused before Whoosh reads it.
        self.arrays = IndexArrays(generation.path)
        self.evaluator = Evaluator(self.arrays)
        self.ix = whoosh_index.open_dir(str(generation.path))
        # Read once: Whoosh reads (and unpickles) the schema anew on every `ix.schema`, and
        # a fresh schema's analyzers start with empty caches (index.analysis.memo).
        self.schema = self.ix.schema
        self.parser = make_parser(self.schema)
        self.exact_parser = make_parser(self.schema, expand=False)
        self.surface = read_surface_forms(generation.path)
        self._local = threading.local()
        self._readers: list[Any] = []  # every thread's, to close them all
        self._values: dict[str, dict[str, np.ndarray]] = {}
        self._by_record: dict[str, ValuesByRecord] = {}
        self._stop_forms: dict[str, frozenset[str] | None] = {}
        self._lock = threading.Lock()
        self.reader()  # a segment Whoosh cannot read fails here, not in the first search

    @property
    def size(self) -> int:
        return self.arrays.doc_count_all

    def reader(self) -> Any:
        """This thread's Whoosh reader, for stored records."""
        reader = getattr(self._local, "reader", None)
        if reader is None:
            reader = self._local.reader = self.ix.reader()
            with self._lock:
                self._readers.append(reader)
        return reader

    def close(self) -> None:
        """Close every thread's Whoosh reader and let go of the mapped arrays: a process
        that opens generation after generation (an update, a test run) would otherwise
        keep one file descriptor per reader file and per mapped array of each."""
        with self._lock:
            readers, self._readers = self._readers, []
        for reader in readers:
            reader.close()
        self._local = threading.local()
        self.arrays.close()

    def stored(self, docnum: int) -> dict[str, Any]:
        """What is stored of record `docnum` (index.segment.stored), through this
        thread's reader."""
        records = getattr(self._local, "stored", None)
        if records is None:
            records = self._local.stored = StoredRecords.of(self.reader())
        return records[docnum]

    def record(self, document: str, number: int) -> int | None:
        """The record that answers question `number` of `document` (one record may answer
        several), by its key (index.record_fields); None when there is none."""
        docs = self.records_of("key", f"{document}/{number}")
        return int(docs[0]) if len(docs) else None

    def values(self, field: str) -> dict[str, np.ndarray]:
        """The live records of each value of a filter field, once per generation."""
        found = self._values.get(field)
        if found is None:
            if field not in FILTER_FIELDS:
                raise KeyError(f"{field} is geen filterveld")
            view = self.arrays.field(field)
            live = self.arrays.live
            found = {}
            for term in view.terms():
                docs = view.docs(term).astype(np.int64)
                found[term] = docs[live[docs]]
            with self._lock:
                self._values[field] = found
        return found

    def records_of(self, field: str, value: str) -> np.ndarray:
        """The live records with this value (ascending), empty for an unknown value."""
        docs = self.arrays.field(field).docs(value).astype(np.int64)
        return docs[self.arrays.live[docs]]

    def values_by_record(self, field: str) -> ValuesByRecord:
        """A filter field's values, and each live record's (search.filters counts facets
        from the matches' values, not from every value's records)."""
        found = self._by_record.get(field)
        if found is None:
            values = self.values(field)
            names = list(values)
            docs = [values[name] for name in names]
            flat = np.concatenate(docs) if docs else np.empty(0, dtype=np.int64)
            value_of = np.repeat(np.arange(len(names)), [len(d) for d in docs])
            order = np.argsort(flat, kind="stable")
            flat, value_of = flat[order], value_of[order]
            first = np.ones(len(flat), dtype=bool)
            first[1:] = flat[1:] != flat[:-1]
            first_value = np.full(self.size, -1, dtype=np.int64)
            first_value[flat[first]] = value_of[first]
            folded = [name.casefold() for name in names]
            rank = {name: at for at, name in enumerate(sorted(set(folded)))}
            ranks = np.array([rank[name] for name in folded], dtype=np.int64)
            found = ValuesByRecord(names, first_value, flat[~first], value_of[~first], ranks)
            self._by_record[field] = found
        return found

    @cached_property
    def years(self) -> np.ndarray:
        """Each record's answer year as an offset from `first_year`; -1: no date."""
        days = self.days
        dated = days != MISSING
        years = np.full(self.size, -1, dtype=np.int64)
        calendar = days[dated].astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64)
        years[dated] = calendar + 1970 - self.first_year
        return years

    @cached_property
    def first_year(self) -> int:
        days = self.days[self.days != MISSING]
        if not len(days):
            return 1970
        return (
            int(days.min().astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64)) + 1970
        )

    @cached_property
    def known_parties(self) -> tuple[str, ...]:
        """Every party of the catalog, once per generation (thousands of letters)."""
        documents = self.generation.catalog["documents"].values()
        names = {p for d in documents for p in d["parties"]}
        return tuple(sorted(names, key=str.casefold))

    @cached_property
    def days(self) -> np.ndarray:
        """Each record's day number (index.schema's date column; `MISSING`: none)."""
        return self.arrays.column("date") if self.size else np.empty(0, dtype=np.int32)

    @cached_property
    def date_rank(self) -> np.ndarray:
        """Each record's place in the date order: newest first, records without a date
        last, then by document (its id) and the place in the document."""
        if not self.size:
            return np.empty(0, dtype=np.int64)
        document = np.zeros(self.size, dtype=np.int64)
        for ordinal, docs in enumerate(self.values("document").values()):
            document[docs] = ordinal  # values() is in term order: the ids sorted
        position = self.arrays.column("position")
        days = self.days.astype(np.int64)
        newest_first = np.where(days == MISSING, np.iinfo(np.int64).max, -days)
        order = np.lexsort((position, document, newest_first))
        rank = np.empty(self.size, dtype=np.int64)
        rank[order] = np.arange(self.size)
        return rank

    @cached_property
    def soorten(self) -> np.ndarray:
        """Each record's soort, as an index in search.soorten.SOORTEN."""
        documents = self.generation.catalog["documents"]
        layouts = {doc_id: info["layout"] for doc_id, info in documents.items()}
        notices = self.records_of("kind", MEDEDELING)
        return record_soorten(self.size, layouts, self.values("document"), notices)

    def stop_forms(self, field: str) -> frozenset[str] | None:
        """Every term a stopword becomes in `field` (its analysis keeps stopwords for the
        passages, leaves them out of the index), once per generation and field; None for
        an analyzer that does not say what its filters make of a word."""
        if field not in self._stop_forms:
            analyzer = self.schema[field].analyzer
            found = None
            if hasattr(analyzer, "word_outputs"):
                stops = {w for f in analyzer.filters for w in getattr(f, "stops", ())}
                outputs = (analyzer.word_outputs(word, "index", False) for word in stops)
                found = frozenset(stops | {out[0] for outs in outputs for out in outs})
            self._stop_forms[field] = found
        return self._stop_forms[field]

    @cached_property
    def vocabulary(self) -> Vocabulary:
        """The vocabulary field's words for spelling suggestions, once per generation."""
        return Vocabulary(self.arrays.field(VOCABULARY_FIELD))

    def warm(self) -> None:
        """What every search needs, loaded before the first one asks for it."""
        self.reader()
        for field in FACET_FIELDS:
            self.values_by_record(field)
        self.known_parties  # noqa: B018 - computed and kept
        self.vocabulary  # noqa: B018
        self.date_rank  # noqa: B018
        self.soorten  # noqa: B018


def open_newest(root: Path, rejected: Mapping[str, str] | None = None) -> OpenGeneration:
    """The live generation opened, or when it fails to open the newest intact one that
    opens (index.store: `Generation.instead_of` says why), logged as a warning.

    IndexOutdatedError when the live generation is of another format (no fallback: an
    older generation is no answer to an upgrade); IndexDamagedError when none opens.
    """
    failed = dict(rejected or {})
    while True:
        current = read_current(root)
        generation = generation_to_read(root, failed)
        opened = _try_open(generation, current)
        if isinstance(opened, OpenGeneration):
            if generation.is_fallback:
                log.warning(
                    "index %s: %s; reading %s instead",
                    root,
                    "; ".join(generation.instead_of),
                    generation.path.name,
                )
            return opened
        failed[generation.path.name] = opened


def _try_open(generation: Generation, current: str | None) -> OpenGeneration | str:
    """The generation opened, or why it does not open (Dutch)."""
    # Whoosh leaves open the file of a segment it fails to read; such files are closed
    # here, without the ResourceWarning their collection would raise.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        try:
            return OpenGeneration(generation, current)
        except IndexOutdatedError:
            if not generation.is_fallback:
                raise
            reason = f"{generation.path.name} heeft een ander formaat"
        except Exception as error:  # noqa: BLE001 - any failure to open means: not this one
            reason = f"{generation.path.name} opent niet ({type(error).__name__}: {error})"
        gc.collect()
    return reason
