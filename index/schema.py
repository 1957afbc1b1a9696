"""The Whoosh schema: which fields a record has, how each is analysed and weighed.

BM25F weighs the fields by their boost. A match in the topic heading or the
question counts at least as much as one in the answer; the `resolved` field
(the text a pointer-only answer points to) counts for less, so question 10
("Zie het antwoord op vraag 1.") is found through answer 1 but below it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from whoosh import fields

from index.analysis import compound_analyzer, dutch_analyzer, exact_analyzer
from index.formats import FastFrequency, FastPositions

# Fields searched by a plain query, with their BM25F boosts.
SEARCH_FIELDS: dict[str, float] = {
    "topic": 2.0,
    "question": 1.5,
    "answer": 1.0,
    "resolved": 0.3,
    "exact": 1.2,
    # Compound parts (begrotingssteun → steun): found, but below a whole-word match.
    "parts": 0.4,
}
# Fields a phrase is looked for in (with positions in index.postings); elsewhere a
# phrase finds nothing new: the exact copy and the parts repeat these texts.
PHRASE_FIELDS = ("topic", "question", "answer")
# Fields that only widen a search; an exact search (expansion off) leaves them out.
EXPANSION_FIELDS = ("parts",)
# Fields holding a record's whole text: its topic, question and answer joined by newlines
# (`joined`). The bulk writer (index.bulk) reuses the tokens of the parts for them.
CONTENT_FIELDS = ("topic", "question", "answer")
COPY_FIELDS = {"exact": CONTENT_FIELDS, "parts": CONTENT_FIELDS}


def joined(values: Iterable[str | None]) -> str:
    """The text of a copy field: the non-empty values, one per line."""
    return "\n".join(v for v in values if v)


def build_schema(stemmer: str = "kp") -> fields.Schema:
    """One schema per index; the stemmer is recorded with it so queries use the same one."""
    analyzer = dutch_analyzer(stemmer)
    return fields.Schema(
        key=fields.ID(stored=True, unique=True),
        document=fields.ID(stored=True, sortable=True),
        number=fields.NUMERIC(stored=True, sortable=True, bits=32),
        position=fields.NUMERIC(stored=True, sortable=True, bits=32),
        kind=fields.ID(stored=True),
        # Several parties can ask one question together; comma-separated keywords.
        party=fields.KEYWORD(stored=True, commas=True, scorable=False, lowercase=False),
        date=fields.DATETIME(stored=True, sortable=True),
        topic=_text(analyzer, "topic", stored=True),
        question=_text(analyzer, "question", stored=True),
        answer=_text(analyzer, "answer", stored=True),
        resolved=_text(analyzer, "resolved"),
        # Unstemmed copy of topic, question and answer: an exact word or code match scores
        # here on top of the stemmed match, so it ranks above a match through a stem only.
        exact=_text(exact_analyzer(), "exact"),
        # Only the parts of compounds in topic, question and answer (index.decompound).
        parts=_text(compound_analyzer(stemmer), "parts"),
        # Stored only: what the pages and the JSON show.
        parties=fields.STORED,
        also_numbers=fields.STORED,
        refers_to=fields.STORED,
        referred_by=fields.STORED,
        footnotes=fields.STORED,
    )


def _text(analyzer: Any, name: str, stored: bool = False) -> fields.TEXT:
    """A text field with its BM25F boost. Positions only in PHRASE_FIELDS: elsewhere no
    phrase is looked for, and positions were a fifth of the indexing time."""
    phrase = name in PHRASE_FIELDS
    field = fields.TEXT(analyzer=analyzer, stored=stored, phrase=phrase)
    # Whoosh's formats, fed by the memoised analyzer without a Token per word.
    format_class = FastPositions if phrase else FastFrequency
    field.format = format_class(field_boost=SEARCH_FIELDS[name])
    return field
