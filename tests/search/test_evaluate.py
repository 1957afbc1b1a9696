"""The evaluator over the search arrays (search.evaluate) against Whoosh's own searcher.

For every kind of query the syntax allows (words, codes, synonyms, phrases, prefixes,
wildcards anywhere in a word, OR, AND, NOT, ANDNOT, ANDMAYBE, REQUIRE, a query that is
only a negation), both sorts, with and without filters, on the bundled letter, on a
generated corpus of a few hundred questions and after an update that left deleted
records in a segment, the engine's search pass (search.find.find) must give what the
reference in tests/search/reference.py gives: the same total, party facet, hits in the
same order and, sorted by relevance, the same BM25F scores. Where Whoosh does not score
as the engine means to, the reference states the intended rule; the tests at the end
check each rule against Whoosh directly.
"""

from __future__ import annotations

import math
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import product
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from whoosh.query import FuzzyTerm, NullQuery, Or, Phrase, Prefix, Query, Term

from bench.generate import generate, learn_sample
from index.arrays.format import DIRNAME, IndexOutdatedError
from index.arrays.read import FieldView, IndexArrays, Part
from index.build import build_index, update_index
from index.scoring import bm25_scores
from index.store import open_generation
from ingest import load
from search.engine import SearchEngine
from search.evaluate import Evaluator, UnknownQuery, top_by_rank, top_by_score
from search.filters import Filters
from search.find import Found, find, known_terms
from search.generation import OpenGeneration
from search.query import parse_query
from tests.conftest import SAMPLE_ID
from tests.search.reference import Page, as_on_a_large_index, base, reference_page

SORTS = ("relevantie", "datum")
ALL = 10_000  # a page limit above every total here: the whole ranking is compared
PAGE = 10

SINGLE_WORDS = ["Oekraïne", "drone", "Groenland", "MQ-9", "PURL", "schaduwvloot", "F-35"]
QUERIES = [
    *SINGLE_WORDS,
    "mq 9",  # a code written apart: one term, plus the proximity phrase
    "motie Klaver",  # plain words: a proximity bonus
    "drone Oekraïne",
    "Groenland NAVO",
    "steun voor Oekraïne",  # the exact field needs 'voor'; the proximity phrase does not
    '"motie Klaver"',
    '"steun aan Oekraïne"',  # the stopword drops out of the phrase
    '"motie qwertyuiop"',  # a phrase with a word the index does not have
    "drone OR Groenland",
    "drone OF Groenland",
    "PURL OF MQ-9 OF schaduwvloot",
    "(drone OF Groenland) Oekraïne",
    "drone EN Oekraïne",
    "NAVO",  # synonyms: NAVO OR NATO
    "NATO",
    "qwertyuiop",
    "qwertyuiop drone",  # an AND whose first part matches nothing: the rest is not read
    "drone qwertyuiop",
    # NOT in its forms
    "Oekraïne NIET drone",
    "Oekraïne NOT drone",
    "Oekraïne drone NIET Groenland",
    "(drone OR Groenland) NIET Oekraïne",
    "drone OF (Groenland NIET Oekraïne)",
    "Oekraïne ANDNOT drone",
    "NIET drone",  # only a negation
    "NIET (drone OF Groenland)",
    # Whoosh's other binary operators
    "drone ANDMAYBE Oekraïne",
    "Oekraïne REQUIRE drone",
    # prefixes and wildcards anywhere in a word
    "schaduwvl*",
    "drone*",
    "lucht*",
    "(drone OR lucht*) NIET Groenland",
    "dr?ne",
    "dr*ne*",
    "lucht*verdediging",
    "Oekra?ne",
]
NOTHING = {"qwertyuiop", '"motie qwertyuiop"', "qwertyuiop drone", "drone qwertyuiop"}
# After an update every kind once: the statistics count deleted records there.
AFTER_AN_UPDATE = [
    "Oekraïne",
    "drone Oekraïne",
    "steun voor Oekraïne",
    '"motie Klaver"',
    "NAVO",
    "drone OF Groenland",
    "Oekraïne NIET drone",
    "NIET drone",
    "drone ANDMAYBE Oekraïne",
    "Oekraïne REQUIRE drone",
    "lucht*",
    "dr?ne",
]
CASES = [
    *((name, text) for name in ("bundled", "generated") for text in QUERIES),
    *(("updated", text) for text in AFTER_AN_UPDATE),
]


