"""Every failure as a Dutch page (or JSON under /api/) with the right status; never a traceback."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from index.store import IndexMissingError
from search.engine import UnknownPartyError
from search.query import QuerySyntaxError
from search.web.params import ParamError

bp = Blueprint("errors", __name__)

TITLES = {
    400: "Ongeldige zoekopdracht",
    404: "Niet gevonden",
    405: "Methode niet toegestaan",
    500: "Er ging iets mis",
    503: "Nog geen index",
}

# Werkzeug's own descriptions are English; a Dutch reader gets these instead.
MESSAGES = {
    400: "De aanvraag kon niet worden begrepen.",
    404: "Deze pagina bestaat niet. Controleer het adres of begin een nieuwe zoekopdracht.",
    405: "Deze pagina kan zo niet worden opgevraagd.",
    500: "Er ging aan onze kant iets mis. Probeer het later nog eens.",
    503: "Er is nog geen index. Bouw hem met: vraagbaak ingest",
}


class NotFoundError(LookupError):
    """A document or question that does not exist; the message names it, in Dutch."""


def error_response(status: int, message: str) -> tuple[Response | str, int]:
    """JSON {"error": …} for the API, else the Dutch error page, both with `status`."""
    if request.path.startswith("/api/"):
        return jsonify(error=message), status
    title = TITLES.get(status, TITLES[500])
    return render_template("errors/error.html", status=status, title=title, message=message), status


@bp.app_errorhandler(ParamError)
@bp.app_errorhandler(QuerySyntaxError)
@bp.app_errorhandler(UnknownPartyError)
def bad_request(error: ValueError) -> tuple[Response | str, int]:
    # The engine's messages are already Dutch and name the fix (e.g. the known parties).
    return error_response(400, str(error))


@bp.app_errorhandler(NotFoundError)
def not_found(error: NotFoundError) -> tuple[Response | str, int]:
    return error_response(404, str(error))


@bp.app_errorhandler(IndexMissingError)
def index_missing(error: IndexMissingError) -> tuple[Response | str, int]:
    current_app.logger.warning("no index: %s", error)
    return error_response(503, MESSAGES[503])


@bp.app_errorhandler(HTTPException)
def http_error(error: HTTPException) -> tuple[Response | str, int]:
    status = error.code or 500
    return error_response(status, MESSAGES.get(status, MESSAGES[400]))


@bp.app_errorhandler(Exception)
def unexpected(error: Exception) -> tuple[Response | str, int]:
    # Logged for the operator; the reader only gets a calm Dutch sentence.
    current_app.logger.exception("unexpected error on %s", request.path)
    return error_response(500, MESSAGES[500])
