"""Batches of words as columns, and filters run over a batch or as Whoosh streams."""

from __future__ import annotations

import pytest
from whoosh import analysis

from index.analysis.batch import WordBatch, WordFilter, batch_step
from index.analysis.chain import DutchStemFilter
from index.analysis.memo import MemoizedAnalyzer
from index.analysis.stemmers import STEMMERS
from tests.index.analysis.sample_filters import MarkShortWords


def stream(analyzer, text: str, **kwargs) -> list[tuple]:
    return [
        (t.text, t.pos, t.startchar, t.endchar, t.stopped, t.boost)
        for t in analyzer(text, positions=True, chars=True, **kwargs)
    ]


def test_a_batch_of_words_is_one_token_per_word() -> None:
    batch = WordBatch.of_words(["De", "drones", ""])
    assert batch.size == 3 and batch.word == [0, 1, 2]
    assert batch.outputs() == [
        (("De", 0, 0, 2, False, 1.0),),
        (("drones", 0, 0, 6, False, 1.0),),
        (("", 0, 0, 0, False, 1.0),),
    ]
    assert batch.row(1) == ("drones", 0, 0, 6, False, 1.0)


def test_rows_replaced_kept_and_taken_stay_with_their_words() -> None:
    batch = WordBatch.of_words(["purl-mechanisme", "de", "mq-9"])
    replaced = batch.replaced(
        {0: [("purlmechanisme", 0, 0, 15, False, 1.0), ("purl", 0, 0, 4, False, 1.0)], 1: []}
    )
    assert replaced.word == [0, 0, 2]
    assert replaced.text == ["purlmechanisme", "purl", "mq-9"]
    assert replaced.end == [15, 4, 4]
    assert batch.replaced({}) is batch
    kept = replaced.kept([True, False, True])
    assert kept.outputs() == [
        (("purlmechanisme", 0, 0, 15, False, 1.0),),
        (),
        (("mq-9", 0, 0, 4, False, 1.0),),
    ]
    taken = replaced.taken([1, 1, 2], ["pu", "rl", "mq9"])
    assert taken.word == [0, 0, 2] and taken.text == ["pu", "rl", "mq9"]
    assert taken.end == [4, 4, 4] and taken.size == 3


def test_rows_of_a_batch_each_belong_to_a_word() -> None:
    rows = [("a", 0, 0, 1, False, 1.0), ("b", 0, 0, 1, True, 2.0)]
    batch = WordBatch.of_rows(2, [1, 1], rows)
    assert batch.outputs() == [(), tuple(rows)]
    assert WordBatch.of_rows(4, [], []).outputs() == [(), (), (), ()]
    with pytest.raises(ValueError, match="één woord"):
        WordBatch.of_rows(2, [0], rows)


@pytest.mark.parametrize("stemmer", STEMMERS)
def test_the_stemmer_over_a_batch_is_the_stemmer_word_by_word(stemmer: str) -> None:
    stem = DutchStemFilter(stemmer)
    words = ["leningen", "mq9", "d66fracties", "lucht*verdedigingen", "drones", "", "3,5"]
    alone = [stem.stem(word) for word in words]
    assert stem.rules(words) == alone
    assert alone[1:4] == ["mq9", "d66" + stem.stem("fracties"), "lucht*verdedigingen"]
    assert stem.rules(["leningen", "drones"]) == [alone[0], alone[4]]  # all letters: one call
    # A stopped token keeps its text.
    rows = [("drones", 0, 0, 6, True, 1.0), ("drones", 0, 0, 6, False, 1.0)]
    batch = WordBatch.of_rows(2, [0, 1], rows)
    assert stem.batch_step(batch, "index", False).text == ["drones", alone[4]]


def test_a_whoosh_filter_runs_over_a_batch_word_by_word_as_its_stream() -> None:
    step = batch_step(MarkShortWords())
    batch = step(WordBatch.of_words(["de", "a-merk", "drones"]), "index", True)
    assert batch.word == [0, 1, 1, 2]
    assert batch.text == ["de", "a-merk", "a", "drones"]
    assert batch.stopped == [True, False, False, False]  # the part copies the whole
    lowered = batch_step(analysis.LowercaseFilter())(WordBatch.of_words(["MQ-9"]), "index", True)
    assert lowered.text == ["mq-9"]


class _LongWordsTwice(WordFilter):
    """A batch step only: words of under 3 letters vanish, each token of a longer word is
    followed by its text in capitals."""

    def batch_step(self, batch, mode, removestops):
        rows = [row for row, text in enumerate(batch.text) if len(text) > 2 for _ in (0, 1)]
        texts = [batch.text[row] for row in rows]
        return batch.taken(rows, [t.upper() if i % 2 else t for i, t in enumerate(texts)])


class _LongWordsTwiceClosingGaps(_LongWordsTwice):
    closes_gaps = True


def test_a_word_filters_stream_is_its_batch_step_word_by_word():
    tokenizer = analysis.RegexTokenizer()
    text = "de inzet of drones"
    assert stream(tokenizer | _LongWordsTwice(), text) == [
        ("inzet", 1, 3, 8, False, 1.0),
        ("INZET", 1, 3, 8, False, 1.0),
        ("drones", 3, 12, 18, False, 1.0),
        ("DRONES", 3, 12, 18, False, 1.0),
    ]
    closed = stream(tokenizer | _LongWordsTwiceClosingGaps(), text)
    assert [(term, pos) for term, pos, *_ in closed] == [
        ("inzet", 0),
        ("INZET", 0),
        ("drones", 1),
        ("DRONES", 1),
    ]
    tokens = (tokenizer | _LongWordsTwice())(text, keeporiginal=True)
    assert [(t.text, t.original) for t in tokens] == [
        ("inzet", "inzet"),
        ("INZET", "inzet"),
        ("drones", "drones"),
        ("DRONES", "drones"),
    ]
    # Without positions every token is a word of its own.
    assert [t.text for t in (tokenizer | _LongWordsTwiceClosingGaps())(text)] == [
        "inzet",
        "INZET",
        "drones",
        "DRONES",
    ]


def test_a_word_filter_in_a_memoised_chain_runs_over_the_batch() -> None:
    memo = MemoizedAnalyzer(analysis.RegexTokenizer(), [_LongWordsTwiceClosingGaps()])
    assert memo.word_batch(["de", "inzet"]).outputs() == [
        (),
        (("inzet", 0, 0, 5, False, 1.0), ("INZET", 0, 0, 5, False, 1.0)),
    ]
    assert stream(memo, "de inzet of drones") == stream(memo.plain_chain(), "de inzet of drones")
