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
# A notice instead of answers: the answer is delayed, or given elsewhere (Kamervragen).
MEDEDELING = "mededeling"
KINDS = (QUESTION, PREAMBLE, FULLTEXT, MEDEDELING)


@dataclass(frozen=True)
class Footnote:
    """A footnote as printed under the text: number, text, and a link when it names one."""

    number: int
    text: str
    url: str | None = None


@dataclass(frozen=True)
class Person:
    """A member who asked (with the party printed beside the name), or an office-holder."""

    name: str
    party: str | None = None


@dataclass(frozen=True)
class Part:
    """A sub-question inside a record's block, where the source gives it a label or a
    paragraph of its own ("Vraag 6" answered together with "Vraag 5")."""

    number: int
    label: str
    question: str


@dataclass
class Record:
    """One searchable unit of a document: an answer block with the questions it answers.

    kind QUESTION: numbered question(s) with their answer; `numbers` holds every
      question number the block answers, in order ("Vraag 3, 4, 5 en 6").
    kind MEDEDELING: a notice instead of an answer (numbers: the questions it is about).
    kind PREAMBLE: the introduction under a party heading (no numbers).
    kind FULLTEXT: the whole text of a document whose layout was not recognised.
    """

    document_id: str
    numbers: list[int] = field(default_factory=list)
    kind: str = QUESTION
    label: str | None = None  # as printed: "Vraag 3, 4, 5 en 6"
    parties: list[str] = field(default_factory=list)
    askers: list[Person] = field(default_factory=list)  # members, where the source names them
    topic: str | None = None
    question: str = ""
    answer: str = ""
    parts: list[Part] = field(default_factory=list)
    refers_to: list[int] = field(default_factory=list)
    referred_by: list[int] = field(default_factory=list)
    # Other documents this answer points to ("Zie ook Aanhangsel Handelingen …, nr. 1999"),
    # by document id.
    cites: list[str] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    position: int = 0  # order of the record within its document
    # The answer says little more than "see the answer to question N" (ingest.references).
    pointer_only: bool = False

    @property
    def number(self) -> int | None:
        """The first question number, the one the record is named and linked by."""
        return self.numbers[0] if self.numbers else None

    @property
    def party(self) -> str | None:
        return self.parties[0] if self.parties else None

    @property
    def key(self) -> str:
        """Unique within the index: document id plus first number or position."""
        if self.number is not None:
            return f"{self.document_id}/{self.number}"
        return f"{self.document_id}/{self.kind}-{self.position}"


@dataclass
class Document:
    """A source file after parsing: its metadata and its records in order."""

    id: str
    source: str
    fingerprint: str
    layout: str
    date: date | None = None
    subject: str | None = None
    ministry: str | None = None  # full name: "Ministerie van Defensie"
    minister: str | None = None  # role and name: "Staatssecretaris Van Rij"
    reference: str | None = None
    records: list[Record] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Kamervragen: the date the questions were sent in ("ingezonden"); `date` is the answer's.
    submitted: date | None = None

    @property
    def parties(self) -> list[str]:
        seen: dict[str, None] = {}
        for record in self.records:
            for party in record.parties:
                seen.setdefault(party)
        return list(seen)

    @property
    def question_count(self) -> int:
        """Questions by number: "Vraag 3, 4, 5 en 6" answered in one record counts four."""
        return len({n for record in self.records for n in record.numbers})


class IngestError(Exception):
    """A file that cannot be ingested; the message names the file and the reason."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason

    def __reduce__(self) -> tuple[type, tuple[str, str]]:
        # Pickled as its two parts: a parsing worker process sends it to the indexer.
        return (type(self), (self.source, self.reason))
