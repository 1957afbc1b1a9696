"""What each field of the schema (index.schema) holds for one record of a document."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from index.analysis.identifiers import named_identifiers
from index.schema import joined
from ingest.citations import session_of
from ingest.records import ID_OFFICIAL, QUESTION, Document, Footnote, Record


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
    """A value per field (None: the record has none, and the field is left out)."""
    content = joined((record.topic, record.question, record.answer))
    askers = [asker.name for asker in record.askers]
    fields: dict[str, Any] = {
        "key": ",".join(record_keys(record)),
        "document": document.id,
        "kind": record.kind,
        "party": ",".join(record.parties),
        "member": ",".join(askers),
        "ministry": document.ministry,
        "minister": document.minister,
        "date": _day(document.date),
        "position": record.position,
        "topic": record.topic or "",
        "question": record.question,
        "answer": record.answer,
        "resolved": resolved,
        "footnote_text": joined(f.text for f in record.footnotes),
        "identifiers": " ".join(record_identifiers(record, document)),
        "exact": content,
        "compounds": content,
        "people": joined([*askers, person_name(document.minister)]),
        "number": record.number,
        "numbers": list(record.numbers),
        "label": record.label,
        "askers": [{"name": a.name, "party": a.party} for a in record.askers],
        "parties": list(record.parties),
        "parts": [
            {"number": p.number, "label": p.label, "question": p.question} for p in record.parts
        ],
        "refers_to": list(record.refers_to),
        "referred_by": list(record.referred_by),
        "cites": list(record.cites),
        "footnotes": [footnote_fields(f) for f in record.footnotes],
        "pointer_only": record.pointer_only,
    }
    return {name: value for name, value in fields.items() if value is not None}


def footnote_fields(note: Footnote) -> dict[str, Any]:
    """A footnote as stored; `anchors` [field, offset] where its marker stood (ingest.markers)."""
    anchors = [[name, offset] for name, offset in note.anchors]
    return {"number": note.number, "text": note.text, "url": note.url, "anchors": anchors}


def record_identifiers(record: Record, document: Document) -> list[str]:
    """The official ids a record is found by: its document's own, the publications it
    cites, and every reference its texts and footnotes name (index.analysis.identifiers)."""
    own = [document.id] if document.id_basis == ID_OFFICIAL else []
    session = session_of(document.id)
    texts = (record.topic or "", record.question, record.answer)
    named = (
        reference.id
        for text in (*texts, *(f.text for f in record.footnotes))
        for reference in named_identifiers(text, session)
    )
    return list(dict.fromkeys([*own, *record.cites, *named]))


def _day(day: date | None) -> datetime | None:
    return datetime(day.year, day.month, day.day) if day is not None else None


# An office-holder is printed with the office: the name is what people search for.
_OFFICE = re.compile(r"^(?:minister(?:-president)?|staatssecretaris)\s+", re.IGNORECASE)


def person_name(office_holder: str | None) -> str | None:
    """ "Staatssecretaris Van Rij" → "Van Rij"; a bare name as it is."""
    return _OFFICE.sub("", office_holder) if office_holder else None


def record_keys(record: Record) -> list[str]:
    """The keys a record is found by: its own, and for an answer block one per further
    number it answers. A Mededeling's numbers name the questions it is about, which are
    records of their own: it is found by its own key only."""
    if record.kind != QUESTION:
        return [record.key]
    return [record.key, *(f"{record.document_id}/{n}" for n in record.numbers[1:])]
