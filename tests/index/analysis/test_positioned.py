"""The wanted words' positions and offsets are those of the plain chain's token stream."""

from __future__ import annotations

import pytest

from index.analysis.chain import compound_analyzer, dutch_analyzer, exact_analyzer
from index.analysis.positioned import wanted_at
from search.config import BUNDLED_CORPUS

ANALYZERS = {
    "dutch": lambda: dutch_analyzer("kp"),
    "compound": lambda: compound_analyzer("kp"),
    "exact": exact_analyzer,
}


@pytest.fixture(scope="module")
def corpus_text() -> str:
    return next(BUNDLED_CORPUS.glob("*.txt")).read_text(encoding="utf-8")


def first_places(stream: list[tuple], wanted: set[str]) -> dict:
    """(word, position) → its first (start, end), from the plain Whoosh token stream."""
    at: dict = {}
    for text, position, start, end in stream:
        if text in wanted:
            at.setdefault((text, position), (start, end))
    return at


@pytest.mark.parametrize("name", sorted(ANALYZERS))
def test_wanted_words_stand_where_the_plain_chain_puts_them(corpus_text, name):
    memo = ANALYZERS[name]()
    # Every term of the text (stopwords dropped) once in a set of a few: compounds, codes
    # and words after stopwords all come by.
    plain = memo.plain_chain()(corpus_text, positions=True, chars=True, mode="index")
    stream = [(t.text, t.pos, t.startchar, t.endchar) for t in plain]
    terms = sorted({text for text, *_ in stream})
    assert len(terms) > 200
    for first in range(0, len(terms), 20):
        wanted = set(terms[first : first + 20])
        assert wanted_at(memo, corpus_text, wanted) == first_places(stream, wanted)


def test_no_wanted_word_no_place_and_a_stopword_has_none():
    memo = dutch_analyzer("kp")
    assert wanted_at(memo, "steun aan Oekraïne", {"drone"}) == {}
    assert wanted_at(memo, "", {"drone"}) == {}
    assert wanted_at(memo, "steun aan Oekraïne", {"aan"}) == {}
    (oekraine,) = {t.text for t in memo("Oekraïne", mode="index")}
    assert wanted_at(memo, "steun aan de Oekraïne", {oekraine}) == {(oekraine, 1): (13, 21)}
