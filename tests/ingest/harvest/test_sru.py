"""The SRU conversation: the CQL built from the scope, page URLs, answers read or refused."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from ingest.harvest.scope import make_scope
from ingest.harvest.sru import (
    SruError,
    build_query,
    identifier_query,
    page_url,
    parse_page,
    quoted,
)

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "harvest"
PAGE = (FIXTURES / "sru-page.xml").read_bytes()
URL = "https://repository.overheid.nl/sru?query=x"


def fields(scope):
    return scope.kinds, scope.ministries


def test_default_query_asks_for_defence_kamervragen_and_lists_of_questions():
    # Written out by hand from SOURCES.md's index names and KOOP's CQL syntax.
    assert build_query(*fields(make_scope())) == (
        "c.product-area==officielepublicaties AND ("
        '(w.publicatienaam=="Kamervragen (Aanhangsel)" AND w.ontvanger="Defensie") OR '
        '(w.publicatienaam=="Kamerstuk" AND dt.title="Defensie" AND '
        '(dt.title="Lijst van vragen en antwoorden" OR '
        'dt.title="Verslag van een schriftelijk overleg")))'
    )


def test_query_with_dates_several_ministries_and_one_kind():
    scope = make_scope(["kamervragen"], ["Defensie", "Buitenlandse Zaken"])
    query = build_query(*fields(scope), since=date(2024, 1, 1), until=date(2024, 12, 31))
    assert query == (
        'c.product-area==officielepublicaties AND dt.modified>="2024-01-01" AND '
        'dt.modified<="2024-12-31" AND (w.publicatienaam=="Kamervragen (Aanhangsel)" AND '
        '(w.ontvanger="Defensie" OR w.ontvanger="Buitenlandse Zaken"))'
    )


def test_all_ministries_drops_the_ministry_clause():
    query = build_query(*fields(make_scope(["kamerstukken"], ["alle"])))
    assert "Defensie" not in query and 'dt.title="Lijst van vragen en antwoorden"' in query


def test_quotes_and_backslashes_in_a_name_cannot_break_out_of_the_string():
    assert quoted('a"b\\c') == '"a\\"b\\\\c"'
    query = build_query(*fields(make_scope(["kamervragen"], ['x" OR dt.type="y'])))
    assert 'w.ontvanger="x\\" OR dt.type=\\"y"' in query


def test_page_url_carries_the_fixed_parameters_and_keeps_the_endpoints_own():
    url = page_url("https://example.org/sru?x-info=1", "dt.type=Kamerstuk", 101, 100)
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "example.org", "/sru")
    assert parse_qs(parts.query) == {
        "x-info": ["1"],
        "operation": ["searchRetrieve"],
        "version": ["2.0"],
        "recordSchema": ["gzd"],
        "query": ["dt.type=Kamerstuk"],
        "startRecord": ["101"],
        "maximumRecords": ["100"],
    }


def test_a_page_gives_total_next_position_records_and_the_unreadable_one():
    page = parse_page(PAGE, URL)
    assert (page.total, page.next_position) == (12, 4)
    assert [r.identifier for r in page.records] == ["ah-tk-20232024-1314", "kst-36410-X-7"]
    question, paper = page.records
    # The timestamp of tpmeta is preferred to owmskern's date, which the Kamerstuk only has.
    assert question.modified == "2024-03-26T08:30:00.000000+01:00"
    assert paper.modified == "2023-11-03"
    assert question.values("ontvanger") == ("Minister van Onderwijs, Cultuur en Wetenschap",)
    assert question.values("indiener") == ("U. Mutluer", "C. Kostić")
    assert question.values("publicatienaam") == ("Kamervragen (Aanhangsel)",)
    assert set(question.items) == {"html", "metadata", "metadataowms", "pdf", "xml"}
    assert question.items["metadata"].endswith("/ah-tk-20232024-1314/1/metadata/metadata.xml")
    assert set(paper.items) == {"metadata", "xml"}
    assert page.unreadable == [
        (3, "SRU-diagnose: Record temporarily unavailable [info:srw/diagnostic/1/64]")
    ]


def test_earlier_failures_are_asked_for_by_id():
    assert identifier_query(["ah-tk-20232024-1314", "kst-36410-X-7"]) == (
        "c.product-area==officielepublicaties AND "
        '(dt.identifier=="ah-tk-20232024-1314" OR dt.identifier=="kst-36410-X-7")'
    )


def test_without_next_position_the_last_page_is_reached():
    last = PAGE.replace(b"<sru:nextRecordPosition>4</sru:nextRecordPosition>", b"")
    assert parse_page(last, URL).next_position is None


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"<!DOCTYPE html><html><body>Storing</body></html>", "HTML-pagina"),
        (b"\n <html lang='nl'><body>502 Bad Gateway</body></html>", "HTML-pagina"),
        (b"<?xml version='1.0'?><searchRetrieveResponse><rec", "ongeldige XML"),
        (b"", "ongeldige XML"),
        (b"<rss><channel/></rss>", "geen SRU 2.0-antwoord"),
        ((FIXTURES / "sru-diagnostic.xml").read_bytes(), "SRU-diagnose: Query syntax error"),
        (PAGE.replace(b"<sru:numberOfRecords>12</sru:numberOfRecords>", b""), "numberOfRecords"),
    ],
)
def test_an_unusable_answer_is_an_error_naming_the_url_and_the_reason(body, reason):
    with pytest.raises(SruError) as caught:
        parse_page(body, URL)
    assert caught.value.url == URL and reason in caught.value.reason
    assert str(caught.value).startswith(URL + ": ")


def test_the_diagnostic_gives_its_details_and_uri():
    with pytest.raises(SruError) as caught:
        parse_page((FIXTURES / "sru-diagnostic.xml").read_bytes(), URL)
    assert caught.value.reason == (
        "SRU-diagnose: Query syntax error (w.publicatienaam==) [info:srw/diagnostic/1/10]"
    )


def test_an_xml_bomb_is_not_expanded():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b'<searchRetrieveResponse xmlns="http://docs.oasis-open.org/ns/search-ws/sruResponse">'
        b"<numberOfRecords>&b;</numberOfRecords></searchRetrieveResponse>"
    )
    with pytest.raises(SruError):
        parse_page(bomb, URL)
