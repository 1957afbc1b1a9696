"""Lijst van vragen en antwoorden in its text forms (layout 3)."""

from __future__ import annotations

from ingest.extracted import ExtractedText, Paragraph
from ingest.layouts import lijst


def _extracted(*texts: str) -> ExtractedText:
    return ExtractedText("lijst.pdf", "x", [Paragraph(t) for t in texts], "pdf")


def test_vraag_colon_and_antwoord_op_vraag():
    document = lijst.parse(
        _extracted(
            "Lijst van vragen en antwoorden",
            "Vraag 1: Hoeveel militairen zijn er?",
            "Antwoord op vraag 1: Ongeveer 44.000.",
            "Vraag 2:",
            "Wat kost dat?",
            "Antwoord:",
            "Zie het antwoord op vraag 1.",
        )
    )
    assert document.layout == "lijst" and document.parties == []
    assert [(q.number, q.question, q.answer) for q in document.records] == [
        (1, "Hoeveel militairen zijn er?", "Ongeveer 44.000."),
        (2, "Wat kost dat?", "Zie het antwoord op vraag 1."),
    ]
    assert document.records[1].refers_to == [1]


def test_bare_numbers_and_one_answer_to_two_questions():
    document = lijst.parse(
        _extracted(
            "1",
            "Hoeveel schepen?",
            "Antwoord",
            "Twaalf.",
            "2, 32",
            "Wanneer komen de fregatten?",
            "Antwoord",
            "In 2028.",
        )
    )
    assert [(q.number, q.numbers[1:]) for q in document.records] == [(1, []), (2, [32])]
    assert [q.label for q in document.records] == ["Vraag 1", "Vraag 2, 32"]


def test_running_text_is_not_a_list():
    assert lijst.parse(_extracted("Geachte voorzitter,", "Hierbij de stand van zaken.")) is None
    # One stray number and answer, without a title, is not enough to call it a list.
    assert lijst.parse(_extracted("2024", "Een jaar.", "Antwoord", "Ja.")) is None