@dataclass
class Corpus:
    name: str
    root: Path
    live: OpenGeneration
    searcher: Any  # Whoosh's, over the same segments: the reference
    documents: list[str]
    filters: list[tuple[tuple[str, ...], str | None]]  # (parties, document)


def _corpus(name: str, root: Path, documents: list[str], filters) -> Corpus:
    live = SearchEngine(root)._live()
    return Corpus(name, root, live, live.ix.searcher(), documents, filters)


def _close(corpus: Corpus) -> None:
    """The reference searcher's files and the generation's (a module's corpora stay open
    through its tests: many of them held hundreds of descriptors)."""
    corpus.searcher.close()
    corpus.live.close()


@pytest.fixture(scope="module")
def bundled(built_index: Path) -> Iterator[Corpus]:
    filters = [
        ((), None),
        (("SGP",), None),
        (("VVD", "D66"), None),
        ((), SAMPLE_ID),
        (("GroenLinks-PvdA",), SAMPLE_ID),
    ]
    corpus = _corpus("bundled", built_index, [SAMPLE_ID], filters)
    yield corpus
    _close(corpus)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Corpus]:
    """About 300 generated questions in several letters (deterministic: seed 2)."""
    base_dir = tmp_path_factory.mktemp("generated")
    manifest = generate(300, base_dir / "corpus", seed=2, sample=learn_sample())
    documents = load([base_dir / "corpus"]).documents
    assert manifest.files > 3 and len(documents) == manifest.files
    root = base_dir / "index"
    build_index(documents, root)
    ids = sorted(d.id for d in documents)
    filters = [((), None), (("PVV",), None), (("VVD", "D66"), None), ((), ids[1])]
    filters.append((("PVV",), ids[2]))
    corpus = _corpus("generated", root, ids, filters)
    assert {"PVV", "VVD", "D66"} <= set(corpus.live.known_parties)
    yield corpus
    _close(corpus)


@pytest.fixture(scope="module")
def updated(tmp_path_factory: pytest.TempPathFactory, generated: Corpus) -> Iterator[Corpus]:
    """The generated index after re-ingesting one letter: its records are deleted from
    the first segment and added again in a second, so the statistics (record count,
    field lengths, document frequencies) still count the deleted ones."""
    root = tmp_path_factory.mktemp("updated") / "index"
    shutil.copytree(generated.root, root)
    documents = load([generated.root.parent / "corpus"]).documents
    first = next(d for d in documents if d.id == generated.documents[0])
    update_index(root, [first])
    corpus = _corpus("updated", root, generated.documents, generated.filters)
    reader = corpus.searcher.reader()
    assert len(list(reader.leaf_readers())) == 2
    assert 0 < reader.doc_count() < reader.doc_count_all()
    yield corpus
    _close(corpus)


def parse(live: OpenGeneration, text: str, expand: bool = True) -> Query:
    """The query as SearchEngine.search parses it."""
    parser = live.parser if expand else live.exact_parser
    return parse_query(parser, text, expand=expand, known=known_terms(live)).query


def records_of(corpus: Corpus, field: str, values: tuple[str, ...]) -> set[int] | None:
    """The live records of these values, through Whoosh's postings; None: no filter."""
    if not values:
        return None
    reader = corpus.searcher.reader()
    return {d for value in values for d in reader.postings(field, value).all_ids()}


def both_pages(
    corpus: Corpus, query: Query, parties: tuple[str, ...], document: str | None, limit: int, sort
) -> tuple[Found, Page]:
    filters = Filters({"party": parties, "document": (document,) if document else ()})
    fast = find(corpus.live, query, filters, sort, limit)
    scope = records_of(corpus, "document", (document,) if document else ())
    slow = reference_page(
        corpus.searcher, query, records_of(corpus, "party", parties), scope, limit, sort == "datum"
    )
    return fast, slow


