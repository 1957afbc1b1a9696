"""The Atom feeds, read back with feedparser as a feed reader reads them: well-formed, the
required elements there, newest first, ids that stay the same from one request to the next."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import feedparser
import pytest
from flask.testing import FlaskClient

from ingest.records import Document

ATOM = "application/atom+xml"


def read_feed(client: FlaskClient, url: str) -> feedparser.FeedParserDict:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == ATOM
    feed = feedparser.parse(response.data)
    assert not feed.bozo, feed.get("bozo_exception")  # well-formed, as the parser says
    assert feed.version == "atom10"
    return feed


def check_atom(feed: feedparser.FeedParserDict) -> None:
    """RFC 4287's required elements, and the order and dates Vraagbaak promises."""
    assert feed.feed.id and feed.feed.title and feed.feed.updated
    for entry in feed.entries:
        assert entry.id.startswith("tag:") and entry.title and entry.updated and entry.link
        assert entry.get("authors") or feed.feed.get("authors")
    updated = [entry.updated_parsed for entry in feed.entries]
    assert updated == sorted(updated, reverse=True), "newest answers first"
    if updated:
        assert feed.feed.updated_parsed == updated[0]
    assert len({entry.id for entry in feed.entries}) == len(feed.entries)


def test_a_search_feed_is_valid_newest_first_and_its_ids_are_stable(
    kamervragen_pages: FlaskClient,
) -> None:
    url = "/zoeken.atom?q=minister"
    first, second = read_feed(kamervragen_pages, url), read_feed(kamervragen_pages, url)
    check_atom(first)
    assert len(first.entries) > 10
    assert [e.id for e in first.entries] == [e.id for e in second.entries]
    assert first.feed.id == second.feed.id
    # The bundled letter (10 February 2026) is the newest answer in this index.
    assert first.entries[0].updated.startswith("2026-02-10")


def test_entries_link_to_their_question_with_label_snippet_and_askers(
    kamervragen_pages: FlaskClient, kamervragen_documents: list[Document]
) -> None:
    feed = read_feed(kamervragen_pages, "/zoeken.atom?q=evacu%C3%A9s&lid=Keijzer")
    check_atom(feed)
    [letter] = [d for d in kamervragen_documents if d.id == "ah-tk-20232024-1292"]
    assert feed.entries, "Keijzer asked about the housing of evacuees"
    for entry in feed.entries:
        path = urlsplit(entry.link).path
        assert re.fullmatch(r"/vraag/ah-tk-20232024-1292/\d+", path)
        assert kamervragen_pages.get(path).status_code == 200
        assert entry.updated.startswith(letter.date.isoformat())
        assert [a.name for a in entry.authors] == ["Keijzer (BBB)"]
        assert entry.title.startswith("Vraag ")
        number = int(path.rsplit("/", 1)[1])
        assert entry.id == f"tag:vraagbaak,2026:ah-tk-20232024-1292/{number}"
    # The answer's snippet, as HTML content (feedparser drops the <mark> it does not allow).
    assert all(entry.content[0].type == "text/html" for entry in feed.entries)
    assert any("evacu" in entry.content[0].value.casefold() for entry in feed.entries)


def test_the_results_page_links_its_feed(kamervragen_pages: FlaskClient) -> None:
    page = kamervragen_pages.get("/zoeken?q=minister&soort=kamervragen&sorteer=oudste")
    text = page.get_data(as_text=True)
    head = text.split("</head>")[0]
    link = re.search(r'<link rel="alternate" type="application/atom\+xml"[^>]*href="([^"]+)"', head)
    assert link, "feed autodiscovery in <head>"
    href = link.group(1).replace("&amp;", "&")
    # The feed carries the words and filters; it is always newest first.
    assert href == "/zoeken.atom?q=minister&soort=kamervragen"
    assert f'href="{link.group(1)}" type="{ATOM}">Volg deze zoekopdracht</a>' in text
    feed = read_feed(kamervragen_pages, href)
    check_atom(feed)
    assert all("ah-tk-" in entry.id for entry in feed.entries)


def test_a_feed_per_soort(kamervragen_pages: FlaskClient) -> None:
    notices = read_feed(kamervragen_pages, "/soort/mededeling.atom")
    check_atom(notices)
    # Only ah-tk-20232024-1999 is a Mededeling (uitstel van beantwoording), of 7 June 2024.
    assert {e.id.split(":", 2)[2].split("/")[0] for e in notices.entries} == {"ah-tk-20232024-1999"}
    overleg = read_feed(kamervragen_pages, "/soort/schriftelijk-overleg.atom")
    check_atom(overleg)
    assert overleg.entries and all("2026-02-10" in e.id for e in overleg.entries)
    assert kamervragen_pages.get("/soort/brieven.atom").status_code == 404


def test_a_feed_per_member_linked_from_the_member_page(kamervragen_pages: FlaskClient) -> None:
    page = kamervragen_pages.get("/lid/kostic").get_data(as_text=True)
    href = re.search(r'<a class="follow-link" href="([^"]+)"', page).group(1)
    assert href == "/lid/kostic.atom"
    feed = read_feed(kamervragen_pages, href)
    check_atom(feed)
    assert feed.entries and all("ah-tk-20232024-1314" in e.id for e in feed.entries)
    assert all("Kostić (PvdD)" in [a.name for a in e.authors] for e in feed.entries)


def test_a_feed_without_matches_is_still_a_valid_feed(kamervragen_pages: FlaskClient) -> None:
    feed = read_feed(kamervragen_pages, "/zoeken.atom?q=xylofoonconcert")
    check_atom(feed)
    assert feed.entries == [] and feed.feed.updated


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("/zoeken.atom?q=x&van=gisteren", "van"),
        ("/zoeken.atom?q=%22open", "aanhalingsteken"),
        ("/zoeken.atom?lid=Niemand", "Kamerlid"),
    ],
)
def test_a_bad_feed_request_is_a_dutch_400(
    kamervragen_pages: FlaskClient, url: str, fragment: str
) -> None:
    response = kamervragen_pages.get(url)
    assert response.status_code == 400
    assert fragment in response.get_data(as_text=True)


def test_one_search_is_one_feed_however_its_values_are_spelled(
    kamervragen_pages: FlaskClient,
) -> None:
    ids = {
        read_feed(kamervragen_pages, url).feed.id
        for url in (
            "/zoeken.atom?q=minister&lid=Keijzer&partij=BBB&partij=SGP",
            "/zoeken.atom?q=minister&lid=keijzer&partij=SGP&partij=BBB",
        )
    }
    assert len(ids) == 1
