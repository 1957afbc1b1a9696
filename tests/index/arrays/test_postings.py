"""The posting arrays written beside each generation (index.arrays.postings) against Whoosh's
public API: every searched field, every term, every posting; also after an update that
left deleted documents in a segment, for an empty index, and for a generation whose
arrays are missing or of another version.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from whoosh import index as whoosh_index

from index.arrays.postings import (
    DIRNAME,
    FILTER_FIELDS,
    FORMAT_VERSION,
    PostingsStore,
    read_postings,
)
from index.build import build_index, update_index
from index.schema import PHRASE_FIELDS, SEARCH_FIELDS
from index.store import open_generation
from ingest.records import Document

BLOCK_LIMIT = 128  # postings per block in Whoosh's W3 codec; longer lists span blocks
GONE_WORD = "luchtschipwerf"  # only in the replaced copy's old text
NEW_WORD = "zeppelinhangaar"  # only in its new text


def _text(term: bytes | str) -> str:
    return term.decode("utf-8") if isinstance(term, bytes) else term


def renamed(document: Document, new_id: str, extra: str | None = None) -> Document:
    """The document under another id; with `extra`, one answer gets a word added."""
    questions = [dataclasses.replace(q, document_id=new_id) for q in document.records]
    if extra is not None:
        target = next(i for i, q in enumerate(questions) if q.answer)
        questions[target] = dataclasses.replace(
            questions[target], answer=f"{questions[target].answer} {extra}"
        )
    return dataclasses.replace(document, id=new_id, records=questions)


@pytest.fixture(scope="module")
def updated_generation(tmp_path_factory: pytest.TempPathFactory, corpus_documents) -> Path:
    """Three copies of the sample in one segment, then one copy replaced by an update:
    the first segment keeps 96 live and 48 deleted records, the second holds 48 new."""
    (sample,) = corpus_documents
    root = tmp_path_factory.mktemp("postings-updated")
    build_index([sample, renamed(sample, "kopie-a"), renamed(sample, "kopie-b", GONE_WORD)], root)
    update_index(root, [renamed(sample, "kopie-b", NEW_WORD)])
    return open_generation(root).path


def whoosh_postings(reader, field: str, term: bytes, with_positions: bool):
    """(ids, weights, positions per posting) as Whoosh's public matcher API gives them."""
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
    """Each posting's score by Whoosh's own BM25F scorer."""
    matcher = searcher.postings(field, term)
    scores = []
    while matcher.is_active():
        scores.append(matcher.score())
        matcher.next()
    return scores


def exported_positions(store: PostingsStore, field: str, row: int) -> list[list[int]]:
    fp = store.fields[field]
    assert fp.position_offsets is not None and fp.positions is not None
    start, end = int(fp.offsets[row]), int(fp.offsets[row + 1])
    bounds = fp.position_offsets[start : end + 1]
    return [fp.positions[a:b].tolist() for a, b in zip(bounds[:-1], bounds[1:], strict=True)]


def mismatches_with_whoosh(generation: Path) -> list[str]:
    """Every difference between the arrays of `generation` and Whoosh's public API."""
    store = read_postings(generation)
    assert store is not None
    problems: list[str] = []
    ix = whoosh_index.open_dir(str(generation))
    try:
        with ix.searcher() as searcher:
            reader = searcher.reader()
            assert store.doc_count_all == reader.doc_count_all()
            assert store.doc_count == reader.doc_count()
            assert sorted(store.fields) == sorted([*SEARCH_FIELDS, *FILTER_FIELDS])
            for field in (*SEARCH_FIELDS, *FILTER_FIELDS):
                fp = store.fields[field]
                phrase = field in PHRASE_FIELDS
                assert (fp.positions is not None) == phrase, field
                lexicon = list(reader.lexicon(field))
                assert fp.sorted_terms == [_text(t) for t in lexicon], field
                assert len(fp.offsets) == len(lexicon) + 1 and fp.offsets[-1] == len(fp.docs)
                if phrase:
                    assert len(fp.position_offsets) == len(fp.docs) + 1
                for row, term in enumerate(lexicon):
                    name = f"{field}:{_text(term)}"
                    if fp.row(_text(term)) != row:
                        problems.append(f"{name}: row {fp.row(_text(term))}, expected {row}")
                        continue
                    ids, weights, positions = whoosh_postings(reader, field, term, phrase)
                    if ids != list(reader.postings(field, term).all_ids()):
                        problems.append(f"{name}: stepping and all_ids() disagree in Whoosh")
                    docs, exported_scores = fp.postings(row)
                    exported_weights = fp.weights[fp.offsets[row] : fp.offsets[row + 1]]
                    if docs.tolist() != ids:
                        problems.append(f"{name}: docs {docs.tolist()} != Whoosh {ids}")
                        continue
                    if exported_weights.tolist() != weights:
                        problems.append(f"{name}: weights {exported_weights} != {weights}")
                    # Filter fields are not scored: only their documents count.
                    scores = whoosh_scores(searcher, field, term)
                    if field in SEARCH_FIELDS and not np.allclose(
                        exported_scores, scores, rtol=1e-12, atol=0
                    ):
                        problems.append(f"{name}: scores {exported_scores} != {scores}")
                    if int(fp.doc_frequency[row]) != reader.doc_frequency(field, term):
                        problems.append(f"{name}: doc frequency {fp.doc_frequency[row]}")
                    if phrase and exported_positions(store, field, row) != positions:
                        problems.append(f"{name}: positions differ from Whoosh's")
                expected = [
                    searcher.doc_field_length(doc, field) or 0
                    for doc in range(reader.doc_count_all())
                ]
                if fp.lengths.tolist() != expected:
                    problems.append(f"{field}: field lengths differ from Whoosh's")
    finally:
        ix.close()
    return problems


