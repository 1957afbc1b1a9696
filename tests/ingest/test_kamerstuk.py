import pytest

from ingest.kamerstuk import Kamerstuk, find_kamerstukken, find_references, parse_kamerstuk


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


# -- references: every form, with where it stands (the search terms of index.analysis) ----


def _named(text: str) -> list[tuple[str, str]]:
    return [(ref.id, text[ref.start : ref.end]) for ref in find_references(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A reference's span takes in the words naming it, for a query to be rewritten.
        ("zie Kamerstuk 36 045, nr. 267.", [("kst-36045-267", "Kamerstuk 36 045, nr. 267")]),
        # 1786, note 4: the Kamer and the vergaderjaar before the dossier.
        (
            "Tweede Kamer, vergaderjaar 2022–2023, 26 485, nr. 424",
            [("kst-26485-424", "Tweede Kamer, vergaderjaar 2022–2023, 26 485, nr. 424")],
        ),
        # A dossier without an item, with a part, named by "dossier".
        ("Kamerstukken II 2023/24, 36 045 en", [("kst-36045", "Kamerstukken II 2023/24, 36 045")]),
        ("Kamerstuk 21 501-02 over de Raad", [("kst-21501-02", "Kamerstuk 21 501-02")]),
        ("in dossier 36045 staat", [("kst-36045", "dossier 36045")]),
        # 1999's Mededeling: an item in running text.
        ("(36 471-64) op 7 juni", [("kst-36471-64", "36 471-64")]),
        # A link's official id; a motion's Kamerstuk with a chapter.
        (
            "https://zoek.officielebekendmakingen.nl/kst-26485-432.html",
            [("kst-26485-432", "kst-26485-432")],
        ),
        ("de motie (36 800 V, nr. 48)", [("kst-36800-V-48", "36 800 V, nr. 48")]),
        # Zaak and Kamer document numbers (2129, note 3: in a link).
        ("moties/detail?id=2022D25169&x", [("2022D25169", "2022D25169")]),
        ("zaak 2023Z12345.", [("2023Z12345", "2023Z12345")]),
    ],
)
def test_references_and_where_they_stand(text, expected):
    assert _named(text) == expected


def test_several_items_of_one_reference_share_its_span():
    text = "zie Kamerstukken 36 045, nummers 215 en 264)."
    named = _named(text)
    assert [i for i, _ in named] == ["kst-36045-215", "kst-36045-264"]
    assert {span for _, span in named} == {"Kamerstukken 36 045, nummers 215 en 264"}


@pytest.mark.parametrize(
    "text",
    [
        "20 000 euro",  # an amount is no dossier
        "tussen 20 000-30 000 mensen",
        "2 045 mensen",
        "ten minste 10.000 kg en 12,5%",
        "in de periode 2026–2027 en 2016-2020",
        "in 2035 5% aan defensie",
        "artikel 1.1.1, eerste lid",
        "op 15 mei 2024 om 10 000 uur",
    ],
)
def test_amounts_years_and_numbers_are_no_references(text):
    assert find_references(text) == []


def test_ingest_links_only_what_it_linked_before():
    # A dossier alone or an item in running text is a search term, never a link.
    assert find_kamerstukken("Kamerstukken II 2023/24, 36 045 en (36 471-64)") == []
