"""The benchmark's generator and harness work, at the smallest size. No timing is asserted:
figures come from `python -m bench`, on purpose not from the test suite.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import report, run
from bench.generate import CODES, generate, learn_sample
from bench.measure import percentile
from ingest import QUESTION, load


@pytest.fixture(scope="module")
def sample():
    return learn_sample()


def test_generated_letters_go_through_the_real_ingest(tmp_path: Path, sample) -> None:
    manifest = generate(40, tmp_path, seed=3, sample=sample)
    report_ = load([tmp_path])
    questions = [q for d in report_.documents for q in d.records if q.kind == QUESTION]
    assert len(questions) == manifest.questions == 40
    assert not report_.warnings
    assert [Path(p).name for p in report_.skipped] == ["manifest.json"]  # not a letter
    assert {q.party for q in questions} == set(manifest.parties)
    assert all(q.question and q.answer for q in questions)


def test_the_same_seed_gives_the_same_bytes(tmp_path: Path, sample) -> None:
    first = generate(300, tmp_path / "a", seed=5, sample=sample)
    again = generate(300, tmp_path / "b", seed=5, sample=sample)
    other = generate(300, tmp_path / "c", seed=6, sample=sample)
    texts = [sorted(p.read_bytes() for p in (tmp_path / d).glob("*.txt")) for d in "abc"]
    assert texts[0] == texts[1] != texts[2]
    assert first == again and first.files > 1  # more than one letter past 60 questions
    assert set(first.codes) >= {code for code, _rate, _lines in CODES[:3]}
    assert other.questions == 300


def test_a_complete_corpus_is_reused(tmp_path: Path, sample) -> None:
    generate(40, tmp_path, seed=1, sample=sample)
    marker = tmp_path / "marker.txt"
    marker.write_text("untouched")
    assert generate(40, tmp_path, seed=1).questions == 40  # no sample needed: cached
    assert marker.read_text() == "untouched"


def test_percentile_is_a_measured_value() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 0.5) == 50.0
    assert percentile(values, 0.95) == 95.0
    assert percentile(values, 0.99) == 99.0
    assert percentile([7.0], 0.99) == 7.0


def test_the_harness_runs_once_at_the_smallest_size(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(run, "OUT", tmp_path)
    out = tmp_path / "results.json"
    argv = ["--sizes", "40", "--repeats", "1", "--search-budget", "0", "--http-requests", "2"]
    assert run.main([*argv, "--out", str(out)]) == 0
    results = json.loads(out.read_text(encoding="utf-8"))
    size = results["sizes"][0]
    assert size["ingest"]["single"][0]["questions"] == 40
    assert size["ingest"]["procs2"][0]["questions"] == 40
    assert [(u["documents"], u["questions"]) for u in size["update"]] == [(1, 40)]
    assert size["search"]["vraagbaak_totals"] and size["search"]["fts5_totals"]
    for server in ("vraagbaak", "fts5", "vraagbaak_question"):
        assert all(r["errors"] == 0 and r["requests"] for r in size["http"][server]["4"])
    assert results["cold_start"]["restart"]["median_s"] > 0
    markdown = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "### Ingest" in markdown and "### HTTP" in markdown and "### Update" in markdown
    assert "### HTTP question page" in markdown
    assert markdown == report.render(results)
