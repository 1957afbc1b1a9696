"""The peer Vraagbaak is measured against: SQLite FTS5, as existing Tweede Kamer tools use it.

Same records, same queries: an FTS5 table with `unicode61 remove_diacritics 2`,
ranked by bm25() with field weights like Vraagbaak's, snippets by snippet(),
and a party facet by GROUP BY. No stemming, no decompounding: that is the point.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ingest.records import Document

# bm25() weights per column, in column order: topic, question, answer.
COLUMN_WEIGHTS = (2.0, 1.5, 1.0)
_TOKEN = re.compile(r'"[^"]*"|\(|\)|[^\s()"]+')
_OPERATORS = {"OR": "OR", "OF": "OR", "NOT": "NOT", "NIET": "NOT", "AND": "AND", "EN": "AND"}


@dataclass(frozen=True)
class PeerHit:
    key: str
    party: str
    snippet: str


def to_fts5_query(text: str) -> str:
    """Vraagbaak's user syntax in FTS5 syntax: every bare word quoted, prefix* kept."""
    parts: list[str] = []
    for token in _TOKEN.findall(text):
        if token in _OPERATORS:
            parts.append(_OPERATORS[token])
        elif token in "()" or token.startswith('"'):
            parts.append(token)
        elif token.endswith("*"):
            parts.append('"' + token.rstrip("*").replace('"', "") + '"*')
        else:
            parts.append('"' + token.replace('"', "") + '"')
    return " ".join(parts)


class Fts5Peer:
    def __init__(self, path: Path | str = ":memory:") -> None:
        self.db = sqlite3.connect(str(path), check_same_thread=False)
        self.db.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS records USING fts5("
            "key UNINDEXED, party UNINDEXED, topic, question, answer, "
            "tokenize='unicode61 remove_diacritics 2')"
        )

    def build(self, documents: Iterable[Document]) -> int:
        rows = [
            (q.key, ",".join(q.parties), q.topic or "", q.question, q.answer)
            for document in documents
            for q in document.records
        ]
        with self.db:
            self.db.executemany("INSERT INTO records VALUES (?, ?, ?, ?, ?)", rows)
        return len(rows)

    def search(self, text: str, limit: int = 10, party: str | None = None) -> list[PeerHit]:
        """Top hits with snippets, as a search page needs them."""
        weights = ", ".join(str(w) for w in COLUMN_WEIGHTS)
        sql = (
            "SELECT key, party, snippet(records, -1, '<mark>', '</mark>', ' … ', 24) "
            f"FROM records WHERE records MATCH ? {{party}} ORDER BY bm25(records, 0, 0, {weights}) "
            "LIMIT ?"
        )
        params: list[object] = [to_fts5_query(text)]
        clause = ""
        if party:
            clause = "AND (',' || party || ',') LIKE ?"
            params.append(f"%,{party},%")
        params.append(limit)
        rows = self.db.execute(sql.format(party=clause), params).fetchall()
        return [PeerHit(key=k, party=p, snippet=s) for k, p, s in rows]

    def party_counts(self, text: str) -> dict[str, int]:
        """The facet: hits per party for the whole query."""
        rows = self.db.execute(
            "SELECT party, count(*) FROM records WHERE records MATCH ? GROUP BY party",
            (to_fts5_query(text),),
        ).fetchall()
        return dict(rows)

    def close(self) -> None:
        self.db.close()
