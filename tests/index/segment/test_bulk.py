"""The bulk writer (index.segment.bulk) against Whoosh's own writer, record for record.

Both index the same records into fresh indexes, and both apply the same updates (records
deleted, a segment added); through Whoosh's public reader the two must then hold,
segment by segment, the same deletions, terms with the same term infos, the same
postings (ids, weights, values), field lengths and stored fields. Whoosh's writer
writes W3 posting lists; the bulk writer's segments serve theirs from the search arrays
(index.segment.codec), whose numpy scoring must agree with Whoosh's searcher reading
them (tests/index/arrays/test_read.py). Chunks and merge ranges are made small, so records
cross many chunk files and terms many ranges.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh import fields, query
from whoosh import index as whoosh_index
from whoosh.analysis import StandardAnalyzer

from bench.generate import generate, learn_sample
from index.arrays.read import IndexArrays
from index.arrays.update import write_built, write_updated
from index.record_fields import document_fields
from index.schema import COLUMNS, COPY_FIELDS, build_schema
from index.segment import runs
from index.segment.bulk import RUNS_DIRNAME, BulkWriter, UnsupportedSchema
from ingest import load
from tests.index.arrays.test_read import mismatches_with_whoosh

TERM_STATS = ("weight", "doc_frequency", "min_length", "max_length", "max_weight", "min_id")
OPTIONS = {"copies": COPY_FIELDS, "columns": COLUMNS}


def _records(documents) -> list[dict]:
    return [fields for document in documents for fields in document_fields(document)]


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory, corpus_documents) -> list[dict]:
    """The sample and about 250 generated questions in several letters."""
    corpus = tmp_path_factory.mktemp("bulk-corpus")
    generate(250, corpus, seed=5, sample=learn_sample())
    return _records([*corpus_documents, *load([corpus]).documents])


def _whoosh_index(path: Path, records: list[dict], stemmer: str = "kp") -> Path:
    path.mkdir(exist_ok=True)
    ix = whoosh_index.create_in(str(path), build_schema(stemmer))
    writer = ix.writer()
    for fields_ in records:
        writer.add_document(**fields_)
    writer.commit()
    ix.close()
    return path


def _bulk_index(path: Path, records: list[dict], stemmer: str = "kp", **options) -> Path:
    """An index written by the bulk writer, with its arrays' meta as a build writes it."""
    path.mkdir(exist_ok=True)
    ix = whoosh_index.create_in(str(path), build_schema(stemmer))
    writer = BulkWriter(ix, path, **options)
    for fields_ in records:
        writer.add_document(**fields_)
    writer.commit()
    ix.close()
    write_built(path, writer.part, writer.docnum)
    return path


def _whoosh_update(path: Path, deleted: list[int], records: list[dict]) -> None:
    ix = whoosh_index.open_dir(str(path))
    writer = ix.writer()
    for docnum in deleted:
        writer.delete_document(docnum)
    for fields_ in records:
        writer.add_document(**fields_)
    writer.commit(merge=False)
    ix.close()


def _bulk_update(path: Path, deleted: list[int], records: list[dict], **options) -> None:
    previous = IndexArrays(path, mapped=False)
    ix = whoosh_index.open_dir(str(path))
    writer = BulkWriter(ix, path, **options)
    writer.delete(deleted)
    for fields_ in records:
        writer.add_document(**fields_)
    writer.commit()
    ix.close()
    write_updated(path, previous, writer.part, writer.first_doc + writer.docnum, deleted)


def _postings(reader, field: str, term: bytes) -> list[tuple]:
    """(id, weight, value) of every live posting. Not the block statistics: Whoosh's
    writer cuts a list into blocks of 128, the codec serves it as one list; the
    statistics of the whole list are in the term info, compared as well."""
    matcher = reader.postings(field, term)
    found = []
    while matcher.is_active():
        found.append((matcher.id(), matcher.weight(), matcher.value()))
        matcher.next()
    return found


def assert_same_index(expected_path: Path, actual_path: Path) -> int:
    """Everything Whoosh's reader can tell about two indexes is the same, segment by
    segment; returns the number of postings compared."""
    expected_ix = whoosh_index.open_dir(str(expected_path))
    actual_ix = whoosh_index.open_dir(str(actual_path))
    expected, actual = expected_ix.reader(), actual_ix.reader()
    compared = 0
    try:
        assert actual.doc_count_all() == expected.doc_count_all() > 0
        assert actual.doc_count() == expected.doc_count()
        pairs = list(zip(expected.leaf_readers(), actual.leaf_readers(), strict=True))
        for (theirs, offset), (mine, my_offset) in pairs:
            assert my_offset == offset
            compared += _assert_same_segment(theirs, mine)
        for doc in range(expected.doc_count_all()):
            assert actual.is_deleted(doc) == expected.is_deleted(doc), doc
            assert actual.stored_fields(doc) == expected.stored_fields(doc), doc
    finally:
        expected.close()
        actual.close()
        expected_ix.close()
        actual_ix.close()
    return compared


