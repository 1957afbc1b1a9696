"""The HTML pages: home, results, one question, one document."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from flask import Blueprint, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from search.engine import UnknownPartyError
from search.hits import RELEVANCE
from search.query import QuerySyntaxError
from search.soorten import SOORTEN
from search.web.facets import chips, facets
from search.web.params import (
    FIRST_DAY,
    LAST_DAY,
    SOORT,
    VALUE_PARAMS,
    ParamError,
    SearchParams,
    search_params,
)
from search.web.service import (
    document_or_404,
    documents,
    engine,
    question_or_404,
    resolved,
    run_search,
)

bp = Blueprint("pages", __name__)

SIMILAR_SHOWN = 5
# Parameters that make a search without words: its filters.
STATE_PARAMS = (*VALUE_PARAMS, SOORT, FIRST_DAY, LAST_DAY, "document")


@bp.get("/")
def home() -> str:
    return render_template(
        "pages/home.html",
        stats=engine().stats(),
        documents=documents(),
    )


@bp.get("/zoeken")
def zoeken() -> Response | tuple[str, int] | str:
    if not any((request.args.get(name) or "").strip() for name in ("q", *STATE_PARAMS)):
        return redirect(url_for("pages.home"))
    params = None
    try:
        params = resolved(search_params(request.args))
        result, pagination = run_search(params)
    except (ParamError, QuerySyntaxError, UnknownPartyError) as error:
        # The results page itself explains the problem, with the query still in the box;
        # the filters stay in the form when they were not the problem.
        known = error.known if isinstance(error, UnknownPartyError) else []
        kept = params if isinstance(error, QuerySyntaxError) else None
        return render_template(
            "pages/zoeken.html",
            query=request.args.get("q", ""),
            error=str(error),
            known=known,
            params=kept,
        ), 400
    return render_template(
        "pages/zoeken.html",
        query=params.query,
        params=params,
        result=result,
        pagination=pagination,
        facets=facets(params, result),
        chips=chips(params, engine().catalog),
        soorten=SOORTEN,
    )


@bp.get("/vraag/<document>/<int:nummer>")
def vraag(document: str, nummer: int) -> Response | str:
    record = question_or_404(document, nummer)
    if record["number"] != nummer:  # one record answers several: its first number names it
        canonical = url_for("pages.vraag", document=document, nummer=record["number"])
        return redirect(f"{canonical}#vraag-{nummer}")
    return render_template(
        "pages/vraag.html",
        record=record,
        info=record.get("document_info") or {},
        similar=record["similar"][:SIMILAR_SHOWN],
    )


@bp.get("/document/<document_id>")
def document(document_id: str) -> str:
    entry = document_or_404(document_id)
    return render_template("pages/document.html", doc=entry, groups=party_groups(entry["records"]))


def party_groups(records: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Consecutive records of the same party together, in document order."""
    return [
        (party or "Geen partij", list(group))
        for party, group in groupby(records, key=lambda r: r.get("party"))
    ]


@bp.app_template_global()
def search_url(params: SearchParams, **changes: Any) -> str:
    return url_for("pages.zoeken", **params.url_args(**changes))


@bp.app_template_global()
def follow_url(params: SearchParams) -> str:
    """The Atom feed of a search: its words and filters; a feed is always newest first."""
    return url_for("feeds.zoeken", **params.url_args(sort=RELEVANCE, page=1, more=None))


@bp.app_template_global()
def export_url(params: SearchParams, form: str) -> str:
    """Every match of a search as CSV or NDJSON, in the order the reader chose."""
    return url_for(f"export.{form}", **params.url_args(page=1, more=None))
