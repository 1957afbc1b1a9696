"""A damaged index never loses what it held (issue 14, finding 3): a broken CURRENT or a
damaged live generation makes search read the newest intact generation and say so,
ingest update that one, serve never replace it with the sample; with no intact
generation left every command says what is wrong and what to run."""

from __future__ import annotations

import json
import logging
import os
import shutil
import socket
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from index.build import build_index
from index.store import (
    COMPLETE,
    CURRENT,
    IndexDamagedError,
    mark_complete,
    open_generation,
    read_current,
)
from ingest import load
from ingest.records import Document
from search.cli import main
from search.config import BUNDLED_CORPUS
from search.engine import SearchEngine
from search.web import create_app, server
from tests.conftest import AANHANGSEL, SAMPLE_ID

LETTER = AANHANGSEL / "ah-tk-20232024-1292.pdf"
OTHER_LETTER = AANHANGSEL / "ah-tk-20232024-1999.pdf"


@pytest.fixture(scope="module")
def letter() -> Document:
    return load([LETTER]).documents[0]


@pytest.fixture
def two_generations(index_root: Path, corpus_documents, letter) -> tuple[Path, Path]:
    """The sample's generation, then a newer one built on its own with a letter more (no
    file shared: damage to the newer one leaves the older one whole)."""
    older = open_generation(index_root).path
    build_index([*corpus_documents, letter], index_root)
    newer = open_generation(index_root).path
    assert older != newer and older.exists()
    return older, newer


def generations(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith("gen-"))


def run(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str, str]:
    status = main(["--index", str(root), *args])
    out, err = capsys.readouterr()
    return status, out, err


def _segment(generation: Path) -> Path:
    return next(generation.glob("MAIN_*.seg"))


def _truncate(path: Path) -> None:
    path.write_bytes(b"")


def _zero(path: Path) -> None:
    path.write_bytes(b"\0" * path.stat().st_size)  # same size: only opening it tells


