"""Ministries by their full name, from the table in data/ministries.json.

Letters name a ministry in several ways: "(BZ)" after a minister's name, "(Financiën –
Fiscaliteit en Belastingdienst)", "aan de Minister van Financiën", "mede namens de
Minister voor Buitenlandse Handel en Ontwikkelingssamenwerking" (an office without a
ministry of its own, which belongs to Buitenlandse Zaken), a letterhead "Ministerie van
Defensie". Every one of them comes out here as one full name, "Ministerie van …", so that
a filter on a ministry finds all its letters.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources

PREFIX = "Ministerie van "
_ROLE = r"(?P<role>Minister-?[Pp]resident|Ministers?|Staatssecretaris(?:sen)?)"


@dataclass(frozen=True)
class Department:
    """A ministry, or an office of a minister without portfolio and the ministry it is in."""

    name: str  # "Buitenlandse Handel en Ontwikkelingssamenwerking"
    ministry: str  # "Buitenlandse Zaken"; a ministry's own name
    aliases: tuple[str, ...]
    since: date | None = None
    until: date | None = None

    @property
    def full(self) -> str:
        return PREFIX + self.ministry

    def valid_on(self, day: date | None) -> bool:
        if day is None:
            return True
        return (self.since is None or self.since <= day) and (
            self.until is None or day <= self.until
        )


def _key(name: str) -> str:
    """Comparison key: case, spaces, punctuation and '&' for 'en' do not count."""
    name = re.sub(r"^(?:het\s+)?ministerie\s+van\s+", "", name.strip(), flags=re.IGNORECASE)
    return re.sub(r"\W", "", name.replace("&", "en").casefold())


def _day(raw: str | None) -> date | None:
    return date.fromisoformat(raw) if raw else None


@cache  # read-only data, read once per process
def department_table() -> tuple[Department, ...]:
    raw = json.loads(resources.files("ingest").joinpath("data/ministries.json").read_text("utf-8"))
    entries = [(entry, entry["name"]) for entry in raw["ministries"]]
    entries += [(entry, entry["ministry"]) for entry in raw["offices"]]
    return tuple(
        Department(
            name=entry["name"],
            ministry=ministry,
            aliases=tuple(entry.get("aliases", ())),
            since=_day(entry.get("from")),
            until=_day(entry.get("until")),
        )
        for entry, ministry in entries
    )


@cache
def _by_key() -> dict[str, tuple[Department, ...]]:
    index: dict[str, list[Department]] = {}
    for department in department_table():
        for name in (department.name, *department.aliases):
            index.setdefault(_key(name), []).append(department)
    return {key: tuple(found) for key, found in index.items()}


def department(name: str, on: date | None = None) -> Department | None:
    """The department a name or abbreviation stands for on that day, or None when unknown.

    A name can mean different things over time ("Volkshuisvesting en Ruimtelijke
    Ordening": an office at BZK until July 2024, a ministry since); the one valid on the
    day wins, a ministry before an office, and without a day the most recent."""
    found = _by_key().get(_key(name), ())
    valid = [d for d in found if d.valid_on(on)] or list(found)
    if not valid:
        return None
    return max(valid, key=lambda d: (d.ministry == d.name, d.since or date.min))


def full_ministry(name: str, on: date | None = None) -> str | None:
    """ "BZ", "Buitenlandse Zaken", "Ministerie van Buitenlandse Zaken" →
    "Ministerie van Buitenlandse Zaken"; None for a name the table does not know."""
    found = department(name, on)
    return found.full if found else None


@cache
def _names_pattern() -> re.Pattern[str]:
    """Every name and written-out alias (not the abbreviations), longest first, as prose
    writes them after "van" or "voor" ("Economische Zaken en Klimaat" before "Economische
    Zaken")."""
    names = {d.name for d in department_table()}
    names |= {alias for d in department_table() for alias in d.aliases if " " in alias}
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"\b(?P<word>van|voor)\s+(?:de\s+|het\s+)?(?P<name>{alternatives})\b", re.I)


@dataclass(frozen=True)
class Office:
    """An office named in prose: "Minister voor Buitenlandse Handel en …" and its ministry."""

    title: str
    ministry: str


def offices_in(text: str, on: date | None = None) -> list[Office]:
    """The offices a sentence names, in order: "de Ministers van Buitenlandse Zaken en voor
    Buitenlandse Handel en Ontwikkelingssamenwerking" names two. Each takes the role
    word last written before it ("Ministers" → "Minister")."""
    offices: list[Office] = []
    roles = [(m.start(), m["role"]) for m in re.finditer(rf"\b{_ROLE}\b", text)]
    for match in _names_pattern().finditer(text):
        before = [role for start, role in roles if start < match.start()]
        found = department(match["name"], on)
        if not before or found is None:
            continue
        role = re.sub(r"(?<=Minister)s$|(?<=Staatssecretaris)sen$", "", before[-1])
        offices.append(Office(f"{role} {match['word'].lower()} {match['name']}", found.full))
    return offices
