"""Limits against hostile files: size and per-file time, passed down as a value, also to
the parsing workers of --procs. The PDF limits are tested in test_pdf_guard.py."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

import ingest
from ingest import limits, pipeline
from ingest.limits import Limits
from ingest.records import IngestError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
QA = (
    "Vragen en opmerkingen van de leden van de VVD-fractie\n"
    "Vraag 1\nWat vindt de minister ervan?\nAntwoord\nDe minister vindt dat goed.\n"
)


def test_file_over_the_size_limit_is_refused_by_name():
    path = FIXTURES / "aanhangsel" / "ah-tk-20232024-1292.pdf"
    with pytest.raises(IngestError) as error:
        ingest.parse_file(path, Limits(max_file_bytes=1000))
    assert error.value.source == str(path)
    assert error.value.reason == f"bestand te groot ({path.stat().st_size} bytes; maximum 1000)"
    assert ingest.parse_file(path).id == path.stem  # the default limits are untouched


def test_the_limits_given_reach_the_parsing_workers(tmp_path):
    for n in range(3):
        (tmp_path / f"{n}.txt").write_text(QA)
    report = ingest.load([tmp_path], procs=2, limits=Limits(max_file_bytes=100))
    assert report.documents == []
    assert all("bestand te groot" in line and "maximum 100)" in line for line in report.warnings)
    assert len(report.warnings) == 3


def test_a_file_that_takes_too_long_is_abandoned():
    with pytest.raises(IngestError, match="langer dan"), limits.time_limit("traag.pdf", 0.05):
        time.sleep(5)


def test_time_limit_does_not_survive_its_block():
    with limits.time_limit("snel.pdf", 0.05):
        pass
    time.sleep(0.1)  # an alarm left armed would fire here and fail the test


@pytest.mark.parametrize("procs", [1, 2])
def test_the_time_limit_holds_in_the_parsing_workers_too(tmp_path, monkeypatch, procs):
    for name, party in (("a.txt", "VVD"), ("b-traag.txt", "SP"), ("c.txt", "CDA")):
        (tmp_path / name).write_text(QA.replace("VVD", party))
    parse = pipeline._parse

    def slow_for_one(path: Path, extractor, limits: Limits):
        if "traag" in path.name:
            time.sleep(30)  # as a parser stuck in a hostile file
        return parse(path, extractor, limits)

    monkeypatch.setattr(pipeline, "_parse", slow_for_one)
    report = ingest.load([tmp_path], procs=procs, limits=Limits(seconds_per_file=0.5))
    assert [Path(d.source).name for d in report.documents] == ["a.txt", "c.txt"]
    assert report.warnings == [
        f"{tmp_path / 'b-traag.txt'}: verwerking duurde langer dan 0.5 s; overgeslagen"
    ]


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
