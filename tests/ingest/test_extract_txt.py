import pytest

from ingest.extract_txt import decode_text, extract, paragraphs_from_text
from ingest.records import IngestError


def test_paragraphs_are_non_empty_lines_without_junk():
    text = (
        "\tDatum\r\n\r\n[image: /x/image1.png]\n3\nimage2.png\n"
        "[bookmark: _GoBack]Ruben  Brekelmans\n"
    )
    assert [p.text for p in paragraphs_from_text(text)] == ["Datum", "Ruben Brekelmans"]


def test_utf8_bom_is_not_text():
    assert decode_text("\ufeffVraag".encode(), "f") == ("Vraag", [])


def test_sample_extract(sample_path):
    extracted = extract(sample_path)
    assert extracted.format == "txt"
    assert len(extracted.raw_fingerprint) == 64
    assert extracted.warnings == []
    assert all(p.text == p.text.strip() and p.text for p in extracted.paragraphs)


def test_a_nul_byte_anywhere_makes_a_text_file_binary(tmp_path):
    text = ("Vraag 1\nWat vindt de minister ervan?\n" * 400).encode()
    assert len(text) > 8192
    path = tmp_path / "kapot.txt"
    path.write_bytes(text + b"\x00\x00\x00rest")
    with pytest.raises(IngestError) as refused:
        extract(path)
    assert refused.value.source == str(path)
    assert refused.value.reason == f"binaire inhoud, geen tekst (NUL-byte op positie {len(text)})"
