"""Template helpers: shared constants, Dutch dates, paragraphs, and how a record is named and
linked."""

from __future__ import annotations

import re
from datetime import date
from pathlib import PurePath
from typing import Any

from flask import Blueprint, url_for

from ingest.metadata import MONTHS as DUTCH_MONTHS
from ingest.records import MEDEDELING, PREAMBLE
from search.hits import DATE, RELEVANCE
from search.query import MAX_PASSAGE_CHARS, MAX_QUERY_CHARS
from search.web.params import FLAG_ON
from search.web.service import engine

bp = Blueprint("formatting", __name__)

EXAMPLES = ("MQ-9", "PURL", "schaduwvloot")
SORT_LABELS = {RELEVANCE: "relevantie", DATE: "datum (nieuwste eerst)"}


@bp.app_context_processor
def shared_constants() -> dict[str, Any]:
    """What the templates share with the code, from the one place each is decided."""
    return {
        "EXAMPLES": EXAMPLES,
        "MAX_QUERY_CHARS": MAX_QUERY_CHARS,
        "MAX_PASSAGE_CHARS": MAX_PASSAGE_CHARS,
        "SORT_LABELS": SORT_LABELS,
        "EXACT_ON": FLAG_ON,
    }


# Month names by number, from the table the ingest parses dates with.
MONTHS = tuple(sorted(DUTCH_MONTHS, key=DUTCH_MONTHS.__getitem__))


@bp.app_template_filter("datum")
def dutch_date(value: str | None) -> str:
    """ "2026-02-10" as "10 februari 2026"; anything unparsable as it is."""
    if not value:
        return "onbekende datum"
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return value
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


@bp.app_template_filter("alineas")
def paragraphs(text: str | None) -> list[str]:
    """The paragraphs of a stored text, which keeps a blank line between them."""
    return [part.strip() for part in re.split(r"\n\s*\n", text or "") if part.strip()]


def anchor_slug(text: str | None) -> str:
    return re.sub(r"[^a-z0-9]+", "-", (text or "").casefold()).strip("-") or "onbekend"


@bp.app_template_global()
def record_anchor(record: dict[str, Any]) -> str:
    """The id a record has on its document page, so hits without a number can link there."""
    if record.get("number") is not None:
        return f"vraag-{record['number']}"
    # Records without a number are told apart by their place in the document: two
    # introductions of one party in one letter must not share an anchor.
    place = record.get("position", 0)
    if record.get("kind") == "preamble":
        return f"inleiding-{anchor_slug(record.get('party'))}-{place}"
    return f"tekst-{place}"


@bp.app_template_global()
def record_label(record: dict[str, Any]) -> str:
    """ "Vraag 3, 4 en 5" as the letter prints it, else made from the numbers; or the kind."""
    if record.get("kind") == MEDEDELING:
        return "Mededeling"
    if record.get("label"):
        return record["label"]
    numbers = record.get("numbers") or (
        [record["number"]] if record.get("number") is not None else []
    )
    if numbers:
        *rest, last = map(str, numbers)
        return "Vraag " + (f"{', '.join(rest)} en {last}" if rest else last)
    return "Inleiding" if record.get("kind") == PREAMBLE else "Volledige tekst"


@bp.app_template_global()
def record_url(record: dict[str, Any]) -> str:
    """Questions have their own page; preambles and full texts live on the document page."""
    if record.get("number") is not None:
        return url_for("pages.vraag", document=record["document"], nummer=record["number"])
    return url_for("pages.document", document_id=record["document"]) + "#" + record_anchor(record)


@bp.app_template_global()
def party_names(record: dict[str, Any]) -> str:
    return ", ".join(record.get("parties") or []) or "Geen partij"


@bp.app_template_filter("basename")
def basename(path: str | None) -> str:
    """Only the file name: the server's folders are none of the reader's business."""
    return PurePath(path).name if path else "onbekend"


# Publication ids of officielebekendmakingen.nl: Aanhangsel (ah-tk-…), Kamerstuk (kst-…),
# Kamervragen without answers (kv-tk-…). Other ids are our own slugs and have no page.
_PUBLICATION_ID = re.compile(r"^(ah-tk-\d{8}-\d+|kst-[\d-]+|kv-tk-[\w-]+)$")


@bp.app_template_global()
def official_url(document_id: str) -> str | None:
    """The official publication's page, when the document id is a publication id."""
    if _PUBLICATION_ID.match(document_id or ""):
        return f"https://zoek.officielebekendmakingen.nl/{document_id}.html"
    return None


@bp.app_template_global()
def document_title(document_id: str) -> str:
    """A hit's document by subject, so hits from different letters can be told apart."""
    info = engine().catalog["documents"].get(document_id) or {}
    return info.get("subject") or document_id
