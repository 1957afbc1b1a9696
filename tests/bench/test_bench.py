"""The benchmark harness works, at the smallest size, with both peers. No timing is
asserted: figures come from `python -m bench`, on purpose not from the test suite.
"""

from __future__ import annotations

import json
from pathlib import Path

from bench import report, run, search_bench
from bench.measure import percentile


def test_percentile_is_a_measured_value() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 0.5) == 50.0
    assert percentile(values, 0.95) == 95.0
    assert percentile(values, 0.99) == 99.0
    assert percentile([7.0], 0.99) == 7.0


def test_the_harness_runs_once_at_the_smallest_size(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(run, "OUT", tmp_path)
    out = tmp_path / "results.json"
    argv = ["--sizes", "40", "--repeats", "1", "--search-budget", "0", "--http-requests", "4"]
    assert run.main([*argv, "--out", str(out)]) == 0
    results = json.loads(out.read_text(encoding="utf-8"))
    size = results["sizes"][0]
    assert size["manifest"]["corpus"] == "realistic"
    for engine in ("single", "procs2", "fts5", "tantivy"):
        assert size["ingest"][engine][0]["questions"] == 40, engine
    assert [(u["documents"], u["questions"]) for u in size["update"]] == [(1, 40)]
    search = size["search"]
    assert set(search["totals"]) == {"vraagbaak", "fts5", "tantivy"}
    kinds = [q["kind"] for q in search["queries"]]
    assert "rare name" in kinds and "short prefix" in kinds
    for i, kind in enumerate(kinds):  # every engine finds the rare code and nothing for no hits
        if kind in ("rare code", "no hits"):
            found = {name: totals[i] for name, totals in search["totals"].items()}
            assert (min(found.values()) > 0) == (kind == "rare code"), (kind, found)
    for server in ("vraagbaak", "fts5", "tantivy"):
        rounds = size["http"][server]["4"]
        assert all(r["errors"] == 0 for r in rounds), server
        assert {"search", "question page"} <= set(rounds[0]["by_kind"]), server
    assert {"question page", "document page", "export csv"} <= set(size["pages"])
    assert all(page["failed"] == [] for page in size["pages"].values())
    assert results["cold_start"]["restart"]["median_s"] > 0
    markdown = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "### Ingest" in markdown and "### HTTP" in markdown and "### Update" in markdown
    assert "÷tantivy" in markdown and "question page" in markdown
    assert "### Every page a user opens" in markdown
    assert markdown == report.render(results)


def test_the_filtered_mix_runs_each_kind_of_filter(kamervragen) -> None:
    queries = search_bench.load_queries()
    calls = search_bench.filtered_mix(kamervragen, queries)
    parties = [q for q in queries if q.party]
    kinds = [kind for kind, _ in calls]
    assert kinds == list(search_bench.FILTER_KINDS) * len(parties)
    totals = [call() for _, call in calls]
    width = len(search_bench.FILTER_KINDS)
    for start in range(0, len(totals), width):
        found = dict(zip(search_bench.FILTER_KINDS, totals[start : start + width], strict=True))
        # Every filter narrows the unfiltered query; four at once narrow the party's.
        assert all(found[kind] <= found["no filter"] for kind in found)
        assert found["combined"] <= found["party"]
    costs = search_bench.filter_costs(kamervragen, queries, rounds=1)
    assert set(costs) == set(search_bench.FILTER_KINDS)
    assert costs["party"]["median_vs_party"] == 1.0
