"""What the pages and the API share beyond parameters: the app's engine and one search call."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import PurePath
from typing import Any, TypeVar

from flask import current_app, g

from search.engine import AllMatches, SearchEngine, SearchResult
from search.filters import UnknownValueError
from search.soorten import UnknownSoortError
from search.web.errors import NotFoundError
from search.web.params import PER_PAGE, ParamError, SearchParams, check_page, last_page

# The list of documents, a page at a time: an archive holds thousands (4,577 at 100,000
# questions made the whole list a page of 1 MiB).
DOCUMENTS_PER_PAGE = 50
ENGINE_KEY = "vraagbaak.engine"
DERIVED_KEY = "vraagbaak.derived"  # per name: (the catalog it was derived from, the value)
T = TypeVar("T")


def engine() -> SearchEngine:
    """The app's one engine; it follows new index generations itself, so it is never reopened."""
    return current_app.extensions[ENGINE_KEY]


def catalog() -> dict[str, Any]:
    """The live generation's catalog (its documents), asked of the engine once per request:
    a page names a document for every hit and citation, and each time the engine would
    read which generation is live."""
    if "catalog" not in g:
        g.catalog = engine().catalog
    return g.catalog


def per_generation(name: str, derive: Callable[[dict[str, Any]], T]) -> T:
    """`derive(catalog)`, computed once per index generation rather than per request
    (the ministries in every page's footer, the home page's figures); a new generation
    has a new catalog, which replaces the value. One value per name: bounded."""
    store = current_app.extensions.setdefault(DERIVED_KEY, {})
    live = catalog()
    found = store.get(name)
    if found is None or found[0] is not live:
        found = store[name] = (live, derive(live))
    return found[1]


@dataclass(frozen=True)
class Pagination:
    page: int
    pages: int
    total: int
    per_page: int = PER_PAGE

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def first_shown(self) -> int:
        return (self.page - 1) * self.per_page + 1 if self.total else 0

    @property
    def last_shown(self) -> int:
        return min(self.total, self.page * self.per_page)

    def window(self, radius: int = 2) -> list[int | None]:
        """Page numbers to link: first, last and those near this one; None marks a gap."""
        near = range(max(1, self.page - radius), min(self.pages, self.page + radius) + 1)
        shown = sorted({1, self.pages, *near})
        numbers: list[int | None] = []
        for number in shown:
            if numbers and number - (numbers[-1] or 0) > 1:
                numbers.append(None)
            numbers.append(number)
        return numbers

    def to_json(self) -> dict[str, Any]:
        return {
            "page": self.page,
            "pages": self.pages,
            "per_page": self.per_page,
            "total": self.total,
        }


def resolved(params: SearchParams) -> SearchParams:
    """`params` with every name in the index's spelling: a member's slug ("van-nispen")
    as "Van Nispen", "BZK" as the ministry's full name, a party's alias as the party. So
    the chips, the facets' chosen values and every link (a feed's id too) name a value
    one way. ParamError for a name no record has; UnknownPartyError passes through."""
    found = engine()
    try:
        return replace(
            params,
            parties=tuple(found.resolve_parties(params.parties)),
            members=found.resolve_values("member", params.members),
            ministries=found.resolve_values("ministry", params.ministries),
            ministers=found.resolve_values("minister", params.ministers),
        )
    except UnknownValueError as error:
        raise ParamError(str(error)) from error


@dataclass(frozen=True)
class DocumentsPage:
    documents: list[dict[str, Any]]
    pagination: Pagination

    def to_json(self) -> dict[str, Any]:
        return {"documents": self.documents, "pagination": self.pagination.to_json()}


def run_search(
    params: SearchParams, limit: int = PER_PAGE, sort: str | None = None
) -> tuple[SearchResult, Pagination]:
    """The search the results page, /api/zoeken and the feeds run, page range checked
    (a feed asks for its own `limit` and `sort`).

    QuerySyntaxError and UnknownPartyError pass through: each view shows them its own way.
    """
    try:
        result = engine().search(
            params.query or None,
            document=params.document,
            sort=sort or params.sort,
            limit=limit,
            offset=params.offset,
            expand=not params.exact,
            filters=params.filters(),
            like=params.like,
        )
    except (LookupError, UnknownSoortError) as error:
        # An unknown document, member, ministry or soort in a filter is a bad parameter
        # here, not a missing page.
        raise ParamError(str(error)) from error
    check_page(params.page, result.total)
    return result, Pagination(params.page, last_page(result.total), result.total)


def all_matches(params: SearchParams) -> AllMatches:
    """Every match of the search, for an export: checked now, read while it is sent."""
    filters = params.filters()
    if params.document:
        filters = replace(filters, values={**filters.values, "document": (params.document,)})
    try:
        return engine().every_match(
            params.query or None, filters=filters, sort=params.sort, expand=not params.exact
        )
    except (LookupError, UnknownSoortError) as error:
        raise ParamError(str(error)) from error


def public_info(info: dict[str, Any] | None) -> dict[str, Any] | None:
    """Document metadata for the web: the source file by name, never the server's path."""
    if info is None:
        return None
    return {**info, "source": PurePath(info["source"]).name}


def question_or_404(document: str, number: int) -> dict[str, Any]:
    record = engine().question(document, number)
    if record is None:
        raise NotFoundError(f"Vraag {number} staat niet in document {document!r}.")
    return {**record, "document_info": public_info(record["document_info"])}


def document_or_404(document_id: str) -> dict[str, Any]:
    entry = engine().document(document_id)
    if entry is None:
        raise NotFoundError(f"Document {document_id!r} staat niet in de index.")
    return public_info(entry)


def index_stats() -> dict[str, Any]:
    """The live generation's figures (documents, questions, dates, parties), once per
    generation: the start page and every feed without entries show them, and they sort
    every document."""
    return per_generation("stats", lambda _: engine().stats())


def newest_documents() -> list[dict[str, Any]]:
    """Every indexed document, newest first, sorted once per generation."""
    return per_generation("documents", lambda _: engine().documents())


def documents_page(page: int, per_page: int | None = None) -> DocumentsPage:
    """One page of the indexed documents, newest first (DOCUMENTS_PER_PAGE to a page
    unless told); a page past the last is a ParamError, as in a search."""
    per_page = per_page or DOCUMENTS_PER_PAGE
    entries = newest_documents()
    check_page(page, len(entries), per_page)
    start = (page - 1) * per_page
    shown = [public_info(info) for info in entries[start : start + per_page]]
    pagination = Pagination(page, last_page(len(entries), per_page), len(entries), per_page)
    return DocumentsPage(shown, pagination)
