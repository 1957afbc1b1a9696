"""Word files: the sample letter as .docx (made by tests/fixtures/make_docx.py) and
small documents written here with python-docx: styles, footnotes, tables, broken files."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest

import ingest
from ingest import extract_docx
from ingest.limits import Limits
from ingest.records import IngestError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SAMPLE_DOCX = FIXTURES / "docx" / "sample-letter.docx"


def test_sample_docx_gives_the_same_41_questions_as_the_text_file(sample):
    document = ingest.parse_file(SAMPLE_DOCX)
    assert document.question_count == sample.question_count == 41
    assert document.id == sample.id
    assert [(q.number, q.parties, q.question, q.answer) for q in document.records] == [
        (q.number, q.parties, q.question, q.answer) for q in sample.records
    ]


def test_real_word_footnotes_become_footnotes():
    extracted = extract_docx.extract(SAMPLE_DOCX)
    noted = [p for p in extracted.paragraphs if p.footnotes]
    first = noted[0].footnotes[0]
    assert (first.number, first.text) == (1, "Kamerstuk 36715, nr.32")
    assert first.url == "https://zoek.officielebekendmakingen.nl/kst-36715-32.html"
    assert not any("footnoteRef" in p.text for p in extracted.paragraphs)


def test_heading_styles_are_kept():
    extracted = extract_docx.extract(SAMPLE_DOCX)
    headings = [p.text for p in extracted.paragraphs if p.heading]
    assert "Vragen en opmerkingen van de leden van de D66-fractie" in headings
    assert all(
        p.text.startswith("Vragen en opmerkingen") for p in extracted.paragraphs if p.heading
    )


def test_tables_are_read_as_text_in_document_order(tmp_path):
    document = docx.Document()
    document.add_paragraph("Kosten per project", style="Heading 1")
    table = document.add_table(rows=2, cols=2)
    for row, values in zip(
        table.rows, [("Project", "Bedrag"), ("F-35", "100 miljoen")], strict=True
    ):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    document.add_paragraph("Na de tabel.")
    path = tmp_path / "tabel.docx"
    document.save(str(path))
    texts = [(p.text, p.heading) for p in extract_docx.extract(path).paragraphs]
    assert texts == [
        ("Kosten per project", True),
        ("Project | Bedrag", False),
        ("F-35 | 100 miljoen", False),
        ("Na de tabel.", False),
    ]


def test_zip_bomb_is_refused_before_parsing(tmp_path):
    path = tmp_path / "bom.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (20 * 1024 * 1024))
    assert path.stat().st_size < 100_000
    with pytest.raises(IngestError, match="compressieverhouding"):
        extract_docx.extract(path)
    lenient_ratio = Limits(max_compression_ratio=10**6, max_unpacked_bytes=1024 * 1024)
    with pytest.raises(IngestError, match="uitgepakt"):
        extract_docx.extract(path, lenient_ratio)


def test_corrupt_and_encrypted_word_files_are_reported(tmp_path):
    truncated = tmp_path / "half.docx"
    truncated.write_bytes(SAMPLE_DOCX.read_bytes()[:5000])
    with pytest.raises(IngestError, match="beschadigd"):
        extract_docx.extract(truncated)
    encrypted = tmp_path / "beveiligd.docx"
    encrypted.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    with pytest.raises(IngestError, match="versleuteld"):
        extract_docx.extract(encrypted)
    not_word = tmp_path / "leeg.docx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "geen Word")
    not_word.write_bytes(buffer.getvalue())
    with pytest.raises(IngestError, match="leeg.docx"):
        extract_docx.extract(not_word)
