"""Lijst van vragen en antwoorden: a committee's numbered questions, answered in one list.

The question labels seen in such lists:

    Vraag 1:  <question>        "Vraag 1" on its own line, or with the text after a colon
    1                           a bare number on its own line before the question
    1, 32                       one answer to two questions

and the answer labels: "Antwoord:", "Antwoord 1", "Antwoord op vraag 1:". There are no
parties: the questions come from a committee as a whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.cleanup import join_paragraphs
from ingest.extracted import ExtractedText, Paragraph
from ingest.layouts import answer_cites, build_document
from ingest.markers import unmarked
from ingest.metadata import Letterhead, parse_dutch_date, parse_letterhead
from ingest.records import QUESTION, Document, Record
from ingest.references import link_references

NAME = "lijst"

_NUMBERS = r"(?P<numbers>\d{1,4}(?:\s*(?:,|en)\s*\d{1,4})*)"
_VRAAG = re.compile(rf"^Vraag\s+{_NUMBERS}\s*[.:]?(?:\s*(?P<rest>.+))?$", re.IGNORECASE)
_BARE = re.compile(rf"^{_NUMBERS}\s*[.:]?$")
_ANTWOORD = re.compile(
    rf"^Antwoord(?:\s+op\s+(?:de\s+)?vra(?:ag|gen))?(?:\s+{_NUMBERS})?\s*[.:]?(?:\s*(?P<rest>.+))?$",
    re.IGNORECASE,
)
_TITLE = re.compile(r"\blijst\s+van\s+(?:vragen\s+en\s+antwoorden|feitelijke\s+vragen)\b", re.I)


@dataclass
class NumberedItem:
    """One numbered question with its answer while the list is read.

    `numbers` has more than one entry where one answer serves several questions ("1, 32").
    """

    numbers: list[int]
    label: str  # "Vraag 1", or for a bare "1, 32" the same words: "Vraag 1, 32"
    question: list[Paragraph] = field(default_factory=list)
    answer: list[Paragraph] = field(default_factory=list)
    answered: bool = False


def _numbers(raw: str) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", raw)]


def _question_label(text: str) -> tuple[list[int], str, str | None] | None:
    """Numbers, label and the question text on the label's line, if any."""
    match = _VRAAG.match(text) or _BARE.match(text)
    if not match:
        return None
    return _numbers(match["numbers"]), f"Vraag {match['numbers']}", match.groupdict().get("rest")


def _segment(paragraphs: list[Paragraph]) -> list[NumberedItem]:
    items: list[NumberedItem] = []
    for paragraph in paragraphs:
        text = paragraph.text.strip()
        question = _question_label(text)
        answer = _ANTWOORD.match(text)
        current = items[-1] if items else None
        if question:
            items.append(NumberedItem(question[0], question[1]))
            if question[2]:
                items[-1].question.append(Paragraph(question[2], footnotes=paragraph.footnotes))
        elif answer and current and not current.answered:
            current.answered = True
            if answer["rest"]:
                current.answer.append(Paragraph(answer["rest"], footnotes=paragraph.footnotes))
        elif current:
            (current.answer if current.answered else current.question).append(paragraph)
    return items


def _record(item: NumberedItem) -> Record:
    notes = {n.number: n for p in item.question + item.answer for n in p.footnotes}
    answer = join_paragraphs([p.text for p in item.answer])
    return Record(
        document_id="",
        numbers=list(item.numbers),
        kind=QUESTION,
        label=item.label,
        question=join_paragraphs([p.text for p in item.question]),
        answer=answer,
        cites=answer_cites(answer, [n for p in item.answer for n in p.footnotes]),
        footnotes=[notes[n] for n in sorted(notes)],
    )


def _plausible(items: list[NumberedItem], titled: bool) -> bool:
    """Answered questions numbered upwards: a list, not numbers that happen to stand alone."""
    answered = [item for item in items if item.answered and item.question]
    firsts = [item.numbers[0] for item in items]
    ascending = all(a < b for a, b in zip(firsts, firsts[1:], strict=False))
    return bool(answered) and ascending and (titled or len(answered) >= 2)


def _head(extracted: ExtractedText, titled_at: int | None) -> Letterhead:
    head = parse_letterhead(extracted.paragraphs)
    meta = extracted.metadata
    subject = meta.get("title") or (
        unmarked(extracted.paragraphs[titled_at].text) if titled_at is not None else head.subject
    )
    issued = parse_dutch_date(meta.get("issued", "")) if meta.get("issued") else None
    return Letterhead(
        date=issued or head.date,
        subject=subject,
        reference=meta.get("identifier") or head.reference,
        ministry=head.ministry,
        minister=head.minister,
    )


def parse(extracted: ExtractedText) -> Document | None:
    """The list as a Document, or None when the text is not a numbered list of Q&A."""
    paragraphs = extracted.paragraphs
    titled_at = next((i for i, p in enumerate(paragraphs[:40]) if _TITLE.search(p.text)), None)
    items = _segment(paragraphs[titled_at + 1 :] if titled_at is not None else paragraphs)
    if not _plausible(items, titled_at is not None):
        return None
    records = [_record(item) for item in items if item.question]
    head = _head(extracted, titled_at)
    document = build_document(extracted, NAME, records, head)
    link_references(document.records)
    return document
