"""A part's arrays, written from the merged postings the bulk writer writes to its segment.

The bulk writer (index.segment.bulk) merges a field's postings a range of terms at a
time into Whoosh's posting lists; the same ranges come here, so the arrays are made
without reading the segment back. Per field: `start_field`, `add` per range of terms,
`finish_field`; per column `add_column`; then `close` writes part.json.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from index.arrays.format import DIRNAME, DTYPES, PART_META, ArrayFiles
from index.schema import FILTER_FIELDS, SEARCH_FIELDS
from index.segment.lengths import LENGTH_OF_BYTE, lengths_as_bytes
from index.segment.runs import Postings


def wanted(field: str) -> bool:
    """Fields with arrays: the searched ones and the filters."""
    return field in SEARCH_FIELDS or field in FILTER_FIELDS


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
            "fields": {},
            "columns": [],
        }
        self._field: dict[str, Any] = {}

    def start_field(self, field: str, lengths: np.ndarray, with_positions: bool) -> None:
        """`lengths`: each record's field length as counted (Whoosh stores it as a byte)."""
        out = ArrayFiles(self.target, field)
        scored = field in SEARCH_FIELDS
        if scored:
            out.add("lengths", LENGTH_OF_BYTE[lengths_as_bytes(lengths)])
        out.add("offsets", np.zeros(1))
        if with_positions:
            out.add("posoffsets", np.zeros(1))
        self._field = {"name": field, "out": out, "scored": scored, "positions": with_positions}
        self._field.update(total_length=float(lengths.sum()), postings=0, position_count=0)

    def add(self, postings: Postings) -> None:
        """One range of terms; record numbers as the segment counts them."""
        state, out = self._field, self._field["out"]
        out.add("docs", postings.docs.astype(np.int64) + self.first_doc)
        out.add("offsets", state["postings"] + np.cumsum(postings.counts))
        state["postings"] += len(postings)
        if state["scored"]:
            out.add("weights", postings.weights.astype(np.float32))  # as Whoosh stores them
        if state["positions"]:
            out.add("positions", postings.positions)
            out.add("posoffsets", state["position_count"] + np.cumsum(postings.freqs))
            state["position_count"] += len(postings.positions)

    def finish_field(self, terms: list[str]) -> None:
        state = self._field
        self.meta["fields"][state["name"]] = {
            "terms": terms,
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
