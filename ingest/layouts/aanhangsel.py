"""Kamervragen with their answers, as published in the Aanhangsel van de Handelingen.

    Vragen van het lid Keijzer (BBB) aan de Minister van … over … (ingezonden 11 maart 2024).
    Antwoord van Minister De Jonge (Binnenlandse Zaken …) (ontvangen 21 maart 2024).
    Vraag 1                     also one label for several: "Vraag 3, 4, 5 en 6"
    <question paragraphs>
    Antwoord 1                  also one answer to several: "Antwoord 3, 4, 5 en 6"
    <answer paragraphs>
    …
    Mededeling                  instead of answers: a delay, or an answer given elsewhere
    <text>

One record per answer block, with every question number it answers and its label as
printed. Questions labelled apart and answered together ("Vraag 5", "Vraag 6", "Antwoord
5 en 6") become one record whose parts keep each label and text; so do the paragraphs of
one label where there is a paragraph, a question, per number. A Mededeling is a record of
its own kind; the questions it concerns keep their records, without an answer. Every
record carries the askers and their parties (ingest.layouts.aanhangsel_header).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ingest.citations import session_of
from ingest.cleanup import join_paragraphs
from ingest.extracted import ExtractedText, Paragraph
from ingest.layouts import answer_cites, build_document
from ingest.layouts.aanhangsel_header import Header, parse_header
from ingest.metadata import Letterhead, official_id, parse_dutch_date
from ingest.records import MEDEDELING, PREAMBLE, QUESTION, Document, Footnote, Part, Record
from ingest.references import link_references, mentioned_numbers

NAME = "aanhangsel"

_NUMBER_LIST = r"\d{1,3}(?:\s*(?:,|en|&|t/m|tot en met|\s)\s*\d{1,3})*"
_LABEL = re.compile(
    rf"^(?P<kind>Vragen|Vraag|Antwoorden|Antwoord)\s+(?P<numbers>{_NUMBER_LIST})\s*[.:]?$",
    re.IGNORECASE,
)
_MEDEDELING = re.compile(r"^Mededeling\s*[.:]?$", re.IGNORECASE)
_RANGE = re.compile(r"(\d+)\s*(?:t/m|tot en met)\s*(\d+)")


def label_numbers(raw: str) -> tuple[list[int], str | None]:
    """The numbers of a label and what is odd about it, if anything.

    "3, 4 en 5" → [3, 4, 5]; "3 t/m 5" → [3, 4, 5]; "7, 8, 9 10 en 11" → [7, 8, 9, 10, 11]
    with the note that a comma is missing (nothing is dropped for it).
    """
    expanded = _RANGE.sub(lambda m: " , ".join(map(str, range(int(m[1]), int(m[2]) + 1))), raw)
    numbers = [int(n) for n in re.findall(r"\d+", expanded)]
    if re.search(r"\d\s+\d", expanded):
        return numbers, "mist een komma"
    if len(set(numbers)) != len(numbers) or numbers != sorted(numbers):
        return numbers, "noemt nummers dubbel of niet oplopend"
    return numbers, None


def format_label(numbers: list[int]) -> str:
    """ "Vraag 5 en 6" for a block whose questions were labelled apart."""
    if len(numbers) == 1:
        return f"Vraag {numbers[0]}"
    return f"Vraag {', '.join(map(str, numbers[:-1]))} en {numbers[-1]}"


@dataclass
class _Labelled:
    """A question label as printed, with the paragraphs under it."""

    numbers: list[int]
    label: str
    paragraphs: list[Paragraph] = field(default_factory=list)


@dataclass
class _Block:
    """Questions and the answer that serves them, while the text is read."""

    labelled: list[_Labelled]
    answer: list[Paragraph] | None = None  # None: not answered (yet)

    @property
    def numbers(self) -> list[int]:
        return list(dict.fromkeys(n for item in self.labelled for n in item.numbers))


@dataclass
class _Reading:
    """The state of reading the paragraphs after the header."""

    blocks: list[_Block] = field(default_factory=list)
    lead: list[Paragraph] = field(default_factory=list)  # text before the first label
    mededeling: list[Paragraph] | None = None
    problems: dict[str, None] = field(default_factory=dict)
    target: list[Paragraph] | None = None

    def __post_init__(self) -> None:
        self.target = self.lead

    def note(self, printed: str, numbers: list[int], problem: str | None) -> None:
        """One warning per odd list of numbers (a question and its answer share it)."""
        if problem:
            read = format_label(numbers).removeprefix("Vraag ")
            self.problems.setdefault(f"vraagnummers '{printed}' {problem}; gelezen als {read}")

    def question(self, numbers: list[int], label: str) -> None:
        item = _Labelled(numbers, label)
        self.blocks.append(_Block([item]))
        self.target = item.paragraphs

    def answer(self, numbers: list[int], label: str) -> None:
        """The answer to the open blocks it names: they merge into one block."""
        named = set(numbers)
        open_blocks = [b for b in self.blocks if b.answer is None and named & set(b.numbers)]
        if not open_blocks:
            self.problems.setdefault(f"{label} zonder vraag ervoor")
            open_blocks = [_Block([_Labelled(numbers, format_label(numbers))])]
            self.blocks.append(open_blocks[0])
        for block in open_blocks:
            self._split_off_unnamed(block, named)
        first = open_blocks[0]
        for other in open_blocks[1:]:
            first.labelled += other.labelled
            self.blocks.remove(other)
        unlabelled = [n for n in numbers if n not in first.numbers]
        if unlabelled:
            self.problems.setdefault(f"{label} noemt vraag {unlabelled} die niet in de tekst staat")
            first.labelled.append(_Labelled(unlabelled, format_label(unlabelled)))
        first.answer = []
        self.target = first.answer

    def _split_off_unnamed(self, block: _Block, named: set[int]) -> None:
        """ "Vraag 3, 4 en 5" answered by "Antwoord 3" and then "Antwoord 4 en 5": the
        numbers this answer leaves out stay open, with the same question text."""
        [item] = block.labelled  # an open block has one label: merging answers it
        rest = [n for n in item.numbers if n not in named]
        if rest:
            kept = [n for n in item.numbers if n in named]
            block.labelled = [_Labelled(kept, format_label(kept), item.paragraphs)]
            remainder = _Block([_Labelled(rest, format_label(rest), list(item.paragraphs))])
            self.blocks.insert(self.blocks.index(block) + 1, remainder)

    def add(self, paragraph: Paragraph) -> None:
        self.target.append(paragraph)


def _read(paragraphs: list[Paragraph]) -> _Reading:
    reading = _Reading()
    for paragraph in paragraphs:
        text = " ".join(paragraph.text.split())
        label = _LABEL.match(text)
        if label:
            numbers, problem = label_numbers(label["numbers"])
            reading.note(label["numbers"], numbers, problem)
            if label["kind"].lower().startswith("vra"):
                reading.question(numbers, text)
            else:
                reading.answer(numbers, text)
        elif _MEDEDELING.match(text):
            reading.mededeling = []
            reading.target = reading.mededeling
        else:
            reading.add(paragraph)
    return reading


def first_label(paragraphs: list[Paragraph]) -> int:
    for index, paragraph in enumerate(paragraphs):
        text = " ".join(paragraph.text.split())
        if _LABEL.match(text) or _MEDEDELING.match(text):
            return index
    return len(paragraphs)


def _parts(block: _Block) -> list[Part]:
    """Each question of a block with its own label, or its own paragraph per number."""
    if len(block.labelled) > 1:
        return [
            Part(item.numbers[0], item.label, join_paragraphs([p.text for p in item.paragraphs]))
            for item in block.labelled
        ]
    [item] = block.labelled
    texts = [p.text for p in item.paragraphs]
    if len(item.numbers) > 1 and len(texts) == len(item.numbers) and all("?" in t for t in texts):
        return [Part(n, f"Vraag {n}", t) for n, t in zip(item.numbers, texts, strict=True)]
    return []


def _notes(paragraphs: list[Paragraph]) -> list[Footnote]:
    return [note for p in paragraphs for note in p.footnotes]


def _record(block: _Block, header: Header, session: str | None) -> Record:
    question = [p for item in block.labelled for p in item.paragraphs]
    answer = block.answer or []
    notes = {note.number: note for note in _notes(question) + _notes(answer)}
    answer_text = join_paragraphs([p.text for p in answer])
    return Record(
        document_id="",
        numbers=block.numbers,
        kind=QUESTION,
        label=block.labelled[0].label if len(block.labelled) == 1 else format_label(block.numbers),
        parties=list(header.parties),
        askers=list(header.askers),
        question=join_paragraphs([p.text for p in question]),
        answer=answer_text,
        parts=_parts(block),
        cites=[*header.see_also, *answer_cites(answer_text, _notes(answer), session)],
        footnotes=[notes[n] for n in sorted(notes)],
    )


def _notice(
    text: list[Paragraph], reading: _Reading, header: Header, session: str | None
) -> Record:
    """The Mededeling as a record: about the questions it names, else the unanswered ones."""
    body = join_paragraphs([p.text for p in text])
    asked = [n for block in reading.blocks for n in block.numbers]
    unanswered = [n for b in reading.blocks if b.answer is None for n in b.numbers]
    named = [n for n in mentioned_numbers(body) if n in asked]
    numbers = named or unanswered
    if not numbers:
        reading.problems.setdefault("mededeling zonder vraagnummers; opgenomen zonder nummers")
    return Record(
        document_id="",
        numbers=numbers,
        kind=MEDEDELING,
        label="Mededeling",
        parties=list(header.parties),
        askers=list(header.askers),
        answer=body,
        cites=[*header.see_also, *answer_cites(body, _notes(text), session)],
        footnotes=_notes(text),
    )


def _records(reading: _Reading, header: Header, session: str | None) -> list[Record]:
    notice = reading.mededeling
    if notice is None and header.notice and reading.lead:
        notice, reading.lead = reading.lead, []  # "Mededeling van …" and its text, no label
    records = []
    if reading.lead:
        lead = join_paragraphs([p.text for p in reading.lead])
        records.append(
            Record(
                document_id="",
                kind=PREAMBLE,
                parties=list(header.parties),
                askers=list(header.askers),
                question=lead,
                footnotes=_notes(reading.lead),
            )
        )
    records += [_record(block, header, session) for block in reading.blocks]
    if notice is not None:
        records.append(_notice(notice, reading, header, session))
    elif unanswered := [r.number for r in records if r.kind == QUESTION and not r.answer]:
        reading.problems.setdefault(f"geen antwoord op vraag/vragen {unanswered}")
    return records


def parse(extracted: ExtractedText) -> Document | None:
    """The document, or None when the text lacks the Kamervragen header, or has neither
    questions nor a Mededeling after it."""
    official = official_id(extracted.metadata.get("identifier", ""), Path(extracted.source).stem)
    session = _session(official, extracted.metadata.get("vergaderjaar", ""))
    paragraphs = extracted.paragraphs
    header = parse_header(paragraphs, first_label(paragraphs), session)
    if header is None:
        return None
    reading = _read(paragraphs[header.end :])
    records = _records(reading, header, session)
    if not any(r.kind in (QUESTION, MEDEDELING) for r in records):
        return None
    issued = extracted.metadata.get("issued")
    head = Letterhead(
        date=header.received or (parse_dutch_date(issued) if issued else None),
        subject=header.subject,
        ministry=header.ministry,
        minister=header.minister,
    )
    document = build_document(extracted, NAME, records, head)
    document.submitted = header.submitted
    document.co_answerers = header.co_answerers
    document.ministries = header.ministries
    document.addressed_to = header.addressed_to
    document.warnings += [f"{extracted.source}: {p}" for p in (*header.problems, *reading.problems)]
    link_references(document.records)
    return document


def _session(official: str | None, vergaderjaar: str) -> str | None:
    """ "20232024" from the publication id, else from the metadata ("2023-2024")."""
    years = re.findall(r"\d{4}", vergaderjaar)
    return session_of(official or "") or ("".join(years) if len(years) == 2 else None)
