"""The fast formats write exactly the postings Whoosh's own formats write.

The reference is Whoosh's format over the memoised analyzer's token stream, which
is what every index was built from before (tests/index/test_memo.py checks that
stream against the plainly composed chain).
"""

from __future__ import annotations

import pytest
from whoosh import formats

from index.analysis.chain import compound_analyzer, dutch_analyzer, exact_analyzer
from index.analysis.formats import FastFrequency, FastPositions

ANALYZERS = {
    "dutch-kp": dutch_analyzer("kp"),
    "dutch-nltk": dutch_analyzer("nltk"),
    "exact": exact_analyzer(),
    "compounds": compound_analyzer("kp"),
}


def _texts(corpus_documents) -> list[str]:
    texts = [
        "De MQ-9 Reaper en de F-35’s; begrotingssteun voor Oekraïne, de de de.",
        "",
        "   ",
        "het de een",  # only stopwords
    ]
    for document in corpus_documents:
        for record in document.records:
            texts.extend(t for t in (record.topic, record.question, record.answer) if t)
    return texts


@pytest.mark.parametrize("name", sorted(ANALYZERS))
def test_frequencies_equal_whoosh(name: str, corpus_documents) -> None:
    analyzer = ANALYZERS[name]
    fast, plain = FastFrequency(field_boost=1.5), formats.Frequency(field_boost=1.5)
    compared = 0
    for text in _texts(corpus_documents):
        expected = sorted(plain.word_values(text, analyzer, mode="index"))
        assert sorted(fast.word_values(text, analyzer, mode="index")) == expected, text[:60]
        compared += len(expected)
    assert compared > 300  # parts: only compounds yield postings


@pytest.mark.parametrize("name", sorted(ANALYZERS))
def test_positions_equal_whoosh(name: str, corpus_documents) -> None:
    analyzer = ANALYZERS[name]
    fast, plain = FastPositions(field_boost=2.0), formats.Positions(field_boost=2.0)
    for text in _texts(corpus_documents):
        expected = sorted(plain.word_values(text, analyzer, mode="index"))
        assert sorted(fast.word_values(text, analyzer, mode="index")) == expected, text[:60]


def test_other_analyzers_and_pretokenized_values_go_whoosh_s_way() -> None:
    from whoosh.analysis import StandardAnalyzer

    fast, plain = FastFrequency(), formats.Frequency()
    analyzer = StandardAnalyzer()
    text = "Een twee twee drie"
    assert sorted(fast.word_values(text, analyzer)) == sorted(plain.word_values(text, analyzer))
    words = ["a", "b", "a"]
    assert sorted(fast.word_values(words, analyzer)) == sorted(plain.word_values(words, analyzer))
