"""The site in a real browser: search, filter, follow references, at 1280 and 320 px."""

from __future__ import annotations

import pytest

from tests.browser.conftest import OUTPUT
from tests.conftest import SAMPLE_ID


def hit_titles(page) -> list[str]:
    return [t.strip() for t in page.locator(".hit-title a").all_inner_texts()]


def test_search_filter_and_follow_references(browser, base_url: str) -> None:
    OUTPUT.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(base_url + "/")
    page.get_by_label("Zoeken in antwoorden").fill("MQ-9")
    page.get_by_role("button", name="Zoeken").click()
    page.wait_for_url("**/zoeken?q=MQ-9")
    assert [t.split(":")[0] for t in hit_titles(page)] == ["Vraag 21", "Vraag 38", "Inleiding"]
    assert "MQ-9" in page.locator(".hit mark").all_inner_texts()
    page.screenshot(path=str(OUTPUT / "zoeken-mq9.png"), full_page=True)

    page.locator("a.facet", has_text="SGP").click()
    page.wait_for_url("**partij=SGP")
    assert [t.split(":")[0] for t in hit_titles(page)] == ["Vraag 38", "Inleiding"]

    page.goto(f"{base_url}/vraag/{SAMPLE_ID}/10")
    pointed = page.locator("section.related", has=page.locator("#verwijst-naar"))
    assert "In reactie op de vragen 1, 10 en 18" in pointed.inner_text()
    page.screenshot(path=str(OUTPUT / "vraag-10.png"), full_page=True)

    page.goto(f"{base_url}/vraag/{SAMPLE_ID}/1")
    cited = page.locator("section.related", has=page.locator("#aangehaald-door"))
    cited.get_by_role("link", name="Vraag 18:").click()
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
