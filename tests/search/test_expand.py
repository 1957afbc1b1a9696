"""Query-time rewrites: synonyms and abbreviations, compounds written apart or together,
identifiers however written, `mq 9` and `36 045`, and the exact-search switch."""

from __future__ import annotations

import json

import pytest

from index.build import build_index
from ingest.records import Document, Record
from search.cli import main
from search.engine import SearchEngine
from search.expand import (
    ALTERNATIVE_WEIGHT,
    Known,
    alternatives,
    identifiers_as_words,
    join_spaced_codes,
    join_spaced_dossiers,
    load_groups,
    spellings,
)

W = f"^{ALTERNATIVE_WEIGHT:g}"  # how an alternative is weighed in the rewritten text


def numbers(result) -> list[int | None]:
    return [hit.get("number") for hit in result.hits]


def test_data_file_has_the_required_groups() -> None:
    groups = {frozenset(g) for g in load_groups()}
    for pair in [
        ("NAVO", "NATO"),
        ("VK", "Verenigd Koninkrijk"),
        ("VS", "Verenigde Staten"),
        ("EU", "Europese Unie"),
        ("PURL", "Prioritised Ukraine Requirements List"),
        ("UDCG", "Ukraine Defence Contact Group"),
        ("DMM", "Defence Ministers Meeting"),
        ("RBZ", "Raad Buitenlandse Zaken"),
        ("IAMD", "integrated air and missile defence"),
    ]:
        assert any(set(pair) <= g for g in groups), pair


def test_word_becomes_an_or_over_its_group_weighed_below_it() -> None:
    expansion = alternatives("navo Groenland")
    assert expansion.text == f"(navo OR NATO{W}) Groenland"
    assert expansion.added == ["NATO"]


def test_multiword_member_is_matched_and_quoted() -> None:
    expansion = alternatives("verenigd koninkrijk lening")
    assert expansion.text.startswith(f'("verenigd koninkrijk" OR VK{W}')
    assert "VK" in expansion.added


def test_operators_prefixes_and_unknown_words_are_left_alone() -> None:
    assert alternatives("NAVO* NIET Groenland").added == []
    assert alternatives("Groenland").text == "Groenland"


# The bundled letter writes "het cascade principe" (answer 29) and never the compound.
LETTER_WORDS = {"cascade", "principe", "wapenexport", "vuurwerkopslag", "veiligheidsraad"}


def _known_word(word: str) -> bool:
    return word in LETTER_WORDS


def test_a_compound_is_also_searched_written_apart() -> None:
    expansion = alternatives("cascadeprincipe", _known_word)
    assert expansion.text == f'(cascadeprincipe OR "cascade principe"{W})'
    assert expansion.added == ["cascade principe"]
    # Parts the index does not hold are not searched ("defensie strategie").
    assert alternatives("defensiestrategie", _known_word).added == []


@pytest.mark.parametrize(
    ("text", "rewritten", "joined"),
    [
        ("wapen export", f"((wapen export) OR wapenexport{W})", "wapenexport"),
        (
            "Vuurwerk opslag Rotterdam",
            f"((Vuurwerk opslag) OR vuurwerkopslag{W}) Rotterdam",
            "vuurwerkopslag",
        ),
        ("veiligheid raad", f"((veiligheid raad) OR veiligheidsraad{W})", "veiligheidsraad"),  # -s-
    ],
)  # fmt: skip
def test_two_words_are_also_searched_written_together(text, rewritten, joined) -> None:
    expansion = alternatives(text, _known_word)
    assert (expansion.text, expansion.added) == (rewritten, [joined])


@pytest.mark.parametrize("text", ["wapen OF export", "NIET wapen export", "wapen export OF x"])
def test_words_bound_to_an_operator_are_not_joined(text) -> None:
    assert alternatives(text, _known_word).added == []


def test_a_quoted_phrase_is_also_searched_written_together() -> None:
    # The analyzer joins a hyphenated word (defensie-industrie → defensieindustrie), so
    # the phrase as typed never finds it: the joined word is its weighed alternative.
    expansion = alternatives('"wapen export" NAVO-landen', _known_word)
    assert expansion.text.startswith(f'("wapen export" OR wapenexport{W})')
    assert expansion.added[0] == "wapenexport"
    assert alternatives('"wapen xport"', _known_word).added == []  # unknown joined word
    assert alternatives('"wapen"', _known_word).added == []  # one word: nothing to join


def test_the_letter_s_defensie_industrie_is_found_by_the_phrase_typed_apart(engine) -> None:
    # The bundled letter writes "defensie-industrie" (12 times) and never the two words
    # side by side, so the phrase found nothing; both peers split the hyphen and find it.
    hyphenated = numbers(engine.search("defensie-industrie", limit=50))
    phrase = engine.search('"defensie industrie"', limit=50)
    assert hyphenated and sorted(numbers(phrase), key=str) == sorted(hyphenated, key=str)
    assert phrase.expansions == ["defensieindustrie"]
    assert "defensie-industrie" in phrase.hits[0]["snippet"].replace("<mark>", "").replace(
        "</mark>", ""
    )
    assert engine.search('"defensie industrie"', expand=False).total == 0  # exact: as typed


@pytest.mark.parametrize(
    ("text", "rewritten"),
    [
        ("Kamerstuk 36045, nr. 243", "36045-243"),
        ("motie Kamerstuk 36 800 V, nr. 48", "motie 36800-v-48"),
        ("Kamerstukken 36 045, nummers 215 en 264", "(36045-215 OR 36045-264)"),
        ("Kamerstukken II 2023/24, 36 045", "36045"),
        ("Aanhangsel Handelingen II 2023/24, nr. 2367", "ah-tk-20232024-2367"),
        ("kst-36045-243 en 36045-243", "kst-36045-243 en 36045-243"),  # one word each: as typed
        ("20 000 euro", "20 000 euro"),
    ],
)
def test_identifiers_written_in_several_words_become_one(text, rewritten) -> None:
    assert identifiers_as_words(text) == rewritten


