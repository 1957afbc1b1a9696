"""The letterhead of a ministry letter, and the identity of a document.

Rijkshuisstijl letters print labels ("Datum", "Betreft", "Onze referentie", "Kenmerk")
each followed by its value on the next line, an address block with the ministry's name,
and a signature "DE MINISTER VAN DEFENSIE" above the minister's name.

A document's id is its official publication id where it has one ("ah-tk-20232024-1999",
"kst-36410-X-7"), else its date and the ministry's reference ("kenmerk"), else its date
and a short fingerprint of its content: two different letters never share an id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ingest.extracted import Paragraph
from ingest.markers import unmarked
from ingest.ministries import PREFIX, full_ministry
from ingest.records import ID_CONTENT, ID_OFFICIAL, ID_REFERENCE

MONTHS = {
    name: number
    for number, name in enumerate(
        (
            "januari",
            "februari",
            "maart",
            "april",
            "mei",
            "juni",
            "juli",
            "augustus",
            "september",
            "oktober",
            "november",
            "december",
        ),
        start=1,
    )
}
_DATE = re.compile(rf"\b(\d{{1,2}})\s+({'|'.join(MONTHS)})\s+(\d{{4}})\b", re.IGNORECASE)
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_LABELS = {
    "date": re.compile(r"^datum$", re.IGNORECASE),
    "subject": re.compile(r"^(?:betreft|onderwerp)$", re.IGNORECASE),
    "reference": re.compile(r"^(?:onze referentie|ons kenmerk|kenmerk|referentie)$", re.IGNORECASE),
}
_MINISTRY = re.compile(r"^(?:het\s+)?ministerie\s+van\s+(?P<name>[\w\s,'’-]+?)\.?$", re.IGNORECASE)
_SIGNATURE = re.compile(
    r"^(?:de\s+)?(?P<role>minister|staatssecretaris)(?:\s+(?:van|voor)\s+(?P<office>[\w\s,-]+?))?,?$",
    re.IGNORECASE,
)
_PERSON = re.compile(r"^[A-Z][\w.'’-]*(?:\s+[\w.'’-]+){1,4}$")
# Address-block lines that belong to the letterhead, not to any text a reader searches.
_ADDRESS = re.compile(
    r"""^(?:>?\s*retouradres\b|postbus\s+\d+|\d{4}\s?[A-Z]{2}\b|www\.|https?://|mpc\s+\d
        |bij\s+beantwoording\b|[\w .'-]+\s+\d+[a-z]?$)""",
    re.IGNORECASE | re.VERBOSE,
)


@dataclass(frozen=True)
class Letterhead:
    date: date | None = None
    subject: str | None = None
    reference: str | None = None
    ministry: str | None = None
    minister: str | None = None


def parse_dutch_date(text: str) -> date | None:
    """ "10 februari 2026" or "2026-02-10" as a date; None when there is none or it is invalid."""
    try:
        match = _DATE.search(text)
        if match:
            day, month, year = match.groups()
            return date(int(year), MONTHS[month.lower()], int(day))
        iso = _ISO_DATE.search(text)
        if iso:
            return date(*(int(part) for part in iso.groups()))
    except ValueError:  # "31 februari": a typo, not a date
        return None
    return None


def _labelled(lines: list[str], label: re.Pattern[str]) -> str | None:
    """The line after the first line that is exactly the label."""
    for index, line in enumerate(lines[:-1]):
        if label.match(line):
            return lines[index + 1]
    return None


def ministry_name(name: str, on: date | None = None) -> str:
    """The full name of a ministry as the table knows it; an unknown one as printed."""
    return full_ministry(name, on) or PREFIX + name.strip()


def _ministry(lines: list[str], on: date | None) -> str | None:
    """The ministry of the address block, else of the signature's office."""
    for line in lines:
        match = _MINISTRY.match(line)
        if match and len(line.split()) <= 8:
            return ministry_name(match["name"], on)
    for line in lines:
        signature = _SIGNATURE.match(line)
        if signature and signature["office"] and full_ministry(signature["office"], on):
            return full_ministry(signature["office"], on)
    return None


def _minister(lines: list[str]) -> str | None:
    """Role and name: "Minister Ruben Brekelmans" from the signature title ("DE MINISTER
    VAN DEFENSIE") and the name printed under it."""
    for index, line in enumerate(lines[:-1]):
        signature = _SIGNATURE.match(line)
        if signature:
            name = lines[index + 1]
            if _PERSON.match(name) and not name.isupper():
                return f"{signature['role'].capitalize()} {name}"
    return None


def parse_letterhead(paragraphs: list[Paragraph]) -> Letterhead:
    """Metadata found in the letterhead and signature; fields the letter lacks stay None."""
    lines = [unmarked(p.text).strip() for p in paragraphs]
    raw_date = _labelled(lines, _LABELS["date"])
    day = parse_dutch_date(raw_date) if raw_date else None
    return Letterhead(
        date=day,
        subject=_labelled(lines, _LABELS["subject"]),
        reference=_labelled(lines, _LABELS["reference"]),
        ministry=_ministry(lines, day),
        minister=_minister(lines),
    )


def is_letterhead_line(text: str) -> bool:
    """True for address-block and label lines of a letterhead."""
    stripped = text.strip()
    return bool(_ADDRESS.match(stripped)) or any(p.match(stripped) for p in _LABELS.values())


_SALUTATION = re.compile(r"^(?:geachte|zeer geachte)\b", re.IGNORECASE)


def body_start(paragraphs: list[Paragraph]) -> int:
    """Index of the salutation ("Geachte voorzitter,"): what precedes it is letterhead."""
    for index, paragraph in enumerate(paragraphs):
        if _SALUTATION.match(paragraph.text.strip()):
            return index
    return 0


def slug(text: str) -> str:
    """Lower-case ASCII words joined by dashes, for document ids."""
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")


# Official publication ids: Aanhangsel (ah-tk-…), Kamerstuk (kst-…, with a part such as
# "X" or "21501-28"), Kamervragen as sent in (kv-tk-…), Handelingen (h-tk-…), bijlagen,
# Staatscourant.
OFFICIAL_ID = re.compile(
    r"""\b(?:(?i:ah|h)-(?i:tk|ek)-\d{8}-\d+(?:-\d+)?
        | (?i:kst)-\d{5,6}(?:-[0-9A-Z]{1,6})?-\d+
        | (?i:kv-tk)-\d{4}Z\d{5}
        | (?i:blg)-\d+
        | (?i:stcrt)-\d{4}-\d+)\b""",
    re.VERBOSE,
)
FINGERPRINT_CHARS = 10


def official_id(*candidates: str) -> str | None:
    """The first official id in the candidates (metadata, printed id, file name), with its
    prefix in lower case and the rest as published ("kst-36410-X-7")."""
    for candidate in candidates:
        match = OFFICIAL_ID.search(candidate or "")
        if match:
            return re.sub(r"^[a-z]+(?:-[a-z]+)?", lambda m: m[0].lower(), match[0], flags=re.I)
    return None


def document_id(
    head: Letterhead, fingerprint: str, official: str | None = None, name: str = ""
) -> tuple[str, str]:
    """The id and what it was made from (ID_OFFICIAL, ID_REFERENCE, ID_CONTENT).

    Without an official id or a reference, the date (else the file name) and the start of
    the content fingerprint: two letters of one day without a kenmerk stay two documents,
    and the same letter read again gets the same id."""
    if official:
        return official, ID_OFFICIAL
    day = head.date.isoformat() if head.date else None
    if head.reference:
        return slug(" ".join(p for p in (day, head.reference) if p)), ID_REFERENCE
    return slug(f"{day or name or 'document'} {fingerprint[:FINGERPRINT_CHARS]}"), ID_CONTENT
