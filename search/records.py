"""Stored records back into the plain dicts that the CLI, the JSON and the pages show."""

from __future__ import annotations

from datetime import datetime
from typing import Any


def record_dict(stored: dict[str, Any]) -> dict[str, Any]:
    """All that is stored for one record, in the public JSON field names."""
    parties = list(stored.get("parties") or [])
    date = stored.get("date")
    return {
        "document": stored["document"],
        "number": stored.get("number"),
        "kind": stored["kind"],
        "party": parties[0] if parties else None,
        "parties": parties,
        "topic": stored.get("topic") or None,
        "question": stored.get("question", ""),
        "answer": stored.get("answer", ""),
        "refers_to": list(stored.get("refers_to") or []),
        "referred_by": list(stored.get("referred_by") or []),
        "footnotes": [footnote_dict(note) for note in stored.get("footnotes") or []],
        "position": stored.get("position", 0),
        "date": date.date().isoformat() if isinstance(date, datetime) else None,
        # every question number the record answers (`number` is the first), as printed
        "numbers": list(stored.get("numbers") or []),
        "label": stored.get("label"),
        "askers": list(stored.get("askers") or []),  # {"name", "party"}
        "minister": stored.get("minister"),
        "ministry": stored.get("ministry"),
        "parts": list(stored.get("parts") or []),  # {"number", "label", "question"}
        "cites": list(stored.get("cites") or []),  # ids of documents the answer points to
        "pointer_only": bool(stored.get("pointer_only")),
    }


def footnote_dict(stored: dict[str, Any]) -> dict[str, Any]:
    """A stored footnote: number, text, url, and `anchors` [field, offset] where its marker
    stood ("question" or "answer"); an index from before anchors has none."""
    anchors = [[name, int(offset)] for name, offset in stored.get("anchors") or []]
    return {
        "number": stored["number"],
        "text": stored["text"],
        "url": stored.get("url"),
        "anchors": anchors,
    }


HIT_FIELDS = (
    "document",
    "number",
    "kind",
    "party",
    "parties",
    "topic",
    "score",
    "snippet",
    "question",
    "answer",
    "refers_to",
    "referred_by",
    "date",
    "position",  # order within the document: anchors records that have no number
    "numbers",
    "label",
    "askers",
    "minister",
    "ministry",
    "parts",
    "cites",
    "pointer_only",
)


def hit_dict(stored: dict[str, Any], score: float, snippet: str) -> dict[str, Any]:
    """One search hit in the shape `vraagbaak search --json` promises."""
    record = record_dict(stored)
    record["score"] = round(float(score), 4)
    record["snippet"] = snippet
    return {name: record[name] for name in HIT_FIELDS}
