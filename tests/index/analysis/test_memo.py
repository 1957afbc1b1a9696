"""The memoized analyzers give exactly what their plain filter chains give."""

from __future__ import annotations

import pickle

import pytest
from whoosh import analysis

from index.analysis.chain import compound_analyzer, dutch_analyzer, exact_analyzer
from index.analysis.memo import MemoizedAnalyzer, WordFilter
from search.config import BUNDLED_CORPUS

ANALYZERS = {
    "dutch-kp": lambda: dutch_analyzer("kp"),
    "dutch-nltk": lambda: dutch_analyzer("nltk"),
    "compound": lambda: compound_analyzer("kp"),
    "exact": exact_analyzer,
}


def stream(analyzer, text: str, **kwargs) -> list[tuple]:
    return [
        (t.text, t.pos, t.startchar, t.endchar, t.stopped, t.boost)
        for t in analyzer(text, positions=True, chars=True, **kwargs)
    ]


@pytest.fixture(scope="module")
def corpus_text() -> str:
    return next(BUNDLED_CORPUS.glob("*.txt")).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(ANALYZERS))
@pytest.mark.parametrize("mode", ["index", "query"])
@pytest.mark.parametrize("removestops", [True, False])
def test_same_tokens_as_the_plain_chain_on_the_whole_corpus(corpus_text, name, mode, removestops):
    memo = ANALYZERS[name]()
    assert isinstance(memo, MemoizedAnalyzer)
    plain = memo.plain_chain()
    expected = stream(plain, corpus_text, mode=mode, removestops=removestops)
    assert len(expected) > 1000  # the compound field holds parts only
    assert stream(memo, corpus_text, mode=mode, removestops=removestops) == expected
    # The second pass comes from the cache and must not differ either.
    assert stream(memo, corpus_text, mode=mode, removestops=removestops) == expected


def test_start_offsets_and_untokenized_values_pass_through():
    memo = dutch_analyzer()
    plain = memo.plain_chain()
    text = "de inzet van MQ-9’s en het PURL-mechanisme"
    assert stream(memo, text, start_char=7) == stream(plain, text, start_char=7)
    assert stream(memo, "drones", tokenize=False) == stream(plain, "drones", tokenize=False)


def test_pickles_without_its_cache_and_compares_equal():
    memo = dutch_analyzer()
    list(memo("drones en leningen"))
    assert memo._cache
    copy = pickle.loads(pickle.dumps(memo))
    assert copy == memo and copy._cache == {}
    assert [t.text for t in copy("drones")] == ["drone"]
    assert dutch_analyzer("kp") != dutch_analyzer("nltk")


