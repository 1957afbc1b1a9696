"""The kinds of document a search can be narrowed to ("soort"), in one table.

A soort belongs to a document, not to a record: it is the document's layout (ingest's
layouts), except that an Aanhangsel publication holding a Mededeling (a notice that the
answers are delayed, or given elsewhere) is of soort ``mededeling``: the Aanhangsel
publishes such a notice as a publication of its own, with the questions it is about.
So the soorten are disjoint, and a record is of its document's soort: choosing
``mededeling`` shows the notices with their unanswered questions, ``kamervragen`` the
answered Kamervragen. A document whose layout was not recognised (one full-text record)
has no soort; it is found by every search that does not choose one.
"""

from __future__ import annotations

from ingest.layouts.aanhangsel import NAME as AANHANGSEL
from ingest.layouts.lijst import NAME as LIJST
from ingest.layouts.schriftelijk_overleg import NAME as SCHRIFTELIJK_OVERLEG
from ingest.records import MEDEDELING

KAMERVRAGEN = "kamervragen"
# Each soort by the name users read and type (the URL's `soort`, the CLI's --kind), in
# the order they are offered; with the layout its documents have.
SOORTEN: dict[str, str] = {
    KAMERVRAGEN: AANHANGSEL,
    "schriftelijk overleg": SCHRIFTELIJK_OVERLEG,
    "lijst van vragen en antwoorden": LIJST,
    MEDEDELING: AANHANGSEL,
}
# Shorter spellings that stand for the same soort.
ALIASES = {
    "kamervraag": KAMERVRAGEN,
    "aanhangsel": KAMERVRAGEN,
    "schriftelijk-overleg": "schriftelijk overleg",
    "schriftelijk_overleg": "schriftelijk overleg",
    "so": "schriftelijk overleg",
    "lijst": "lijst van vragen en antwoorden",
    "lijst-van-vragen-en-antwoorden": "lijst van vragen en antwoorden",
    "mededelingen": MEDEDELING,
}


class UnknownSoortError(ValueError):
    def __init__(self, name: str) -> None:
        super().__init__(f"Onbekende soort: {name!r}. Kies uit: {', '.join(SOORTEN)}.")
        self.name = name


def canonical_soort(name: str) -> str:
    """The soort a user's spelling stands for; UnknownSoortError for none."""
    key = " ".join(name.strip().casefold().split())
    found = ALIASES.get(key, key)
    if found not in SOORTEN:
        raise UnknownSoortError(name)
    return found


def document_soort(layout: str, has_mededeling: bool) -> str | None:
    """The soort of a document with this layout (None: it has none)."""
    if layout == AANHANGSEL:
        return MEDEDELING if has_mededeling else KAMERVRAGEN
    return next((name for name, of in SOORTEN.items() if of == layout), None)
