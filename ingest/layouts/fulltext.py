"""Fallback layout: the whole text as one FULLTEXT record, so no document is ever dropped."""

from __future__ import annotations

from ingest.cleanup import join_paragraphs
from ingest.extracted import ExtractedText
from ingest.footnotes import extract_inline_footnotes
from ingest.layouts import build_document
from ingest.metadata import body_start, is_letterhead_line
from ingest.records import FULLTEXT, Document, Record

NAME = "fulltext"


def parse(extracted: ExtractedText) -> Document:
    """One record holding the text (letterhead address lines left out); never None."""
    start = body_start(extracted.paragraphs)
    kept = [
        p.text
        for index, p in enumerate(extracted.paragraphs)
        if index >= start or not is_letterhead_line(p.text)
    ]
    text, footnotes = extract_inline_footnotes(join_paragraphs(kept))
    format_footnotes = [f for p in extracted.paragraphs for f in p.footnotes]
    record = Record(
        document_id="",
        kind=FULLTEXT,
        question=text,
        footnotes=footnotes or format_footnotes,
    )
    document = build_document(extracted, NAME, [record])
    document.warnings.append(
        f"{extracted.source}: geen herkenbare vragen; als één volledige tekst geïndexeerd"
    )
    return document
