"""Parameter rules, shared by the pages and the API, checked on their own."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from search.web.params import (
    MAX_PAGE,
    ParamError,
    SearchParams,
    check_page,
    last_page,
    search_params,
)


def parse(**pairs: str | list[str]) -> SearchParams:
    return search_params(MultiDict(pairs))


def test_defaults_and_trimming() -> None:
    params = parse(q="  MQ-9 ")
    assert params == SearchParams(query="MQ-9")
    assert params.offset == 0 and not params.filtered


def test_parties_are_trimmed_and_deduplicated() -> None:
    params = search_params(
        MultiDict([("q", "x"), ("partij", " SGP"), ("partij", "SGP"), ("partij", "")])
    )
    assert params.parties == ("SGP",)


@pytest.mark.parametrize("page", ["abc", "0", "-1", "1.5", "²", str(MAX_PAGE + 1), "9" * 5000])
def test_bad_page_numbers(page: str) -> None:
    with pytest.raises(ParamError):
        parse(q="x", pagina=page)


def test_page_offset() -> None:
    assert parse(q="x", pagina="3").offset == 20


@pytest.mark.parametrize("query", ["", "   "])
def test_empty_query(query: str) -> None:
    with pytest.raises(ParamError, match="zoekterm"):
        parse(q=query)


def test_long_query_refused() -> None:
    parse(q="a" * 500)
    with pytest.raises(ParamError, match="te lang"):
        parse(q="a" * 501)


def test_unknown_sort() -> None:
    assert parse(q="x", sorteer="datum").sort == "nieuwste"  # the old name, still valid
    assert parse(q="x", sorteer="oudste").sort == "oudste"
    with pytest.raises(ParamError, match="sortering"):
        parse(q="x", sorteer="alfabet")


def test_page_range_against_total() -> None:
    assert last_page(0) == 1 and last_page(10) == 1 and last_page(11) == 2
    check_page(2, 11)
    with pytest.raises(ParamError, match="Pagina 3 bestaat niet"):
        check_page(3, 11)
    check_page(1, 0)  # "no hits" is a page of its own
    assert last_page(100, per_page=50) == 2 and last_page(101, per_page=50) == 3
    check_page(3, 101, per_page=50)
    with pytest.raises(ParamError, match="Pagina 4 bestaat niet; er zijn 3 pagina's"):
        check_page(4, 101, per_page=50)


def test_url_args_leave_out_defaults_and_reset_the_page() -> None:
    params = SearchParams("MQ-9", parties=("SGP",), sort="nieuwste", page=2)
    assert params.url_args() == {
        "q": "MQ-9",
        "partij": ["SGP"],
        "sorteer": "nieuwste",
        "pagina": 2,
    }
    assert params.with_value("partij", "CDA") == {
        "q": "MQ-9",
        "partij": ["SGP", "CDA"],
        "sorteer": "nieuwste",
    }
    assert params.without_value("partij", "SGP") == {"q": "MQ-9", "sorteer": "nieuwste"}
