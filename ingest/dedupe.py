"""Duplicates by content: the same question twice in one file, the same document twice.

Converted files can hold the same text twice (two renderings with different blank lines),
and the same letter arrives as .txt and .pdf. Byte hashes cannot see that; a fingerprint
of the parsed content, whitespace and case ignored, can.
"""

from __future__ import annotations

import hashlib

from ingest.records import QUESTION, Record


def normalise(text: str | None) -> str:
    """Content for comparison: case and all whitespace differences ignored."""
    return " ".join((text or "").split()).casefold()


def record_key(record: Record) -> tuple[object, ...]:
    """What makes two records the same record, wherever they sit in the file."""
    return (
        record.kind,
        tuple(record.numbers),
        tuple(record.parties),
        normalise(record.topic),
        normalise(record.question),
        normalise(record.answer),
    )


def deduped(records: list[Record]) -> tuple[list[Record], list[str], str]:
    """Records without repeats (first kept), notes on conflicting repeats, and the
    content fingerprint of the records kept: each record's key, most of the work, made
    once for both.

    A question number answered again with other content is a conflict, not a rendering
    twin: the first is kept and the note says so, so the reader can look at the file. (A
    Mededeling names the numbers of questions it is about; that is no conflict.)
    """
    seen: set[tuple[object, ...]] = set()
    numbers: set[int] = set()
    kept: list[Record] = []
    notes: list[str] = []
    digest = hashlib.sha256()  # the fingerprint: equal for the same letter in any format
    for record in records:
        key = record_key(record)
        if key in seen:
            continue
        seen.add(key)
        if record.kind == QUESTION:
            again = [n for n in record.numbers if n in numbers]
            if again:
                notes.append(
                    f"vraag {again[0]} komt twee keer voor met verschillende tekst;"
                    " de eerste behouden"
                )
                continue
            numbers.update(record.numbers)
        kept.append(record)
        digest.update(repr(key).encode("utf-8"))
    return kept, notes, digest.hexdigest()