def test_a_spaced_dossier_is_joined_when_the_index_names_it() -> None:
    assert join_spaced_dossiers("36 045 steun", lambda d: d == "36045") == "36045 steun"
    assert join_spaced_dossiers("20 000 euro", lambda d: d == "36045") == "20 000 euro"
    assert join_spaced_dossiers("20 000 000", lambda d: True) == "20 000 000"  # no dossier


def test_spellings_leave_quoted_text_alone() -> None:
    known = Known(word=lambda w: w == "mq9", identifier=lambda t: t == "36045")
    assert spellings('mq 9 "36 045" 36 045', known) == 'mq9 "36 045" 36045'


@pytest.mark.parametrize(("text", "joined"), [("mq 9", "mq9"), ("MQ 9 inzet", "MQ9 inzet")])
def test_spaced_code_is_joined_when_the_index_knows_it(text: str, joined: str) -> None:
    assert join_spaced_codes(text, lambda code: code == "mq9") == joined


def test_spaced_numbers_that_are_no_known_code_stay_apart() -> None:
    assert join_spaced_codes("vraag 15", lambda code: code == "mq9") == "vraag 15"
    assert join_spaced_codes('"mq 9"', lambda code: True) == '"mq 9"'


def test_engine_reports_expansions_and_finds_the_other_spelling(engine) -> None:
    # "NATO" alone occurs only in answer 20 ("NATO Priority Targets") and in answer 40's
    # footnote (a link to nato.int); NAVO in many.
    result = engine.search("NATO", limit=50)
    assert "NAVO" in result.expansions
    assert result.to_json()["expansions"] == result.expansions
    assert result.total > 10
    exact = engine.search("NATO", limit=50, expand=False)
    assert exact.expansions == []
    assert numbers(exact) == [20, 40]


def test_exact_search_leaves_out_compound_parts(engine) -> None:
    assert 32 in numbers(engine.search("stekelvarken"))
    assert engine.search("stekelvarken", expand=False).total == 0


def test_spaced_code_finds_the_mq9_answers(engine) -> None:
    assert numbers(engine.search("mq 9"))[:2] == [21, 38]
    assert numbers(engine.search("MQ9"))[:2] == [21, 38]


def test_cli_exact_flag_and_expansion_line(capsys, index_root) -> None:
    assert main(["--index", str(index_root), "search", "VK"]) == 0
    assert "Ook gezocht op: Verenigd Koninkrijk" in capsys.readouterr().out
    assert main(["--index", str(index_root), "search", "--exact", "--json", "VK"]) == 0
    assert json.loads(capsys.readouterr().out)["expansions"] == []


def test_the_letter_s_cascade_principe_is_found_by_the_compound(engine) -> None:
    result = engine.search("cascadeprincipe")
    assert numbers(result) == [29] and result.expansions == ["cascade principe"]
    exact = engine.search("cascadeprincipe", expand=False)
    assert (exact.total, exact.expansions) == (0, [])


def _tiny_index(tmp_path, answers: dict[int, str]) -> SearchEngine:
    records = [Record("brief", numbers=[n], answer=text) for n, text in answers.items()]
    build_index([Document("brief", "brief.txt", "0", "test", records=records)], tmp_path)
    return SearchEngine(tmp_path)


def test_what_was_typed_ranks_above_its_alternative(tmp_path) -> None:
    filler = "Het kabinet bespreekt dit in de Raad."
    engine = _tiny_index(
        tmp_path,
        {
            1: f"{filler} Het cascade principe geldt.",
            2: f"{filler} Het cascadeprincipe geldt, en de inkoop in Europa.",
            3: f"{filler} De wapenexport naar Jemen.",
            4: f"{filler} De export van elk wapen naar Jemen, en verder niets.",
        },
    )
    assert numbers(engine.search("cascadeprincipe")) == [2, 1]
    assert numbers(engine.search("cascade principe")) == [1, 2]
    assert numbers(engine.search("wapen export")) == [4, 3]
    assert numbers(engine.search("wapenexport")) == [3]  # the parts apart are no compound
    assert numbers(engine.search("cascadeprincipe", expand=False)) == [2]


def test_a_synonym_ranks_below_the_word_typed(engine) -> None:
    # Answer 16 says "lastendeling" in a short answer, question 31 "lastenverdeling".
    ranked = numbers(engine.search("lastenverdeling", limit=20))
    assert ranked.index(31) < ranked.index(16)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # Answers 6 and 33 cite "Kamerstuk 36715, nr.32" in a footnote only.
        ("36715", {6, 33}),
        ("kst-36715-32", {6, 33}),
        # Dossier 36045: "36045, nr. 243", "36 045, nr. 267", "36 045, nummers 215 en 264";
        # 30 only points to answer 15 ("Zie het antwoord op vraag 15").
        ("36045", {3, 8, 15, 24, 27, 30}),
        ("36 045", {3, 8, 15, 24, 27, 30}),
        ("Kamerstuk 36 045, nr. 267", {3, 24}),
        ("36045-243", {15}),  # 30 points to 15: found by its text, "36045", not its ids
        ("Kamerstuk 36 800 V, nr. 48", {33}),  # a motion, with the budget chapter
    ],
)
def test_dossiers_and_kamerstukken_however_written(engine, query, expected) -> None:
    assert set(numbers(engine.search(query, limit=50))) == expected


def test_an_amount_stays_two_numbers(engine) -> None:
    parsed = engine.search("20 000", limit=50)
    assert parsed.expansions == []
