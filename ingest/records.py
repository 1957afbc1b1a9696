"""Plain records that ingest produces and the index consumes.

Nothing here knows about Whoosh: the index turns these into documents, the
search layer turns stored fields back into dicts of the same shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

QUESTION = "question"
PREAMBLE = "preamble"
FULLTEXT = "fulltext"


@dataclass(frozen=True)
class Footnote:
    """A footnote as printed under the text: number, text, and a link when it names one."""

    number: int
    text: str
    url: str | None = None


@dataclass
class Question:
    """One searchable unit of a document.

    kind QUESTION: a numbered question with its answer.
    kind PREAMBLE: the introduction under a party heading (number is None).
    kind FULLTEXT: the whole text of a document whose layout was not recognised.
    """

    document_id: str
    number: int | None
    kind: str = QUESTION
    parties: list[str] = field(default_factory=list)
    topic: str | None = None
    question: str = ""
    answer: str = ""
    # Other question numbers this same answer covers ("Vraag 2 en 3" in Kamervragen).
    also_numbers: list[int] = field(default_factory=list)
    refers_to: list[int] = field(default_factory=list)
    referred_by: list[int] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    position: int = 0  # order of the record within its document

    @property
    def party(self) -> str | None:
        return self.parties[0] if self.parties else None

    @property
    def key(self) -> str:
        """Unique within the index: document id plus number or position."""
        if self.number is not None:
            return f"{self.document_id}/{self.number}"
        return f"{self.document_id}/{self.kind}-{self.position}"


@dataclass
class Document:
    """A source file after parsing: its metadata and its questions in order."""

    id: str
    source: str
    fingerprint: str
    layout: str
    date: date | None = None
    subject: str | None = None
    sender: str | None = None  # the ministry
    minister: str | None = None
    reference: str | None = None
    questions: list[Question] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Kamervragen: the date the questions were sent in ("ingezonden"); `date` is the answer's.
    submitted: date | None = None

    @property
    def parties(self) -> list[str]:
        seen: dict[str, None] = {}
        for record in self.questions:
            for party in record.parties:
                seen.setdefault(party)
        return list(seen)

    @property
    def question_count(self) -> int:
        return sum(1 for record in self.questions if record.kind == QUESTION)


class IngestError(Exception):
    """A file that cannot be ingested; the message names the file and the reason."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason

    def __reduce__(self) -> tuple[type, tuple[str, str]]:
        # Pickled as its two parts: a parsing worker process sends it to the indexer.
        return (type(self), (self.source, self.reason))