def test_the_arrays_equal_whoosh_on_the_bundled_corpus(built_index):
    generation = open_generation(built_index).path
    assert mismatches_with_whoosh(generation) == []
    store = read_postings(generation)
    # Not vacuous: the sample has phrase positions, repeated words, and single-posting
    # (inlined) lists as well as block lists.
    answer = store.fields["answer"]
    assert len(answer.docs) > 2000 and len(answer.positions) > len(answer.docs)
    assert (np.diff(answer.offsets) == 1).any() and (np.diff(answer.offsets) > 1).any()


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
    assert mismatches_with_whoosh(updated_generation) == []


def test_no_deleted_document_is_in_the_arrays(updated_generation):
    store = read_postings(updated_generation)
    ix = whoosh_index.open_dir(str(updated_generation))
    try:
        with ix.reader() as reader:
            deleted = {d for d in range(reader.doc_count_all()) if reader.is_deleted(d)}
            live = set(reader.all_doc_ids())
            gone_frequency = reader.doc_frequency("exact", GONE_WORD)
    finally:
        ix.close()
    assert len(deleted) == 48 and len(live) == 144
    for field, fp in store.fields.items():
        exported = set(fp.docs.tolist())
        assert exported <= live, field
        assert not exported & deleted, field
    exact = store.fields["exact"]
    # A word that was only in the replaced text: still in Whoosh's lexicon and document
    # frequency (which count deleted records), but with no postings left.
    gone = exact.row(GONE_WORD)
    assert gone is not None and gone_frequency == 1 == exact.doc_frequency[gone]
    assert len(exact.postings(gone)[0]) == 0
    new = exact.row(NEW_WORD)
    assert new is not None
    (new_doc,) = exact.postings(new)[0].tolist()
    assert new_doc >= 144  # in the second segment, after the offset of the first


@pytest.mark.parametrize("which", ["fresh", "updated"])
def test_average_length_is_whooshs(which: str, built_index, updated_generation):
    """BM25F's average field length as Whoosh's searcher computes it: the summed
    lengths (deleted records included) over all records (deleted included)."""
    fresh = which == "fresh"
    generation = open_generation(built_index).path if fresh else updated_generation
    store = read_postings(generation)
    ix = whoosh_index.open_dir(str(generation))
    try:
        with ix.searcher() as searcher:
            assert (searcher.doc_count() == searcher.doc_count_all()) == fresh
            for field in SEARCH_FIELDS:
                expected = searcher.avg_field_length(field) or 1
                assert store.fields[field].average_length == pytest.approx(expected, rel=1e-12)
    finally:
        ix.close()


def test_a_generation_without_the_arrays_reads_as_none(index_root):
    generation = open_generation(index_root).path
    assert read_postings(generation) is not None
    shutil.rmtree(generation / DIRNAME)
    assert read_postings(generation) is None


def test_arrays_of_another_version_read_as_none(index_root):
    generation = open_generation(index_root).path
    meta_path = generation / DIRNAME / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    assert meta["version"] == FORMAT_VERSION and read_postings(generation) is not None
    meta["version"] = FORMAT_VERSION + 1
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    assert read_postings(generation) is None


def test_an_empty_index_exports_empty_arrays(tmp_path):
    root = tmp_path / "empty"
    build_index([], root)
    generation = open_generation(root).path
    store = read_postings(generation)
    assert store is not None
    assert (store.doc_count_all, store.doc_count) == (0, 0)
    assert sorted(store.fields) == sorted([*SEARCH_FIELDS, *FILTER_FIELDS])
    for field, fp in store.fields.items():
        assert fp.sorted_terms == [] and fp.terms == {}, field
        assert fp.offsets.tolist() == [0] and len(fp.docs) == len(fp.weights) == 0, field
        assert len(fp.lengths) == 0 and fp.average_length == 1.0, field
        assert (fp.positions is not None) == (field in PHRASE_FIELDS), field
    assert mismatches_with_whoosh(generation) == []
