"""Hostile PDFs made by hand, and what refusing one costs.

    python -m bench.hostile_pdf [--mib 1024] [--nesting 1000000]

Writes a 1.1 MB PDF whose one content stream inflates to `--mib` MiB, and one whose page
dictionary nests `--nesting` arrays, then reads each with `ingest.parse_file` in a
process of its own (so the peak memory is that file's alone) and prints seconds, peak
RSS and the outcome, beside a real Aanhangsel PDF for the baseline. The tests build
their hostile PDFs with the functions here.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Sequence
from pathlib import Path

FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
TEXT = b"BT /F1 12 Tf 72 712 Td (Vraag 1 Wat kost de bom?) Tj ET\n"
REAL_PDF = Path(__file__).resolve().parents[1] / "tests/fixtures/aanhangsel/ah-tk-20232024-1292.pdf"


def pdf(contents: bytes, stream_keys: bytes = b"", page_keys: bytes = b"") -> bytes:
    """A one-page PDF with `contents` as its content stream, byte offsets all correct.

    `stream_keys` go into the stream's dictionary (a /Filter), `page_keys` into the page's.
    """
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> " + page_keys + b">>",
        b"<< /Length %d %s>>\nstream\n%s\nendstream" % (len(contents), stream_keys, contents),
        FONT,
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def pdf_with_object_stream(contents: bytes, resources: bytes) -> bytes:
    """A one-page PDF 1.5 whose page resources (object 6) sit compressed in an object
    stream (object 5), found through an xref stream (object 7), as modern writers do."""
    plain = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources 6 0 R >>",
        4: b"<< /Length %d >>\nstream\n%s\nendstream" % (len(contents), contents),
    }
    packed = zlib.compress(b"6 0 " + resources)
    plain[5] = (
        b"<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d >>\n" % len(packed)
        + b"stream\n%s\nendstream" % packed
    )
    out = bytearray(b"%PDF-1.5\n")
    rows = [bytes([0]) + (0).to_bytes(4, "big") + (65535).to_bytes(2, "big")]
    for number, body in plain.items():
        rows.append(bytes([1]) + len(out).to_bytes(4, "big") + bytes(2))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    rows.append(bytes([2]) + (5).to_bytes(4, "big") + (0).to_bytes(2, "big"))  # object 6
    xref = len(out)
    rows.append(bytes([1]) + xref.to_bytes(4, "big") + bytes(2))  # object 7 itself
    table = b"".join(rows)
    out += b"7 0 obj\n<< /Type /XRef /Size 8 /W [1 4 2] /Root 1 0 R /Length %d >>\n" % len(table)
    out += b"stream\n%s\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % (table, xref)
    return bytes(out)


def deflated_copies(unit: bytes, copies: int) -> bytes:
    """A zlib stream of `unit` repeated `copies` times, without compressing them all.

    After a full flush the compressor starts afresh, so every copy compresses to the
    same bytes; only the checksum at the end covers the whole.
    """
    compressor = zlib.compressobj(9)
    first = compressor.compress(unit) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(unit) + compressor.flush(zlib.Z_FULL_FLUSH)
    header, body = first[:2], first[2:]
    assert body == block, "the compressor did not start afresh after the flush"
    checksum = 1
    for _ in range(copies):
        checksum = zlib.adler32(unit, checksum)
    return header + block * copies + b"\x03\x00" + checksum.to_bytes(4, "big")


def bomb(inflated_mib: int) -> bytes:
    """A PDF whose content stream inflates to `inflated_mib` MiB of text and spaces."""
    unit = TEXT.ljust(1 << 20, b" ")
    return pdf(deflated_copies(unit, inflated_mib), b"/Filter /FlateDecode ")


def nested(levels: int) -> bytes:
    """A PDF whose page dictionary holds arrays nested `levels` deep."""
    return pdf(TEXT, page_keys=b"/Nest " + b"[" * levels + b"]" * levels + b" ")


def _child(path: Path) -> None:
    from ingest import parse_file
    from ingest.records import IngestError

    started = time.perf_counter()
    try:
        document = parse_file(path)
        outcome = f"ingelezen: {document.question_count} vraag/vragen"
    except IngestError as error:
        outcome = f"geweigerd: {error.reason}"
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": round(seconds, 2), "peak_mib": round(peak), "outcome": outcome}))


def measure(path: Path) -> dict:
    """parse_file on `path` in a fresh interpreter: seconds, peak RSS in MiB, outcome."""
    command = [sys.executable, "-m", "bench.hostile_pdf", "--child", str(path)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.splitlines()[-1])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mib", type=int, default=1024)
    parser.add_argument("--nesting", type=int, default=1_000_000)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(args.child)
        return 0
    with tempfile.TemporaryDirectory() as work:
        cases = {"real": REAL_PDF}
        for name, data in (("bomb", bomb(args.mib)), ("nested", nested(args.nesting))):
            cases[name] = Path(work) / f"{name}.pdf"
            cases[name].write_bytes(data)
        for name, path in cases.items():
            size = path.stat().st_size
            print(json.dumps({"case": name, "file_bytes": size, **measure(path)}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
