"""Typeset lines of a text PDF, as pdfminer.six lays them out, with what the type says.

A line keeps its position, its dominant font size and its superscript numbers apart from
the text: a small raised digit after a word is a footnote marker ("vervolgprocedure?¹"),
a small digit opening a small-type line is a footnote's own number, and a small digit on
the baseline is a subscript that belongs to the word ("CO₂").
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pdfminer.layout import LAParams, LTChar, LTPage, LTTextContainer, LTTextLine

from ingest import pdf_guard
from ingest.limits import DEFAULT_LIMITS, Limits

# A superscript is clearly smaller than the text around it and raised above its baseline.
_SMALL = 0.8
_RAISED = 0.15
# Same visual row when baselines differ by less than this many points (table cells).
_ROW_TOLERANCE = 2.0
# Spacing accents that some PDFs place after the letter instead of composing it ("Kostic´").
_SPACING_ACCENTS = {"´": "\u0301", "¨": "\u0308", "ˇ": "\u030c", "˜": "\u0303"}
_LOOSE_ACCENT = re.compile(r"([A-Za-z])\s?([´¨ˇ˜])")


@dataclass
class Piece:
    """Part of a line: plain text, or a superscript number that may be a footnote marker."""

    text: str
    marker: int | None = None


@dataclass
class Line:
    pieces: list[Piece]
    page: int
    x0: float
    x1: float
    y0: float  # baseline height from the page bottom
    size: float  # dominant font size
    bold: bool
    lead_number: int | None = None  # small number opening the line: a footnote's number
    page_height: float = 842.0

    @property
    def raw(self) -> str:
        """The text with superscript numbers written out, as a reader of the page sees it."""
        return compose_accents("".join(piece.text for piece in self.pieces)).strip()

    def text(self, known_markers: set[int]) -> tuple[str, list[int]]:
        """Text without the footnote markers that match a real footnote, and those markers."""
        parts: list[str] = []
        markers: list[int] = []
        for piece in self.pieces:
            if piece.marker is not None and piece.marker in known_markers:
                markers.append(piece.marker)
            else:
                parts.append(piece.text)
        return compose_accents("".join(parts)).strip(), markers


def compose_accents(text: str) -> str:
    """Join a spacing accent to the letter before it: "Kostic´" → "Kostić"."""
    text = _LOOSE_ACCENT.sub(lambda m: m[1] + _SPACING_ACCENTS[m[2]], text)
    return unicodedata.normalize("NFC", text)


def _dominant(chars: list[LTChar]) -> float:
    sizes = Counter(round(c.size, 1) for c in chars if c.get_text().strip())
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _is_bold(chars: list[LTChar]) -> bool:
    visible = [c for c in chars if c.get_text().strip()]
    return bool(visible) and all(
        re.search(r"bold|black|heavy", c.fontname, re.IGNORECASE) for c in visible
    )


def _pieces(items: list, size: float, baseline: float) -> tuple[list[Piece], int | None]:
    """Pieces of a line and the number that opens it in small type, if any."""
    pieces: list[Piece] = []
    digits = ""
    seen_text = False
    lead: int | None = None

    def flush() -> None:
        nonlocal digits, lead
        if digits:
            if not seen_text and lead is None:
                lead = int(digits)
            pieces.append(Piece(digits, int(digits)))
            digits = ""

    for item in items:
        char = item.get_text().replace("\n", " ")
        small = isinstance(item, LTChar) and item.size < size * _SMALL
        if small and char.isdigit() and (item.y0 > baseline + size * _RAISED or not seen_text):
            digits += char
            continue
        if small and not char.strip() and digits:
            continue  # the small space a typesetter puts after a marker
        flush()
        if char.strip():
            seen_text = True
        pieces.append(Piece(char))
    flush()
    if lead is not None and pieces and pieces[0].marker == lead:
        pieces = pieces[1:]  # a footnote's own number is not part of its text
    return pieces, lead


def _line(ltline: LTTextLine, page: int, height: float) -> Line | None:
    items = list(ltline)
    chars = [item for item in items if isinstance(item, LTChar)]
    size = _dominant(chars)
    if not size:
        return None
    baseline = min(c.y0 for c in chars if round(c.size, 1) == size)
    pieces, lead = _pieces(items, size, baseline)
    return Line(
        pieces=pieces,
        page=page,
        x0=ltline.x0,
        x1=ltline.x1,
        y0=baseline,
        size=size,
        bold=_is_bold(chars),
        lead_number=lead,
        page_height=height,
    )


def _page_lines(page: LTPage, number: int) -> list[Line]:
    found: list[Line] = []
    for box in page:
        if isinstance(box, LTTextContainer):
            for ltline in box:
                if isinstance(ltline, LTTextLine):
                    line = _line(ltline, number, page.height)
                    if line is not None and line.raw:
                        found.append(line)
    return sorted(found, key=lambda line: (-line.y0, line.x0))


def merge_rows(lines: list[Line]) -> list[Line]:
    """Lines in reading order; fragments on one baseline (table cells) become one line."""
    ordered = sorted(lines, key=lambda line: (-line.y0, line.x0))
    rows: list[Line] = []
    for line in ordered:
        last = rows[-1] if rows else None
        if last and abs(last.y0 - line.y0) < _ROW_TOLERANCE and line.x0 > last.x1:
            last.pieces = [*last.pieces, Piece("  "), *line.pieces]
            last.x1 = line.x1
        else:
            rows.append(line)
    return rows


def read_pages(path: Path, limits: Limits = DEFAULT_LIMITS) -> Iterator[list[Line]]:
    """The lines of each page, top to bottom; pdfminer's own errors pass through, and
    IngestError when the file inflates or nests beyond `limits` (see pdf_guard).

    Fragments that share a baseline stay apart here, so that page furniture printed
    beside other text can be recognised; `merge_rows` joins what is left.
    """
    # pdfminer logs recoverable oddities of real files at WARNING; they are not ours to show.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    for number, page in enumerate(pdf_guard.pages(path, limits, LAParams())):
        yield _page_lines(page, number)
