"""The letterhead of a ministry letter: date, subject, reference, ministry, minister.

Rijkshuisstijl letters print labels ("Datum", "Betreft", "Onze referentie", "Kenmerk")
each followed by its value on the next line, an address block with the ministry's name,
and a signature "DE MINISTER VAN DEFENSIE" above the minister's name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ingest.extracted import Paragraph

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
    r"^(?:de\s+)?(?:minister|staatssecretaris)(?:\s+van\s+[\w\s,-]+)?,?$", re.IGNORECASE
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


def _ministry(lines: list[str]) -> str | None:
    for line in lines:
        match = _MINISTRY.match(line)
        if match and len(line.split()) <= 8:
            return "Ministerie van " + match["name"].strip()
    return None


def _minister(lines: list[str]) -> str | None:
    """The name printed under the signature title ("DE MINISTER VAN DEFENSIE")."""
    for index, line in enumerate(lines[:-1]):
        if _SIGNATURE.match(line):
            name = lines[index + 1]
            if _PERSON.match(name) and not name.isupper():
                return name
    return None


def parse_letterhead(paragraphs: list[Paragraph]) -> Letterhead:
    """Metadata found in the letterhead and signature; fields the letter lacks stay None."""
    lines = [p.text.strip() for p in paragraphs]
    raw_date = _labelled(lines, _LABELS["date"])
    return Letterhead(
        date=parse_dutch_date(raw_date) if raw_date else None,
        subject=_labelled(lines, _LABELS["subject"]),
        reference=_labelled(lines, _LABELS["reference"]),
        ministry=_ministry(lines),
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


def document_id(head: Letterhead, fallback: str) -> str:
    """Stable id from date and reference; the fallback (file name) when both are missing."""
    parts = [part for part in (head.date and head.date.isoformat(), head.reference) if part]
    return slug(" ".join(parts)) if parts else slug(fallback)
