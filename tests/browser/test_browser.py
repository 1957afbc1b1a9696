"""The site in a real browser: Debian's Chromium driven by Playwright against `vraagbaak serve`.

Skipped only when /usr/bin/chromium is absent; no browser is ever downloaded.
Screenshots land in test-output/ (git-ignored) for a human to look at.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from search.config import PROJECT_ROOT
from tests.conftest import SAMPLE_ID

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
OUTPUT = PROJECT_ROOT / "test-output"
START_DEADLINE_SECONDS = 30

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Chromium not installed at /usr/bin/chromium"
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_listening(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_DEADLINE_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"vraagbaak serve stopped with status {server.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"vraagbaak serve did not listen on port {port}")


@pytest.fixture
def base_url(index_root: Path, tmp_path: Path) -> Iterator[str]:
    """The real command, waitress and all, on a free port over the test's index copy."""
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    command = [sys.executable, "-m", "search.cli", "--index", str(index_root)]
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
def browser() -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def hit_titles(page) -> list[str]:
    return [t.strip() for t in page.locator(".hit-title a").all_inner_texts()]


def test_search_filter_and_follow_references(browser, base_url: str) -> None:
    OUTPUT.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(base_url + "/")
    page.get_by_label("Zoeken in antwoorden").fill("MQ-9")
    page.get_by_role("button", name="Zoeken").click()
    page.wait_for_url("**/zoeken?q=MQ-9")
    assert hit_titles(page) == ["Vraag 21", "Vraag 38", "Inleiding"]
    assert "MQ-9" in page.locator(".hit mark").all_inner_texts()
    page.screenshot(path=str(OUTPUT / "zoeken-mq9.png"), full_page=True)

    page.locator("a.facet", has_text="SGP").click()
    page.wait_for_url("**partij=SGP")
    assert hit_titles(page) == ["Vraag 38", "Inleiding"]

    page.goto(f"{base_url}/vraag/{SAMPLE_ID}/10")
    pointed = page.locator("section.related", has=page.locator("#verwijst-naar"))
    assert "In reactie op de vragen 1, 10 en 18" in pointed.inner_text()
    page.screenshot(path=str(OUTPUT / "vraag-10.png"), full_page=True)

    page.goto(f"{base_url}/vraag/{SAMPLE_ID}/1")
    cited = page.locator("section.related", has=page.locator("#aangehaald-door"))
    cited.get_by_role("link", name="Vraag 18").click()
    page.wait_for_url(f"**/vraag/{SAMPLE_ID}/18")
    assert page.locator("h1").inner_text().startswith("Vraag 18")


def test_slash_focuses_the_search_box(browser, base_url: str) -> None:
    page = browser.new_page()
    page.goto(f"{base_url}/vraag/{SAMPLE_ID}/1")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "q"


@pytest.mark.parametrize(
    ("name", "path"),
    [("zoeken", "/zoeken?q=NAVO"), ("home", "/"), ("vraag", f"/vraag/{SAMPLE_ID}/40")],
)
def test_no_horizontal_scroll_at_320px(browser, base_url: str, name: str, path: str) -> None:
    OUTPUT.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 320, "height": 800})
    page.goto(base_url + path)
    page.screenshot(path=str(OUTPUT / f"{name}-320px.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
