"""Footnote markers on the question page where they stood in print, linked both ways
(search.web.notes), also where the searched words are marked."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

from search.records import footnote_dict
from search.snippets import marked_html
from search.web.notes import paragraphs_with_markers
from tests.conftest import SAMPLE_ID
from tests.web.test_pages import html, section


def _marker(number: int) -> str:
    return f'<sup class="noot"><a href="#voetnoot-{number}" id="noot-{number}-ref"'


def test_markers_stand_after_their_words_in_the_letter(client: FlaskClient) -> None:
    # "… in het Europees Parlement op 28 januari jl.⁵ en Kubilius' speech … jl.⁶"
    page = html(client, f"/vraag/{SAMPLE_ID}/40")
    answer = section(page, "antwoord-kop")
    assert "op 28 januari jl." + _marker(5) in answer
    assert "op 28 januari jl." + _marker(6) in answer
    notes = re.search(r'<section class="footnotes".*?</section>', page, re.S).group(0)
    for number in (5, 6):
        assert f'<li value="{number}" id="voetnoot-{number}">' in notes
        assert f'<a href="#noot-{number}-ref" class="noot-terug"' in notes


def test_a_marker_after_a_marked_word_stands_outside_the_mark(kamervragen_pages) -> None:
    # ah-tk-20232024-2271, answer 6: "… tot stand gekomen⁷. Daarin …"
    page = html(kamervragen_pages, "/vraag/ah-tk-20232024-2271/6?q=gekomen")
    answer = section(page, "antwoord-kop")
    assert "stand <mark>gekomen</mark>" + _marker(7) in answer
    assert not re.search(r"<mark>[^<]*<sup", answer)


def test_markers_in_the_question_of_a_kamervraag(kamervragen_pages) -> None:
    page = html(kamervragen_pages, "/vraag/ah-tk-20232024-1292/1")
    assert "vervolgprocedure?" + _marker(1) in section(page, "vraag-kop")


def test_a_footnote_of_an_old_index_has_no_marker_and_no_way_back() -> None:
    stored = {"number": 3, "text": "Kamerstuk 36715, nr.32", "url": None}  # before anchors
    note = footnote_dict(stored)
    assert note["anchors"] == []
    record = {"answer": "Eerste.\n\nTweede.", "footnotes": [note]}
    assert paragraphs_with_markers(record["answer"], record, "answer") == [
        ("Eerste.", []),
        ("Tweede.", []),
    ]


def test_markers_land_in_their_paragraph_at_its_offset() -> None:
    note = {"number": 2, "text": "x", "url": None, "anchors": [["answer", 16]]}
    record = {"answer": "Eerste.\n\nTweede.", "footnotes": [note]}
    [first, second] = paragraphs_with_markers(record["answer"], record, "answer")
    assert first == ("Eerste.", [])
    assert second[0] == "Tweede." and [offset for offset, _ in second[1]] == [7]


def test_an_insert_inside_a_mark_follows_the_mark() -> None:
    assert marked_html("a drone b", [(2, 7)], [(4, "¹")]) == "a <mark>drone</mark>¹ b"
    assert marked_html("a <b>", [], [(1, "*")]) == "a* &lt;b&gt;"


def test_the_question_page_marks_a_synonym_phrase_only_where_it_stands(client) -> None:
    # Answer 4: "… en counter-drone systemen en Militaire mobiliteit …"; `drone` also
    # searches "onbemenste systemen", whose "systemen" stands here without "onbemenste".
    page = html(client, f"/vraag/{SAMPLE_ID}/4?q=drone")
    answer = section(page, "antwoord-kop")
    assert "drone</mark> systemen en" in answer
    assert "<mark>systemen</mark>" not in answer.casefold()
    page = html(client, f"/vraag/{SAMPLE_ID}/39?q=drone")
    assert "<mark>Onbemenste</mark> <mark>Systemen</mark>" in section(page, "antwoord-kop")


def test_markers_and_a_marked_phrase_together(kamervragen_pages) -> None:
    # ah-tk-20232024-2271, answer 6: "de aanpak «mentale gezondheid: van ons allemaal» tot
    # stand gekomen⁷."
    page = html(kamervragen_pages, "/vraag/ah-tk-20232024-2271/6?q=%22mentale+gezondheid%22")
    answer = section(page, "antwoord-kop")
    assert (
        "«<mark>mentale</mark> <mark>gezondheid</mark>: van ons allemaal» tot stand gekomen"
        in answer
    )
    assert "gekomen" + _marker(7) in answer
    assert [int(n) for n in re.findall(r'id="noot-(\d+)-ref"', answer)] == [6, 7, 8, 9]
