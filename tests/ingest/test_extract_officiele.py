"""officielebekendmakingen.nl HTML and XML (hand-made fixtures after the published markup)."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

import ingest
from ingest import extract_officiele
from ingest.records import IngestError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "officiele"


def test_xml_aanhangsel_with_sidecar_metadata():
    extracted = extract_officiele.extract(FIXTURES / "ah-tk-20232024-1314.xml")
    assert extracted.metadata["identifier"] == "ah-tk-20232024-1314"
    assert extracted.metadata["issued"] == "2024-03-25"
    assert extracted.metadata["vergaderjaar"] == "2023-2024"
    labels = [p.text for p in extracted.paragraphs if p.heading]
    assert labels == [
        "Vraag 1",
        "Antwoord 1",
        "Vraag 2",
        "Antwoord 2",
        "Vraag 3, 4 en 5",
        "Antwoord 3, 4 en 5",
    ]
    document = ingest.parse_file(FIXTURES / "ah-tk-20232024-1314.xml")
    assert document.layout == "aanhangsel" and document.id == "ah-tk-20232024-1314"
    assert [(q.number, q.numbers[1:]) for q in document.records] == [
        (1, []),
        (2, []),
        (3, [4, 5]),
    ]
    assert document.parties == ["GroenLinks-PvdA", "PvdD"]
    assert (document.submitted, document.date) == (date(2024, 3, 6), date(2024, 3, 25))
    three = document.records[2]
    assert "Regenboogprovincies? Zo ja" in three.question  # the inline note left the text
    assert [(n.number, n.text) for n in three.footnotes] == [
        (2, "Movisie, d.d. maart 2022, Inventarisatie Regenboogbeleid Regenboogprovincies")
    ]
    assert document.records[0].footnotes[0].url.startswith("https://nos.nl/artikel/2510977")


def test_html_aanhangsel_with_mededeling_and_footnote():
    document = ingest.parse_file(FIXTURES / "ah-tk-20232024-1999.html")
    assert document.layout == "aanhangsel" and document.id == "ah-tk-20232024-1999"
    assert [(r.kind, r.numbers) for r in document.records] == [
        ("question", [1]),
        ("question", [2]),
        ("question", [3]),
        ("mededeling", [1, 2, 3]),
    ]
    assert document.parties == ["D66", "GroenLinks-PvdA", "SP"]
    assert [r.answer for r in document.records[:3]] == ["", "", ""]
    assert document.records[3].answer.startswith("De schriftelijke vragen zijn beantwoord")
    first = document.records[0]
    assert "hoofdlijnenakkoord? Zo ja" in first.question
    assert first.footnotes[0].number == 1
    assert first.footnotes[0].text.startswith("De Volkskrant, 28 mei 2024")
    assert first.footnotes[0].url.startswith("https://www.volkskrant.nl/nieuws-achtergrond/")
    assert not any("Volkskrant" in q.answer for q in document.records)
    assert document.warnings == []


def test_html_lijst_van_vragen():
    document = ingest.parse_file(FIXTURES / "kst-36410-X-8.html")
    # The publication id as published: the budget chapter X in capitals.
    assert document.layout == "lijst" and document.id == "kst-36410-X-8"
    assert document.date == date(2023, 11, 9)
    assert [q.number for q in document.records] == [1, 2]
    assert document.records[1].answer.endswith("Project Luchtverdediging\n\nProject Schepen")
    assert document.records[0].footnotes[0].text == "Kamerstuk 36410-X, nr. 1"
    assert document.records[0].footnotes[0].url.endswith("/kst-36410-X-1.html")


def test_xml_lijst_van_vragen_with_joint_numbers():
    document = ingest.parse_file(FIXTURES / "kst-36410-X-7.xml")
    assert document.layout == "lijst" and document.subject.endswith(
        "Lijst van vragen en antwoorden"
    )
    assert [(q.number, q.numbers[1:]) for q in document.records] == [(1, []), (2, [5]), (3, [])]
    assert document.records[1].refers_to == [1]
    assert document.records[0].footnotes[0].url == (
        "https://zoek.officielebekendmakingen.nl/kst-36124-12.html"
    )


def test_malformed_xml_and_metadata_sidecar(tmp_path):
    broken = tmp_path / "kapot.xml"
    broken.write_text("<vraag><nr>Vraag 1</nr><al>open", encoding="utf-8")
    with pytest.raises(IngestError, match="ongeldige XML"):
        extract_officiele.extract(broken)
    assert extract_officiele.is_sidecar(FIXTURES / "ah-tk-20232024-1314.metadata.xml")
    report = ingest.load([FIXTURES])
    assert not any("metadata.xml" in line for line in report.warnings + report.skipped)


def _publication_with_sidecar(folder: Path, sidecar: bytes | None) -> tuple[Path, Path]:
    publication = folder / "ah-tk-20232024-1314.xml"
    publication.write_bytes((FIXTURES / publication.name).read_bytes())
    beside = folder / "ah-tk-20232024-1314.metadata.xml"
    if sidecar is not None:
        beside.write_bytes(sidecar)
    return publication, beside


def test_an_unparseable_sidecar_is_a_warning_and_the_publication_still_goes_in(tmp_path):
    publication, sidecar = _publication_with_sidecar(tmp_path, b"<metadata_gegevens><metadata")
    report = ingest.load([tmp_path])
    (document,) = report.documents
    assert document.source == str(publication) and len(document.records) == 3
    assert "issued" not in extract_officiele.extract(publication).metadata  # only in the sidecar
    (line,) = report.warnings
    assert line.startswith(f"{sidecar}: ongeldige XML (")
    assert line.endswith(f"; {publication.name} ingelezen zonder deze metadata")
    assert report.skipped == []


def test_a_sidecar_that_is_a_link_is_not_followed(tmp_path):
    outside = tmp_path / "elders.xml"
    outside.write_bytes((FIXTURES / "ah-tk-20232024-1314.metadata.xml").read_bytes())
    folder = tmp_path / "map"
    folder.mkdir()
    publication, sidecar = _publication_with_sidecar(folder, None)
    sidecar.symlink_to(outside)
    extracted = extract_officiele.extract(publication)
    assert "issued" not in extracted.metadata
    assert extracted.warnings == [
        f"{sidecar}: is een link; niet gevolgd; {publication.name} ingelezen zonder deze metadata"
    ]


def test_a_sidecar_that_is_a_pipe_is_a_warning_not_a_wait(tmp_path):
    publication, sidecar = _publication_with_sidecar(tmp_path, None)
    os.mkfifo(sidecar)
    extracted = extract_officiele.extract(publication)
    assert extracted.warnings == [
        f"{sidecar}: geen gewoon bestand; {publication.name} ingelezen zonder deze metadata"
    ]
