"""The filters and facets of the search page and its JSON twin, checked against the records
as the ingest read them from the real letters (and the printed askers of tests/conftest.py):
each filter alone, every pair combined, facet counts that ignore their own filter."""

from __future__ import annotations

import itertools
import json
import re
from collections import Counter
from collections.abc import Callable
from datetime import date
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from flask.testing import FlaskClient

from ingest.layouts.aanhangsel import NAME as AANHANGSEL
from ingest.layouts.schriftelijk_overleg import NAME as SCHRIFTELIJK_OVERLEG
from ingest.records import MEDEDELING, Document, Record

Test = Callable[[Document, Record], bool]


def has_mededeling(document: Document) -> bool:
    return any(record.kind == MEDEDELING for record in document.records)


def in_period(first: date, last: date) -> Test:
    return lambda d, r: d.date is not None and first <= d.date <= last


# (URL parameters, which records they let through), each read off the documents.
FILTERS: dict[str, tuple[dict[str, str], Test]] = {
    "lid": ({"lid": "Van Nispen"}, lambda d, r: "Van Nispen" in [a.name for a in r.askers]),
    "partij": ({"partij": "GroenLinks-PvdA"}, lambda d, r: "GroenLinks-PvdA" in r.parties),
    "ministerie": (
        {"ministerie": "Financiën"},
        lambda d, r: d.ministry == "Ministerie van Financiën",
    ),
    "minister": ({"minister": "Minister Heinen"}, lambda d, r: d.minister == "Minister Heinen"),
    "soort kamervragen": (
        {"soort": "kamervragen"},
        lambda d, r: d.layout == AANHANGSEL and not has_mededeling(d),
    ),
    "soort mededeling": ({"soort": "mededeling"}, lambda d, r: has_mededeling(d)),
    "soort schriftelijk overleg": (
        {"soort": "schriftelijk overleg"},
        lambda d, r: d.layout == SCHRIFTELIJK_OVERLEG,
    ),
    "periode": (
        {"van": "2024-03-01", "tot": "2024-06-30"},
        in_period(date(2024, 3, 1), date(2024, 6, 30)),
    ),
}


def expected(documents: list[Document], *tests: Test) -> Counter:
    return Counter(
        (document.id, tuple(record.numbers))
        for document in documents
        for record in document.records
        if all(test(document, record) for test in tests)
    )


def exported(client: FlaskClient, args: dict[str, str]) -> Counter:
    """Every match of a search (the NDJSON export: all of them, not a page)."""
    response = client.get("/zoeken.ndjson?" + urlencode(args))
    assert response.status_code == 200, response.get_data(as_text=True)
    lines = response.get_data(as_text=True).splitlines()
    return Counter((r["document"], tuple(r["numbers"])) for r in map(json.loads, lines))


@pytest.mark.parametrize("name", FILTERS)
def test_each_filter_alone_lets_through_exactly_its_records(
    kamervragen_pages: FlaskClient, kamervragen_documents: list[Document], name: str
) -> None:
    args, test = FILTERS[name]
    wanted = expected(kamervragen_documents, test)
    assert wanted, f"the real letters hold records for {name}"
    assert exported(kamervragen_pages, args) == wanted
    api = kamervragen_pages.get("/api/zoeken?" + urlencode(args)).get_json()
    assert api["total"] == sum(wanted.values())


@pytest.mark.parametrize(("first", "second"), list(itertools.combinations(FILTERS, 2)))
def test_two_filters_combine_as_and(
    kamervragen_pages: FlaskClient,
    kamervragen_documents: list[Document],
    first: str,
    second: str,
) -> None:
    (first_args, first_test), (second_args, second_test) = FILTERS[first], FILTERS[second]
    if first_args.keys() & second_args.keys():
        # Two values of one parameter: either will do (a disjunction within a filter).
        args = {key: [first_args[key], second_args[key]] for key in first_args}
        wanted = expected(kamervragen_documents, lambda d, r: first_test(d, r) or second_test(d, r))
        found = kamervragen_pages.get("/zoeken.ndjson?" + urlencode(args, doseq=True))
        lines = found.get_data(as_text=True).splitlines()
        got = Counter((r["document"], tuple(r["numbers"])) for r in map(json.loads, lines))
        assert got == wanted
        return
    wanted = expected(kamervragen_documents, first_test, second_test)
    assert exported(kamervragen_pages, {**first_args, **second_args}) == wanted


