"""A generation's arrays meta: after a build, and after an update from the previous one's.

The one producer of meta.json. A build has the bulk writer's one part; an update has
the previous generation's parts (hard-linked, unchanged), the part of the segment it
added, and the previous deleted records plus the ones it deleted.

Every update adds a part, and a query reads each part's lists; so an update also merges
its new part into the one before while that one holds at most MERGE_FACTOR times as many
records (never into the first part, a build's): part sizes grow geometrically, a query
reads a few parts after any number of updates, and each record is merged a few times at
most, at the cost of the small parts, not of the index. Whoosh's segments are not merged
(compaction is `vraagbaak ingest --rebuild`); a merged part covers several segments.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import numpy as np

from index.arrays.format import (
    DIRNAME,
    DTYPES,
    PART_META,
    ArrayFiles,
    new_meta,
    write_meta,
)
from index.arrays.lexicon import write_terms
from index.arrays.read import FieldArrays, IndexArrays, Part, read_part
from index.ranges import concatenated_ranges, offsets_of

MERGE_FACTOR = 2


def write_built(generation: Path, part: str | None, doc_count_all: int) -> None:
    """The meta of a fresh generation: one part, or none for an empty index."""
    parts = [part] if part else []
    write_meta(generation, new_meta(doc_count_all, parts, 0), np.empty(0, DTYPES["deleted"]))


def write_updated(
    generation: Path,
    previous: IndexArrays,
    part: str | None,
    doc_count_all: int,
    deleted: np.ndarray,
) -> None:
    """The meta of an updated generation: `previous`'s parts plus the new `part` (none when
    the update only deleted), small ones merged, and `deleted` (record numbers) added to
    previous's."""
    parts = [*previous.part_names, *([part] if part else [])]
    if part:
        parts = _merged_tail(generation, parts)
    gone = np.union1d(np.asarray(previous.deleted), np.asarray(deleted, dtype=np.int64))
    write_meta(generation, new_meta(doc_count_all, parts, len(gone)), gone)


def _merged_tail(generation: Path, names: list[str]) -> list[str]:
    source = generation / DIRNAME
    names = list(names)
    while len(names) > 2 and _records(source, names[-2]) <= MERGE_FACTOR * _records(
        source, names[-1]
    ):
        before, last = (read_part(source / name, mapped=False) for name in names[-2:])
        segment_docs = [n for name in names[-2:] for n in _part_meta(source, name)["segment_docs"]]
        merged = merge_parts(source, before, last, segment_docs)
        for name in names[-2:]:  # this generation's links only: the previous keeps its own
            shutil.rmtree(source / name)
        names[-2:] = [merged]
    return names


def _part_meta(source: Path, name: str) -> dict[str, Any]:
    return json.loads((source / name / PART_META).read_text(encoding="utf-8"))


def _records(source: Path, name: str) -> int:
    return _part_meta(source, name)["doc_count"]


def merge_parts(source: Path, first: Part, second: Part, segment_docs: list[int]) -> str:
    """One part holding `first`'s and `second`'s (consecutive) records; returns its name.
    `segment_docs`: the records of each of their segments, in order."""
    if first.first_doc + first.doc_count != second.first_doc:
        raise ValueError("alleen opeenvolgende delen kunnen worden samengevoegd")
    segments = [*first.segments, *second.segments]
    name = f"part-{segments[0]}-{segments[-1]}"
    target = source / name
    target.mkdir()
    meta: dict[str, Any] = {
        "first_doc": first.first_doc,
        "doc_count": first.doc_count + second.doc_count,
        "segments": segments,
        "segment_docs": segment_docs,
        "fields": {},
        "columns": sorted(first.columns),
    }
    for field in sorted({*first.fields, *second.fields}):
        pieces = [p.fields[field] for p in (first, second) if field in p.fields]
        meta["fields"][field] = _merge_field(target, field, pieces, [first, second])
    for column in meta["columns"]:
        values = np.concatenate([first.columns[column], second.columns[column]])
        (target / f"{column}.column.bin").write_bytes(values.astype(DTYPES["column"]).tobytes())
    (target / PART_META).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return name


def _merge_field(
    target: Path, field: str, pieces: list[FieldArrays], parts: list[Part]
) -> dict[str, Any]:
    """A field's lists of both parts: per term the first part's postings, then the
    second's (their record numbers are higher)."""
    own = [piece.lexicon.terms() for piece in pieces]
    terms = sorted({term for piece_terms in own for term in piece_terms})
    row = {term: i for i, term in enumerate(terms)}
    ranks = np.concatenate(
        [
            np.repeat([row[t] for t in piece_terms], np.diff(p.offsets)).astype(np.int64)
            for p, piece_terms in zip(pieces, own, strict=True)
        ]
    )
    order = np.argsort(ranks, kind="stable")  # the first part's postings first, per term
    out = ArrayFiles(target, field)
    if pieces[0].lengths is not None:
        out.add("lengths", np.concatenate([_lengths(field, part) for part in parts]))
    out.add("offsets", offsets_of(np.bincount(ranks, minlength=len(terms))))
    out.add("docs", np.concatenate([p.docs for p in pieces])[order])
    if pieces[0].weights is not None:
        out.add("weights", np.concatenate([p.weights for p in pieces])[order])
    if pieces[0].positions is not None:
        counts = np.concatenate([np.diff(p.position_offsets) for p in pieces])
        positions = np.concatenate([p.positions for p in pieces])
        starts = offsets_of(counts)[:-1]
        out.add("positions", positions[concatenated_ranges(starts[order], counts[order])])
        out.add("posoffsets", offsets_of(counts[order]))
    write_terms(out, terms)
    return {"total_length": sum(piece.total_length for piece in pieces), "arrays": out.close()}


def _lengths(field: str, part: Part) -> np.ndarray:
    """A part's field lengths per record; zeros where no record of it has the field."""
    arrays = part.fields.get(field)
    if arrays is None:
        return np.zeros(part.doc_count, dtype=DTYPES["lengths"])
    return arrays.lengths
