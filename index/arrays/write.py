"""A part's arrays, written from the merged postings of the bulk writer's segment.

The bulk writer (index.segment.bulk) merges a field's postings a range of terms at a
time and hands each range here: the arrays are the segment's only copy of its terms and
postings, which Whoosh reads through index.segment.codec. Every indexed field has its
arrays. Per field: `start_field`, `add` per range of terms, `finish_field`; per column
`add_column`; then `close` writes part.json.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

from index.arrays.format import DIRNAME, DTYPES, PART_META, ArrayFiles
from index.arrays.lexicon import write_terms


class PartWriter:
    """The arrays of the records ``first_doc`` … ``first_doc + doc_count - 1``."""

    def __init__(
        self, generation: Path, name: str, first_doc: int, doc_count: int, segments: list[str]
    ) -> None:
        self.name = name
        self.target = generation / DIRNAME / name
        self.target.mkdir(parents=True)
        self.first_doc, self.doc_count = first_doc, doc_count
        self.meta: dict[str, Any] = {
            "first_doc": first_doc,
            "doc_count": doc_count,
            "segments": segments,
            "segment_docs": [doc_count],  # records per segment, in order
            "fields": {},
            "columns": [],
        }
        self._field: dict[str, Any] = {}

    def start_field(
        self,
        field: str,
        lengths: np.ndarray,
        rounded: np.ndarray,
        with_positions: bool,
        with_lengths: bool,
    ) -> None:
        """`lengths`: each record's field length as counted; `rounded`: as the segment
        keeps it (a byte), what BM25F reads; kept for a field Whoosh scores."""
        out = ArrayFiles(self.target, field)
        # Every array the field has is there, empty for a field without postings.
        out.add("offsets", np.zeros(1))
        out.add("docs", np.zeros(0))
        out.add("weights", np.zeros(0))
        if with_lengths:
            out.add("lengths", rounded)
        if with_positions:
            out.add("posoffsets", np.zeros(1))
            out.add("positions", np.zeros(0))
        self._field = {"name": field, "out": out, "positions": with_positions}
        self._field.update(total_length=float(lengths.sum()), postings=0, position_count=0)

    def add(
        self,
        counts: np.ndarray,
        docs: np.ndarray,
        weights: np.ndarray,
        freqs: np.ndarray,
        positions: np.ndarray | None,
    ) -> None:
        """One range of terms: postings per term, and per posting its record (as the
        segment numbers it), weight, frequency and positions."""
        state, out = self._field, self._field["out"]
        out.add("docs", docs.astype(np.int64) + self.first_doc)
        out.add("offsets", state["postings"] + np.cumsum(counts))
        state["postings"] += len(docs)
        out.add("weights", weights.astype(np.float32))  # as Whoosh stores them
        if state["positions"]:
            out.add("positions", positions)
            out.add("posoffsets", state["position_count"] + np.cumsum(freqs))
            state["position_count"] += len(positions)

    def finish_field(self, terms: Iterable[str]) -> None:
        """The field's terms, in the order of the ranges added (Whoosh's lexicon order)."""
        state = self._field
        write_terms(state["out"], terms)
        self.meta["fields"][state["name"]] = {
            "total_length": state["total_length"],
            "arrays": state["out"].close(),
        }

    def add_column(self, name: str, values: np.ndarray) -> None:
        """One int32 value per record of the part."""
        if len(values) != self.doc_count:
            raise ValueError(f"kolom {name}: {len(values)} waarden voor {self.doc_count} records")
        path = self.target / f"{name}.column.bin"
        path.write_bytes(np.ascontiguousarray(values, dtype=DTYPES["column"]).tobytes())
        self.meta["columns"].append(name)

    def close(self) -> None:
        (self.target / PART_META).write_text(
            json.dumps(self.meta, ensure_ascii=False), encoding="utf-8"
        )
