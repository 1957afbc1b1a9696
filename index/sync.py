"""Keep the index in step with a set of ingested documents.

New documents are added, changed ones (by content fingerprint) replaced,
unchanged ones skipped, and with `prune` documents whose file is gone removed. A
document whose id is made from its content (`ID_CONTENT`) gets a new id when its text
changes: a new id from a file that gave such an id before replaces that document.
Everything goes through one new generation, so a failure changes nothing.

The comparison is made while holding the writer lock, against the generation the
last writer left: a second ingest started beside a first one waits, then finds the
first one's documents indexed instead of adding them again.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from index.arrays.format import IndexOutdatedError, read_meta
from index.build import Progress, write_build, write_update
from index.check import generation_to_read
from index.store import (
    Generation,
    IndexDamagedError,
    IndexMissingError,
    read_current,
    writer_lock,
)
from ingest.records import ID_CONTENT, QUESTION, Document


@dataclass
class SyncSummary:
    root: Path
    stemmer: str
    rebuilt: bool = False
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    # What was read, counted as the site and `vraagbaak documents` count: questions by
    # number (Document.question_count), records, documents.
    documents_read: int = 0
    questions_read: int = 0
    records_read: int = 0
    # Questions per asking party: a question asked by two parties counts for each.
    questions_per_party: Counter[str] = field(default_factory=Counter)
    # The index after the sync: its documents and questions, as the site shows them.
    indexed_documents: int = 0
    indexed_questions: int = 0
    # Why the live generation was not the one updated (a broken CURRENT, damage), in Dutch.
    recovered_from: tuple[str, ...] = ()
    recovered_to: str | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def indexed_anything(self) -> bool:
        return bool(self.added or self.replaced or self.removed or self.rebuilt)

    def count(self, document: Document) -> None:
        self.documents_read += 1
        self.questions_read += document.question_count
        self.records_read += len(document.records)
        for record in document.records:
            if record.kind == QUESTION:
                self.questions_per_party.update(record.parties or ["(geen partij)"])

    def took(self, generation: Generation) -> None:
        entries = generation.catalog["documents"].values()
        self.indexed_documents = len(entries)
        self.indexed_questions = sum(entry["questions"] for entry in entries)


def _tallied(documents: Iterable[Document], summary: SyncSummary) -> Iterator[Document]:
    """The documents as they pass, counted into `summary` (they need not all be in memory)."""
    for document in documents:
        summary.count(document)
        summary.added.append(document.id)
        yield document


def _readable(root: Path, peeked: Generation | None) -> Generation | None:
    """The generation to update; None when there is no index at all. A damaged index
    without an intact generation is refused (IndexDamagedError), never rebuilt from
    whatever this ingest reads. IndexOutdatedError for another format: only rebuilt,
    also when no file changed.

    The generation `peeked` before the lock is the one when CURRENT still names it: no
    writer has switched since (a name is never used twice), and its catalog need not be
    read again (a few MB at 100,000 questions)."""
    if peeked is not None and not peeked.is_fallback and read_current(root) == peeked.path.name:
        generation = peeked
    else:
        try:
            generation = generation_to_read(root)
        except (IndexDamagedError, IndexOutdatedError):
            raise
        except IndexMissingError:
            return None
    read_meta(generation.path)
    return generation


def _peek(root: Path) -> Generation | None:
    """The generation to update as it looks before the lock is held: only a hint (another
    writer may be half-way), so nothing is refused on it."""
    try:
        return generation_to_read(root)
    except IndexMissingError:
        return None


def _previous_stemmer(root: Path) -> str | None:
    try:
        return generation_to_read(root).catalog["stemmer"]
    except IndexMissingError:  # damaged or outdated too: a rebuild replaces it
        return None


def sync_index(
    documents: Iterable[Document],
    root: Path,
    stemmer: str | None = None,
    prune: bool = False,
    rebuild: bool = False,
    progress: Progress | None = None,
) -> SyncSummary:
    """Bring the index at `root` in step with `documents`; see the module docstring.

    A (re)build reads `documents` once, as they come; an update compares them with the
    index first, so it holds them as a list, read before waiting for the lock.
    """
    peeked = None if rebuild else _peek(root)
    if peeked is not None:
        _check_stemmer(root, peeked, stemmer)
        documents = list(documents)  # read before waiting for the lock
    with writer_lock(root):
        base = None if rebuild else _readable(root, peeked)  # another may have switched
        if base is None:
            chosen = stemmer or _previous_stemmer(root) or "kp"
            summary = SyncSummary(root=root, stemmer=chosen, rebuilt=True)
            summary.took(write_build(_tallied(documents, summary), root, chosen, progress))
            return summary
        _check_stemmer(root, base, stemmer)
        summary = SyncSummary(root=root, stemmer=base.catalog["stemmer"])
        if base.is_fallback:
            summary.recovered_from, summary.recovered_to = base.instead_of, base.path.name
        documents = list(documents)
        changed, remove = _compare(documents, base.catalog["documents"], summary, prune)
        if changed or remove or base.is_fallback:
            base = write_update(base, root, changed, remove, progress)
        summary.took(base)
    return summary


def _check_stemmer(root: Path, base: Generation, stemmer: str | None) -> None:
    index_stemmer = base.catalog["stemmer"]
    if stemmer is not None and stemmer != index_stemmer:
        raise ValueError(
            f"De index in {root} gebruikt stemmer {index_stemmer!r}; "
            f"gebruik --rebuild om naar {stemmer!r} over te stappen."
        )


def _compare(
    documents: list[Document], indexed: dict[str, Any], summary: SyncSummary, prune: bool
) -> tuple[list[Document], list[str]]:
    """The documents to (re)index and the ids to remove (pruned ones, and those a new
    content id replaces), each sorted into `summary`."""
    incoming = {d.id for d in documents}
    by_content = _content_ids_by_source(indexed)
    changed, replaced_ids = [], []
    for document in documents:
        summary.count(document)
        entry = indexed.get(document.id)
        if entry is None:
            # A file that gave a content id before: the letter changed, not a new one.
            before = [i for i in by_content.get(document.source, []) if i not in incoming]
            (summary.replaced if before else summary.added).append(document.id)
            replaced_ids.extend(before)
        elif entry.get("fingerprint") != document.fingerprint:
            summary.replaced.append(document.id)
        else:
            summary.unchanged.append(document.id)
            continue
        changed.append(document)
    if prune:
        summary.removed = sorted(
            doc_id
            for doc_id, entry in indexed.items()
            if doc_id not in incoming and not Path(entry["source"]).exists()
        )
    return changed, sorted({*summary.removed, *replaced_ids})


def _content_ids_by_source(indexed: dict[str, Any]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for doc_id, entry in indexed.items():
        if entry.get("id_basis") == ID_CONTENT:
            found.setdefault(entry["source"], []).append(doc_id)
    return found
