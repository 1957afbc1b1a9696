"""Identifiers as terms: what each id is found by, the chain of the identifiers field, and
the references named in the real letters' texts and footnotes (read in the PDFs)."""

from __future__ import annotations

from pathlib import Path

import pytest

import ingest
from index.analysis.identifiers import identifier_analyzer, identifier_terms, named_identifiers
from index.record_fields import record_identifiers

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "aanhangsel"


@pytest.mark.parametrize(
    ("word", "indexed", "queried"),
    [
        ("kst-36045-243", ["36045", "36045-243"], ["36045-243"]),
        ("kst-36800-v-48", ["36800", "36800-v", "36800-v-48"], ["36800-v-48"]),
        ("kst-21501-02-2498", ["21501", "21501-02", "21501-02-2498"], ["21501-02-2498"]),
        ("kst-36045", ["36045"], ["36045"]),  # a dossier
        ("36045", ["36045"], ["36045"]),
        ("36045-243", ["36045", "36045-243"], ["36045-243"]),
        ("ah-tk-20232024-2367", ["ah-tk-20232024-2367"], ["ah-tk-20232024-2367"]),
        ("2023z12345", ["2023z12345"], ["2023z12345"]),
        ("munitie", [], []),
        ("2024", [], []),  # a year
        ("mq9", [], []),
    ],
)
def test_what_an_identifier_is_found_by(word, indexed, queried):
    assert identifier_terms(word) == indexed
    assert identifier_terms(word, whole_only=True) == queried


def test_the_chain_indexes_every_term_and_queries_the_exact_one():
    analyzer = identifier_analyzer()
    value = "kst-36800-V-48 ah-tk-20232024-2367 2023Z12345"
    indexed = [t.text for t in analyzer(value, mode="index")]
    assert indexed == ["36800", "36800-v", "36800-v-48", "ah-tk-20232024-2367", "2023z12345"]
    queried = [t.text for t in analyzer("KST-36045-243 36045 drones", mode="query")]
    assert queried == ["36045-243", "36045"]  # a word that is no identifier yields nothing


def test_the_plain_chain_and_the_memoised_one_agree():
    analyzer = identifier_analyzer()
    value = "kst-21501-02-2498 kst-36045 ah-tk-20232024-594"
    plain = [(t.text, t.pos) for t in analyzer.plain_chain()(value, positions=True)]
    memo = [(t.text, t.pos) for t in analyzer(value, positions=True)]
    assert plain == memo


def test_aanhangsel_and_kamerstuk_references_together():
    text = "Zie ook Aanhangsel Handelingen II 2023/24, nr. 1999 en Kamerstuk 36 045, nr. 267."
    named = [(ref.id, text[ref.start : ref.end]) for ref in named_identifiers(text)]
    assert named == [
        ("ah-tk-20232024-1999", "Aanhangsel Handelingen II 2023/24, nr. 1999"),
        ("kst-36045-267", "Kamerstuk 36 045, nr. 267"),
    ]
    # Without a vergaderjaar in the text, the citing letter's own is meant.
    assert [r.id for r in named_identifiers("Aanhangsel Handelingen, nr. 594", "20232024")] == [
        "ah-tk-20232024-594"
    ]


@pytest.fixture(scope="module")
def letters() -> dict[str, ingest.Document]:
    parsed = (ingest.parse_file(p) for p in sorted(FIXTURES.glob("*.pdf")))
    return {document.id[-4:]: document for document in parsed}


def _identifiers(letters, letter: str, number: int) -> list[str]:
    document = letters[letter]
    record = next(r for r in document.records if number in r.numbers and r.kind == "question")
    return record_identifiers(record, document)


# Read in the PDFs: the references each answer's text and footnotes give.
@pytest.mark.parametrize(
    ("letter", "number", "named"),
    [
        ("2210", 6, ["kst-32813-1395"]),  # "Bijlage 1 van kamerstuk 32 813, nr. 1395"
        ("2210", 13, ["kst-32813-1061"]),
        ("2129", 5, ["kst-21501-02-2498", "2022D25169"]),  # the motion, and its link
        ("2129", 8, ["kst-22054-395"]),
        ("1786", 4, ["kst-26485-424", "kst-26485-407"]),
        ("2271", 9, ["kst-25424-679", "kst-25424-684", "kst-25424-685"]),
        ("2271", 12, ["kst-25424-691", "kst-25424-678", "kst-36410-XVI-160"]),
    ],
)
def test_references_of_the_real_letters(letters, letter, number, named):
    found = _identifiers(letters, letter, number)
    assert found[0] == letters[letter].id  # its own publication first
    assert set(named) <= set(found)


def test_the_mededeling_names_the_letter_that_answered(letters):
    document = letters["1999"]
    mededeling = next(r for r in document.records if r.kind == "mededeling")
    assert "kst-36471-64" in record_identifiers(mededeling, document)  # "(36 471-64)"


def test_letters_without_references_name_none(letters):
    # 1292, 1314 and 2367 cite no Kamerstuk and no other publication: only their own id.
    for letter in ("1292", "1314", "2367"):
        document = letters[letter]
        for record in document.records:
            assert record_identifiers(record, document) == [document.id], (letter, record.label)
