"""Footnote markers on the question page, where they stood in the printed text.

A stored footnote keeps `anchors`, (field, offset) into the record's question or answer
(ingest.markers). The page shows a text paragraph by paragraph, and a question's parts
apart: each paragraph gets the markers that stood in it, as offsets into the paragraph,
each a superscript link to its footnote, which links back. The templates reach these
through search.web.formatting.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from markupsafe import Markup

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def note_id(number: int) -> str:
    """The id of footnote `number` in the page's list of footnotes."""
    return f"voetnoot-{number}"


def marker_id(number: int, seen: int) -> str:
    """The id of a marker of footnote `number`; a second marker of the same note gets -2."""
    return f"noot-{number}-ref" + (f"-{seen}" if seen > 1 else "")


def marker_html(number: int, seen: int) -> str:
    return Markup(
        '<sup class="noot"><a href="#{0}" id="{1}" aria-label="voetnoot {2}">{2}</a></sup>'
    ).format(note_id(number), marker_id(number, seen), number)


def paragraph_spans(text: str) -> list[tuple[int, str]]:
    """Each paragraph of a stored text (a blank line between them) with its offset."""
    found = []
    at = 0
    for piece in _PARAGRAPH_BREAK.split(text or ""):
        start = text.index(piece, at)
        at = start + len(piece)
        stripped = piece.strip()
        if stripped:
            found.append((start + len(piece) - len(piece.lstrip()), stripped))
    return found


def field_markers(
    record: Mapping[str, Any] | None, field: str, text: str
) -> list[tuple[int, int, int]]:
    """(offset into `text`, footnote number, which of its markers) of the markers of
    `record`'s `field` that stood in `text`: the whole field, or a part of it (a part of
    a question)."""
    if not record or not text:
        return []
    base = (record.get(field) or "").find(text)
    if base < 0:
        return []
    found = [
        (offset - base, note["number"], seen)
        for note in record.get("footnotes") or []
        for seen, (name, offset) in enumerate(note.get("anchors") or [], start=1)
        if name == field and base <= offset <= base + len(text)
    ]
    return sorted(found)


def paragraphs_with_markers(
    text: str | None, record: Mapping[str, Any] | None = None, field: str = "answer"
) -> list[tuple[str, list[tuple[int, str]]]]:
    """The paragraphs of `text`, each with (offset, html) of the footnote markers that
    stood in it; without `record` (a quoted answer of another record) none."""
    markers = field_markers(record, field, text or "")
    out = []
    for start, paragraph in paragraph_spans(text or ""):
        inserts = [
            (offset - start, marker_html(number, seen))
            for offset, number, seen in markers
            if start <= offset <= start + len(paragraph)
        ]
        out.append((paragraph, inserts))
    return out


def back_links(note: Mapping[str, Any]) -> Markup:
    """The links from a footnote back to where its markers stand (none: no marker)."""
    count = len(note.get("anchors") or [])
    links = [
        Markup('<a href="#{0}" class="noot-terug" aria-label="terug naar de tekst">↩</a>').format(
            marker_id(note["number"], seen)
        )
        for seen in range(1, count + 1)
    ]
    return Markup(" ").join(links)
