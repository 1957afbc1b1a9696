"""PDF decompression bombs and deep nesting are refused by name; real PDFs read as before.

The hostile PDFs are written by hand (bench/hostile_pdf.py); bench/hostile_pdf.py also
measures what refusing the 1 GiB bomb costs.
"""

from __future__ import annotations

import base64
import io
import zlib
from pathlib import Path

import pytest
from pdfminer.high_level import extract_pages
from pdfminer.layout import LAParams, LTPage, LTTextContainer
from pypdf import PdfReader, PdfWriter

import ingest
from bench.hostile_pdf import TEXT, bomb, deflated_copies, nested, pdf, pdf_with_object_stream
from ingest import extract_pdf, pdf_guard
from ingest.limits import DEFAULT_LIMITS, MIB, Limits
from ingest.records import IngestError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "aanhangsel"
PDFS = sorted(FIXTURES.glob("*.pdf"))
TOO_LARGE = "PDF pakt uit tot meer dan {} MB; niet geïndexeerd"
TOO_DEEP = "PDF met objecten dieper dan 100 niveaus genest; niet geïndexeerd"
SMALL = Limits(max_pdf_inflated_bytes=MIB)


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _text_boxes(pages) -> list[list[tuple[str, tuple[float, ...], str]]]:
    """Every text box of every page: kind, position, text. Sorted, because pdfminer itself
    orders boxes it cannot tell apart differently from one run to the next (seen on 1771)."""

    def boxes(page: LTPage):
        return sorted(
            (type(box).__name__, tuple(round(v, 2) for v in box.bbox), box.get_text())
            for box in page
            if isinstance(box, LTTextContainer)
        )

    return [boxes(page) for page in pages]


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.stem)
def test_real_pdfs_are_laid_out_exactly_as_pdfminer_lays_them_out(path):
    expected = _text_boxes(extract_pages(path, laparams=LAParams()))
    assert expected and any(expected)
    assert _text_boxes(pdf_guard.pages(path, DEFAULT_LIMITS, LAParams())) == expected


def test_a_bomb_of_one_gibibyte_is_refused_by_name_and_the_rest_go_in(tmp_path):
    path = _write(tmp_path, "bom.pdf", bomb(1024))
    assert path.stat().st_size < 1.2e6
    good = _write(tmp_path, "brief.pdf", (FIXTURES / "ah-tk-20232024-1292.pdf").read_bytes())
    report = ingest.load([path, good])
    assert [d.source for d in report.documents] == [str(good)]
    assert report.warnings == [f"{path}: {TOO_LARGE.format(64)}"]
    assert report.skipped == [str(path)]


def test_a_stream_within_the_limit_is_read_and_one_beyond_it_is_not(tmp_path):
    unit = TEXT.ljust(64 * 1024, b" ")
    within = _write(tmp_path, "binnen.pdf", pdf(deflated_copies(unit, 15), b"/Filter /Fl "))
    beyond = _write(tmp_path, "buiten.pdf", pdf(deflated_copies(unit, 17), b"/Filter /Fl "))
    assert "Wat kost de bom?" in extract_pdf.extract(within, SMALL).paragraphs[0].text
    with pytest.raises(IngestError) as refused:
        extract_pdf.extract(beyond, SMALL)
    assert (refused.value.source, refused.value.reason) == (str(beyond), TOO_LARGE.format(1))


