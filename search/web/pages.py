"""The HTML pages: home, results, one question, one document."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from flask import Blueprint, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from search.engine import UnknownPartyError
from search.query import QuerySyntaxError
from search.web.params import LIKE, ParamError, SearchParams, search_params
from search.web.service import (
    document_or_404,
    documents,
    engine,
    question_or_404,
    run_search,
)

bp = Blueprint("pages", __name__)

SIMILAR_SHOWN = 5


@bp.get("/")
def home() -> str:
    return render_template(
        "pages/home.html",
        stats=engine().stats(),
        documents=documents(),
    )


@bp.get("/zoeken")
def zoeken() -> Response | tuple[str, int] | str:
    if not any((request.args.get(name) or "").strip() for name in ("q", LIKE)):
        return redirect(url_for("pages.home"))
    try:
        params = search_params(request.args)
        result, pagination = run_search(params)
    except (ParamError, QuerySyntaxError, UnknownPartyError) as error:
        # The results page itself explains the problem, with the query still in the box.
        known = error.known if isinstance(error, UnknownPartyError) else []
        return render_template(
            "pages/zoeken.html", query=request.args.get("q", ""), error=str(error), known=known
        ), 400
    return render_template(
        "pages/zoeken.html",
        query=params.query,
        params=params,
        result=result,
        pagination=pagination,
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
        similar_questions=record["similar_questions"][:SIMILAR_SHOWN],
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
