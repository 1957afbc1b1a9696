"""Turn ingested records into a Whoosh index: full rebuilds and copy-on-write updates.

Both write a new generation (see index.store) and switch it in only when the
Whoosh commit and the catalog are complete. A rebuild is written by the bulk
writer (index.segment.bulk, numpy, one segment); an update adds a segment with Whoosh's
own writer, which also deletes, and then reads the search arrays back out.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage

from index.arrays.export import refresh_postings, write_postings
from index.record_fields import document_fields
from index.schema import CONTENT_FIELDS, COPY_FIELDS, build_schema
from index.segment.bulk import BulkWriter
from index.segment.lengths import lengths_in_memory
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
# Whoosh's in-memory posting pool before it spills a run to disk (updates: Whoosh's writer).
WRITER_MB = 256
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


def _add_documents(writer: Any, documents: Iterable[Document], progress: Progress | None) -> None:
    documents = list(documents)
    total = sum(len(d.records) for d in documents)
    done = 0
    for document in documents:
        done = _add_records(writer, document, done, total, progress)


def _add_records(
    writer: Any, document: Document, done: int, total: int, progress: Progress | None
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
    which is not known in advance. The bulk writer (index.segment.bulk) writes the one
    segment and its search arrays.
    """
    with writer_lock(root):
        path = new_generation_dir(root)
        ix = whoosh_index.create_in(str(path), build_schema(stemmer))
        writer = _cancelling(ix, path, lambda: BulkWriter(ix, path, copies=COPY_FIELDS))
        entries: dict[str, dict[str, Any]] = {}
        surface = SurfaceCounter()
        with _committing(ix, writer, path):
            done = 0
            for document in documents:
                entries[document.id] = catalog_entry(document)
                for text in _texts(document):
                    surface.add(text)
                done = _add_records(writer, document, done, 0, progress)
        catalog = {"version": CATALOG_VERSION, "stemmer": stemmer, "documents": entries}
        write_catalog(path, catalog)
        write_surface_forms(path, surface)
        switch_to(root, path)
    return path


def _texts(document: Document) -> Iterator[str]:
    for q in document.records:
        yield from (q.topic or "", q.question, q.answer)


def _stored_texts(path: Path, document_ids: Iterable[str] | None = None) -> Iterator[str]:
    """Topic, question and answer of every record in an index, or of those documents'."""
    ix = whoosh_index.open_dir(str(path))
    try:
        with ix.searcher() as searcher:
            if document_ids is None:
                records = list(searcher.all_stored_fields())
            else:
                records = [r for d in document_ids for r in searcher.documents(document=d)]
    finally:
        ix.close()
    for stored in records:
        yield from (stored.get(name) or "" for name in CONTENT_FIELDS)


def _updated_words(live: Path, path: Path, add: list[Document], gone: set[str]) -> SurfaceCounter:
    """The word counts after an update: the live ones, minus the records of the documents
    gone (deleted or replaced), plus the added ones; counted anew from every record
    of the updated index when the live generation kept no counts."""
    written = read_written(live)
    counter = SurfaceCounter(written)
    if written is None:
        for text in _stored_texts(path):
            counter.add(text)
        return counter
    for text in _stored_texts(live, gone):
        counter.remove(text)
    for document in add:
        for text in _texts(document):
            counter.add(text)
    return counter


def update_index(
    root: Path,
    add: Iterable[Document],
    remove: Iterable[str] = (),
    progress: Progress | None = None,
) -> Path:
    """Replace or add `add`, drop the document ids in `remove`, in a new generation.

    The live generation is copied first, so readers keep the old index until the
    switch. A document in `add` replaces any indexed document with the same id.
    """
    add = list(add)
    with writer_lock(root):
        live = open_generation(root)
        path = new_generation_dir(root, base=live.path)
        ix = whoosh_index.open_dir(str(path))
        catalog = dict(live.catalog)
        documents = dict(catalog["documents"])
        writer = _cancelling(ix, path, lambda: ix.writer(limitmb=WRITER_MB))
        export = partial(_export_arrays, path, previous=live.path)
        gone = {*remove, *(d.id for d in add)}
        with lengths_in_memory(), _committing(ix, writer, path, then=export):
            for document_id in gone:
                writer.delete_by_term("document", document_id)
                documents.pop(document_id, None)
            _add_documents(writer, add, progress)
        documents.update({d.id: catalog_entry(d) for d in add})
        catalog["documents"] = documents
        write_catalog(path, catalog)
        write_surface_forms(path, _updated_words(live.path, path, add, gone))
        switch_to(root, path)
    return path


def _cancelling(ix: Any, path: Path, make: Callable[[], Any]) -> Any:
    """A writer from `make`; when it cannot be made, the unfinished generation is removed."""
    try:
        return make()
    except BaseException:
        ix.close()
        shutil.rmtree(path, ignore_errors=True)
        raise


@contextmanager
def _committing(
    ix: Any, writer: Any, path: Path, then: Callable[[], None] | None = None
) -> Iterator[None]:
    """Commit when the block succeeds, and run `then`; otherwise (or when either fails)
    cancel and remove the unfinished generation."""
    try:
        yield
    except BaseException:
        writer.cancel()
        ix.close()
        shutil.rmtree(path, ignore_errors=True)
        raise
    try:
        writer.commit()
        if then is not None:
            then()
    except BaseException:
        ix.close()
        shutil.rmtree(path, ignore_errors=True)
        raise
    ix.close()


def _export_arrays(path: Path, previous: Path | None = None) -> None:
    """The search arrays of what Whoosh's writer wrote: refreshed from `previous`'s where
    the update kept its segments, else read out of every segment."""
    # Read without memory-mapping: mapped, every page of the postings file read for
    # the export counted in the process's resident memory (+450 MiB at 100,000).
    unmapped = FileStorage(str(path), supports_mmap=False).open_index()
    try:
        with unmapped.reader() as reader:
            if previous is None or not refresh_postings(previous, reader, path):
                write_postings(reader, path)
    finally:
        unmapped.close()