def _assert_same_segment(expected, actual) -> int:
    compared = 0
    assert (actual.doc_count_all(), actual.doc_count()) == (
        expected.doc_count_all(),
        expected.doc_count(),
    )
    schema = expected.schema
    docs = range(expected.doc_count_all())
    for name in schema.names():
        if not schema[name].indexed:
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
    return compared


@pytest.fixture(scope="module")
def whoosh_built(tmp_path_factory: pytest.TempPathFactory, records: list[dict]) -> Path:
    return _whoosh_index(tmp_path_factory.mktemp("whoosh-written"), records)


def test_the_bulk_index_is_whoosh_s_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, whoosh_built: Path, records: list[dict]
) -> None:
    monkeypatch.setattr(runs, "MAX_RANGE_POSTINGS", 500)  # many ranges per field
    bulk = _bulk_index(tmp_path, records, chunk_records=97, **OPTIONS)
    assert assert_same_index(whoosh_built, bulk) > 50_000
    assert mismatches_with_whoosh(bulk) == []
    assert not (bulk / RUNS_DIRNAME).exists()


def _segment_files(path: Path) -> list[str]:
    ix = whoosh_index.open_dir(str(path))
    try:
        (segment,) = ix._segments()
        return segment.open_compound_file(ix.storage).list()
    finally:
        ix.close()


def test_the_segment_has_no_posting_lists_of_its_own(
    tmp_path: Path, whoosh_built: Path, records: list[dict]
) -> None:
    bulk = _bulk_index(tmp_path, records[:60], **OPTIONS)
    suffixes = {name.rsplit(".", 1)[-1] for name in _segment_files(bulk)}
    assert {"trm", "pst"} & {n.rsplit(".", 1)[-1] for n in _segment_files(whoosh_built)}
    assert not {"trm", "pst"} & suffixes and "col" in suffixes  # stored fields, lengths


QUERIES = [
    query.Phrase("answer", ["militair", "steun"]),
    query.Phrase("topic", ["steun", "oekraine"]),
    query.Prefix("question", "vlieg"),
    query.FuzzyTerm("exact", "defensei", maxdist=1),
    query.Term("ministry", "Ministerie van Defensie"),
    query.And([query.Term("party", "D66"), query.Prefix("answer", "steun")]),
]


def test_whoosh_s_searcher_finds_the_same_through_the_codec(
    tmp_path: Path, whoosh_built: Path, records: list[dict]
) -> None:
    """Phrases (positions), prefixes, fuzzy terms (the cursor) and filter fields, searched
    by Whoosh itself on both indexes: the same records with the same scores."""
    bulk = _bulk_index(tmp_path, records, **OPTIONS)
    theirs_ix, mine_ix = whoosh_index.open_dir(str(whoosh_built)), whoosh_index.open_dir(str(bulk))
    with theirs_ix.searcher() as theirs, mine_ix.searcher() as mine:
        for q in QUERIES:
            expected = [(hit.docnum, hit.score) for hit in theirs.search(q, limit=None)]
            assert len(expected) > 1, (q, len(expected))
            assert [(hit.docnum, hit.score) for hit in mine.search(q, limit=None)] == expected
    theirs_ix.close()
    mine_ix.close()


def test_an_update_segment_is_whoosh_s_update(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, records: list[dict]
) -> None:
    """Deletions in the first segment and a second segment, then deletions in both and a
    third: each time the same as Whoosh's own writer makes of the same changes."""
    monkeypatch.setattr(runs, "MAX_RANGE_POSTINGS", 500)
    base, added, later = records[:150], records[150:260], records[260:]
    mine = _bulk_index(tmp_path / "bulk", base, chunk_records=41, **OPTIONS)
    theirs = _whoosh_index(tmp_path / "whoosh", base)
    first = [0, 3, *range(40, 90)]  # the sample's records and a few others
    _bulk_update(mine, first, added, chunk_records=33, **OPTIONS)
    _whoosh_update(theirs, first, added)
    assert assert_same_index(theirs, mine) > 20_000
    assert mismatches_with_whoosh(mine) == []
    second = [1, 2, 150, 151, 259]  # in the first and in the second segment
    _bulk_update(mine, second, later, **OPTIONS)
    _whoosh_update(theirs, second, later)
    assert assert_same_index(theirs, mine) > 20_000
    # the third part was merged into the second (index.arrays.update), the first kept
    assert [len(part.segments) for part in IndexArrays(mine).parts] == [1, 2]
    assert mismatches_with_whoosh(mine) == []


