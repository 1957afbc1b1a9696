"""The Whoosh schema: which fields a record has, how each is analysed and weighed.

BM25F weighs the fields by their boost. A match in the topic heading or the
question counts at least as much as one in the answer; the `resolved` field
(the text a pointer-only answer points to) counts for less, so question 10
("Zie het antwoord op vraag 1.") is found through answer 1 but below it.
"""

from __future__ import annotations

from whoosh import fields

from index.analysis import compound_analyzer, dutch_analyzer, exact_analyzer

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
        topic=fields.TEXT(analyzer=analyzer, stored=True, field_boost=SEARCH_FIELDS["topic"]),
        question=fields.TEXT(analyzer=analyzer, stored=True, field_boost=SEARCH_FIELDS["question"]),
        answer=fields.TEXT(analyzer=analyzer, stored=True, field_boost=SEARCH_FIELDS["answer"]),
        # Phrases are looked for in PHRASE_FIELDS only: the other text fields need no
        # positions, which were a fifth of the indexing time.
        resolved=fields.TEXT(
            analyzer=analyzer, phrase=False, field_boost=SEARCH_FIELDS["resolved"]
        ),
        # Unstemmed copy of topic, question and answer: an exact word or code match scores
        # here on top of the stemmed match, so it ranks above a match through a stem only.
        exact=fields.TEXT(
            analyzer=exact_analyzer(), phrase=False, field_boost=SEARCH_FIELDS["exact"]
        ),
        # Only the parts of compounds in topic, question and answer (index.decompound).
        parts=fields.TEXT(
            analyzer=compound_analyzer(stemmer), phrase=False, field_boost=SEARCH_FIELDS["parts"]
        ),
        # Stored only: what the pages and the JSON show.
        parties=fields.STORED,
        also_numbers=fields.STORED,
        refers_to=fields.STORED,
        referred_by=fields.STORED,
        footnotes=fields.STORED,
    )
