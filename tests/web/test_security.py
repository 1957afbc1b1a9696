"""Security headers on every kind of response, and no inline script or style to need them lifted."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient

from tests.conftest import SAMPLE_ID


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/", 200),
        ("/zoeken?q=MQ-9", 200),
        (f"/vraag/{SAMPLE_ID}/1", 200),
        ("/zoeken?q=%22", 400),
        ("/bestaat-niet", 404),
        ("/api/zoeken?q=MQ-9", 200),
        ("/api/zoeken?q=MQ-9&pagina=0", 400),
        ("/api/document/onbekend", 404),
        ("/static/vraagbaak.css", 200),
    ],
)
def test_headers_on_every_response(client: FlaskClient, url: str, status: int) -> None:
    response = client.get(url)
    assert response.status_code == status
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    response.close()


@pytest.mark.parametrize("url", ["/", "/zoeken?q=MQ-9", f"/vraag/{SAMPLE_ID}/10", "/bestaat-niet"])
def test_no_inline_script_or_style(client: FlaskClient, url: str) -> None:
    page = client.get(url).get_data(as_text=True)
    assert re.findall(r"<script(?![^>]*\ssrc=)[^>]*>", page) == []
    assert "<style" not in page
    assert not re.search(r"\sstyle=", page)
    assert not re.search(r"\son[a-z]+=", page)  # no inline event handlers either
