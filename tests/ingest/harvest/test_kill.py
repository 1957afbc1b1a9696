"""A harvest killed (SIGKILL, a real child process) at several moments and started again
ends with every publication once, complete, and nothing fetched twice; run once more, it
fetches nothing, and the archive goes into the index."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from index.store import open_generation
from search import config
from tests.ingest.harvest.koop import FakeKoop, _Hold

PROJECT = Path(__file__).resolve().parents[3]


def start(koop: FakeKoop, places: Path, *extra: str) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        config.ARCHIVE_ENV: str(places / "archive"),
        config.INDEX_ENV: str(places / "index"),
    }
    command = [sys.executable, "-m", "search.cli", "harvest", "--source", koop.endpoint]
    command += ["--delay", "0.02", "--ministry", "alle", *extra]
    return subprocess.Popen(
        command, env=env, cwd=PROJECT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def kill_at(process: subprocess.Popen[str], hold: _Hold, then=None) -> None:
    """SIGKILL the harvest while the server holds the request it was waiting for."""
    assert hold.arrived.wait(timeout=60), process.communicate(timeout=5)
    if then is not None:
        then()
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL
    hold.release.set()


def wait_for(path: Path, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if path.exists():
            return True
        time.sleep(0.01)
    return False


def test_killed_at_any_moment_a_harvest_resumes_without_fetching_twice(koop, tmp_path):
    archive = tmp_path / "archive"
    # 1. While the first page of the query is asked: nothing is there yet.
    kill_at(start(koop, tmp_path, "--no-ingest"), koop.hold_at("/sru"))
    assert koop.item_hits(complete_only=False) == {}

    # 2. Halfway through a PDF: its temporary file exists, the PDF itself does not.
    pdf = "ah-tk-20232024-1292"
    partial = archive / pdf / f".{pdf}.pdf.part"
    hold = koop.hold_at(koop.path(pdf, "pdf"), midway=True)
    kill_at(start(koop, tmp_path, "--no-ingest"), hold, then=lambda: wait_for(partial))
    assert not (archive / pdf / f"{pdf}.pdf").exists()
    assert (archive / pdf / "metadata.xml").exists()

    # 3. Between a publication's metadata and its text.
    between = "ah-tk-20232024-1999"
    kill_at(start(koop, tmp_path, "--no-ingest"), koop.hold_at(koop.path(between, "pdf")))
    assert (archive / between / "metadata.xml").exists()
    assert not (archive / between / f"{between}.pdf").exists()

    # 4. Between two publications: at the metadata of a later one.
    kill_at(
        start(koop, tmp_path, "--no-ingest"), koop.hold_at(koop.path("kst-36410-X-8", "metadata"))
    )

    # 5. Left alone, it finishes.
    finished = start(koop, tmp_path, "--no-ingest")
    out, err = finished.communicate(timeout=120)
    assert finished.returncode == 0, err

    # Every item answered in full exactly once over all five runs; what a kill cut off
    # was asked again, nothing that had arrived whole was.
    complete = koop.item_hits()
    every_item = {
        koop.path(identifier, manifestation)
        for identifier, publication in koop.publications.items()
        for manifestation in publication.data["items"]
        if manifestation == "metadata" or manifestation == _text_of(publication.items)
    }
    assert set(complete) == every_item and set(complete.values()) == {1}
    for identifier, publication in koop.publications.items():
        folder = archive / identifier
        text = _text_of(publication.items)
        assert sorted(p.name for p in folder.iterdir()) == sorted(
            [".harvest.json", "metadata.xml", f"{identifier}.{text}"]
        )
        assert (folder / "metadata.xml").read_bytes() == publication.items["metadata"].read_bytes()
        assert (folder / f"{identifier}.{text}").read_bytes() == publication.items[
            text
        ].read_bytes()
    assert not list(archive.rglob("*.part")) and not list(archive.rglob("*.tmp"))

    # Once more over the same range, and into the index: nothing is fetched.
    again = start(koop, tmp_path, "--since", "2020-01-01")
    out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err
    assert "Opgehaald: 0\nAl aanwezig: 12\n" in out
    assert koop.item_hits() == complete
    assert len(open_generation(tmp_path / "index").catalog["documents"]) == 12


def _text_of(items: dict[str, Path]) -> str:
    return next(m for m in ("xml", "pdf", "html") if m in items)
