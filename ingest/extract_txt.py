"""Plain text (.txt) input: decode, reject what is not text, one paragraph per line.

Text converted from Word writes each paragraph on one line; blank lines vary between
renderings of the same text, so they carry no meaning and are dropped.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from ingest.cleanup import clean_line
from ingest.extracted import ExtractedText, Paragraph
from ingest.limits import DEFAULT_LIMITS, Limits, check_size
from ingest.records import IngestError

# Magic numbers of formats that are sometimes misnamed .txt.
_BINARY_SIGNATURES = (b"\x89PNG", b"%PDF", b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"\xff\xd8\xff")


def _binary_reason(data: bytes) -> str | None:
    """Why `data` is not text, or None.

    A NUL byte anywhere makes the file binary: no text in UTF-8 or cp1252 contains one,
    so it means a damaged or concatenated file, and indexing the rest of it with the NULs
    dropped would hide that. The control-character share is judged on the start only.
    """
    if data.startswith(_BINARY_SIGNATURES):
        return "binaire inhoud, geen tekst"
    nul = data.find(b"\x00")
    if nul >= 0:
        return f"binaire inhoud, geen tekst (NUL-byte op positie {nul})"
    sample = data[:8192]
    controls = sum(1 for byte in sample if byte < 32 and byte not in b"\n\r\t\f")
    return "binaire inhoud, geen tekst" if controls > len(sample) * 0.05 else None


def decode_text(data: bytes, source: str) -> tuple[str, list[str]]:
    """Text and warnings: UTF-8 first, cp1252 (Windows Word exports) as the fallback."""
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise IngestError(source, "geen geldige UTF-8- of cp1252-tekst") from error
    return text, [f"{source}: geen geldige UTF-8; als cp1252 gelezen"]


def paragraphs_from_text(text: str) -> list[Paragraph]:
    """Non-empty lines without conversion junk, each a paragraph."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    cleaned = (clean_line(line) for line in text.split("\n"))
    return [Paragraph(line) for line in cleaned if line]


def read_bytes(path: Path, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The bytes of a regular file, at most `limits.max_file_bytes` of them.

    Opened without blocking and checked on the open file itself, so a file swapped for a
    named pipe or a device after it was found cannot hang or flood the ingest.
    """
    source = str(path)
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError as error:
        raise IngestError(source, "bestand bestaat niet") from error
    except OSError as error:
        raise IngestError(source, f"niet te lezen ({error.strerror})") from error
    with os.fdopen(descriptor, "rb") as file:
        status = os.fstat(file.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise IngestError(source, "geen gewoon bestand")
        check_size(source, status.st_size, limits)
        try:
            data = file.read(limits.max_file_bytes + 1)
        except OSError as error:
            raise IngestError(source, f"niet te lezen ({error.strerror})") from error
    check_size(source, len(data), limits)  # it grew after the check
    if not data.strip():
        raise IngestError(source, "leeg bestand")
    return data


def extract(path: Path, limits: Limits = DEFAULT_LIMITS) -> ExtractedText:
    """The paragraphs of a plain-text file; IngestError when it is not usable text."""
    source = str(path)
    data = read_bytes(path, limits)
    binary = _binary_reason(data)
    if binary:
        raise IngestError(source, binary)
    text, warnings = decode_text(data, source)
    paragraphs = paragraphs_from_text(text)
    if not paragraphs:
        raise IngestError(source, "geen tekst over na het verwijderen van conversieresten")
    return ExtractedText(
        source=source,
        raw_fingerprint=hashlib.sha256(data).hexdigest(),
        paragraphs=paragraphs,
        format="txt",
        warnings=warnings,
    )
