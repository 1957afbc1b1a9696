"""Every field a record is indexed under, and the roles each one plays: the one place.

A field's roles, and who reads each one:

* ``boost`` — searched by a plain query with this BM25F weight (search.query builds its
  parser over these; index.arrays keeps their postings; search.related scores with them).
  The topic and the question count at least as much as the answer; ``resolved`` (the
  text a pointer-only answer points to) counts for less, so question 10 ("Zie het
  antwoord op vraag 1.") is found through answer 1 but below it.
* ``phrase`` — positions are kept, so a phrase is looked for here (search.query, and the
  arrays' positions in index.arrays); ``proximity`` — the plain words of a query score
  extra where they stand close in this field (search.query).
* ``expansion`` — only widens a search; an exact search leaves it out (search.query).
* ``copy_of`` — the field's text is its sources' joined (`joined`); the bulk writer
  reuses their tokens (index.segment.bulk, fed by index.build).
* ``stored`` — kept with the record for the pages and the JSON (search.records).
* ``filter`` — its values select records: arrays of records per value (index.arrays,
  read by search.engine for filters); ``facet`` — a search also counts its hits per
  value (search.engine).
* ``column`` — one int32 per record in the arrays (``DAY``: a date as its day number):
  the date order of results and date ranges (search.engine), without posting lists.
* ``vocabulary`` — its terms, as written, are the words spelling suggestions and code
  spellings are looked up in (search.suggest, search.query).
* ``content`` — a record's own text: what a snippet is cut from and what a
  more-like-this reads (search.hits, search.related); ``similar`` — where a
  more-like-this looks for the passage's key terms (search.related): not the topic
  headings, which a party's questions share, nor the askers' names.

A new searchable field is a line here plus its value in index.build's `record_fields`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from whoosh import fields

from index.analysis.chain import compound_analyzer, dutch_analyzer, exact_analyzer
from index.analysis.formats import FastFrequency, FastPositions
from index.analysis.identifiers import identifier_analyzer

TEXT, ID, KEYWORD, STORED = "text", "id", "keyword", "stored"
# What a column holds per record: a date as its day number, or a number.
DAY, NUMBER = "day", "number"
# Analyzers by name: the stemmed Dutch chain, the same unstemmed with stopwords, only
# the parts of compounds (index.analysis.chain), and identifiers as their terms
# (index.analysis.identifiers).
DUTCH, EXACT, COMPOUND, IDENTIFIER = "dutch", "exact", "compound", "identifier"


@dataclass(frozen=True)
class Field:
    name: str
    kind: str
    analyzer: str | None = None
    boost: float = 0.0  # searched with this BM25F weight; 0: not searched
    phrase: bool = False
    proximity: bool = False
    expansion: bool = False
    copy_of: tuple[str, ...] = ()
    stored: bool = False
    filter: bool = False
    facet: bool = False
    vocabulary: bool = False
    content: bool = False
    similar: bool = False
    column: str | None = None
    unique: bool = False  # one value per record: the bulk writer keeps no cache of it


_CONTENT = ("topic", "question", "answer")
# Measured on the judged queries (RELEVANCE.md): below the answer's 1.0.
FOOTNOTE_BOOST = 0.5
IDENTIFIERS_FIELD = "identifiers"  # search.expand asks it whether a spaced dossier is one
COMPOUNDS_FIELD = "compounds"  # search.related looks for a passage's compound parts there
FIELDS: tuple[Field, ...] = (
    # Every key a record is found by: "<document>/<number>" for each number it answers.
    Field("key", KEYWORD, filter=True, unique=True),
    Field("document", ID, stored=True, filter=True),
    Field("kind", ID, stored=True, filter=True),
    # Several parties can ask one question together: comma-separated keywords.
    Field("party", KEYWORD, stored=True, filter=True, facet=True),
    Field("member", KEYWORD, filter=True, facet=True),  # the askers' names
    Field("ministry", ID, stored=True, filter=True, facet=True),
    Field("minister", ID, stored=True, filter=True),  # role and name, as the letter prints it
    Field("date", STORED, stored=True, column=DAY),  # the answer's
    Field("position", STORED, stored=True, column=NUMBER),
    Field("topic", TEXT, DUTCH, boost=2.0, phrase=True, stored=True, content=True),
    Field(
        "question",
        TEXT,
        DUTCH,
        boost=1.5,
        phrase=True,
        proximity=True,
        stored=True,
        content=True,
        similar=True,
    ),
    Field(
        "answer",
        TEXT,
        DUTCH,
        boost=1.0,
        phrase=True,
        proximity=True,
        stored=True,
        content=True,
        similar=True,
    ),
    Field("resolved", TEXT, DUTCH, boost=0.3),
    # The footnotes' text (the sources an answer cites): found, but below the answer.
    Field("footnote_text", TEXT, DUTCH, boost=FOOTNOTE_BOOST, phrase=True),
    # The Kamerstukken, dossiers, Aanhangsel publications and zaken a record names (in
    # its texts and footnotes), cites or belongs to, as official ids: "36045" finds
    # "Kamerstuk 36 045, nr. 267" and "kst-36045-243" alike.
    Field(IDENTIFIERS_FIELD, TEXT, IDENTIFIER, boost=1.0),
    # Unstemmed copy of the content: an exact word or code match scores here on top of
    # the stemmed match, so it ranks above a match through a stem only.
    Field("exact", TEXT, EXACT, boost=1.2, copy_of=_CONTENT, vocabulary=True),
    # Only the parts of compounds in the content (begrotingssteun → steun): found, but
    # below a whole-word match.
    Field(COMPOUNDS_FIELD, TEXT, COMPOUND, boost=0.4, copy_of=_CONTENT, expansion=True),
    # The askers' and the office-holder's names as they are written (folded, neither
    # stemmed nor split): "Kostić", "Van der Lee".
    Field("people", TEXT, EXACT, boost=1.0, phrase=True),
    # Stored only: what the pages and the JSON show.
    Field("number", STORED, stored=True),  # the first of `numbers`: the record's name
    Field("numbers", STORED, stored=True),
    Field("label", STORED, stored=True),
    Field("askers", STORED, stored=True),
    Field("parties", STORED, stored=True),
    Field("parts", STORED, stored=True),  # sub-questions with their own label
    Field("refers_to", STORED, stored=True),
    Field("referred_by", STORED, stored=True),
    Field("cites", STORED, stored=True),
    Field("footnotes", STORED, stored=True),
    Field("pointer_only", STORED, stored=True),
)
BY_NAME = {field.name: field for field in FIELDS}

SEARCH_FIELDS: dict[str, float] = {f.name: f.boost for f in FIELDS if f.boost}
PHRASE_FIELDS = tuple(f.name for f in FIELDS if f.phrase)
PROXIMITY_FIELDS = tuple(f.name for f in FIELDS if f.proximity)
EXPANSION_FIELDS = tuple(f.name for f in FIELDS if f.expansion)
COPY_FIELDS = {f.name: f.copy_of for f in FIELDS if f.copy_of}
FILTER_FIELDS = tuple(f.name for f in FIELDS if f.filter)
FACET_FIELDS = tuple(f.name for f in FIELDS if f.facet)
CONTENT_FIELDS = tuple(f.name for f in FIELDS if f.content)
SIMILAR_FIELDS = tuple(f.name for f in FIELDS if f.similar)
COLUMNS = {f.name: f.column for f in FIELDS if f.column}
(VOCABULARY_FIELD,) = (f.name for f in FIELDS if f.vocabulary)


def joined(values: Iterable[str | None]) -> str:
    """The text of a copy field: the non-empty values, one per line."""
    return "\n".join(v for v in values if v)


def build_schema(stemmer: str = "kp") -> fields.Schema:
    """One schema per index; the stemmer is recorded with it so queries use the same one."""
    analyzers = {
        DUTCH: dutch_analyzer(stemmer),
        EXACT: exact_analyzer(),
        COMPOUND: compound_analyzer(stemmer),
        IDENTIFIER: identifier_analyzer(),
    }
    return fields.Schema(**{field.name: _whoosh_field(field, analyzers) for field in FIELDS})


def _whoosh_field(field: Field, analyzers: dict[str, Any]) -> Any:
    if field.kind == TEXT:
        return _text(field, analyzers[field.analyzer])
    if field.kind == ID:
        return fields.ID(stored=field.stored)
    if field.kind == KEYWORD:
        return fields.KEYWORD(
            stored=field.stored, commas=True, scorable=False, lowercase=False, unique=field.unique
        )
    return fields.STORED


def _text(field: Field, analyzer: Any) -> fields.TEXT:
    """A text field with its BM25F boost. Positions only for phrase fields: elsewhere no
    phrase is looked for, and positions were a fifth of the indexing time."""
    whoosh_field = fields.TEXT(analyzer=analyzer, stored=field.stored, phrase=field.phrase)
    # Whoosh's formats, fed by the memoised analyzer without a Token per word.
    format_class = FastPositions if field.phrase else FastFrequency
    whoosh_field.format = format_class(field_boost=field.boost)
    return whoosh_field