# Each damage to the newer generation: what it does, and a word the notice must name.
DAMAGE: dict[str, tuple[Callable[[Path], None], str]] = {
    "segment truncated": (lambda g: _truncate(_segment(g)), ".seg is 0 bytes"),
    "toc deleted": (lambda g: next(g.glob("_MAIN_*.toc")).unlink(), ".toc ontbreekt"),
    "array truncated": (
        lambda g: _truncate(next((g / "arrays").glob("part-*/answer.docs.bin"))),
        "answer.docs.bin is 0 bytes",
    ),
    "segment overwritten": (lambda g: _zero(_segment(g)), "opent niet"),
    "not complete": (lambda g: (g / COMPLETE).unlink(), "nooit afgemaakt"),
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_live_generation_falls_back_to_the_newest_intact_one(
    two_generations, index_root, letter, damage, capsys, caplog
):
    older, newer = two_generations
    harm, named = DAMAGE[damage]
    harm(newer)
    engine = SearchEngine(index_root)
    with caplog.at_level(logging.WARNING, logger="vraagbaak.index"):
        assert [h["number"] for h in engine.search("PURL").hits][:1] == [9]
    assert letter.id not in engine.catalog["documents"]  # the older generation answers
    notice = engine.recovery_notice()
    assert notice is not None and named in notice and older.name in notice
    assert any(older.name in r.getMessage() for r in caplog.records)
    status, out, err = run(capsys, index_root, "documents")
    assert status == 0 and SAMPLE_ID in out and letter.id not in out
    assert "Let op: de index" in err and named in err and older.name in err
    status, out, err = run(capsys, index_root, "search", "schaduwvloot")
    assert status == 0 and "Let op: de index" in err and "resultaat" in out


@pytest.mark.parametrize(
    "broken", ["deleted", "empty", "nowhere"], ids=["deleted", "empty", "pointing nowhere"]
)
def test_a_broken_current_reads_the_newest_intact_generation(
    two_generations, index_root, letter, broken
):
    _, newer = two_generations
    current = index_root / CURRENT
    if broken == "deleted":
        current.unlink()
    else:
        current.write_text("" if broken == "empty" else "gen-bestaat-niet\n", encoding="utf-8")
    engine = SearchEngine(index_root)
    assert letter.id in engine.catalog["documents"]  # the newest one, not the older
    notice = engine.recovery_notice()
    assert notice is not None and CURRENT in notice and newer.name in notice


def test_ingest_on_a_broken_current_updates_the_newest_intact_generation(
    two_generations, index_root, letter, capsys
):
    _, newer = two_generations
    (index_root / CURRENT).unlink()
    status, out, _ = run(capsys, index_root, "ingest", str(OTHER_LETTER))
    assert status == 0
    documents = open_generation(index_root).catalog["documents"]
    # Not a rebuild with only the file given: everything the newest generation held stays.
    assert {SAMPLE_ID, letter.id, "ah-tk-20232024-1999"} <= set(documents)
    assert read_current(index_root) not in (None, newer.name)
    assert SearchEngine(index_root).recovery_notice() is None  # CURRENT is whole again
    assert "Bijgewerkt vanaf" in out and newer.name in out


def test_ingest_after_a_damaged_live_generation_starts_from_the_intact_one(
    two_generations, index_root, letter, capsys
):
    older, newer = two_generations
    _truncate(_segment(newer))
    status, _, _ = run(capsys, index_root, "ingest", str(OTHER_LETTER))
    assert status == 0
    live = open_generation(index_root)
    assert not live.is_fallback and live.path.name not in (older.name, newer.name)
    assert set(live.catalog["documents"]) == {SAMPLE_ID, "ah-tk-20232024-1999"}
    assert older.exists()  # kept: the newest intact generation before this one
    engine = SearchEngine(index_root)
    assert engine.search("PURL").total == 1 and engine.recovery_notice() is None


def test_without_an_intact_generation_every_command_says_what_to_run(index_root, capsys):
    only = open_generation(index_root).path
    _truncate(_segment(only))
    before = generations(index_root)
    with pytest.raises(IndexDamagedError):
        SearchEngine(index_root).search("PURL")
    for args in (["search", "PURL"], ["documents"], ["ingest", str(LETTER)]):
        status, out, err = run(capsys, index_root, *args)
        assert status == 1, args
        assert "beschadigd" in err and "vraagbaak ingest --rebuild" in err, args
        assert "Traceback" not in err and "onverwachte fout" not in err, args
    assert generations(index_root) == before  # nothing deleted, nothing built beside it
    status, _, _ = run(capsys, index_root, "ingest", "--rebuild", str(LETTER))
    assert status == 0 and SearchEngine(index_root).recovery_notice() is None


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> dict:
    """`server.serve` replaced by a recorder: what the command would have served."""
    calls: dict = {}

    def record(settings, sock: socket.socket, workers: int) -> None:
        calls.update(settings=settings)

    monkeypatch.setattr(server, "serve", record)
    return calls


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_never_replaces_a_damaged_index_with_the_sample(
    two_generations, index_root, letter, served, capsys
):
    (index_root / CURRENT).unlink()
    before = generations(index_root)
    port = str(_free_port())
    status, out, err = run(capsys, index_root, "serve", "--port", port, "--workers", "1")
    assert status == 0
    assert "meegeleverde corpus" not in out and generations(index_root) == before
    assert "Let op: de index" in err
    client = create_app(served["settings"]).test_client()
    found = client.get("/api/zoeken?q=Keijzer").get_json()  # the letter's asker
    assert found["total"] > 0


def test_serve_on_an_index_with_nothing_intact_starts_and_answers_503(index_root, served, capsys):
    _truncate(_segment(open_generation(index_root).path))
    before = generations(index_root)
    status, out, err = run(capsys, index_root, "serve", "--port", str(_free_port()))
    assert status == 0 and generations(index_root) == before
    assert "meegeleverde corpus" not in out and "beschadigd" in err and "503" in err
    client = create_app(served["settings"]).test_client()
    page = client.get("/zoeken?q=PURL")
    assert page.status_code == 503 and "De index is beschadigd" in page.get_data(as_text=True)


def test_a_killed_update_is_never_taken_for_a_generation(index_root, corpus_documents):
    """An update's copy holds the live generation's catalog from its first moment: what
    makes a generation complete is COMPLETE, written last."""
    live = open_generation(index_root).path
    leftover = index_root / "gen-29991231T235959-1-1"  # newer by name and by time
    shutil.copytree(live, leftover, copy_function=shutil.copy2)
    (leftover / COMPLETE).unlink()  # where a killed update stops: before the marker
    (index_root / CURRENT).unlink()
    engine = SearchEngine(index_root)
    assert engine._live().name == live.name
    build_index(corpus_documents, index_root)  # the next writer's clean-up removes it
    assert not leftover.exists() and live.exists()


# A read-only index folder: mounted read-only (EROFS) in a user and mount namespace of the
# child's own, which is also how root, who may write anywhere, meets one.
READ_ONLY = textwrap.dedent(
    """
    import json, subprocess, sys
    from search.cli import main
    index, letter = sys.argv[1], sys.argv[2]
    subprocess.run(["mount", "--bind", index, index], check=True)
    subprocess.run(["mount", "-o", "remount,ro,bind", index, index], check=True)
    result = {"ingest": main(["--index", index, "ingest", letter])}
    result["search"] = main(["--index", index, "search", "PURL", "--json"])
    print("RESULT " + json.dumps(result), flush=True)
    """
)


def test_a_read_only_index_folder_is_searched_and_ingest_says_why_not(index_root):
    if shutil.which("unshare") is None:
        pytest.skip("unshare (util-linux) is not installed")
    before = generations(index_root)
    command = ["unshare", "--user", "--map-root-user", "--mount", sys.executable, "-c"]
    process = subprocess.run(
        [*command, READ_ONLY, str(index_root), str(LETTER)],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if "unshare failed" in process.stderr or "Operation not permitted" in process.stderr:
        pytest.skip(f"no user namespaces here: {process.stderr.strip()}")
    line = next(line for line in process.stdout.splitlines() if line.startswith("RESULT "))
    result = json.loads(line.removeprefix("RESULT "))
    assert result["ingest"] == 1
    assert f"de indexmap {index_root} is niet schrijfbaar" in process.stderr
    assert "Read-only file system" in process.stderr and "onverwachte fout" not in process.stderr
    assert result["search"] == 0 and '"total": 1' in process.stdout
    assert generations(index_root) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to a folder without write rights")
def test_an_index_folder_without_write_permission(index_root, capsys):
    index_root.chmod(0o555)
    try:
        status, _, err = run(capsys, index_root, "ingest", str(LETTER))
        assert status == 1 and "is niet schrijfbaar" in err
        status, out, _ = run(capsys, index_root, "search", "PURL")
        assert status == 0 and "1 resultaat" in out
    finally:
        index_root.chmod(0o755)


def test_a_first_build_still_writing_is_no_index_yet(tmp_path, capsys):
    """Before the first generation is complete there is no index, not a damaged one (two
    ingests started on an empty folder: the second saw the first one's unfinished folder
    and refused it as damage)."""
    root = tmp_path / "index"
    (root / "gen-20260101T000000-1-1").mkdir(parents=True)
    assert not SearchEngine(root).is_ready()
    status, _, err = run(capsys, root, "search", "PURL")
    assert status == 2 and "Er is nog geen index" in err


def test_an_intact_generation_of_another_format_is_refused_not_updated(index_root, capsys):
    """Made complete by another version of the code: neither a fallback nor an update
    (no file changed) hides that it must be rebuilt."""
    generation = open_generation(index_root).path
    meta = generation / "arrays" / "meta.json"
    older = json.loads(meta.read_text(encoding="utf-8"))
    older["version"] -= 1
    meta.unlink()  # a file of its own, as that version wrote it
    meta.write_text(json.dumps(older), encoding="utf-8")
    mark_complete(generation)
    status, _, err = run(capsys, index_root, "ingest", str(BUNDLED_CORPUS))
    assert status == 2 and "vraagbaak ingest --rebuild" in err
    status, _, err = run(capsys, index_root, "search", "PURL")
    assert status == 2 and "vraagbaak ingest --rebuild" in err
