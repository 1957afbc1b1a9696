"""Narrow, follow, download, in a real browser: Debian's Chromium driven by Playwright against
`vraagbaak serve` over the bundled letter and the ten real Aanhangsel letters."""

from __future__ import annotations

import csv
from collections.abc import Iterator

import feedparser
import pytest

from tests.browser.conftest import screenshot


@pytest.fixture
def page(browser, kamervragen_url: str) -> Iterator:
    """A page of its own browser context: downloads accepted, paths on the site."""
    context = browser.new_context(accept_downloads=True, base_url=kamervragen_url)
    try:
        yield context.new_page()
    finally:
        context.close()


def total(page) -> int:
    return int(page.locator(".summary").inner_text().split()[0])


def test_narrow_by_two_facets_follow_the_feed_and_download_the_csv(page, tmp_path) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/")
    page.get_by_label("Zoeken in antwoorden").fill("minister")
    page.get_by_role("button", name="Zoeken").click()
    page.wait_for_url("**/zoeken?q=minister")
    everything = total(page)

    ministries = page.locator("section.facet-group", has=page.locator("#facet-ministerie"))
    ministries.locator("a.facet", has_text="Binnenlandse Zaken").click()
    page.wait_for_url("**ministerie=*")
    by_ministry = total(page)
    members = page.locator("section.facet-group", has=page.locator("#facet-lid"))
    members.locator("a.facet", has_text="Keijzer").click()
    page.wait_for_url("**lid=Keijzer*")
    narrowed = total(page)
    assert 0 < narrowed < by_ministry < everything
    chips = page.locator("a.chip").all_inner_texts()
    assert [chip.rstrip(" ×") for chip in chips] == [
        "Kamerlid: Keijzer",
        "Ministerie: Ministerie van Binnenlandse Zaken en Koninkrijksrelaties",
    ]
    screenshot(page, "zoeken-twee-filters")

    follow = page.get_by_role("link", name="Volg deze zoekopdracht")
    assert follow.get_attribute("href") == page.locator(
        'head link[rel="alternate"][type="application/atom+xml"]'
    ).get_attribute("href")
    answer = page.request.get(follow.get_attribute("href"))
    assert answer.ok and answer.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(answer.body())
    assert not feed.bozo and len(feed.entries) == narrowed
    assert all(entry.authors[0].name == "Keijzer (BBB)" for entry in feed.entries)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV", exact=True).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    with saved.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.DictReader(file, delimiter=";"))
    assert len(rows) == narrowed
    assert {row["vragenstellers"] for row in rows} == {"Keijzer (BBB)"}
    assert {row["ministerie"] for row in rows} == {
        "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties"
    }
