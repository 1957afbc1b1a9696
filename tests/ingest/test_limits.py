"""Limits against hostile files: size, per-file time, and their override for tests."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

import ingest
from ingest import limits
from ingest.records import IngestError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_file_over_the_size_limit_is_refused_by_name():
    path = FIXTURES / "aanhangsel" / "ah-tk-20232024-1292.pdf"
    with limits.override(max_file_bytes=1000), pytest.raises(IngestError) as error:
        ingest.parse_file(path)
    assert error.value.source == str(path) and "te groot" in error.value.reason


def test_override_is_undone_after_the_block():
    before = limits.current()
    with limits.override(seconds_per_file=1.5) as changed:
        assert changed.seconds_per_file == 1.5 and limits.current() is changed
    assert limits.current() == before


def test_a_file_that_takes_too_long_is_abandoned():
    short = limits.override(seconds_per_file=0.05)
    with short, pytest.raises(IngestError, match="langer dan"), limits.time_limit("traag.pdf"):
        time.sleep(5)


def test_time_limit_does_not_survive_its_block():
    with limits.override(seconds_per_file=0.05), limits.time_limit("snel.pdf"):
        pass
    time.sleep(0.1)  # an alarm left armed would fire here and fail the test


def test_load_reports_each_bad_file_and_keeps_the_good(tmp_path):
    good = tmp_path / "ah-tk-20232024-1292.pdf"
    good.write_bytes((FIXTURES / "aanhangsel" / good.name).read_bytes())
    (tmp_path / "leeg.pdf").write_bytes(b"")
    (tmp_path / "kapot.pdf").write_bytes(b"%PDF-1.7\n" + b"rommel" * 100)
    report = ingest.load([tmp_path])
    assert [d.id for d in report.documents] == ["ah-tk-20232024-1292"]
    assert sorted(Path(s).name for s in report.skipped) == ["kapot.pdf", "leeg.pdf"]
    reasons = {Path(line.split(":")[0]).name: line for line in report.warnings}
    assert "leeg bestand" in reasons["leeg.pdf"]
    assert "kapot.pdf" in reasons
