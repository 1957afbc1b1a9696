"""The bulk writer (index.segment.bulk) against Whoosh's own writer, record for record.

Both index the same records into fresh indexes; through Whoosh's public reader
the two must then hold the same terms with the same term infos, the same
postings (ids, weights, values, block statistics), field lengths, columns and
stored fields, and the bulk writer's search arrays must equal those exported
from Whoosh's index. Chunks and merge ranges are made small, so records cross
many chunk files and terms many ranges.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from whoosh import fields
from whoosh import index as whoosh_index
from whoosh.analysis import StandardAnalyzer

from bench.generate import generate, learn_sample
from index.arrays.postings import read_postings
from index.build import _export_arrays
from index.record_fields import document_fields
from index.schema import COPY_FIELDS, build_schema
from index.segment import runs
from index.segment.bulk import RUNS_DIRNAME, BulkWriter, UnsupportedSchema
from index.segment.lengths import lengths_in_memory
from ingest import load

TERM_STATS = ("weight", "doc_frequency", "min_length", "max_length", "max_weight", "min_id")


def _records(documents) -> list[dict]:
    return [fields for document in documents for fields in document_fields(document)]


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory, corpus_documents) -> list[dict]:
    """The sample and about 250 generated questions in several letters."""
    corpus = tmp_path_factory.mktemp("bulk-corpus")
    generate(250, corpus, seed=5, sample=learn_sample())
    return _records([*corpus_documents, *load([corpus]).documents])


def _whoosh_index(path: Path, records: list[dict], stemmer: str = "kp") -> Path:
    ix = whoosh_index.create_in(str(path), build_schema(stemmer))
    with lengths_in_memory():
        writer = ix.writer()
        for fields_ in records:
            writer.add_document(**fields_)
        writer.commit()
    ix.close()
    _export_arrays(path)
    return path


def _bulk_index(path: Path, records: list[dict], stemmer: str = "kp", **options) -> Path:
    path.mkdir(exist_ok=True)
    ix = whoosh_index.create_in(str(path), build_schema(stemmer))
    writer = BulkWriter(ix, path, **options)
    for fields_ in records:
        writer.add_document(**fields_)
    writer.commit()
    ix.close()
    return path


def _postings(reader, field: str, term: bytes) -> list[tuple]:
    matcher = reader.postings(field, term)
    found = []
    while matcher.is_active():
        block = (matcher.block_max_weight(), matcher.block_min_length(), matcher.block_max_length())
        found.append((matcher.id(), matcher.weight(), matcher.value(), block))
        matcher.next()
    return found


def assert_same_index(expected_path: Path, actual_path: Path) -> int:
    """Everything Whoosh's reader can tell about two indexes is the same; postings compared."""
    expected = whoosh_index.open_dir(str(expected_path)).reader()
    actual = whoosh_index.open_dir(str(actual_path)).reader()
    compared = 0
    try:
        assert actual.doc_count_all() == expected.doc_count_all() > 0
        schema = expected.schema
        docs = range(expected.doc_count_all())
        for name in schema.names():
            field = schema[name]
            if field.column_type:
                assert list(actual.column_reader(name)) == list(expected.column_reader(name))
            if not field.indexed:
                continue
            terms = list(expected.lexicon(name))
            assert list(actual.lexicon(name)) == terms, name
            for term in terms:
                mine, theirs = actual.term_info(name, term), expected.term_info(name, term)
                for stat in TERM_STATS:
                    assert getattr(mine, stat)() == getattr(theirs, stat)(), (name, term, stat)
                assert mine.max_id() == theirs.max_id()
                found = _postings(actual, name, term)
                assert found == _postings(expected, name, term), (name, term)
                compared += len(found)
            assert actual.field_length(name) == expected.field_length(name), name
            lengths = [expected.doc_field_length(d, name) for d in docs]
            assert [actual.doc_field_length(d, name) for d in docs] == lengths, name
        for doc in docs:
            assert actual.stored_fields(doc) == expected.stored_fields(doc), doc
    finally:
        expected.close()
        actual.close()
    return compared


