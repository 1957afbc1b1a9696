"""The reading pages in Chromium: accessibility (axe-core) on every kind of page at 1280 and
320 px, the compact header, copying, unfolding, printing, the chart's links."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from index.arrays.format import DIRNAME
from index.store import COMPLETE, CURRENT, mark_complete, open_generation
from tests.browser.conftest import screenshot, serving
from tests.conftest import SAMPLE_ID

WIDTHS = (1280, 320)
# Every kind of page a reader can reach, errors included.
PAGES = {
    "home": "/",
    "zoeken": "/zoeken?q=bunq",
    "zoeken-gefilterd": "/zoeken?q=de&partij=SP",
    "zoeken-fout": "/zoeken?q=%22open",
    "zoeken-niets": "/zoeken?q=Groenlnd",
    "vraag": "/vraag/ah-tk-20232024-2367/3?q=bunq",
    "vraag-brief": f"/vraag/{SAMPLE_ID}/10?q=NAVO",
    "vraag-mededeling": "/vraag/ah-tk-20232024-1999/1",
    # footnote markers 6-9 in the answer, a phrase marked (the report's screenshots)
    "vraag-voetnoten": "/vraag/ah-tk-20232024-2271/6?q=%22mentale+gezondheid%22",
    "document": "/document/ah-tk-20232024-1999",
    "document-brief": f"/document/{SAMPLE_ID}?uitgeklapt=1",
    "documenten": "/documenten",
    "lid": "/lid/keijzer",
    "ministerie": "/ministerie/financien",
    "statistiek": "/statistiek?q=de",
    "statistiek-maand": "/statistiek?q=bunq",
    "fout-404": "/vraag/ah-tk-20232024-2367/99",
    "fout-400": "/statistiek?q=de&partij=Onbekend",
}
# The header at 320 px: the name and menu, the search box and its option, no more.
MAX_HEADER_PX = 120


def violations(page) -> list[str]:
    """axe-core's violations of the page as it stands: rule, impact and where."""
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {[node['target'] for node in v['nodes']]}"
        for v in results.response["violations"]
    ]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_has_no_axe_violation(browser, kamervragen_url: str, name: str, width: int):
    page = browser.new_page(viewport={"width": width, "height": 900})
    try:
        page.goto(kamervragen_url + PAGES[name])
        screenshot(page, f"{name}-{width}px")
        assert violations(page) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        page.close()


def test_the_503_page_has_no_axe_violation(browser, index_root: Path, tmp_path: Path) -> None:
    """The live index replaced, while the site runs, by a complete one of another format
    (serve itself refuses to start on one, and builds a missing index; a damaged one would
    be passed over for the intact generation before it): every page is the Dutch 503."""
    with serving(index_root, tmp_path / "serve.log") as url:
        live = open_generation(index_root).path
        outdated = index_root / "gen-outdated"
        shutil.copytree(live, outdated, ignore=shutil.ignore_patterns(DIRNAME, COMPLETE))
        mark_complete(outdated)
        (index_root / CURRENT).write_text(outdated.name + "\n", encoding="utf-8")
        for width in WIDTHS:
            page = browser.new_page(viewport={"width": width, "height": 900})
            response = page.goto(url + "/zoeken?q=drone")
            assert response.status == 503
            assert "Nog geen index" in page.locator("h1").inner_text()
            screenshot(page, f"fout-503-{width}px")
            assert violations(page) == []
            page.close()


def test_the_header_is_compact_at_320px(browser, kamervragen_url: str) -> None:
    page = browser.new_page(viewport={"width": 320, "height": 800})
    for path in ("/zoeken?q=bunq", "/vraag/ah-tk-20232024-2367/3", "/document/ah-tk-20232024-1999"):
        page.goto(kamervragen_url + path)
        height = page.evaluate("document.querySelector('.site-header').offsetHeight")
        assert height < MAX_HEADER_PX, (path, height)
        assert page.get_by_role("searchbox", name="Zoeken in antwoorden").is_visible()
        assert page.get_by_role("checkbox", name="Exact zoeken").is_visible()
    page.close()


def test_the_copy_buttons_copy_and_without_script_the_text_selects(browser, kamervragen_url):
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=kamervragen_url)
    page = context.new_page()
    page.goto(kamervragen_url + "/vraag/ah-tk-20232024-2367/3")
    citation = page.locator("#citaat").inner_text()
    assert citation == "Aanhangsel Handelingen II 2023/24, nr. 2367, vragen 3–6"
    page.locator("button[data-copy=citaat]").click()
    # A locator waits in Playwright's own engine; wait_for_function's string predicate
    # is evaluated by the page, whose Content Security Policy forbids eval when it polls.
    expect(page.locator(".copy-status")).not_to_have_text("")
    assert page.evaluate("navigator.clipboard.readText()") == citation
    context.close()

    bare = browser.new_context(java_script_enabled=False)
    page = bare.new_page()
    page.goto(kamervragen_url + "/vraag/ah-tk-20232024-2367/3")
    assert not page.locator("button[data-copy=citaat]").is_visible()
    assert page.locator("#citaat").evaluate("e => getComputedStyle(e).userSelect") == "all"
    bare.close()