def _run_length(text: bytes, spaces: int) -> bytes:
    """`text` as one literal run, then `spaces` spaces in runs of 128 (2 bytes each)."""
    return bytes([len(text) - 1]) + text + b"\x81 " * (spaces // 128) + b"\x80"


INFLATED = TEXT.ljust(2 * MIB, b" ")


@pytest.mark.parametrize(
    ("filters", "data"),
    [
        (b"[/FlateDecode /FlateDecode]", zlib.compress(zlib.compress(INFLATED, 9), 9)),
        (b"/RunLengthDecode", _run_length(TEXT, 2 * MIB)),
        (b"[/ASCII85Decode /FlateDecode]", base64.a85encode(zlib.compress(INFLATED, 9)) + b"~>"),
        (b"[/FlateDecode /RunLengthDecode]", zlib.compress(_run_length(TEXT, 2 * MIB))),
    ],
    ids=["Flate-Flate", "RunLength", "ASCII85-Flate", "Flate-RunLength"],
)
def test_bombs_behind_other_filters_are_refused(tmp_path, filters, data):
    path = _write(tmp_path, "bom.pdf", pdf(data, b"/Filter " + filters + b" "))
    with pytest.raises(IngestError, match="pakt uit tot meer dan 1 MB"):
        extract_pdf.extract(path, SMALL)
    # the same file within the default limits: the filters were read right
    assert "Wat kost de bom?" in extract_pdf.extract(path).paragraphs[0].text


def test_an_encrypted_bomb_is_measured_after_decryption(tmp_path):
    plain = pdf(zlib.compress(TEXT.ljust(2 * MIB, b" "), 9), b"/Filter /FlateDecode ")
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(plain)))
    writer.encrypt(user_password="", owner_password="eigenaar", algorithm="AES-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    path = _write(tmp_path, "versleuteld.pdf", buffer.getvalue())
    with pytest.raises(IngestError, match="pakt uit tot meer dan 1 MB"):
        extract_pdf.extract(path, SMALL)
    assert "Wat kost de bom?" in extract_pdf.extract(path).paragraphs[0].text


def test_fax_encoded_page_content_is_refused(tmp_path):
    path = _write(tmp_path, "fax.pdf", pdf(b"\x00" * 64, b"/Filter /CCITTFaxDecode "))
    with pytest.raises(IngestError, match="faxcodering"):
        extract_pdf.extract(path)


def test_a_damaged_stream_is_read_as_far_as_pdfminer_reads_it(tmp_path):
    damaged = zlib.compress(TEXT * 50, 9)[:-8]
    path = _write(tmp_path, "beschadigd.pdf", pdf(damaged, b"/Filter /FlateDecode "))
    expected = _text_boxes(extract_pages(path, laparams=LAParams()))
    assert _text_boxes(pdf_guard.pages(path, DEFAULT_LIMITS, LAParams())) == expected


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("arrays in the page object", nested(1000)),
        ("dictionaries in the page object", pdf(TEXT, page_keys=b"/A " + b"<< /A " * 101)),
        ("arrays in the content stream", pdf(TEXT + b"[" * 1000)),
        ("arrays in a deflated content stream", None),
    ],
)
def test_deep_nesting_is_refused_by_name(tmp_path, name, data):
    if data is None:
        data = pdf(zlib.compress(TEXT + b"[" * 100_000), b"/Filter /FlateDecode ")
    path = _write(tmp_path, "diep.pdf", data)
    with pytest.raises(IngestError) as refused:
        extract_pdf.extract(path)
    assert (refused.value.source, refused.value.reason) == (str(path), TOO_DEEP)


def test_deep_nesting_inside_an_object_stream_is_refused(tmp_path):
    # pdfminer parses an object stream's objects with a parser of its own; the guard
    # checks the stream's inflated text before that parser sees it.
    font = b"/Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >>"

    def resources(depth: int) -> bytes:
        return b"<< " + font + b" /X " + b"[" * depth + b"]" * depth + b" >>"

    shallow = _write(tmp_path, "ondiep.pdf", pdf_with_object_stream(TEXT, resources(10)))
    assert "Wat kost de bom?" in extract_pdf.extract(shallow).paragraphs[0].text
    deep = _write(tmp_path, "diep.pdf", pdf_with_object_stream(TEXT, resources(1000)))
    with pytest.raises(IngestError, match="dieper dan 100 niveaus"):
        extract_pdf.extract(deep)
    assert extract_pdf.extract(deep, Limits(max_pdf_depth=2000)).paragraphs


def test_nesting_up_to_the_limit_is_read(tmp_path):
    path = _write(tmp_path, "diep.pdf", pdf(TEXT + b"[" * 99 + b"]" * 99, page_keys=b""))
    assert "Wat kost de bom?" in extract_pdf.extract(path).paragraphs[0].text
    path = _write(tmp_path, "diep-object.pdf", nested(98))  # the page dictionary is one more
    assert extract_pdf.extract(path).paragraphs


@pytest.mark.parametrize(
    ("data", "deeper"),
    [
        (b"[" * 101, True),
        (b"[" * 100 + b"]" * 100, False),
        (b"<<" * 101, True),
        (b"{" * 101, True),
        (b"[]" * 500, False),
        (b"(" + b"[" * 500 + b")", False),
        (b"(a (b) \\) " + b"[" * 500 + b")", False),
        (b"(\\(" + b"[" * 101, False),  # an open string runs to the end
        (b"% " + b"[" * 500 + b"\n[]", False),
        (b"<4142> " + b"<< " * 50 + b"[" * 51, True),
        (b"BI /W 9 /H 9 ID " + b"[" * 500 + b" EI [", False),
    ],
)
def test_nesting_is_counted_as_pdfminer_tokenizes(data, deeper):
    assert pdf_guard.nests_deeper_than(data, 100) is deeper
