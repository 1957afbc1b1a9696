"""The HTML pages on the bundled corpus: what a reader sees and can click."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from flask.testing import FlaskClient

from search.engine import SearchEngine
from tests.conftest import SAMPLE_ID
from tests.web.conftest import XSS_ID


def html(client: FlaskClient, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:2000]
    assert response.mimetype == "text/html"
    return response.get_data(as_text=True)


def hit_urls(page: str) -> list[str]:
    """The hits' links as they are, the search state included."""
    return [
        u.replace("&amp;", "&")
        for u in re.findall(r'<h3 class="hit-title"><a href="([^"]+)"', page)
    ]


def hit_links(page: str) -> list[str]:
    """The pages the hits link to: path and anchor, without the search state they carry."""
    return [re.sub(r"\?[^#]*", "", url) for url in hit_urls(page)]


def section(page: str, heading_id: str) -> str:
    """The HTML of the <section> labelled by the heading with this id."""
    match = re.search(rf'<section aria-labelledby="{heading_id}".*?</section>', page, re.S)
    assert match, f"no section {heading_id}"
    return match.group(0)


def test_home_shows_what_is_indexed_examples_and_syntax(client: FlaskClient) -> None:
    page = html(client, "/")
    assert '<html lang="nl">' in page
    assert "41 vragen" in page and "1 document" in page and "10 februari 2026" in page
    for example in ("MQ-9", "PURL", "schaduwvloot"):
        assert f'href="/zoeken?q={example}"' in page
    for syntax in ('"militaire mobiliteit"', "OF", "NIET", "munitie*"):
        assert syntax.replace('"', "&#34;") in page or syntax in page
    assert '<label for="q">' in page and "autofocus" in page
    assert page.count('id="q"') == 1


def test_landmarks_and_skip_link(client: FlaskClient) -> None:
    page = html(client, "/zoeken?q=MQ-9")
    for landmark in ("<header", "<nav", '<main id="inhoud"', "<footer"):
        assert landmark in page
    assert '<a class="skip-link" href="#inhoud">' in page
    assert 'value="MQ-9"' in page


def sgp_preamble_anchor(client: FlaskClient) -> str:
    """The SGP introduction's anchor: party plus its place in the document."""
    records = client.get(f"/api/document/{SAMPLE_ID}").get_json()["records"]
    [preamble] = [r for r in records if r["kind"] == "preamble" and r["party"] == "SGP"]
    return f"inleiding-sgp-{preamble['position']}"


def test_mq9_finds_questions_21_and_38_and_the_sgp_preamble(client: FlaskClient) -> None:
    page = html(client, "/zoeken?q=MQ-9")
    assert hit_links(page) == [
        f"/vraag/{SAMPLE_ID}/21",
        f"/vraag/{SAMPLE_ID}/38",
        f"/document/{SAMPLE_ID}#{sgp_preamble_anchor(client)}",
    ]
    assert "3 resultaten" in page
    assert "<mark>MQ-9</mark>" in page
    assert re.search(
        r"<span>GroenLinks-PvdA</span>\s*<span>· Defensie</span>\s*<span>· 10 februari 2026", page
    )


def test_party_filter_keeps_the_query_and_can_be_removed(client: FlaskClient) -> None:
    page = html(client, "/zoeken?q=MQ-9")
    sgp_link = re.search(r'href="([^"]+)" class="facet">\s*<span class="facet-name">SGP', page)
    assert sgp_link
    url = sgp_link.group(1).replace("&amp;", "&")
    assert parse_qs(urlsplit(url).query) == {"q": ["MQ-9"], "partij": ["SGP"]}

    filtered = html(client, url)
    assert hit_links(filtered) == [
        f"/vraag/{SAMPLE_ID}/38",
        f"/document/{SAMPLE_ID}#{sgp_preamble_anchor(client)}",
    ]
    assert "2 resultaten" in filtered
    assert 'href="/zoeken?q=MQ-9" aria-label="Filter Partij: SGP verwijderen"' in filtered
    # Disjunctive facets: the other party stays choosable with its own count.
    assert re.search(r"GroenLinks-PvdA</span>\s*<span class=\"count\">1<", filtered)


