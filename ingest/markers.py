"""Footnote markers carried through the text to where they stood in print.

An extractor writes one private-use character where a real footnote marker stood
(`marker(3)` for "³"): it is no letter, digit or space, so tidying, line joining and the
layouts' patterns pass over it as they passed over the removed marker, and it survives
every step that rewrites the text. When a document's records are complete
(ingest.layouts.build_document), `anchor_footnotes` takes the characters out again and
gives each footnote the offsets in the final question or answer where its marker stood.
"""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict

from ingest.records import ANSWER_FIELD, QUESTION_FIELD, Footnote, Record

# Supplementary Private Use Area-A: no text of a letter uses it.
_BASE = 0xF0000
_LAST = 0xFFFFD
_MARKERS = re.compile(f"[{chr(_BASE)}-{chr(_LAST)}]")
_AFTER_GAP = " \n.,;:?!)"


def marker(number: int) -> str:
    """The character that stands for footnote `number`'s marker in the running text; none
    for a number beyond the private-use area (no letter has 65,000 footnotes)."""
    return chr(_BASE + number) if 0 <= number <= _LAST - _BASE else ""


def unmarked(text: str) -> str:
    """The text without marker characters, spaced as if the markers had been cut out."""
    return take_markers(text)[0]


def take_markers(text: str) -> tuple[str, list[tuple[int, int]]]:
    """The text without marker characters, and (footnote number, offset) per marker: the
    offset in the returned text right after what the marker followed ("woord" of "woord¹")."""
    if text.isascii() or not _MARKERS.search(text):  # isascii: no scan, and most are
        return text, []
    out = ""
    found: list[tuple[int, int]] = []
    rest = 0
    for match in _MARKERS.finditer(text):
        out += text[rest : match.start()]
        rest = match.end()
        following = text[rest : rest + 1]
        # A marker set apart by spaces leaves one space, as tidy() made of the gap.
        if out.endswith(" ") and (following == "" or following in _AFTER_GAP):
            out = out[:-1]
        elif (out == "" or out.endswith("\n")) and following == " ":
            rest += 1
        found.append((ord(match.group()) - _BASE, len(out)))
    return out + text[rest:], found


def anchor_footnotes(record: Record) -> None:
    """Take the marker characters out of a record's texts; its footnotes get the offsets
    where their markers stood in the question and the answer."""
    anchors: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for name in (QUESTION_FIELD, ANSWER_FIELD):
        text, found = take_markers(getattr(record, name))
        setattr(record, name, text)
        for number, offset in found:
            anchors[number].append((name, offset))
    record.topic = unmarked(record.topic) if record.topic else record.topic
    record.label = unmarked(record.label) if record.label else record.label
    record.parts = [dataclasses.replace(p, question=unmarked(p.question)) for p in record.parts]
    record.footnotes = [_anchored(note, anchors.get(note.number, [])) for note in record.footnotes]


def _anchored(note: Footnote, anchors: list[tuple[str, int]]) -> Footnote:
    return dataclasses.replace(note, text=unmarked(note.text), anchors=tuple(anchors))