def test_filters_combine_with_the_query(kamervragen_pages: FlaskClient) -> None:
    alone = kamervragen_pages.get("/api/zoeken?q=minister").get_json()
    narrowed = kamervragen_pages.get("/api/zoeken?q=minister&ministerie=BZK").get_json()
    bzk = "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties"
    assert 0 < narrowed["total"] == alone["facets"]["ministry"][bzk] < alone["total"]
    assert all(hit["ministry"] == bzk for hit in narrowed["hits"])


def counts(documents: list[Document], key: Callable[[Document, Record], list[str]], *tests: Test):
    found: Counter = Counter()
    for document in documents:
        for record in document.records:
            if all(test(document, record) for test in tests):
                found.update(set(key(document, record)))
    return dict(found)


def members(d: Document, r: Record) -> list[str]:
    return [asker.name for asker in r.askers]


def ministry(d: Document, r: Record) -> list[str]:
    return [d.ministry] if d.ministry else []


def year(d: Document, r: Record) -> list[str]:
    return [str(d.date.year)] if d.date else []


def test_facets_count_the_records_each_ignoring_its_own_filter(
    kamervragen_pages: FlaskClient, kamervragen_documents: list[Document]
) -> None:
    docs = kamervragen_documents
    _, is_van_nispen = FILTERS["lid"]
    facets = kamervragen_pages.get("/api/zoeken?lid=Van+Nispen").get_json()["facets"]
    # The member facet ignores the member filter: every member with their records.
    assert facets["member"] == counts(docs, members)
    # The others count Van Nispen's records only.
    assert facets["ministry"] == counts(docs, ministry, is_van_nispen)
    assert facets["year"] == counts(docs, year, is_van_nispen)
    assert facets["party"] == counts(docs, lambda d, r: r.parties, is_van_nispen)


def test_a_facet_is_bounded_and_meer_shows_it_whole(kamervragen_pages: FlaskClient) -> None:
    parties = kamervragen_pages.get("/api/zoeken?q=minister").get_json()["facets"]["party"]
    assert len(parties) > 8, "more parties than a facet shows"
    page = kamervragen_pages.get("/zoeken?q=minister").get_data(as_text=True)
    group = facet_group(page, "partij")
    # The eight with most hits, in the API's order, then "meer…" (a plain link).
    assert facet_names(group) == list(parties)[:8]
    assert 'href="/zoeken?q=minister&amp;meer=partij"' in group
    whole = facet_group(
        kamervragen_pages.get("/zoeken?q=minister&meer=partij").get_data(as_text=True), "partij"
    )
    assert facet_names(whole) == list(parties)
    assert 'href="/zoeken?q=minister"' in whole  # back to the short list
    # Choosing a value leaves the whole list: the link drops `meer`.
    assert 'href="/zoeken?q=minister&amp;partij=SP"' in whole


def facet_names(group: str) -> list[str]:
    return re.findall(r'<span class="facet-name">([^<]+)</span>', group)


def facet_group(page: str, param: str) -> str:
    start = page.index(f'aria-labelledby="facet-{param}"')
    return page[start : page.index("</section>", start)]


