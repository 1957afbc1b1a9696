"""Layout parsers: each reads an ExtractedText and returns a Document, or None when the
text is not in its layout. Shared here: turning parsed records into a Document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ingest.dedupe import content_fingerprint, dedupe_records
from ingest.extracted import ExtractedText, Paragraph
from ingest.metadata import Letterhead, document_id, parse_letterhead
from ingest.records import Document, Record


@dataclass
class NumberedItem:
    """One numbered question with its answer while a layout collects paragraphs.

    `numbers` has more than one entry where one answer serves several questions.
    """

    numbers: list[int]
    question: list[Paragraph] = field(default_factory=list)
    answer: list[Paragraph] = field(default_factory=list)
    answered: bool = False


def build_document(
    extracted: ExtractedText,
    layout: str,
    records: list[Record],
    head: Letterhead | None = None,
) -> Document:
    """A Document with letterhead metadata, records deduplicated, ids and positions set."""
    head = head or parse_letterhead(extracted.paragraphs)
    kept, notes = dedupe_records(records)
    doc_id = document_id(head, Path(extracted.source).stem)
    for position, record in enumerate(kept):
        record.document_id = doc_id
        record.position = position
    return Document(
        id=doc_id,
        source=extracted.source,
        fingerprint=content_fingerprint(kept),
        layout=layout,
        date=head.date,
        subject=head.subject,
        ministry=head.ministry,
        minister=head.minister,
        reference=head.reference,
        records=kept,
        warnings=[*extracted.warnings, *(f"{extracted.source}: {note}" for note in notes)],
    )
