"""The HTML pages: home, results, one question, one document, the list of documents."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from flask import (
    Blueprint,
    current_app,
    g,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from ingest.records import MEDEDELING
from search.engine import UnknownPartyError
from search.options import RELEVANCE
from search.query import QuerySyntaxError
from search.soorten import SOORTEN
from search.web.facets import chips, facets
from search.web.formatting import HIGHLIGHT, askers_text
from search.web.params import (
    FIRST_DAY,
    LAST_DAY,
    LIKE,
    SOORT,
    VALUE_PARAMS,
    ParamError,
    SearchParams,
    page_param,
    search_params,
)
from search.web.service import (
    catalog,
    document_or_404,
    documents_page,
    engine,
    index_stats,
    question_or_404,
    resolved,
    run_search,
)

bp = Blueprint("pages", __name__)

SIMILAR_SHOWN = 5
HOME_DOCUMENTS = 10  # the newest; the rest are on /documenten
# Parameters that make a search without words: its filters.
STATE_PARAMS = (*VALUE_PARAMS, SOORT, FIRST_DAY, LAST_DAY, "document")


@bp.get("/")
def home() -> str:
    return render_template(
        "pages/home.html",
        stats=index_stats(),
        newest=documents_page(1, HOME_DOCUMENTS),
    )


@bp.get("/documenten")
def documenten() -> str:
    found = documents_page(page_param(request.args))
    return render_template(
        "pages/documenten.html",
        found=found,
        pagination=found.pagination,
        page_url=lambda number: url_for("pages.documenten", pagina=number),
    )


@bp.get("/zoeken")
def zoeken() -> Response | tuple[str, int] | str:
    if not any((request.args.get(name) or "").strip() for name in ("q", LIKE, *STATE_PARAMS)):
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
        page_url=lambda number: search_url(params, page=number),
        facets=facets(params, result),
        chips=chips(params, catalog()),
        soorten=SOORTEN,
    )


@bp.get("/vraag/<document>/<int:nummer>")
def vraag(document: str, nummer: int) -> Response | str:
    record = question_or_404(document, nummer)
    search = searched(request.args)
    if record["number"] != nummer:  # one record answers several: its first number names it
        canonical = url_for(
            "pages.vraag", document=document, nummer=record["number"], **_state(search)
        )
        return redirect(f"{canonical}#vraag-{nummer}")
    return render_template(
        "pages/vraag.html",
        record=record,
        info=record.get("document_info") or {},
        similar=record["similar"][:SIMILAR_SHOWN],
        similar_questions=record["similar_questions"][:SIMILAR_SHOWN],
        notice=None if record["answer"] else mededeling_for(record),
        search=search,
        permalink=url_for("pages.vraag", document=document, nummer=nummer, _external=True),
    )


@bp.get("/document/<document_id>")
def document(document_id: str) -> str:
    entry = document_or_404(document_id)
    return render_template(
        "pages/document.html",
        doc=entry,
        groups=asker_groups(entry["records"]),
        askers=askers_text(
            {"askers": _unique_askers(entry["records"]), "parties": entry["parties"]}
        ),
        search=searched(request.args),
        # Without JavaScript "alle antwoorden uitklappen" is this link: the same page open.
        unfolded=request.args.get(UNFOLDED) == "1",
        permalink=url_for("pages.document", document_id=document_id, _external=True),
    )


@bp.get("/favicon.ico")
def favicon() -> Response:
    return send_from_directory(
        str(current_app.static_folder), "favicon.ico", max_age=FAVICON_SECONDS
    )


# The document page's parameter for every answer shown open.
UNFOLDED = "uitgeklapt"
FAVICON_SECONDS = 7 * 24 * 3600


def searched(args: MultiDict[str, str]) -> SearchParams | None:
    """The search a reader came from (a hit's link carries it): a query's words marked on
    the page, and a link back for any search, a passage or filters alone too; None when
    there is none or it cannot be run: the page is shown unmarked."""
    if not any((args.get(name) or "").strip() for name in ("q", LIKE, *STATE_PARAMS)):
        return None
    try:
        params = search_params(args)
        engine().resolve_parties(params.parties)
        if params.query and not params.like:  # a passage is no syntax to mark words by
            g.setdefault(HIGHLIGHT, engine().passages(params.query, expand=not params.exact))
    except (ParamError, QuerySyntaxError, UnknownPartyError):
        return None
    return params


def mededeling_for(record: dict[str, Any]) -> dict[str, Any] | None:
    """The Mededeling that stands in for the answer to this record's questions, if any
    (a record of its own: ingest.records.MEDEDELING)."""
    entry = engine().document(record["document"]) or {"records": []}
    numbers = set(record["numbers"])
    for other in entry["records"]:
        if other["kind"] == MEDEDELING and numbers & set(other["numbers"]):
            return other
    return None


def _state(search: SearchParams | None) -> dict[str, Any]:
    return search.url_args() if search is not None else {}


def asker_groups(records: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Consecutive records of the same askers (or, where none are named, the same party)
    together, in document order, each group headed by them."""
    return [(heading, list(group)) for heading, group in groupby(records, key=askers_text)]


def _unique_askers(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: dict[tuple[str, str | None], dict[str, Any]] = {}
    for record in records:
        for person in record.get("askers") or []:
            seen.setdefault((person["name"], person.get("party")), person)
    return list(seen.values())


@bp.app_template_global()
def search_url(params: SearchParams, **changes: Any) -> str:
    return url_for("pages.zoeken", **params.url_args(**changes))


@bp.app_template_global()
def unfiltered_url(params: SearchParams) -> str:
    """The same words (or passage) without any filter: "zoek zonder filters"."""
    return url_for("pages.zoeken", **params.url_args(**params.no_filters()))


@bp.app_template_global()
def follow_url(params: SearchParams) -> str:
    """The Atom feed of a search: its words and filters; a feed is always newest first."""
    return url_for("feeds.zoeken", **params.url_args(sort=RELEVANCE, page=1, more=None))


@bp.app_template_global()
def export_url(params: SearchParams, form: str) -> str:
    """Every match of a search as CSV or NDJSON, in the order the reader chose."""
    return url_for(f"export.{form}", **params.url_args(page=1, more=None))
