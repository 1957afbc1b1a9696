"""The one place where request parameters are checked and normalised.

The HTML pages, the JSON API, the feeds and the exports take the same parameters; all
go through `search_params`, so a rule (say, what a valid date is) exists once, and
`SearchParams.url_args` is the one builder of their links.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from werkzeug.datastructures import MultiDict

from search.filters import Filters
from search.options import RELEVANCE, canonical_sort
from search.query import MAX_PASSAGE_CHARS, MAX_QUERY_CHARS
from search.soorten import UnknownSoortError, canonical_soort

PER_PAGE = 10
# Far beyond any real result list; stops a huge number from turning into a huge offset.
MAX_PAGE = 1000
# Each repeatable filter parameter, the SearchParams field it fills and the engine's
# filter field (index.schema) it selects on; `soort` is the kind of document instead.
VALUE_PARAMS = {
    "partij": ("parties", "party"),
    "lid": ("members", "member"),
    "ministerie": ("ministries", "ministry"),
    "minister": ("ministers", "minister"),
}
SOORT = "soort"
FIRST_DAY, LAST_DAY = "van", "tot"
YEAR = "jaar"  # the year facet: chosen as van/tot of one whole year
# Facets whose whole list a `meer=` parameter may ask for.
FACET_PARAMS = ("partij", "lid", "ministerie", YEAR)
# The longest list of values one parameter may carry: far more than anyone chooses.
MAX_VALUES = 50
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class ParamError(ValueError):
    """A request parameter a user got wrong; the message says why, in Dutch."""

    status = 400


@dataclass(frozen=True)
class SearchParams:
    query: str = ""
    parties: tuple[str, ...] = ()
    members: tuple[str, ...] = ()
    ministries: tuple[str, ...] = ()
    ministers: tuple[str, ...] = ()
    soorten: tuple[str, ...] = ()
    first_day: date | None = None
    last_day: date | None = None
    document: str | None = None
    sort: str = RELEVANCE
    page: int = 1
    exact: bool = False  # no synonyms, no compound parts
    more: str | None = None  # the facet shown whole ("meer…"), a FACET_PARAMS name
    like: bool = False  # find by example: `query` is a passage (lijkt_op=…)

    @property
    def offset(self) -> int:
        return (self.page - 1) * PER_PAGE

    @property
    def filtered(self) -> bool:
        return bool(self.filter_args())

    def values(self, param: str) -> tuple[str, ...]:
        """The chosen values of a repeatable parameter ("partij", "lid", …, "soort")."""
        if param == SOORT:
            return self.soorten
        return getattr(self, VALUE_PARAMS[param][0])

    def filters(self) -> Filters:
        """The engine's filters (search.filters) for these parameters; the document is
        passed to the engine on its own."""
        return Filters(
            values={name: self.values(param) for param, (_, name) in VALUE_PARAMS.items()},
            first_day=self.first_day,
            last_day=self.last_day,
            soorten=self.soorten,
        )

    def filter_args(self) -> dict[str, Any]:
        """Only the filters, in URL form: what a new query typed into the form keeps."""
        args: dict[str, Any] = {}
        for param in (*VALUE_PARAMS, SOORT):
            if self.values(param):
                args[param] = list(self.values(param))
        if self.first_day:
            args[FIRST_DAY] = self.first_day.isoformat()
        if self.last_day:
            args[LAST_DAY] = self.last_day.isoformat()
        if self.document:
            args["document"] = self.document
        return args

    def no_filters(self) -> dict[str, Any]:
        """The changes (for url_args) that drop every filter and keep the words or the
        passage, the sort and exact search."""
        cleared: dict[str, Any] = {field: () for field, _ in VALUE_PARAMS.values()}
        return cleared | {
            "soorten": (),
            "first_day": None,
            "last_day": None,
            "document": None,
            "page": 1,
            "more": None,
        }

    def url_args(self, **changes: Any) -> dict[str, Any]:
        """The parameters as url_for arguments, Dutch names, defaults left out.

        Every link on the results page, the feed's and the export's included, is built
        from this, so a shared link carries exactly the state the reader saw.
        """
        state = replace(self, **changes)
        args: dict[str, Any] = {LIKE if state.like else "q": state.query} if state.query else {}
        args.update(state.filter_args())
        if state.sort != RELEVANCE:
            args["sorteer"] = state.sort
        if state.page != 1:
            args["pagina"] = state.page
        if state.exact:
            args["exact"] = "1"
        if state.more:
            args["meer"] = state.more
        return args

    def hidden_fields(self) -> list[tuple[str, str]]:
        """(name, value) of the hidden fields that carry the filters and the sort through
        a new query typed into the search form (which starts at page 1)."""
        args = self.filter_args()
        if self.sort != RELEVANCE:
            args["sorteer"] = self.sort
        return [
            (name, value)
            for name, given in args.items()
            for value in (given if isinstance(given, list) else [given])
        ]

    def with_value(self, param: str, value: str) -> dict[str, Any]:
        """The link that adds a value to a repeatable filter (back to page 1)."""
        return self.with_values(param, (value,))

    def with_values(self, param: str, values: tuple[str, ...]) -> dict[str, Any]:
        """The link that adds values to a repeatable filter, those not chosen yet."""
        chosen = self.values(param)
        return self._changed(param, (*chosen, *(v for v in values if v not in chosen)))

    def without_value(self, param: str, value: str) -> dict[str, Any]:
        return self._changed(param, tuple(v for v in self.values(param) if v != value))

    def _changed(self, param: str, values: tuple[str, ...]) -> dict[str, Any]:
        name = "soorten" if param == SOORT else VALUE_PARAMS[param][0]
        return self.url_args(**{name: values}, page=1, more=None)


def search_params(args: MultiDict[str, str], require_query: bool = True) -> SearchParams:
    """SearchParams from a query string; ParamError for anything malformed. Without a
    query, a search needs a filter (`require_query`); a feed or an export does not."""
    query, like = _query(args)
    values = {
        field: _values(param, args.getlist(param)) for param, (field, _) in VALUE_PARAMS.items()
    }
    params = SearchParams(
        query=query,
        **values,
        soorten=_soorten(args.getlist(SOORT)),
        first_day=_date(FIRST_DAY, args.get(FIRST_DAY)),
        last_day=_date(LAST_DAY, args.get(LAST_DAY)),
        document=(args.get("document") or "").strip() or None,
        sort=_sort(args.get("sorteer")),
        page=_page(args.get("pagina")),
        exact=_flag("exact", args.get("exact")),
        more=_more(args.get("meer")),
        like=like,
    )
    if params.first_day and params.last_day and params.first_day > params.last_day:
        raise ParamError(
            f"De datum bij van ({params.first_day.isoformat()}) ligt na die bij tot "
            f"({params.last_day.isoformat()})."
        )
    if require_query and not query and not params.filtered:
        raise ParamError("Geef een zoekterm op, of kies een filter.")
    return params


# The parameter of find by example: a passage instead of a query (q).
LIKE = "lijkt_op"


def _query(args: MultiDict[str, str]) -> tuple[str, bool]:
    """The query or, with lijkt_op, the passage, and whether it is one."""
    query, passage = (args.get("q") or "").strip(), (args.get(LIKE) or "").strip()
    if query and passage:
        raise ParamError(f"Geef q of {LIKE} op, niet allebei.")
    text, most, what = (
        (passage, MAX_PASSAGE_CHARS, "tekst") if passage else (query, MAX_QUERY_CHARS, "zoekvraag")
    )
    if len(text) > most:
        raise ParamError(f"De {what} is te lang ({len(text)} tekens); het maximum is {most}.")
    return text, bool(passage)


def check_page(page: int, total: int, per_page: int = PER_PAGE) -> None:
    """A page past the last one is an error when there is anything to list; page 1 of
    nothing is not."""
    last = last_page(total, per_page)
    if total and page > last:
        raise ParamError(f"Pagina {page} bestaat niet; er zijn {last} pagina's.")


def last_page(total: int, per_page: int = PER_PAGE) -> int:
    return max(1, -(-total // per_page))


def page_param(args: MultiDict[str, str]) -> int:
    """The `pagina` parameter of a page that lists something other than hits."""
    return _page(args.get("pagina"))


def _values(param: str, given: list[str]) -> tuple[str, ...]:
    kept: list[str] = []
    for value in given:
        name = " ".join(value.split())
        if name and name not in kept:
            kept.append(name)
    if len(kept) > MAX_VALUES:
        raise ParamError(f"Parameter {param} kan hoogstens {MAX_VALUES} waarden hebben.")
    return tuple(kept)


def _soorten(given: list[str]) -> tuple[str, ...]:
    try:
        return tuple(dict.fromkeys(canonical_soort(v) for v in _values(SOORT, given)))
    except UnknownSoortError as error:
        raise ParamError(f"Parameter soort: {error}") from error


def _date(param: str, value: str | None) -> date | None:
    """An ISO date (JJJJ-MM-DD), both ends of a range included."""
    text = (value or "").strip()
    if not text:
        return None
    try:
        if _ISO_DATE.fullmatch(text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise ParamError(
        f"Parameter {param} moet een bestaande datum zijn als JJJJ-MM-DD (gegeven: {text!r})."
    )


def _sort(value: str | None) -> str:
    try:
        return canonical_sort((value or RELEVANCE).strip())
    except ValueError as error:
        raise ParamError(str(error)) from error


def _more(value: str | None) -> str | None:
    text = (value or "").strip()
    if not text:
        return None
    if text not in FACET_PARAMS:
        raise ParamError(
            f"Parameter meer moet een van {', '.join(FACET_PARAMS)} zijn, niet {text!r}."
        )
    return text


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
