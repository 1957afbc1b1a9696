"""Security headers on every kind of response, no inline script or style to need them lifted,
a malformed Host refused in Dutch, and no redirect that names the request's Host."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from search.web.security import BAD_HOST_MESSAGE, is_valid_host, relative_location
from tests.conftest import SAMPLE_ID


def assert_security_headers(response: TestResponse) -> None:
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize(
    ("method", "url", "status"),
    [
        ("GET", "/", 200),
        ("GET", "/zoeken?q=MQ-9", 200),
        ("GET", f"/vraag/{SAMPLE_ID}/1", 200),
        ("GET", "/zoeken?q=%22", 400),
        ("GET", "/bestaat-niet", 404),
        ("GET", "/api/zoeken?q=MQ-9", 200),
        ("GET", "/api/zoeken?q=MQ-9&pagina=0", 400),
        ("GET", "/api/document/onbekend", 404),
        ("GET", "/static/vraagbaak.css", 200),
        ("HEAD", "/static/vraagbaak.css", 200),
        ("HEAD", "/", 200),
        ("OPTIONS", "/zoeken", 200),
        ("GET", "/zoeken?q=", 302),
        ("GET", "/static//vraagbaak.css", 308),
        ("POST", "/zoeken?q=MQ-9", 405),
        ("DELETE", "/api/zoeken?q=MQ-9", 405),
    ],
)
def test_headers_on_every_response(client: FlaskClient, method: str, url: str, status: int):
    response = client.open(url, method=method)
    assert response.status_code == status
    assert_security_headers(response)
    response.close()


def test_a_405_says_which_methods_are_allowed(client: FlaskClient) -> None:
    for url in ("/zoeken?q=MQ-9", "/api/zoeken?q=MQ-9"):
        response = client.post(url)
        assert response.status_code == 405
        assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    assert "kan zo niet worden opgevraagd" in client.post("/zoeken").get_data(as_text=True)
    assert client.options("/zoeken").headers["Allow"]


@pytest.mark.parametrize("url", ["/", "/zoeken?q=MQ-9", f"/vraag/{SAMPLE_ID}/10", "/bestaat-niet"])
def test_no_inline_script_or_style(client: FlaskClient, url: str) -> None:
    page = client.get(url).get_data(as_text=True)
    assert re.findall(r"<script(?![^>]*\ssrc=)[^>]*>", page) == []
    assert "<style" not in page
    assert not re.search(r"\sstyle=", page)
    assert not re.search(r"\son[a-z]+=", page)  # no inline event handlers either


BAD_HOSTS = [
    "a..b",
    "a" * 64 + ".example",  # a label of 64 characters
    ".".join(["abcdefghi"] * 26),  # 259 characters
    "bad host",
    "évil.example",  # a browser sends the punycode form
    "host/evil",
    "-start.example",
    "host:99999",
    "host:0",
    "host:",
    "host:80:80",
    "[::1",
    "[not-ipv6]",
    "[::1]x",
    "",
]


@pytest.mark.parametrize("host", BAD_HOSTS)
@pytest.mark.parametrize("url", ["/", "/zoeken?q=MQ-9", "/static//vraagbaak.css", "/bestaat-niet"])
def test_a_malformed_host_is_a_dutch_400(client: FlaskClient, host: str, url: str) -> None:
    response = client.get(url, headers={"Host": host})
    assert response.status_code == 400
    assert response.mimetype == "text/html"
    assert_security_headers(response)
    page = response.get_data(as_text=True)
    assert BAD_HOST_MESSAGE in page and "<h1>Ongeldige aanvraag</h1>" in page
    assert "Location" not in response.headers


@pytest.mark.parametrize("host", ["a..b", "a" * 64])
def test_a_malformed_host_under_the_api_is_json(client: FlaskClient, host: str) -> None:
    response = client.get("/api/zoeken?q=MQ-9", headers={"Host": host})
    assert response.status_code == 400
    assert response.get_json() == {"error": BAD_HOST_MESSAGE}
    assert_security_headers(response)


@pytest.mark.parametrize(
    "host",
    [
        "localhost",
        "localhost:8000",
        "127.0.0.1:8000",
        "[::1]:8000",
        "[::1]",
        "vraagbaak.defensie.example.",
        "Vraagbaak.Example",
        "xn--vril-6oa.example",
        "zoek_server",
        "a" * 63 + ".example",
    ],
)
def test_a_wellformed_host_is_served(client: FlaskClient, host: str) -> None:
    assert is_valid_host(host)
    assert client.get("/zoeken?q=MQ-9", headers={"Host": host}).status_code == 200


@pytest.mark.parametrize(
    ("url", "location"),
    [
        ("/static//vraagbaak.css", "/static/vraagbaak.css"),  # werkzeug merges the slashes
        ("/static///vraagbaak.css", "/static/vraagbaak.css"),
        ("/zoeken?q=", "/"),
        ("/zoeken?q=+", "/"),
    ],
)
def test_redirects_never_echo_the_host(client: FlaskClient, url: str, location: str) -> None:
    path, _, query = url.partition("?")
    # PATH_INFO as a server hands it over: the test client would read "//x" as a host.
    response = client.get(
        "/",
        query_string=query,
        headers={"Host": "evil.example"},
        environ_overrides={"PATH_INFO": path},
    )
    assert response.status_code in (301, 302, 307, 308)
    assert response.headers["Location"] == location
    assert_security_headers(response)


@pytest.mark.parametrize(
    ("location", "relative"),
    [
        ("http://evil.example/static/x.css", "/static/x.css"),
        ("https://evil.example:8443//x?q=1#a", "/x?q=1#a"),
        ("//evil.example/x", "/x"),
        ("/\\evil.example/x", "/evil.example/x"),
        ("http://evil.example", "/"),
        ("/zoeken?q=MQ-9", "/zoeken?q=MQ-9"),
        ("zoeken?pagina=2", "zoeken?pagina=2"),
    ],
)
def test_relative_location(location: str, relative: str) -> None:
    assert relative_location(location) == relative
