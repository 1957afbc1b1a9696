"""Typeset lines of a text PDF, as pdfminer.six lays them out, with what the type says.

A line keeps its position, its dominant font size and its superscript numbers apart from
the text: a small raised digit after a word is a footnote marker ("vervolgprocedure?¹"),
a small digit opening a small-type line is a footnote's own number, and a small digit on
the baseline is a subscript that belongs to the word ("CO₂").

Glyph defects of the typesetting are repaired here, where the glyphs' positions are known:
a glyph without Unicode meaning ("(cid:129)") becomes its character where it is known and
is dropped otherwise (the line keeps its number, for one warning per file); a spacing
accent drawn over the letter before it is joined to that letter, without the space
pdfminer reads after it ("Yes¸ ilgöz" → "Yeşilgöz"); and where an italic word runs into
a roman one without a space ("red-taggingvan"), the space is put back.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pdfminer.layout import LAParams, LTChar, LTPage, LTTextContainer, LTTextLine

from ingest import pdf_guard
from ingest.limits import DEFAULT_LIMITS, Limits
from ingest.markers import marker

# A superscript is clearly smaller than the text around it and raised above its baseline.
_SMALL = 0.8
_RAISED = 0.15
# Same visual row when baselines differ by less than this many points (table cells).
_ROW_TOLERANCE = 2.0
# Spacing accents that some PDFs place after the letter instead of composing it ("Kostic´").
_SPACING_ACCENTS = {
    "´": "\u0301",  # acute: "Kostic´" → "Kostić"
    "¨": "\u0308",  # diaeresis
    "ˆ": "\u0302",  # circumflex
    "ˇ": "\u030c",  # caron
    "˜": "\u0303",  # tilde
    "¸": "\u0327",  # cedilla: "Yes¸ilgöz" → "Yeşilgöz"
    "˛": "\u0328",  # ogonek
    "˚": "\u030a",  # ring
    "˘": "\u0306",  # breve
    "˝": "\u030b",  # double acute
}
_LOOSE_ACCENT = re.compile(rf"([A-Za-z])\s?([{''.join(_SPACING_ACCENTS)}])")
# Glyphs that pdfminer cannot map to Unicode come out as "(cid:N)". Those whose meaning
# is known from the Staten-Generaal typesetting are mapped; any other is dropped.
KNOWN_CIDS = {129: "•"}
_CID = re.compile(r"^\(cid:(\d+)\)$")
_ITALIC = re.compile(r"italic|oblique", re.IGNORECASE)
# A fragment that is only a list item's bullet or number ("1.", "•"), set apart from the
# item's text on the same baseline: one cell with that text, not a table column.
LIST_MARKER = re.compile(r"^(?:[•▪·◦]|[–-]|\d{1,2}[.)])$")


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
    first_word: float = 0.0  # width of the line's first word: would it have fit above?
    cells: int = 1  # fragments on one baseline: more than one is a table row
    dropped_cids: tuple[int, ...] = ()  # glyphs without a known character, left out

    @property
    def raw(self) -> str:
        """The text with superscript numbers written out, as a reader of the page sees it."""
        return compose_accents("".join(piece.text for piece in self.pieces)).strip()

    def text(self, known_markers: set[int]) -> tuple[str, list[int]]:
        """The text with each footnote marker that matches a real footnote written as its
        marker character (ingest.markers), and those markers."""
        parts: list[str] = []
        markers: list[int] = []
        for piece in self.pieces:
            if piece.marker is not None and piece.marker in known_markers:
                markers.append(piece.marker)
                parts.append(marker(piece.marker))
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


def glyph_text(text: str) -> tuple[str, int | None]:
    """A glyph's text with "(cid:N)" resolved: its character, or "" and N when unknown."""
    cid = _CID.match(text)
    if cid is None:
        return text, None
    number = int(cid.group(1))
    known = KNOWN_CIDS.get(number)
    return (known, None) if known else ("", number)


