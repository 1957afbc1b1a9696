"""The one-pass collector: exact top hits among the allowed, and every match counted."""

from __future__ import annotations

import pytest

from search.collect import MatchRecordingCollector, top_hits
from search.query import matching_part, parse_query

QUERIES = [
    "NAVO",
    "militaire steun",
    "motie Klaver",
    '"militaire mobiliteit"',
    "drone*",
    "Oekraïne",
]


@pytest.fixture
def live(engine):
    return engine._live()


@pytest.mark.parametrize("text", QUERIES)
def test_every_match_is_counted_and_the_top_is_exact(live, text):
    searcher = live.searcher()
    query = parse_query(live.parser, text, expand=True).query
    collector = MatchRecordingCollector(5)
    searcher.search_with_collector(query, collector)
    assert set(collector.matched) == set(searcher.docs_for_query(matching_part(query)))
    # limit=None scores every match: the reference ranking.
    everything = searcher.search(query, limit=None)
    expected = [round(hit.score, 6) for hit in everything][:5]
    assert [round(hit.score, 6) for hit in collector.results()] == expected
    assert [round(h.score, 6) for h in top_hits(searcher, query, 5)] == expected


def test_only_allowed_documents_reach_the_page(live, engine):
    searcher = live.searcher()
    query = parse_query(live.parser, "NAVO", expand=True).query
    sgp = set(live.party_docs()["SGP"])
    collector = MatchRecordingCollector(10, allowed=sgp)
    searcher.search_with_collector(query, collector)
    page = [hit.docnum for hit in collector.results()]
    assert page and set(page) <= sgp
    assert len(set(collector.matched)) > len(page)  # the others were counted all the same
    assert len(set(collector.matched) & sgp) == engine.search("NAVO", parties=["SGP"]).total
