"""Template helpers: shared constants, Dutch dates and counts, paragraphs with the searched
words marked, and how a record and a document are named, described and linked."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from flask import Blueprint, g, url_for
from markupsafe import Markup

from index.arrays.format import IndexOutdatedError
from index.store import IndexMissingError
from ingest.records import MEDEDELING, PREAMBLE
from search import dutch
from search.labels import kind_name, layout_name
from search.options import NEWEST, OLDEST, RELEVANCE
from search.query import MAX_PASSAGE_CHARS, MAX_QUERY_CHARS
from search.snippets import marked_html
from search.web import citation, notes
from search.web.params import FLAG_ON
from search.web.service import catalog, per_generation

bp = Blueprint("formatting", __name__)

EXAMPLES = ("MQ-9", "PURL", "schaduwvloot")
SORT_LABELS = {RELEVANCE: "relevantie", NEWEST: "nieuwste eerst", OLDEST: "oudste eerst"}
# A title made from a question's first sentence stops near here, at a word.
TITLE_CHARS = 110
# Where the view leaves the marking of the searched words (search.snippets.Passages).
HIGHLIGHT = "highlight"


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


@bp.app_template_filter("datum")
def dutch_date(value: str | None) -> str:
    """ "2026-02-10" as "10 februari 2026" (search.dutch); no date as "onbekende datum"."""
    return dutch.dutch_date(value) or "onbekende datum"


@bp.app_template_filter("getal")
def whole_number(value: int) -> str:
    """ "9999", "31.827": a count as Dutch writes it (search.dutch)."""
    return dutch.number(value)


@bp.app_template_filter("geteld")
def counted(count: int, singular: str, plural: str) -> str:
    """ "1 vraag", "2 vragen", "0 vragen" (search.dutch)."""
    return dutch.counted(count, singular, plural)


@bp.app_template_global()
def marked(text: str, field: str = "answer", inserts: Sequence[tuple[int, str]] = ()) -> Markup:
    """A paragraph escaped, with the words searched for marked where the view asked for
    it (a question page reached from a hit); `inserts` (offset, html): the footnote
    markers that stood in it (search.web.notes), put in outside any <mark>."""
    passages = g.get(HIGHLIGHT)
    if passages is None:
        return Markup(marked_html(text, [], inserts))
    return Markup(passages.marked(field, text, inserts))  # escaped by Passages


# The footnote markers of a text, and the links back from its footnotes (search.web.notes).
bp.app_template_filter("alineas_met_noten")(notes.paragraphs_with_markers)
bp.app_template_global("back_links")(notes.back_links)
bp.app_template_global("note_id")(notes.note_id)


def anchor_slug(text: str | None) -> str:
    return re.sub(r"[^a-z0-9]+", "-", (text or "").casefold()).strip("-") or "onbekend"


@bp.app_template_global()
def record_anchor(record: Mapping[str, Any]) -> str:
    """The id a record has on its document page, so hits without a number can link there."""
    if record.get("number") is not None and record.get("kind") != MEDEDELING:
        return f"vraag-{record['number']}"
    # Records without a number are told apart by their place in the document: two
    # introductions of one party in one letter must not share an anchor.
    place = record.get("position", 0)
    if record.get("kind") == PREAMBLE:
        return f"inleiding-{anchor_slug(record.get('party'))}-{place}"
    if record.get("kind") == MEDEDELING:
        return f"mededeling-{place}"
    return f"tekst-{place}"


def _numbers(record: Mapping[str, Any]) -> list[int]:
    if record.get("numbers"):
        return list(record["numbers"])
    return [record["number"]] if record.get("number") is not None else []


@bp.app_template_global()
def record_label(record: Mapping[str, Any]) -> str:
    """ "Vraag 3, 4, 5 en 6" as the letter prints it, else made from the numbers; a
    Mededeling as what it is; else the kind."""
    numbers = _numbers(record)
    if record.get("kind") == MEDEDELING:
        return f"Mededeling over {citation.questions_cited(numbers)}" if numbers else "Mededeling"
    if record.get("label"):
        return record["label"]
    if numbers:
        return "Vraag " + dutch.listed(numbers)
    return kind_name(record.get("kind")).capitalize()


def first_sentence(text: str | None, limit: int = TITLE_CHARS) -> str:
    """The first sentence of a text, cut at a word near `limit` characters."""
    flat = " ".join((text or "").split())
    sentence = re.split(r"(?<=[.?!])\s", flat, maxsplit=1)[0]
    if len(sentence) <= limit:
        return sentence
    cut = sentence.rfind(" ", 0, limit)
    return sentence[: cut if cut > 0 else limit].rstrip(",;:") + " …"


@bp.app_template_global()
def record_about(record: Mapping[str, Any]) -> str:
    """What a record is about: its topic heading, else its question's first sentence."""
    if record.get("topic"):
        return record["topic"]
    if record.get("kind") == PREAMBLE:
        return ""
    return first_sentence(record.get("question") or record.get("answer"))


