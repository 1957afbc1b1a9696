"""What the two peers (SQLite FTS5, tantivy) share: fields and weights, the hit they return,
and how Vraagbaak's user syntax is read before each writes it in its own query language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The searched fields with weights like Vraagbaak's boosts (index.schema): topic, question
# and answer. Neither peer has Vraagbaak's exact, parts and resolved copies.
FIELD_WEIGHTS = {"topic": 2.0, "question": 1.5, "answer": 1.0}
OPERATORS = {"OR": "OR", "OF": "OR", "NOT": "NOT", "NIET": "NOT", "AND": "AND", "EN": "AND"}
_TOKEN = re.compile(r'"[^"]*"|\(|\)|[^\s()"]+')


@dataclass(frozen=True)
class PeerHit:
    key: str
    party: str
    snippet: str


def query_tokens(text: str) -> list[str]:
    """Quoted phrases, parentheses, and whitespace-separated words, in order."""
    return _TOKEN.findall(text)


def quoted(word: str) -> str:
    """A bare word as a phrase of its own tokens (`MQ-9` → "MQ-9"), as both peers need."""
    return '"' + word.replace('"', "") + '"'


@dataclass(frozen=True)
class Page:
    """What a search page needs from a peer: the number of hits of the query as asked
    (party filter included), the top hits with snippets, and the party facet of the whole
    query (without the filter, as Vraagbaak's)."""

    total: int
    hits: list[PeerHit]
    counts: dict[str, int]
