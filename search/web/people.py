"""A member's page and a ministry's: what they asked or answered, when, how often.

`/lid/<naam>` and `/ministerie/<naam>`, each with its JSON twin under /api/ and its Atom
feed (`.atom`). A name in the URL is the slug of the folded name (search.names:
`/lid/van-der-lee`, `/ministerie/financien`), resolved through the index's own values;
any spelling that resolves is redirected to the slug, an unknown one is a Dutch 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Response, redirect, render_template, request, url_for

from search.filters import Filters, UnknownValueError
from search.names import MEMBER, MINISTRY, page_slug
from search.options import NEWEST, OLDEST
from search.periods import MONTHS
from search.web.chart import NOUN, Chart, bar_chart, search_link
from search.web.errors import NotFoundError
from search.web.facets import year_range
from search.web.feeds import feed_response
from search.web.params import SearchParams
from search.web.service import engine

bp = Blueprint("people", __name__)

RECORDS_SHOWN = 20
# A ministry is asked by thousands of members in an archive (2,847 at 100,000 questions:
# a page of 455 KiB); the rest are one link away, the results page's facet shown whole.
COUNTERPARTS_SHOWN = 25
# Per kind of page: the filter field, the search parameter, the page's heading word.
KINDS = {
    MEMBER: ("lid", "Kamerlid"),
    MINISTRY: ("ministerie", "Ministerie"),
}


@dataclass(frozen=True)
class Overview:
    """What one member asked, or what one ministry answered."""

    field: str
    name: str
    slug: str
    total: int
    first_date: str | None
    last_date: str | None
    years: dict[str, int]
    parties: dict[str, int]  # the asking parties and how many records each
    counterparts: dict[str, int]  # a member's ministries; a ministry's members: the most
    counterparts_total: int  # how many there are in all
    records: list[dict[str, Any]]

    @property
    def params(self) -> SearchParams:
        """The search that lists every record of this page."""
        return overview_params(self.field, self.name)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "slug": self.slug,
            "total": self.total,
            "first_date": self.first_date,
            "last_date": self.last_date,
            "years": self.years,
            "parties": self.parties,
            ("ministries" if self.field == MEMBER else "members"): self.counterparts,
            ("ministries_total" if self.field == MEMBER else "members_total"): (
                self.counterparts_total
            ),
            "records": self.records,
            "search": url_for("pages.zoeken", **self.params.url_args(sort=NEWEST)),
            "feed": url_for(f"people.{KINDS[self.field][0]}_feed", naam=self.slug),
        }


@bp.app_template_global("page_slug")
def _page_slug(field: str, name: str) -> str:
    return page_slug(field, name)


@bp.app_template_global()
def year_search(params: SearchParams, year: str) -> str:
    """The search of `params` within one year, newest first."""
    first, last = year_range(int(year))
    args = params.url_args(first_day=first, last_day=last, sort=NEWEST)
    return url_for("pages.zoeken", **args)


def resolved(field: str, typed: str) -> str:
    """The index's name for a slug (or any spelling of it); NotFoundError for none."""
    try:
        (name,) = engine().resolve_values(field, [typed])
    except UnknownValueError as error:
        word = "Kamerlid" if field == MEMBER else "Ministerie"
        raise NotFoundError(f"{word} {typed!r} staat niet in de index.") from error
    return name


def overview(field: str, name: str) -> Overview:
    search = engine().search
    filters = Filters(values={field: (name,)})
    newest = search(None, filters=filters, sort=NEWEST, limit=RECORDS_SHOWN)
    oldest = search(None, filters=filters, sort=OLDEST, limit=1)
    dated = [hit["date"] for hit in (*newest.hits[:1], *oldest.hits) if hit["date"]]
    other = MINISTRY if field == MEMBER else MEMBER
    counterparts = newest.facets[other]
    return Overview(
        field=field,
        name=name,
        slug=page_slug(field, name),
        total=newest.total,
        first_date=min(dated) if dated else None,
        last_date=max(dated) if dated else None,
        years=newest.facets["year"],
        parties=newest.facets["party"],
        counterparts=dict(list(counterparts.items())[:COUNTERPARTS_SHOWN]),
        counterparts_total=len(counterparts),
        records=newest.hits,
    )


def _page(field: str, naam: str, render: bool) -> Response | str | dict[str, Any]:
    name = resolved(field, naam)
    slug = page_slug(field, name)
    endpoint = request.endpoint or ""
    if naam != slug:  # one address per page
        return redirect(url_for(endpoint, naam=slug))
    found = overview(field, name)
    if not render:
        return found.to_json()
    return render_template(
        "pages/overzicht.html", page=found, kind=KINDS[field][1], chart=overview_chart(found)
    )


def overview_chart(found: Overview) -> Chart:
    """The page's records per asking party per year (or month), as /statistiek draws a
    search's: each bar part leads to those records."""
    counts = engine().period_counts(None, filters=Filters(values={found.field: (found.name,)}))
    unit = "maand" if counts.unit == MONTHS else "jaar"
    what = "Vragen van" if found.field == MEMBER else "Antwoorden van"
    title = f"{what} {found.name} per partij per {unit}"
    return bar_chart(counts, search_link(found.params), title, NOUN)


@bp.get("/lid/<naam>")
def lid(naam: str) -> Response | str | dict[str, Any]:
    return _page(MEMBER, naam, render=True)


@bp.get("/ministerie/<naam>")
def ministerie(naam: str) -> Response | str | dict[str, Any]:
    return _page(MINISTRY, naam, render=True)


@bp.get("/api/lid/<naam>")
def api_lid(naam: str) -> Response | str | dict[str, Any]:
    return _page(MEMBER, naam, render=False)


@bp.get("/api/ministerie/<naam>")
def api_ministerie(naam: str) -> Response | str | dict[str, Any]:
    return _page(MINISTRY, naam, render=False)


@bp.get("/lid/<naam>.atom")
def lid_feed(naam: str) -> Response:
    found = overview_params(MEMBER, naam)
    return feed_response(found, f"Vraagbaak: vragen van {found.members[0]}")


@bp.get("/ministerie/<naam>.atom")
def ministerie_feed(naam: str) -> Response:
    found = overview_params(MINISTRY, naam)
    return feed_response(found, f"Vraagbaak: antwoorden van {found.ministries[0]}")


def overview_params(field: str, naam: str) -> SearchParams:
    name = resolved(field, naam)
    return SearchParams(members=(name,)) if field == MEMBER else SearchParams(ministries=(name,))
