"""Snippets: `Passages` must give exactly the passage Whoosh's own highlighter gives (the
reference: Whoosh's searcher and highlighter over the same segments)."""

from __future__ import annotations

from collections.abc import Iterator
from html import escape
from pathlib import Path

import pytest
from whoosh import highlight

from bench.generate import generate
from index.build import build_index
from ingest import load
from search import hits, snippets
from search.engine import SearchEngine
from search.phrases import query_phrases
from search.query import parse_query

QUERIES = [
    "MQ-9",
    "PURL",
    "Groenland",
    "drone",
    "drone*",
    "lucht*",
    "Oekraine",
    "schaduwvloot",
    "motie Klaver",
    '"Coalition of the Willing"',
    "militaire steun",
    "NAVO",
    "munitie OF drones",
    "Rusland NIET sancties",
    "F-35",
    "begroting",
    "zie antwoord",
    "de",  # stopwords only: refused by the parser, skipped below
]
FIELDS = ("topic", "question", "answer")
# The queries above with phrases (a synonym's or a quoted one), whose marking differs
# from Whoosh's on purpose: the rest must equal Whoosh's.
PHRASE_QUERIES = [
    "PURL",
    "drone",
    "schaduwvloot",
    '"Coalition of the Willing"',
    "munitie OF drones",
]


class MarkFormatter(highlight.Formatter):
    """Whoosh fragments as the snippets write them: escaped, each match in <mark>."""

    between = snippets.BETWEEN

    def _text(self, text: str) -> str:
        return escape(text, quote=False)

    def format_token(self, text: str, token, replace: bool = False) -> str:
        return "<mark>" + self._text(highlight.get_text(text, token, replace)) + "</mark>"


def _whoosh_highlighter(results) -> None:
    """Whoosh's own highlighter with the snippet settings: the reference."""
    results.fragmenter = highlight.ContextFragmenter(
        maxchars=snippets.SNIPPET_CHARS, surround=snippets.SNIPPET_SURROUND
    )
    results.formatter = MarkFormatter()
    results.order = highlight.SCORE


def _passages(live, query) -> snippets.Passages:
    matches = live.evaluator.evaluate(query)
    schema = live.schema
    analyzers = {name: schema[name].analyzer for name in FIELDS}
    return snippets.Passages(matches.terms, analyzers, query_phrases(query))


def _has_phrases(live, text: str) -> bool:
    """A query whose phrase words are marked only where the phrase stands, unlike Whoosh's
    highlighter (search.phrases; tests/search/test_phrases.py has their expectations)."""
    return bool(query_phrases(parse_query(live.parser, text, expand=True).query))


def _compare(engine: SearchEngine, queries: list[str]) -> int:
    """Compare every field of the top 30 hits of each query; the number compared."""
    live = engine._live()
    searcher = live.ix.searcher()
    compared = 0
    for text in queries:
        try:
            parsed = parse_query(live.parser, text, expand=True)
        except ValueError:
            continue
        if _has_phrases(live, text):
            continue
        passages = _passages(live, parsed.query)
        results = searcher.search(parsed.query, limit=30)
        _whoosh_highlighter(results)
        # As a results page makes them: only the words around the terms' positions.
        matches = live.evaluator.evaluate(parsed.query)
        docnums = [hit.docnum for hit in results]
        positioned = hits.passages_for(
            live, matches.terms, parsed.query, hits.page_positions(live, matches, docnums)
        )
        for hit in results:
            for field in FIELDS:
                expected = hit.highlights(field, top=1)
                assert passages.passage(field, hit.get(field) or "") == expected, (text, field)
                found = positioned.passage(field, hit.get(field) or "", hit.docnum)
                assert found == expected, (text, field, "positions")
                compared += bool(expected)
            other = "Dit is een andere tekst over drones en de MQ-9 boven Groenland."
            assert passages.passage("answer", other) == hit.highlights("answer", text=other, top=1)
    return compared


def test_passages_equal_whoosh_on_the_bundled_letter(engine: SearchEngine) -> None:
    assert _compare(engine, QUERIES) > 100
    with_phrases = [q for q in QUERIES[:-1] if _has_phrases(engine._live(), q)]
    assert with_phrases == PHRASE_QUERIES  # compared in tests/search/test_phrases.py


@pytest.fixture(scope="module")
def generated_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchEngine]:
    base = tmp_path_factory.mktemp("generated")
    generate(400, base / "corpus", seed=11)
    build_index(load([base / "corpus"]).documents, base / "index")
    with SearchEngine(base / "index") as opened:
        yield opened


def test_passages_equal_whoosh_on_generated_letters(generated_engine: SearchEngine) -> None:
    # 413 compared: the five queries with phrases are compared in test_phrases.py instead
    assert _compare(generated_engine, QUERIES) > 400


def test_no_matching_word_gives_no_passage(engine: SearchEngine) -> None:
    live = engine._live()
    passages = _passages(live, parse_query(live.parser, "MQ-9", expand=True).query)
    assert passages.passage("answer", "Niets over het onderwerp hier.") == ""
    assert passages.passage("answer", "") == ""
    assert "<mark>MQ-9</mark>" in passages.passage("answer", "De MQ-9 vliegt.")


def test_passage_text_is_escaped(engine: SearchEngine) -> None:
    live = engine._live()
    passages = _passages(live, parse_query(live.parser, "Groenland", expand=True).query)
    passage = passages.passage("answer", "Over <b>Groenland</b> & co")
    # A fragment starts and ends at a word, as in Whoosh; all text between is escaped.
    assert passage == "Over &lt;b&gt;<mark>Groenland</mark>&lt;/b&gt; &amp; co"


def test_a_prefix_is_marked_as_it_was_expanded(engine: SearchEngine) -> None:
    """The snippets mark the terms the search expanded the prefix to, without expanding
    it again: a word of the prefix the index lacks is not marked."""
    live = engine._live()
    passages = _passages(live, parse_query(live.parser, "schaduwvl*", expand=True).query)
    assert "<mark>schaduwvloot</mark>" in passages.passage("answer", "de schaduwvloot")
    assert "<mark>" not in passages.passage("answer", "een schaduwvlek")


def test_plain_snippet_cuts_at_a_word(tmp_path: Path) -> None:
    text = "woord " * 100
    cut = snippets.plain_snippet(text)
    assert cut.endswith(" …") and len(cut) <= snippets.PLAIN_CHARS + 2
    assert not cut[:-2].endswith(" ")