@pytest.mark.parametrize("name", sorted(ANALYZERS))
def test_spans_are_the_plain_chains_tokens_with_stopwords(corpus_text, name):
    memo = ANALYZERS[name]()
    text = corpus_text + "\n  MQ-9’s, auto's: 2019Z13669 en begrotingssteun.  "
    expected = [
        (t.text, t.startchar, t.endchar, t.boost)
        for t in memo.plain_chain()(text, positions=True, chars=True, removestops=False)
    ]
    assert memo.spans(text) == expected
    wanted = frozenset({expected[len(expected) // 2][0]})
    assert memo.spans(text, wanted=wanted) == expected


def test_spans_near_positions_are_the_runs_of_tokens_around_their_words(corpus_text):
    memo = dutch_analyzer()
    full = memo.spans(corpus_text)
    positions, _ = memo.term_positions(corpus_text)
    for term in ("drone", "groenland", "mq9", "purl", "begrotingssteun"):
        near = memo.spans(corpus_text, near=positions[term], before=70, after=140)
        # every token of the term, and only whole runs of the text's tokens
        assert [s for s in near if s[0] == term] == [s for s in full if s[0] == term]
        assert len(near) < len(full)
        at = {span: i for i, span in enumerate(full)}
        indexes = [at[span] for span in near]
        assert indexes == sorted(indexes)
        ends = [span[2] for span in full]
        for index, following in zip(indexes, indexes[1:], strict=False):
            if following != index + 1:  # skipped: ends 70 before the word ahead of a term
                term_at = next(i for i in range(following, len(full)) if full[i][0] == term)
                assert max(ends[index + 1 : following]) <= ends[term_at - 1] - 70
    assert memo.spans(corpus_text, near=[], before=70, after=140) == []


def test_spans_wanting_words_the_text_lacks_are_none():
    memo = dutch_analyzer()
    assert memo.spans("de inzet van drones", wanted=frozenset({"drones"})) == []
    assert memo.spans("de inzet van drones", wanted=frozenset({"drone"}))
    assert memo.spans("", wanted=frozenset({"drone"})) == []


def test_pickles_without_its_split_expression():
    memo = dutch_analyzer()
    memo.spans("drones en leningen")
    copy = pickle.loads(pickle.dumps(memo))
    assert "_split_expression" not in copy.__dict__
    assert copy.spans("drones en leningen") == memo.spans("drones en leningen")


TRICKY = (
    "İstanbul-overleg MQ-9’s mq9s F-35-toestellen 21501-28 d66-fractie zo’n auto's "
    "defensie-industrie-samenwerking begrotingssteun schaduwvlootschepen de het 3,5 1.000"
)


@pytest.mark.parametrize("name", sorted(ANALYZERS))
@pytest.mark.parametrize("mode", ["index", "query"])
@pytest.mark.parametrize("removestops", [True, False])
def test_word_steps_give_the_plain_chains_tokens_for_tricky_words(name, mode, removestops):
    # Hyphen parts, codes, a token that lowercasing lengthens, compounds, stopwords:
    # every branch of the filters' word steps against their Whoosh streams.
    memo = ANALYZERS[name]()
    expected = stream(memo.plain_chain(), TRICKY, mode=mode, removestops=removestops)
    assert stream(memo, TRICKY, mode=mode, removestops=removestops) == expected


class _MarkShortWords(analysis.Filter):
    """A filter of one word at a time without a word step: short words stopped, long
    ones boosted, and each hyphenated word followed by its first part."""

    def __call__(self, tokens):
        for t in tokens:
            t.stopped, t.boost = len(t.text) < 3, 2.0 if len(t.text) > 6 else 1.0
            parts = t.text.split("-")
            copy = t.copy() if len(parts) > 1 else None
            yield t
            if copy is not None:
                copy.text = parts[0]
                yield copy


def test_a_filter_without_a_word_step_runs_as_its_stream():
    memo = MemoizedAnalyzer(
        analysis.RegexTokenizer(r"[\w-]+"), [analysis.LowercaseFilter(), _MarkShortWords()]
    )
    text = "De inzet of the drones and A-merk producten"
    expected = stream(memo.plain_chain(), text)
    assert any(stopped for *_, stopped, _ in expected)
    assert ("a", 6, 27, 33, False, 1.0) in expected
    assert stream(memo, text) == expected


def test_pickles_without_its_word_steps():
    memo = dutch_analyzer()
    list(memo("drones"))
    assert "_word_steps" in memo.__dict__
    copy = pickle.loads(pickle.dumps(memo))
    assert "_word_steps" not in copy.__dict__
    assert [t.text for t in copy("drones")] == ["drone"]


class _LongWordsTwice(WordFilter):
    """A word step only: words of under 3 letters vanish, each token of a longer word is
    followed by its text in capitals."""

    def word_step(self, outs, mode, removestops):
        return [two for out in outs if len(out[0]) > 2 for two in (out, (out[0].upper(), *out[1:]))]


class _LongWordsTwiceClosingGaps(_LongWordsTwice):
    closes_gaps = True


def test_a_word_filters_stream_is_its_word_step_word_by_word():
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
