"""Turn ingested records into an index: full rebuilds and updates, both by the bulk writer.

Both write a new generation (see index.store) and switch it in only when the
segment, the search arrays and the catalog are complete. A rebuild writes one
segment into an empty generation; an update starts from the live generation's
files (hard-linked, index.store), marks the records of replaced and removed
documents deleted and adds one segment with the new records. Segments are never
merged: `vraagbaak ingest --rebuild` compacts.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import index as whoosh_index

from index.arrays.format import IndexOutdatedError
from index.arrays.read import IndexArrays
from index.arrays.update import write_built, write_updated
from index.record_fields import document_fields
from index.schema import COLUMNS, CONTENT_FIELDS, COPY_FIELDS, build_schema
from index.segment.bulk import BulkWriter
from index.store import (
    new_generation_dir,
    open_generation,
    switch_to,
    write_catalog,
    writer_lock,
)
from index.surface import SurfaceCounter, read_written, write_surface_forms
from ingest.records import Document

CATALOG_VERSION = 1
Progress = Callable[[int, int], None]


def catalog_entry(document: Document) -> dict[str, Any]:
    return {
        "id": document.id,
        "date": document.date.isoformat() if document.date else None,
        "submitted": document.submitted.isoformat() if document.submitted else None,
        "subject": document.subject,
        "ministry": document.ministry,
        "minister": document.minister,
        "reference": document.reference,
        "source": document.source,
        "fingerprint": document.fingerprint,
        "layout": document.layout,
        "questions": document.question_count,
        "records": len(document.records),
        "parties": document.parties,
        "warnings": list(document.warnings),
    }


def _add_records(
    writer: BulkWriter, document: Document, done: int, total: int, progress: Progress | None
) -> int:
    """The records of one document; returns the records added so far."""
    for fields in document_fields(document):
        writer.add_document(**fields)
        done += 1
        if progress is not None:
            progress(done, total)
    return done


def build_index(
    documents: Iterable[Document],
    root: Path,
    stemmer: str = "kp",
    progress: Progress | None = None,
) -> Path:
    """Index `documents` from scratch into a new generation and switch to it.

    The documents are read once, as they come (an iterator of a whole archive is
    never held in memory here); `progress` gets the records done and a total of 0,
    which is not known in advance.
    """
    with writer_lock(root):
        path = new_generation_dir(root)
        ix = whoosh_index.create_in(str(path), build_schema(stemmer))
        entries: dict[str, dict[str, Any]] = {}
        surface = SurfaceCounter()
        with _writing(ix, path) as writer:
            done = 0
            for document in documents:
                entries[document.id] = catalog_entry(document)
                for text in _texts(document):
                    surface.add(text)
                done = _add_records(writer, document, done, 0, progress)
        write_built(path, writer.part, writer.first_doc + writer.docnum)
        catalog = {"version": CATALOG_VERSION, "stemmer": stemmer, "documents": entries}
        write_catalog(path, catalog)
        write_surface_forms(path, surface)
        switch_to(root, path)
    return path


def _texts(document: Document) -> Iterator[str]:
    for record in document.records:
        yield from (record.topic or "", record.question, record.answer)


def update_index(
    root: Path,
    add: Iterable[Document],
    remove: Iterable[str] = (),
    progress: Progress | None = None,
) -> Path:
    """Replace or add `add`, drop the document ids in `remove`, in a new generation.

    A document in `add` replaces any indexed document with the same id. Readers keep
    the old generation until the switch.
    """
    add = list(add)
    with writer_lock(root):
        live = open_generation(root)
        previous = IndexArrays(live.path)
        written = read_written(live.path)
        if written is None:
            raise IndexOutdatedError(live.path, "geen woordentelling")
        catalog = dict(live.catalog)
        documents = dict(catalog["documents"])
        gone_ids = [d for d in dict.fromkeys([*remove, *(d.id for d in add)]) if d in documents]
        gone = _live_records(previous, gone_ids)
        path = new_generation_dir(root, base=live.path)
        ix = whoosh_index.open_dir(str(path))
        surface = SurfaceCounter(written)
        for text in _stored_texts(ix, gone):
            surface.remove(text)
        with _writing(ix, path) as writer:
            writer.delete(gone.tolist())
            done, total = 0, sum(len(d.records) for d in add)
            for document in add:
                for text in _texts(document):
                    surface.add(text)
                done = _add_records(writer, document, done, total, progress)
        write_updated(path, previous, writer.part, writer.first_doc + writer.docnum, gone)
        for document_id in gone_ids:
            documents.pop(document_id)
        documents.update({d.id: catalog_entry(d) for d in add})
        catalog["documents"] = documents
        write_catalog(path, catalog)
        write_surface_forms(path, surface)
        switch_to(root, path)
    return path


def _live_records(arrays: IndexArrays, document_ids: list[str]) -> np.ndarray:
    """The record numbers of these documents that are not deleted yet, ascending."""
    field = arrays.field("document")
    found = [field.docs(document_id) for document_id in document_ids]
    docs = np.unique(np.concatenate(found)) if found else np.empty(0, dtype=np.int64)
    return docs[arrays.live[docs]]


def _stored_texts(ix: Any, docnums: np.ndarray) -> Iterator[str]:
    """Topic, question and answer of these records, as stored."""
    if not len(docnums):
        return
    reader = ix.reader()
    try:
        for docnum in docnums.tolist():
            stored = reader.stored_fields(docnum)
            yield from (stored.get(name) or "" for name in CONTENT_FIELDS)
    finally:
        reader.close()


@contextmanager
def _writing(ix: Any, path: Path) -> Iterator[BulkWriter]:
    """A bulk writer for one new segment, committed when the block succeeds; otherwise
    (or when the commit fails) cancelled, and the unfinished generation removed."""
    try:
        writer = BulkWriter(ix, path, copies=COPY_FIELDS, columns=COLUMNS)
    except BaseException:
        ix.close()
        shutil.rmtree(path, ignore_errors=True)
        raise
    try:
        yield writer
    except BaseException:
        writer.cancel()
        ix.close()
        shutil.rmtree(path, ignore_errors=True)
        raise
    try:
        writer.commit()
    except BaseException:
        ix.close()
        shutil.rmtree(path, ignore_errors=True)
        raise
    ix.close()
