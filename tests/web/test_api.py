"""The JSON twins: same parameters as the pages, the CLI's JSON shape, JSON errors."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlencode

import pytest
from flask.testing import FlaskClient

from search.cli import main
from search.engine import SearchEngine
from tests.conftest import SAMPLE_ID


def get_json(client: FlaskClient, url: str, status: int = 200) -> dict:
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:1000]
    assert response.mimetype == "application/json"
    return response.get_json()


def test_search_json_equals_the_cli(
    client: FlaskClient, index_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = get_json(client, "/api/zoeken?q=MQ-9")
    assert body.pop("pagination") == {"page": 1, "pages": 1, "per_page": 10, "total": 3}
    assert main(["--index", str(index_root), "search", "MQ-9", "--json"]) == 0
    assert body == json.loads(capsys.readouterr().out)


def test_search_json_keeps_facet_order(client: FlaskClient) -> None:
    body = get_json(client, "/api/zoeken?q=MQ-9")
    assert list(body["facets"]["party"].items()) == [("SGP", 2), ("GroenLinks-PvdA", 1)]


def test_search_json_party_filter_and_paging(client: FlaskClient, engine: SearchEngine) -> None:
    body = get_json(client, "/api/zoeken?q=MQ-9&partij=SGP")
    assert [(h["kind"], h["number"]) for h in body["hits"]] == [
        ("question", 38),
        ("preamble", None),
    ]
    total = engine.search("NAVO").total
    second = get_json(client, "/api/zoeken?q=NAVO&pagina=2&sorteer=datum")
    expected = engine.search("NAVO", sort="datum", offset=10).to_json()
    assert second["hits"] == expected["hits"]
    assert second["pagination"]["page"] == 2 and second["pagination"]["total"] == total


def test_question_json(client: FlaskClient) -> None:
    body = get_json(client, f"/api/vraag/{SAMPLE_ID}/10")
    assert body["number"] == 10 and body["refers_to"] == [1]
    assert [r["number"] for r in body["refers_to_records"]] == [1]
    assert body["document_info"]["id"] == SAMPLE_ID
    assert isinstance(body["similar"], list)


def test_document_json(client: FlaskClient) -> None:
    body = get_json(client, f"/api/document/{SAMPLE_ID}")
    assert body["id"] == SAMPLE_ID
    assert [r["number"] for r in body["records"] if r["kind"] == "question"] == list(range(1, 42))


def test_documents_json(client: FlaskClient) -> None:
    assert [d["id"] for d in get_json(client, "/api/documenten")["documents"]] == [SAMPLE_ID]


@pytest.mark.parametrize(
    ("url", "status", "fragment"),
    [
        ("/api/zoeken?q=%22open", 400, "aanhalingsteken"),
        ("/api/zoeken?q=MQ-9&partij=Piratenpartij", 400, "Bekende partijen: CDA, D66"),
        ("/api/zoeken?q=MQ-9&pagina=abc", 400, "paginanummer"),
        ("/api/zoeken?q=MQ-9&pagina=2", 400, "Pagina 2 bestaat niet"),
        ("/api/zoeken?q=", 400, "zoekterm"),
        ("/api/zoeken?q=MQ-9&document=onbekend", 400, "Onbekend document"),
        (f"/api/vraag/{SAMPLE_ID}/99", 404, "Vraag 99"),
        ("/api/document/onbekend", 404, "onbekend"),
        ("/api/bestaat-niet", 404, "bestaat niet"),
    ],
)
def test_json_errors(client: FlaskClient, url: str, status: int, fragment: str) -> None:
    body = get_json(client, url, status)
    assert list(body) == ["error"]
    assert fragment in body["error"]


@pytest.mark.parametrize("query", ["MQ-9", "NAVO", "Groenland OF Oekraïne"])
def test_facet_counts_equal_per_party_totals(client: FlaskClient, query: str) -> None:
    facets = get_json(client, "/api/zoeken?" + urlencode({"q": query}))["facets"]["party"]
    assert facets, "the query should hit at least one party"
    for party, count in facets.items():
        filtered = get_json(client, "/api/zoeken?" + urlencode({"q": query, "partij": party}))
        assert filtered["total"] == count, party
        # The facet ignores its own filter: choosing a party leaves the counts as they were.
        assert filtered["facets"]["party"] == facets


def test_api_never_shows_the_servers_file_paths(client):
    from tests.conftest import SAMPLE_ID

    for url in (f"/api/document/{SAMPLE_ID}", f"/api/vraag/{SAMPLE_ID}/1", "/api/documenten"):
        body = client.get(url).get_data(as_text=True)
        assert "2026-02-10_beantwoording" in body, url
        assert "/data/corpus/" not in body, url


def test_site_answers_from_the_old_index_during_an_ingest_and_the_new_one_after(
    client: FlaskClient, index_root
) -> None:
    from pathlib import Path

    from index.build import update_index
    from ingest import load

    pdf = Path(__file__).resolve().parents[1] / "fixtures/aanhangsel/ah-tk-20232024-1292.pdf"
    documents = load([pdf]).documents
    during: list[tuple[int, int]] = []

    def ask_the_site(done: int, total: int) -> None:
        if done == total // 2:  # half-way through writing the new generation
            response = client.get("/api/zoeken?q=woningzoekenden")
            during.append((response.status_code, response.get_json()["total"]))

    update_index(index_root, documents, progress=ask_the_site)
    assert during == [(200, 0)]  # the old index, still whole, still answering
    after = client.get("/api/zoeken?q=woningzoekenden").get_json()
    assert after["total"] >= 1 and after["hits"][0]["document"] == "ah-tk-20232024-1292"


# A draft question about a subject of answers 6 and 33 (the MQ-9 Reaper and its
# munitions), written without the letter's wording.
DRAFT = (
    "Kan de minister aangeven hoeveel Reaper toestellen en welke munitie Nederland de "
    "komende jaren wil aanschaffen, en wat dat kost?"
)


def test_find_by_example_json_equals_the_cli_and_takes_the_filters(
    client: FlaskClient, index_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = get_json(client, "/api/zoeken?" + urlencode({"lijkt_op": DRAFT}))
    pagination = body.pop("pagination")
    assert body["total"] == pagination["total"] > 0 and body["expansions"] == []
    assert main(["--index", str(index_root), "search", "--like", DRAFT, "--json"]) == 0
    assert body == json.loads(capsys.readouterr().out)
    party = next(iter(body["facets"]["party"]))
    only = get_json(client, "/api/zoeken?" + urlencode({"lijkt_op": DRAFT, "partij": party}))
    assert only["total"] == body["facets"]["party"][party]
    assert all(party in hit["parties"] for hit in only["hits"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"lijkt_op": DRAFT, "q": "drone"}, "Geef q of lijkt_op op, niet allebei."),
        ({"lijkt_op": "x" * 2001}, "De tekst is te lang (2001 tekens); het maximum is 2000."),
    ],
)
def test_find_by_example_errors_are_dutch(client: FlaskClient, args, message) -> None:
    assert get_json(client, "/api/zoeken?" + urlencode(args), status=400) == {"error": message}
