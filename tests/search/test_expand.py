"""Synonyms and abbreviations at query time, the exact-search switch, and `mq 9`."""

from __future__ import annotations

import json

import pytest

from search.cli import main
from search.expand import expand_synonyms, join_spaced_codes, load_groups


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


def test_word_becomes_an_or_over_its_group() -> None:
    expansion = expand_synonyms("navo Groenland")
    assert expansion.text == "(navo OR NATO) Groenland"
    assert expansion.added == ["NATO"]


def test_multiword_member_is_matched_and_quoted() -> None:
    expansion = expand_synonyms("verenigd koninkrijk lening")
    assert expansion.text.startswith('("verenigd koninkrijk" OR VK')
    assert "VK" in expansion.added


def test_operators_prefixes_and_unknown_words_are_left_alone() -> None:
    assert expand_synonyms("NAVO* NIET Groenland").added == []
    assert expand_synonyms("Groenland").text == "Groenland"


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