def test_an_update_that_only_deletes(tmp_path: Path, records: list[dict]) -> None:
    mine = _bulk_index(tmp_path / "bulk", records[:60], **OPTIONS)
    theirs = _whoosh_index(tmp_path / "whoosh", records[:60])
    _bulk_update(mine, [5, 6, 59], [], **OPTIONS)
    _whoosh_update(theirs, [5, 6, 59], [])
    assert assert_same_index(theirs, mine) > 1_000
    assert len(IndexArrays(mine).parts) == 1
    assert mismatches_with_whoosh(mine) == []


def test_copies_that_are_no_copies_are_analysed_themselves(
    tmp_path: Path, records: list[dict]
) -> None:
    sample = [dict(f) for f in records[:60]]
    sample[3]["exact"] = "Een eigen tekst met MQ-9 en drones"  # not topic + question + answer
    theirs = _whoosh_index(tmp_path / "whoosh", sample)
    mine = _bulk_index(tmp_path / "bulk", sample, chunk_records=16, **OPTIONS)
    assert assert_same_index(theirs, mine) > 1_000
    assert mismatches_with_whoosh(mine) == []


def test_the_other_stemmer_too(tmp_path: Path, records: list[dict]) -> None:
    sample = records[:80]
    theirs = _whoosh_index(tmp_path / "whoosh", sample, stemmer="nltk")
    mine = _bulk_index(tmp_path / "bulk", sample, stemmer="nltk", **OPTIONS)
    assert assert_same_index(theirs, mine) > 1_000


def test_schemas_it_cannot_write_are_refused(tmp_path: Path) -> None:
    plain = fields.Schema(body=fields.TEXT(analyzer=StandardAnalyzer()), tags=fields.NGRAM())
    ix = whoosh_index.create_in(str(tmp_path), plain)
    with pytest.raises(UnsupportedSchema):
        BulkWriter(ix, tmp_path)
    ix.close()


def test_a_whoosh_column_is_refused(tmp_path: Path) -> None:
    # The writer keeps its columns as int32 arrays (index.schema.COLUMNS), not Whoosh's.
    sortable = fields.Schema(when=fields.NUMERIC(sortable=True), body=fields.STORED())
    ix = whoosh_index.create_in(str(tmp_path), sortable)
    with pytest.raises(UnsupportedSchema, match="when"):
        BulkWriter(ix, tmp_path)
    ix.close()


def test_only_known_fields(tmp_path: Path) -> None:
    ix = whoosh_index.create_in(str(tmp_path), build_schema())
    writer = BulkWriter(ix, tmp_path)
    with pytest.raises(UnsupportedSchema, match="onbekend"):
        writer.add_document(key="x", colour="rood")
    with pytest.raises(UnsupportedSchema, match="alleen tekst"):
        writer.add_document(key="x", answer=["een", "lijst"])
    writer.cancel()
    ix.close()
    assert not (tmp_path / RUNS_DIRNAME).exists()


def test_no_records_after_they_ended(tmp_path: Path, records: list[dict]) -> None:
    ended = tmp_path / "ended"
    ended.mkdir()
    ix = whoosh_index.create_in(str(ended), build_schema())
    writer = BulkWriter(ix, ended, chunk_records=97, **OPTIONS)
    for fields_ in records[:300]:
        writer.add_document(**fields_)
    writer.end_records()
    # What the commit needs of the tables is their terms, no word of them.
    for state in writer.text_fields.values():
        assert state.table.words.words == [] and state.table.term_numbers.numbers == {}
    assert writer.text_fields["answer"].keys()
    with pytest.raises(ValueError, match="afgesloten"):
        writer.add_document(**records[300])
    writer.commit()
    ix.close()
    write_built(ended, writer.part, writer.docnum)
    committed = _bulk_index(tmp_path / "committed", records[:300], chunk_records=97, **OPTIONS)
    assert assert_same_index(committed, ended) > 5_000


def test_an_empty_commit_is_an_empty_index(tmp_path: Path) -> None:
    ix = whoosh_index.create_in(str(tmp_path), build_schema())
    writer = BulkWriter(ix, tmp_path, **OPTIONS)
    writer.commit()
    ix.close()
    assert writer.part is None
    reopened = whoosh_index.open_dir(str(tmp_path))
    assert reopened.doc_count_all() == 0
    reopened.close()
    write_built(tmp_path, writer.part, 0)
    arrays = IndexArrays(tmp_path)
    assert arrays.doc_count_all == 0 and arrays.field("answer").terms() == []