def test_several_parties_combine(client: FlaskClient) -> None:
    page = html(client, "/zoeken?q=MQ-9&partij=SGP&partij=GroenLinks-PvdA")
    assert len(hit_links(page)) == 3
    assert "Filter Partij: SGP verwijderen" in page
    assert "Filter Partij: GroenLinks-PvdA verwijderen" in page


def test_sort_by_date_is_a_link_that_keeps_the_state(client: FlaskClient) -> None:
    page = html(client, "/zoeken?q=MQ-9&partij=SGP")
    assert 'href="/zoeken?q=MQ-9&amp;partij=SGP&amp;sorteer=nieuwste"' in page
    assert 'href="/zoeken?q=MQ-9&amp;partij=SGP&amp;sorteer=oudste"' in page
    # "datum" was the name of newest-first before oldest-first came: old links still work.
    dated = html(client, "/zoeken?q=MQ-9&partij=SGP&sorteer=datum")
    assert '<strong aria-current="true">nieuwste eerst</strong>' in dated
    assert sorted(hit_links(dated)) == sorted(hit_links(page))


def test_pagination_links_and_last_page(client: FlaskClient, engine: SearchEngine) -> None:
    total = engine.search("NAVO").total
    assert total > 20, "the boundary tests need at least three pages"
    last = -(-total // 10)
    first = html(client, "/zoeken?q=NAVO")
    assert f'href="/zoeken?q=NAVO&amp;pagina={last}"' in first
    assert 'rel="next"' in first and 'rel="prev"' not in first
    final = html(client, f"/zoeken?q=NAVO&pagina={last}")
    assert len(hit_links(final)) == total - (last - 1) * 10
    assert 'rel="next"' not in final and 'rel="prev"' in final
    assert f'start="{(last - 1) * 10 + 1}"' in final


def test_no_hits_offers_suggestion_and_unfiltered_query(client: FlaskClient) -> None:
    page = html(client, "/zoeken?q=Groenlnd")
    assert "Geen resultaten" in page
    assert 'Bedoelde u: <a href="/zoeken?q=Groenland">Groenland</a>?' in page

    filtered = html(client, "/zoeken?q=MQ-9&partij=CDA")
    assert "Geen resultaten" in filtered
    assert '<a href="/zoeken?q=MQ-9">Zoek op <strong>MQ-9</strong> zonder filters</a>' in filtered


def test_empty_query_goes_home(client: FlaskClient) -> None:
    response = client.get("/zoeken?q=%20")
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_pointer_answer_shows_the_answer_it_points_to(client: FlaskClient) -> None:
    page = html(client, f"/vraag/{SAMPLE_ID}/10")
    assert "Zie het antwoord op vraag 1." in page
    pointed = section(page, "verwijst-naar")
    assert "In reactie op de vragen 1, 10 en 18" in pointed
    assert "Nederland is dan ook voorstander van de totstandkoming" in pointed
    assert f'href="/vraag/{SAMPLE_ID}/1"' in pointed


def test_question_1_is_cited_by_10_and_18(client: FlaskClient) -> None:
    page = html(client, f"/vraag/{SAMPLE_ID}/1")
    cited = section(page, "aangehaald-door")
    assert re.findall(r'href="/vraag/[^/]+/(\d+)"', cited) == ["10", "18"]
    similar = section(page, "vergelijkbaar")
    assert 1 <= len(re.findall(r"<li>", similar)) <= 5
    assert re.search(r"<span>D66</span>\s*<span>· Defensie</span>\s*<span>· 10 februari 2026", page)


def test_question_paragraphs_and_footnote_links(client: FlaskClient, engine: SearchEngine) -> None:
    record = engine.question(SAMPLE_ID, 40)
    assert record["footnotes"] and "\n\n" in record["answer"]
    page = html(client, f"/vraag/{SAMPLE_ID}/40")
    answer = section(page, "antwoord-kop")
    assert answer.count("<p>") == len(record["answer"].split("\n\n"))
    for note in record["footnotes"]:
        assert f'<a href="{note["url"]}"' in page


def test_kamerstuk_footnote_links_to_the_official_publication(client: FlaskClient) -> None:
    page = html(client, f"/vraag/{SAMPLE_ID}/6")
    assert '<a href="https://zoek.officielebekendmakingen.nl/kst-36715-32.html"' in page
    assert "Kamerstuk 36715, nr.32" in page


def test_document_page_lists_records_by_party(client: FlaskClient) -> None:
    page = html(client, f"/document/{SAMPLE_ID}")
    assert "MINDEF20260007449" in page and "Ruben Brekelmans" in page
    assert "<dd>Schriftelijk overleg</dd>" in page and "<dd>Ministerie van Defensie</dd>" in page
    # Internal values are no reader's business: no file name, layout id or server folder.
    for internal in (".txt", "schriftelijk_overleg", "/work/", "Bron", "Opmaak"):
        assert internal not in page, internal
    parties = re.findall(r'<h2 id="partij-\d+">([^<]+)</h2>', page)
    assert parties == ["D66", "VVD", "GroenLinks-PvdA", "PVV", "CDA", "SGP", "Groep Markuszower"]
    numbers = [int(n) for n in re.findall(rf'<h3><a href="/vraag/{SAMPLE_ID}/(\d+)"', page)]
    assert numbers == list(range(1, 42))
    assert page.count("<h3>Inleiding</h3>") == 7
    assert f'id="{sgp_preamble_anchor(client)}"' in page


def test_query_markup_is_shown_as_text(client: FlaskClient) -> None:
    page = html(client, "/zoeken?q=%3Cscript%3Ealert(1)%3C/script%3E")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert" not in page


def test_document_markup_is_shown_as_text(client: FlaskClient, xss_index) -> None:
    page = html(client, "/zoeken?q=kazerne")
    assert f"/vraag/{XSS_ID}/1" in hit_links(page)
    assert "&lt;script&gt;" in page
    assert "<script>alert" not in page
    for url in (f"/vraag/{XSS_ID}/1", f"/document/{XSS_ID}", "/"):
        shown = html(client, url)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown
        assert "<script>alert" not in shown


def test_facet_counts_on_the_page_match_the_filtered_totals(client: FlaskClient) -> None:
    page = html(client, "/zoeken?q=NAVO")
    party_facet = re.search(
        r'<section class="facet-group" aria-labelledby="facet-partij">.*?</section>', page, re.S
    )
    facets = re.findall(
        r'<span class="facet-name">([^<]+)</span> <span class="count">(\d+)</span>',
        party_facet.group(0),
    )
    assert len(facets) >= 3
    for party, count in facets:
        filtered = html(client, "/zoeken?" + urlencode({"q": "NAVO", "partij": party}))
        assert re.search(rf"(?<!\d){count} resulta", filtered), party


def test_expansions_are_shown_and_exact_search_switches_them_off(client: FlaskClient) -> None:
    page = html(client, "/zoeken?q=NATO")
    assert "Ook gezocht op:" in page and "NAVO" in page
    assert 'href="/zoeken?q=NATO&amp;exact=1"' in page
    exact = html(client, "/zoeken?q=NATO&exact=1")
    assert "Ook gezocht op:" not in exact and "Exact gezocht" in exact
    assert 'id="exact" name="exact" type="checkbox" value="1" checked' in exact
    expanded_total = client.get("/api/zoeken?q=NATO").get_json()["total"]
    exact_json = client.get("/api/zoeken?q=NATO&exact=1").get_json()
    assert exact_json["expansions"] == [] and exact_json["total"] < expanded_total


def test_exact_flag_must_be_a_yes_or_no(client: FlaskClient) -> None:
    response = client.get("/zoeken?q=NATO&exact=misschien")
    assert response.status_code == 400
    assert "exact" in response.get_data(as_text=True)


@pytest.fixture
def kamervragen_client(index_root, app) -> FlaskClient:
    """The sample plus one real Aanhangsel PDF asked by two parties together."""
    from index.sync import sync_index
    from ingest import load

    pdf = Path(__file__).resolve().parents[1] / "fixtures/aanhangsel/ah-tk-20232024-1314.pdf"
    sync_index(load([pdf]).documents, index_root)
    return app.test_client()


def test_kamervragen_document_page_shows_dates_and_the_official_publication(
    kamervragen_client: FlaskClient,
) -> None:
    page = html(kamervragen_client, "/document/ah-tk-20232024-1314")
    assert "Vragen ingezonden" in page and "6 maart 2024" in page and "25 maart 2024" in page
    assert 'href="https://zoek.officielebekendmakingen.nl/ah-tk-20232024-1314.html"' in page
    sample = html(kamervragen_client, f"/document/{SAMPLE_ID}")
    assert "Officiële publicatie" not in sample  # our own slug has no official page


def test_a_party_filter_matches_any_of_the_asking_parties(
    kamervragen_client: FlaskClient,
) -> None:
    for party in ("PvdD", "GroenLinks-PvdA"):
        data = kamervragen_client.get(
            "/api/zoeken", query_string={"q": "regenboogprovincie", "partij": party}
        ).get_json()
        assert data["total"] >= 2, party
        assert all(h["document"] == "ah-tk-20232024-1314" for h in data["hits"])
        assert all(h["parties"] == ["GroenLinks-PvdA", "PvdD"] for h in data["hits"])
        assert all(h["party"] == "GroenLinks-PvdA" for h in data["hits"])
    # The sample's GroenLinks-PvdA questions do not match the PvdD filter.
    pvdd = kamervragen_client.get("/api/zoeken", query_string={"q": "Oekraïne", "partij": "PvdD"})
    assert pvdd.get_json()["total"] == 0


def test_a_number_of_a_joint_answer_redirects_to_its_record(kamervragen_pages) -> None:
    response = kamervragen_pages.get("/vraag/ah-tk-20232024-1314/4")
    assert response.status_code == 302
    assert response.headers["Location"] == "/vraag/ah-tk-20232024-1314/3#vraag-4"
    page = html(kamervragen_pages, "/vraag/ah-tk-20232024-1314/3")
    assert "<h1>Vraag 3, 4 en 5" in page
    for number in (3, 4, 5):  # each sub-question where the anchor lands
        assert f'<h3 id="vraag-{number}">Vraag {number}</h3>' in page
    assert kamervragen_pages.get("/api/vraag/ah-tk-20232024-1314/4").get_json()["number"] == 3
    assert kamervragen_pages.get("/vraag/ah-tk-20232024-1314/9").status_code == 404


def test_the_question_page_reads_the_stored_pointer_flag(tmp_path, corpus_documents) -> None:
    """A record ingest marked pointer-only gets the answers it points to in full, whatever
    its own text says; the page does not decide again."""
    import dataclasses

    from index.build import build_index
    from search.web import create_app

    (sample,) = corpus_documents
    flipped = [
        dataclasses.replace(r, pointer_only=not r.pointer_only) if r.number in (4, 10) else r
        for r in sample.records
    ]
    build_index([dataclasses.replace(sample, records=flipped)], tmp_path / "index")
    client = create_app({"TESTING": True, "INDEX_DIR": tmp_path / "index"}).test_client()
    four = section(html(client, f"/vraag/{SAMPLE_ID}/4"), "verwijst-naar")
    assert '<article class="quoted-answer">' in four  # 4 points to 13: now quoted in full
    ten = section(html(client, f"/vraag/{SAMPLE_ID}/10"), "verwijst-naar")
    assert '<article class="quoted-answer">' not in ten and '<ul class="related-list">' in ten


def test_the_templates_take_the_shared_constants(client: FlaskClient) -> None:
    from search.query import MAX_QUERY_CHARS

    page = html(client, "/zoeken?q=NAVO")
    assert f'maxlength="{MAX_QUERY_CHARS}"' in page
    assert '<strong aria-current="true">relevantie</strong>' in page
    assert 'type="checkbox" value="1" checked' in html(client, "/zoeken?q=NAVO&exact=ja")


def test_an_index_of_another_version_is_a_503_not_a_500(index_root) -> None:
    import shutil

    from index.arrays.format import DIRNAME
    from index.store import open_generation
    from search.web import create_app

    shutil.rmtree(open_generation(index_root).path / DIRNAME)
    client = create_app({"TESTING": True, "INDEX_DIR": index_root}).test_client()
    assert client.get("/zoeken?q=drone").status_code == 503
    assert client.get("/api/zoeken?q=drone").status_code == 503


# -- hits that say what they are, and the way from a hit to its page and back ----------


def hit_blocks(page: str) -> list[str]:
    return re.findall(r'<li class="hit">.*?</li>', page, re.S)


def test_a_hit_says_what_it_is_who_asked_and_in_which_letter(kamervragen_pages) -> None:
    page = html(kamervragen_pages, "/zoeken?q=bunq")
    first = hit_blocks(page)[0]
    title = re.search(r'<h3 class="hit-title"><a [^>]+>([^<]+)</a>', first).group(1)
    assert title == "Vraag 3, 4, 5 en 6: Herkent u het beeld dat Bunq-bank verzaakt?"
    for shown in (
        "Van der Lee (GroenLinks-PvdA)",
        "· Financiën",
        "· 29 augustus 2024",
        ">Rekeninggluren<",
    ):
        assert shown in first, shown
    for block in hit_blocks(page):
        assert re.search(r'<p class="snippet"><em>(Vraag|Antwoord):</em>', block), block
    assert "4 resultaten" in page


def test_a_hit_links_to_its_page_with_the_search_and_the_page_links_back(
    kamervragen_pages,
) -> None:
    page = html(kamervragen_pages, "/zoeken?q=bunq&partij=GroenLinks-PvdA")
    url = hit_urls(page)[0]
    assert parse_qs(urlsplit(url).query) == {"q": ["bunq"], "partij": ["GroenLinks-PvdA"]}
    question = html(kamervragen_pages, url)
    assert (
        '<a href="/zoeken?q=bunq&amp;partij=GroenLinks-PvdA">‹ Terug naar de zoekresultaten'
        in question
    )
    for part in ("vraag-kop", "antwoord-kop"):
        assert "<mark>Bunq</mark>" in section(question, part), part
    # The same page reached without a search marks nothing and has no way back.
    plain = html(kamervragen_pages, urlsplit(url).path)
    assert "<mark>" not in plain and "Terug naar de zoekresultaten" not in plain


def test_the_searched_words_are_marked_in_the_footnotes_too(kamervragen_pages) -> None:
    page = html(kamervragen_pages, "/vraag/ah-tk-20232024-2367/3?q=opheldering")
    notes = re.search(r'<section class="footnotes".*?</section>', page, re.S).group(0)
    assert "<mark>opheldering</mark>" in notes
    assert "<mark>opheldering</mark>" in section(page, "antwoord-kop")


def test_a_number_inside_a_block_redirects_with_the_search_kept(kamervragen_pages) -> None:
    response = kamervragen_pages.get("/vraag/ah-tk-20232024-2367/5?q=bunq")
    assert response.status_code == 302
    assert response.headers["Location"] == "/vraag/ah-tk-20232024-2367/3?q=bunq#vraag-5"


def test_a_bad_search_on_a_question_page_only_leaves_it_unmarked(kamervragen_pages) -> None:
    for query in ("%22open", "NIET", "x&partij=Onbekend"):
        page = html(kamervragen_pages, f"/vraag/ah-tk-20232024-2367/3?q={query}")
        assert "<mark>" not in page and "Terug naar de zoekresultaten" not in page


# -- cite and share -------------------------------------------------------------------


def test_a_question_page_has_the_publication_a_citation_and_a_permalink(kamervragen_pages) -> None:
    page = html(kamervragen_pages, "/vraag/ah-tk-20232024-2367/3")
    cite = section(page, "citeren")
    assert 'href="https://zoek.officielebekendmakingen.nl/ah-tk-20232024-2367.html"' in cite
    assert ">Aanhangsel Handelingen II 2023/24, nr. 2367, vragen 3–6</span>" in cite
    assert 'href="http://localhost/vraag/ah-tk-20232024-2367/3">http://localhost/vraag/' in cite
    # Copying needs a script, which shows the buttons; without it the texts select whole.
    assert cite.count('class="copy-button"') == 2 and cite.count(" hidden>") == 2
    assert cite.count('class="copy-text"') == 2


def test_a_letter_is_cited_by_its_kenmerk_and_has_no_official_link(client: FlaskClient) -> None:
    cite = section(html(client, f"/vraag/{SAMPLE_ID}/21"), "citeren")
    assert (
        "Ministerie van Defensie, brief van 10 februari 2026, kenmerk MINDEF20260007449, vraag 21"
        in cite
    )
    assert "officielebekendmakingen" not in cite


def test_cited_documents_link_here_when_indexed_else_to_the_official_page(
    kamervragen_pages, client: FlaskClient
) -> None:
    page = html(kamervragen_pages, "/vraag/ah-tk-20232024-1999/1")
    cites = section(page, "aangehaalde-stukken")
    assert 'href="/document/ah-tk-20232024-1292">De publicatie van de internetconsultatie' in cites
    letter = section(html(client, f"/vraag/{SAMPLE_ID}/6"), "aangehaalde-stukken")
    assert (
        'href="https://zoek.officielebekendmakingen.nl/kst-36715-32.html">Kamerstuk 36715, nr. 32<'
        in letter
    )


def test_references_show_their_targets_label_and_letter(kamervragen_pages, client) -> None:
    page = html(kamervragen_pages, "/vraag/ah-tk-20232024-2367/3")
    cited = section(page, "aangehaald-door")
    # The label as the test index prints it (tests/conftest.py), then the first sentence.
    assert re.search(r">Vraag 7, 8, 9,? 10 en 11: Wat gaat u, samen met de toezichthouders", cited)
    similar = section(html(client, f"/vraag/{SAMPLE_ID}/1"), "vergelijkbaar")
    for item in re.findall(r"<li>.*?</li>", similar, re.S):
        assert 'class="doc-link"' in item and "10 februari 2026" in item


# -- a Mededeling as what it is; the document page ------------------------------------


def test_a_mededeling_is_shown_as_one_not_as_an_answer(kamervragen_pages) -> None:
    document = html(kamervragen_pages, "/document/ah-tk-20232024-1999")
    assert "<h3>Mededeling over vragen 1–3</h3>" in document
    assert "<summary>Antwoord" not in document  # none of the three questions has one
    question = html(kamervragen_pages, "/vraag/ah-tk-20232024-1999/2")
    notice = section(question, "antwoord-kop")
    assert '<h2 id="antwoord-kop">Mededeling</h2>' in notice
    assert "zijn beantwoord middels een brief" in notice


def test_all_answers_unfold_with_a_link_that_needs_no_script(client: FlaskClient) -> None:
    page = html(client, f"/document/{SAMPLE_ID}")
    assert f'href="/document/{SAMPLE_ID}?uitgeklapt=1"' in page
    assert page.count('<details class="doc-answer">') == 41
    unfolded = html(client, f"/document/{SAMPLE_ID}?uitgeklapt=1")
    assert unfolded.count('<details class="doc-answer" open>') == 41
    assert "Alle antwoorden inklappen" in unfolded


def test_the_document_page_names_kind_ministry_and_askers(kamervragen_pages) -> None:
    page = html(kamervragen_pages, "/document/ah-tk-20232024-1314")
    assert "<h1>Het bericht «Kritiek op besluit provincie Friesland" in page
    assert "<dd>Kamervragen</dd>" in page
    assert "<dd>Ministerie van Onderwijs, Cultuur en Wetenschap</dd>" in page
    assert "<dd>Mutluer (GroenLinks-PvdA) en Kostić (PvdD)</dd>" in page
    assert "aanhangsel" not in page.replace("Aanhangsel Handelingen", "")


# -- readable everywhere ----------------------------------------------------------------


def test_home_and_footer_name_the_ministries_in_the_index(kamervragen_pages) -> None:
    ministries = {
        d["ministry"] for d in kamervragen_pages.get("/api/documenten").get_json()["documents"]
    }
    assert len(ministries) > 1
    page = html(kamervragen_pages, "/")
    listed = section(page, "ministeries")
    assert sorted(re.findall(r"<li>([^<]+)</li>", listed)) == sorted(ministries)
    assert f"de antwoorden van {len(ministries)} ministeries" in page
    assert "minister van Defensie" not in page


def test_the_footer_of_one_ministry_names_it(client: FlaskClient) -> None:
    assert "de antwoorden van het Ministerie van Defensie op" in html(client, "/")


def test_favicon_is_served(client: FlaskClient) -> None:
    with client.get("/favicon.ico") as response:
        assert response.status_code == 200
        assert response.data[:4] == b"\x00\x00\x01\x00"  # an ICO file's header
    assert '<link rel="icon" href="/favicon.ico"' in html(client, "/")


def test_stopwords_are_searched_and_no_message_says_otherwise(client: FlaskClient) -> None:
    assert client.get("/api/zoeken?q=de").get_json()["total"] > 0
    empty = client.get('/api/zoeken?q=""')
    assert empty.status_code == 400
    assert "'de'" not in empty.get_json()["error"]


# -- find by example ------------------------------------------------------------------


def test_find_by_example_from_the_form_to_its_results(client) -> None:
    home = client.get("/").get_data(as_text=True)
    assert 'name="lijkt_op"' in home and "Lijkt op: is dit al eerder gevraagd?" in home
    draft = "Welke Reaper toestellen en welke munitie wil Nederland nog aanschaffen?"
    page = client.get("/zoeken", query_string={"lijkt_op": draft})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'class="hits"' in html
    assert 'id="q" name="q" type="search" value=""' in html  # the passage is not a query
    assert f">{draft}</textarea>" in html and '<details class="like-form" open>' in html
    # Every link on the page keeps the passage as lijkt_op: the sort, for one.
    assert "lijkt_op=" in html and "?q=Welke" not in html


def test_the_question_page_lists_similar_questions(client) -> None:
    html = client.get(f"/vraag/{SAMPLE_ID}/1").get_data(as_text=True)
    assert "Vergelijkbare vragen" in html and "Vergelijkbare antwoorden" in html


def test_a_hit_found_by_example_links_back_to_its_results(client) -> None:
    draft = "Welke Reaper toestellen en welke munitie wil Nederland nog aanschaffen?"
    page = html(client, "/zoeken?" + urlencode({"lijkt_op": draft}))
    url = hit_urls(page)[0]
    assert parse_qs(urlsplit(url).query) == {"lijkt_op": [draft]}
    question = html(client, url)
    back = re.search(r'<a href="(/zoeken\?[^"]*)">‹ Terug naar de zoekresultaten([^<]*)', question)
    assert back is not None and back.group(2) == " voor de geplakte tekst"
    assert parse_qs(urlsplit(back.group(1).replace("&amp;", "&")).query) == {"lijkt_op": [draft]}
    assert "<mark>" not in question  # a passage is not a query to mark words by


def test_without_filters_keeps_the_passage_of_a_search_by_example(client) -> None:
    draft = "Welke Reaper toestellen en welke munitie wil Nederland nog aanschaffen?"
    page = html(client, "/zoeken?" + urlencode({"lijkt_op": draft, "partij": "SGP"}))
    link = re.search(r'<a href="([^"]*)">Alle filters wissen</a>', page)
    assert link is not None
    assert parse_qs(urlsplit(link.group(1).replace("&amp;", "&")).query) == {"lijkt_op": [draft]}


def test_a_hit_of_a_filter_alone_links_back_to_its_results(client) -> None:
    page = html(client, "/zoeken?partij=SGP")
    url = hit_urls(page)[0]
    question = html(client, url)
    assert '<a href="/zoeken?partij=SGP">‹ Terug naar de zoekresultaten</a>' in question


# -- the documents: the newest on the home page, all of them a page at a time ------------


def test_home_shows_the_newest_documents_and_links_them_all(kamervragen_pages) -> None:
    every = kamervragen_pages.get("/api/documenten").get_json()
    assert every["pagination"]["total"] == 11  # the sample and the ten Aanhangsel letters
    page = html(kamervragen_pages, "/")
    listed = re.findall(r'<a href="/document/([^"]+)">', section(page, "documenten"))
    assert listed == [d["id"] for d in every["documents"]][:10]  # newest first
    assert '<a href="/documenten">Alle 11 documenten</a>' in page


def test_the_documents_list_is_paged_with_its_json_twin(kamervragen_pages, monkeypatch) -> None:
    from search.web import service

    monkeypatch.setattr(service, "DOCUMENTS_PER_PAGE", 4)
    every = [
        d["id"] for d in kamervragen_pages.get("/api/documenten?pagina=1").get_json()["documents"]
    ]
    pages = [kamervragen_pages.get(f"/api/documenten?pagina={n}").get_json() for n in (1, 2, 3)]
    ids = [d["id"] for found in pages for d in found["documents"]]
    assert ids[:4] == every and len(ids) == len(set(ids)) == 11
    dates = [d["date"] for found in pages for d in found["documents"]]
    assert dates == sorted(dates, reverse=True)
    assert pages[2]["pagination"] == {"page": 3, "pages": 3, "per_page": 4, "total": 11}
    second = html(kamervragen_pages, "/documenten?pagina=2")
    assert re.findall(r'<a href="/document/([^"]+)">', second) == ids[4:8]
    assert "11 documenten, nieuwste eerst; 5–8 op deze pagina." in second
    assert 'href="/documenten?pagina=3" rel="next"' in second
    assert 'href="/documenten?pagina=1" rel="prev"' in second
    past = html(kamervragen_pages, "/documenten?pagina=4", status=400)
    assert "Pagina 4 bestaat niet; er zijn 3 pagina&#39;s." in past
    wrong = kamervragen_pages.get("/api/documenten?pagina=twee")
    assert wrong.status_code == 400 and "paginanummer" in wrong.get_json()["error"]


def test_the_figures_and_documents_follow_a_new_generation(client, index_root) -> None:
    """Sorted once per generation, not once per request: an update shows at once."""
    from index.sync import sync_index
    from ingest import load

    before = html(client, "/")
    assert "ah-tk-20232024-1314" not in before and "/documenten" in before
    pdf = Path(__file__).resolve().parents[1] / "fixtures/aanhangsel/ah-tk-20232024-1314.pdf"
    sync_index(load([pdf]).documents, index_root)
    after = html(client, "/")
    assert '<a href="/document/ah-tk-20232024-1314">' in after
    listed = client.get("/api/documenten").get_json()
    assert listed["pagination"]["total"] == 2
    assert "ah-tk-20232024-1314" in {d["id"] for d in listed["documents"]}
    figures = re.search(r"(\d+) documenten", after)
    assert figures and figures.group(1) == "2"
