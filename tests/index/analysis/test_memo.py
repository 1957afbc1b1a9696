"""The memoized analyzers give exactly what their plain filter chains give."""

from __future__ import annotations

import pickle

import pytest
from whoosh import analysis

from index.analysis.chain import compound_analyzer, dutch_analyzer, exact_analyzer
from index.analysis.memo import MemoizedAnalyzer
from search.config import BUNDLED_CORPUS
from tests.index.analysis.sample_filters import MarkShortWords

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
def test_batch_steps_give_the_plain_chains_tokens_for_tricky_words(name, mode, removestops):
    # Hyphen parts, codes, a token that lowercasing lengthens, compounds, stopwords:
    # every branch of the filters' batch steps against their Whoosh streams.
    memo = ANALYZERS[name]()
    expected = stream(memo.plain_chain(), TRICKY, mode=mode, removestops=removestops)
    assert stream(memo, TRICKY, mode=mode, removestops=removestops) == expected


def test_a_filter_without_a_batch_step_runs_as_its_stream():
    memo = MemoizedAnalyzer(
        analysis.RegexTokenizer(r"[\w-]+"), [analysis.LowercaseFilter(), MarkShortWords()]
    )
    text = "De inzet of the drones and A-merk producten"
    expected = stream(memo.plain_chain(), text)
    assert any(stopped for *_, stopped, _ in expected)
    assert ("a", 6, 27, 33, False, 1.0) in expected
    assert stream(memo, text) == expected


def test_pickles_without_its_batch_steps():
    memo = dutch_analyzer()
    list(memo("drones"))
    assert "_batch_steps" in memo.__dict__
    copy = pickle.loads(pickle.dumps(memo))
    assert "_batch_steps" not in copy.__dict__
    assert [t.text for t in copy("drones")] == ["drone"]


@pytest.mark.parametrize("name", sorted(ANALYZERS))
@pytest.mark.parametrize("mode", ["index", "query"])
@pytest.mark.parametrize("removestops", [True, False])
def test_a_batch_of_words_is_each_word_alone(corpus_text, name, mode, removestops):
    """All the corpus's distinct words (and the tricky ones) in one batch give each word
    what it gives alone, through the same steps with rows of other words beside it."""
    memo = ANALYZERS[name]()
    expression = memo.tokenizer.expression
    words = list(dict.fromkeys(m.group(0) for m in expression.finditer(corpus_text + TRICKY)))
    assert len(words) > 1500
    batch = memo.word_batch(words, mode, removestops)
    assert batch.size == len(words) and batch.word == sorted(batch.word)
    alone = [memo.word_outputs(word, mode, removestops) for word in words]
    assert batch.outputs() == alone
    assert sum(map(bool, alone)) > 100  # the compound chain: the compounds only