def test_chips_name_the_filters_as_people_read_them(kamervragen_pages: FlaskClient) -> None:
    url = (
        "/zoeken?q=minister&lid=van-nispen&ministerie=BZK&soort=mededeling"
        "&van=2024-01-01&tot=2024-12-31&document=ah-tk-20232024-1999"
    )
    page = kamervragen_pages.get(url).get_data(as_text=True)
    chips = re.findall(r'<a class="chip" href="[^"]*" aria-label="[^"]*">([^<]+) <span', page)
    assert chips == [
        "Kamerlid: Van Nispen",  # the index's spelling, not the slug typed
        "Ministerie: Ministerie van Binnenlandse Zaken en Koninkrijksrelaties",  # from "BZK"
        "Soort: Mededeling",
        "Periode: 2024",
        # A document by its subject and date, never by its id.
        "Document: juridische analyse(s) van het hoofdlijnenakkoord (7 juni 2024)",
    ]


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        ("q=x&van=gisteren", "van"),
        ("q=x&tot=2024-13-01", "tot"),
        ("q=x&van=2024-06-01&tot=2024-01-01", "ligt na"),
        ("q=x&soort=brieven", "Onbekende soort"),
        ("q=x&lid=Niemand", "Kamerlid"),
        ("q=x&ministerie=Oorlog", "ministerie"),
    ],
)
def test_a_bad_filter_is_a_dutch_400_naming_it(
    kamervragen_pages: FlaskClient, args: str, fragment: str
) -> None:
    for path in ("/zoeken", "/api/zoeken", "/zoeken.csv"):
        response = kamervragen_pages.get(f"{path}?{args}")
        assert response.status_code == 400, path
        assert fragment in response.get_data(as_text=True), path


def test_a_value_typed_as_a_slug_is_the_chosen_facet_value(kamervragen_pages: FlaskClient) -> None:
    page = kamervragen_pages.get("/zoeken?q=minister&lid=keijzer").get_data(as_text=True)
    group = facet_group(page, "lid")
    chosen = (
        r'<a href="([^"]*)"[^>]*>\s*<span class="facet-name">'
        r'<span aria-hidden="true">✓ </span>(\w+)<'
    )
    # Keijzer is the one chosen value: its link removes it.
    assert re.findall(chosen, group) == [("/zoeken?q=minister", "Keijzer")]
    # The others add to the index's spelling; the slug as typed appears nowhere.
    assert "lid=Keijzer&amp;lid=Kosti%C4%87" in group
    assert "lid=keijzer" not in page


class SearchForm(HTMLParser):
    """The fields the search form sends, as a browser would (an unchecked box sends none)."""

    def __init__(self) -> None:
        super().__init__()
        self.inside = False
        self.fields: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "form":
            self.inside = found.get("role") == "search"
        elif tag == "input" and self.inside and found.get("name") and self._sends(found):
            self.fields.append((found["name"], found.get("value") or ""))

    @staticmethod
    def _sends(found: dict[str, str | None]) -> bool:
        return found.get("type") != "checkbox" or "checked" in found

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False


def test_every_filter_and_the_sort_survive_a_new_query(kamervragen_pages: FlaskClient) -> None:
    url = (
        "/zoeken?q=minister&partij=BBB&lid=Keijzer&ministerie=BZK&minister=Minister+De+Jonge"
        "&soort=kamervragen&van=2024-01-01&tot=2024-12-31&sorteer=oudste&pagina=1"
    )
    form = SearchForm()
    form.feed(kamervragen_pages.get(url).get_data(as_text=True))
    sent = [(name, "huisvesting" if name == "q" else value) for name, value in form.fields]
    page = kamervragen_pages.get("/zoeken?" + urlencode(sent)).get_data(as_text=True)
    chips = re.findall(r'<a class="chip" href="[^"]*" aria-label="[^"]*">([^<]+) <span', page)
    assert chips == [
        "Partij: BBB",
        "Kamerlid: Keijzer",
        "Ministerie: Ministerie van Binnenlandse Zaken en Koninkrijksrelaties",
        "Bewindspersoon: Minister De Jonge",
        "Soort: Kamervragen",
        "Periode: 2024",
    ]
    assert '<strong aria-current="true">oudste eerst</strong>' in page
    assert ("sorteer", "oudste") in sent and "pagina" not in dict(sent)
    api = kamervragen_pages.get("/api/zoeken?" + urlencode(sent)).get_json()
    assert api["total"] > 0
    assert all("Keijzer" in [a["name"] for a in hit["askers"]] for hit in api["hits"])
