"""The search arrays of a generation (index.arrays) against Whoosh's public API: every
array field, every term, every live posting and its BM25F score by Whoosh's scorer;
also after an update that left deleted records in a segment, for an empty index, and
for a generation whose arrays are missing or of another version or scoring.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from whoosh import index as whoosh_index

from index.arrays import read
from index.arrays.format import DIRNAME, FORMAT_VERSION, META, IndexOutdatedError
from index.arrays.read import IndexArrays
from index.build import build_index, update_index
from index.schema import FILTER_FIELDS, PHRASE_FIELDS, SEARCH_FIELDS
from index.store import open_generation
from ingest.records import Document

BLOCK_LIMIT = 128  # postings per block in Whoosh's W3 codec; longer lists span blocks
GONE_WORD = "luchtschipwerf"  # only in the replaced copy's old text
NEW_WORD = "zeppelinhangaar"  # only in its new text
ARRAY_FIELDS = sorted([*SEARCH_FIELDS, *FILTER_FIELDS])


def _text(term: bytes | str) -> str:
    return term.decode("utf-8") if isinstance(term, bytes) else term


def renamed(document: Document, new_id: str, extra: str | None = None) -> Document:
    """The document under another id; with `extra`, one answer gets a word added."""
    records = [dataclasses.replace(q, document_id=new_id) for q in document.records]
    if extra is not None:
        target = next(i for i, q in enumerate(records) if q.answer)
        records[target] = dataclasses.replace(
            records[target], answer=f"{records[target].answer} {extra}"
        )
    return dataclasses.replace(document, id=new_id, records=records)


@pytest.fixture(scope="module")
def updated_generation(tmp_path_factory: pytest.TempPathFactory, corpus_documents) -> Path:
    """Three copies of the sample in one segment, then one copy replaced by an update:
    the first segment keeps 96 live and 48 deleted records, the second holds 48 new."""
    (sample,) = corpus_documents
    root = tmp_path_factory.mktemp("arrays-updated")
    build_index([sample, renamed(sample, "kopie-a"), renamed(sample, "kopie-b", GONE_WORD)], root)
    update_index(root, [renamed(sample, "kopie-b", NEW_WORD)])
    return open_generation(root).path


def whoosh_postings(reader, field: str, term: bytes, with_positions: bool):
    """(ids, weights, positions per posting) as Whoosh's public matcher API gives them:
    the live records only."""
    matcher = reader.postings(field, term)
    ids, weights, positions = [], [], []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        if with_positions:
            positions.append(list(matcher.value_as("positions")))
        matcher.next()
    return ids, weights, positions


def whoosh_scores(searcher, field: str, term: bytes) -> list[float]:
    """Each live posting's score by Whoosh's own BM25F scorer."""
    matcher = searcher.postings(field, term)
    scores = []
    while matcher.is_active():
        scores.append(matcher.score())
        matcher.next()
    return scores


def _term_mismatches(arrays: IndexArrays, reader, searcher, field: str, term: bytes) -> list[str]:
    view = arrays.field(field)
    text, name = _text(term), f"{field}:{_text(term)}"
    phrase = field in PHRASE_FIELDS
    ids, weights, positions = whoosh_postings(reader, field, term, phrase)
    docs = view.docs(text)
    live = arrays.live[docs]
    problems = []
    if docs[live].tolist() != ids:
        return [f"{name}: live docs {docs[live].tolist()} != Whoosh {ids}"]
    if view.doc_frequency(text) != reader.doc_frequency(field, term):
        problems.append(f"{name}: doc frequency {view.doc_frequency(text)}")
    if field not in SEARCH_FIELDS:  # a filter field: only its records count
        return problems
    postings_docs, scores = view.postings(text)
    assert postings_docs.tolist() == docs.tolist()
    if not np.allclose(scores[live], whoosh_scores(searcher, field, term), rtol=1e-12, atol=0):
        problems.append(f"{name}: scores {scores[live]} differ from Whoosh's")
    found_weights = np.concatenate([a.weights[s:e] for a, s, e in view._spans(text)])
    if found_weights[live].tolist() != weights:
        problems.append(f"{name}: weights differ from Whoosh's")
    if phrase:
        occurrence_docs, found = view.occurrences(text)
        per_doc = [found[occurrence_docs == d].tolist() for d in ids]
        if per_doc != positions:
            problems.append(f"{name}: positions differ from Whoosh's")
        within = np.zeros(view.doc_count_all, dtype=bool)
        within[ids[::2]] = True  # every other record of the term, and none of the rest
        some_docs, some = view.occurrences(text, within)
        kept = within[occurrence_docs]
        if (
            some_docs.tolist() != occurrence_docs[kept].tolist()
            or some.tolist() != found[kept].tolist()
        ):
            problems.append(f"{name}: the positions within some records differ from all's")
        holding = set(docs.tolist())  # deleted records too
        absent = next(d for d in range(len(holding) + 1) if d not in holding)
        asked = np.array(sorted({*ids[:3], *ids[-3:], absent}), dtype=np.int64)
        held = view.positions_in(text, asked)
        if held != {d: positions[ids.index(d)] for d in asked.tolist() if d in ids}:
            problems.append(f"{name}: positions_in differs from Whoosh's positions")
    return problems


def mismatches_with_whoosh(generation: Path) -> list[str]:
    """Every difference between the arrays of `generation` and Whoosh's public API."""
    arrays = IndexArrays(generation)
    problems: list[str] = []
    ix = whoosh_index.open_dir(str(generation))
    try:
        with ix.searcher() as searcher:
            reader = searcher.reader()
            assert arrays.doc_count_all == reader.doc_count_all()
            assert arrays.doc_count == reader.doc_count()
            deleted = [reader.is_deleted(d) for d in range(reader.doc_count_all())]
            assert (~arrays.live).tolist() == deleted
            if reader.doc_count_all():
                assert sorted(arrays.fields) == ARRAY_FIELDS
            for field in ARRAY_FIELDS:
                view = arrays.field(field)
                lexicon = list(reader.lexicon(field))
                if view.terms() != [_text(t) for t in lexicon]:
                    problems.append(f"{field}: terms differ from Whoosh's lexicon")
                    continue
                for term in lexicon:
                    problems += _term_mismatches(arrays, reader, searcher, field, term)
                if field not in SEARCH_FIELDS:
                    continue
                expected = [
                    searcher.doc_field_length(d, field) or 0 for d in range(reader.doc_count_all())
                ]
                if view.lengths.tolist() != expected:
                    problems.append(f"{field}: field lengths differ from Whoosh's")
                average = searcher.avg_field_length(field) or 1
                if view.average_length != pytest.approx(average, rel=1e-12):
                    problems.append(f"{field}: average length {view.average_length} != {average}")
    finally:
        ix.close()
    return problems


