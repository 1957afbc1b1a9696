"""JSON twins of the pages, same parameters; errors as {"error": message}."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, request

from search.web.params import page_param, search_params
from search.web.service import document_or_404, documents_page, question_or_404, run_search

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/zoeken")
def zoeken() -> dict[str, Any]:
    result, pagination = run_search(search_params(request.args))
    # Exactly `vraagbaak search --json`, plus where this page sits in the whole list.
    return {**result.to_json(), "pagination": pagination.to_json()}


@bp.get("/vraag/<document>/<int:nummer>")
def vraag(document: str, nummer: int) -> dict[str, Any]:
    return question_or_404(document, nummer)


@bp.get("/document/<document_id>")
def document(document_id: str) -> dict[str, Any]:
    return document_or_404(document_id)


@bp.get("/documenten")
def documenten() -> dict[str, Any]:
    return documents_page(page_param(request.args)).to_json()
