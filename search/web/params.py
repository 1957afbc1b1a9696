"""The one place where request parameters are checked and normalised.

The HTML pages and the JSON API take the same parameters; both go through
`search_params`, so a rule (say, what a valid page number is) exists once.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from werkzeug.datastructures import MultiDict

from search.engine import SORTS
from search.hits import RELEVANCE
from search.query import MAX_PASSAGE_CHARS, MAX_QUERY_CHARS

PER_PAGE = 10
# Far beyond any real result list; stops a huge number from turning into a huge offset.
MAX_PAGE = 1000


class ParamError(ValueError):
    """A request parameter a user got wrong; the message says why, in Dutch."""

    status = 400


@dataclass(frozen=True)
class SearchParams:
    query: str
    parties: tuple[str, ...] = ()
    document: str | None = None
    sort: str = RELEVANCE
    page: int = 1
    exact: bool = False  # no synonyms, no compound parts
    like: bool = False  # find by example: `query` is a passage (lijkt_op=…)

    @property
    def offset(self) -> int:
        return (self.page - 1) * PER_PAGE

    @property
    def filtered(self) -> bool:
        return bool(self.parties or self.document)

    def url_args(self, **changes: Any) -> dict[str, Any]:
        """The parameters as url_for arguments, Dutch names, defaults left out.

        Every link on the results page is built from this, so a shared link carries
        exactly the state the reader saw.
        """
        state = replace(self, **changes)
        args: dict[str, Any] = {LIKE if state.like else "q": state.query}
        if state.parties:
            args["partij"] = list(state.parties)
        if state.document:
            args["document"] = state.document
        if state.sort != RELEVANCE:
            args["sorteer"] = state.sort
        if state.page != 1:
            args["pagina"] = state.page
        if state.exact:
            args["exact"] = "1"
        return args

    def with_party(self, party: str) -> dict[str, Any]:
        return self.url_args(parties=(*self.parties, party), page=1)

    def without_party(self, party: str) -> dict[str, Any]:
        return self.url_args(parties=tuple(p for p in self.parties if p != party), page=1)


def search_params(args: MultiDict[str, str]) -> SearchParams:
    """SearchParams from a query string; ParamError for anything malformed."""
    query, like = _query(args)
    return SearchParams(
        query=query,
        parties=_parties(args.getlist("partij")),
        document=(args.get("document") or "").strip() or None,
        sort=_sort(args.get("sorteer")),
        page=_page(args.get("pagina")),
        exact=_flag("exact", args.get("exact")),
        like=like,
    )


# The parameter of find by example: a passage instead of a query (q).
LIKE = "lijkt_op"


def _query(args: MultiDict[str, str]) -> tuple[str, bool]:
    """The query or, with lijkt_op, the passage, and whether it is one."""
    query, passage = (args.get("q") or "").strip(), (args.get(LIKE) or "").strip()
    if query and passage:
        raise ParamError(f"Geef q of {LIKE} op, niet allebei.")
    if not query and not passage:
        raise ParamError("Geef een zoekterm op.")
    text, most, what = (
        (passage, MAX_PASSAGE_CHARS, "tekst") if passage else (query, MAX_QUERY_CHARS, "zoekvraag")
    )
    if len(text) > most:
        raise ParamError(f"De {what} is te lang ({len(text)} tekens); het maximum is {most}.")
    return text, bool(passage)


def check_page(params: SearchParams, total: int) -> None:
    """A page past the last one is an error when there are hits; page 1 of none is not."""
    last = last_page(total)
    if total and params.page > last:
        raise ParamError(f"Pagina {params.page} bestaat niet; er zijn {last} pagina's.")


def last_page(total: int) -> int:
    return max(1, -(-total // PER_PAGE))


def _parties(values: list[str]) -> tuple[str, ...]:
    kept: list[str] = []
    for value in values:
        name = value.strip()
        if name and name not in kept:
            kept.append(name)
    return tuple(kept)


def _sort(value: str | None) -> str:
    sort = (value or RELEVANCE).strip()
    if sort not in SORTS:
        raise ParamError(f"Onbekende sortering {sort!r}; kies uit: {', '.join(SORTS)}.")
    return sort


# What a yes/no parameter (exact=1) accepts; the search form reads FLAG_ON too.
FLAG_ON = ("1", "ja", "true", "on")
_FALSE = {"", "0", "nee", "false", "off"}


def _flag(name: str, value: str | None) -> bool:
    text = (value or "").strip().casefold()
    if text in FLAG_ON:
        return True
    if text in _FALSE:
        return False
    raise ParamError(f"Parameter {name} moet 1 of 0 zijn, niet {value!r}.")


def _page(value: str | None) -> int:
    if value is None or not value.strip():
        return 1
    text = value.strip()
    if not text.isascii() or not text.isdigit() or len(text) > 6:
        raise ParamError(f"Het paginanummer moet een positief geheel getal zijn, niet {text!r}.")
    page = int(text)
    if not 1 <= page <= MAX_PAGE:
        raise ParamError(f"Het paginanummer moet tussen 1 en {MAX_PAGE} liggen (gegeven: {page}).")
    return page
