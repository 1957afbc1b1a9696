"""Footnote markers kept where they stood, through every format, as offsets into the
final question or answer (ingest.markers)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

import ingest
from ingest.markers import marker, take_markers, unmarked
from ingest.records import Document, Footnote, Record

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
AANHANGSEL = FIXTURES / "aanhangsel"
LETTER = ROOT / "data" / "corpus" / "2026-02-10_beantwoording-schriftelijk-overleg-rbz-defensie.txt"


@cache
def _document(path: Path) -> Document:
    return ingest.parse_file(path)


def _note(path: Path, key: str, number: int) -> tuple[Record, Footnote]:
    record = next(r for r in _document(path).records if r.key == key)
    return record, next(f for f in record.footnotes if f.number == number)


# Each marker as printed: the file, the record, the footnote's number, the text it stands
# in, and the word it follows, read from the document (the PDF as typeset, the XML's and
# HTML's <noot>/<sup>, Word's footnote reference, the converter's [footnoteRef:N]).
PRINTED = [
    (AANHANGSEL / "ah-tk-20232024-1292.pdf", "1", 1, "question", "vervolgprocedure?"),
    (AANHANGSEL / "ah-tk-20232024-1771.pdf", "2", 3, "question", "vuurwerkrampen»"),
    (AANHANGSEL / "ah-tk-20232024-1786.pdf", "1", 1, "question", "Both Ends"),  # before "?"
    (AANHANGSEL / "ah-tk-20232024-2271.pdf", "6", 7, "answer", "tot stand gekomen"),  # before "."
    (AANHANGSEL / "ah-tk-20232024-2367.pdf", "12", 4, "answer", "beroepsverbod."),
    (LETTER, "40", 5, "answer", "op 28 januari jl."),
    (
        FIXTURES / "officiele" / "ah-tk-20232024-1314.xml",
        "3",
        2,
        "question",
        "Regenboogprovincies?",
    ),
    (
        FIXTURES / "officiele" / "ah-tk-20232024-1999.html",
        "1",
        1,
        "question",
        "hoofdlijnenakkoord?",
    ),
    (FIXTURES / "officiele" / "kst-36410-X-7.xml", "1", 1, "answer", "9.000 vacatures open."),
    (FIXTURES / "docx" / "sample-letter.docx", "40", 4, "answer", "op 28 januari jl."),
]


@pytest.mark.parametrize(("path", "number", "note", "field", "word"), PRINTED)
def test_marker_offset_lands_right_after_the_word_it_followed(path, number, note, field, word):
    document = _document(path)
    record, footnote = _note(path, f"{document.id}/{number}", note)
    [(where, offset)] = footnote.anchors
    text = getattr(record, where)
    assert where == field
    assert text[offset - len(word) : offset] == word


def test_every_footnote_of_the_ten_letters_has_its_marker_in_a_question_or_answer():
    anchored = 0
    for path in sorted(AANHANGSEL.glob("*.pdf")):
        for record in _document(path).records:
            for footnote in record.footnotes:
                assert footnote.anchors, (path.name, record.key, footnote.number)
                for where, offset in footnote.anchors:
                    assert not getattr(record, where)[offset - 1].isspace()
                    anchored += 1
    assert anchored == 59  # every marker printed in the ten letters' questions and answers


def test_no_marker_character_is_left_in_any_text():
    paths = [*AANHANGSEL.glob("*.pdf"), LETTER, FIXTURES / "docx" / "sample-letter.docx"]
    paths += [p for p in (FIXTURES / "officiele").iterdir() if ".metadata." not in p.name]
    for path in paths:
        document = _document(path)
        texts = [document.subject or ""]
        for record in document.records:
            texts += [record.question, record.answer, record.topic or "", record.label or ""]
            texts += [part.question for part in record.parts]
            texts += [note.text for note in record.footnotes]
        assert all(unmarked(text) == text for text in texts), path.name


def test_the_letter_as_text_and_as_word_has_the_same_markers():
    """The converter's inline [footnoteRef:N] and Word's footnote references say the same."""
    as_text = {r.key: r for r in _document(LETTER).records}
    for record in _document(FIXTURES / "docx" / "sample-letter.docx").records:
        text_anchors = [f.anchors for f in as_text[record.key].footnotes]
        assert [f.anchors for f in record.footnotes] == text_anchors


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"woord{marker(1)} verder", ("woord verder", [(1, 5)])),
        (f"woord{marker(1)}.", ("woord.", [(1, 5)])),
        # set apart by spaces: one space stays, the offset right after the word
        (f"woord {marker(2)} verder", ("woord verder", [(2, 5)])),
        (f"woord {marker(2)}.", ("woord.", [(2, 5)])),
        (f"{marker(3)} Begin", ("Begin", [(3, 0)])),
        (f"een{marker(1)}{marker(2)} twee", ("een twee", [(1, 3), (2, 3)])),
        ("geen merktekens: 1 2 3", ("geen merktekens: 1 2 3", [])),
    ],
)
def test_take_markers(text, expected):
    assert take_markers(text) == expected
