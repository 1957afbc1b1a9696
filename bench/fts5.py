"""The peer Vraagbaak is measured against: SQLite FTS5, as existing Tweede Kamer tools use it.

Same records, same queries: an FTS5 table with `unicode61 remove_diacritics 2`,
ranked by bm25() with field weights like Vraagbaak's, snippets by snippet(),
and a party facet by GROUP BY. No stemming, no decompounding: that is the point.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from bench.peers import FIELD_WEIGHTS, OPERATORS, Page, PeerHit, query_tokens, quoted
from ingest import Document

# bm25() weights per column, in column order: topic, question, answer.
COLUMN_WEIGHTS = tuple(FIELD_WEIGHTS.values())
__all__ = ["Fts5Peer", "PeerHit", "to_fts5_query"]


def to_fts5_query(text: str) -> str:
    """Vraagbaak's user syntax in FTS5 syntax: every bare word quoted, prefix* kept."""
    parts: list[str] = []
    for token in query_tokens(text):
        if token in OPERATORS:
            parts.append(OPERATORS[token])
        elif token in "()" or token.startswith('"'):
            parts.append(token)
        elif token.endswith("*"):
            parts.append(quoted(token.rstrip("*")) + "*")
        else:
            parts.append(quoted(token))
    return " ".join(parts)


class Fts5Peer:
    def __init__(self, path: Path | str = ":memory:") -> None:
        self.db = sqlite3.connect(str(path), check_same_thread=False)
        self.db.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS records USING fts5("
            "key UNINDEXED, party UNINDEXED, topic, question, answer, "
            "tokenize='unicode61 remove_diacritics 2')"
        )
        # The question page looks a record up by key: an FTS5 column is scanned, this is not.
        self.db.execute("CREATE TABLE IF NOT EXISTS keys (key TEXT PRIMARY KEY, row INTEGER)")

    def build(self, documents: Iterable[Document]) -> int:
        rows = [
            (q.key, ",".join(q.parties), q.topic or "", q.question, q.answer)
            for document in documents
            for q in document.records
        ]
        with self.db:
            self.db.executemany("INSERT INTO records VALUES (?, ?, ?, ?, ?)", rows)
            self.db.execute("INSERT INTO keys SELECT key, rowid FROM records")
        return len(rows)

    def record(self, key: str) -> dict[str, Any] | None:
        """One record's stored fields, as a question page shows them (no related answers)."""
        row = self.db.execute(
            "SELECT key, party, topic, question, answer FROM records "
            "WHERE rowid = (SELECT row FROM keys WHERE key = ?)",
            (key,),
        ).fetchone()
        names = ("key", "party", "topic", "question", "answer")
        return dict(zip(names, row, strict=True)) if row else None

    def record_keys(self) -> list[str]:
        """Every record's key, in the order the records were added."""
        return [k for (k,) in self.db.execute("SELECT key FROM keys ORDER BY row")]

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

    def page(self, text: str, limit: int = 10, party: str | None = None) -> Page:
        """The facet holds party lists as stored ("BBB,PVV" for a question both asked)."""
        counts = self.party_counts(text)
        total = sum(n for names, n in counts.items() if not party or party in names.split(","))
        return Page(total, self.search(text, limit, party), counts)

    def party_counts(self, text: str) -> dict[str, int]:
        """The facet: hits per party list for the whole query."""
        rows = self.db.execute(
            "SELECT party, count(*) FROM records WHERE records MATCH ? GROUP BY party",
            (to_fts5_query(text),),
        ).fetchall()
        return dict(rows)

    def close(self) -> None:
        self.db.close()
