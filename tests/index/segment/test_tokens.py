"""Word numbers and analysis tables (index.segment.tokens) against the analyzer itself.

`WordNumbers.encode` must find the tokens the tokenizer's expression finds, and
`AnalysisTable.expand` must give every text the terms, positions and counts that
`MemoizedAnalyzer.term_positions` / `term_counts` give it (which
tests/index/test_formats.py ties to Whoosh's own formats).
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from index.analysis.chain import compound_analyzer, dutch_analyzer, exact_analyzer
from index.segment.tokens import AnalysisTable, WordNumbers

ANALYZERS = {
    "dutch-kp": dutch_analyzer("kp"),
    "dutch-nltk": dutch_analyzer("nltk"),
    "exact": exact_analyzer(),
    "compounds": compound_analyzer("kp"),
}
AWKWARD = [
    "",
    "   \n\t ",
    "het de een",  # stopwords only: no positions at all
    "De MQ-9’s, F-35's en MQ9s; 3,5 miljard en 1.000 toestellen — e-mail/PURL-mechanisme.",
    "begrotingssteun\u00a0voor\u2009Oekraïne (Roemenië) … «schaduwvloot»",
    "a--b -c d- 21501-28 nr.32 zo'n auto's",
]


@pytest.fixture(scope="module")
def texts(corpus_documents) -> list[str]:
    found = list(AWKWARD)
    for document in corpus_documents:
        for record in document.records:
            found.extend((record.topic or "", record.question, record.answer))
    return found


def test_word_numbers_find_the_tokenizers_tokens(texts: list[str]) -> None:
    pattern = ANALYZERS["exact"].tokenizer.expression
    words = WordNumbers(pattern)
    numbers, counts = words.encode(texts)
    assert counts.sum() == len(numbers) > 8_000
    starts = np.cumsum(counts) - counts
    for text, start, count in zip(texts, starts, counts, strict=True):
        expected = [m.group(0) for m in pattern.finditer(text)]
        assert [words.words[n] for n in numbers[start : start + count]] == expected, text[:60]
    # Each distinct word one number, numbered as first seen.
    assert len(set(words.words)) == len(words.words) == len(words.numbers)


def test_a_full_piece_cache_still_tokenizes(texts: list[str]) -> None:
    pattern = ANALYZERS["exact"].tokenizer.expression
    cached, uncached = WordNumbers(pattern), WordNumbers(pattern, cache_size=0)
    first, second = cached.encode(texts[:50]), uncached.encode(texts[:50])
    assert np.array_equal(first[0], second[0]) and np.array_equal(first[1], second[1])


@pytest.mark.parametrize("name", sorted(ANALYZERS))
def test_expanded_tokens_are_the_analyzers_positions(name: str, texts: list[str]) -> None:
    analyzer = ANALYZERS[name]
    table = AnalysisTable(analyzer, WordNumbers(analyzer.tokenizer.expression))
    # Two batches: the second meets words the table has not analysed yet.
    half = len(texts) // 2
    compared = 0
    for batch in (texts[:half], texts[half:]):
        tokens = table.expand(*table.words.encode(batch))
        for i, text in enumerate(batch):
            mine = tokens.texts == i
            positions: dict[str, list[int]] = {}
            for term, position in zip(tokens.terms[mine], tokens.positions[mine], strict=True):
                positions.setdefault(table.terms[term], []).append(int(position))
            expected, boosts = analyzer.term_positions(text)
            assert positions == expected, text[:60]
            counts, _ = analyzer.term_counts(text)
            assert Counter(table.terms[t] for t in tokens.terms[mine]) == counts
            assert tokens.boosts[mine].sum() == pytest.approx(sum(boosts.values()))
            compared += len(expected)
    assert compared > 300  # parts: only compounds yield terms


def test_texts_without_words_take_no_tokens() -> None:
    analyzer = ANALYZERS["dutch-kp"]
    table = AnalysisTable(analyzer, WordNumbers(analyzer.tokenizer.expression))
    tokens = table.expand(*table.words.encode(["", "de het", "drones"]))
    assert tokens.texts.tolist() == [2]
    assert tokens.positions.tolist() == [0]
    assert [table.terms[t] for t in tokens.terms] == ["drone"]


def test_the_table_keeps_the_words_analyses_the_analyzer_does_not(texts: list[str]) -> None:
    analyzer = dutch_analyzer()
    table = AnalysisTable(analyzer, WordNumbers(analyzer.tokenizer.expression))
    table.expand(*table.words.encode(texts))
    assert len(table.terms) > 100
    assert analyzer._cache == {}  # each word's analysis is held once, in the table