def assert_same_page(fast: Found, slow: Page, sort: str, label: str) -> None:
    """Same total, party facet (in order), hits (in order) and, by relevance, scores."""
    assert fast.total == slow.total, label
    assert list(fast.facets["party"].items()) == list(slow.counts.items()), label
    assert [d for _, d in fast.top] == [d for _, d in slow.top], label
    if sort != "relevantie":
        assert all(score == 0.0 for score, _ in fast.top), label
        return
    for (mine, docnum), (theirs, _) in zip(fast.top, slow.top, strict=True):
        assert math.isclose(mine, theirs, rel_tol=1e-9, abs_tol=1e-12), (
            f"{label}: record {docnum} scores {mine} by the arrays, {theirs} by Whoosh"
        )


def compare_everywhere(corpus: Corpus, text: str) -> int:
    """Compare for `text` with both parsers, sorts and every filter; returns the
    unfiltered total."""
    unfiltered = -1
    for expand, sort in product((True, False), SORTS):
        query = parse(corpus.live, text, expand)
        runs = [(parties, document, ALL) for parties, document in corpus.filters]
        runs.append(((), None, PAGE))  # a page shorter than the matches: partial top-N
        for parties, document, limit in runs:
            fast, slow = both_pages(corpus, query, parties, document, limit, sort)
            label = f"{corpus.name} {text!r} expand={expand} {sort} {parties} {document} {limit}"
            assert_same_page(fast, slow, sort, label)
            if not parties and document is None and expand:
                unfiltered = fast.total
    return unfiltered


# -- the arrays answer as the reference does ---------------------------------------


@pytest.mark.parametrize(("name", "text"), CASES)
def test_the_arrays_give_the_reference_s_page(request: pytest.FixtureRequest, name, text):
    corpus = request.getfixturevalue(name)
    total = compare_everywhere(corpus, text)
    if text in NOTHING:
        assert total == 0
    elif corpus.name == "bundled" and text not in {"F-35", "Oekra?ne"}:
        assert total > 0, text


def test_the_generated_corpus_has_what_the_queries_look_for(generated: Corpus):
    totals = {
        text: find(generated.live, parse(generated.live, text), Filters(), "datum", 1).total
        for text in QUERIES
    }
    found = [text for text, total in totals.items() if total]
    assert totals["F-35"] > 0 and totals["drone*"] > 0 and totals["dr?ne"] > 0
    assert len(found) >= len(totals) - len(NOTHING) - 4, totals
    assert max(totals.values()) > 100  # common words: lists longer than a page
    assert totals["NIET drone"] == generated.live.arrays.doc_count - totals["drone"]


def test_deleted_records_are_never_matched(updated: Corpus):
    for text in ("Oekraïne", "NIET drone", "dr?ne", "drone ANDMAYBE Oekraïne"):
        matches = updated.live.evaluator.evaluate(parse(updated.live, text))
        assert matches.mask.any() and not (matches.mask & ~updated.live.arrays.live).any()
        assert not matches.scores[~matches.mask].any()


# -- the intended rules, each against Whoosh ------------------------------------------


def whoosh_scores(corpus: Corpus, query: Query) -> dict[int, float]:
    with as_on_a_large_index():
        return {hit.docnum: hit.score for hit in corpus.searcher.search(query, limit=None)}


def arrays_scores(corpus: Corpus, text: str, expand: bool = True, document=None):
    filters = Filters({"document": (document,) if document else ()})
    found = find(corpus.live, parse(corpus.live, text, expand), filters, "relevantie", ALL)
    return dict((docnum, score) for score, docnum in found.top)


def test_not_adds_nothing_to_the_score(bundled: Corpus):
    """'Oekraïne NIET drone' scores as 'Oekraïne' (Whoosh adds 1.0 per NOT part)."""
    found = arrays_scores(bundled, "Oekraïne NIET drone")
    positive = whoosh_scores(bundled, parse(bundled.live, "Oekraïne"))
    assert len(found) == 14
    assert found == pytest.approx({d: positive[d] for d in found}, rel=1e-9)


def test_not_inside_or_adds_nothing_either(bundled: Corpus):
    """'drone OF (Groenland NIET Oekraïne)' scores each record as 'drone OF Groenland'."""
    found = arrays_scores(bundled, "drone OF (Groenland NIET Oekraïne)", expand=False)
    without = whoosh_scores(bundled, parse(bundled.live, "drone OF Groenland", False))
    assert len(found) == 10
    assert found == pytest.approx({d: without[d] for d in found}, rel=1e-9)


