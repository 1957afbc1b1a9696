"""A facet's value links (search.web.facets): each the link url_for makes for its value,
also for values and queries that URL encoding changes, beside chosen values."""

from __future__ import annotations

from flask import Flask

from search.web.facets import _adding_links, search_link
from search.web.params import SearchParams

ODD = ["Van de Brug", "D66", "A&B=C+D", "één/twee?", "50%", "#1 ;:@!$'()*,", "GL-PvdA"]


def test_each_value_s_link_is_the_one_url_for_makes(app: Flask) -> None:
    states = [
        SearchParams("defensie"),
        SearchParams(""),
        SearchParams("navo & f-35 = 100%", members=("Kostić",), sort="nieuwste", page=3),
        SearchParams("x", parties=("SP",), members=("A", "B"), ministries=("Financiën",)),
    ]
    with app.test_request_context():
        for params in states:
            for param in ("lid", "partij", "ministerie"):
                chosen = params.values(param)
                values = [value for value in ODD if value not in chosen]
                expected = [search_link(params.with_value(param, value)) for value in values]
                assert _adding_links(params, param, values) == expected
                assert _adding_links(params, param, []) == []
