"""Party names: one canonical spelling per party, from the alias table in data/parties.json.

Documents spell parties in many ways ("GL-PvdA", "GroenLinks/PvdA",
"groenlinks-pvda-fractie"); search facets need one name per party.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

_FRACTIE_SUFFIX = re.compile(r"[\s\-/]*fractie$", re.IGNORECASE)
_NOT_ALNUM = re.compile(r"[^0-9a-z+]")
_GROEP = re.compile(r"^groep\s+(.+)$", re.IGNORECASE)


@dataclass(frozen=True)
class Party:
    canonical: str
    aliases: tuple[str, ...]
    since: str | None = None  # ISO date from which the name was used, when known
    until: str | None = None


def _key(name: str) -> str:
    """Comparison key: case, spaces, dashes, slashes and a 'fractie' suffix do not count."""
    name = _FRACTIE_SUFFIX.sub("", name.strip())
    return _NOT_ALNUM.sub("", name.casefold())


@cache  # the table is read-only data; reading it once per process is enough
def party_table() -> tuple[Party, ...]:
    raw = json.loads(resources.files("ingest").joinpath("data/parties.json").read_text("utf-8"))
    return tuple(
        Party(
            canonical=entry["canonical"],
            aliases=tuple(entry.get("aliases", ())),
            since=entry.get("from"),
            until=entry.get("until"),
        )
        for entry in raw["parties"]
    )


@cache
def _alias_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for party in party_table():
        for name in (party.canonical, *party.aliases):
            index[_key(name)] = party.canonical
    return index


def tidy_party(name: str) -> str:
    """The name as written, without surrounding noise: spaces, quotes, a 'fractie' suffix."""
    name = re.sub(r"\s+", " ", name).strip(" \t\"'‘’“”()")
    name = _FRACTIE_SUFFIX.sub("", name).strip(" -/")
    if name.casefold().startswith("de "):  # "de SP-fractie"
        name = name[3:]
    return name


def canonical_party(name: str) -> str:
    """The canonical name of a party or group; an unknown name comes back tidied, not dropped."""
    tidied = tidy_party(name)
    known = _alias_index().get(_key(tidied))
    if known:
        return known
    groep = _GROEP.match(tidied)
    if groep:  # a group split off a fractie is party-like and keeps its own name
        return f"Groep {groep.group(1)}"
    return tidied


# "(beiden GroenLinks-PvdA)", "(allen GroenLinks)": the party of each of the names before it.
_SHARED = re.compile(r"^(?:beiden|beide|allen|alle\s+drie|allebei)\s+", re.IGNORECASE)


def party_of(label: str) -> str | None:
    """The canonical party of a parenthesised label after members' names ("BBB",
    "beiden GroenLinks-PvdA", "Groep Van Haga"), or None when the table knows no such
    party: a string in parentheses is never made into a new party."""
    tidied = tidy_party(_SHARED.sub("", label.strip()))
    known = _alias_index().get(_key(tidied))
    if known:
        return known
    groep = _GROEP.match(tidied)
    return f"Groep {groep.group(1)}" if groep else None


def known_parties() -> list[str]:
    """Canonical names of all parties in the alias table, in table order."""
    return [party.canonical for party in party_table()]
