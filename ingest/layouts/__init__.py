"""Layout parsers: each reads an ExtractedText and returns a Document, or None when the
text is not in its layout. Shared here: turning parsed records into a Document, and the
publications an answer cites.
"""

from __future__ import annotations

from pathlib import Path

from ingest.citations import cited_documents
from ingest.dedupe import deduped
from ingest.extracted import ExtractedText
from ingest.markers import anchor_footnotes
from ingest.metadata import Letterhead, document_id, official_id, parse_letterhead
from ingest.records import Document, Footnote, Record


def answer_cites(answer: str, notes: list[Footnote], session: str | None = None) -> list[str]:
    """Ids of the publications an answer names, in its text or in its footnotes."""
    return cited_documents([answer, *(note.text for note in notes)], session)


def build_document(
    extracted: ExtractedText,
    layout: str,
    records: list[Record],
    head: Letterhead | None = None,
) -> Document:
    """A Document with letterhead metadata, records deduplicated, ids and positions set.

    The id is the official publication id of the metadata or the file name, else made
    from the letterhead and the content (ingest.metadata.document_id)."""
    head = head or parse_letterhead(extracted.paragraphs)
    for record in records:
        anchor_footnotes(record)
    kept, notes, fingerprint = deduped(records)
    name = Path(extracted.source).stem
    official = official_id(extracted.metadata.get("identifier", ""), name)
    doc_id, basis = document_id(head, fingerprint, official, name)
    for position, record in enumerate(kept):
        record.document_id = doc_id
        record.position = position
        record.cites = [cited for cited in dict.fromkeys(record.cites) if cited != doc_id]
    return Document(
        id=doc_id,
        source=extracted.source,
        fingerprint=fingerprint,
        layout=layout,
        date=head.date,
        subject=head.subject,
        ministry=head.ministry,
        minister=head.minister,
        ministries=[head.ministry] if head.ministry else [],
        id_basis=basis,
        reference=head.reference,
        records=kept,
        warnings=[*extracted.warnings, *(f"{extracted.source}: {note}" for note in notes)],
    )