def _is_overlaid_accent(item: object, previous: object) -> bool:
    """A spacing accent drawn back over the letter before it (the typesetter's way of
    composing "ć" from "c" and "´"): pdfminer then reads a space after the accent."""
    return (
        isinstance(item, LTChar)
        and isinstance(previous, LTChar)
        and item.get_text() in _SPACING_ACCENTS
        and item.x0 < previous.x1 - 0.5
    )


def _style_break(item: object, previous: object) -> bool:
    """An italic letter directly followed by a roman one, or the reverse: a word ends
    there whose space the typesetter lost ("red-tagging" + "van")."""
    return (
        isinstance(item, LTChar)
        and isinstance(previous, LTChar)
        and item.get_text().isalpha()
        and previous.get_text().isalpha()
        and bool(_ITALIC.search(item.fontname)) != bool(_ITALIC.search(previous.fontname))
    )


@dataclass
class _PieceReader:
    """Collects a line's pieces item by item; see `_pieces`."""

    size: float
    baseline: float
    pieces: list[Piece] = field(default_factory=list)
    digits: str = ""
    seen_text: bool = False
    lead: int | None = None
    dropped: list[int] = field(default_factory=list)

    def flush(self) -> None:
        if self.digits:
            if not self.seen_text and self.lead is None:
                self.lead = int(self.digits)
            self.pieces.append(Piece(self.digits, int(self.digits)))
            self.digits = ""

    def add(self, item: object, previous: object, before: object) -> None:
        char, unknown = glyph_text(item.get_text().replace("\n", " "))
        if unknown is not None:
            self.dropped.append(unknown)
            return
        small = isinstance(item, LTChar) and item.size < self.size * _SMALL
        raised = isinstance(item, LTChar) and item.y0 > self.baseline + self.size * _RAISED
        if small and char.isdigit() and (raised or not self.seen_text):
            self.digits += char
            return
        if small and not char.strip() and self.digits:
            return  # the small space a typesetter puts after a marker
        if (
            not isinstance(item, LTChar)
            and not char.strip()
            and _is_overlaid_accent(previous, before)
        ):
            return  # pdfminer's space after an accent drawn over its letter
        self.flush()
        if _style_break(item, previous):
            self.pieces.append(Piece(" "))
        if char.strip():
            self.seen_text = True
        self.pieces.append(Piece(char))


def _pieces(items: list, size: float, baseline: float) -> tuple[list[Piece], int | None, list[int]]:
    """Pieces of a line, the number that opens it in small type (if any), and the cids of
    glyphs left out."""
    reader = _PieceReader(size, baseline)
    previous: object = None
    before: object = None
    for item in items:
        reader.add(item, previous, before)
        previous, before = item, previous
    reader.flush()
    pieces, lead = reader.pieces, reader.lead
    if lead is not None and pieces and pieces[0].marker == lead:
        pieces = pieces[1:]  # a footnote's own number is not part of its text
    return pieces, lead, reader.dropped


def _first_word_width(items: list) -> float:
    """Width of the line's first word: whether it would have fit on the line above says
    whether that line ended its paragraph."""
    word: list[LTChar] = []
    for item in items:
        if not item.get_text().strip():  # a space, or pdfminer's inferred space
            if word:
                break
        elif isinstance(item, LTChar):
            word.append(item)
    return word[-1].x1 - word[0].x0 if word else 0.0


def _line(ltline: LTTextLine, page: int, height: float) -> Line | None:
    items = list(ltline)
    chars = [item for item in items if isinstance(item, LTChar)]
    size = _dominant(chars)
    if not size:
        return None
    baseline = min(c.y0 for c in chars if round(c.size, 1) == size)
    pieces, lead, dropped = _pieces(items, size, baseline)
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
        first_word=_first_word_width(items),
        dropped_cids=tuple(dropped),
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
            last.cells += 0 if LIST_MARKER.match(last.raw) else line.cells
            last.pieces = [*last.pieces, Piece("  "), *line.pieces]
            last.x1 = line.x1
            last.dropped_cids += line.dropped_cids
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