def test_a_query_that_is_only_a_negation_scores_0_in_index_order(bundled: Corpus):
    found = find(bundled.live, parse(bundled.live, "NIET drone"), Filters(), "relevantie", ALL)
    drone = set(bundled.searcher.docs_for_query(parse(bundled.live, "drone")))
    assert [d for _, d in found.top] == sorted(set(range(48)) - drone)
    assert {score for score, _ in found.top} == {0.0}


def test_a_document_filter_adds_nothing_to_the_score(bundled: Corpus):
    """Whoosh's And with Term('document', …) would add that term's 1.0."""
    scoped = arrays_scores(bundled, "drone", document=SAMPLE_ID)
    assert scoped and scoped == arrays_scores(bundled, "drone")


def test_a_prefix_scores_each_term_by_bm25f_on_any_index(bundled: Corpus):
    """Up to 5,000 records Whoosh scores a prefix of 3+ terms as 1.0 per field; the
    arrays score it as the OR of the terms it expands to, as Whoosh scores that OR."""
    query = parse(bundled.live, "lucht*")
    terms = []
    for leaf in query.leaves():
        assert isinstance(leaf, Prefix)
        view = bundled.live.arrays.field(leaf.fieldname)
        terms += [Term(leaf.fieldname, t) for t in view.expand(leaf.text)]
    assert len(terms) >= 6
    expected = {hit.docnum: hit.score for hit in bundled.searcher.search(Or(terms), limit=None)}
    assert arrays_scores(bundled, "lucht*") == pytest.approx(expected, rel=1e-9)


def test_the_proximity_bonus_adds_no_matches(generated: Corpus):
    """The exact field needs the stopword 'voor', the near phrase does not: Whoosh's union
    also returns the phrase-only records (183 against 180 matches when this was found)."""
    query = parse(generated.live, "steun voor Oekraïne")
    union = set(generated.searcher.docs_for_query(query))
    matched = set(generated.searcher.docs_for_query(base(query)))
    assert len(union) > len(matched) > 100
    found = find(generated.live, query, Filters(), "datum", ALL)
    assert found.total == len(matched) and {d for _, d in found.top} == matched


def test_wildcards_anywhere_in_a_word_expand_over_the_lexicon(bundled: Corpus):
    exact = bundled.live.arrays.field("exact")
    words = exact.terms()
    assert exact.expand("dr", _pattern("dr?ne")) == sorted(w for w in words if _is(w, "dr.ne"))
    assert exact.expand("lucht", _pattern("lucht*verdediging")) == ["luchtverdediging"]
    assert "drone" in exact.expand("dr", _pattern("dr*ne*")) and "drones" in exact.expand(
        "dr", _pattern("dr*ne*")
    )


def _pattern(text: str):
    import fnmatch
    import re

    return re.compile(fnmatch.translate(text))


def _is(word: str, regex: str) -> bool:
    import re

    return re.fullmatch(regex, word) is not None


def test_fuzzy_terms_are_not_part_of_the_syntax(bundled: Corpus):
    """The parser makes no fuzzy term of 'drone~' (Whoosh's fuzzy plugin is not on)."""
    query = parse(bundled.live, "drone~")
    assert not any(isinstance(leaf, FuzzyTerm) for leaf in query.leaves())
    with pytest.raises(UnknownQuery):
        bundled.live.evaluator.evaluate(FuzzyTerm("answer", "drone"))


def test_the_null_query_matches_nothing(bundled: Corpus):
    matches = bundled.live.evaluator.evaluate(NullQuery)
    assert len(matches.mask) == bundled.live.arrays.doc_count_all
    assert not matches.mask.any() and not matches.scores.any()