def test_the_arrays_equal_whoosh_on_the_bundled_corpus(built_index):
    generation = open_generation(built_index).path
    assert mismatches_with_whoosh(generation) == []
    answer = IndexArrays(generation).field("answer")
    # Not vacuous: the sample has phrase positions, repeated words, and single-posting
    # (inlined) lists as well as block lists.
    (part,) = answer.parts
    arrays = part[1]
    assert len(arrays.docs) > 2000 and len(arrays.positions) > len(arrays.docs)
    assert (np.diff(arrays.offsets) == 1).any() and (np.diff(arrays.offsets) > 1).any()


def test_the_arrays_equal_whoosh_after_an_update_with_deletions(updated_generation):
    ix = whoosh_index.open_dir(str(updated_generation))
    try:
        with ix.reader() as reader:
            segments = [(s.doc_count_all(), s.doc_count()) for s, _ in reader.leaf_readers()]
            longest = max(reader.doc_frequency("exact", t) for t in reader.lexicon("exact"))
    finally:
        ix.close()
    # The scenario this test is about: a segment with live and deleted records, a
    # second segment, and posting lists longer than one Whoosh block.
    assert segments == [(144, 96), (48, 48)]
    assert longest > BLOCK_LIMIT
    assert len(IndexArrays(updated_generation).parts) == 2
    assert mismatches_with_whoosh(updated_generation) == []


def test_deleted_records_keep_their_postings_but_are_not_live(updated_generation):
    arrays = IndexArrays(updated_generation)
    assert arrays.doc_count_all == 192 and arrays.doc_count == 144
    exact = arrays.field("exact")
    # A word that was only in the replaced text: still in the lexicon and its document
    # frequency (as Whoosh counts them), its one posting a deleted record's.
    (gone,) = exact.docs(GONE_WORD).tolist()
    assert exact.doc_frequency(GONE_WORD) == 1 and not arrays.live[gone]
    (new,) = exact.docs(NEW_WORD).tolist()
    assert new >= 144 and arrays.live[new]  # in the second segment, after the first's records


