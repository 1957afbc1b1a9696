"""Web fixtures: an app over a private copy of the bundled corpus's index."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from index.sync import sync_index
from ingest import load
from search.web import create_app
from search.web.service import ENGINE_KEY

XSS = "<script>alert(1)</script>"

# The bundled letter's layout, cut to one question whose text carries markup.
XSS_LETTER = f"""Datum
\t3 maart 2026

\tBetreft
\tTestbrief over {XSS} zaken

Onze referentie
TEST0001

Geachte voorzitter,

Vragen en opmerkingen van de leden van de SGP-fractie
Vraag 1
Wat vindt de minister van {XSS} in de kazerne?

Antwoord
Het kabinet vindt {XSS} onwenselijk in de kazerne.
"""
XSS_ID = "2026-03-03-test0001"


@pytest.fixture
def app(index_root: Path) -> Iterator[Flask]:
    app = create_app({"TESTING": True, "INDEX_DIR": index_root})
    yield app
    app.extensions[ENGINE_KEY].close()  # its readers and mapped arrays, not at collection


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def xss_index(index_root: Path, tmp_path: Path) -> Path:
    """The test's index with one more letter whose question and answer contain <script>."""
    letter = tmp_path / "xss" / "brief.txt"
    letter.parent.mkdir()
    letter.write_text(XSS_LETTER, encoding="utf-8")
    report = load([letter])
    assert [d.id for d in report.documents] == [XSS_ID], report.warnings
    sync_index(report.documents, index_root)
    return index_root


@pytest.fixture
def kamervragen_pages(kamervragen_index: Path) -> Iterator[FlaskClient]:
    """The site over the sample and the ten Aanhangsel letters (tests/conftest.py)."""
    app = create_app({"TESTING": True, "INDEX_DIR": kamervragen_index})
    yield app.test_client()
    app.extensions[ENGINE_KEY].close()
