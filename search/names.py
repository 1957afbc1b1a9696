"""Names of members, ministries and office-holders as users write them, and as URLs carry
them: one slug per name, and what a typed name stands for among the index's values.

"kostic", "Kostić" and "KOSTIC" are the member Kostić; "van-der-lee" is Van der Lee;
"Defensie", "Def" and "ministerie-van-defensie" are the Ministerie van Defensie;
"De Jonge" is "Minister De Jonge". The index's own spelling is what a filter needs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from index.analysis.fold import fold
from index.record_fields import person_name
from ingest.ministries import PREFIX, full_ministry

MEMBER, MINISTRY, MINISTER = "member", "ministry", "minister"


def slug(name: str) -> str:
    """The name folded (no case, no diacritics), words joined by hyphens: "van-der-lee"."""
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")


def ministry_slug(ministry: str) -> str:
    """A ministry's slug without "ministerie van": "binnenlandse-zaken-en-koninkrijksrelaties"."""
    short = ministry[len(PREFIX) :] if ministry.startswith(PREFIX) else ministry
    return slug(short)


def page_slug(field: str, name: str) -> str:
    """The slug a member's or a ministry's page is named by."""
    return ministry_slug(name) if field == MINISTRY else slug(name)


def _spellings(field: str, value: str) -> set[str]:
    """The slugs a value is found by."""
    found = {slug(value)}
    if field == MINISTRY:
        found.add(ministry_slug(value))
    if field == MINISTER and (name := person_name(value)):
        found.add(slug(name))
    return found


def resolve(field: str, typed: str, known: Iterable[str]) -> str | None:
    """The value of `known` (the index's values of a filter field) that `typed` stands
    for: as written, else by its slug; a ministry also by its abbreviation or short name
    (ingest.ministries). None when there is none."""
    values = list(known)
    text = typed.strip()
    if text in values:
        return text
    if field == MINISTRY and (full := full_ministry(text)) in values:
        return full
    wanted = slug(text)
    return next((v for v in values if wanted and wanted in _spellings(field, v)), None)
