"""Answer letter to a schriftelijk overleg: questions grouped under party headings.

    Vragen en opmerkingen van de leden van de D66-fractie
    <preamble paragraphs>
    Vraag 1
    [short topic heading]
    <question paragraphs>
    Antwoord
    <answer paragraphs>

Everything before the first party heading is letterhead and letter body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.cleanup import join_paragraphs
from ingest.extracted import ExtractedText, Paragraph
from ingest.footnotes import extract_inline_footnotes
from ingest.layouts import answer_cites, build_document
from ingest.markers import unmarked
from ingest.metadata import parse_letterhead
from ingest.parties import canonical_party
from ingest.records import PREAMBLE, QUESTION, Document, Footnote, Record
from ingest.references import link_references

NAME = "schriftelijk_overleg"

_PARTY_HEADING = re.compile(
    r"^(?:inbreng|vragen|opmerkingen)(?:\s+en\s+(?:vragen|opmerkingen))?\s+"
    r"van\s+de\s+leden\s+van\s+(?:de\s+)?(?P<party>[^.?!]+?)\s*:?$",
    re.IGNORECASE,
)
_QUESTION = re.compile(r"^vraag\s+(?P<number>\d{1,3})\s*[.:]?(?:\s*:\s*(?P<rest>.+))?$", re.I)
_ANSWER = re.compile(r"^antwoord\s*[.:]?(?:\s*:\s*(?P<rest>.+))?$", re.IGNORECASE)
_FINAL_PUNCTUATION = (".", "?", "!", ":", ";", ",")


@dataclass
class _Section:
    """Paragraphs gathered for one record while walking the text."""

    kind: str
    party: str | None
    number: int | None = None
    question: list[Paragraph] = field(default_factory=list)
    answer: list[Paragraph] = field(default_factory=list)
    in_answer: bool = False

    def add(self, paragraph: Paragraph) -> None:
        (self.answer if self.in_answer else self.question).append(paragraph)


def is_topic_heading(text: str) -> bool:
    """A heading by shape: short, capitalised, no final punctuation, not a sentence."""
    words = text.split()
    return (
        0 < len(words) <= 10
        and len(text) <= 100
        and text[0].isupper()
        and not text.endswith(_FINAL_PUNCTUATION)
        and not re.search(r"[.?!]\s", text)
    )


def _party_heading(text: str) -> str | None:
    text = unmarked(text)
    match = _PARTY_HEADING.match(text)
    if not match or len(text.split()) > 16:
        return None
    return canonical_party(match["party"])


def _first_heading(paragraphs: list[Paragraph]) -> int | None:
    for index, paragraph in enumerate(paragraphs):
        if _party_heading(paragraph.text):
            return index
    return None


def _segment(paragraphs: list[Paragraph], furniture: set[str]) -> list[_Section]:
    """Walk the Q&A part and cut it into sections at party, question and answer lines."""
    sections: list[_Section] = []
    party: str | None = None
    for paragraph in paragraphs:
        text = paragraph.text.strip()
        if text.casefold() in furniture:
            continue  # running header/footer such as the ministry's name
        heading, question, answer = _party_heading(text), _QUESTION.match(text), _ANSWER.match(text)
        current = sections[-1] if sections else None
        if heading:
            party = heading
            sections.append(_Section(PREAMBLE, party))
        elif question:
            sections.append(_Section(QUESTION, party, int(question["number"])))
            if question["rest"]:
                sections[-1].add(Paragraph(question["rest"]))
        elif answer and current and current.kind == QUESTION and not current.in_answer:
            current.in_answer = True
            if answer["rest"]:
                current.add(Paragraph(answer["rest"]))
        elif current:
            current.add(paragraph)
    return sections


def _text_and_notes(paragraphs: list[Paragraph]) -> tuple[str, list[Footnote]]:
    text, inline = extract_inline_footnotes(join_paragraphs([p.text for p in paragraphs]))
    return text, inline + [note for p in paragraphs for note in p.footnotes]


def _record(section: _Section) -> Record | None:
    question = section.question
    topic = None
    # A heading needs question text after it; a lone short line is the question itself.
    if section.kind == QUESTION and len(question) >= 2 and is_topic_heading(question[0].text):
        topic, question = question[0].text.strip(), question[1:]
    question_text, question_notes = _text_and_notes(question)
    answer_text, answer_notes = _text_and_notes(section.answer)
    if section.kind == PREAMBLE and not question_text:
        return None  # a heading directly followed by "Vraag": no preamble
    return Record(
        document_id="",
        numbers=[] if section.number is None else [section.number],
        kind=section.kind,
        label=None if section.number is None else f"Vraag {section.number}",
        parties=[section.party] if section.party else [],
        topic=topic,
        question=question_text,
        answer=answer_text,
        cites=answer_cites(answer_text, answer_notes),
        footnotes=sorted({*question_notes, *answer_notes}, key=lambda note: note.number),
    )


def parse(extracted: ExtractedText) -> Document | None:
    """The document, or None when the text has no party headings with numbered questions."""
    start = _first_heading(extracted.paragraphs)
    if start is None:
        return None
    head = parse_letterhead(extracted.paragraphs[:start])
    furniture = {head.ministry.casefold()} if head.ministry else set()
    sections = _segment(extracted.paragraphs[start:], furniture)
    if not any(section.kind == QUESTION for section in sections):
        return None
    records = [record for record in map(_record, sections) if record is not None]
    document = build_document(extracted, NAME, records, head)
    link_references(document.records)
    return document
