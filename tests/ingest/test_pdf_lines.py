import pytest

from ingest.pdf_lines import compose_accents, glyph_text


@pytest.mark.parametrize(
    ("printed", "read"),
    [
        ("Kostic´", "Kostić"),  # 1314: the acute after the c
        ("Yes¸ilgöz-Zegerius", "Yeşilgöz-Zegerius"),  # a cedilla after its s
        ("Kostic´ (PvdD)", "Kostić (PvdD)"),
        ("Tweede Kamer", "Tweede Kamer"),
    ],
)
def test_spacing_accents_join_the_letter_before_them(printed, read):
    assert compose_accents(printed) == read


def test_known_cids_map_and_unknown_ones_are_reported():
    assert glyph_text("(cid:129)") == ("•", None)
    assert glyph_text("(cid:143)") == ("", 143)
    assert glyph_text("a") == ("a", None)
