from datetime import date

from ingest.extracted import Paragraph
from ingest.metadata import document_id, parse_dutch_date, parse_letterhead


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
    assert head.minister == "Caspar Veldkamp"
    assert document_id(head, "file") == "2025-03-03-bz2025-123"


def test_missing_letterhead_falls_back_to_file_name():
    head = parse_letterhead(_paragraphs("Zomaar een tekst."))
    assert head.date is None and head.reference is None and head.minister is None
    assert document_id(head, "Mijn Brief_v2") == "mijn-brief-v2"


def test_dates():
    assert parse_dutch_date("10 februari 2026") == date(2026, 2, 10)
    assert parse_dutch_date("31 februari 2026") is None
    assert parse_dutch_date("geen datum") is None
