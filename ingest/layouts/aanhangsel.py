"""Kamervragen with their answers, as published in the Aanhangsel van de Handelingen.

    Vragen van het lid Keijzer (BBB) aan de Minister van … over … (ingezonden 11 maart 2024).
    Antwoord van Minister De Jonge (Binnenlandse Zaken …) (ontvangen 21 maart 2024).
    Vraag 1                     also merged: "Vraag 3, 4 en 5"
    <question paragraphs>
    Antwoord 1                  also merged: "Antwoord 3, 4 en 5"
    <answer paragraphs>
    …
    Mededeling                  instead of answers: a delay, or an answer given elsewhere
    <text>

Every question carries the parties of all askers. The document id is the publication id
(printed on the page, given in the metadata, or the file name), its date the answer's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ingest.cleanup import join_paragraphs
from ingest.extracted import ExtractedText, Paragraph
from ingest.layouts import NumberedItem, build_document
from ingest.metadata import Letterhead, parse_dutch_date
from ingest.parties import canonical_party
from ingest.records import QUESTION, Document, Footnote, Record
from ingest.references import link_references

NAME = "aanhangsel"

_ASKED = re.compile(
    r"Vragen\s+van\s+(?:het\s+lid|de\s+leden)\s+(?P<askers>.+?)\s+aan\s+(?:de|het)\s+"
    r"(?P<addressee>.+?)\s+over\s+(?P<subject>.+?)\s*\(ingezonden\s+(?P<date>[^)]+)\)",
    re.IGNORECASE | re.DOTALL,
)
_ANSWERED = re.compile(
    r"\b(?P<kind>Antwoord|Mededeling)\s+van\s+(?P<who>.+?)\s*\(ontvangen\s+(?:\(ontvangen\s+)?"
    r"(?P<date>[^)]+)\)",
    re.IGNORECASE | re.DOTALL,
)
_ASKER = re.compile(r"(?P<name>[^(),]+?)\s*\((?P<party>[^()]+)\)")
_MINISTER = re.compile(r"(?P<title>(?:Minister|Staatssecretaris)\s[^()]+?)\s*\((?P<dept>[^()]+)\)")
_LABEL = re.compile(
    r"^(?P<kind>Vraag|Antwoord)\s+(?P<numbers>\d{1,3}(?:\s*(?:,|en|\s)\s*\d{1,3})*)\s*[.:]?$",
    re.IGNORECASE,
)
_MEDEDELING = re.compile(r"^Mededeling\s*[.:]?$", re.IGNORECASE)
PUBLICATION_ID = re.compile(r"\bah-tk-\d{8}-\d+\b", re.IGNORECASE)


@dataclass
class Header:
    askers: list[str]
    parties: list[str]
    addressee: str
    subject: str
    submitted: date | None
    received: date | None
    minister: str | None
    ministry: str | None
    header_end: int  # index of the first paragraph after the header


def _askers(text: str) -> tuple[list[str], list[str]]:
    """Names and canonical parties of "Mutluer (GroenLinks-PvdA) en Kostić (PvdD)"."""
    names, parties = [], []
    for match in _ASKER.finditer(text):
        names.append(re.sub(r"^(?:en|,)\s+", "", match["name"].strip()))
        party = canonical_party(match["party"])
        if party not in parties:
            parties.append(party)
    return names, parties


def _first_label(paragraphs: list[Paragraph]) -> int:
    for index, paragraph in enumerate(paragraphs):
        if _LABEL.match(paragraph.text.strip()):
            return index
    return len(paragraphs)


def parse_header(paragraphs: list[Paragraph]) -> Header | None:
    """The "Vragen van …" and "Antwoord van …" sentences, or None when they are not there.

    Both are searched in the text before the first "Vraag N" as one string: a PDF may cut
    either sentence into several paragraphs where a line happens to end short.
    """
    end = _first_label(paragraphs)
    text = " ".join(p.text.strip() for p in paragraphs[:end])
    start = re.search(r"\bVragen\s+van\s+(?:het\s+lid|de\s+leden)\b", text)
    asked = _ASKED.match(text, start.start()) if start else None
    if asked is None:
        return None
    askers, parties = _askers(asked["askers"])
    answered = _ANSWERED.search(text, asked.end())
    minister = _MINISTER.search(answered["who"]) if answered else None
    return Header(
        askers=askers,
        parties=parties,
        addressee=re.sub(r"\s+", " ", asked["addressee"]),
        subject=re.sub(r"\s+", " ", asked["subject"]),
        submitted=parse_dutch_date(asked["date"]),
        received=parse_dutch_date(answered["date"]) if answered else None,
        minister=minister["title"].strip() if minister else None,
        ministry=_ministry(minister["dept"]) if minister else None,
        header_end=end,
    )


def _ministry(department: str) -> str:
    """ "Financiën – Fiscaliteit en Belastingdienst" → "Ministerie van Financiën"."""
    return "Ministerie van " + re.split(r"\s+[–-]\s+", department.strip())[0]


def label_numbers(raw: str) -> list[int]:
    """ "3, 4 en 5" → [3, 4, 5]; "7, 8, 9 10 en 11" (a missing comma) → [7, 8, 9, 10, 11]."""
    return [int(n) for n in re.findall(r"\d+", raw)]


def _segment(paragraphs: list[Paragraph]) -> tuple[list[NumberedItem], list[Paragraph] | None]:
    """Questions with their answers, and the text of a Mededeling if there is one."""
    items: list[NumberedItem] = []
    mededeling: list[Paragraph] | None = None
    for paragraph in paragraphs:
        label = _LABEL.match(paragraph.text.strip())
        if label and label["kind"].lower() == "vraag":
            items.append(NumberedItem(label_numbers(label["numbers"])))
        elif label:
            _open_answer(items, label_numbers(label["numbers"]))
        elif _MEDEDELING.match(paragraph.text.strip()):
            mededeling = []
        elif mededeling is not None:
            mededeling.append(paragraph)
        elif items:
            target = items[-1]
            (target.answer if target.answered else target.question).append(paragraph)
    return items, mededeling


def _open_answer(items: list[NumberedItem], numbers: list[int]) -> None:
    """Start the answer to the question(s) named; one answer to separate questions merges them."""
    covered = [item for item in items if set(item.numbers) & set(numbers) and not item.answered]
    if not covered:
        items.append(NumberedItem(numbers, answered=True))  # an answer without its question
        return
    first = covered[0]
    for other in covered[1:]:
        first.numbers += [n for n in other.numbers if n not in first.numbers]
        first.question += other.question
        items.remove(other)
    first.answered = True
    # Later text belongs to this answer: move it to the end so appending continues here.
    items.remove(first)
    items.append(first)


def _notes(paragraphs: list[Paragraph]) -> list[Footnote]:
    return [note for p in paragraphs for note in p.footnotes]


def _record(item: NumberedItem, parties: list[str], mededeling: list[Paragraph] | None) -> Record:
    answer = item.answer if item.answer else (mededeling or [])
    notes = {note.number: note for note in _notes(item.question) + _notes(answer)}
    return Record(
        document_id="",
        numbers=list(item.numbers),
        kind=QUESTION,
        parties=list(parties),
        question=join_paragraphs([p.text for p in item.question]),
        answer=join_paragraphs([p.text for p in answer]),
        footnotes=[notes[n] for n in sorted(notes)],
    )


def publication_id(extracted: ExtractedText) -> str | None:
    """ "ah-tk-20232024-1292" from the metadata, else the file name."""
    for candidate in (extracted.metadata.get("identifier", ""), Path(extracted.source).stem):
        match = PUBLICATION_ID.search(candidate)
        if match:
            return match.group(0).lower()
    return None


def parse(extracted: ExtractedText) -> Document | None:
    """The document, or None when the text lacks the Kamervragen header or numbered questions."""
    header = parse_header(extracted.paragraphs)
    if header is None:
        return None
    items, mededeling = _segment(extracted.paragraphs[header.header_end :])
    if not items:
        return None
    records = [_record(item, header.parties, mededeling) for item in items]
    issued = extracted.metadata.get("issued")
    head = Letterhead(
        date=header.received or (parse_dutch_date(issued) if issued else None),
        subject=header.subject,
        ministry=header.ministry,
        minister=header.minister,
    )
    document = build_document(extracted, NAME, records, head)
    document.submitted = header.submitted
    document.id = publication_id(extracted) or document.id
    for record in document.records:
        record.document_id = document.id
    unanswered = [r.number for r in document.records if not r.answer]
    if unanswered:
        document.warnings.append(f"{extracted.source}: geen antwoord op vraag/vragen {unanswered}")
    link_references(document.records)
    return document
