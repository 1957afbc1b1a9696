"""A member's page and a ministry's, with their JSON twins, against the records of the real
letters (the askers as printed, tests/conftest.py): counts, period, years, parties."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from flask.testing import FlaskClient

from ingest.records import Document


def records_of(documents: list[Document], member: str | None = None, ministry: str | None = None):
    return [
        (document, record)
        for document in documents
        for record in document.records
        if (member is None or member in [a.name for a in record.askers])
        and (ministry is None or document.ministry == ministry)
    ]


def test_a_members_json_says_what_they_asked(
    kamervragen_pages: FlaskClient, kamervragen_documents: list[Document]
) -> None:
    found = records_of(kamervragen_documents, member="Keijzer")
    page = kamervragen_pages.get("/api/lid/keijzer").get_json()
    assert page["name"] == "Keijzer" and page["slug"] == "keijzer"
    assert page["total"] == len(found)
    dates = sorted(document.date.isoformat() for document, _ in found)
    assert (page["first_date"], page["last_date"]) == (dates[0], dates[-1])
    assert page["years"] == dict(Counter(str(document.date.year) for document, _ in found))
    assert page["parties"] == {"BBB": len(found)}
    assert page["ministries"] == dict(Counter(document.ministry for document, _ in found))
    assert [r["numbers"] for r in page["records"]] == [r.numbers for _, r in found]
    assert page["feed"] == "/lid/keijzer.atom"
    search = kamervragen_pages.get("/api" + page["search"]).get_json()
    assert search["total"] == page["total"]


def test_years_are_counted_per_answer_year(
    kamervragen_pages: FlaskClient, kamervragen_documents: list[Document]
) -> None:
    found = records_of(kamervragen_documents, ministry="Ministerie van Financiën")
    page = kamervragen_pages.get("/api/ministerie/financien").get_json()
    assert page["years"] == dict(Counter(str(d.date.year) for d, _ in found))
    assert page["total"] == len(found) > 12  # two letters, 1786 and 2367
    assert page["members"] == {"Van der Lee": 5}  # 1786's askers are not printed in the test set


def test_a_members_page_shows_party_period_years_and_records(
    kamervragen_pages: FlaskClient,
) -> None:
    text = kamervragen_pages.get("/lid/van-der-lee").get_data(as_text=True)
    assert "<h1>Van der Lee</h1>" in text
    assert '<p class="lead">GroenLinks-PvdA</p>' in text
    assert "5 vragen en antwoorden, 29 augustus 2024 tot en met 29 augustus 2024." in text
    assert re.search(r'<span class="facet-name">2024</span> <span class="count">5</span>', text)
    assert 'href="/ministerie/financien"' in text  # the ministry that answered, its own page
    assert text.count('<li class="hit">') == 5
    assert '<link rel="alternate" type="application/atom+xml"' in text.split("</head>")[0]


def test_a_ministry_page_links_its_members(kamervragen_pages: FlaskClient) -> None:
    text = kamervragen_pages.get("/ministerie/financien").get_data(as_text=True)
    assert "<h1>Ministerie van Financiën</h1>" in text
    assert 'href="/lid/van-der-lee"' in text
    assert 'href="/ministerie/financien.atom"' in text


@pytest.mark.parametrize(
    ("typed", "slug"),
    [
        ("/lid/Kosti%C4%87", "/lid/kostic"),
        ("/lid/Van%20der%20Lee", "/lid/van-der-lee"),
        ("/ministerie/BZK", "/ministerie/binnenlandse-zaken-en-koninkrijksrelaties"),
        ("/api/ministerie/Financi%C3%ABn", "/api/ministerie/financien"),
    ],
)
def test_any_spelling_redirects_to_the_one_address(
    kamervragen_pages: FlaskClient, typed: str, slug: str
) -> None:
    response = kamervragen_pages.get(typed)
    assert response.status_code == 302 and response.headers["Location"] == slug
    assert kamervragen_pages.get(slug).status_code == 200


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/lid/niemand", "Kamerlid 'niemand' staat niet in de index."),
        ("/ministerie/oorlog", "Ministerie 'oorlog' staat niet in de index."),
        ("/lid/niemand.atom", "Kamerlid 'niemand' staat niet in de index."),
    ],
)
def test_an_unknown_name_is_a_dutch_404(
    kamervragen_pages: FlaskClient, url: str, message: str
) -> None:
    response = kamervragen_pages.get(url)
    assert response.status_code == 404
    assert message in response.get_data(as_text=True).replace("&#39;", "'")
    api = kamervragen_pages.get("/api" + url.removesuffix(".atom"))
    assert api.status_code == 404 and api.get_json() == {"error": message}


def test_a_ministry_page_shows_its_most_frequent_members_and_links_the_rest(
    kamervragen_pages: FlaskClient, kamervragen_documents: list[Document], monkeypatch
) -> None:
    from search.names import MINISTRY, page_slug
    from search.web import people

    asked = {}  # per ministry, how many records each member asked it
    for document in kamervragen_documents:
        for record in document.records:
            for asker in record.askers:
                asked.setdefault(document.ministry, Counter())[asker.name] += 1
    ministry, askers = max(asked.items(), key=lambda item: len(item[1]))
    assert len(askers) > 2
    slug = page_slug(MINISTRY, ministry)
    monkeypatch.setattr(people, "COUNTERPARTS_SHOWN", 2)
    page = kamervragen_pages.get(f"/api/ministerie/{slug}").get_json()
    assert page["members_total"] == len(askers)
    assert list(page["members"].values()) == sorted(askers.values(), reverse=True)[:2]
    text = kamervragen_pages.get(f"/ministerie/{slug}").get_data(as_text=True)
    listed = re.findall(r'<a class="facet" href="/lid/', text)
    assert len(listed) == 2
    more = re.search(r'<p class="facet-more"><a href="([^"]+)">Alle (\d+) Kamerleden</a>', text)
    assert more and int(more.group(2)) == len(askers)
    whole = kamervragen_pages.get(more.group(1).replace("/zoeken", "/api/zoeken", 1)).get_json()
    assert len(whole["facets"]["member"]) == len(askers)  # the facet shown whole
