"""The arrays of a series of updates (index.arrays.update): every part kept or merged
still agrees with Whoosh's reader, and the number of parts stays small."""

from __future__ import annotations

import json
import math

import pytest

from bench.generate import generate, learn_sample
from index.arrays.format import DIRNAME, META
from index.arrays.read import IndexArrays
from index.arrays.update import MERGE_FACTOR
from index.build import build_index, update_index
from index.store import open_generation
from ingest import load
from tests.index.arrays.test_read import mismatches_with_whoosh, renamed


@pytest.fixture(scope="module")
def letters(tmp_path_factory: pytest.TempPathFactory):
    corpus = tmp_path_factory.mktemp("update-letters")
    generate(240, corpus, seed=21, sample=learn_sample())
    found = load([corpus]).documents
    assert len(found) >= 6
    return found


def test_updates_merge_their_parts_and_the_arrays_stay_whoosh_s(
    tmp_path, corpus_documents, letters
) -> None:
    (sample,) = corpus_documents
    root = tmp_path / "index"
    build_index([sample], root)
    counts, checked = [], False
    for number, letter in enumerate(letters[:6]):
        removed = [letters[number - 2].id] if number == 4 else []  # one letter goes again
        update_index(root, [letter, renamed(sample, f"kopie-{number % 2}")], removed)
        generation = open_generation(root).path
        arrays = IndexArrays(generation)
        counts.append(len(arrays.parts))
        merged = any(len(part.segments) > 1 for part in arrays.parts)
        if number == 5 or (merged and not checked):  # Whoosh's reader is slow: twice
            assert mismatches_with_whoosh(generation) == [], number
            checked = checked or merged
        on_disk = {p.name for p in (generation / DIRNAME).iterdir() if p.is_dir()}
        meta = json.loads((generation / DIRNAME / META).read_text(encoding="utf-8"))
        assert on_disk == set(meta["parts"])  # merged-away parts are not left behind
        first, *rest = arrays.parts
        assert first.segments == arrays.parts[0].segments and len(first.segments) == 1
        for before, after in zip(rest, rest[1:], strict=False):
            assert before.doc_count > MERGE_FACTOR * after.doc_count  # geometric sizes
    assert max(counts) <= 2 + math.ceil(math.log2(6)) and counts[-1] < 6 + 1
    assert checked  # a merged part was compared with Whoosh's reader
