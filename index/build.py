"""Turn ingested records into an index: full rebuilds and updates, both by the bulk writer.

Both write a new generation (see index.store), mark it complete when the segment, the
search arrays and the catalog are written and on disk, and only then switch it in; a
failure at any step removes the unfinished generation and leaves the previous one live.
A rebuild writes one segment into an empty generation; an update starts from the files
of the generation a reader uses (hard-linked, index.store), marks the records of
replaced and removed documents deleted and adds one segment with the new records.
Segments are never merged: `vraagbaak ingest --rebuild` compacts.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage

from index.arrays.format import IndexOutdatedError
from index.arrays.read import IndexArrays
from index.arrays.update import write_built, write_updated
from index.record_fields import document_fields
from index.schema import COLUMNS, CONTENT_FIELDS, COPY_FIELDS, build_schema
from index.segment.bulk import BulkWriter
from index.segment.stored import StoredRecords
from index.store import (
    Generation,
    mark_complete,
    new_generation_dir,
    open_generation,
    prune_generations,
    remove_generation,
    switch_to,
    write_catalog,
    write_failure,
    writer_lock,
)
from index.surface import SurfaceCounter, read_written, write_surface_forms
from ingest.records import Document

CATALOG_VERSION = 1
log = logging.getLogger(__name__)
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
        "id_basis": document.id_basis,
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
        return write_build(documents, root, stemmer, progress).path


def write_build(
    documents: Iterable[Document], root: Path, stemmer: str, progress: Progress | None
) -> Generation:
    """build_index's work, for a caller that holds `writer_lock(root)` already."""
    with _new_generation(root) as path:
        ix = whoosh_index.create_in(str(path), build_schema(stemmer))
        entries: dict[str, dict[str, Any]] = {}
        with _writing(ix, path) as writer:
            done = 0
            for document in documents:
                entries[document.id] = catalog_entry(document)
                done = _add_records(writer, document, done, 0, progress)
        records, part = writer.first_doc + writer.docnum, writer.part
        del writer  # its fields' term texts, some 50 MiB at 100,000: not beside the counts
        write_built(path, part, records)
        write_surface_forms(path, _counted_back(path, records))
        catalog = {"version": CATALOG_VERSION, "stemmer": stemmer, "documents": entries}
        write_catalog(path, catalog)
    _switch(root, path)
    return Generation(path, catalog)


def _counted_back(path: Path, records: int) -> SurfaceCounter:
    """The written forms of a new generation's records, counted from their stored texts
    (in record order, as `_texts` gives them): counted while the records were added, the
    counts were held beside the writer's word tables, some 45 MiB of a build's peak at
    100,000 questions. Read, not mapped: mapped pages would count as resident memory."""
    surface = SurfaceCounter()
    ix = FileStorage(str(path), supports_mmap=False).open_index()
    try:
        for text in _stored_texts(ix, np.arange(records)):
            surface.add(text)
    finally:
        ix.close()
    return surface


def _texts(document: Document) -> Iterator[str]:
    for record in document.records:
        yield from (record.topic or "", record.question, record.answer)


def update_index(
    root: Path,
    add: Iterable[Document],
    remove: Iterable[str] = (),
    progress: Progress | None = None,
) -> Path:
    """Replace or add `add`, drop the document ids in `remove`, in a new generation made
    from the generation a reader would use (index.store.open_generation).

    A document in `add` replaces any indexed document with the same id. Readers keep
    the old generation until the switch.
    """
    add = list(add)
    with writer_lock(root):
        return write_update(open_generation(root), root, add, remove, progress).path


def write_update(
    base: Generation,
    root: Path,
    add: list[Document],
    remove: Iterable[str],
    progress: Progress | None,
) -> Generation:
    """update_index's work on `base`, for a caller that holds `writer_lock(root)`."""
    previous = IndexArrays(base.path)
    written = read_written(base.path)
    if written is None:
        raise IndexOutdatedError(base.path, "geen woordentelling")
    catalog = dict(base.catalog)
    documents = dict(catalog["documents"])
    gone_ids = [d for d in dict.fromkeys([*remove, *(d.id for d in add)]) if d in documents]
    gone = _live_records(previous, gone_ids)
    with _new_generation(root, base.path) as path:
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
    _switch(root, path)
    return Generation(path, catalog)


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
        records = StoredRecords.of(reader)
        for docnum in docnums.tolist():
            stored = records[docnum]
            yield from (stored.get(name) or "" for name in CONTENT_FIELDS)
    finally:
        reader.close()


@contextmanager
def _new_generation(root: Path, base: Path | None = None) -> Iterator[Path]:
    """A new generation's directory (with `base`'s files linked in), marked complete when
    the block succeeds. When anything fails, the directory is removed, however it failed
    (a second ENOSPC in the clean-up included), and a full disk or a read-only folder is
    an IndexWriteError. Leftovers of earlier failures are removed first: their space may
    be what this one needs."""
    prune_generations(root)
    path: Path | None = None
    try:
        path = new_generation_dir(root, base)
        yield path
        mark_complete(path)
    except BaseException as error:
        failure = write_failure(root, error)
        if path is not None:
            remove_generation(path)
        if failure is not None:
            raise failure from error
        raise


def _switch(root: Path, path: Path) -> None:
    try:
        switch_to(root, path)
    except OSError as error:
        # The generation is complete but not live: the previous one still answers, and
        # a later clean-up removes this one once it is neither live nor the newest intact.
        failure = write_failure(root, error)
        if failure is not None:
            raise failure from error
        raise


@contextmanager
def _writing(ix: Any, path: Path) -> Iterator[BulkWriter]:
    """A bulk writer for one new segment, committed when the block succeeds, cancelled
    when it fails; the index is closed either way. A cancel that fails too (the same full
    disk) is logged and does not hide the first error; the caller removes `path`."""
    try:
        writer = BulkWriter(ix, path, copies=COPY_FIELDS, columns=COLUMNS)
        try:
            yield writer
        except BaseException:
            try:
                writer.cancel()
            except Exception as again:  # noqa: BLE001 - the first error is the one raised
                log.warning("cancelling the writer of %s failed too: %s", path, again)
            raise
        writer.commit()
    finally:
        try:
            ix.close()
        except Exception as again:  # noqa: BLE001
            log.warning("closing the index in %s failed: %s", path, again)
