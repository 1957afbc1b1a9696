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
from whoosh.analysis import Filter

from index.analysis.chain import WordTokenizer, compound_analyzer, dutch_analyzer, exact_analyzer
from index.analysis.memo import MemoizedAnalyzer
from index.segment.tokens import MAX_BOOSTS, AnalysisTable, TermNumbers, WordNumbers

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
    numbered = {word: code for word, code in words.codes.items() if code >= 0}
    assert len(set(words.words)) == len(words.words) == len(numbered)
    assert all(words.words[code] == word for word, code in numbered.items())


def test_a_piece_that_is_one_word_is_that_word() -> None:
    words = WordNumbers(ANALYZERS["exact"].tokenizer.expression)
    numbers, _ = words.encode(["Oekraïne, de Oekraïne (zie MQ-9’s)"])
    assert [words.words[n] for n in numbers] == ["Oekraïne", "de", "Oekraïne", "zie", "MQ-9’s"]
    assert words.codes["Oekraïne"] >= 0 and words.codes["de"] >= 0
    assert words.codes["Oekraïne,"] < 0 and words.codes["(zie"] < 0  # rows of word numbers
    assert len(words.words) == 4


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


def test_tables_of_one_word_numbering_share_their_terms(texts: list[str]) -> None:
    pattern = ANALYZERS["exact"].tokenizer.expression
    shared_words = WordNumbers(pattern)
    shared_terms = TermNumbers(shared_words)
    names = ("dutch-kp", "exact", "compounds")
    shared = {n: AnalysisTable(ANALYZERS[n], shared_words, terms=shared_terms) for n in names}
    alone = {n: AnalysisTable(ANALYZERS[n], WordNumbers(pattern)) for n in names}
    for name in names:
        mine = shared[name].expand(*shared_words.encode(texts))
        theirs = alone[name].expand(*alone[name].words.encode(texts))
        assert [shared[name].terms[t] for t in mine.terms] == [
            alone[name].terms[t] for t in theirs.terms
        ]
        assert np.array_equal(mine.positions, theirs.positions)
    # One number and one string per distinct text, whichever tables yield it.
    assert len(shared_terms.texts) == len({t for table in alone.values() for t in table.terms})
    assert len(shared_terms.texts) < sum(len(table.terms) for table in alone.values())


def test_a_term_written_as_a_word_is_the_word_s_own_string() -> None:
    analyzer = ANALYZERS["exact"]
    table = AnalysisTable(analyzer, WordNumbers(analyzer.tokenizer.expression))
    table.expand(*table.words.encode(["Steun: militaire steun. Oekraïne"]))
    words, terms = table.words, table.term_numbers
    assert table.terms[table.terms.index("militaire")] is words.words[words.codes["militaire"]]
    # "steun" first came as "Steun", but the text has the word "steun" too: its string.
    assert table.terms[table.terms.index("steun")] is words.words[words.codes["steun"]]
    # "oekraine" is no word: numbered by its own text.
    assert terms.numbers == {"oekraine": table.terms.index("oekraine")}


def test_a_term_that_becomes_a_word_later_keeps_its_number() -> None:
    analyzer = ANALYZERS["exact"]
    table = AnalysisTable(analyzer, WordNumbers(analyzer.tokenizer.expression))
    first = table.expand(*table.words.encode(["Steun voor Oekraïne"]))
    before = list(table.terms)
    later = table.expand(*table.words.encode(["steun voor oekraine"]))
    assert table.terms == before  # no second number for "steun" or "oekraine"
    assert later.terms.tolist() == first.terms.tolist()
    assert table.term_numbers.numbers == {}  # both are words now
    words = table.words
    number = table.term_numbers.of_word[words.codes["oekraine"]]
    assert table.terms[number] is words.words[words.codes["oekraine"]]


def test_a_term_numbering_belongs_to_one_word_numbering() -> None:
    analyzer = ANALYZERS["exact"]
    pattern = analyzer.tokenizer.expression
    with pytest.raises(ValueError, match="andere woordnummers"):
        AnalysisTable(analyzer, WordNumbers(pattern), terms=TermNumbers(WordNumbers(pattern)))


class LengthBoost(Filter):
    """A boost per word length: as many distinct boosts as lengths."""

    def __call__(self, tokens):
        for token in tokens:
            token.boost = len(token.text) / 4
            yield token


def test_a_table_keeps_each_distinct_boost_once_and_each_row_s_exactly() -> None:
    analyzer = MemoizedAnalyzer(WordTokenizer(), [LengthBoost()])
    table = AnalysisTable(analyzer, WordNumbers(analyzer.tokenizer.expression))
    words = ["x" * n for n in range(1, MAX_BOOSTS + 1)]
    tokens = table.expand(*table.words.encode([" ".join(words[:200]), " ".join(words)]))
    assert tokens.boosts.tolist() == [n / 4 for n in [*range(1, 201), *range(1, MAX_BOOSTS + 1)]]
    with pytest.raises(ValueError, match=f"meer dan {MAX_BOOSTS} verschillende boosts"):
        table.expand(*table.words.encode(["x" * (MAX_BOOSTS + 1)]))


def test_released_tables_keep_only_their_terms(texts: list[str]) -> None:
    analyzer = ANALYZERS["exact"]
    table = AnalysisTable(analyzer, WordNumbers(analyzer.tokenizer.expression))
    table.expand(*table.words.encode(texts[:20]))
    terms = list(table.terms)
    table.release()
    assert table.terms == terms and table.term_numbers.numbers == {}
    assert table.words.words == [] and table.words.codes == {}
    with pytest.raises(ValueError, match="vrijgegeven"):
        table.words.encode(["nog een tekst"])


class _CountWords(Filter):
    """Passes tokens unchanged, counting them: how many words the chain analysed."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def __call__(self, tokens):
        for token in tokens:
            self.seen.append(token.text)
            yield token


def test_a_table_analyses_only_the_words_its_texts_hold_and_each_once() -> None:
    pattern = ANALYZERS["exact"].tokenizer.expression
    words = WordNumbers(pattern)
    counter = _CountWords()
    table = AnalysisTable(MemoizedAnalyzer(WordTokenizer(), [counter]), words)
    other = words.encode(["Kamerstuk 36045 en de motie", "nog meer woorden"])
    mine = words.encode(["de drones en de drones", "36045"])
    tokens = table.expand(*mine)
    assert sorted(counter.seen) == ["36045", "de", "drones", "en"]
    assert [table.terms[t] for t in tokens.terms] == ["de", "drones", "en", "de", "drones", "36045"]
    assert tokens.positions.tolist() == [0, 1, 2, 3, 4, 0]
    table.expand(*other)
    assert len(counter.seen) == len(words.words)  # the rest, and none twice


def test_term_numbers_in_bulk_give_equal_texts_one_number() -> None:
    words = WordNumbers(ANALYZERS["exact"].tokenizer.expression)
    words.encode(["Steun en steun, (zie MQ-9)"])
    terms = TermNumbers(words)
    terms.cover()
    texts = ["steun", "stem", "steun", "stem", "zie", "(zie", "mq9"]
    numbers = terms.numbered(texts).tolist()
    assert numbers == [0, 1, 0, 1, 2, 3, 4]
    assert terms.texts == ["steun", "stem", "zie", "(zie", "mq9"]
    assert terms.texts[0] is words.words[words.codes["steun"]]
    assert terms.numbers == {"stem": 1, "(zie": 3, "mq9": 4}  # no word: by their text
    assert terms.numbered(["mq9", "steun", "nieuw"]).tolist() == [4, 0, 5]
