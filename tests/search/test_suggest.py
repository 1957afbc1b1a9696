"""Spelling suggestions from the index vocabulary, written in their surface form."""

from __future__ import annotations

import json

from index.analysis.fold import fold
from index.store import open_generation
from index.surface import SURFACE_FILE, surface_forms
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


def _edits(a: str, b: str) -> int:
    """Plain Levenshtein distance, the slow and obvious way."""
    row = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, char_b in enumerate(b, 1):
            previous, row[j] = (
                row[j],
                min(row[j] + 1, row[j - 1] + 1, previous + (char_a != char_b)),
            )
    return row[-1]


def _typos(engine, count: int):
    import random

    live = engine._live()
    words = [w for w in live.arrays.field("exact").terms() if w.isalpha()]
    rng = random.Random(7)
    for word in rng.sample(words, count):
        i = rng.randrange(len(word))
        for typo in (
            word[:i] + word[i + 1 :],  # a letter dropped
            word[:i] + "e" + word[i:],  # a letter added
            word[:i] + "x" + word[i + 1 :],  # a letter replaced
            word[:i] + word[i + 1 : i + 2] + word[i : i + 1] + word[i + 2 :],  # swapped
            word + "qz",  # two letters added
        ):
            if len(typo) >= 3:
                yield typo


def test_candidates_are_the_words_whoosh_finds_within_two_edits(engine) -> None:
    live = engine._live()
    reader = live.ix.reader()
    vocabulary = live.vocabulary
    compared = 0
    for typo in _typos(engine, 60):
        found = {word for word, _ in vocabulary.within(typo)}
        whoosh = set(reader.terms_within("exact", typo, 2, prefix=1)) - {typo}
        assert found == whoosh, typo
        compared += bool(found)
    assert compared > 50


def test_the_suggestion_is_the_nearest_then_most_frequent_word(engine) -> None:
    from search.suggest import suggest

    live = engine._live()
    reader = live.ix.reader()
    words = live.arrays.field("exact").terms()
    field = live.schema["exact"]
    suggested = 0
    for typo in _typos(engine, 120):
        if reader.doc_frequency("exact", typo):
            continue
        got = suggest(live.vocabulary, field, typo)
        near = [(w, _edits(typo, w)) for w in words if w[:1] == typo[:1] and w != typo]
        # As many edits as Elasticsearch's AUTO fuzziness allows for the typo's length.
        near = [(w, d) for w, d in near if d <= (2 if len(typo) > 5 else 1)]
        if not near:
            assert got is None, typo
            continue
        best = min(near, key=lambda c: (c[1], -reader.frequency("exact", c[0]), c[0]))[0]
        assert got == best, typo
        suggested += 1
    assert suggested > 200
    # Nearer beats more frequent: "iedr" is one edit from "ieder", two from "iedere".
    assert suggest(live.vocabulary, field, "iedr") == "ieder"


def test_a_short_word_is_offered_only_a_word_one_edit_away(engine) -> None:
    """Two edits of a 3-letter term leave one letter of it: `MZ-8` (mz8) would have been
    offered "mag" or "met". One edit away is still offered (`MQ-8` → mq9), a word of two
    letters is taken as typed."""
    vocabulary = engine._live().vocabulary
    assert vocabulary.within("mz8", 2) and not vocabulary.within("mz8", 1)
    assert engine.search("MZ-8").suggestion is None
    assert engine.search("MQ-8").suggestion is not None
    assert engine.search("MQ-8").suggestion.lower().replace("-", "") == "mq9"
    assert vocabulary.within("mq", 1) and engine.search("mq").suggestion is None


def test_a_name_is_never_corrected_into_another_word(kamervragen) -> None:
    """ "Van der Lee" was offered as "Van der les", "Heinen" as "hebben": a name in the
    index's names field is left as it is, while the other words still get a suggestion."""
    for query, name in (("Van der Lee zwembaad", "Van der Lee"), ("Heinen zwembaad", "Heinen")):
        result = kamervragen.search(query)
        assert result.total == 0
        assert result.suggestion is None or result.suggestion.startswith(name), result.suggestion
    typo = kamervragen.search("Heinen Groenlnd")
    assert typo.suggestion == "Heinen Groenland"
    assert kamervragen.search("Van der Lee").total >= 4


def test_words_within_two_edits_differ_in_at_most_four_characters(engine) -> None:
    """The bound `Vocabulary.within` compares only the words within: an edit changes a
    word's set of characters by at most one out and one in."""
    import random

    from rapidfuzz.distance import Levenshtein

    from search.suggest import letter_set

    words = engine._live().arrays.field("exact").terms()
    pairs = [(a, b) for a in words[::7] for b in _one_or_two_edits(a)] + list(
        zip(words[::3], words[1::3], strict=False)
    )
    rng = random.Random(5)
    pairs += [(a + "ïé", rng.choice(words)) for a in words[::11]]  # beyond ASCII
    for a, b in pairs:
        differing = (letter_set(a) ^ letter_set(b)).bit_count()
        assert differing <= 2 * Levenshtein.distance(a, b), (a, b)
    assert any((letter_set(a) ^ letter_set(b)).bit_count() == 4 for a, b in pairs)


def _one_or_two_edits(word: str) -> list[str]:
    return [word[1:] + "q", "x" + word[:-1], word[::-1], word + "zz", word.replace("e", "ø")]
