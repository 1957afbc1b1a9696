"""Bad input never gives a 500; every error is a Dutch page with the right status."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from search.engine import SearchEngine
from search.web import create_app
from search.web.service import ENGINE_KEY
from tests.conftest import SAMPLE_ID


def error_page(client: FlaskClient, url: str, status: int) -> str:
    response = client.get(url)
    assert response.status_code == status
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "Traceback" not in page and 'File "' not in page
    return page


def test_malformed_query_explains_and_keeps_the_query(client: FlaskClient) -> None:
    page = error_page(client, "/zoeken?q=%22schaduwvloot", 400)
    assert "Er ontbreekt een aanhalingsteken" in page
    assert 'value="&#34;schaduwvloot"' in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("NIET", "Na NIET ontbreekt een zoekterm"),
        ("(drone", "sluithaakje"),
        ("*drone", "met * of ?"),
    ],
)
def test_other_syntax_errors(client: FlaskClient, query: str, message: str) -> None:
    assert message in error_page(client, f"/zoeken?q={query}", 400)


def test_unknown_party_lists_the_known_ones(client: FlaskClient, engine: SearchEngine) -> None:
    page = error_page(client, "/zoeken?q=MQ-9&partij=Piratenpartij", 400)
    assert "Onbekende partij" in page
    for party in engine.known_parties():
        assert f">{party}</a>" in page


@pytest.mark.parametrize("page", ["abc", "0", "-3"])
def test_bad_page_numbers(client: FlaskClient, page: str) -> None:
    assert "paginanummer" in error_page(client, f"/zoeken?q=MQ-9&pagina={page}", 400)


def test_page_past_the_last(client: FlaskClient, engine: SearchEngine) -> None:
    last = -(-engine.search("NAVO").total // 10)
    error_page(client, f"/zoeken?q=NAVO&pagina={last}", 200)
    assert "bestaat niet" in error_page(client, f"/zoeken?q=NAVO&pagina={last + 1}", 400)


def test_page_two_of_nothing_is_an_error_page_one_is_not(client: FlaskClient) -> None:
    assert "Geen resultaten" in error_page(client, "/zoeken?q=xyzzyq", 200)


def test_too_long_query(client: FlaskClient) -> None:
    page = error_page(client, "/zoeken?q=" + "a" * 501, 400)
    assert "te lang (501 tekens)" in page


def test_unknown_sort_and_document(client: FlaskClient) -> None:
    assert "sortering" in error_page(client, "/zoeken?q=MQ-9&sorteer=alfabet", 400)
    assert "Onbekend document" in error_page(client, "/zoeken?q=MQ-9&document=x", 400)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (f"/vraag/{SAMPLE_ID}/99", "Vraag 99 staat niet in document"),
        ("/vraag/onbekend/1", "Vraag 1 staat niet in document"),
        ("/document/onbekend", "staat niet in de index"),
        ("/bestaat-niet", "Deze pagina bestaat niet"),
        (f"/vraag/{SAMPLE_ID}/abc", "Deze pagina bestaat niet"),
    ],
)
def test_not_found_pages_in_dutch(client: FlaskClient, url: str, message: str) -> None:
    page = error_page(client, url, 404)
    assert "<h1>Niet gevonden</h1>" in page and message in page


def test_method_not_allowed(client: FlaskClient) -> None:
    assert client.post("/zoeken?q=MQ-9").status_code == 405


def test_unexpected_failure_is_a_calm_500(app: Flask, client: FlaskClient, monkeypatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(app.extensions[ENGINE_KEY], "search", broken)
    page = error_page(client, "/zoeken?q=MQ-9", 500)
    assert "Er ging iets mis" in page and "secret internal detail" not in page
    body = client.get("/api/zoeken?q=MQ-9")
    assert body.status_code == 500 and body.get_json() == {"error": body.get_json()["error"]}
    assert "secret" not in body.get_json()["error"]


def test_missing_index_is_explained(tmp_path) -> None:
    client = create_app({"TESTING": True, "INDEX_DIR": tmp_path / "leeg"}).test_client()
    assert "vraagbaak ingest" in error_page(client, "/", 503)
    assert client.get("/api/zoeken?q=MQ-9").status_code == 503
