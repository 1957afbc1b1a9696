"""The exports: every match as CSV (read back with `csv`, checked against a spreadsheet's
rules) and as NDJSON, streamed a chunk of records at a time, also for 10,000 matches."""

from __future__ import annotations

import csv
import io
import json
import math
import tracemalloc
import types
from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from bench.generate import generate
from index.sync import sync_index
from ingest import load
from search.engine import MATCH_CHUNK, SearchEngine
from search.filters import Filters
from search.web import create_app
from search.web.export import COLUMNS, FORMULA_STARTS, neutralised

HEADINGS = [heading for _, heading in COLUMNS]
FORMULA_LETTER = """Datum
\t4 maart 2026

\tBetreft
\tTestbrief over rekenbladen

Onze referentie
TEST0002

Geachte voorzitter,

Vragen en opmerkingen van de leden van de SGP-fractie
Vraag 1
=HYPERLINK("https://example.org";"rekenblad") Wat vindt de minister van dit rekenblad?

Antwoord
@SUM(A1:A9) staat in het rekenblad; het kabinet vindt dit rekenblad onwenselijk.
"""


def csv_rows(client: FlaskClient, url: str) -> list[dict[str, str]]:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    raw = response.data
    assert raw.startswith("\ufeff".encode()), "UTF-8 with a byte order mark, for Excel"
    reader = csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";")
    headings, *rows = list(reader)
    assert headings == HEADINGS
    assert all(len(row) == len(HEADINGS) for row in rows)
    return [dict(zip(HEADINGS, row, strict=True)) for row in rows]


def test_csv_round_trip_has_every_match_and_the_records_text(
    kamervragen_pages: FlaskClient,
) -> None:
    url = "?ministerie=Financi%C3%ABn&sorteer=oudste"
    rows = csv_rows(kamervragen_pages, "/zoeken.csv" + url)
    api = kamervragen_pages.get("/api/zoeken" + url).get_json()
    assert len(rows) == api["total"] > 10  # every match, not the page of 10
    pages = [api["hits"]]
    for page in range(2, api["pagination"]["pages"] + 1):
        pages.append(kamervragen_pages.get(f"/api/zoeken{url}&pagina={page}").get_json()["hits"])
    hits = [hit for page in pages for hit in page]
    assert [row["document"] for row in rows] == [hit["document"] for hit in hits]
    assert [row["antwoord"] for row in rows] == [neutralised(hit["answer"]) for hit in hits]
    dates = [row["datum"] for row in rows]
    assert dates == sorted(dates)  # oldest first, as asked
    # ah-tk-20232024-2367 answers "Vraag 3, 4, 5 en 6" in one block (Minister Heinen).
    block = next(row for row in rows if row["nummers"] == "3, 4, 5, 6")
    assert block["label"] == "Vraag 3, 4, 5 en 6"
    assert block["ministerie"] == "Ministerie van Financiën"
    assert block["bewindspersoon"] == "Minister Heinen"
    assert block["vragenstellers"] == "Van der Lee (GroenLinks-PvdA)"
    assert block["soort"] == "kamervragen"
    assert block["officiële url"] == (
        "https://zoek.officielebekendmakingen.nl/ah-tk-20232024-2367.html"
    )
    assert block["vraagbaak-url"] == "http://localhost/vraag/ah-tk-20232024-2367/3"


def test_ndjson_has_the_same_matches_one_object_per_line(
    kamervragen_pages: FlaskClient,
) -> None:
    url = "?lid=van-der-lee&sorteer=nieuwste"
    response = kamervragen_pages.get("/zoeken.ndjson" + url)
    assert response.status_code == 200 and response.mimetype == "application/x-ndjson"
    records = [json.loads(line) for line in response.get_data(as_text=True).splitlines()]
    rows = csv_rows(kamervragen_pages, "/zoeken.csv" + url)
    assert [r["numbers"] for r in records] == [[1], [2], [3, 4, 5, 6], [7, 8, 9, 10, 11], [12]]
    assert [r["askers"] for r in records] == [
        [{"name": "Van der Lee", "party": "GroenLinks-PvdA"}]
    ] * 5
    assert [r["document"] for r in records] == [row["document"] for row in rows]
    assert set(records[0]) == {key for key, _ in COLUMNS}


