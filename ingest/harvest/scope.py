"""What a harvest asks for, and the check of each record against it.

The SRU filter is not exact (it matches words anywhere in a field, and a name may be
spelt with or without its accents), so every record is checked here, from its own
metadata, before anything of it is fetched. A record out of scope gets a short reason;
the summary counts records per reason.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.harvest import source
from ingest.harvest.sru import SruRecord

OTHER_PUBLICATION = "andere publicatie"
OTHER_DOCUMENT_TYPE = "ander soort Kamerstuk"
OTHER_MINISTRY = "ander ministerie"
NO_MINISTRY = "ministerie niet in de metadata"


@dataclass(frozen=True)
class Scope:
    kinds: tuple[source.Kind, ...]
    ministries: tuple[str, ...] | None  # None: every ministry

    @property
    def key(self) -> str:
        """The same scope, however asked: the state keeps its last harvest date under it."""
        ministries = sorted(map(normalized, self.ministries)) if self.ministries else ["alle"]
        return "+".join(sorted(k.name for k in self.kinds)) + "/" + "+".join(ministries)


def make_scope(kinds: Sequence[str] = (), ministries: Sequence[str] = ()) -> Scope:
    """The scope for --kind and --ministry values; ValueError (Dutch) for a bad one."""
    chosen = []
    for name in kinds or source.KINDS:
        kind = source.KINDS.get(name.strip().lower())
        if kind is None:
            known = ", ".join(source.KINDS)
            raise ValueError(f"onbekende soort {name!r} voor --kind; kies uit: {known}")
        if kind not in chosen:
            chosen.append(kind)
    names = [" ".join(m.split()) for m in ministries] or list(source.DEFAULT_MINISTRIES)
    if any(not name for name in names):
        raise ValueError("--ministry mag niet leeg zijn")
    if any(name.lower() == source.ALL_MINISTRIES for name in names):
        return Scope(kinds=tuple(chosen), ministries=None)
    return Scope(kinds=tuple(chosen), ministries=tuple(dict.fromkeys(names)))


def normalized(text: str) -> str:
    """Case, accents and spacing do not count: "Financiën" is "financien"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def names_phrase(text: str, phrase: str) -> bool:
    """True when `phrase` stands in `text` as whole words ("Defensie", not "Defensienota")."""
    pattern = r"(?<!\w)" + re.escape(normalized(phrase)) + r"(?!\w)"
    return re.search(pattern, normalized(text)) is not None


def out_of_scope(record: SruRecord, scope: Scope) -> str | None:
    """Why `record` is not asked for, or None when it is."""
    publications = {normalized(p) for p in record.values(source.PUBLICATION)}
    kind = next((k for k in scope.kinds if normalized(k.publication) in publications), None)
    if kind is None:
        return OTHER_PUBLICATION
    if kind.document_types:
        described = record.values(source.TITLE) + record.values(source.DOCUMENT_TYPE)
        if not any(names_phrase(text, t) for text in described for t in kind.document_types):
            return OTHER_DOCUMENT_TYPE
    if scope.ministries is not None:
        named = record.values(kind.ministry_field)
        if not named:
            return NO_MINISTRY
        if not any(names_phrase(text, m) for text in named for m in scope.ministries):
            return OTHER_MINISTRY
    return None
