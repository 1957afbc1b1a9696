"""Text PDFs (.pdf): paragraphs without page furniture, with footnotes as footnotes.

pdfminer.six is used rather than pypdf because it reports each character's size and
position (measured on the ten Aanhangsel PDFs; see tests/ingest/test_extract_pdf.py):
that is what tells a footnote marker from a digit, a footnote from body text, and the
end of a paragraph from a line wrap. The steps, page by page:

1. furniture out: running headers and footers, publication id, ISSN, page numbers;
2. footnotes out: from the first small-type line that opens with the next footnote
   number down to the page bottom;
3. body lines into paragraphs: a paragraph ends at a vertical gap, after a line that
   stops where the next line's first word would still have fit, where type size or
   indentation changes, before a list item, and around a table row (cells on one
   baseline); words broken at a line end are rejoined.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException

from ingest.cleanup import tidy
from ingest.dehyphenate import Vocabulary, join_lines
from ingest.extract_txt import read_bytes
from ingest.extracted import ExtractedText, Paragraph
from ingest.footnotes import footnote_url
from ingest.limits import DEFAULT_LIMITS, Limits
from ingest.pdf_lines import Line, merge_rows, read_pages
from ingest.records import Footnote, IngestError

# Printed publication ids: "ah-tk-20232024-1292", "kst-36045-267", "kv-tk-2024Z01234".
PUBLICATION_ID = re.compile(r"^(?:ah|kst|kv|h|blg|stcrt)-[\w-]+-\d+[\w]*$", re.IGNORECASE)
# Footer and header lines of Staten-Generaal publications, whatever the page.
_FURNITURE = re.compile(
    r"""^(?:ISSN\s[\d\s-]+X?
      | ’?'?s-Gravenhage\s\d{4}
      | Tweede\sKamer,\svergaderjaar\s\d{4}[–-]\d{4},\s[\w\s,.-]+?(?:\s\d+)?
      | Eerste\sKamer,\svergaderjaar\s\d{4}[–-]\d{4},\s[\w\s,.-]+?(?:\s\d+)?
      | (?:pagina|page)\s\d+(?:\s(?:van|of)\s\d+)?
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_MARGIN = 0.12  # top and bottom share of the page where running headers and footers sit
_SENTENCE_END = (".", "?", "!", ":", ";")
# A list item opens with a bullet (the typesetter's "•" may touch its text) or a number.
_BULLET = re.compile(r"^(?:[•▪·◦]|[–-]\s|\d{1,2}[.)]\s)")


@dataclass
class _Page:
    body: list[Line]
    notes: list[Line]


@dataclass
class _Layout:
    """Measures of the whole document that the per-page steps compare against."""

    body_size: float
    pitch: float
    right: float
    vocabulary: Vocabulary
    metadata: dict[str, str] = field(default_factory=dict)


def _in_margin(line: Line) -> bool:
    return line.y0 < line.page_height * _MARGIN or line.y0 > line.page_height * (1 - _MARGIN)


def _shape(text: str) -> str:
    """A line with its numbers blanked: running headers differ only in the page number."""
    return re.sub(r"\d+", "#", text.casefold())


def _is_furniture(line: Line, repeated: set[str], body_size: float) -> bool:
    text = line.raw
    if line.lead_number is not None:
        return False  # a footnote, even one that cites "Tweede Kamer, vergaderjaar …"
    if PUBLICATION_ID.match(text) or (_FURNITURE.match(text) and _in_margin(line)):
        return True
    if re.fullmatch(r"\d{1,4}", text) and (_in_margin(line) or line.size > body_size):
        return True  # page numbers, and the big issue numbers of a title block
    # Body-size text at a page top ("Antwoord 4") is text, however often it recurs there.
    return _in_margin(line) and line.size != body_size and _shape(text) in repeated


def _repeated_margin_lines(pages: list[list[Line]]) -> set[str]:
    """Shapes of margin lines printed on at least half the pages: running headers, footers."""
    counts: Counter[str] = Counter()
    for lines in pages:
        counts.update({_shape(line.raw) for line in lines if _in_margin(line)})
    needed = max(2, (len(pages) + 1) // 2)
    return {shape for shape, count in counts.items() if count >= needed}


def _split_notes(lines: list[Line], next_note: int, body_size: float) -> tuple[int, int]:
    """Index where the footnotes of the page start, and the next footnote number after them."""
    for index, line in enumerate(lines):
        if line.size < body_size and line.lead_number == next_note:
            following = next_note
            for note_line in lines[index:]:
                if note_line.lead_number == following:
                    following += 1
            return index, following
    return len(lines), next_note


def _pages(raw_pages: list[list[Line]], body_size: float, metadata: dict[str, str]) -> list[_Page]:
    repeated = _repeated_margin_lines(raw_pages) if len(raw_pages) > 1 else set()
    pages: list[_Page] = []
    next_note = 1
    for lines in raw_pages:
        kept = []
        for line in lines:
            if PUBLICATION_ID.match(line.raw):
                metadata.setdefault("identifier", line.raw)
            if not _is_furniture(line, repeated, body_size):
                kept.append(line)
        kept = merge_rows(kept)
        start, next_note = _split_notes(kept, next_note, body_size)
        pages.append(_Page(kept[:start], kept[start:]))
    return pages


def _measure(pages: list[list[Line]]) -> tuple[float, float, float]:
    """Body type size, line pitch and right text edge, from the most common values."""
    sizes: Counter[float] = Counter()
    for lines in pages:
        for line in lines:
            sizes[line.size] += len(line.raw)
    body = sizes.most_common(1)[0][0]
    gaps: Counter[float] = Counter()
    rights: Counter[float] = Counter()
    for lines in pages:
        body_lines = [line for line in lines if line.size == body]
        for upper, lower in zip(body_lines, body_lines[1:], strict=False):
            gaps[round(upper.y0 - lower.y0, 1)] += 1
        rights.update(round(line.x1) for line in body_lines)
    pitch = gaps.most_common(1)[0][0] if gaps else body * 1.2
    right = max((edge for edge, count in rights.items() if count > 1), default=0.0)
    return body, pitch, right


def _ends_early(previous: Line, line: Line, layout: _Layout) -> bool:
    """`previous` stops where the first word of `line` would still have fit: the
    typesetter ended the paragraph there, it did not run out of room. The margin of two
    ems allows for a space and for units it keeps together ("1 januari", "(< 10.000 kg)")."""
    return layout.right - previous.x1 > line.first_word + 2 * line.size


def _breaks(previous: Line, line: Line, layout: _Layout) -> bool:
    """True when `line` starts a new paragraph after `previous`."""
    if previous.cells > 1 or line.cells > 1:
        return True  # a table row is a paragraph of its own
    if _ends_early(previous, line, layout) or _BULLET.match(line.raw):
        return True
    if previous.page != line.page:
        return previous.raw.endswith(_SENTENCE_END)
    return (
        previous.y0 - line.y0 > layout.pitch * 1.5
        or abs(previous.size - line.size) > 0.5
        or previous.bold != line.bold
        or line.x0 < previous.x0 - 2  # back out of an indented list item
    )


def _paragraphs(pages: list[_Page], layout: _Layout, known: set[int]) -> list[Paragraph]:
    groups: list[list[Line]] = []
    for page in pages:
        for line in page.body:
            if groups and not _breaks(groups[-1][-1], line, layout):
                groups[-1].append(line)
            else:
                groups.append([line])
    paragraphs = []
    for group in groups:
        texts, markers = zip(*(line.text(known) for line in group), strict=True)
        text = tidy(join_lines(list(texts), layout.vocabulary))
        if text:
            heading = all(line.bold for line in group) and len(text.split()) <= 12
            paragraph = Paragraph(text, heading=heading)
            paragraph.footnotes = [Footnote(n, "") for marks in markers for n in marks]
            paragraphs.append(paragraph)
    return paragraphs


def _footnotes(pages: list[_Page], layout: _Layout) -> dict[int, Footnote]:
    notes: dict[int, list[str]] = {}
    current: int | None = None
    for page in pages:
        for line in page.notes:
            if line.lead_number is not None and line.lead_number not in notes:
                current = line.lead_number
                notes[current] = []
            if current is not None:
                notes[current].append(line.text(set())[0])
    result = {}
    for number, lines in notes.items():
        text = tidy(join_lines(lines, layout.vocabulary))
        result[number] = Footnote(number, text, footnote_url(text))
    return result


def _attach(paragraphs: list[Paragraph], notes: dict[int, Footnote]) -> list[str]:
    """Replace marker placeholders by the footnotes; a footnote without marker goes last."""
    used: set[int] = set()
    for paragraph in paragraphs:
        paragraph.footnotes = [notes[f.number] for f in paragraph.footnotes if f.number in notes]
        used.update(f.number for f in paragraph.footnotes)
    missing = sorted(set(notes) - used)
    if missing and paragraphs:
        paragraphs[-1].footnotes.extend(notes[n] for n in missing)
    return [f"voetnoot {n} heeft geen verwijzing in de tekst" for n in missing]


def _dropped_glyphs(pages: list[list[Line]], source: str) -> list[str]:
    """One warning for the glyphs without a known character that were left out."""
    cids = sorted({cid for lines in pages for line in lines for cid in line.dropped_cids})
    if not cids:
        return []
    named = ", ".join(f"(cid:{cid})" for cid in cids)
    return [f"{source}: tekens zonder bekende betekenis weggelaten: {named}"]


def _read(path: Path, limits: Limits) -> list[list[Line]]:
    source = str(path)
    try:
        return list(read_pages(path, limits))
    except (PDFPasswordIncorrect, PDFEncryptionError) as error:
        raise IngestError(source, "versleutelde PDF: niet te lezen zonder wachtwoord") from error
    except (PDFSyntaxError, PSException) as error:
        reason = str(error) or type(error).__name__
        raise IngestError(source, f"beschadigde of afgebroken PDF ({reason})") from error


def extract(path: Path, limits: Limits = DEFAULT_LIMITS) -> ExtractedText:
    """The paragraphs and footnotes of a text PDF; IngestError when it has no text layer."""
    source = str(path)
    data = read_bytes(path, limits)
    if not data.startswith(b"%PDF"):
        raise IngestError(source, "geen PDF-bestand (geen %PDF-kop)")
    raw_pages = _read(path, limits)
    if not any(raw_pages):
        raise IngestError(source, "PDF zonder tekstlaag (gescand beeld?); niet geïndexeerd")
    body, pitch, right = _measure(raw_pages)
    vocabulary = Vocabulary(line.raw for lines in raw_pages for line in lines)
    layout = _Layout(body, pitch, right, vocabulary)
    pages = _pages(raw_pages, body, layout.metadata)
    notes = _footnotes(pages, layout)
    paragraphs = _paragraphs(pages, layout, set(notes))
    warnings = _dropped_glyphs(raw_pages, source)
    warnings += [f"{source}: {note}" for note in _attach(paragraphs, notes)]
    return ExtractedText(
        source=source,
        raw_fingerprint=hashlib.sha256(data).hexdigest(),
        paragraphs=paragraphs,
        format="pdf",
        metadata=layout.metadata,
        warnings=warnings,
    )