@pytest.mark.parametrize("sort", ["relevantie", "nieuwste", "oudste"])
def test_an_export_keeps_the_order_of_the_pages(kamervragen_pages: FlaskClient, sort: str) -> None:
    url = f"/zoeken.ndjson?q=minister&sorteer={sort}"
    lines = kamervragen_pages.get(url).get_data(as_text=True).splitlines()
    exported = [(r["document"], r["numbers"]) for r in map(json.loads, lines)]
    paged, page, pages = [], 1, 1
    while page <= pages:
        api = kamervragen_pages.get(f"/api/zoeken?q=minister&sorteer={sort}&pagina={page}")
        pages = api.get_json()["pagination"]["pages"]
        paged += [(hit["document"], hit["numbers"]) for hit in api.get_json()["hits"]]
        page += 1
    assert len(exported) > 20
    assert exported == paged


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_a_cell_that_a_spreadsheet_would_run_gets_a_quote(start: str) -> None:
    assert neutralised(f"{start}1+1") == f"'{start}1+1"
    assert neutralised(f"x{start}1") == f"x{start}1"


def test_formulas_in_a_letter_are_neutralised_in_the_csv(index_root: Path, tmp_path: Path) -> None:
    letter = tmp_path / "brief" / "brief.txt"
    letter.parent.mkdir()
    letter.write_text(FORMULA_LETTER, encoding="utf-8")
    sync_index(load([letter]).documents, index_root)
    client = create_app({"TESTING": True, "INDEX_DIR": index_root}).test_client()
    [row] = csv_rows(client, "/zoeken.csv?q=rekenblad")
    assert row["vraag"].startswith("'=HYPERLINK(")
    assert row["antwoord"].startswith("'@SUM(A1:A9)")
    # NDJSON is data for programs: the text as it is.
    [record] = client.get("/zoeken.ndjson?q=rekenblad").get_data(as_text=True).splitlines()
    assert json.loads(record)["question"].startswith("=HYPERLINK(")


@pytest.fixture(scope="session")
def large_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated corpus of 10,000 questions (bench.generate), indexed once."""
    root = tmp_path_factory.mktemp("large")
    generate(10_000, root / "corpus", seed=1)
    sync_index(load([root / "corpus"]).documents, root / "index")
    return root / "index"


def streamed(app: Flask, url: str) -> tuple[int, int, int]:
    """Send `url`'s export as a server would, piece by piece: how many pieces, how many
    bytes, and the most memory Python held at once while sending (tracemalloc)."""
    tracemalloc.start()
    try:
        with app.test_request_context(url):
            response = app.full_dispatch_request()
            assert response.status_code == 200 and response.is_streamed
            # Flask's own response around a generator: nothing is read before it is sent.
            assert isinstance(response.response, types.GeneratorType)
            pieces = size = 0
            for piece in response.response:
                pieces += 1
                size += len(piece)
            response.close()
        return pieces, size, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_an_export_of_ten_thousand_matches_streams_in_bounded_memory(large_index: Path) -> None:
    every = "/zoeken.csv?q=leden&sorteer=nieuwste"
    recent = every + "&van=2024-01-01"  # the same search, its last two years and a bit
    engine = SearchEngine(large_index)
    total = engine.search("leden").total
    part = engine.search("leden", filters=Filters(first_day=date(2024, 1, 1))).total
    assert total > 9_000 and 1_000 < part < total / 3
    app = create_app({"TESTING": True, "INDEX_DIR": large_index})
    app.test_client().get("/zoeken?q=leden")  # the index opened and warm, as in a server
    pieces, size, peak = streamed(app, every)
    part_pieces, part_size, part_peak = streamed(app, recent)
    # The headings, then one piece per chunk of records: never the whole list at once.
    assert pieces == 1 + math.ceil(total / MATCH_CHUNK)
    assert part_pieces == 1 + math.ceil(part / MATCH_CHUNK)
    assert size > 3 * part_size
    # Memory is that of a chunk, not of the matches: three times as much to send costs
    # hardly more (holding the records would cost several times their CSV text).
    assert peak < 1.5 * part_peak, (peak, part_peak)
    assert peak < size / 3, (peak, size)
