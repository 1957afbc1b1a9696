import pytest

from ingest.kamerstuk import Kamerstuk, find_kamerstukken, parse_kamerstuk


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kamerstuk 36 045, nr. 267", Kamerstuk("36045", 267)),
        ("Kamerstuk 36715, nr.32", Kamerstuk("36715", 32)),
        ("36124-57", Kamerstuk("36124", 57)),
        ("Kamerstuk 36124-57", Kamerstuk("36124", 57)),
        ("21 501-28, nr. 296", Kamerstuk("21501", 296, part="28")),
        ("Kamerstuk 21 501-02, nr. 2498", Kamerstuk("21501", 2498, part="02")),  # 2129 note 3
        ("36 410 VIII, nr. 106", Kamerstuk("36410", 106, part="VIII")),
        ("Kamerstukken ll 2023/24, 36 410 XVI, nr. 160", Kamerstuk("36410", 160, part="XVI")),
        ("Kamerstuk 36 410-XVI, nr. 5", Kamerstuk("36410", 5, part="XVI")),
    ],
)
def test_written_forms(text, expected):
    assert parse_kamerstuk(text) == expected


def test_several_numbers_in_one_reference():
    found = find_kamerstukken("zie Kamerstukken 36 045, nummers 215 en 264).")
    assert [stuk.id for stuk in found] == ["kst-36045-215", "kst-36045-264"]


def test_the_word_nr_repeated_in_a_list():
    # 2271, note 14: "Kamerstukken II, 25 424, nr. 679, nr. 684 en 685"
    found = find_kamerstukken("Kamerstukken II, 25 424, nr. 679, nr. 684 en 685, en het IZA")
    assert [stuk.id for stuk in found] == ["kst-25424-679", "kst-25424-684", "kst-25424-685"]


def test_next_reference_is_not_swallowed_as_a_number():
    found = find_kamerstukken("zie Kamerstukken 36 045, nr. 215 en 36 045, nr. 264).")
    assert [stuk.id for stuk in found] == ["kst-36045-215", "kst-36045-264"]


def test_url_and_id():
    assert (
        Kamerstuk("36045", 267).url == "https://zoek.officielebekendmakingen.nl/kst-36045-267.html"
    )
    assert Kamerstuk("21501", 296, "28").id == "kst-21501-28-296"
    assert Kamerstuk("36410", 106, "VIII").id == "kst-36410-VIII-106"


def test_dates_and_plain_numbers_are_not_kamerstukken():
    assert find_kamerstukken("op 11 en 12 februari 2026, nr. 5 van de agenda") == []
    assert parse_kamerstuk("75% van alle raketten") is None


def test_a_chapter_is_in_capitals():
    # Lower-case letters after a dossier number are words, not a budget chapter.
    assert find_kamerstukken("36 045 a, nr. 5 en 36 045 i nr. 6") == []


def test_the_quick_check_skips_only_texts_the_patterns_cannot_match(sample):
    from pathlib import Path

    import ingest
    from ingest import kamerstuk

    fixtures = Path(__file__).resolve().parents[1] / "fixtures" / "aanhangsel"
    documents = [sample, *(ingest.parse_file(p) for p in sorted(fixtures.glob("*.pdf")))]
    texts = [t for d in documents for r in d.records for t in (r.question, r.answer)]
    texts += [f.text for d in documents for r in d.records for f in r.footnotes]
    texts += ["36124-57", "Kamerstuk 36124-57", "KAMERSTUK 36 045, NR. 1", "36 045, nrs. 1 en 2"]
    patterns = (kamerstuk._WITH_NR, kamerstuk._DASHED, kamerstuk._BARE)
    named = [t for t in texts if any(p.search(t) for p in patterns)]
    assert len(named) > 20
    assert all(kamerstuk._may_name_one(t) for t in named)