@bp.app_template_global()
def record_title(record: Mapping[str, Any]) -> str:
    """ "Vraag 3, 4, 5 en 6: Herkent u het beeld dat Bunq-bank verzaakt?" """
    about = record_about(record)
    return f"{record_label(record)}: {about}" if about else record_label(record)


@bp.app_template_global()
def record_url(record: Mapping[str, Any], search: Mapping[str, Any] | None = None) -> str:
    """Questions have their own page; preambles, full texts and notices live on the
    document page. `search`: the results page's state (SearchParams.url_args), carried
    along so the page can mark the words searched for and link back."""
    state = dict(search or {})
    if record.get("number") is not None and record.get("kind") != MEDEDELING:
        return url_for("pages.vraag", document=record["document"], nummer=record["number"], **state)
    page = url_for("pages.document", document_id=record["document"], **state)
    return f"{page}#{record_anchor(record)}"


@bp.app_template_global()
def party_names(record: Mapping[str, Any]) -> str:
    return ", ".join(record.get("parties") or []) or "Geen partij"


@bp.app_template_global()
def askers_text(record: Mapping[str, Any]) -> str:
    """ "Mutluer (GroenLinks-PvdA) en Kostić (PvdD)"; where no asker is named, the
    parties; else "Geen partij"."""
    askers = [
        f"{person['name']} ({person['party']})" if person.get("party") else person["name"]
        for person in record.get("askers") or []
    ]
    return dutch.listed(askers) if askers else party_names(record)


def heading(text: str) -> str:
    """A subject as a title: its first letter a capital, the rest as printed ("het
    bericht «…»" → "Het bericht «…»")."""
    for i, char in enumerate(text):
        if char.isalpha():
            return text[:i] + char.upper() + text[i + 1 :]
    return text


@bp.app_template_global()
def document_name(info: Mapping[str, Any]) -> str:
    """A document by its subject as a title; without one, as its publication or letter."""
    if info.get("subject"):
        return heading(info["subject"])
    return citation.publication_name(info.get("id") or "") or citation.letter_name(info)


@bp.app_template_global()
def document_title(document_id: str) -> str:
    """A hit's document by name, so hits from different letters can be told apart."""
    info = catalog()["documents"].get(document_id) or {"id": document_id}
    return document_name(info)


@bp.app_template_global()
def document_info(document_id: str) -> Mapping[str, Any]:
    return catalog()["documents"].get(document_id) or {"id": document_id}


@bp.app_template_global()
def cited_link(document_id: str) -> tuple[str, str] | None:
    """(url, name) of a document an answer cites: its page here when it is indexed, else
    its official page; None when it has neither."""
    info = catalog()["documents"].get(document_id)
    if info is not None:
        return url_for("pages.document", document_id=document_id), document_name(info)
    url = citation.official_url(document_id)
    return (url, citation.publication_name(document_id) or document_id) if url else None


@bp.app_template_global()
def indexed_ministries() -> list[str]:
    """The ministries the indexed documents answer from, most documents first."""
    try:
        return per_generation("ministries", _ministries)
    except (IndexMissingError, IndexOutdatedError):
        return []  # the error page that says so has a footer too


def _ministries(found: dict[str, Any]) -> list[str]:
    counts: dict[str, int] = {}
    for info in found["documents"].values():
        if info.get("ministry"):
            counts[info["ministry"]] = counts.get(info["ministry"], 0) + 1
    return sorted(counts, key=lambda name: (-counts[name], name))


@bp.app_template_global()
def short_ministry(name: str) -> str:
    """ "Ministerie van Financiën" as "Financiën", for a list of them."""
    return name.removeprefix("Ministerie van ").removeprefix("Ministerie voor ")


bp.add_app_template_global(citation.official_url, "official_url")
bp.add_app_template_global(citation.citation, "citation")
bp.add_app_template_global(citation.publication_name, "publication_name")
bp.add_app_template_global(layout_name, "layout_name")
bp.add_app_template_global(kind_name, "kind_name")
bp.add_app_template_global(dutch.listed, "listed")
