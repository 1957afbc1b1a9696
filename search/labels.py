"""Human names for the values the engine stores: a document's layout and a record's kind.

One table each, read by the pages, the chart and anything else a reader sees, so that
"schriftelijk_overleg" or "fulltext" never reaches a reader.
"""

from __future__ import annotations

from ingest.records import FULLTEXT, MEDEDELING, PREAMBLE, QUESTION

# A document's layout (ingest.layouts: each parser's NAME) as a reader calls the document.
LAYOUT_NAMES = {
    "schriftelijk_overleg": "schriftelijk overleg",
    "aanhangsel": "Kamervragen",
    "lijst": "lijst van vragen en antwoorden",
    "fulltext": "volledige tekst",
}

# A record's kind, singular and plural (ingest.records).
KIND_NAMES = {
    QUESTION: ("vraag", "vragen"),
    PREAMBLE: ("inleiding", "inleidingen"),
    FULLTEXT: ("volledige tekst", "volledige teksten"),
    MEDEDELING: ("mededeling", "mededelingen"),
}


def layout_name(layout: str | None) -> str:
    """ "Kamervragen" for "aanhangsel"; a layout without a name as "document"."""
    return LAYOUT_NAMES.get(layout or "", "document")


def kind_name(kind: str | None, plural: bool = False) -> str:
    """ "mededeling" for MEDEDELING; an unknown kind as "tekst"."""
    names = KIND_NAMES.get(kind or "")
    if names is None:
        return "teksten" if plural else "tekst"
    return names[plural]
