"""Phrase-aware marking (search.phrases) on the bundled letter.

Whoosh's highlighter marks a phrase's words one by one: `drone`, which also searches the
synonym "onbemenste systemen", marks every "systemen" of a text, and "militaire
mobiliteit" marks "Militair" in "Militair Mobiliteitsgebied", where the phrase does not
stand. Passages without the query's phrases give exactly Whoosh's marking
(tests/search/test_snippets.py); these tests show the same texts with the phrases, and
there a phrase's words are marked only where the phrase stands, which is where the search
found it.
"""

from __future__ import annotations

import re

from search.engine import SearchEngine
from search.phrases import phrase_spans, query_phrases, side_by_side
from search.query import parse_query
from search.snippets import Passages
from tests.conftest import SAMPLE_ID


def _marks(html: str) -> list[str]:
    return re.findall(r"<mark>(.*?)</mark>", html)


def _whoosh_like(passages: Passages) -> Passages:
    """The same terms without the phrases: the marking Whoosh's highlighter gives."""
    return Passages(dict(passages.terms), passages.analyzers)


def _preamble_41(engine: SearchEngine) -> str:
    live = engine._live()
    for docnum in range(live.ix.doc_count_all()):
        stored = live.stored(docnum)
        if stored["document"] == SAMPLE_ID and stored["position"] == 41:
            return stored["question"]
    raise AssertionError("no record at position 41")


def test_a_synonym_phrase_marks_its_words_only_together(engine: SearchEngine) -> None:
    passages = engine.passages("drone")
    # Answer 4: "… en counter-drone systemen en Militaire mobiliteit …"
    answer = engine.question(SAMPLE_ID, 4)["answer"]
    marked = passages.marked("answer", answer)
    assert "drone</mark> systemen en" in marked
    assert "systemen" not in [m.casefold() for m in _marks(marked)]
    assert "systemen" in [
        m.casefold() for m in _marks(_whoosh_like(passages).marked("answer", answer))
    ]
    # Answer 39 names the programme "Productiezekerheid Onbemenste Systemen": the phrase.
    marked = passages.marked("answer", engine.question(SAMPLE_ID, 39)["answer"])
    assert "Productiezekerheid <mark>Onbemenste</mark> <mark>Systemen</mark>" in marked


def test_a_quoted_phrase_marks_neither_word_alone(engine: SearchEngine) -> None:
    text = _preamble_41(engine)
    assert "Militair Mobiliteitsgebied" in text and "militaire mobiliteit" in text
    passages = engine.passages('"militaire mobiliteit"')
    marked = passages.marked("question", text)
    assert "Militair Mobiliteitsgebied" in marked  # the phrase does not stand there
    assert "<mark>militaire</mark> <mark>mobiliteit</mark>" in marked
    whoosh = _whoosh_like(passages).marked("question", text)
    assert "<mark>Militair</mark> Mobiliteitsgebied" in whoosh


def test_a_word_searched_alone_too_is_marked_everywhere(engine: SearchEngine) -> None:
    text = _preamble_41(engine)
    for query in ('militair "militaire mobiliteit"', 'milit* "militaire mobiliteit"'):
        marked = engine.passages(query).marked("question", text)
        assert "<mark>Militair</mark> Mobiliteitsgebied" in marked, query
        assert "<mark>militaire</mark> <mark>mobiliteit</mark>" in marked, query


def test_the_snippets_of_drone_mark_systemen_only_in_the_phrase(engine: SearchEngine) -> None:
    hits = engine.search("drone", limit=50).hits
    snippets = " ".join(hit["snippet"] for hit in hits)
    assert re.search(r"(?i)<mark>onbemenste</mark> <mark>systemen</mark>", snippets)
    lone = re.sub(r"(?i)<mark>onbemenste</mark> <mark>systemen</mark>", "", snippets)
    assert not re.search(r"(?i)<mark>systemen</mark>", lone)
    assert re.search(r"(?i)drone</mark> systemen", snippets)  # "counter-drone systemen"


def test_query_phrases_name_the_words_found_only_in_phrases(engine: SearchEngine) -> None:
    live = engine._live()
    parsed = parse_query(live.parser, 'drone "militaire mobiliteit"', expand=True)
    found = query_phrases(parsed.query)
    for name in ("question", "answer", "topic", "footnote_text"):  # stemmed, as indexed
        assert found[name].phrase_only == {"onbemenst", "systeem", "militair", "mobil"}
    assert (("onbemenst", "systeem"), 1) in found["answer"].phrases
    assert query_phrases(parse_query(live.parser, "drone", expand=False).query) == {}


def test_a_stopword_inside_a_phrase_is_skipped_as_the_index_skips_it(engine: SearchEngine) -> None:
    # Answer 14 has "steun aan Oekraïne" twice and "Oekraïne" six times more without it;
    # "aan" is a stopword, so the phrase's words, "steun" and "oekrain", stand side by
    # side in the index's positions though not in the text.
    answer = engine.question(SAMPLE_ID, 14)["answer"]
    marked = engine.passages('"steun aan Oekraine"').marked("answer", answer)
    assert marked.count("<mark>steun</mark> aan <mark>Oekraïne</mark>") == 2
    assert len(re.findall(r"<mark>", marked)) == 4
    assert "de militaire noden van Oekraïne groot" in marked
    # Question 15's "steun voor Oekraïne" is the phrase too: "voor" is a stopword as well.
    question = engine.question(SAMPLE_ID, 15)["question"]
    marked = engine.passages('"steun aan Oekraine"').marked("question", question)
    assert "<mark>steun</mark> voor <mark>Oekraïne</mark>" in marked


def test_words_side_by_side_are_a_subset_of_the_phrase_positions(engine: SearchEngine) -> None:
    """The quick check for phrase words that stand word after word (side_by_side) never
    confirms a place that the index's positions (phrase_spans) do not."""
    live = engine._live()
    analyzer = live.schema["answer"].analyzer
    queries = ["drone", "PURL", '"militaire mobiliteit"', '"steun aan Oekraine"']
    phrases = tuple(
        phrase
        for query in queries
        for phrase in query_phrases(parse_query(live.parser, query, expand=True).query)[
            "answer"
        ].phrases
    )
    confirmed = 0
    for number in range(1, 45):
        record = engine.question(SAMPLE_ID, number)
        if record is None:
            continue
        answer = record["answer"]
        spans = analyzer.spans(answer)
        quick = side_by_side(answer, spans, phrases)
        assert set(quick) <= set(phrase_spans(analyzer, answer, phrases)), number
        confirmed += len(quick)
    assert confirmed >= 14  # spans of words confirmed side by side in these answers