def test_the_searched_terms_are_the_highlighter_s(bundled: Corpus):
    """Negated terms, phrase words and every expansion of a prefix, as Whoosh's
    `existing_terms(expand=True)` collects them for its highlighter, field by field."""
    reader = bundled.searcher.reader()
    for text in ("Rusland NIET sancties", '"motie Klaver"', "lucht*", "dr?ne", "motie Klaver"):
        query = parse(bundled.live, text)
        expected: dict[str, set[str]] = {}
        for name in bundled.live.schema.names():
            terms = query.existing_terms(reader, phrases=True, expand=True, fieldname=name)
            if terms:
                expected[name] = {term.decode("utf-8") for _, term in terms}
        found = bundled.live.evaluator.evaluate(query).terms
        assert {f: t for f, t in found.items() if t} == expected, text


def test_an_index_without_arrays_is_refused_with_the_rebuild_command(index_root: Path):
    shutil.rmtree(open_generation(index_root).path / DIRNAME)
    with pytest.raises(IndexOutdatedError, match="vraagbaak ingest --rebuild"):
        SearchEngine(index_root).search("drone")


def test_an_empty_index_answers_with_no_hits(tmp_path: Path):
    root = tmp_path / "empty"
    build_index([], root)
    engine = SearchEngine(root)
    for sort in SORTS:
        result = engine.search("drone Oekraïne", sort=sort)
        assert result.total == 0 and result.hits == [] and result.facets["party"] == {}
        assert engine.search("NIET drone", sort=sort).total == 0


def test_hits_sorted_by_date_score_0(engine: SearchEngine):
    """README: 'When results are sorted by date, score is 0'."""
    result = engine.search("drone OF Groenland", sort="datum")
    assert result.total > 0
    assert [hit["score"] for hit in result.hits] == [0.0] * len(result.hits)


# -- top-N selection ------------------------------------------------------------


def best_by_score(matches, scores, limit):
    pairs = [(float(scores[d]), int(d)) for d in matches]
    return sorted(pairs, key=lambda pair: (-pair[0], pair[1]))[:limit]


def test_top_by_score_breaks_ties_by_the_lower_record_number():
    scores = np.array([3.0, 2.0, 0.5, 2.0, 9.0, 2.0, 1.0])
    matches = np.array([5, 3, 1, 6, 0])
    assert top_by_score(matches, scores[matches], 10) == [
        (3.0, 0),
        (2.0, 1),
        (2.0, 3),
        (2.0, 5),
        (1.0, 6),
    ]


def test_top_by_score_keeps_every_tie_at_the_threshold_and_cuts_by_record():
    scores = np.array([1.0, 5.0, 3.0, 3.0, 3.0, 0.0])
    matches = np.arange(6)
    assert top_by_score(matches, scores[matches], 2) == [(5.0, 1), (3.0, 2)]
    assert top_by_score(matches, scores[matches], 3) == [(5.0, 1), (3.0, 2), (3.0, 3)]
    assert top_by_score(matches, scores[matches], 4) == [(5.0, 1), (3.0, 2), (3.0, 3), (3.0, 4)]
    assert top_by_score(matches[::-1].copy(), scores[matches[::-1].copy()], 2) == [
        (5.0, 1),
        (3.0, 2),
    ]


def test_top_by_score_with_a_limit_above_the_matches_and_without_matches():
    scores = np.array([0.5, 0.25, 4.0])
    assert top_by_score(np.array([0, 1, 2]), scores[np.array([0, 1, 2])], 50) == [
        (4.0, 2),
        (0.5, 0),
        (0.25, 1),
    ]
    assert (
        top_by_score(np.array([], dtype=np.int64), scores[np.array([], dtype=np.int64)], 10) == []
    )


def test_top_by_score_equals_a_full_sort_on_random_ties():
    rng = np.random.default_rng(7)
    for _ in range(300):
        size = int(rng.integers(1, 60))
        scores = rng.integers(0, 4, size).astype(np.float64) / 2  # many ties
        matches = rng.permutation(size)[: int(rng.integers(0, size + 1))]
        limit = int(rng.integers(1, size + 3))
        assert top_by_score(matches, scores[matches], limit) == best_by_score(
            matches, scores, limit
        )