def test_an_empty_index_has_empty_arrays(tmp_path):
    root = tmp_path / "empty"
    build_index([], root)
    generation = open_generation(root).path
    arrays = IndexArrays(generation)
    assert (arrays.doc_count_all, arrays.doc_count, arrays.parts) == (0, 0, [])
    for field in ARRAY_FIELDS:
        view = arrays.field(field)
        assert view.terms() == [] and len(view.docs("drone")) == 0
        assert len(view.postings("drone")[0]) == 0 and view.average_length == 1.0
    assert mismatches_with_whoosh(generation) == []


def test_a_generation_without_the_arrays_is_refused(index_root):
    generation = open_generation(index_root).path
    IndexArrays(generation)
    shutil.rmtree(generation / DIRNAME)
    with pytest.raises(IndexOutdatedError, match="vraagbaak ingest --rebuild"):
        IndexArrays(generation)


@pytest.mark.parametrize(
    ("key", "value"), [("version", FORMAT_VERSION - 1), ("scoring", {"K1": 2.0, "B": 0.75})]
)
def test_arrays_of_another_version_or_scoring_are_refused(index_root, key, value):
    generation = open_generation(index_root).path
    meta_path = generation / DIRNAME / META
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta[key] = value
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(IndexOutdatedError) as error:
        IndexArrays(generation)
    assert "Vraagbaak" in str(error.value) and "--rebuild" in str(error.value)


def looked_up_frequencies(view, terms: list[str]) -> list[int]:
    """Each term's posting counts as FieldView.looked_up gives them, summed over the parts."""
    return [sum(counts) for counts in zip(*(c for _, c in view.looked_up(terms)), strict=True)]


def test_many_terms_are_looked_up_as_each_one_over_two_parts(updated_generation):
    view = IndexArrays(updated_generation).field("answer")
    terms = view.terms()
    # Unsorted, repeated, and terms no part has: the batch must answer each in place.
    asked = [*terms[::-7], terms[0], terms[0], "zzzgeenterm", "", *terms[3::11]]
    assert len(asked) > read.FEW_TERMS
    expected = [view.doc_frequency(term) for term in asked]
    assert looked_up_frequencies(view, asked) == expected
    assert max(expected) > 1 and expected.count(0) == 2


def test_a_few_terms_are_looked_up_one_by_one_as_many_are_at_once(updated_generation, monkeypatch):
    view = IndexArrays(updated_generation).field("answer")
    terms = view.terms()
    asked = [terms[9], "zzzgeenterm", terms[0], terms[0], terms[-1], GONE_WORD, NEW_WORD]
    assert len(asked) <= read.FEW_TERMS
    one_by_one = view.looked_up(asked)
    monkeypatch.setattr(read, "FEW_TERMS", 0)
    assert view.looked_up(asked) == one_by_one
    (first_rows, first_counts), (second_rows, second_counts) = one_by_one
    assert first_rows[1] == second_rows[1] == -1 and first_counts[1] == second_counts[1] == 0
    assert second_rows[5] == -1 and first_rows[6] == -1  # each word in one part only
    assert looked_up_frequencies(view, asked) == [view.doc_frequency(term) for term in asked]


def test_postings_among_some_records_score_as_all_of_them_do(updated_generation):
    """An AND reads a common word's postings at its rarer part's records only: there
    each posting is found, in the same order and with the same score, over two parts."""
    view = IndexArrays(updated_generation).field("answer")
    frequencies = looked_up_frequencies(view, view.terms())
    common = [t for t, n in zip(view.terms(), frequencies, strict=True) if n > 60]
    assert common
    rng = np.random.default_rng(3)
    bisected = 0
    for term in common[:20]:
        docs, scores = view.scored_rows(view.rows(term))
        among = np.sort(rng.choice(view.doc_count_all, size=8, replace=False)).astype(np.int64)
        few_docs, few_scores = view.scored_rows(view.rows(term), among)
        bisected += len(few_docs) < len(docs)
        kept, few_kept = np.isin(docs, among), np.isin(few_docs, among)
        assert few_docs[few_kept].tolist() == docs[kept].tolist()  # others may come too
        assert few_scores[few_kept].tobytes() == scores[kept].tobytes()
    assert bisected  # the bisection ran, not only the reading of every posting
