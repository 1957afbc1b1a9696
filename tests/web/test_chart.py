"""The chart of who asks what: its geometry, its page, its links and its table."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import parse_qs, urlencode, urlsplit

from search.periods import YEARS, PeriodCounts
from search.web.chart import OTHERS, _nice_top, bar_chart, period_days, period_name
from tests.web.test_pages import html


def test_periods_are_named_and_bounded() -> None:
    assert period_name("2024") == "2024" and period_name("2024-08") == "aug. 2024"
    assert period_name("2024-03") == "mrt. 2024" and period_name("2024-05") == "mei 2024"
    assert period_days("2024-02") == (date(2024, 2, 1), date(2024, 2, 29))
    assert period_days("2023-12") == (date(2023, 12, 1), date(2023, 12, 31))
    assert period_days("2024") == (date(2024, 1, 1), date(2024, 12, 31))


def test_the_axis_top_is_round_and_above_the_highest_bar() -> None:
    for value in (0, 3, 7, 48, 112, 999, 12345):
        top = _nice_top(value)
        assert top >= value and top % 4 == 0


def test_many_parties_become_named_bars_and_one_rest() -> None:
    parties = {f"Partij {i}": {"2023": i, "2024": 1} for i in range(1, 12)}
    counts = PeriodCounts("party", YEARS, ["2023", "2024"], parties, total=77)
    chart = bar_chart(counts, lambda party, period: f"/{party}/{period}", "T", ("x", "xen"))
    names = [name for name, _ in chart.legend]
    assert len(names) == 8 and names[-1] == OTHERS
    rest = next(row for row in chart.table_rows if row[0] == OTHERS)
    assert rest[2] == sum(sum(c.values()) for n, c in parties.items() if n not in names)
    first = chart.bars[0]
    assert first.total == sum(range(1, 12))
    # Stacked from the base upwards, each segment on the one before.
    for lower, upper in zip(first.segments, first.segments[1:], strict=False):
        assert abs(upper.y + upper.height - lower.y) < 1e-9
    assert first.segments[-1].url == "/None/2023"  # the rest: the period's whole search


def test_the_chart_page_draws_the_counts_and_links_each_bar(kamervragen_pages) -> None:
    page = html(kamervragen_pages, "/statistiek?q=bunq")
    svg = re.search(r"<svg class=\"chart-svg\".*?</svg>", page, re.S).group(0)
    assert '<title id="grafiek-titel">' in svg and '<desc id="grafiek-uitleg">' in svg
    [link] = re.findall(r'<a href="([^"]+)" aria-label="([^"]+)"', svg)
    url, label = link
    assert label == "GroenLinks-PvdA, aug. 2024: 4 antwoorden"
    args = parse_qs(urlsplit(url.replace("&amp;", "&")).query)
    assert args == {
        "q": ["bunq"],
        "partij": ["GroenLinks-PvdA"],
        "van": ["2024-08-01"],
        "tot": ["2024-08-31"],
    }
    total = kamervragen_pages.get(
        "/api/zoeken", query_string={"q": "bunq", "partij": "GroenLinks-PvdA"}
    ).get_json()["total"]
    assert total == 4
    table = re.search(r'<table class="chart-table">.*?</table>', page, re.S).group(0)
    assert re.search(r'<th scope="row">GroenLinks-PvdA</th><td>4</td><td>4</td>', table)


def test_the_results_page_links_to_its_chart_with_its_filters(kamervragen_pages) -> None:
    page = html(kamervragen_pages, "/zoeken?q=de&partij=SP&exact=1")
    link = re.search(r'<a href="(/statistiek[^"]+)">Bekijk als grafiek</a>', page).group(1)
    args = parse_qs(urlsplit(link.replace("&amp;", "&")).query)
    assert args == {"q": ["de"], "partij": ["SP"], "exact": ["1"]}
    chart = html(kamervragen_pages, link.replace("&amp;", "&"))
    assert re.findall(r'<th scope="row">([^<]+)</th>', chart) == ["SP"]


def test_bad_chart_parameters_are_dutch_400s(kamervragen_pages) -> None:
    for url in (
        "/statistiek?q=",
        "/statistiek?q=de&partij=Onbekend",
        "/statistiek?q=%22open",
        "/statistiek?q=de&document=bestaat-niet",
    ):
        response = kamervragen_pages.get(url)
        assert response.status_code == 400, url
        assert "<h1>Ongeldige aanvraag</h1>" in response.get_data(as_text=True)


def chart_total(page: str) -> int:
    """The sum of the chart table's rows' totals (their last cells)."""
    table = re.search(r'<table class="chart-table">.*?</table>', page, re.S)
    if table is None:  # nothing to count: no table drawn
        return 0
    return sum(int(total) for total in re.findall(r"<td>(\d+)</td></tr>", table.group(0)))


def test_the_chart_counts_the_search_with_every_filter(kamervragen_pages) -> None:
    # Each filter of the results page narrows the chart as it narrows the results.
    for args in (
        {"q": "minister", "ministerie": "BZK"},
        {"q": "minister", "van": "2024-06-01", "tot": "2024-07-31"},
        {"ministerie": "Financiën"},
        {"q": "beantwoording", "soort": "mededeling"},
    ):
        found = kamervragen_pages.get("/api/zoeken", query_string=args).get_json()
        page = html(kamervragen_pages, "/statistiek?" + urlencode(args))
        parties = sum(found["facets"]["party"].values())
        assert parties > 0 and chart_total(page) == parties, args
        # A bar within the search's own dates stays within them.
        for url in re.findall(r'<a href="(/zoeken[^"]+)" aria-label=', page):
            chosen = parse_qs(urlsplit(url.replace("&amp;", "&")).query)
            if "van" in args:
                assert chosen["van"][0] >= args["van"] and chosen["tot"][0] <= args["tot"]


def test_a_search_by_example_has_no_chart(kamervragen_pages) -> None:
    page = html(kamervragen_pages, "/statistiek?lijkt_op=woningen", status=400)
    assert "geplakte tekst" in page


def test_member_and_ministry_pages_show_their_chart(kamervragen_pages) -> None:
    for url in ("/lid/keijzer", "/ministerie/financien"):
        page = html(kamervragen_pages, url)
        name = kamervragen_pages.get("/api" + url).get_json()["name"]
        assert re.search(r'<figcaption id="grafiek-kop"[^>]*>[^<]*' + re.escape(name), page)
        segments = re.findall(r'<a href="(/zoeken[^"]+)" aria-label=', page)
        assert segments
        for segment in segments:
            assert kamervragen_pages.get(segment.replace("&amp;", "&")).status_code == 200
