"""results.json as Markdown tables: every figure the median of its repeats, with its ratio to
the FTS5 peer, so a comparison survives a noisy machine.

    python -m bench.report bench/out/results.json
"""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path
from typing import Any

MIB = 2**20


def med(runs: list[dict[str, Any]], key: str) -> float:
    return statistics.median(run[key] for run in runs)


def ratio(ours: float, theirs: float) -> str:
    if not theirs:
        return "–"
    value = ours / theirs
    # Enough digits that a small ratio (Vraagbaak ingest rate ÷ FTS5's) is not shown as 0.0.
    return f"{value:.1f}×" if value >= 1 else f"{value:.2g}×"


def _row(cells: list[Any]) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def _table(header: list[str], rows: list[list[Any]]) -> list[str]:
    return [_row(header), _row(["---"] * len(header)), *(_row(r) for r in rows), ""]


def _ingest_cells(runs: list[dict[str, Any]]) -> tuple[float, float, float, float]:
    """Questions/s, wall s, peak memory MiB (larger of main ru_maxrss and tree PSS), disk MiB."""
    rate = statistics.median(r["questions"] / r["wall_s"] for r in runs)
    peak = statistics.median(max(r["self_maxrss_kb"], r["tree_peak_pss_kb"]) / 1024 for r in runs)
    return rate, med(runs, "wall_s"), peak, med(runs, "disk_bytes") / MIB


def ingest_table(sizes: list[dict[str, Any]]) -> list[str]:
    rows = []
    for size in sizes:
        peer = _ingest_cells(size["ingest"]["fts5"])
        for mode, label in (("single", "1 process"), ("procs2", "2 processes")):
            ours = _ingest_cells(size["ingest"][mode])
            rows.append(
                [
                    f"{size['size']:,}",
                    label,
                    len(size["ingest"][mode]),
                    f"{ours[0]:,.0f} ({ratio(ours[0], peer[0])})",
                    f"{ours[1]:,.1f}",
                    f"{ours[2]:,.0f} ({ratio(ours[2], peer[2])})",
                    f"{ours[3]:,.1f} ({ratio(ours[3], peer[3])})",
                    f"{peer[0]:,.0f} q/s, {peer[1]:,.1f} s, {peer[2]:,.0f} MiB, {peer[3]:,.1f} MiB",
                ]
            )
    header = ["questions", "processes", "runs", "questions/s (÷FTS5)", "wall s", "peak MiB (÷FTS5)"]
    return _table([*header, "index MiB (÷FTS5)", "FTS5: q/s, wall, peak, size"], rows)


def search_table(sizes: list[dict[str, Any]]) -> list[str]:
    rows = []
    for size in sizes:
        ours, peer = size["search"]["vraagbaak"], size["search"]["fts5"]
        cells = [f"{size['size']:,}", len(ours), ours[0]["samples"]]
        for key in ("median_ms", "p95_ms", "p99_ms"):
            cells.append(f"{med(ours, key):.1f} ({ratio(med(ours, key), med(peer, key))})")
        cells.append(" / ".join(f"{med(peer, k):.2f}" for k in ("median_ms", "p95_ms", "p99_ms")))
        rows.append(cells)
    header = ["questions", "runs", "queries/run", "median ms (÷FTS5)", "p95 ms (÷FTS5)"]
    return _table([*header, "p99 ms (÷FTS5)", "FTS5 median / p95 / p99 ms"], rows)


def kind_table(sizes: list[dict[str, Any]]) -> list[str]:
    kinds = list(sizes[0]["search"]["vraagbaak"][0]["by_kind_median_ms"])
    rows = []
    for size in sizes:
        ours, peer = size["search"]["vraagbaak"], size["search"]["fts5"]
        cells = [f"{size['size']:,}"]
        for kind in kinds:
            a = statistics.median(r["by_kind_median_ms"][kind] for r in ours)
            b = statistics.median(r["by_kind_median_ms"][kind] for r in peer)
            cells.append(f"{a:.1f} ({ratio(a, b)})")
        rows.append(cells)
    return _table(["questions", *(f"{k} ms (÷FTS5)" for k in kinds)], rows)


def _with_ratio(ours: list[dict[str, Any]], peer: list[dict[str, Any]], key: str) -> str:
    return f"{med(ours, key):.1f} ({ratio(med(ours, key), med(peer, key))})"


def totals_table(sizes: list[dict[str, Any]]) -> list[str]:
    """Hits per query at each size (Vraagbaak / FTS5): how selective the mix is, and how
    differently the two match (stemming, synonyms and decompounding versus plain tokens)."""
    queries = sizes[0]["search"]["queries"]
    rows = []
    for i, query in enumerate(queries):
        label = query["text"] + (f" (partij {query['party']})" if query.get("party") else "")
        cells = [query["kind"], label.replace("|", "\\|")]
        for size in sizes:
            search = size["search"]
            cells.append(f"{search['vraagbaak_totals'][i]:,} / {search['fts5_totals'][i]:,}")
        rows.append(cells)
    return _table(["kind", "query", *(f"{s['size']:,}" for s in sizes)], rows)