def test_top_by_rank_returns_the_first_in_rank_order():
    rank = np.array([4, 0, 3, 1, 2, 5])
    assert top_by_rank(np.array([0, 2, 3, 5]), rank, 2) == [3, 2]
    assert top_by_rank(np.array([0, 2, 3, 5]), rank, 10) == [3, 2, 0, 5]
    assert top_by_rank(np.array([], dtype=np.int64), rank, 10) == []
    rng = np.random.default_rng(11)
    for _ in range(200):
        size = int(rng.integers(1, 80))
        rank = rng.permutation(size)
        matches = np.sort(rng.permutation(size)[: int(rng.integers(0, size + 1))])
        limit = int(rng.integers(1, size + 3))
        expected = sorted(matches.tolist(), key=lambda d: rank[d])[:limit]
        assert top_by_rank(matches, rank, limit) == expected


# -- phrases ----------------------------------------------------------------------

# One text per record; positions count words. "x" is a filler word.
PHRASE_TEXTS = [
    "a b c",  # 0
    "a x b",  # 1
    "b a",  # 2
    "a x x b",  # 3
    "a x x x b",  # 4
    "a a",  # 5
    "a a b c",  # 6: b is reached from both a's
    "c",  # 7
]


class _TinyArrays:
    """An IndexArrays stand-in holding one hand-built field, all records live."""

    def __init__(self, view: FieldView) -> None:
        self.doc_count_all = view.doc_count_all
        self.live = np.ones(view.doc_count_all, dtype=bool)
        self.deleted = np.empty(0, dtype=np.int64)
        self.view = view

    def field(self, name: str) -> FieldView:
        return self.view


def tiny_field(texts: list[str]) -> FieldView:
    """The answer field of `texts` (whitespace-separated words), built by hand."""
    from index.arrays.lexicon import Lexicon
    from index.arrays.read import FieldArrays

    where: dict[str, dict[int, list[int]]] = {}
    for doc, text in enumerate(texts):
        for position, word in enumerate(text.split()):
            where.setdefault(word, {}).setdefault(doc, []).append(position)
    terms = sorted(where)
    docs, counts, positions, per_term = [], [], [], []
    for term in terms:
        per_term.append(len(where[term]))
        for doc, spots in sorted(where[term].items()):
            docs.append(doc)
            counts.append(len(spots))
            positions.extend(spots)
    lengths = np.array([len(text.split()) for text in texts], dtype=np.float64)
    arrays = FieldArrays(
        lexicon=Lexicon.of(terms),
        offsets=np.concatenate([[0], np.cumsum(per_term)]).astype(np.int64),
        docs=np.array(docs, dtype=np.int32),
        weights=np.array(counts, dtype=np.float32),
        lengths=lengths,
        total_length=float(lengths.sum()),
        position_offsets=np.concatenate([[0], np.cumsum(counts)]).astype(np.int64),
        positions=np.array(positions, dtype=np.int32),
    )
    part = Part(0, len(texts), ["tiny"], {"answer": arrays}, {})
    return FieldView("answer", [(part, arrays)], len(texts))


@pytest.fixture(scope="module")
def tiny() -> Evaluator:
    return Evaluator(_TinyArrays(tiny_field(PHRASE_TEXTS)))


@pytest.mark.parametrize(
    ("words", "slop", "expected"),
    [
        ("a b", 1, [0, 6]),  # adjacent only
        ("a b", 2, [0, 1, 6]),  # one word between
        ("a b", 3, [0, 1, 3, 6]),  # slop 3 reaches two words further
        ("a b", 4, [0, 1, 3, 4, 6]),
        ("b a", 1, [2]),  # in order
        ("b a", 4, [2]),
        ("a a", 1, [5, 6]),  # a repeated word
        ("a a", 3, [5, 6]),
        ("a b c", 1, [0, 6]),
        ("a b c", 3, [0, 6]),
        ("a c", 2, [0, 6]),
        ("a c", 1, []),
        ("a x b", 1, [1]),
        ("a b a", 3, []),
        ("a zulu", 3, []),  # a word the field does not have
    ],
)
def test_phrase_matches(tiny: Evaluator, words: str, slop: int, expected: list[int]):
    matches = tiny.evaluate(Phrase("answer", words.split(), slop=slop))
    assert np.flatnonzero(matches.mask).tolist() == expected
    assert (matches.scores[~matches.mask] == 0).all()


