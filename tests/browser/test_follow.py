"""Narrow, follow, download, in a real browser: Debian's Chromium driven by Playwright against
`vraagbaak serve` over the bundled letter and the ten real Aanhangsel letters."""

from __future__ import annotations

import csv
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import feedparser
import pytest

from tests.browser.test_browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    OUTPUT,
    free_port,
    wait_until_listening,
)

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Chromium not installed at /usr/bin/chromium"
)


@pytest.fixture
def site(kamervragen_index: Path, tmp_path: Path) -> Iterator[str]:
    """The real command on a free port over the real letters' index (only read)."""
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    command = [sys.executable, "-m", "search.cli", "--index", str(kamervragen_index)]
    server = subprocess.Popen(
        [*command, "serve", "--port", str(port)], stdout=log, stderr=subprocess.STDOUT
    )
    try:
        wait_until_listening(port, server)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


@pytest.fixture
def page(site: str) -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = chromium.new_context(accept_downloads=True, base_url=site)
            yield context.new_page()
        finally:
            chromium.close()


def total(page) -> int:
    return int(page.locator(".summary").inner_text().split()[0])


def test_narrow_by_two_facets_follow_the_feed_and_download_the_csv(page, tmp_path) -> None:
    OUTPUT.mkdir(exist_ok=True)
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
    page.screenshot(path=str(OUTPUT / "zoeken-twee-filters.png"), full_page=True)

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
