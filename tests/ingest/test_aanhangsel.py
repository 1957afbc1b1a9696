"""The ten real Aanhangsel PDFs, and the cases of other Aanhangsel documents.

Expected values were written down from reading each PDF's text (pdfminer.six's plain
dump, which prints the header sentences, labels and footnotes as typeset), not from this
parser's output.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest

import ingest
from ingest.extracted import ExtractedText, Paragraph
from ingest.layouts import aanhangsel
from ingest.layouts.aanhangsel_header import answerer, askers
from ingest.parties import known_parties
from ingest.records import MEDEDELING, PREAMBLE, QUESTION, Person

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "aanhangsel"
BZ = "Ministerie van Buitenlandse Zaken"
BZK = "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties"
FIN = "Ministerie van Financiën"
JENV = "Ministerie van Justitie en Veiligheid"
VWS = "Ministerie van Volksgezondheid, Welzijn en Sport"


def _singles(first: int, last: int) -> list[list[int]]:
    return [[n] for n in range(first, last + 1)]


@dataclass
class Expected:
    blocks: list[list[int]]  # the numbers of each record, in order
    askers: list[Person]
    submitted: date  # "ingezonden"
    received: date  # "ontvangen"
    minister: str
    ministry: str
    addressed_to: list[str]
    co_answerers: list[str] = field(default_factory=list)
    ministries: list[str] | None = None  # None: [ministry]
    labels: dict[int, str] = field(default_factory=dict)  # printed labels of merged blocks
    references: set[tuple[int, int]] = field(default_factory=set)  # (record, refers to)
    see_also: list[str] = field(default_factory=list)  # "Zie ook Aanhangsel …" of the header
    cites: dict[int, list[str]] = field(default_factory=dict)  # record: its answer's citations


EXPECTED = {
    "ah-tk-20232024-1076": Expected(
        _singles(1, 5),
        [Person("Van Haga", "Groep Van Haga")],
        date(2023, 11, 20),
        date(2024, 2, 20),
        "Minister De Jonge",
        BZK,
        [BZK, JENV],  # "aan de Ministers van Binnenlandse Zaken … en van Justitie en …"
        see_also=["ah-tk-20232024-594"],  # "Zie ook Aanhangsel Handelingen, …, nr. 594."
    ),
    "ah-tk-20232024-1292": Expected(
        _singles(1, 10),
        [Person("Keijzer", "BBB")],
        date(2024, 3, 11),
        date(2024, 3, 21),
        "Minister De Jonge",
        BZK,
        [BZK],
        references={(8, 7)},  # "Zie het antwoord op vraag 7."
    ),
    "ah-tk-20232024-1314": Expected(
        [[1], [2], [3, 4, 5], [6]],
        [Person("Mutluer", "GroenLinks-PvdA"), Person("Kostić", "PvdD")],
        date(2024, 3, 6),
        date(2024, 3, 25),
        "Minister Dijkgraaf",
        "Ministerie van Onderwijs, Cultuur en Wetenschap",
        ["Ministerie van Onderwijs, Cultuur en Wetenschap"],
        labels={3: "Vraag 3, 4 en 5"},
    ),
    "ah-tk-20232024-1771": Expected(
        _singles(1, 6),
        [Person("Van Nispen", "SP")],
        date(2024, 3, 29),
        date(2024, 5, 17),
        "Staatssecretaris Heijnen",
        "Ministerie van Infrastructuur en Waterstaat",
        [JENV, "Ministerie van Infrastructuur en Waterstaat"],
        co_answerers=["Minister van Justitie en Veiligheid"],  # "mede namens de Minister van …"
        ministries=["Ministerie van Infrastructuur en Waterstaat", JENV],
    ),
    "ah-tk-20232024-1786": Expected(
        [*_singles(1, 9), [10, 11], *_singles(12, 15)],
        # The publication itself prints "Teunissen (PvdA)"; the parser keeps what is printed.
        [Person("Hirsch", "GroenLinks-PvdA"), Person("Teunissen", "PvdA")],
        date(2024, 4, 4),
        date(2024, 5, 21),
        "Staatssecretaris Van Rij",  # "(Financiën – Fiscaliteit en Belastingdienst)"
        FIN,
        [FIN, BZ],  # the Minister voor Buitenlandse Handel … belongs to Buitenlandse Zaken
        co_answerers=["Minister voor Buitenlandse Handel en Ontwikkelingssamenwerking"],
        ministries=[FIN, BZ],
        labels={10: "Vraag 10 en 11"},
        references={(7, 6), (15, 14)},  # "zoals beschreven in het antwoord op vraag 6", …
        cites={
            3: ["kst-26485-432"],  # note 3 of the answer: "Kamerstuk 26 485, nr. 432."
            4: ["kst-26485-407"],  # note 4 belongs to the question; note 5 to the answer
            13: ["kst-26485-380"],
            14: ["kst-26485-380"],
            12: [],  # note 10 (nr. 267) is the question's
        },
    ),
    "ah-tk-20232024-1999": Expected(
        _singles(1, 3),
        [
            Person("Sneller", "D66"),
            Person("Chakor", "GroenLinks-PvdA"),
            Person("Van Nispen", "SP"),
        ],
        date(2024, 5, 30),
        date(2024, 6, 7),  # "(ontvangen (ontvangen 7 juni 2024)", as printed
        "Minister De Jonge",
        BZK,
        [BZK],
    ),
    "ah-tk-20232024-2129": Expected(
        _singles(1, 9),
        [Person("Ceder", "ChristenUnie"), Person("Dobbe", "SP")],
        date(2024, 6, 5),
        date(2024, 6, 28),
        "Minister Bruins Slot",  # "(BZ)"
        BZ,
        [BZ],  # "aan de Ministers van Buitenlandse Zaken en voor Buitenlandse Handel en …"
        co_answerers=["Minister Schreinemacher"],
        cites={8: ["kst-22054-395"]},  # "Kamerstuk 22 054, nr. 395, d.d. 14 juli 2023."
    ),
    "ah-tk-20232024-2210": Expected(
        _singles(1, 13),
        [Person("Erkens", "VVD")],
        date(2024, 7, 2),
        date(2024, 7, 23),
        "Minister Hermans",
        "Ministerie van Klimaat en Groene Groei",
        ["Ministerie van Klimaat en Groene Groei"],
        references={(6, 3), (6, 4)},  # "verwijs ik u naar de antwoorden op vraag 3 en 4"
        cites={6: ["kst-32813-1395"], 13: ["kst-32813-1061"]},
    ),
    "ah-tk-20232024-2271": Expected(
        _singles(1, 12),
        [Person("Westerveld", "GroenLinks-PvdA")],
        date(2024, 6, 21),
        date(2024, 8, 12),
        "Staatssecretaris Karremans",
        VWS,
        [VWS],  # "aan de Staatssecretaris en de Minister van Volksgezondheid, …"
        # "(zie vraag 5)", "Zoals ik in mijn antwoord op vraag 4 aangaf", "… op vraag 8 …"
        references={(2, 5), (7, 4), (9, 8)},
        see_also=["ah-tk-20232024-2147"],
        cites={
            2: ["kst-31839-1024"],  # note 4: "Kamerstukken II, 2023/2024, 31 839, nr. 1024"
            5: ["kst-31839-1024"],
            6: ["kst-31839-874", "kst-32793-613", "kst-32793-677"],  # notes 6, 7, 8
            9: ["kst-25424-679", "kst-25424-684", "kst-25424-685"],  # "nr. 679, nr. 684 en 685"
            12: ["kst-25424-678", "kst-36410-XVI-160"],  # in the text, then note 17
        },
    ),
    "ah-tk-20232024-2367": Expected(
        [[1], [2], [3, 4, 5, 6], [7, 8, 9, 10, 11], [12]],
        [Person("Van der Lee", "GroenLinks-PvdA")],
        date(2024, 6, 28),
        date(2024, 8, 29),
        "Minister Heinen",
        FIN,
        [FIN],
        labels={3: "Vraag 3, 4, 5 en 6", 7: "Vraag 7, 8, 9 10 en 11"},
        references={(7, 3)},  # "mijn antwoord 4, 5 en 6": the block of Vraag 3, 4, 5 en 6
    ),
}


@pytest.fixture(scope="module")
def documents() -> dict[str, ingest.Document]:
    return {path.stem: ingest.parse_file(path) for path in sorted(FIXTURES.glob("*.pdf"))}


def _questions(document: ingest.Document) -> dict[int, ingest.Record]:
    return {r.number: r for r in document.records if r.kind == QUESTION}


def test_all_ten_files_are_there(documents):
    assert sorted(documents) == sorted(EXPECTED)


@pytest.mark.parametrize("doc_id", sorted(EXPECTED))
def test_numbers_labels_and_dates(documents, doc_id):
    expected, document = EXPECTED[doc_id], documents[doc_id]
    assert document.layout == aanhangsel.NAME
    assert (document.id, document.id_basis) == (doc_id, "official")
    questions = _questions(document)
    assert [r.numbers for r in questions.values()] == expected.blocks
    assert document.question_count == sum(len(b) for b in expected.blocks)
    for number, record in questions.items():
        assert record.label == expected.labels.get(number, f"Vraag {number}")
    assert (document.submitted, document.date) == (expected.submitted, expected.received)


@pytest.mark.parametrize("doc_id", sorted(EXPECTED))
def test_askers_and_parties(documents, doc_id):
    expected, document = EXPECTED[doc_id], documents[doc_id]
    parties = list(dict.fromkeys(person.party for person in expected.askers))
    assert document.parties == parties
    assert all(r.askers == expected.askers and r.parties == parties for r in document.records)


@pytest.mark.parametrize("doc_id", sorted(EXPECTED))
def test_minister_and_ministries(documents, doc_id):
    expected, document = EXPECTED[doc_id], documents[doc_id]
    assert (document.minister, document.ministry) == (expected.minister, expected.ministry)
    assert document.co_answerers == expected.co_answerers
    assert document.ministries == (expected.ministries or [expected.ministry])
    assert document.addressed_to == expected.addressed_to


@pytest.mark.parametrize("doc_id", sorted(EXPECTED))
def test_references_and_cites(documents, doc_id):
    expected, document = EXPECTED[doc_id], documents[doc_id]
    questions = _questions(document)
    links = {(n, target) for n, r in questions.items() for target in r.refers_to}
    assert links == expected.references
    back = {(source, n) for n, r in questions.items() for source in r.referred_by}
    assert back == expected.references
    for number, record in questions.items():
        assert record.cites == expected.see_also + expected.cites.get(number, []), number


@pytest.mark.parametrize("doc_id", sorted(set(EXPECTED) - {"ah-tk-20232024-1999"}))
def test_every_question_is_answered_and_nothing_is_warned(documents, doc_id):
    document = documents[doc_id]
    assert all(r.kind == QUESTION and r.question and r.answer for r in document.records)
    if doc_id != "ah-tk-20232024-2367":
        assert document.warnings == []


def test_combined_blocks_keep_every_number_and_label(documents):
    # 2367: twelve questions in five blocks; "Vraag 7, 8, 9 10 en 11" (a comma missing)
    # is read as 7 to 11, with a warning.
    document = documents["ah-tk-20232024-2367"]
    assert (document.question_count, len(document.records)) == (12, 5)
    assert document.warnings == [
        f"{document.source}: vraagnummers '7, 8, 9 10 en 11' mist een komma; "
        "gelezen als 7, 8, 9, 10 en 11"
    ]
    seven = _questions(document)[7]
    # Each of the five questions has a paragraph of its own in the PDF.
    assert [(p.number, p.label) for p in seven.parts] == [(n, f"Vraag {n}") for n in range(7, 12)]
    assert seven.parts[1].question.startswith("Kunt u bij antwoord 7 de maatregelen betrekken")
    # "Vraag 3, 4, 5 en 6" prints three paragraphs for four questions: no parts to guess.
    assert _questions(document)[3].parts == []


def test_sub_questions_of_one_label_each_keep_their_text(documents):
    three = _questions(documents["ah-tk-20232024-1314"])[3]
    assert [p.number for p in three.parts] == [3, 4, 5]
    assert three.parts[2].question.startswith("Kent u de Inventarisatie Regenboogbeleid")
    assert three.question == "\n\n".join(p.question for p in three.parts)


def test_mededeling_is_a_record_of_its_own(documents):
    document = documents["ah-tk-20232024-1999"]
    assert [(r.kind, r.numbers) for r in document.records] == [
        (QUESTION, [1]),
        (QUESTION, [2]),
        (QUESTION, [3]),
        (MEDEDELING, [1, 2, 3]),
    ]
    assert [r.answer for r in document.records[:3]] == ["", "", ""]
    notice = document.records[3]
    assert notice.label == "Mededeling"
    assert notice.answer.startswith("De schriftelijke vragen van de leden Sneller")
    assert "hoofdlijnenakkoord (36 471-64) op 7 juni 2024" in notice.answer
    assert len({r.key for r in document.records}) == 4
    assert document.warnings == []


def test_unknown_party_strings_never_become_parties(documents):
    parties = {p for d in documents.values() for p in d.parties}
    assert parties <= set(known_parties()) | {"Groep Van Haga"}


def _extracted(*texts: str, name: str = "ah-tk-20242025-77.txt") -> ExtractedText:
    return ExtractedText(name, "x", [Paragraph(t) for t in texts], "txt")


# The header of 1786, the questions 10 and 11 of 1786 labelled apart and answered
# together, as ah-tk-20232024-1481 prints its questions 5 and 6.
HEADER_1786 = (
    "Vragen van de leden Hirsch (GroenLinks-PvdA) en Teunissen (PvdA) aan de "
    "Staatssecretaris van Financiën en de Minister voor Buitenlandse Handel en "
    "Ontwikkelingssamenwerking over exportkredietverzekeringen voor de baggersector "
    "(ingezonden 4 april 2024).",
    "Antwoord van Staatssecretaris Van Rij (Financiën – Fiscaliteit en Belastingdienst), "
    "mede namens de Minister voor Buitenlandse Handel en Ontwikkelingssamenwerking "
    "(ontvangen 21 mei 2024).",
)
TEN = "In welke gevallen kunt u een exportkredietverzekering intrekken?"
ELEVEN = "Overweegt u de exportkredietsteun voor de projecten in Mozambique stop te zetten?"
ANSWER = "Het kabinet overweegt niet om de exportkredietverzekeringen in te trekken."


def test_questions_labelled_apart_and_answered_together_keep_their_labels():
    document = aanhangsel.parse(
        _extracted(*HEADER_1786, "Vraag 10", TEN, "Vraag 11", ELEVEN, "Antwoord 10 en 11", ANSWER)
    )
    [record] = document.records
    assert (record.numbers, record.label, record.answer) == ([10, 11], "Vraag 10 en 11", ANSWER)
    assert [(p.number, p.label, p.question) for p in record.parts] == [
        (10, "Vraag 10", TEN),
        (11, "Vraag 11", ELEVEN),
    ]
    assert record.question == f"{TEN}\n\n{ELEVEN}"
    assert document.id == "ah-tk-20242025-77" and document.warnings == []


def test_shared_party_and_missing_space_before_the_parenthesis():
    people, problems = askers("Bushoff en Patijn(beiden GroenLinks-PvdA)")
    assert people == [Person("Bushoff", "GroenLinks-PvdA"), Person("Patijn", "GroenLinks-PvdA")]
    people, problems = askers("Bouchallikh, Bromet en Kröger (allen GroenLinks)")
    assert [p.party for p in people] == ["GroenLinks"] * 3 and problems == []


def test_one_label_answered_in_two_parts_keeps_both_answers():
    document = aanhangsel.parse(
        _extracted(
            *HEADER_1786,
            "Vraag 10 en 11",
            TEN,
            ELEVEN,
            "Antwoord 10",
            ANSWER,
            "Antwoord 11",
            "Nee.",
        )
    )
    assert [(r.numbers, r.label, r.answer) for r in document.records] == [
        ([10], "Vraag 10", ANSWER),
        ([11], "Vraag 11", "Nee."),
    ]
    assert all(r.question == f"{TEN}\n\n{ELEVEN}" for r in document.records)
    assert document.warnings == []


def test_a_heading_with_an_unknown_party_warns_and_keeps_the_member():
    header = HEADER_1786[0].replace("Teunissen (PvdA)", "Teunissen (Partij voor Vissers)")
    document = aanhangsel.parse(
        _extracted(header, HEADER_1786[1], "Vraag 10", TEN, "Antwoord 10", ANSWER)
    )
    [record] = document.records
    assert record.askers == [Person("Hirsch", "GroenLinks-PvdA"), Person("Teunissen", None)]
    assert document.parties == ["GroenLinks-PvdA"]
    assert document.warnings == [
        "ah-tk-20242025-77.txt: onbekende partij (Partij voor Vissers) bij Teunissen; "
        "Kamerlid zonder partij opgenomen"
    ]


def test_a_mededeling_without_question_numbers_is_kept_with_a_warning():
    # A Mededeling published on its own, the questions not printed with it: the text of
    # the 1999 notice.
    notice = (
        "De schriftelijke vragen van de leden Sneller, Chakor, Van Nispen over Juridische "
        "analyse(s) van het hoofdlijnenakkoord (ingezonden 30 mei 2024) zijn beantwoord "
        "middels een brief over Ambtelijke analyses hoofdlijnenakkoord (36 471-64) op 7 juni "
        "2024."
    )
    document = aanhangsel.parse(
        _extracted(
            "Vragen van de leden Sneller (D66), Chakor (GroenLinks-PvdA) en Van Nispen (SP) aan "
            "de Minister van Binnenlandse Zaken en Koninkrijksrelaties over juridische "
            "analyse(s) van het hoofdlijnenakkoord (ingezonden 30 mei 2024).",
            "Mededeling van Minister De Jonge (Binnenlandse Zaken en Koninkrijksrelaties) "
            "(ontvangen 7 juni 2024).",
            notice,
        )
    )
    [record] = document.records
    assert (record.kind, record.numbers, record.answer) == (MEDEDELING, [], notice)
    assert document.parties == ["D66", "GroenLinks-PvdA", "SP"]
    assert document.warnings == [
        "ah-tk-20242025-77.txt: mededeling zonder vraagnummers; opgenomen zonder nummers"
    ]


def test_a_mededeling_about_some_questions_names_them():
    document = aanhangsel.parse(
        _extracted(
            *HEADER_1786,
            "Vraag 10",
            TEN,
            "Antwoord 10",
            ANSWER,
            "Vraag 11",
            ELEVEN,
            "Mededeling",
            "Vraag 11 kan niet binnen de gebruikelijke termijn worden beantwoord.",
        )
    )
    assert [(r.kind, r.numbers, bool(r.answer)) for r in document.records] == [
        (QUESTION, [10], True),
        (QUESTION, [11], False),
        (MEDEDELING, [11], True),
    ]


@pytest.mark.parametrize(
    ("who", "minister", "ministry", "problems"),
    [
        ("Minister Bruins Slot (BZ)", "Minister Bruins Slot", BZ, []),
        ("de Minister van Defensie", "Minister van Defensie", "Ministerie van Defensie", []),
        (
            "Minister Brekelmans (Sprookjes)",
            "Minister Brekelmans",
            "Ministerie van Sprookjes",
            ["onbekend ministerie (Sprookjes) bij Minister Brekelmans: 'Ministerie van Sprookjes'"],
        ),
    ],
)
def test_the_office_holder_who_answers(who, minister, ministry, problems):
    found = answerer(who, date(2024, 6, 28))
    assert (found.minister, found.ministry, found.problems) == (minister, ministry, problems)


def test_text_before_the_first_question_is_kept_as_a_preamble():
    document = aanhangsel.parse(
        _extracted(
            *HEADER_1786, "Een inleiding op de antwoorden.", "Vraag 10", TEN, "Antwoord 10", ANSWER
        )
    )
    assert [(r.kind, r.question) for r in document.records][0] == (
        PREAMBLE,
        "Een inleiding op de antwoorden.",
    )


def test_text_without_the_kamervragen_header_is_not_this_layout():
    assert aanhangsel.parse(_extracted("Vraag 1", "Waarom?", "Antwoord 1", "Daarom.")) is None


@pytest.mark.parametrize(
    ("raw", "numbers", "problem"),
    [
        ("3, 4, 5 en 6", [3, 4, 5, 6], None),
        ("10 en 11", [10, 11], None),
        ("3 t/m 5", [3, 4, 5], None),
        ("7, 8, 9 10 en 11", [7, 8, 9, 10, 11], "mist een komma"),
        ("4 en 3", [4, 3], "noemt nummers dubbel of niet oplopend"),
    ],
)
def test_label_numbers(raw, numbers, problem):
    assert aanhangsel.label_numbers(raw) == (numbers, problem)
