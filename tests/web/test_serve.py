"""`vraagbaak serve`: builds an index when there is none, then hands the app to waitress."""

from __future__ import annotations

from pathlib import Path

import pytest
import waitress

from search.cli import main
from search.engine import SearchEngine


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> dict:
    calls: dict = {}

    def fake_serve(app, host: str, port: int) -> None:
        calls.update(app=app, host=host, port=port)

    monkeypatch.setattr(waitress, "serve", fake_serve)
    return calls


def test_serve_builds_the_bundled_index_first(
    tmp_path: Path, served: dict, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "nieuw"
    assert main(["--index", str(root), "serve", "--port", "8123"]) == 0
    assert SearchEngine(root).stats()["questions"] == 41
    out = capsys.readouterr().out
    assert "Vraagbaak draait op http://127.0.0.1:8123/" in out
    assert (served["host"], served["port"]) == ("127.0.0.1", 8123)
    assert not served["app"].debug
    assert served["app"].test_client().get("/zoeken?q=MQ-9").status_code == 200


def test_serve_uses_an_existing_index(
    index_root: Path, served: dict, capsys: pytest.CaptureFixture[str]
) -> None:
    before = sorted(p.name for p in index_root.iterdir())
    assert main(["--index", str(index_root), "serve", "--host", "0.0.0.0"]) == 0
    assert sorted(p.name for p in index_root.iterdir()) == before
    assert "Nog geen index" not in capsys.readouterr().out
    assert (served["host"], served["port"]) == ("0.0.0.0", 8000)
