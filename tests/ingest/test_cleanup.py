import pytest

from ingest.cleanup import clean_line, join_paragraphs, tidy


@pytest.mark.parametrize(
    "junk",
    [
        "image1.png",
        "[image: /private/var/tmp/engine/image1.png][image: /x/image2.png]",
        "1",
        "  12 ",
    ],
)
def test_junk_lines_disappear(junk):
    assert clean_line(junk) == ""


def test_bookmark_is_removed_from_a_real_line():
    assert clean_line("[bookmark: _GoBack]Ruben Brekelmans") == "Ruben Brekelmans"


def test_odd_spaces_become_plain_spaces():
    assert tidy("\tvan\u00a011 en\u202f12  februari ") == "van 11 en 12 februari"


def test_years_are_not_page_numbers():
    assert clean_line("2026") == "2026"


def test_join_paragraphs_keeps_breaks_and_drops_empty():
    assert join_paragraphs(["Een.", "  ", "Twee  drie."]) == "Een.\n\nTwee drie."
