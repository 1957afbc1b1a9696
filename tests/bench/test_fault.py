"""The load and fault harness runs end to end at the smallest size, so it cannot rot. No timing
is asserted: the figures come from `python -m bench.fault`, not from the test suite."""

from __future__ import annotations

import json
from pathlib import Path

from bench import fault, fault_report


def test_the_harness_runs_against_the_real_server(tmp_path: Path) -> None:
    out = tmp_path / "fault"
    argv = ["--questions", "40", "--seconds", "1", "--clients", "2", "--slow", "2"]
    argv += ["--interval", "0.2", "--probes", "3", "--out", str(out), "--serve-args=--workers 2"]
    assert fault.main([*argv, "--corpora", str(tmp_path / "corpus")]) == 0
    result = json.loads((out / "results.json").read_text(encoding="utf-8"))
    kinds = {probe.name for probe in fault.hostile_probes()}
    assert {"search page", "API search", "question page", "API question"} | kinds <= set(
        result["mix"]
    )
    assert result["probe"]["requests"] == 3 and result["probe"]["failures"] == {}
    rounds = [(r["clients"], r["slow_clients"]) for r in result["rounds"]]
    assert rounds == [(2, 0), (2, 2), (2, 0)]
    *attacked, killed = result["rounds"]
    for row in attacked:
        assert row["requests"] > 0
        assert row["errors"] == 0, row["error_kinds"]
    assert killed["requests"] > 0 and "worker_replaced_after_s" in killed
    table = fault_report.markdown(result)
    assert "| 2 | 2 slow clients |" in table and "a worker killed" in table