def assert_same_arrays(expected_path: Path, actual_path: Path) -> None:
    expected, actual = read_postings(expected_path), read_postings(actual_path)
    assert (actual.doc_count_all, actual.doc_count) == (expected.doc_count_all, expected.doc_count)
    assert sorted(actual.fields) == sorted(expected.fields)
    for name, theirs in expected.fields.items():
        mine = actual.fields[name]
        assert mine.sorted_terms == theirs.sorted_terms and mine.terms == theirs.terms, name
        assert mine.average_length == theirs.average_length, name
        for array in ("offsets", "docs", "weights", "scores", "doc_frequency", "lengths"):
            assert np.array_equal(getattr(mine, array), getattr(theirs, array)), (name, array)
        for array in ("position_offsets", "positions"):
            a, b = getattr(mine, array), getattr(theirs, array)
            assert (a is None and b is None) or np.array_equal(a, b), (name, array)


@pytest.fixture(scope="module")
def whoosh_built(tmp_path_factory: pytest.TempPathFactory, records: list[dict]) -> Path:
    return _whoosh_index(tmp_path_factory.mktemp("whoosh-written"), records)


def test_the_bulk_index_is_whoosh_s_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, whoosh_built: Path, records: list[dict]
) -> None:
    monkeypatch.setattr(runs, "MAX_RANGE_POSTINGS", 500)  # many ranges per field
    bulk = _bulk_index(tmp_path, records, copies=COPY_FIELDS, chunk_records=97)
    assert assert_same_index(whoosh_built, bulk) > 50_000
    assert_same_arrays(whoosh_built, bulk)
    assert not (bulk / RUNS_DIRNAME).exists()


def test_copies_that_are_no_copies_are_analysed_themselves(
    tmp_path: Path, records: list[dict]
) -> None:
    sample = [dict(f) for f in records[:60]]
    sample[3]["exact"] = "Een eigen tekst met MQ-9 en drones"  # not topic + question + answer
    (tmp_path / "whoosh").mkdir()
    theirs = _whoosh_index(tmp_path / "whoosh", sample)
    mine = _bulk_index(tmp_path / "bulk", sample, copies=COPY_FIELDS, chunk_records=16)
    assert assert_same_index(theirs, mine) > 1_000
    assert_same_arrays(theirs, mine)


def test_the_other_stemmer_too(tmp_path: Path, records: list[dict]) -> None:
    sample = records[:80]
    (tmp_path / "whoosh").mkdir()
    theirs = _whoosh_index(tmp_path / "whoosh", sample, stemmer="nltk")
    mine = _bulk_index(tmp_path / "bulk", sample, stemmer="nltk", copies=COPY_FIELDS)
    assert assert_same_index(theirs, mine) > 1_000


def test_schemas_it_cannot_write_are_refused(tmp_path: Path) -> None:
    plain = fields.Schema(body=fields.TEXT(analyzer=StandardAnalyzer()), tags=fields.NGRAM())
    ix = whoosh_index.create_in(str(tmp_path), plain)
    with pytest.raises(UnsupportedSchema):
        BulkWriter(ix, tmp_path)
    ix.close()


def test_only_a_fresh_index_and_known_fields(tmp_path: Path, records: list[dict]) -> None:
    _bulk_index(tmp_path, records[:5])
    ix = whoosh_index.open_dir(str(tmp_path))
    with pytest.raises(UnsupportedSchema, match="lege index"):
        BulkWriter(ix, tmp_path)
    ix.close()
    other = tmp_path / "other"
    other.mkdir()
    ix = whoosh_index.create_in(str(other), build_schema())
    writer = BulkWriter(ix, other)
    with pytest.raises(UnsupportedSchema, match="onbekend"):
        writer.add_document(key="x", colour="rood")
    with pytest.raises(UnsupportedSchema, match="alleen tekst"):
        writer.add_document(key="x", answer=["een", "lijst"])
    writer.cancel()
    ix.close()
    assert not (other / RUNS_DIRNAME).exists()


def test_an_empty_commit_is_an_empty_index(tmp_path: Path) -> None:
    ix = whoosh_index.create_in(str(tmp_path), build_schema())
    BulkWriter(ix, tmp_path).commit()
    ix.close()
    reopened = whoosh_index.open_dir(str(tmp_path))
    assert reopened.doc_count_all() == 0
    reopened.close()
    store = read_postings(tmp_path)
    assert store is not None and store.doc_count_all == 0
    assert store.fields["answer"].sorted_terms == []