def http_table(sizes: list[dict[str, Any]]) -> list[str]:
    rows = []
    for size in sizes:
        if "http" not in size:
            continue
        for clients in ("1", "4"):
            ours, peer = size["http"]["vraagbaak"][clients], size["http"]["fts5"][clients]
            errors = sum(r["errors"] for r in ours)
            requests = sum(r["requests"] for r in ours)
            rows.append(
                [
                    f"{size['size']:,}",
                    clients,
                    *(_with_ratio(ours, peer, key) for key in ("rps", "p50_ms", "p99_ms")),
                    f"{errors} / {requests}",
                    f"{med(peer, 'rps'):.0f} rps, {med(peer, 'p50_ms'):.1f} / "
                    f"{med(peer, 'p99_ms'):.1f} ms",
                ]
            )
    header = ["questions", "clients", "requests/s (÷FTS5)", "p50 ms (÷FTS5)", "p99 ms (÷FTS5)"]
    return _table([*header, "errors / requests", "FTS5: rps, p50 / p99"], rows)


def question_table(sizes: list[dict[str, Any]]) -> list[str]:
    rows = []
    for size in sizes:
        for clients, runs in size.get("http", {}).get("vraagbaak_question", {}).items():
            errors = sum(r["errors"] for r in runs)
            requests = sum(r["requests"] for r in runs)
            cells = [f"{med(runs, key):.1f}" for key in ("rps", "p50_ms", "p99_ms")]
            rows.append([f"{size['size']:,}", clients, *cells, f"{errors} / {requests}"])
    header = ["questions", "clients", "requests/s", "p50 ms", "p99 ms", "errors / requests"]
    return _table(header, rows)


def growth_table(sizes: list[dict[str, Any]]) -> list[str]:
    """Each size against the one before: linear growth shows as ×cost ≈ ×size."""
    rows = []
    for before, after in zip(sizes, sizes[1:], strict=False):
        grow = after["size"] / before["size"]
        wall = med(after["ingest"]["single"], "wall_s") / med(before["ingest"]["single"], "wall_s")
        lat = [
            med(after["search"]["vraagbaak"], k) / med(before["search"]["vraagbaak"], k)
            for k in ("median_ms", "p95_ms")
        ]
        rows.append(
            [f"{before['size']:,} → {after['size']:,}", f"×{grow:.0f}", f"×{wall:.1f}"]
            + [f"×{x:.1f}" for x in lat]
        )
    header = ["step", "questions", "ingest wall (1 process)", "search median", "search p95"]
    return _table(header, rows)


def update_table(sizes: list[dict[str, Any]]) -> list[str]:
    rows = []
    for size in sizes:
        runs = size["update"]
        peak = statistics.median(max(r["self_maxrss_kb"], r["tree_peak_pss_kb"]) for r in runs)
        rows.append(
            [f"{size['size']:,}", len(runs), runs[0]["questions"], f"{med(runs, 'wall_s'):.2f}"]
            + [f"{peak / 1024:,.0f}"]
        )
    header = ["questions in the index", "runs", "questions added", "seconds (median)", "peak MiB"]
    return _table(header, rows)


def cold_table(cold: dict[str, Any]) -> list[str]:
    peer = cold["fts5"]["median_s"]
    rows = [
        [label, f"{cold[key]['median_s']:.2f}", ratio(cold[key]["median_s"], peer)]
        for key, label in (("restart", "index present (restart)"), ("first", "no index yet"))
    ]
    rows.append(["FTS5 peer server", f"{peer:.2f}", "1.0×"])
    return _table(["vraagbaak serve → first answer", "seconds (median)", "÷FTS5"], rows)


def render(results: dict[str, Any]) -> str:
    sizes = results["sizes"]
    machine = results["machine"]
    lines = [
        f"Run {results['date']} on {machine['cores']} cores, {machine['memory_gib']} GiB "
        f"({machine['cpu']}), Python {machine['python']}, SQLite {machine['sqlite']}.",
        f"Command: `{results['command']}`"
        + (f" at commit {results['commit']}." if "commit" in results else ""),
        "",
        "### Ingest (parse + index, end to end, own process)",
        "",
        *ingest_table(sizes),
        "### Search in process (top 10 with snippets and party facet, warm searcher)",
        "",
        *search_table(sizes),
        "Median per query kind:",
        "",
        *kind_table(sizes),
        "Hits per query (Vraagbaak / FTS5; a party query's FTS5 count is for all parties):",
        "",
        *totals_table(sizes),
    ]
    if all("update" in size for size in sizes):
        title = "### Update (`vraagbaak ingest LETTER`: one new letter into the 1-process index)"
        lines += [title, "", *update_table(sizes)]
    if any("http" in size for size in sizes):
        lines += ["### HTTP (/api/zoeken on 127.0.0.1)", "", *http_table(sizes)]
    if any("vraagbaak_question" in size.get("http", {}) for size in sizes):
        title = "### HTTP question page (/vraag/…, with similar answers; no FTS5 twin)"
        lines += [title, "", *question_table(sizes)]
    if "cold_start" in results:
        lines += ["### Cold start (bundled corpus)", "", *cold_table(results["cold_start"])]
    if len(sizes) > 1:
        lines += ["### Growth", "", *growth_table(sizes)]
    return "\n".join(lines)


if __name__ == "__main__":
    data = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    print(render(data))
