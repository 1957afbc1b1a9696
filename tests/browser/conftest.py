"""Browser fixtures: Debian's Chromium driven by Playwright against `vraagbaak serve`.

Skipped only when /usr/bin/chromium is absent; no browser is ever downloaded.
Screenshots land in test-output/ (git-ignored) for a human to look at.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from search.config import PROJECT_ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
OUTPUT = PROJECT_ROOT / "test-output"
START_DEADLINE_SECONDS = 30


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    skip = pytest.mark.skip(reason="Chromium not installed at /usr/bin/chromium")
    if not CHROMIUM.exists():
        for item in items:
            if "tests/browser" in str(item.path):
                item.add_marker(skip)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_listening(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_DEADLINE_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"vraagbaak serve stopped with status {server.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"vraagbaak serve did not listen on port {port}")


@contextmanager
def serving(index_root: Path, log_path: Path) -> Iterator[str]:
    """The real command, waitress and all, on a free port over `index_root`."""
    port = free_port()
    command = [sys.executable, "-m", "search.cli", "--index", str(index_root)]
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [*command, "serve", "--port", str(port), "--workers", "1"],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_listening(port, server)
            yield f"http://127.0.0.1:{port}"
        finally:
            server.terminate()
            server.wait(timeout=10)


@pytest.fixture
def base_url(index_root: Path, tmp_path: Path) -> Iterator[str]:
    """The site over the test's copy of the bundled letter's index."""
    with serving(index_root, tmp_path / "serve.log") as url:
        yield url


@pytest.fixture(scope="module")
def kamervragen_url(kamervragen_index: Path, tmp_path_factory) -> Iterator[str]:
    """The site over the bundled letter and the ten Aanhangsel letters (only read)."""
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    with serving(kamervragen_index, log) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def screenshot(page, name: str) -> None:
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / f"{name}.png"), full_page=True)
