"""The state a harvest keeps: written whole or not at all, read back or started afresh."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from ingest.harvest import archive
from ingest.harvest.state import (
    HarvestBusy,
    HarvestState,
    PublicationState,
    harvest_lock,
    has_complete_files,
    load_state,
    read_publication,
    save_state,
    write_json_atomically,
    write_publication,
)


def test_json_is_replaced_whole_and_no_temporary_file_stays(tmp_path):
    path = tmp_path / "state.json"
    write_json_atomically(path, {"a": 1})
    write_json_atomically(path, {"a": 2, "é": "ë"})
    assert json.loads(path.read_text(encoding="utf-8")) == {"a": 2, "é": "ë"}
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]


def test_a_publication_state_round_trips_and_checks_its_files(tmp_path):
    folder = tmp_path / "ah-tk-1"
    state = PublicationState(modified="2024-01-01T00:00:00", files={"a.pdf": 3}, complete=True)
    write_publication(folder, state)
    assert read_publication(folder) == state
    (folder / "a.pdf").write_bytes(b"abc")
    assert has_complete_files(folder, state, {"a.pdf"})
    (folder / "a.pdf").write_bytes(b"ab")  # not the size recorded: not complete
    assert not has_complete_files(folder, state, {"a.pdf"})
    assert not has_complete_files(folder, state, {"a.pdf", "metadata.xml"})


def test_an_unreadable_publication_state_means_fetch_again(tmp_path):
    (tmp_path / archive.PUBLICATION_STATE).write_text('{"modified": ')
    assert read_publication(tmp_path) is None
    (tmp_path / archive.PUBLICATION_STATE).write_text('{"modified": "x"}')
    assert read_publication(tmp_path) is None


def test_the_archive_state_round_trips(tmp_path):
    state = HarvestState(last_success={"k": "2026-12-01"}, failed={"x": "HTTP 404 Not Found"})
    save_state(tmp_path, state)
    assert load_state(tmp_path) == (state, None)
    assert load_state(tmp_path / "elsewhere") == (HarvestState(), None)


@pytest.mark.parametrize(
    "content",
    [b"\x00\x01 not json", b'{"last_success": {"k": "gisteren"}, "failed": {}}', b"[]"],
)
def test_a_broken_archive_state_starts_afresh_with_a_warning(tmp_path, content):
    (tmp_path / archive.STATE_FILE).write_bytes(content)
    state, warning = load_state(tmp_path)
    assert state == HarvestState()
    assert warning.startswith(f"{tmp_path / archive.STATE_FILE}: onleesbare toestand")


def test_one_harvest_per_archive(tmp_path):
    busy = pytest.raises(HarvestBusy, match=f"er loopt al een harvest in {tmp_path}")
    with harvest_lock(tmp_path), busy, harvest_lock(tmp_path):
        pass
    with harvest_lock(tmp_path):  # released again
        pass


def test_the_lock_of_a_dead_harvest_does_not_block(tmp_path):
    dies_holding_it = (
        "import os, sys; from pathlib import Path; from ingest.harvest.state import harvest_lock\n"
        "with harvest_lock(Path(sys.argv[1])): os._exit(0)"
    )
    subprocess.run([sys.executable, "-c", dies_holding_it, str(tmp_path)], check=True)
    with harvest_lock(tmp_path):
        pass
