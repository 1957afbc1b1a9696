"""`vraagbaak serve`: builds an index when there is none, then serves it: gunicorn with a
worker per core by default, waitress in one process with --workers 1."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import waitress

from search.cli import main
from search.engine import SearchEngine
from search.web import server
from tests.browser.test_browser import free_port, wait_until_listening


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> dict:
    calls: dict = {}

    def fake_waitress(app, host: str, port: int) -> None:
        calls.update(server="waitress", app=app, host=host, port=port)

    def fake_gunicorn(settings, host: str, port: int, workers: int) -> None:
        calls.update(server="gunicorn", settings=settings, host=host, port=port, workers=workers)

    monkeypatch.setattr(waitress, "serve", fake_waitress)
    monkeypatch.setattr(server, "_gunicorn", fake_gunicorn)
    return calls


def test_serve_builds_the_bundled_index_first(
    tmp_path: Path, served: dict, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "nieuw"
    port = free_port()
    assert main(["--index", str(root), "serve", "--port", str(port), "--workers", "1"]) == 0
    assert SearchEngine(root).stats()["questions"] == 41
    out = capsys.readouterr().out
    assert f"Vraagbaak draait op http://127.0.0.1:{port}/" in out
    assert (served["server"], served["host"], served["port"]) == ("waitress", "127.0.0.1", port)
    assert not served["app"].debug
    assert served["app"].test_client().get("/zoeken?q=MQ-9").status_code == 200


def test_serve_defaults_to_a_gunicorn_worker_per_core(
    index_root: Path, served: dict, capsys: pytest.CaptureFixture[str]
) -> None:
    before = sorted(p.name for p in index_root.iterdir())
    port = free_port()
    assert (
        main(["--index", str(index_root), "serve", "--host", "0.0.0.0", "--port", str(port)]) == 0
    )
    assert sorted(p.name for p in index_root.iterdir()) == before
    assert "Nog geen index" not in capsys.readouterr().out
    assert served["server"] == "gunicorn"
    assert (served["host"], served["port"]) == ("0.0.0.0", port)
    assert served["workers"] == server.default_workers()
    assert served["settings"] == {"INDEX_DIR": index_root}


def test_a_port_in_use_is_one_dutch_line(
    index_root: Path, served: dict, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["--index", str(index_root), "serve", "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert f"Poort {port} op 127.0.0.1 is al in gebruik" in err
    assert "Traceback" not in err
    assert served == {}


def test_zero_workers_is_refused(
    index_root: Path, served: dict, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--index", str(index_root), "serve", "--workers", "0"]) == 2
    assert "--workers moet minstens 1 zijn" in capsys.readouterr().err
    assert served == {}


def test_gunicorn_really_serves_with_two_worker_processes(index_root: Path, tmp_path: Path):
    port = free_port()
    command = [sys.executable, "-m", "search.cli", "--index", str(index_root), "serve"]
    with (tmp_path / "serve.log").open("w") as log:
        process = subprocess.Popen(
            [*command, "--port", str(port), "--workers", "2"], stdout=log, stderr=subprocess.STDOUT
        )
        try:
            wait_until_listening(port, process)
            url = f"http://127.0.0.1:{port}/api/zoeken?q=MQ-9"
            answers = [json.load(urllib.request.urlopen(url, timeout=30)) for _ in range(4)]
            assert {a["total"] for a in answers} == {answers[0]["total"]} and answers[0]["total"]
            assert len(_children(process.pid)) == 2
        finally:
            process.send_signal(signal.SIGTERM)
            status = process.wait(timeout=30)
    assert status == 0, (tmp_path / "serve.log").read_text()


def _children(pid: int) -> list[int]:
    deadline = time.monotonic() + 10
    while True:  # workers may still be starting
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        if len(children) >= 2 or time.monotonic() > deadline:
            return [int(c) for c in children]
        time.sleep(0.1)


def test_a_worker_warms_its_engine_before_the_first_visitor(index_root: Path, tmp_path: Path):
    from search.web import create_app
    from search.web.service import ENGINE_KEY

    app = server._warmed(create_app({"INDEX_DIR": index_root}))
    live = app.extensions[ENGINE_KEY]._open
    assert live is not None and "party" in live._values  # the facet's records per party
    assert {"known_parties", "vocabulary", "date_rank"} <= set(vars(live))
    empty = server._warmed(create_app({"INDEX_DIR": tmp_path / "geen-index"}))
    assert empty.extensions[ENGINE_KEY]._open is None  # nothing to warm, and no error
