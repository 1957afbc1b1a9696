"""Other publications a text points to, by their official ids.

"Zie ook Aanhangsel Handelingen, vergaderjaar 2023–2024, nr. 594" (an answer pointing to
the Mededeling that deferred it) is ah-tk-20232024-594; "Aanhangsel Handelingen II
2023/24, nr. 1999" is ah-tk-20232024-1999; a Kamerstuk ("Kamerstuk 26 485, nr. 432") is
kst-26485-432 (recognised by ingest.kamerstuk). Where the text gives no vergaderjaar, the
citing document's own is meant.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ingest.kamerstuk import Reference, find_kamerstukken

_AANHANGSEL = re.compile(
    r"""\bAanhangsel\s+(?:van\s+de\s+)?Handelingen(?:\s+(?P<chamber>II|I)\b)?[,\s]*
        (?:vergaderjaar\s+)?(?:(?P<first>\d{4})\s*[–/-]\s*(?P<second>\d{4}|\d{2})\b)?[,\s]*
        (?:nrs?\.?|nummers?)\s*(?P<numbers>\d{1,5}(?:\s*(?:,|en)\s*\d{1,5})*)""",
    re.IGNORECASE | re.VERBOSE,
)
_SESSION_IN_ID = re.compile(r"^ah-(?:tk|ek)-(?P<session>\d{8})-")


def session(first: str, second: str) -> str:
    """ "2023" and "24" (or "2024") → "20232024", as ids write a vergaderjaar."""
    return first + (second if len(second) == 4 else first[:2] + second)


def session_of(document_id: str) -> str | None:
    """The vergaderjaar of an Aanhangsel id: "ah-tk-20232024-1999" → "20232024"."""
    match = _SESSION_IN_ID.match(document_id)
    return match["session"] if match else None


def aanhangsel_ids(text: str, own_session: str | None = None) -> list[str]:
    """Ids of the Aanhangsel publications the text names, in order."""
    return [reference.id for reference in aanhangsel_references(text, own_session)]


def aanhangsel_references(text: str, own_session: str | None = None) -> list[Reference]:
    """The Aanhangsel publications the text names, in order, each with where it stands
    (several numbers of one reference share its span)."""
    found: list[Reference] = []
    if "aanhang" not in text.lower():
        return found  # most texts: the pattern need not scan them
    for match in _AANHANGSEL.finditer(text):
        year = session(match["first"], match["second"]) if match["first"] else own_session
        if year is None:
            continue  # "Aanhangsel Handelingen, nr. 594" of an unknown vergaderjaar
        chamber = "ek" if (match["chamber"] or "").upper() == "I" else "tk"
        for number in re.findall(r"\d+", match["numbers"]):
            found.append(Reference(match.start(), match.end(), f"ah-{chamber}-{year}-{number}"))
    return found


def cited_documents(texts: Iterable[str], own_session: str | None = None) -> list[str]:
    """Every publication the texts name, each once: per text its Aanhangsel numbers, then
    its Kamerstukken, each in the order named."""
    found: dict[str, None] = {}
    for text in texts:
        for doc_id in aanhangsel_ids(text, own_session):
            found.setdefault(doc_id)
        for stuk in find_kamerstukken(text):
            found.setdefault(stuk.id)
    return list(found)
