"""Every failure as a Dutch page (or JSON under /api/) with the right status; never a traceback."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    current_app,
    jsonify,
    make_response,
    render_template,
    request,
)
from werkzeug.exceptions import HTTPException

from index.store import IndexDamagedError, IndexMissingError
from search.engine import UnknownPartyError
from search.query import QuerySyntaxError
from search.web.params import ParamError
from search.web.security import BadHostError

bp = Blueprint("errors", __name__)

TITLES = {
    400: "Ongeldige aanvraag",
    404: "Niet gevonden",
    405: "Methode niet toegestaan",
    408: "Aanvraag te traag",
    413: "Aanvraag te groot",
    414: "Adres te lang",
    431: "Aanvraag te groot",
    500: "Er ging iets mis",
    501: "Niet ondersteund",
    503: "Nog geen index",
}

# Werkzeug's and the server's own descriptions are English; a Dutch reader gets these.
MESSAGES = {
    400: "De aanvraag kon niet worden begrepen.",
    404: "Deze pagina bestaat niet. Controleer het adres of begin een nieuwe zoekopdracht.",
    405: "Deze pagina kan zo niet worden opgevraagd.",
    408: "De aanvraag kwam niet op tijd binnen. Probeer het nog eens.",
    413: "De aanvraag is te groot.",
    414: "Het adres is te lang. Maak de zoekopdracht korter.",
    431: "De kopregels van de aanvraag zijn te groot.",
    500: "Er ging aan onze kant iets mis. Probeer het later nog eens.",
    501: "Deze manier van versturen wordt niet ondersteund.",
    503: "Er is nog geen index. Bouw hem met: vraagbaak ingest",
}

DAMAGED_MESSAGE = (
    "De index is beschadigd en kan nu niet worden doorzocht. De beheerder ziet met "
    "vraagbaak check wat er mis is."
)


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
@bp.app_errorhandler(BadHostError)
def bad_request(error: ValueError) -> tuple[Response | str, int]:
    # The engine's messages are already Dutch and name the fix (e.g. the known parties).
    return error_response(400, str(error))


@bp.app_errorhandler(NotFoundError)
def not_found(error: NotFoundError) -> tuple[Response | str, int]:
    return error_response(404, str(error))


@bp.app_errorhandler(IndexMissingError)
def index_missing(error: IndexMissingError) -> tuple[Response | str, int]:
    current_app.logger.warning("no index: %s", error)
    if isinstance(error, IndexDamagedError):  # the log names the files; the page does not
        return error_response(503, DAMAGED_MESSAGE)
    return error_response(503, MESSAGES[503])


@bp.app_errorhandler(HTTPException)
def http_error(error: HTTPException) -> Response:
    status = error.code or 500
    response = make_response(error_response(status, MESSAGES.get(status, MESSAGES[400])))
    # The error's own headers stay, such as the Allow a 405 must carry (RFC 9110).
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


@bp.app_errorhandler(Exception)
def unexpected(error: Exception) -> tuple[Response | str, int]:
    # Logged for the operator; the reader only gets a calm Dutch sentence.
    current_app.logger.exception("unexpected error on %s", request.path)
    return error_response(500, MESSAGES[500])
