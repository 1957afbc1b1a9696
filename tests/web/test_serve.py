"""`vraagbaak serve`: checks its address first, builds an index when there is none, then serves
it with waitress in a worker process per core; against the real process over real sockets:
slow clients, the server's own error replies, a killed worker, a clean stop."""

from __future__ import annotations

import http.client
import logging
import shutil
import signal
import socket
import struct
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.http_load import worker_connections
from bench.slow_clients import SlowClients
from search.cli import main
from search.engine import SearchEngine
from search.web import create_app, server
from search.web.security import BAD_HOST_MESSAGE
from tests.browser.conftest import free_port, wait_until_listening

SECURITY_HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options")


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> dict:
    """`server.serve` replaced by a recorder: what the command would have served."""
    calls: dict = {}

    def record(settings, sock: socket.socket, workers: int) -> None:
        calls.update(settings=settings, address=sock.getsockname()[:2], workers=workers)

    monkeypatch.setattr(server, "serve", record)
    return calls


def serve_args(index: Path, *args: str) -> list[str]:
    return ["--index", str(index), "serve", *args]


def test_serve_builds_the_bundled_index_first(
    tmp_path: Path, served: dict, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "nieuw"
    port = free_port()
    assert main(serve_args(root, "--port", str(port), "--workers", "1")) == 0
    assert SearchEngine(root).stats()["questions"] == 41
    out, err = capsys.readouterr()
    assert f"Vraagbaak draait op http://127.0.0.1:{port}/" in out
    assert err == ""  # no network warning on localhost
    assert served["address"] == ("127.0.0.1", port) and served["workers"] == 1
    app = create_app(served["settings"])
    assert not app.debug
    assert app.test_client().get("/zoeken?q=MQ-9").status_code == 200


def test_serve_defaults_to_a_worker_per_core_and_warns_beyond_localhost(
    index_root: Path, served: dict, capsys: pytest.CaptureFixture[str]
) -> None:
    before = sorted(p.name for p in index_root.iterdir())
    port = free_port()
    assert main(serve_args(index_root, "--host", "0.0.0.0", "--port", str(port))) == 0
    assert sorted(p.name for p in index_root.iterdir()) == before
    out, err = capsys.readouterr()
    assert "Nog geen index" not in out
    assert "vanaf het netwerk bereikbaar" in err and "--host 127.0.0.1" in err
    assert served["address"] == ("0.0.0.0", port)
    assert served["workers"] == server.default_workers()
    assert served["settings"] == {"INDEX_DIR": index_root}


def one_dutch_line(capsys: pytest.CaptureFixture[str]) -> str:
    out, err = capsys.readouterr()
    assert out == "" and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1 and err.startswith("vraagbaak: ")
    return err


def test_a_port_in_use_is_one_dutch_line(
    index_root: Path, served: dict, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(serve_args(index_root, "--port", str(port))) == 2
    assert f"Poort {port} op 127.0.0.1 is al in gebruik" in one_dutch_line(capsys)
    assert served == {}


# Every bad port: tests/web/test_address.py.
@pytest.mark.parametrize("port", ["70000", "abc"])
def test_a_bad_port_is_one_dutch_line(
    tmp_path: Path, served: dict, capsys: pytest.CaptureFixture[str], port: str
) -> None:
    root = tmp_path / "index"
    assert main(serve_args(root, "--port", port)) == 2
    assert "--port moet een getal van 1 tot en met 65535 zijn" in one_dutch_line(capsys)
    assert served == {} and not root.exists()  # refused before any index is built


@pytest.mark.parametrize(
    ("workers", "message"),
    [
        ("0", "--workers moet minstens 1 zijn"),
        ("-2", "--workers moet minstens 1 zijn"),
        ("abc", "--workers moet een geheel getal zijn"),
        ("1.5", "--workers moet een geheel getal zijn"),
    ],
)
def test_a_bad_worker_count_is_refused(
    index_root: Path, served: dict, capsys: pytest.CaptureFixture[str], workers: str, message: str
) -> None:
    assert main(serve_args(index_root, "--workers", workers)) == 2
    assert message in one_dutch_line(capsys)
    assert served == {}


def test_log_lines_escape_control_characters() -> None:
    record = logging.LogRecord(
        "search.web", logging.ERROR, __file__, 1, "unexpected error on %s", ("/\x1b]0;x\x07",), None
    )
    line = server._TerminalSafe("%(message)s").format(record)
    assert line == "unexpected error on /\\u001b]0;x\\u0007"


def test_a_worker_warms_its_engine_before_the_first_visitor(index_root: Path, tmp_path: Path):
    from search.web.service import ENGINE_KEY

    app = server._warmed(create_app({"INDEX_DIR": index_root}))
    live = app.extensions[ENGINE_KEY]._open
    assert live is not None and "party" in live._values  # the facet's records per party
    assert {"known_parties", "vocabulary", "date_rank"} <= set(vars(live))
    empty = server._warmed(create_app({"INDEX_DIR": tmp_path / "geen-index"}))
    assert empty.extensions[ENGINE_KEY]._open is None  # nothing to warm, and no error


# The real command, as an operator starts it.


class Live:
    def __init__(self, process: subprocess.Popen, port: int, log: Path) -> None:
        self.process, self.port, self.log = process, port, log

    def workers(self, expected: int, gone: int | None = None) -> list[int]:
        """The worker pids, once there are `expected` of them and `gone` is not one."""
        deadline = time.monotonic() + 30
        while True:  # workers may still be starting, or being replaced
            path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
            children = [int(c) for c in path.read_text().split()]
            done = len(children) == expected and gone not in children
            if done or time.monotonic() > deadline:
                return children
            time.sleep(0.1)

    def get(self, path: str, headers: dict[str, str] | None = None) -> http.client.HTTPResponse:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        response.read()
        connection.close()
        return response

    def raw(self, request: bytes) -> bytes:
        """What the server answers to `request` as sent, up to its closing the connection."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=30) as sock:
            sock.sendall(request)
            answer = b""
            while chunk := sock.recv(65536):
                answer += chunk
        return answer

    def stop(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=30)


def start(index: Path, log: Path, *args: str) -> Live:
    port = free_port()
    command = [sys.executable, "-m", "search.cli", "--index", str(index), "serve"]
    with log.open("w") as out:
        process = subprocess.Popen(
            [*command, "--port", str(port), *args], stdout=out, stderr=subprocess.STDOUT
        )
    wait_until_listening(port, process)
    return Live(process, port, log)


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory, built_index: Path) -> Iterator[Live]:
    """`vraagbaak serve --workers 2` over a copy of the sample index, for this module."""
    folder = tmp_path_factory.mktemp("live")
    shutil.copytree(built_index, folder / "index")
    server_ = start(folder / "index", folder / "serve.log", "--workers", "2")
    try:
        yield server_
    finally:
        if server_.process.poll() is None:
            server_.process.kill()
            server_.process.wait()


def assert_security_headers(head: bytes) -> None:
    for name in SECURITY_HEADERS:
        assert f"\r\n{name}: ".encode() in head, name


def test_two_worker_processes_answer(live: Live) -> None:
    assert len(live.workers(2)) == 2
    for _ in range(4):
        assert live.get("/api/zoeken?q=MQ-9").status == 200


def test_keep_alive_connections_spread_evenly_over_the_workers(live: Live) -> None:
    # Whichever worker wakes first accepts, unless it already holds more than another:
    # without that, 4 connections landed 4/0 or 3/1 about half the time. A worker still
    # warming up is not waited for (it takes no connections yet), so both must be warm.
    deadline = time.monotonic() + 60
    while live.log.read_text().count("is opgewarmd") < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    connections = [http.client.HTTPConnection("127.0.0.1", live.port, timeout=30) for _ in range(4)]
    try:
        for connection in connections:  # one after another, each kept open
            connection.request("GET", "/api/zoeken?q=MQ-9")
            assert connection.getresponse().read()
        assert worker_connections(live.process.pid, live.port) == [2, 2]
    finally:
        for connection in connections:
            connection.close()


@pytest.mark.parametrize(
    ("request_", "status", "dutch"),
    [
        (b"GET / HTTP/1.1\r\nHost: a..b\r\n\r\n", 400, BAD_HOST_MESSAGE),
        (b"GET / HTTP/1.1\r\nHost: " + b"a" * 64 + b".nl\r\n\r\n", 400, BAD_HOST_MESSAGE),
        (b"GARBAGE\r\n\r\n", 400, "De aanvraag kon niet worden begrepen."),
        (
            b"GET / HTTP/1.1\r\nHost: x\r\nX-Opvulling: " + b"x" * 40_000 + b"\r\n\r\n",
            431,
            "te groot",
        ),
        (b"GET /?q=" + b"a" * 40_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 431, "te groot"),
        (b"GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", 501, "niet ondersteund"),
        (b"POST /zoeken HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n", 405, "kan zo niet"),
    ],
)
def test_every_error_reply_is_dutch_with_security_headers(
    live: Live, request_: bytes, status: int, dutch: str
) -> None:
    request_ = request_.replace(b"\r\n\r\n", b"\r\nConnection: close\r\n\r\n", 1)
    answer = live.raw(request_)
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.split(b" ")[1] == str(status).encode(), head
    assert_security_headers(head)
    assert dutch.casefold() in body.decode("utf-8").casefold()
    if status == 405:
        assert b"\r\nAllow: " in head


def test_a_forged_host_is_not_echoed_in_a_redirect(live: Live) -> None:
    answer = live.raw(
        b"GET /static//vraagbaak.css HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n"
    )
    head = answer.partition(b"\r\n\r\n")[0]
    assert head.startswith(b"HTTP/1.1 308")
    assert b"\r\nLocation: /static/vraagbaak.css\r\n" in head
    assert b"evil.example" not in head
    assert_security_headers(head)


def test_slow_clients_deny_no_service_and_are_cut_off(live: Live) -> None:
    # 16 connections that each send one more header line every half second and never end.
    with SlowClients(live.port, count=16, interval=0.5) as attack:
        assert attack.opened == 16
        answers = [live.get(f"/api/zoeken?q=NAVO&pagina={n % 3 + 1}").status for n in range(10)]
        assert answers == [200] * 10
        deadline = time.monotonic() + server.REQUEST_DEADLINE_S + 15
        while attack.closed_by_server < 16 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert attack.closed_by_server >= 16  # none is kept past REQUEST_DEADLINE_S


def test_clients_that_vanish_kill_no_worker(live: Live) -> None:
    workers = live.workers(2)
    for n in range(40):
        with socket.create_connection(("127.0.0.1", live.port), timeout=30) as sock:
            sock.sendall(b"GET /zoeken?q=NAVO HTTP/1.1\r\nHost: x\r\n" + b"\r\n" * (n % 2))
            if n % 4 < 2:  # half of them reset the connection instead of closing it
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    time.sleep(1)
    assert live.get("/api/zoeken?q=MQ-9").status == 200
    assert live.workers(2) == workers
    assert "stopte" not in live.log.read_text()


def test_a_killed_worker_is_replaced(live: Live) -> None:
    first, second = live.workers(2)
    subprocess.run(["kill", "-KILL", str(first)], check=True)
    workers = live.workers(2, gone=first)
    assert len(workers) == 2 and second in workers and first not in workers
    assert live.get("/api/zoeken?q=MQ-9").status == 200
    assert "er start een nieuw" in live.log.read_text()


def test_sigterm_stops_every_process(live: Live) -> None:
    workers = live.workers(2)
    assert live.stop() == 0
    assert not any(Path(f"/proc/{pid}").exists() for pid in workers)
    assert "Traceback" not in live.log.read_text()


def test_one_worker_serves_in_its_own_process(index_root: Path, tmp_path: Path) -> None:
    one = start(index_root, tmp_path / "serve.log", "--workers", "1")
    try:
        assert one.workers(0) == []
        assert one.get("/zoeken?q=MQ-9").status == 200
        head = one.raw(b"GET / HTTP/1.1\r\nHost: x\r\nX-A: " + b"x" * 40_000 + b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.0 431") and b"Content-Security-Policy" in head
    finally:
        status = one.stop()
    assert status == 0, one.log.read_text()
