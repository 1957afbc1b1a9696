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
# What a document's id is made from (Document.id_basis; ingest.metadata.document_id).
ID_OFFICIAL = "official"  # a publication id: "ah-tk-20232024-1999"
ID_REFERENCE = "reference"  # date and the ministry's kenmerk
ID_CONTENT = "content"  # date and content fingerprint: it changes when the text does
# The texts of a record a footnote marker can stand in (Footnote.anchors).
QUESTION_FIELD = "question"
ANSWER_FIELD = "answer"


@dataclass(frozen=True)
class Footnote:
    """A footnote as printed under the text: number, text, a link when it names one, and
    where its marker stood in the record: (QUESTION_FIELD or ANSWER_FIELD, offset) with
    the offset into that text right after the word the marker followed (ingest.markers).
    No anchors: the marker stood elsewhere (a heading, the letterhead), or nowhere."""

    number: int
    text: str
    url: str | None = None
    anchors: tuple[tuple[str, int], ...] = ()


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
    kind MEDEDELING: a notice instead of an answer (a delay, an answer given elsewhere),
      its text in `answer`, where the answer it stands in for would be; `numbers` are the
      questions it is about, which keep records of their own (kind QUESTION, without an
      answer): a number names one QUESTION record, never a MEDEDELING.
    kind PREAMBLE: the introduction under a party heading, or before the questions
      (no numbers).
    kind FULLTEXT: the whole text of a document whose layout was not recognised.

    refers_to and referred_by hold record numbers (`number`, the first of a block): "zie
    mijn antwoord 4, 5 en 6" under question 7 refers to the record of "Vraag 3, 4, 5 en 6",
    so refers_to is [3].
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
        """Unique within the index: document id plus first number (a question) or kind
        and position (any other record, a Mededeling too: its numbers are its questions')."""
        if self.kind == QUESTION and self.number is not None:
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
    # The ministry of the office-holder who answers, full name: "Ministerie van Financiën".
    ministry: str | None = None
    # Role and name of the office-holder who answers (and signs): "Staatssecretaris Van
    # Rij". An answer given "mede namens" others names those in `co_answerers`, not here.
    minister: str | None = None
    reference: str | None = None
    records: list[Record] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Kamervragen: the date the questions were sent in ("ingezonden"); `date` is the answer's.
    submitted: date | None = None
    # Who else answers, as printed: a second office-holder ("Minister Schreinemacher"), or
    # an office answered for ("Minister voor Buitenlandse Handel en Ontwikkelingssamenwerking"
    # of "mede namens de Minister voor …").
    co_answerers: list[str] = field(default_factory=list)
    # Every ministry the answer comes from, full names: `ministry` first, then those of
    # the co_answerers.
    ministries: list[str] = field(default_factory=list)
    # Kamervragen: the ministries the questions were addressed to ("aan de Minister van …").
    addressed_to: list[str] = field(default_factory=list)
    id_basis: str = ID_CONTENT  # what the id was made from: ID_OFFICIAL, ID_REFERENCE, …

    @property
    def parties(self) -> list[str]:
        seen: dict[str, None] = {}
        for record in self.records:
            for party in record.parties:
                seen.setdefault(party)
        return list(seen)

    @property
    def cites(self) -> list[str]:
        """Ids of the other documents the records cite, each once, in order."""
        return list(dict.fromkeys(doc_id for record in self.records for doc_id in record.cites))

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
