"""Related answers and spelling suggestions.

Three kinds of related answers, as a reader of this correspondence needs them:
the answers this answer points to ("Zie het antwoord op vraag 1"), the questions
that point back here, and answers that are similar in content (more-like-this).
"""

from __future__ import annotations

import re
from typing import Any

from whoosh.query import And, Not, Or, Term
from whoosh.searching import Searcher

from search.records import record_dict

SIMILAR_COUNT = 5
KEY_TERMS = 15
_WORD = re.compile(r"[^\W_][\w’'\-]*", re.UNICODE)
_OPERATORS = {"AND", "OR", "NOT", "OF", "NIET", "EN"}


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
    """Answers most like this one by their key terms; never itself nor a copy of it."""
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
    exclude = Or([Term("key", stored["key"]), Not(Term("kind", "question"))])
    results = searcher.search(And([query, Not(exclude)]), limit=count * 3)
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


def resolved_snippet(hit: Any, searcher: Searcher) -> str:
    """For a pointer-only answer found through the answer it points to: that passage."""
    for number in hit.get("refers_to") or []:
        target = searcher.document(key=f"{hit['document']}/{number}")
        if not target:
            continue
        passage = hit.highlights("answer", text=target.get("answer", ""), top=1)
        if passage:
            return f"<em>Via het antwoord op vraag {int(number)}:</em> {passage}"
    return ""


def suggest(searcher: Searcher, parser: Any, text: str) -> str | None:
    """The query with unknown words replaced by the nearest word of the index vocabulary."""
    schema = searcher.schema
    if "exact" not in schema:
        return None
    corrector = searcher.corrector("exact")
    changed = False

    def replace(match: re.Match[str]) -> str:
        nonlocal changed
        word = match.group(0)
        if word in _OPERATORS or word.endswith("*"):
            return word
        terms = [t for t in schema["exact"].process_text(word, mode="query")]
        if not terms or all(searcher.doc_frequency("exact", t) for t in terms):
            return word
        options = corrector.suggest(terms[0], limit=1, maxdist=2)
        if not options:
            return word
        changed = True
        return options[0]

    suggestion = _WORD.sub(replace, text)
    return suggestion if changed and suggestion != text else None
