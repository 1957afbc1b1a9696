"""Acceptance tests: the bundled answer letter, parsed from the real file."""

import re
from dataclasses import asdict
from datetime import date

import pytest

from ingest.extract_txt import extract
from ingest.layouts import schriftelijk_overleg
from ingest.layouts.schriftelijk_overleg import is_topic_heading
from ingest.records import PREAMBLE, QUESTION

PARTY_RANGES = {
    "D66": range(1, 8),
    "VVD": range(8, 14),
    "GroenLinks-PvdA": range(14, 24),
    "PVV": range(24, 28),
    "CDA": range(28, 37),
    "SGP": range(37, 41),
    "Groep Markuszower": range(41, 42),
}


def _by_number(document):
    return {q.number: q for q in document.records if q.kind == QUESTION}


def test_letterhead_metadata(sample, sample_path):
    assert sample.id == "2026-02-10-mindef20260007449"
    assert sample.date == date(2026, 2, 10)
    assert sample.subject.startswith("Beantwoording schriftelijke overleg over de Raad")
    assert sample.subject.endswith("van 11 en 12 februari 2026")
    assert sample.ministry == "Ministerie van Defensie"
    assert sample.ministries == ["Ministerie van Defensie"]
    # Role and name: "DE MINISTER VAN DEFENSIE" above "Ruben Brekelmans".
    assert sample.minister == "Minister Ruben Brekelmans"
    assert sample.id_basis == "reference"
    assert sample.reference == "MINDEF20260007449"
    assert sample.source == str(sample_path)
    assert re.fullmatch(r"[0-9a-f]{64}", sample.fingerprint)
    assert sample.layout == "schriftelijk_overleg"


def test_twice_rendered_text_gives_41_questions_once_each(sample):
    numbers = [q.number for q in sample.records if q.kind == QUESTION]
    assert numbers == list(range(1, 42))
    assert sample.question_count == 41
    assert [q.label for q in sample.records if q.kind == QUESTION] == [
        f"Vraag {n}" for n in range(1, 42)
    ]
    assert sample.warnings == []


def test_the_file_really_holds_every_question_twice(sample_path):
    # Guards the test above: deduplication, not a lucky parse, gives 41.
    paragraphs = [p.text for p in extract(sample_path).paragraphs]
    assert paragraphs.count("Vraag 41") == 2


def test_parties_per_question(sample):
    for number, question in _by_number(sample).items():
        expected = [party for party, numbers in PARTY_RANGES.items() if number in numbers]
        assert question.parties == expected, number
    assert sample.parties == list(PARTY_RANGES)


@pytest.mark.parametrize(
    ("number", "topic"),
    [
        (14, "Steun aan Oekraïne"),
        (17, "Defensiegereedheid"),
        (18, "Arctisch gebied"),
        (19, "Afschrikking en verdediging"),
        (22, "Lastendeling"),
        (23, "Inzetten Kenia en Oeganda"),
        (24, "Militaire steun Oekraïne / EU-financiering"),
        (26, "EU-defensieprogramma’s en bevoegdheidsverdeling"),
        (27, "Coalition of the Willing en juridische binding"),
    ],
)
def test_topic_headings(sample, number, topic):
    question = _by_number(sample)[number]
    assert question.topic == topic
    assert not question.question.startswith(topic)


def test_questions_without_heading_have_no_topic(sample):
    with_topic = {n for n, q in _by_number(sample).items() if q.topic}
    assert with_topic == {14, 17, 18, 19, 22, 23, 24, 26, 27}


def test_topic_heading_shape():
    assert is_topic_heading("Arctisch gebied")
    assert not is_topic_heading("Zie het antwoord op vraag 1.")
    assert not is_topic_heading("Kan de minister dit toelichten?")
    assert not is_topic_heading("de leden vragen")


def test_party_preambles(sample):
    preambles = [q for q in sample.records if q.kind == PREAMBLE]
    assert [p.party for p in preambles] == list(PARTY_RANGES)
    sgp = next(p for p in preambles if p.party == "SGP")
    assert sgp.number is None and sgp.answer == ""
    assert sgp.question.count("\n\n") == 3  # four paragraphs: opening plus three points
    assert "MQ-9’s vanuit Roemenië en vliegbasis Leeuwarden" in sgp.question
    assert all(not p.question.startswith("Vraag") for p in preambles)


def test_records_are_in_document_order_with_unique_keys(sample):
    assert [q.position for q in sample.records] == list(range(len(sample.records)))
    assert len({q.key for q in sample.records}) == len(sample.records)
    assert all(q.document_id == sample.id for q in sample.records)


def test_references(sample):
    questions = _by_number(sample)
    expected = {10: [1], 18: [1], 32: [26], 34: [2], 36: [19], 41: [22], 30: [15], 17: [12]}
    expected[4] = [13]
    for number, question in questions.items():
        assert question.refers_to == expected.get(number, []), number
    assert questions[1].referred_by == [10, 18]
    assert questions[26].referred_by == [32]
    assert questions[13].referred_by == [4]


def test_footnotes(sample):
    questions = _by_number(sample)
    note = questions[6].footnotes[0]
    assert (note.number, note.text) == (2, "Kamerstuk 36715, nr.32")
    assert note.url == "https://zoek.officielebekendmakingen.nl/kst-36715-32.html"
    assert questions[6].answer.endswith("die u 27 januari jl. toekwam.")
    assert [(n.number, n.url) for n in questions[11].footnotes] == [
        (3, "https://zoek.officielebekendmakingen.nl/kst-36124-57.html")
    ]
    assert [n.number for n in questions[33].footnotes] == [4]
    assert [n.number for n in questions[40].footnotes] == [5, 6]
    assert all(n.url.startswith("https://") for n in questions[40].footnotes)
    with_notes = {n for n, q in questions.items() if q.footnotes}
    assert with_notes == {6, 11, 33, 40}


JUNK = [
    re.compile(r"\[image:", re.I),
    re.compile(r"\[bookmark", re.I),
    re.compile(r"image\d+\.png", re.I),
    re.compile(r"\[footnoteRef", re.I),
    re.compile(r"\[\d+:\s"),
    re.compile(r"Postbus|Retouradres|Plein 4|MPC 58 B|www\.defensie\.nl", re.I),
    re.compile(r"Geachte voorzitter|Hoogachtend", re.I),
    re.compile(r"(^|\n)\s*\d{1,3}\s*($|\n)"),  # a page number on its own line
    re.compile(r"\n\s*Ministerie van Defensie\s*(\n|$)|^Ministerie van Defensie$"),
    re.compile(r"[ \t]{2,}|\n{3,}|\u00a0|\u202f"),
]


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def test_no_junk_in_any_field_of_any_record(sample):
    for record in sample.records:
        for text in _strings(asdict(record)):
            for pattern in JUNK:
                assert not pattern.search(text), (record.key, pattern.pattern, text[:80])
            assert text == text.strip(), record.key


def test_paragraph_breaks_are_kept(sample):
    questions = _by_number(sample)
    assert questions[4].answer.count("\n\n") == 2
    assert questions[12].question.count("\n\n") == 1
    assert "\n\n" not in questions[2].answer


def test_not_this_layout_without_party_headings(tmp_path):
    path = tmp_path / "plain.txt"
    path.write_text("Vraag 1\nIets?\nAntwoord\nJa.\n", encoding="utf-8")
    assert schriftelijk_overleg.parse(extract(path)) is None
