from datetime import date

from ingest.extracted import Paragraph
from ingest.metadata import document_id, official_id, parse_dutch_date, parse_letterhead


def _paragraphs(*lines: str) -> list[Paragraph]:
    return [Paragraph(line) for line in lines]


def test_letterhead_fields_from_labels_and_signature():
    head = parse_letterhead(
        _paragraphs(
            "Datum",
            "3 maart 2025",
            "Betreft",
            "Antwoorden op vragen",
            "Ministerie van Buitenlandse Zaken",
            "Postbus 20061",
            "Ons kenmerk",
            "BZ2025-123",
            "Geachte voorzitter,",
            "DE MINISTER VAN BUITENLANDSE ZAKEN,",
            "Caspar Veldkamp",
        )
    )
    assert head.date == date(2025, 3, 3)
    assert head.subject == "Antwoorden op vragen"
    assert head.reference == "BZ2025-123"
    assert head.ministry == "Ministerie van Buitenlandse Zaken"
    assert head.minister == "Minister Caspar Veldkamp"
    assert document_id(head, "ab" * 32, None, "file") == ("2025-03-03-bz2025-123", "reference")


def test_the_ministry_of_the_signature_when_no_address_block_names_one():
    head = parse_letterhead(
        _paragraphs("Datum", "3 maart 2025", "DE STAATSSECRETARIS VAN DEFENSIE,", "Gijs Tuinman")
    )
    assert head.ministry == "Ministerie van Defensie"
    assert head.minister == "Staatssecretaris Gijs Tuinman"


def test_without_kenmerk_the_content_fingerprint_tells_letters_apart():
    head = parse_letterhead(_paragraphs("Datum", "10 februari 2026", "Geachte voorzitter,"))
    first = document_id(head, "1f" * 32, None, "brief")
    second = document_id(head, "2e" * 32, None, "brief")
    assert first == ("2026-02-10-1f1f1f1f1f", "content")
    assert second == ("2026-02-10-2e2e2e2e2e", "content")


def test_missing_letterhead_falls_back_to_file_name_and_fingerprint():
    head = parse_letterhead(_paragraphs("Zomaar een tekst."))
    assert head.date is None and head.reference is None and head.minister is None
    assert document_id(head, "0a" * 32, None, "Mijn Brief_v2") == (
        "mijn-brief-v2-0a0a0a0a0a",
        "content",
    )


def test_an_official_id_wins_and_keeps_its_case():
    head = parse_letterhead(_paragraphs("Datum", "9 november 2023", "Kenmerk", "BS2023"))
    official = official_id("", "kst-36410-X-8")
    assert document_id(head, "0a" * 32, official, "kst-36410-X-8") == ("kst-36410-X-8", "official")
    assert official_id("AH-TK-20232024-1292.pdf") == "ah-tk-20232024-1292"
    assert official_id("brief van 10 februari", "2026-02-10_beantwoording") is None


def test_dates():
    assert parse_dutch_date("10 februari 2026") == date(2026, 2, 10)
    assert parse_dutch_date("31 februari 2026") is None
    assert parse_dutch_date("geen datum") is None
