"""How a record is cited: its official publication, the citation in the usual Dutch form,
and the link to a publication.

Publication ids are those of officielebekendmakingen.nl: an Aanhangsel van de Handelingen
(`ah-tk-20232024-2367`), a Kamerstuk (`kst-36592-14`, with a Roman-numeral or numbered
part: `kst-36410-XVI-160`, `kst-21501-28-250`), Kamervragen without answers
(`kv-tk-2024Z01234`). Other document ids are Vraagbaak's own (date and kenmerk) and have no
official page: a letter is cited by its ministry, date and kenmerk.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from search.dutch import dutch_date, number_ranges

OFFICIAL_SITE = "https://zoek.officielebekendmakingen.nl"
_AANHANGSEL = re.compile(r"^ah-tk-(\d{4})(\d{4})-(\d+)$")
# Dossier number, optional parts (a Roman numeral for a budget chapter, or a number),
# then the document's own number.
_KAMERSTUK = re.compile(r"^kst-(\d+(?:-[0-9A-Z]+)*)-(\d+)$")
_KAMERVRAGEN = re.compile(r"^kv-tk-([0-9A-Za-z]+)$")
_ROMAN = re.compile(r"^[IVXLC]+$")


def official_url(document_id: str | None) -> str | None:
    """The official publication's page, when the document id is a publication id."""
    if document_id and publication_name(document_id) is not None:
        return f"{OFFICIAL_SITE}/{document_id}.html"
    return None


def publication_name(document_id: str) -> str | None:
    """ "Aanhangsel Handelingen II 2023/24, nr. 2367", "Kamerstuk 36410 XVI, nr. 160";
    None for an id that is not a publication's."""
    if match := _AANHANGSEL.match(document_id):
        first, second, number = match.groups()
        return f"Aanhangsel Handelingen II {first}/{second[2:]}, nr. {number}"
    if match := _KAMERSTUK.match(document_id):
        dossier, number = match.groups()
        return f"Kamerstuk {_dossier(dossier)}, nr. {number}"
    if match := _KAMERVRAGEN.match(document_id):
        return f"Kamervragen {match.group(1)}"
    return None


def _dossier(text: str) -> str:
    """ "36410-XVI" as "36410 XVI" (a budget chapter), "21501-28" as it is (a sub-dossier)."""
    first, *parts = text.split("-")
    return first + "".join(f" {p}" if _ROMAN.match(p) else f"-{p}" for p in parts)


def questions_cited(numbers: Sequence[int]) -> str:
    """ "vraag 12", "vragen 3–6", "vragen 1, 3 en 5–7"."""
    if not numbers:
        return ""
    return ("vraag " if len(numbers) == 1 else "vragen ") + number_ranges(numbers)


def letter_name(info: Mapping[str, Any]) -> str:
    """A letter without a publication id: "Ministerie van Defensie, brief van 10 februari
    2026, kenmerk MINDEF20260007449"."""
    pieces = [info.get("ministry") or "Brief"]
    if day := dutch_date(info.get("date")):
        pieces.append(f"brief van {day}" if info.get("ministry") else f"van {day}")
    if info.get("reference"):
        pieces.append(f"kenmerk {info['reference']}")
    return ", ".join(pieces)


def citation(record: Mapping[str, Any], info: Mapping[str, Any]) -> str:
    """The record as it is cited: the publication (or the letter), then the questions."""
    document_id = record.get("document") or info.get("id") or ""
    source = publication_name(document_id) or letter_name(info)
    numbers = record.get("numbers") or (
        [record["number"]] if record.get("number") is not None else []
    )
    cited = questions_cited(numbers)
    return f"{source}, {cited}" if cited else source
