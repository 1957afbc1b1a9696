"""Search arrays read out of Whoosh's segments after an update (index.arrays.export).

`refresh_postings` builds them from the previous generation's arrays plus what the
update changed; it must give exactly what `write_postings` reads out of every
segment, after each of a series of updates (a replacement, a new document, a removal,
new words and words that disappear), and write nothing when the segments no longer
line up with the previous arrays.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from whoosh.filedb.filestore import FileStorage

from bench.generate import generate, learn_sample
from index.arrays.export import refresh_postings, write_postings
from index.arrays.postings import DIRNAME, read_meta, read_postings
from index.build import build_index, update_index
from index.store import open_generation
from ingest import load
from tests.index.arrays.test_postings import GONE_WORD, NEW_WORD, renamed
from tests.index.segment.test_bulk import assert_same_arrays


def _fully_exported(generation: Path, tmp_path: Path) -> Path:
    """A copy of the generation whose arrays are read out of all its segments."""
    copy = tmp_path / f"full-{generation.name}"
    shutil.copytree(generation, copy)
    shutil.rmtree(copy / DIRNAME)
    ix = FileStorage(str(copy), supports_mmap=False).open_index()
    with ix.reader() as reader:
        write_postings(reader, copy)
    ix.close()
    return copy


@pytest.fixture(scope="module")
def letters(tmp_path_factory: pytest.TempPathFactory):
    corpus = tmp_path_factory.mktemp("refresh-letters")
    generate(150, corpus, seed=21, sample=learn_sample())
    return load([corpus]).documents


def test_each_update_refreshes_the_arrays_as_a_full_export_would(
    tmp_path: Path, corpus_documents, letters
) -> None:
    (sample,) = corpus_documents
    root = tmp_path / "index"
    build_index([sample, renamed(sample, "kopie-a"), renamed(sample, "kopie-b", GONE_WORD)], root)
    updates = [
        ([renamed(sample, "kopie-b", NEW_WORD)], []),  # replaced: deleted and added
        ([letters[0]], []),  # a new document, new words
        ([], ["kopie-a"]),  # removed only
        (letters[1:3], [sample.id]),
    ]
    for added, removed in updates:
        before = open_generation(root).path
        update_index(root, added, removed)
        generation = open_generation(root).path
        meta = read_meta(generation)
        assert len(meta["segments"]) > len(read_meta(before)["segments"]) or not added
        assert_same_arrays(_fully_exported(generation, tmp_path), generation)
    store = read_postings(open_generation(root).path)
    assert NEW_WORD in store.fields["exact"].terms
    assert store.doc_count < store.doc_count_all  # deleted records are still counted


def test_nothing_is_written_when_the_segments_do_not_line_up(
    tmp_path: Path, corpus_documents
) -> None:
    (sample,) = corpus_documents
    first, other = tmp_path / "first", tmp_path / "other"
    build_index([sample], first)
    build_index([renamed(sample, "ander")], other)
    generation = open_generation(other).path
    written = {p.name: p.read_bytes() for p in (generation / DIRNAME).iterdir()}
    ix = FileStorage(str(generation), supports_mmap=False).open_index()
    with ix.reader() as reader:
        assert not refresh_postings(open_generation(first).path, reader, generation)
    ix.close()
    assert {p.name: p.read_bytes() for p in (generation / DIRNAME).iterdir()} == written


def test_word_counts_follow_the_updates(tmp_path: Path, corpus_documents, letters) -> None:
    from collections import Counter

    from index.build import _stored_texts
    from index.surface import SurfaceCounter, forms_of, read_surface_forms, read_written

    (sample,) = corpus_documents
    root = tmp_path / "index"
    build_index([sample, renamed(sample, "kopie-a"), letters[0]], root)
    update_index(root, [renamed(sample, "kopie-a", NEW_WORD), letters[1]], [letters[0].id])
    generation = open_generation(root).path
    recount = SurfaceCounter()
    for text in _stored_texts(generation):
        recount.add(text)
    written = read_written(generation)
    assert Counter(written) == recount.written()  # the same counts; order may differ
    assert NEW_WORD in written and read_surface_forms(generation) == forms_of(Counter(written))
    gone = {w for w in _answer_words(letters[0]) if w not in recount.written()}
    assert gone and not gone & set(written)  # words only the removed letter had are gone


def _answer_words(document) -> set[str]:
    from index.surface import SurfaceCounter

    counter = SurfaceCounter()
    for record in document.records:
        counter.add(record.answer)
    return set(counter.written())
