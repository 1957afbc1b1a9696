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


ODD_LINES = [
    "",
    "   ",
    "\u00a0\u200b\u2011\t \u3000x\u00ad\u200dy  z\ufeff ",
    "Twee  spaties,\u2009dunne spatie en een non\u2011breaking hyphen",
    "\u2007\u202f\u200a",
]


def test_tidy_is_the_plain_substitutions(sample_path):
    import re

    def plain(text: str) -> str:  # tidy as the four substitutions it stands for
        text = re.sub("[\u200b\u200c\u200d\ufeff\u00ad]", "", text)
        text = re.sub("[\u00a0\u2007\u202f\u2009\u200a\u3000\t]", " ", text)
        return re.sub(" {2,}", " ", text.replace("\u2011", "-")).strip()

    lines = [*ODD_LINES, *sample_path.read_text(encoding="utf-8").splitlines()]
    assert [tidy(line) for line in lines] == [plain(line) for line in lines]
