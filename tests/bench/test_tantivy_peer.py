"""The tantivy peer on the bundled letter: what it finds, checked against the records."""

from __future__ import annotations

import re
import unicodedata

import pytest

from bench.internals import BUNDLED_CORPUS
from bench.tantivy_peer import TantivyPeer
from ingest import load


def _fold(text: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c)
    )


@pytest.fixture(scope="module")
def records():
    return [r for d in load([BUNDLED_CORPUS]).documents for r in d.records]


@pytest.fixture(scope="module")
def peer(tmp_path_factory, records) -> TantivyPeer:
    path = tmp_path_factory.mktemp("tantivy") / "index"
    built = TantivyPeer(path, create=True)
    assert built.build(load([BUNDLED_CORPUS]).documents) == len(records)
    return TantivyPeer(path)  # opened again, as the server and the benchmark open it


def _text(record) -> str:
    return _fold(f"{record.topic or ''} {record.question} {record.answer}")


def test_a_code_finds_exactly_the_records_that_name_it(peer, records) -> None:
    expected = {r.key for r in records if re.search(r"\bmq-9", _text(r))}
    page = peer.page("MQ-9", limit=50)
    assert expected and {hit.key for hit in page.hits} == expected
    assert page.total == len(expected)
    assert all("<b>" in hit.snippet for hit in page.hits)


def test_the_party_filter_and_the_facet(peer, records) -> None:
    matching = [r for r in records if "oekrain" in _text(r)]
    page = peer.page("Oekraïne", limit=50, party="VVD")
    assert {h.key for h in page.hits} == {r.key for r in matching if "VVD" in r.parties}
    facet: dict[str, int] = {}
    for record in matching:
        for party in record.parties:
            facet[party] = facet.get(party, 0) + 1
    assert page.counts == facet  # over the whole query, without the filter


def test_a_prefix_is_expanded_over_the_terms(peer, records) -> None:
    # Terms are stems, so a word counts when it starts with the prefix (luchtruim, lucht).
    expected = {r.key for r in records if re.search(r"\blucht", _text(r))}
    found = {hit.key for hit in peer.page("lucht*", limit=50).hits}
    assert expected and found == expected
    assert peer.page("luchtxyz*").total == 0


def test_a_phrase_needs_its_words_in_order(peer, records) -> None:
    expected = {r.key for r in records if "militaire mobiliteit" in _text(r)}
    assert {h.key for h in peer.page('"militaire mobiliteit"', limit=50).hits} == expected
    assert peer.page('"mobiliteit militaire"').total < len(expected)


def test_a_record_by_key(peer, records) -> None:
    record = records[5]
    stored = peer.record(record.key)
    assert stored is not None and stored["question"] == record.question
    assert stored["party"] == ",".join(record.parties)
    assert peer.record("geen/0") is None
