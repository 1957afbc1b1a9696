"""The ten real Aanhangsel PDFs: questions, askers' parties, dates, merged numbers.

Expected values were written down from reading each PDF's raw text (pdfminer.six and
pypdf dumps, checked against each other), not from this parser's output.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import ingest
from ingest.extracted import ExtractedText, Paragraph
from ingest.layouts import aanhangsel

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "aanhangsel"

# id: (record numbers with merged extras, parties, ingezonden, ontvangen, minister)
EXPECTED = {
    "ah-tk-20232024-1076": (
        {1: [], 2: [], 3: [], 4: [], 5: []},
        ["Groep Van Haga"],
        date(2023, 11, 20),
        date(2024, 2, 20),
        "Minister De Jonge",
    ),
    "ah-tk-20232024-1292": (
        {n: [] for n in range(1, 11)},
        ["BBB"],
        date(2024, 3, 11),
        date(2024, 3, 21),
        "Minister De Jonge",
    ),
    "ah-tk-20232024-1314": (
        {1: [], 2: [], 3: [4, 5], 6: []},
        ["GroenLinks-PvdA", "PvdD"],
        date(2024, 3, 6),
        date(2024, 3, 25),
        "Minister Dijkgraaf",
    ),
    "ah-tk-20232024-1771": (
        {n: [] for n in range(1, 7)},
        ["SP"],
        date(2024, 3, 29),
        date(2024, 5, 17),
        "Staatssecretaris Heijnen",
    ),
    "ah-tk-20232024-1786": (
        {**{n: [] for n in range(1, 10)}, 10: [11], **{n: [] for n in range(12, 16)}},
        # The publication itself prints "Teunissen (PvdA)"; the parser keeps what is printed.
        ["GroenLinks-PvdA", "PvdA"],
        date(2024, 4, 4),
        date(2024, 5, 21),
        "Staatssecretaris Van Rij",
    ),
    "ah-tk-20232024-1999": (
        {1: [], 2: [], 3: []},
        ["D66", "GroenLinks-PvdA", "SP"],
        date(2024, 5, 30),
        date(2024, 6, 7),
        "Minister De Jonge",
    ),
    "ah-tk-20232024-2129": (
        {n: [] for n in range(1, 10)},
        ["ChristenUnie", "SP"],
        date(2024, 6, 5),
        date(2024, 6, 28),
        "Minister Bruins Slot",
    ),
    "ah-tk-20232024-2210": (
        {n: [] for n in range(1, 14)},
        ["VVD"],
        date(2024, 7, 2),
        date(2024, 7, 23),
        "Minister Hermans",
    ),
    "ah-tk-20232024-2271": (
        {n: [] for n in range(1, 13)},
        ["GroenLinks-PvdA"],
        date(2024, 6, 21),
        date(2024, 8, 12),
        "Staatssecretaris Karremans",
    ),
    "ah-tk-20232024-2367": (
        {1: [], 2: [], 3: [4, 5, 6], 7: [8, 9, 10, 11], 12: []},
        ["GroenLinks-PvdA"],
        date(2024, 6, 28),
        date(2024, 8, 29),
        "Minister Heinen",
    ),
}


@pytest.fixture(scope="module")
def documents() -> dict[str, ingest.Document]:
    return {path.stem: ingest.parse_file(path) for path in sorted(FIXTURES.glob("*.pdf"))}


def test_all_ten_files_are_there(documents):
    assert sorted(documents) == sorted(EXPECTED)


@pytest.mark.parametrize("doc_id", sorted(EXPECTED))
def test_questions_parties_and_dates(documents, doc_id):
    numbers, parties, submitted, received, minister = EXPECTED[doc_id]
    document = documents[doc_id]
    assert document.layout == aanhangsel.NAME
    assert document.id == doc_id
    assert {q.number: q.numbers[1:] for q in document.records} == numbers
    assert document.parties == parties
    assert all(q.parties == parties for q in document.records)
    assert (document.submitted, document.date, document.minister) == (submitted, received, minister)
    assert all(q.question and q.answer for q in document.records)
    assert document.warnings == []


def test_mededeling_is_kept_as_the_answer(documents):
    document = documents["ah-tk-20232024-1999"]
    for question in document.records:
        assert question.answer.startswith("De schriftelijke vragen van de leden Sneller")
        assert "hoofdlijnenakkoord (36 471-64) op 7 juni 2024" in question.answer


def test_subject_addressee_and_answer_cross_references(documents):
    document = documents["ah-tk-20232024-1292"]
    assert document.subject == (
        "de publicatie van de internetconsultatie Huisvesting Nederlandse evacués"
    )
    assert document.ministry == "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties"
    eight = next(q for q in document.records if q.number == 8)
    assert eight.answer == "Zie het antwoord op vraag 7." and eight.refers_to == [7]


def test_footnotes_reach_their_questions(documents):
    document = documents["ah-tk-20232024-1771"]
    by_number = {q.number: [f.number for f in q.footnotes] for q in document.records}
    assert by_number[1] == [1, 2] and by_number[2] == [3, 4, 5, 6] and by_number[3] == [7, 8]
    first = document.records[0].footnotes[0]
    assert first.url == (
        "https://eenvandaag.avrotros.nl/item/in-ruim-400-woonwijken-ligt-tot-10000-kilo-"
        "vuurwerk-opgeslagen-dat-is-400-keer-heel-gevaarlijk/"
    )


def _extracted(*texts: str) -> ExtractedText:
    return ExtractedText("ah-tk-20242025-77.txt", "x", [Paragraph(t) for t in texts], "txt")


def test_separate_questions_answered_together_merge():
    document = aanhangsel.parse(
        _extracted(
            "Vragen van het lid Boswijk (CDA) aan de Minister van Defensie over drones "
            "(ingezonden 1 oktober 2024).",
            "Antwoord van Minister Brekelmans (Defensie) (ontvangen 20 oktober 2024).",
            "Vraag 1",
            "Hoeveel drones?",
            "Vraag 2",
            "Welke drones?",
            "Antwoord 1 en 2",
            "Vier counter-drone systemen.",
        )
    )
    assert [(q.number, q.numbers[1:]) for q in document.records] == [(1, [2])]
    assert document.records[0].question == "Hoeveel drones?\n\nWelke drones?"
    assert document.id == "ah-tk-20242025-77" and document.parties == ["CDA"]


def test_text_without_the_kamervragen_header_is_not_this_layout():
    assert aanhangsel.parse(_extracted("Vraag 1", "Waarom?", "Antwoord 1", "Daarom.")) is None
