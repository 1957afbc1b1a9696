"""What the results page shows of its facets and chosen filters: bounded lists of values
with counts and links, and a removable chip per chosen filter, each by its human name.

A facet shows its FACET_SHOWN most frequent values (and every chosen one); "meer…" is
a link (`meer=lid`) that shows the whole list, so it works without JavaScript.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import url_for

from search.engine import SearchResult
from search.names import MEMBER, MINISTRY, page_slug
from search.web.formatting import dutch_date, short_ministry
from search.web.params import SOORT, YEAR, SearchParams

FACET_SHOWN = 8
# The facets of the results page: URL parameter, heading, the engine's facet name.
FACETS = (
    ("partij", "Partij", "party"),
    ("ministerie", "Ministerie", "ministry"),
    ("lid", "Kamerlid", "member"),
    (YEAR, "Jaar", "year"),
)
CHIP_NAMES = {
    "partij": "Partij",
    "lid": "Kamerlid",
    "ministerie": "Ministerie",
    "minister": "Bewindspersoon",
    SOORT: "Soort",
}


@dataclass(frozen=True)
class FacetValue:
    label: str
    count: int
    chosen: bool
    url: str  # chooses the value, or (chosen) removes it


@dataclass(frozen=True)
class Facet:
    param: str
    title: str
    values: list[FacetValue]
    hidden: int  # how many values "meer…" would add
    more_url: str | None
    less_url: str | None


@dataclass(frozen=True)
class Chip:
    label: str
    remove_url: str
    page_url: str | None = None  # a member's or a ministry's own page


def search_link(args: dict[str, Any]) -> str:
    return url_for("pages.zoeken", **args)


def soort_label(soort: str) -> str:
    return soort[:1].upper() + soort[1:]


def facets(params: SearchParams, result: SearchResult) -> list[Facet]:
    return [_facet(params, result, *spec) for spec in FACETS]


def _facet(params: SearchParams, result: SearchResult, param: str, title: str, name: str) -> Facet:
    counts = result.facets.get(name, {})
    if param == YEAR:
        found = [(year, count, _year_chosen(params, year)) for year, count in counts.items()]
    else:
        chosen = params.values(param)
        found = [(v, n, v in chosen) for v, n in counts.items()]
        # A chosen value that other filters leave without hits still shows, to be removed.
        found += [(v, 0, True) for v in chosen if v not in counts]
    whole = params.more == param
    # Links only for the values shown: a member facet has hundreds of values.
    shown = found if whole else _bounded(found)
    if param == YEAR:
        values = [_year(params, param, *entry) for entry in shown]
    else:
        values = _values(params, param, shown)
    return Facet(
        param=param,
        title=title,
        values=values,
        hidden=len(found) - len(shown),
        more_url=search_link(params.url_args(more=param)) if len(shown) < len(found) else None,
        less_url=search_link(params.url_args(more=None)) if whole else None,
    )


def _bounded(found: list[tuple[str, int, bool]]) -> list[tuple[str, int, bool]]:
    """The first FACET_SHOWN (value, count, chosen) (most hits first), and every chosen one."""
    return [entry for i, entry in enumerate(found) if i < FACET_SHOWN or entry[2]]


def _values(
    params: SearchParams, param: str, shown: list[tuple[str, int, bool]]
) -> list[FacetValue]:
    """Each shown (value, count, chosen) with its link: a chosen value's removes it, any
    other's adds it (`_adding_links`)."""
    adding = iter(_adding_links(params, param, [value for value, _, chosen in shown if not chosen]))
    return [
        FacetValue(
            short_ministry(value) if param == "ministerie" else value,
            count,
            chosen,
            search_link(params.without_value(param, value)) if chosen else next(adding),
        )
        for value, count, chosen in shown
    ]


def _adding_links(params: SearchParams, param: str, values: list[str]) -> list[str]:
    """`search_link(params.with_value(param, value))` for each of `values` (none chosen),
    cut from the one link that adds them all: url_for encodes every parameter's value
    alone and joins them with "&" (which a value's encoding never holds), so a value's
    link is that link with the other new values' pairs left out. A whole member facet
    (2,800 values) took 30 ms of url_for, a call per value."""
    if not values:
        return []
    path, _, query = search_link(params.with_values(param, tuple(values))).partition("?")
    pairs = query.split("&")
    name = f"{param}="
    ours = [i for i, pair in enumerate(pairs) if pair.startswith(name)]
    new = ours[len(ours) - len(values) :]
    before, after = "&".join(pairs[: new[0]]), "&".join(pairs[new[-1] + 1 :])
    return [f"{path}?{'&'.join(part for part in (before, pairs[i], after) if part)}" for i in new]


def year_range(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def _year_chosen(params: SearchParams, year: str) -> bool:
    return (params.first_day, params.last_day) == year_range(int(year))


def _year(params: SearchParams, param: str, year: str, count: int, chosen: bool) -> FacetValue:
    first, last = year_range(int(year))
    days = (None, None) if chosen else (first, last)
    args = params.url_args(first_day=days[0], last_day=days[1], page=1, more=None)
    return FacetValue(year, count, chosen, search_link(args))


def chips(params: SearchParams, catalog: dict[str, Any]) -> list[Chip]:
    """A chip per chosen filter, by its human name: a document by subject and date."""
    found = []
    for param, name in CHIP_NAMES.items():
        for value in params.values(param):
            label = soort_label(value) if param == SOORT else value
            found.append(
                Chip(
                    f"{name}: {label}",
                    search_link(params.without_value(param, value)),
                    _page_of(param, value),
                )
            )
    if params.first_day or params.last_day:
        unset = params.url_args(first_day=None, last_day=None, page=1, more=None)
        found.append(
            Chip(f"Periode: {period(params.first_day, params.last_day)}", search_link(unset))
        )
    if params.document:
        info = catalog["documents"].get(params.document) or {}
        subject = info.get("subject") or params.document
        label = f"Document: {subject} ({dutch_date(info.get('date'))})"
        unset = params.url_args(document=None, page=1, more=None)
        found.append(Chip(label, search_link(unset)))
    return found


def _page_of(param: str, value: str) -> str | None:
    if param == "lid":
        return url_for("people.lid", naam=page_slug(MEMBER, value))
    if param == "ministerie":
        return url_for("people.ministerie", naam=page_slug(MINISTRY, value))
    return None


def period(first: date | None, last: date | None) -> str:
    """ "1 januari 2024 tot en met 31 december 2024", "vanaf …", "tot en met …" """
    if first and last:
        if year_range(first.year) == (first, last):
            return str(first.year)
        return f"{dutch_date(first.isoformat())} tot en met {dutch_date(last.isoformat())}"
    if first:
        return f"vanaf {dutch_date(first.isoformat())}"
    return f"tot en met {dutch_date(last.isoformat())}" if last else ""
