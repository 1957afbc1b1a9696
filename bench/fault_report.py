"""The Markdown table of a `python -m bench.fault` run, for BENCHMARKS.md."""

from __future__ import annotations

from typing import Any


def markdown(result: dict[str, Any]) -> str:
    probe = result["probe"]
    lines = [
        f"{result['questions']:,} questions, {result['seconds']:g} s per round, "
        + ("searches and question pages." if result["question_pages"] else "searches only."),
        f"Beside {result['probe']['slow_clients']} slow clients alone: "
        f"{probe['within_goal']} of {probe['requests']} searches within "
        f"{probe['goal_s']:g} s (median {probe['median_s'] * 1000:.0f} ms, "
        f"max {probe['max_s'] * 1000:.0f} ms), failures {sum(probe['failures'].values())}.",
        "",
        "| clients | beside the load | requests | req/s | p50 ms | p99 ms | max ms | errors |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in result["rounds"]:
        lines.append(
            f"| {row['clients']} | {_beside(row)} | {row['requests']:,} | "
            f"{row['rps']:.0f} | {row['p50_ms']:.0f} | {row['p99_ms']:.0f} | "
            f"{row['max_ms']:.0f} | {row['errors']} |"
        )
    return "\n".join(lines)


def _beside(row: dict[str, Any]) -> str:
    if "worker_replaced_after_s" in row:
        return f"a worker killed (a new one started {row['worker_replaced_after_s']:.1f} s later)"
    return f"{row['slow_clients']} slow clients" if row["slow_clients"] else "–"
