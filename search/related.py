"""Related answers (spelling suggestions live in search.suggest).

Three kinds of related answers, as a reader of this correspondence needs them:
the answers this answer points to ("Zie het antwoord op vraag 1"), the questions
that point back here, and answers that are similar in content (more-like-this).
"""

from __future__ import annotations

from typing import Any

from whoosh.query import And, Not, Or, Term
from whoosh.searching import Searcher

from search.collect import top_hits
from search.records import record_dict

SIMILAR_COUNT = 5
KEY_TERMS = 15


def _records_by_number(searcher: Searcher, document: str, numbers: list[int]) -> list[dict]:
    found = []
    for number in numbers:
        stored = searcher.document(key=f"{document}/{number}")
        if stored is not None:
            found.append(record_dict(stored))
    return found


def related_records(searcher: Searcher, stored: dict[str, Any]) -> dict[str, list[dict]]:
    """The three lists for one stored record: verwijst naar, aangehaald door, vergelijkbaar."""
    document = stored["document"]
    return {
        "refers_to_records": _records_by_number(searcher, document, stored.get("refers_to") or []),
        "referred_by_records": _records_by_number(
            searcher, document, stored.get("referred_by") or []
        ),
        "similar": similar_records(searcher, stored),
    }


def _content(stored: dict[str, Any]) -> str:
    return " ".join(stored.get(name) or "" for name in ("topic", "question", "answer"))


def similar_records(
    searcher: Searcher, stored: dict[str, Any], count: int = SIMILAR_COUNT
) -> list[dict]:
    """Answers most like this one by their key terms.

    Never itself nor a copy of it, and not the answers already listed under
    "verwijst naar" and "aangehaald door": this list is for what the reader would miss.
    """
    own_text = _content(stored)
    terms = searcher.key_terms_from_text("answer", own_text, numterms=KEY_TERMS)
    if not terms:
        return []
    query = Or(
        [
            Term(field, term, boost=weight)
            for term, weight in terms
            for field in ("question", "answer")
        ]
    )
    linked = [*(stored.get("refers_to") or []), *(stored.get("referred_by") or [])]
    keys = [stored["key"], *(f"{stored['document']}/{n}" for n in linked)]
    exclude = Or([*(Term("key", key) for key in keys), Not(Term("kind", "question"))])
    results = top_hits(searcher, And([query, Not(exclude)]), limit=count * 3)
    similar: list[dict] = []
    seen_texts = {own_text.strip()}
    for hit in results:
        text = _content(hit.fields()).strip()
        if text in seen_texts:
            continue
        seen_texts.add(text)
        similar.append(record_dict(hit.fields()))
        if len(similar) == count:
            break
    return similar


def resolved_snippet(hit: Any, searcher: Searcher, passages: Any) -> str:
    """For a pointer-only answer found through the answer it points to: that passage."""
    for number in hit.get("refers_to") or []:
        target = searcher.document(key=f"{hit['document']}/{number}")
        if not target:
            continue
        passage = passages.passage(hit, "answer", text=target.get("answer", ""))
        if passage:
            return f"<em>Via het antwoord op vraag {int(number)}:</em> {passage}"
    return ""
