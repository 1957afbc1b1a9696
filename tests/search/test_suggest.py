"""Spelling suggestions from the index vocabulary, written in their surface form."""

from __future__ import annotations

import json

from index.store import open_generation
from index.surface import SURFACE_FILE, fold, surface_forms
from search.cli import main


def test_surface_form_is_the_most_frequent_spelling() -> None:
    forms = surface_forms(["Oekraïne en Oekraine", "Oekraïne", "Steun voor steun"])
    assert forms["oekraine"] == "Oekraïne"
    assert forms["steun"] == "steun"  # lowercase wins over a sentence-initial capital
    assert fold("Roemenië") == "roemenie"


def test_build_writes_the_map_beside_the_catalog(index_root) -> None:
    generation = open_generation(index_root)
    forms = json.loads((generation.path / SURFACE_FILE).read_text(encoding="utf-8"))
    assert forms["oekraine"] == "Oekraïne"
    assert forms["groenland"] == "Groenland"


def test_misspelling_gets_the_corpus_word(engine) -> None:
    result = engine.search("schaduwfloot")
    assert result.total == 0
    assert result.suggestion == "schaduwvloot"


def test_suggestion_keeps_diacritics(engine) -> None:
    assert engine.search("Oekraiene").suggestion == "Oekraïne"


def test_suggestion_only_replaces_unknown_words(engine) -> None:
    assert engine.search("steun Oekraiene").suggestion == "steun Oekraïne"
    assert engine.search("schaduwvloot").suggestion is None


def test_cli_and_json_show_the_suggestion(capsys, index_root) -> None:
    assert main(["--index", str(index_root), "search", "schaduwfloot"]) == 0
    assert "Bedoelde u: schaduwvloot?" in capsys.readouterr().out
    assert main(["--index", str(index_root), "search", "--json", "Oekraiene"]) == 0
    assert json.loads(capsys.readouterr().out)["suggestion"] == "Oekraïne"
