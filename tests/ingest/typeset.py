"""One-page PDFs with the typesetting defects real Aanhangsel PDFs show, for the tests.

The defects of other Aanhangsel PDFs than the ten fixtures (a bullet glyph without Unicode
meaning, a cedilla drawn back over its letter) are reproduced here with the PDF operators
that make them, so that the extractor meets them as pdfminer reads them, not as text.

Fonts: F1 is Helvetica (WinAnsiEncoding, pdfminer knows its widths); F2 is a typesetter's
font without an encoding of its own, so codes outside StandardEncoding (129, 143) have no
Unicode meaning and come out as "(cid:129)", "(cid:143)".
"""

from __future__ import annotations

from pathlib import Path

_F2_WIDTHS = " ".join(["500"] * 224)


def _objects(content: bytes) -> list[bytes]:
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Univers /FirstChar 32 /LastChar 255"
        b" /Widths [" + _F2_WIDTHS.encode() + b"] >>",
    ]


def write_pdf(path: Path, lines: list[bytes], top: int = 700) -> Path:
    """A PDF whose page shows `lines` (each the text operators of one line, e.g.
    b"/F1 10 Tf (Vraag 1) Tj"), one under the other at a 14-point pitch; an empty entry
    leaves a blank line, as between paragraphs."""
    body = b"".join(
        b"BT 72 %d Td %s ET\n" % (top - 14 * i, line) for i, line in enumerate(lines) if line
    )
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(_objects(body), start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(offsets) + 1,
        xref,
    )
    path.write_bytes(bytes(out))
    return path
