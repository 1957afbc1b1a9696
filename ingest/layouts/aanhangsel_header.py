"""The two sentences that open Kamervragen in the Aanhangsel: who asked whom, who answered.

    Vragen van de leden Bushoff en Patijn(beiden GroenLinks-PvdA) aan de Minister van
    Financiën over … (ingezonden 28 juni 2024).
    Antwoord van Staatssecretaris Van Rij (Financiën – Fiscaliteit en Belastingdienst),
    mede namens de Minister voor Buitenlandse Handel en Ontwikkelingssamenwerking
    (ontvangen 21 mei 2024). Zie ook Aanhangsel Handelingen, vergaderjaar 2023–2024, nr. 594.

"Mededeling van …" instead of "Antwoord van …" opens a notice instead of answers. A PDF
may cut either sentence into several paragraphs; they are read as one text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ingest.citations import aanhangsel_ids
from ingest.extracted import Paragraph
from ingest.markers import unmarked
from ingest.metadata import ministry_name, parse_dutch_date
from ingest.ministries import full_ministry, offices_in
from ingest.parties import party_of
from ingest.records import Person

_ASKED = re.compile(
    r"Vragen\s+van\s+(?:het\s+lid|de\s+leden)\s+(?P<askers>.+?)\s+aan\s+(?:de|het)\s+"
    r"(?P<addressee>.+?)\s+over\s+(?P<subject>.+?)\s*\(ingezonden\s+(?P<date>[^)]+)\)",
    re.IGNORECASE | re.DOTALL,
)
_ANSWERED = re.compile(
    r"\b(?P<kind>Antwoord|Mededeling)\s+van\s+(?P<who>.+?)\s*\(ontvangen\s+(?:\(ontvangen\s+)?"
    r"(?P<date>[^)]+)\)\.?",
    re.IGNORECASE | re.DOTALL,
)
_SEE_ALSO = re.compile(r"\s*Zie\s+ook\s+(?P<what>Aanhangsel[^.]*?nrs?\.?\s*[\d,\sen]+\d)\.?", re.I)
# Names, then their party in parentheses: "Sneller (D66)", "Bushoff en Patijn(beiden X)".
_GROUP = re.compile(r"(?P<names>[^()]+?)\s*\((?P<party>[^()]+)\)")
_NAME_SEPARATOR = re.compile(r"\s*,\s*|\s+en\s+")
# An office-holder with the department in parentheses: "Minister Bruins Slot (BZ)".
_HOLDER = re.compile(
    r"(?P<role>Minister-?[Pp]resident|Minister|Staatssecretaris)\s+"
    r"(?P<name>[A-Z][^()]*?)\s*\((?P<department>[^()]+)\)"
)
_ON_BEHALF = re.compile(r",?\s*mede\s+namens\s+", re.IGNORECASE)


@dataclass
class Header:
    askers: list[Person]
    parties: list[str]
    addressed_to: list[str]  # full ministry names
    subject: str
    submitted: date | None
    received: date | None
    notice: bool  # "Mededeling van …": a notice instead of answers
    minister: str | None
    ministry: str | None
    co_answerers: list[str]
    ministries: list[str]
    see_also: list[str]  # ids of the publications "Zie ook …" names
    end: int  # index of the first paragraph after the header
    problems: list[str] = field(default_factory=list)  # for the document's warnings


def askers(text: str) -> tuple[list[Person], list[str]]:
    """Members with their party, and problems: "Mutluer (GroenLinks-PvdA) en Kostić
    (PvdD)", "Bushoff en Patijn(beiden GroenLinks-PvdA)". A party the table does not
    know leaves the member without a party, and says so."""
    people: list[Person] = []
    problems: list[str] = []
    rest = text
    for group in _GROUP.finditer(text):
        party = party_of(group["party"])
        names = _names(group["names"])
        if party is None:
            label = " ".join(group["party"].split())
            problems.append(
                f"onbekende partij ({label}) bij {' en '.join(names)}; "
                "Kamerlid zonder partij opgenomen"
            )
        people += [Person(name, party) for name in names]
        rest = text[group.end() :]
    people += [Person(name) for name in _names(rest)]  # names after the last party
    return people, problems


def _names(text: str) -> list[str]:
    text = re.sub(r"^\s*(?:,|en\b)\s*", "", text.strip())
    return [" ".join(name.split()) for name in _NAME_SEPARATOR.split(text) if name.strip()]


@dataclass
class _Answerer:
    minister: str | None = None
    ministry: str | None = None
    co_answerers: list[str] = field(default_factory=list)
    ministries: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def add(self, title: str, ministry: str) -> None:
        """The first office-holder answers; every later one answers with them."""
        if self.minister is None:
            self.minister, self.ministry = title, ministry
        else:
            self.co_answerers.append(title)
        self.ministries.append(ministry)


def answerer(who: str, on: date | None) -> _Answerer:
    """The office-holders of "Antwoord van …": the first answers (and signs); a second
    office-holder, and the offices of "mede namens …", answer with them."""
    own, behalf = (*_ON_BEHALF.split(who, maxsplit=1), "")[:2]
    found = _Answerer()
    for holder in _HOLDER.finditer(own):
        department = re.split(r"\s+[–-]\s+", holder["department"].strip())[0]
        title = f"{holder['role']} {' '.join(holder['name'].split())}"
        ministry = full_ministry(department, on)
        if ministry is None:
            ministry = ministry_name(department)
            found.problems.append(f"onbekend ministerie ({department}) bij {title}: {ministry!r}")
        found.add(title, ministry)
    if found.minister is None:  # "Antwoord van de Minister van Defensie": an office, no name
        for office in offices_in(own, on):
            found.add(office.title, office.ministry)
    for office in offices_in(behalf, on):  # answered for, never the one who answers
        found.co_answerers.append(office.title)
        found.ministries.append(office.ministry)
    found.ministries = list(dict.fromkeys(found.ministries))
    return found


def _paragraph_at(lengths: list[int], offset: int) -> int:
    """Index of the paragraph that holds `offset` of the paragraphs joined by spaces."""
    start = 0
    for index, length in enumerate(lengths):
        if offset < start + length + 1:
            return index
        start += length + 1
    return len(lengths) - 1


def parse_header(paragraphs: list[Paragraph], limit: int, session: str | None) -> Header | None:
    """The header in the paragraphs before `limit` (the first question label), or None when
    there is no "Vragen van …" sentence. `session`: the document's vergaderjaar, for a
    "Zie ook" without one."""
    texts = [" ".join(unmarked(p.text).split()) for p in paragraphs[:limit]]
    text = " ".join(texts)
    start = re.search(r"\bVragen\s+van\s+(?:het\s+lid|de\s+leden)\b", text)
    asked = _ASKED.match(text, start.start()) if start else None
    if asked is None:
        return None
    submitted = parse_dutch_date(asked["date"])
    people, problems = askers(asked["askers"])
    answered = _ANSWERED.search(text, asked.end())
    received = parse_dutch_date(answered["date"]) if answered else None
    office = answerer(answered["who"], received or submitted) if answered else _Answerer()
    stop = answered.end() if answered else asked.end()
    see_also = _SEE_ALSO.match(text, stop)
    if see_also:
        stop = see_also.end()
    addressed = offices_in(asked["addressee"], submitted)
    return Header(
        askers=people,
        parties=list(dict.fromkeys(p.party for p in people if p.party)),
        addressed_to=list(dict.fromkeys(o.ministry for o in addressed)),
        subject=" ".join(asked["subject"].split()),
        submitted=submitted,
        received=received,
        notice=bool(answered) and answered["kind"].lower() == "mededeling",
        minister=office.minister,
        ministry=office.ministry,
        co_answerers=office.co_answerers,
        ministries=office.ministries,
        see_also=aanhangsel_ids(see_also["what"], session) if see_also else [],
        end=_paragraph_at([len(t) for t in texts], stop - 1) + 1,
        problems=problems + office.problems,
    )
