"""The bulk writer: one new Whoosh segment for a stream of records, written with numpy.

It writes every segment of the index: the one segment of a build and the segment an
update adds, with the update's deletions marked in the segments before it.

Whoosh's own writer analyses and pools every posting in Python, then sorts,
pickles and compresses them one by one: about 2.7 ms per record, which kept a
100,000-question ingest near 150 questions per second (BENCHMARKS.md). This
writer takes the same `add_document(**fields)` calls and writes an index Whoosh's
reader reads as it reads its own, in a fraction of the time:

* records are gathered in chunks; each chunk's texts become word numbers
  (index.segment.tokens), each analyzer runs once per distinct word, and the postings
  of every field are counted, positioned and sorted with numpy, then spilled
  to disk (index.segment.runs);
* stored fields and field lengths go through Whoosh's own per-document writer,
  record by record, in the bytes its writer has it write (Whoosh's sortable columns
  are refused: the writer's columns are int32 arrays);
* at the commit, each field's chunks are merged a range of terms at a time and
  written as the segment's part of the search arrays (index.arrays.write): the
  segment's only copy of its terms and postings, which Whoosh reads through the
  segment's codec (index.segment.codec); Whoosh's `.trm` and `.pst` are not written;
* Whoosh's writer then closes the segment and writes the table of contents, with
  the deletions, merging no segments (compaction is a rebuild).

Fields analysed by anything other than a `MemoizedAnalyzer` (IDs, keywords,
numbers, dates) are analysed by Whoosh's own field objects, once per distinct
value. tests/index/segment/test_bulk.py compares every term, posting, stored field,
length and column with an index Whoosh's writer made from the same records.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np

from index.analysis.memo import MemoizedAnalyzer
from index.arrays.format import MISSING
from index.arrays.write import PartWriter
from index.ranges import concatenated_ranges
from index.schema import DAY, joined
from index.segment import runs
from index.segment.codec import ArraysCodec
from index.segment.fields import POSITIONS, TextField, UnsupportedSchema, ValueField
from index.segment.lengths import LENGTH_OF_BYTE, lengths_as_bytes
from index.segment.stored import STORED_FIELDS
from index.segment.tokens import AnalysisTable, TermNumbers, WordNumbers

# Records analysed and spilled at a time. A chunk's tokens, sorted into postings, are the
# build's largest passing arrays: 2048 instead of 4096 kept the peak at 100,000 questions
# 52 MiB lower (579 -> 527 MiB), at the same CPU (two alternated builds each at 20,000);
# 1024 instead of 2048 another 25-29 MiB (384 -> 357 at 100,000, a one-process build) for
# about 4 % more CPU (median of 3 alternated builds 78.6 -> 82.4 s); 512 saved nothing more.
CHUNK_RECORDS = 1024
RUNS_DIRNAME = ".runs"


class BulkWriter:
    """Writes one new segment into a Whoosh index; see the module docstring.

    `copies`: copy fields and their sources (index.schema.COPY_FIELDS); `columns`: the
    fields kept as one int32 per record in the arrays, by kind (index.schema.COLUMNS).
    """

    def __init__(
        self,
        ix: Any,
        generation: Path,
        copies: Mapping[str, Sequence[str]] | None = None,
        columns: Mapping[str, str] | None = None,
        chunk_records: int = CHUNK_RECORDS,
    ) -> None:
        self.schema = ix.schema
        self.copies = dict(copies or {})
        self.columns = dict(columns or {})
        self.text_fields, self.value_fields = self._fields()
        self._stored_names = sorted(n for n in self.schema.names() if self.schema[n].stored)
        self.chunk_records = chunk_records
        self.writer = ix.writer(codec=ArraysCodec())
        # Record numbers of the new segment start after every existing one's.
        self.first_doc = sum(segment.doc_count_all() for segment in self.writer.segments)
        self.generation = generation
        self.runs = runs.RunStore(generation / RUNS_DIRNAME)
        self.docnum = 0
        self.part: str | None = None  # the arrays' part, once committed
        self._chunk: list[dict[str, Any]] = []
        self._lengths: dict[str, list[np.ndarray]] = {name: [] for name in self._indexed()}
        self._columns: dict[str, list[np.ndarray]] = {name: [] for name in self.columns}
        self.records_ended = False

    def _fields(self) -> tuple[dict[str, TextField], dict[str, ValueField]]:
        texts: dict[str, TextField] = {}
        values: dict[str, ValueField] = {}
        words: dict[str, WordNumbers] = {}
        terms: dict[str, TermNumbers] = {}  # one numbering for the tables of one WordNumbers
        tables: dict[int, AnalysisTable] = {}
        for name in self.schema.names():
            field = self.schema[name]
            if field.column_type:  # the writer keeps its columns in the arrays (`columns`)
                raise UnsupportedSchema(f"veld {name}: een Whoosh-kolom")
            if field.vector or field.separate_spelling() or not field.indexed:
                if field.indexed:
                    raise UnsupportedSchema(f"veld {name}: vectoren of spelling")
                continue
            analyzer = getattr(field, "analyzer", None)
            if isinstance(analyzer, MemoizedAnalyzer):
                pattern = analyzer.tokenizer.expression
                numbers = words.setdefault(pattern.pattern, WordNumbers(pattern))
                shared = terms.setdefault(pattern.pattern, TermNumbers(numbers))
                table = tables.setdefault(
                    id(analyzer), AnalysisTable(analyzer, numbers, terms=shared)
                )
                texts[name] = TextField(name, field, table, self.copies.get(name, ()))
            else:
                values[name] = ValueField(name, field)
        return texts, values

    def _indexed(self) -> list[str]:
        return sorted([*self.text_fields, *self.value_fields])

    # -- deleting and adding -----------------------------------------------------

    def delete(self, docnums: Sequence[int]) -> None:
        """Mark records of the existing segments deleted (numbers over the whole index)."""
        for docnum in docnums:
            self.writer.delete_document(int(docnum))

    def add_document(self, **fields: Any) -> None:
        """Add one record, as `SegmentWriter.add_document` would (no boosts)."""
        for name in fields:
            if name.startswith("_") or name not in self.schema:
                raise UnsupportedSchema(f"onbekend of niet-ondersteund veld {name!r}")
        for name in self.text_fields:
            value = fields.get(name)
            if value is not None and not isinstance(value, str):
                raise UnsupportedSchema(f"veld {name}: de bulkschrijver indexeert alleen tekst")
        if self.records_ended:
            raise ValueError("de records zijn al afgesloten (end_records): geen records meer")
        self._chunk.append(fields)
        if len(self._chunk) >= self.chunk_records:
            self._flush()

    def _flush(self) -> None:
        records, base = self._chunk, self.docnum
        if not records:
            return
        lengths: dict[str, np.ndarray] = {}
        encoded: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for name in sorted(self.text_fields, key=lambda n: bool(self.text_fields[n].copies)):
            lengths[name] = self._add_text(self.text_fields[name], records, base, encoded)
        for name, state in self.value_fields.items():
            lengths[name] = np.zeros(len(records), dtype=np.int64)
            for i, fields in enumerate(records):
                if fields.get(name) is not None:
                    lengths[name][i] = state.add(base + i, fields[name])
            self.runs.add(name, state.take())
        for name, values in lengths.items():
            # Kept to the commit for every record and field: int32, as no field of one
            # record reaches 2**31 tokens (int64 was 14 MiB at 100,000 questions).
            self._lengths[name].append(values.astype(np.int32))
        for name, kind in self.columns.items():
            self._columns[name].append(_column(kind, [fields.get(name) for fields in records]))
        self._per_document(records, base, lengths)
        self.docnum += len(records)
        self._chunk = []

    def _add_text(
        self,
        state: TextField,
        records: list[dict[str, Any]],
        base: int,
        encoded: dict[str, tuple[np.ndarray, np.ndarray]],
    ) -> np.ndarray:
        values = [fields.get(state.name) or "" for fields in records]
        numbers, counts = self._copied(state, records, values, encoded)
        if numbers is None:
            numbers, counts = state.table.words.encode(values)
        encoded[state.name] = (numbers, counts)
        tokens = state.table.expand(numbers, counts)
        with_positions = state.kind == POSITIONS
        postings = runs.from_tokens(tokens, base, state.boost, state.keys(), with_positions)
        self.runs.add(state.name, postings)
        return np.bincount(tokens.texts, minlength=len(records)).astype(np.int64)

    def _copied(
        self,
        state: TextField,
        records: list[dict[str, Any]],
        values: list[str],
        encoded: dict[str, tuple[np.ndarray, np.ndarray]],
    ) -> tuple[np.ndarray | None, np.ndarray | None]:
        """A copy field's word numbers from its sources' (index.schema.COPY_FIELDS),
        when every record's value is indeed their join; (None, None) otherwise."""
        sources = state.copies
        if not sources or any(s not in encoded for s in sources):
            return None, None
        same_words = all(self.text_fields[s].table.words is state.table.words for s in sources)
        if not same_words or any(
            value != joined(fields.get(s) for s in sources)
            for value, fields in zip(values, records, strict=True)
        ):
            return None, None
        numbers = np.concatenate([encoded[s][0] for s in sources])
        counts = np.stack([encoded[s][1] for s in sources], axis=1)  # records × sources
        starts = np.cumsum([0, *(len(encoded[s][0]) for s in sources[:-1])])
        source_starts = np.stack(
            [starts[k] + np.cumsum(encoded[s][1]) - encoded[s][1] for k, s in enumerate(sources)],
            axis=1,
        )
        index = concatenated_ranges(source_starts.ravel(), counts.ravel())
        return numbers[index], counts.sum(axis=1)

    def _per_document(
        self, records: list[dict[str, Any]], base: int, lengths: dict[str, np.ndarray]
    ) -> None:
        """Stored fields and lengths, written by Whoosh's per-document writer in the bytes
        `SegmentWriter.add_document` has it write. That sends every field of every record
        through `add_field`; here only a field with a length goes through it (the length
        byte and the field's total), and the stored values go as the one dict `finish_doc`
        would have collected, in the same (sorted) order: a quarter of the calls."""
        writer, schema = self.writer.perdocwriter, self.schema
        stored = self._stored_names
        with_length = sorted(lengths)
        table = np.zeros((len(records), len(with_length)), dtype=np.int64)
        for column, name in enumerate(with_length):
            table[:, column] = lengths[name]
        rows, cols = np.nonzero(table)  # row-major: by record, then by name as sorted
        pairs = zip(rows.tolist(), cols.tolist(), table[rows, cols].tolist(), strict=True)
        pair = next(pairs, None)
        for i, fields in enumerate(records):
            writer.start_doc(base + i)
            while pair is not None and pair[0] == i:
                name = with_length[pair[1]]
                writer.add_field(name, schema[name], None, pair[2])
                pair = next(pairs, None)
            values = {name: fields[name] for name in stored if fields.get(name) is not None}
            if values:
                writer.add_column_value(*STORED_FIELDS, values)
            writer.finish_doc()

    # -- committing --------------------------------------------------------------

    def end_records(self) -> None:
        """The last chunk's postings to disk, and every word's analysis let go: what is
        left for the commit is each field's term texts and the chunks' runs."""
        if self.records_ended:
            return
        self._flush()
        for state in self.text_fields.values():
            state.table.release()
        for state in self.value_fields.values():
            state.release()
        self.records_ended = True

    def commit(self) -> None:
        """Merge the chunks into the segment and into its part of the search arrays (its
        name in `part`; none when no record was added), then let Whoosh close the segment
        and write its table of contents, merging no segments."""
        self.end_records()
        try:
            arrays = None
            if self.docnum:
                segment = self.writer.newsegment.segid
                self.part = f"part-{segment}"
                arrays = PartWriter(
                    self.generation, self.part, self.first_doc, self.docnum, [segment]
                )
                for name, values in self._columns.items():
                    arrays.add_column(name, np.concatenate(values))
            self._write_postings(arrays)
            writer = self.writer
            writer._added = self.docnum > 0  # as add_document sets it; the pool stays empty
            writer.docnum = self.docnum
            writer.commit(merge=False)
        finally:
            self.runs.remove()

    def _write_postings(self, arrays: PartWriter | None) -> None:
        """Every indexed field's merged postings into the part (none without records)."""
        if arrays is None:
            return
        for name in self._indexed():
            state = self.text_fields.get(name) or self.value_fields[name]
            lengths = self._field_lengths(name)
            rounded = LENGTH_OF_BYTE[lengths_as_bytes(lengths)]
            with_positions = state.kind == POSITIONS
            arrays.start_field(name, lengths, rounded, with_positions, state.field.scorable)
            texts: list[str] = []
            for postings in self.runs.merged(name, state.keys()):
                arrays.add(
                    postings.counts,
                    postings.docs,
                    postings.weights,
                    postings.freqs,
                    postings.positions,
                )
                texts.extend(state.term_text(t) for t in postings.terms.tolist())
            arrays.finish_field(texts)
        arrays.close()

    def _field_lengths(self, name: str) -> np.ndarray:
        parts = self._lengths.get(name) or [np.zeros(0, dtype=np.int32)]
        return np.concatenate(parts)

    def cancel(self) -> None:
        self.runs.remove()
        self.writer.cancel()


def _column(kind: str, values: list[Any]) -> np.ndarray:
    """A column's int32 values: a date as its day number (days since 1970-01-01), a number
    as itself, `MISSING` where a record has none."""
    epoch = datetime(1970, 1, 1)
    if kind == DAY:
        values = [MISSING if v is None else (v - epoch).days for v in values]
    else:
        values = [MISSING if v is None else int(v) for v in values]
    return np.asarray(values, dtype=np.int32)