def test_a_word_reached_from_two_earlier_positions_counts_once(tiny: Evaluator):
    view = tiny.arrays.field("answer")
    matches = tiny.evaluate(Phrase("answer", ["a", "b"], slop=3))
    expected = 0.0
    for word in ("a", "b"):
        docs, scores = view.postings(word)
        expected += float(scores[docs.tolist().index(6)])
    assert matches.scores[6] == pytest.approx(expected, rel=1e-12)
    lengths = np.array([len(t.split()) for t in PHRASE_TEXTS], dtype=np.float64)
    docs, scores = view.postings("b")
    weights = np.ones(len(docs), dtype=np.float32)
    assert scores == pytest.approx(
        bm25_scores(weights, lengths[docs], len(docs), lengths.mean(), len(PHRASE_TEXTS))
    )


def test_phrases_match_and_score_as_whoosh_on_a_small_real_index(tmp_path: Path):
    """Phrases of two and three words (repeats included), slop 1 to 4, over random
    texts and the hand-written ones, written by the bulk writer: the same records and
    scores as Whoosh's searcher gives."""
    from whoosh import analysis, fields
    from whoosh import index as whoosh_index

    from index.analysis.memo import MemoizedAnalyzer
    from index.arrays.update import write_built
    from index.segment.bulk import BulkWriter

    rng = np.random.default_rng(3)
    vocabulary = ["a", "b", "c", "x"]
    texts = PHRASE_TEXTS + [
        " ".join(rng.choice(vocabulary, int(rng.integers(1, 10)))) for _ in range(80)
    ]
    analyzer = MemoizedAnalyzer(analysis.RegexTokenizer(), [analysis.LowercaseFilter()])
    schema = fields.Schema(answer=fields.TEXT(analyzer, field_boost=1.5))
    ix = whoosh_index.create_in(str(tmp_path), schema)
    writer = BulkWriter(ix, tmp_path)
    for text in texts:
        writer.add_document(answer=text)
    writer.commit()
    write_built(tmp_path, writer.part, len(texts))
    evaluator = Evaluator(IndexArrays(tmp_path))
    matched_by_slop = {slop: 0 for slop in range(1, 5)}
    with ix.searcher() as searcher:
        for length, slop in product((2, 3), range(1, 5)):
            for words in product(vocabulary[:3], repeat=length):
                query = Phrase("answer", list(words), slop=slop)
                expected = {hit.docnum: hit.score for hit in searcher.search(query, limit=None)}
                matches = evaluator.evaluate(query)
                found = np.flatnonzero(matches.mask).tolist()
                assert found == sorted(expected), (words, slop)
                for doc in found:
                    assert matches.scores[doc] == pytest.approx(expected[doc], rel=1e-9)
                matched_by_slop[slop] += len(found)
    ix.close()
    assert 0 < matched_by_slop[1] < matched_by_slop[2] < matched_by_slop[3]


def test_an_and_reads_its_rarest_part_first_and_scores_as_in_order(
    kamervragen, monkeypatch
) -> None:
    """`vragen bunq`: the common word is read at the rare word's records
    only, and every record's score is still the common part's plus the rare part's, as
    evaluating both whole and adding them in the query's order gives."""
    from whoosh.query import And

    from index.arrays import read
    from search.find import parsed_query
    from search.matches import both
    from search.query_terms import QueryTerms

    bisected = []
    bisect = read._postings_among
    monkeypatch.setattr(read, "_postings_among", lambda *a: bisected.append(1) or bisect(*a))

    live = kamervragen._live()
    for text in ("vragen bunq", "bunq vragen", "minister regenboogprovincie"):
        query = parsed_query(live, text, expand=False).query
        ands = [q for q in [query, *query.children()] if isinstance(q, And)]
        assert ands, text
        evaluator = live.evaluator
        terms = QueryTerms(live.arrays)
        found = evaluator._evaluate(ands[0], terms)
        whole = [evaluator._evaluate(part, QueryTerms(live.arrays)) for part in ands[0].subqueries]
        expected = whole[0]
        for part in whole[1:]:
            expected = both(expected, part)
        assert len(found) and found.rows.tolist() == expected.rows.tolist()
        assert found.row_scores.tobytes() == (expected.row_scores * ands[0].boost).tobytes()
    assert bisected  # the common word was read at the rare word's records
