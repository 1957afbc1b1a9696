"""A PDF read by pdfminer.six within bounds: inflated bytes, and depth of nesting.

pdfminer inflates each stream it needs whole, in memory, and keeps an entry for every
array or dictionary still open while it parses. A 1.1 MB PDF can so inflate to a
gigabyte, and a 1 MB run of "[" costs it 200 MB. Two of its classes are given ours,
which ask first:

- `_GuardedParser`, the parser of the file's objects, refuses an object nested deeper
  than `max_pdf_depth` and hands out `_GuardedStream`s for the streams it reads;
- `_GuardedStream.decode` inflates the stream once in chunks, counting against the
  file's `max_pdf_inflated_bytes`, before pdfminer decodes it; then the nesting depth of
  what pdfminer will parse of it (page contents, object streams, CMaps) is checked.

Streams pdfminer never decodes (images) cost nothing. `pages` is pdfminer's
`extract_pages` with these two classes.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable, Iterator
from io import BytesIO
from pathlib import Path
from typing import BinaryIO

from pdfminer.ascii85 import ascii85decode, asciihexdecode
from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LAParams, LTPage
from pdfminer.lzw import LZWDecoder
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import (
    LITERALS_ASCII85_DECODE,
    LITERALS_ASCIIHEX_DECODE,
    LITERALS_CCITTFAX_DECODE,
    LITERALS_DCT_DECODE,
    LITERALS_FLATE_DECODE,
    LITERALS_JBIG2_DECODE,
    LITERALS_JPX_DECODE,
    LITERALS_LZW_DECODE,
    LITERALS_RUNLENGTH_DECODE,
    PDFStream,
    int_value,
    resolve1,
)
from pdfminer.psparser import LIT, PSKeyword

from ingest.limits import MIB, Limits
from ingest.records import IngestError

_CHUNK = 1 << 20
# Filters whose data pdfminer hands on as it is (images it does not decode).
_PASSED_ON = (*LITERALS_DCT_DECODE, *LITERALS_JBIG2_DECODE, *LITERALS_JPX_DECODE)
# Streams that are not PDF syntax: pdfminer reads them as binary, or not at all.
_BINARY_TYPES = (LIT("XRef"), LIT("Metadata"), LIT("EmbeddedFile"))
_BINARY_SUBTYPES = (LIT("Image"), LIT("Type1C"), LIT("CIDFontType0C"), LIT("OpenType"))
# Outside a string: what opens or closes a level, a string, a hex string, a comment, or
# the binary data of an inline image (from "ID" to "EI", as pdfminer reads it).
_SYNTAX = re.compile(rb"[()\[\]{}<>%]|(?<=\s)ID\s")
_IN_STRING = re.compile(rb"[()\\]")
_LINE_END = re.compile(rb"[\r\n]")
_INLINE_END = re.compile(rb"\sEI(?=\s|$)")
_HEX_END = re.compile(rb">")


class _Budget:
    """What one PDF may still inflate, and the refusals that name the file."""

    def __init__(self, source: str, limits: Limits) -> None:
        self.source = source
        self.limits = limits
        self.left = limits.max_pdf_inflated_bytes

    def too_large(self) -> IngestError:
        mb = self.limits.max_pdf_inflated_bytes / MIB
        return IngestError(self.source, f"PDF pakt uit tot meer dan {mb:g} MB; niet geïndexeerd")

    def too_deep(self) -> IngestError:
        levels = self.limits.max_pdf_depth
        return IngestError(
            self.source, f"PDF met objecten dieper dan {levels} niveaus genest; niet geïndexeerd"
        )

    def capped(self, chunks: Iterable[bytes]) -> Iterator[bytes]:
        """`chunks` as they come, refused once together they pass what is left."""
        total = 0
        for chunk in chunks:
            total += len(chunk)
            if total > self.left:
                raise self.too_large()
            yield chunk

    def charge(self, stream: PDFStream, data: bytes) -> None:
        """Inflate `data` (the stream's deciphered bytes) through its filters, counting."""
        chunks: Iterable[bytes] = (data,)
        for name, _params in stream.get_filters():
            chunks = self.capped(self._stage(name, chunks))
        self.left -= sum(len(chunk) for chunk in chunks)

    def _stage(self, name: object, chunks: Iterable[bytes]) -> Iterable[bytes]:
        """One filter's output, as pdfminer's `PDFStream.decode` would make it."""
        if name in LITERALS_FLATE_DECODE:
            return _inflate(chunks)
        if name in LITERALS_LZW_DECODE:
            return LZWDecoder(BytesIO(b"".join(chunks))).run()
        if name in LITERALS_RUNLENGTH_DECODE:
            return _run_length(b"".join(chunks))
        if name in LITERALS_ASCII85_DECODE:  # at most 4 bytes out for each byte in
            return (ascii85decode(b"".join(chunks)),)
        if name in LITERALS_ASCIIHEX_DECODE:
            return (asciihexdecode(b"".join(chunks)),)
        if name in _PASSED_ON:
            return chunks
        if name in LITERALS_CCITTFAX_DECODE:
            # pdfminer would decode fax data whole, to a size the file does not bound;
            # text, fonts and object streams are never fax-encoded.
            reason = "PDF met een tekststroom in faxcodering (CCITTFaxDecode); niet geïndexeerd"
            raise IngestError(self.source, reason)
        return ()  # a filter pdfminer refuses itself (Crypt, unknown names)

    def check_depth(self, data: bytes) -> None:
        if nests_deeper_than(data, self.limits.max_pdf_depth):
            raise self.too_deep()


def _inflate(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """zlib data inflated a chunk at a time; a damaged end stops it, as it stops pdfminer."""
    inflater = zlib.decompressobj()
    for chunk in chunks:
        pending = chunk
        while True:  # a full chunk out may leave more to come, with or without input left
            try:
                out = inflater.decompress(pending, _CHUNK)
            except zlib.error:
                return
            pending = inflater.unconsumed_tail
            if out:
                yield out
            if inflater.eof:
                return
            if len(out) < _CHUNK:
                break


def _run_length(data: bytes) -> Iterator[bytes]:
    """RunLengthDecode a run at a time (a 2-byte run inflates to 128 bytes)."""
    index = 0
    while index < len(data) and data[index] != 128:
        length = data[index]
        if length < 128:
            yield data[index + 1 : index + 2 + length]
            index += length + 2
        else:
            yield data[index + 1 : index + 2] * (257 - length)
            index += 2


def _string_end(data: bytes, position: int) -> int:
    """Where a literal string that opened before `position` ends (they nest in pairs)."""
    open_parens = 1
    while match := _IN_STRING.search(data, position):
        position = match.end()
        char = match[0]
        if char == b"\\":
            position += 1
        elif char == b"(":
            open_parens += 1
        else:
            open_parens -= 1
            if open_parens == 0:
                return position
    return len(data)


def _skip_to(pattern: re.Pattern[bytes], data: bytes, position: int) -> int:
    found = pattern.search(data, position)
    return found.end() if found else len(data)


def nests_deeper_than(data: bytes, levels: int) -> bool:
    """True when arrays, dictionaries or procedures in `data` (PDF syntax) lie more than
    `levels` deep, read as pdfminer's tokenizer reads them: inside strings, hex strings,
    comments and inline images nothing counts."""
    if data.count(b"[") + data.count(b"<<") + data.count(b"{") <= levels:
        return False  # it cannot nest deeper than it opens; most streams end here
    depth = position = 0
    while match := _SYNTAX.search(data, position):
        position = match.end()
        token = match[0]
        if token in (b"<", b">") and data[position : position + 1] == token:
            token += token  # "<<" or ">>"
            position += 1
        if token == b"(":
            position = _string_end(data, position)
        elif token == b"%":
            position = _skip_to(_LINE_END, data, position)
        elif token.startswith(b"ID"):
            position = _skip_to(_INLINE_END, data, position - 1)
        elif token == b"<":  # a hex string
            position = _skip_to(_HEX_END, data, position)
        elif token in (b"[", b"{", b"<<"):
            depth += 1
            if depth > levels:
                return True
        elif token in (b"]", b"}", b">>"):
            depth = max(depth - 1, 0)
    return False


def _parsed_part(stream: PDFStream, data: bytes) -> bytes:
    """What pdfminer parses as PDF syntax of a decoded stream: all of it, the clear-text
    start of a Type 1 font program, or nothing of a binary one."""
    kind, subtype = resolve1(stream.get("Type")), resolve1(stream.get("Subtype"))
    if kind in _BINARY_TYPES or subtype in _BINARY_SUBTYPES:
        return b""
    if "Length2" in stream:  # Type 1 font program: pdfminer parses the first Length1 bytes
        return data[: int_value(resolve1(stream["Length1"]))]
    if "Length1" in stream:  # TrueType font program
        return b""
    return data


class _GuardedStream(PDFStream):
    def __init__(self, stream: PDFStream, budget: _Budget) -> None:
        super().__init__(stream.attrs, stream.rawdata or b"", stream.decipher)
        self.budget = budget

    def decode(self) -> None:
        data = self.rawdata or b""
        if self.decipher and self.objid is not None and self.genno is not None:
            data = self.decipher(self.objid, self.genno, data, self.attrs)
        self.budget.charge(self, data)
        super().decode()
        self.budget.check_depth(_parsed_part(self, self.data or b""))


class _GuardedParser(PDFParser):
    def __init__(self, fp: BinaryIO, budget: _Budget) -> None:
        super().__init__(fp)
        self.budget = budget

    def start_type(self, pos: int, type: str) -> None:
        super().start_type(pos, type)
        if len(self.context) > self.budget.limits.max_pdf_depth:
            raise self.budget.too_deep()

    def do_keyword(self, pos: int, token: PSKeyword) -> None:
        super().do_keyword(pos, token)
        if token is self.KEYWORD_STREAM and self.curstack:
            position, stream = self.curstack[-1]
            if isinstance(stream, PDFStream) and not isinstance(stream, _GuardedStream):
                self.curstack[-1] = (position, _GuardedStream(stream, self.budget))


def pages(path: Path, limits: Limits, laparams: LAParams) -> Iterator[LTPage]:
    """The laid-out pages of the PDF at `path`; IngestError naming it when a limit is
    passed, pdfminer's own errors otherwise."""
    budget = _Budget(str(path), limits)
    with open(path, "rb") as file:
        document = PDFDocument(_GuardedParser(file, budget))
        resources = PDFResourceManager(caching=True)
        device = PDFPageAggregator(resources, laparams=laparams)
        interpreter = PDFPageInterpreter(resources, device)
        for page in PDFPage.create_pages(document):
            interpreter.process_page(page)
            yield device.get_result()