def test_all_answers_unfold_in_place_with_script_and_by_link_without(browser, base_url: str):
    page = browser.new_page()
    page.goto(f"{base_url}/document/{SAMPLE_ID}")
    closed = page.locator("details.doc-answer:not([open])")
    assert closed.count() == 41
    page.get_by_role("link", name="Alle antwoorden uitklappen").click()
    assert closed.count() == 0 and page.url.endswith(SAMPLE_ID)  # no reload
    page.close()

    bare = browser.new_context(java_script_enabled=False)
    page = bare.new_page()
    page.goto(f"{base_url}/document/{SAMPLE_ID}")
    page.get_by_role("link", name="Alle antwoorden uitklappen").click()
    page.wait_for_url("**uitgeklapt=1")
    assert page.locator("details.doc-answer[open]").count() == 41
    bare.close()


def test_print_shows_every_answer_and_no_navigation(browser, base_url: str) -> None:
    page = browser.new_page()
    page.goto(f"{base_url}/document/{SAMPLE_ID}")
    answers = page.locator("details.doc-answer:not([open]) p")
    assert not answers.first.is_visible()  # closed on screen
    page.emulate_media(media="print")
    assert answers.first.is_visible() and answers.last.is_visible()
    for hidden in (".site-header", ".site-footer", "form.document-search", ".unfold"):
        assert not page.locator(hidden).first.is_visible(), hidden
    page.goto(f"{base_url}/vraag/{SAMPLE_ID}/6")
    link = page.locator(".cites a").first
    after = link.evaluate("e => getComputedStyle(e, '::after').content")
    assert "kst-36715-32" in after  # the address printed beside the link
    assert page.pdf()[:5] == b"%PDF-"
    page.close()


def test_a_footnote_marker_leads_to_its_footnote_and_back(browser, kamervragen_url: str) -> None:
    page = browser.new_page(viewport={"width": 320, "height": 800})
    page.goto(kamervragen_url + "/vraag/ah-tk-20232024-2271/6")
    marker = page.locator("#noot-7-ref")
    assert marker.inner_text() == "7"
    marker.click()
    page.wait_for_url("**#voetnoot-7")
    note = page.locator("#voetnoot-7")
    assert note.is_visible() and note.inner_text().startswith("Kamerstukken II, 2021/2022, 32 793")
    assert page.evaluate("document.querySelector(':target').id") == "voetnoot-7"
    note.get_by_role("link", name="terug naar de tekst").click()
    page.wait_for_url("**#noot-7-ref")
    assert page.evaluate("document.querySelector(':target').id") == "noot-7-ref"
    page.emulate_media(media="print")
    assert marker.is_visible() and not note.locator(".noot-terug").is_visible()
    page.close()


def test_a_bar_of_the_chart_leads_to_that_partys_results(browser, kamervragen_url: str) -> None:
    page = browser.new_page()
    page.goto(kamervragen_url + "/statistiek?q=bunq")
    page.locator("svg.chart-svg a").first.click()
    page.wait_for_url("**/zoeken?q=bunq&partij=GroenLinks-PvdA**")
    assert page.locator(".summary").inner_text().startswith("4 resultaten")
    page.close()


def test_from_a_hit_to_the_question_and_back(browser, kamervragen_url: str) -> None:
    page = browser.new_page()
    page.goto(kamervragen_url + "/zoeken?q=rekeninggluren")
    page.locator(".hit-title a").first.click()
    assert page.locator("main mark").count() > 0
    page.get_by_role("link", name="Terug naar de zoekresultaten").click()
    page.wait_for_url("**/zoeken?q=rekeninggluren")
    page.close()


def test_the_charts_counts_stay_inside_it_at_archive_size(browser) -> None:
    """At 100,000 questions an axis reads "20.000": drawn by the real template in the
    browser, every count's left edge is inside the SVG (a narrower margin cut it off)."""
    from flask import render_template

    from search.periods import YEARS, PeriodCounts
    from search.web import create_app
    from search.web.chart import bar_chart

    parties = {"PVV": {"2023": 91_000, "2024": 180_000}, "SP": {"2023": 9_000, "2024": 7}}
    counts = PeriodCounts("party", YEARS, ["2023", "2024"], parties, total=280_007)
    chart = bar_chart(counts, lambda party, period: "#", "Per partij", ("vraag", "vragen"))
    app = create_app({"TESTING": True, "INDEX_DIR": "/nonexistent"})
    with app.test_request_context():
        figure = render_template("pages/_chart.html", chart=chart, chart_id="proef")
    page = browser.new_page()
    page.set_content(f"<!doctype html><html lang='nl'><body>{figure}</body></html>")
    labels = page.locator("svg.chart-svg .chart-axis text")
    assert "200.000" in labels.all_text_contents()
    lefts = page.evaluate(
        "[...document.querySelectorAll('svg.chart-svg text')].map(t => t.getBBox().x)"
    )
    assert lefts and min(lefts) >= 0
    page.close()
