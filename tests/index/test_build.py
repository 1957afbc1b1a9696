"""A failed build or update removes its generation, however it failed, and leaves the
previous one live (issue 14: a full disk during an update; the cancel in the handler
hitting ENOSPC again)."""

from __future__ import annotations

import errno
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from contextlib import closing
from pathlib import Path

import pytest

from index import build
from index.build import build_index, update_index
from index.segment.bulk import BulkWriter
from index.store import IndexWriteError, open_generation
from index.surface import SurfaceCounter, write_surface_forms
from index.surface_store import COUNTS_FILE, SURFACE_FILE
from ingest import load
from search.cli import main
from search.engine import SearchEngine
from tests.conftest import AANHANGSEL

LETTER = AANHANGSEL / "ah-tk-20232024-1292.pdf"
REPO = Path(__file__).resolve().parents[2]


def generations(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith("gen-"))


def disk_full(*_: object, **__: object) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.fixture(scope="module")
def letter():
    return load([LETTER]).documents[0]


def _full_after(records: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fault this module injects: the disk is full once `records` records were
    written, and stays full for the writer's cancel."""
    added = BulkWriter.add_document
    count = {"records": 0}

    def add(self: BulkWriter, **fields: object) -> None:
        count["records"] += 1
        if count["records"] > records:
            disk_full()
        added(self, **fields)

    def cancel(self: BulkWriter) -> None:
        cancelled(self)  # its files closed, as a close whose flush fails closes them
        disk_full()

    cancelled = BulkWriter.cancel
    monkeypatch.setattr(BulkWriter, "add_document", add)
    monkeypatch.setattr(BulkWriter, "cancel", cancel)


def test_a_full_disk_during_an_update_leaves_nothing_behind(
    index_root, letter, monkeypatch, capsys
):
    before = generations(index_root)
    _full_after(3, monkeypatch)
    with pytest.raises(IndexWriteError, match="schijf van de indexmap .* is vol"):
        update_index(index_root, [letter])
    assert generations(index_root) == before  # the cancel failed too; the clean-up ran
    status = main(["--index", str(index_root), "ingest", str(LETTER)])
    err = capsys.readouterr().err
    assert status == 1 and "is vol" in err and "blijft doorzoekbaar" in err
    assert "onverwachte fout" not in err and generations(index_root) == before
    monkeypatch.undo()  # space again: the next ingest works
    assert main(["--index", str(index_root), "ingest", str(LETTER)]) == 0
    assert letter.id in SearchEngine(index_root).catalog["documents"]


@pytest.mark.parametrize(
    "step", ["write_updated", "write_catalog", "write_surface_forms", "mark_complete"]
)
def test_a_failure_after_the_segment_is_written_removes_the_generation(
    index_root, letter, monkeypatch, step
):
    before = generations(index_root)
    monkeypatch.setattr(build, step, disk_full)
    with pytest.raises(IndexWriteError):
        update_index(index_root, [letter])
    assert generations(index_root) == before
    assert SearchEngine(index_root).search("PURL").total == 1


def _counts(generation: Path) -> list[tuple]:
    with closing(sqlite3.connect(generation / COUNTS_FILE)) as db:
        return db.execute("SELECT * FROM counts ORDER BY key, seq").fetchall()


def test_a_build_counts_the_written_forms_its_records_were_given(
    built_index, corpus_documents, tmp_path
):
    """Counted back from the stored texts after the commit: the counts, their first-seen
    order and the map are those of counting the records' texts as they came."""
    counter = SurfaceCounter()
    for document in corpus_documents:
        for record in document.records:
            for text in (record.topic or "", record.question, record.answer):
                counter.add(text)
    expected = tmp_path / "gen-expected"
    expected.mkdir()
    write_surface_forms(expected, counter)
    built = open_generation(built_index).path
    assert len(_counts(built)) > 1000
    assert _counts(built) == _counts(expected)
    assert (built / SURFACE_FILE).read_bytes() == (expected / SURFACE_FILE).read_bytes()


def test_a_failed_build_of_another_kind_is_raised_as_it_is(index_root, corpus_documents):
    before = generations(index_root)

    def broken(done: int, total: int) -> None:
        raise RuntimeError("iets anders")

    with pytest.raises(RuntimeError, match="iets anders"):
        build_index(corpus_documents, index_root, progress=broken)
    assert generations(index_root) == before


def test_leftovers_of_an_earlier_failure_are_removed_before_writing(index_root, letter):
    """A generation left by a failure that could not even clean up (its disk was full) is
    removed by the next writer first: its space may be what that one needs."""
    live = open_generation(index_root).path
    leftover = index_root / "gen-00000000T000000-1-1"
    shutil.copytree(live, leftover, copy_function=os.link)
    (leftover / "COMPLETE").unlink()
    update_index(index_root, [letter])
    assert not leftover.exists()


# A real full disk: a small tmpfs, mounted in a user and mount namespace of its own (no
# root needed, nothing mounted outside the child process).
FULL_TMPFS = textwrap.dedent(
    """
    import json, os, shutil, subprocess, sys
    from pathlib import Path
    from search.cli import main
    disk, index, letter = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(disk)], check=True)
    shutil.copytree(index, disk / "index")
    free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
    (disk / "vul").write_bytes(b"x" * (free - 24 * 1024))  # 24 KiB left
    result = {"full": main(["--index", str(disk / "index"), "ingest", letter])}
    result["after_full"] = sorted(p.name for p in (disk / "index").iterdir())
    result["search"] = main(["--index", str(disk / "index"), "search", "PURL", "--json"])
    (disk / "vul").unlink()
    result["again"] = main(["--index", str(disk / "index"), "ingest", letter])
    print("RESULT " + json.dumps(result), flush=True)
    """
)


def test_a_real_full_disk_during_an_update(index_root, tmp_path):
    if shutil.which("unshare") is None:
        pytest.skip("unshare (util-linux) is not installed")
    disk = tmp_path / "schijf"
    disk.mkdir()
    command = ["unshare", "--user", "--map-root-user", "--mount", sys.executable, "-c"]
    process = subprocess.run(
        [*command, FULL_TMPFS, str(disk), str(index_root), str(LETTER)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if "unshare failed" in process.stderr or "Operation not permitted" in process.stderr:
        pytest.skip(f"no user namespaces here: {process.stderr.strip()}")
    line = next(line for line in process.stdout.splitlines() if line.startswith("RESULT "))
    result = json.loads(line.removeprefix("RESULT "))
    assert result["full"] == 1, process.stderr
    assert "is vol" in process.stderr and "onverwachte fout" not in process.stderr
    assert [n for n in result["after_full"] if n.startswith("gen-")] == generations(index_root)
    assert result["search"] == 0 and '"total": 1' in process.stdout
    assert result["again"] == 0, process.stderr
