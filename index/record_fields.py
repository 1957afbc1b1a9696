"""What each field of the schema (index.schema) holds for one record of a document."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from index.schema import joined
from ingest.records import QUESTION, Document, Record


def document_fields(document: Document) -> Iterator[dict[str, Any]]:
    """The field values of every record of `document`, in order."""
    by_number = {r.number: r for r in document.records if r.kind == QUESTION and r.number}
    for record in document.records:
        yield record_fields(record, document, resolved_text(record, by_number))


def resolved_text(record: Record, by_number: dict[int, Record]) -> str:
    """The text of the answers a pointer-only answer refers to (empty otherwise)."""
    if not record.pointer_only:
        return ""
    parts = [by_number[n].answer for n in record.refers_to if n in by_number]
    return "\n\n".join(parts)


def record_fields(record: Record, document: Document, resolved: str) -> dict[str, Any]:
    content = joined((record.topic, record.question, record.answer))
    fields: dict[str, Any] = {
        "key": ",".join(record_keys(record)),
        "document": document.id,
        "position": record.position,
        "kind": record.kind,
        "party": ",".join(record.parties),
        "parties": list(record.parties),
        "topic": record.topic or "",
        "question": record.question,
        "answer": record.answer,
        "resolved": resolved,
        "exact": content,
        "parts": content,
        "also_numbers": record.numbers[1:],
        "refers_to": list(record.refers_to),
        "referred_by": list(record.referred_by),
        "footnotes": [{"number": f.number, "text": f.text, "url": f.url} for f in record.footnotes],
    }
    if record.number is not None:
        fields["number"] = record.number
    if document.date is not None:
        fields["date"] = datetime(document.date.year, document.date.month, document.date.day)
    return fields


def record_keys(record: Record) -> list[str]:
    """The keys a record is found by: its own, and one per further number it answers."""
    return [record.key, *(f"{record.document_id}/{n}" for n in record.numbers[1:])]
