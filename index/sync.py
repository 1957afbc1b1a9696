"""Keep the index in step with a set of ingested documents.

New documents are added, changed ones (by content fingerprint) replaced,
unchanged ones skipped, and with `prune` documents whose file is gone removed.
Everything goes through one new generation, so a failure changes nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from index.arrays.format import read_meta
from index.build import Progress, build_index, update_index
from index.store import IndexMissingError, open_generation
from ingest.records import QUESTION, Document


@dataclass
class SyncSummary:
    root: Path
    stemmer: str
    rebuilt: bool = False
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    questions_per_party: Counter[str] = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)

    @property
    def indexed_anything(self) -> bool:
        return bool(self.added or self.replaced or self.removed or self.rebuilt)


def _count_parties(document: Document, counts: Counter[str]) -> None:
    for record in document.records:
        if record.kind == QUESTION:
            counts.update(record.parties or ["(geen partij)"])


def _tallied(documents: Iterable[Document], summary: SyncSummary) -> Iterator[Document]:
    """The documents as they pass, counted into `summary` (they need not all be in memory)."""
    for document in documents:
        _count_parties(document, summary.questions_per_party)
        summary.added.append(document.id)
        yield document


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
    index first, so it holds them as a list.
    """
    try:
        live = open_generation(root)
    except IndexMissingError:
        live = None
    catalog = live.catalog if live else None
    index_stemmer = catalog["stemmer"] if catalog else None
    chosen = stemmer or index_stemmer or "kp"
    summary = SyncSummary(root=root, stemmer=chosen)
    if catalog is None or rebuild:
        build_index(_tallied(documents, summary), root, stemmer=chosen, progress=progress)
        summary.rebuilt = True
        return summary
    read_meta(live.path)  # IndexOutdatedError: an older format is only rebuilt, not updated
    if chosen != index_stemmer:
        raise ValueError(
            f"De index in {root} gebruikt stemmer {index_stemmer!r}; "
            f"gebruik --rebuild om naar {chosen!r} over te stappen."
        )
    documents = list(documents)
    for document in documents:
        _count_parties(document, summary.questions_per_party)
    indexed = catalog["documents"]
    changed = []
    for document in documents:
        entry = indexed.get(document.id)
        if entry is None:
            summary.added.append(document.id)
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
            if doc_id not in {d.id for d in documents} and not Path(entry["source"]).exists()
        )
    if changed or summary.removed:
        update_index(root, changed, summary.removed, progress=progress)
    return summary
