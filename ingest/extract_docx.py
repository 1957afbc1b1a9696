"""Word documents (.docx): paragraphs with their style, real footnotes, tables as text.

A .docx is a zip archive, and a zip can inflate a few kilobytes into gigabytes. The
archive is therefore checked before python-docx sees it: declared sizes, compression
ratio, and the actual inflated size read in bounded chunks.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree

from ingest.cleanup import clean_line
from ingest.extract_txt import read_bytes
from ingest.extracted import ExtractedText, Paragraph
from ingest.footnotes import footnote_url
from ingest.limits import DEFAULT_LIMITS, Limits
from ingest.markers import marker, unmarked
from ingest.records import Footnote, IngestError

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W}}}"
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0"  # encrypted Office files and old .doc are OLE, not zip
_CHUNK = 1 << 16
_HEADING_STYLES = ("heading", "kop", "title", "titel")


def check_zip(data: bytes, source: str, limits: Limits = DEFAULT_LIMITS) -> None:
    """IngestError when the archive is broken or inflates beyond the limits."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise IngestError(
            source, "beschadigd of afgebroken .docx-bestand (geen geldig zip-archief)"
        ) from error
    with archive:
        members = archive.infolist()
        declared = sum(member.file_size for member in members)
        if declared > limits.max_unpacked_bytes:
            raise IngestError(
                source, f"uitgepakt {declared} bytes groot (maximum {limits.max_unpacked_bytes})"
            )
        for member in members:
            if member.file_size > max(member.compress_size, 1) * limits.max_compression_ratio:
                raise IngestError(source, f"verdachte compressieverhouding in {member.filename}")
        _check_actual(archive, members, source, limits.max_unpacked_bytes)


def _check_actual(archive: zipfile.ZipFile, members: list, source: str, budget: int) -> None:
    """Inflate every member in chunks: a zip can lie about its sizes in the directory."""
    total = 0
    for member in members:
        try:
            with archive.open(member) as stream:
                while chunk := stream.read(_CHUNK):
                    total += len(chunk)
                    if total > budget:
                        raise IngestError(source, f"uitgepakt groter dan {budget} bytes")
        except (zipfile.BadZipFile, EOFError, OSError, RuntimeError) as error:
            raise IngestError(
                source, f"beschadigd onderdeel {member.filename} in .docx-bestand ({error})"
            ) from error


def _is_heading(paragraph_element: etree._Element, styles: dict[str, str]) -> bool:
    style = paragraph_element.find(f"{_W}pPr/{_W}pStyle")
    if style is None:
        return False
    name = styles.get(style.get(f"{_W}val", ""), style.get(f"{_W}val", "")).casefold()
    return name.startswith(_HEADING_STYLES)


def _text_and_refs(
    element: etree._Element, numbers: dict[str, int] | None = None
) -> tuple[str, list[str]]:
    """Visible text of a paragraph and the ids of the footnotes it references, in order.

    numbers: footnote id → number as printed, given the order of first reference; with
    it each reference is numbered and written as its marker character (ingest.markers)."""
    parts: list[str] = []
    refs: list[str] = []
    for node in element.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}footnoteReference"):
        if node.tag == f"{_W}t":
            parts.append(node.text or "")
        elif node.tag == f"{_W}footnoteReference":
            ref = node.get(f"{_W}id", "")
            refs.append(ref)
            if numbers is not None:
                parts.append(marker(numbers.setdefault(ref, len(numbers) + 1)))
        else:
            parts.append(" ")
    return "".join(parts), refs


def _footnote_bodies(document: docx.document.Document) -> dict[str, str]:
    """Footnote id → text, from the footnotes part; separators and notices left out."""
    try:
        part = document.part.part_related_by(RT.FOOTNOTES)
    except KeyError:
        return {}
    root = etree.fromstring(part.blob)
    bodies = {}
    for note in root.iter(f"{_W}footnote"):
        if note.get(f"{_W}type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        text = " ".join(_text_and_refs(p)[0].strip() for p in note.iter(f"{_W}p"))
        bodies[note.get(f"{_W}id", "")] = clean_line(text)
    return bodies


def _blocks(body: etree._Element) -> list[tuple[etree._Element, bool]]:
    """Paragraphs in document order; each table row becomes one paragraph of its cells."""
    blocks: list[tuple[etree._Element, bool]] = []
    for child in body:
        if child.tag == f"{_W}p":
            blocks.append((child, False))
        elif child.tag == f"{_W}tbl":
            blocks.extend((row, True) for row in child.iter(f"{_W}tr"))
    return blocks


def _row_text(row: etree._Element, numbers: dict[str, int]) -> tuple[str, list[str]]:
    cells = [_text_and_refs(cell, numbers) for cell in row.iter(f"{_W}tc")]
    return " | ".join(text.strip() for text, _ in cells), [r for _, refs in cells for r in refs]


def _paragraphs(document: docx.document.Document) -> list[Paragraph]:
    styles = {style.style_id: style.name or "" for style in document.styles}
    bodies = _footnote_bodies(document)
    numbers: dict[str, int] = {}  # footnote id → number as printed: order of first reference
    paragraphs: list[Paragraph] = []
    for element, is_row in _blocks(document.element.body):
        raw, refs = _row_text(element, numbers) if is_row else _text_and_refs(element, numbers)
        text = clean_line(raw)
        if not unmarked(text):
            continue  # nothing but a footnote reference: no paragraph of its own
        paragraph = Paragraph(text, heading=not is_row and _is_heading(element, styles))
        for ref in refs:
            number = numbers[ref]
            body = bodies.get(ref, "")
            paragraph.footnotes.append(Footnote(number, body, footnote_url(body)))
        paragraphs.append(paragraph)
    return paragraphs


def _metadata(document: docx.document.Document) -> dict[str, str]:
    core = document.core_properties
    found = {"title": core.title, "subject": core.subject, "author": core.author}
    if core.created:
        found["created"] = core.created.date().isoformat()
    return {key: value for key, value in found.items() if value}


def extract(path: Path, limits: Limits = DEFAULT_LIMITS) -> ExtractedText:
    """The paragraphs of a .docx; IngestError for encrypted, corrupt or bomb-like files."""
    source = str(path)
    data = read_bytes(path, limits)
    if data.startswith(_OLE_SIGNATURE):
        raise IngestError(
            source, "versleuteld (met wachtwoord beveiligd) of oud binair Word-bestand"
        )
    check_zip(data, source, limits)
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, etree.XMLSyntaxError) as error:
        raise IngestError(source, f"beschadigd .docx-bestand ({error})") from error
    paragraphs = _paragraphs(document)
    if not paragraphs:
        raise IngestError(source, "geen tekst in het document")
    return ExtractedText(
        source=source,
        raw_fingerprint=hashlib.sha256(data).hexdigest(),
        paragraphs=paragraphs,
        format="docx",
        metadata=_metadata(document),
    )
