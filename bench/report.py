"""results.json as Markdown tables: every figure the median of its repeats, each Vraagbaak
figure with its ratio to both peers (÷FTS5 / ÷tantivy), which survives a noisy machine
better than the figure itself.

    python -m bench.report bench/out/results.json
"""

from __future__ import annotations

import json
import statistics
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

MIB = 2**20
PEERS = ("fts5", "tantivy")
NAMES = {"vraagbaak": "Vraagbaak", "fts5": "FTS5", "tantivy": "tantivy"}
Runs = list[dict[str, Any]]


def med(runs: Runs, key: str | Callable[[dict[str, Any]], float]) -> float:
    get = key if callable(key) else (lambda run: run[key])
    return statistics.median(get(run) for run in runs)


def ratio(ours: float, theirs: float) -> str:
    if not theirs or ours != ours or theirs != theirs:  # zero or NaN
        return "–"
    value = ours / theirs
    # Enough digits that a small ratio (Vraagbaak ingest rate ÷ FTS5's) is not shown as 0.0.
    return f"{value:.1f}×" if value >= 1 else f"{value:.2g}×"


def with_ratios(ours: float, peers: list[float], digits: int = 1) -> str:
    """ "4.2 (0.5× / 3.1×)": the figure and its ratio to each peer, in PEERS order."""
    return f"{ours:,.{digits}f} ({' / '.join(ratio(ours, p) for p in peers)})"


def _row(cells: list[Any]) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def _table(header: list[str], rows: list[list[Any]]) -> list[str]:
    return [_row(header), _row(["---"] * len(header)), *(_row(r) for r in rows), ""]


def corpus_table(sizes: list[dict[str, Any]]) -> list[str]:
    rows = []
    for size in sizes:
        m = size["manifest"]
        distinct, once = m.get("distinct_words", 0), m.get("words_seen_once", 0)
        share = f" ({once / distinct:.0%})" if distinct else ""
        rows.append(
            [f"{m['questions']:,}", m.get("corpus", "markov"), f"{m['files']:,}"]
            + [f"{m['records']:,}", f"{m['characters'] / MIB:,.1f}", f"{distinct:,}"]
            + [f"{once:,}{share}"]
        )
    header = ["questions", "corpus", "files", "records", "text MiB", "distinct words"]
    return _table([*header, "seen once"], rows)


def _ingest_cells(runs: Runs) -> dict[str, float]:
    """Questions/s, wall s, peak memory MiB (the larger of the main process's peak RSS and
    the tree's summed PSS), disk MiB."""
    return {
        "rate": med(runs, lambda r: r["questions"] / r["wall_s"]),
        "wall": med(runs, "wall_s"),
        "peak": med(runs, lambda r: max(r["self_maxrss_kb"], r["tree_peak_pss_kb"]) / 1024),
        "disk": med(runs, "disk_bytes") / MIB,
    }


def ingest_table(sizes: list[dict[str, Any]]) -> list[str]:
    rows = []
    for size in sizes:
        peers = [_ingest_cells(size["ingest"][p]) for p in PEERS]
        modes = [("single", "Vraagbaak, 1 process"), ("procs2", "Vraagbaak, 2 processes")]
        for mode, label in modes:
            ours = _ingest_cells(size["ingest"][mode])
            rows.append(
                [f"{size['size']:,}", label, len(size["ingest"][mode])]
                + [with_ratios(ours["rate"], [p["rate"] for p in peers], 0)]
                + [f"{ours['wall']:,.1f}"]
                + [with_ratios(ours["peak"], [p["peak"] for p in peers], 0)]
                + [with_ratios(ours["disk"], [p["disk"] for p in peers], 1)]
            )
        for peer, cells in zip(PEERS, peers, strict=True):
            rows.append(
                [f"{size['size']:,}", NAMES[peer], len(size["ingest"][peer])]
                + [f"{cells['rate']:,.0f}", f"{cells['wall']:,.1f}", f"{cells['peak']:,.0f}"]
                + [f"{cells['disk']:,.1f}"]
            )
    header = ["questions", "engine", "runs", "questions/s (÷FTS5 / ÷tantivy)", "wall s"]
    return _table([*header, "peak MiB (÷FTS5 / ÷tantivy)", "index MiB (÷FTS5 / ÷tantivy)"], rows)


def search_table(sizes: list[dict[str, Any]]) -> list[str]:
    rows = []
    keys = ("median_ms", "p95_ms", "p99_ms", "max_ms")
    for size in sizes:
        runs = size["search"]["runs"]
        cells = [f"{size['size']:,}", len(runs["vraagbaak"]), runs["vraagbaak"][0]["samples"]]
        for key in keys:
            cells.append(
                with_ratios(med(runs["vraagbaak"], key), [med(runs[p], key) for p in PEERS])
            )
        for peer in PEERS:
            cells.append(" / ".join(f"{med(runs[peer], k):.2f}" for k in keys))
        rows.append(cells)
    header = ["questions", "runs", "queries/run"]
    header += [f"{k} ms (÷FTS5 / ÷tantivy)" for k in ("median", "p95", "p99", "max")]
    return _table(
        [*header, "FTS5 median / p95 / p99 / max", "tantivy median / p95 / p99 / max"], rows
    )


def _kind(runs: Runs, kind: str, key: str) -> float:
    return med(runs, lambda r: r["by_kind"][kind][key])


def kind_table(size: dict[str, Any]) -> list[str]:
    """Per query kind at one size: Vraagbaak's median, p95 and max with both ratios."""
    runs = size["search"]["runs"]
    queries = size["search"]["queries"]
    rows = []
    for kind in runs["vraagbaak"][0]["by_kind"]:
        count = sum(1 for q in queries if q["kind"] == kind)
        cells: list[Any] = [kind, count]
        for key in ("median_ms", "p95_ms", "max_ms"):
            ours = _kind(runs["vraagbaak"], kind, key)
            cells.append(with_ratios(ours, [_kind(runs[p], kind, key) for p in PEERS], 2))
        for peer in PEERS:
            cells.append(
                " / ".join(
                    f"{_kind(runs[peer], kind, k):.2f}" for k in ("median_ms", "p95_ms", "max_ms")
                )
            )
        rows.append(cells)
    header = ["kind", "queries", "median ms (÷FTS5 / ÷tantivy)", "p95 ms (÷FTS5 / ÷tantivy)"]
    return _table(
        [
            *header,
            "max ms (÷FTS5 / ÷tantivy)",
            "FTS5 median / p95 / max",
            "tantivy median / p95 / max",
        ],
        rows,
    )


def totals_table(size: dict[str, Any]) -> list[str]:
    """The queries of one size and their hits (Vraagbaak / FTS5 / tantivy): how selective the
    mix is, and how differently the three match (stemming, compounds, synonyms, prefixes)."""
    search = size["search"]
    rows = []
    for i, query in enumerate(search["queries"]):
        label = query["text"] + (f" (partij {query['party']})" if query.get("party") else "")
        hits = " / ".join(f"{search['totals'][name][i]:,}" for name in ("vraagbaak", *PEERS))
        rows.append([query["kind"], label.replace("|", "\\|"), hits])
    return _table(["kind", "query", "hits: Vraagbaak / FTS5 / tantivy"], rows)


def http_table(sizes: list[dict[str, Any]]) -> list[str]:
    rows = []
    for size in sizes:
        if "http" not in size:
            continue
        for clients in ("1", "4"):
            peers = [size["http"][p][clients] for p in PEERS]
            ours = size["http"]["vraagbaak"][clients]
            cells = [f"{size['size']:,}", clients]
            cells.append(with_ratios(med(ours, "rps"), [med(p, "rps") for p in peers]))
            for kind in ("search", "question page"):
                for key in ("p50_ms", "p99_ms"):
                    peer_values = [_http_kind(p, kind, key) for p in peers]
                    cells.append(with_ratios(_http_kind(ours, kind, key), peer_values))
            cells.append(f"{sum(r['errors'] for r in ours)} / {sum(r['requests'] for r in ours)}")
            for peer in peers:
                cells.append(
                    f"{med(peer, 'rps'):,.0f} rps; "
                    + "; ".join(
                        f"{_http_kind(peer, k, 'p50_ms'):.1f} / {_http_kind(peer, k, 'p99_ms'):.1f}"
                        for k in ("search", "question page")
                    )
                )
            rows.append(cells)
    header = ["questions", "clients", "requests/s (÷FTS5 / ÷tantivy)", "search p50 ms"]
    header += ["search p99 ms", "question page p50 ms", "question page p99 ms"]
    return _table(
        [*header, "errors / requests", "FTS5: rps; search, page p50 / p99", "tantivy: same"], rows
    )


def _http_kind(runs: Runs, kind: str, key: str) -> float:
    return med(runs, lambda r: r["by_kind"].get(kind, {}).get(key, float("nan")))


def pages_table(sizes: list[dict[str, Any]]) -> list[str]:
    """Per kind of page, per size: latency p50 / p95 / max and the server's CPU per request."""
    measured = [size for size in sizes if "pages" in size]
    kinds = list(dict.fromkeys(kind for size in measured for kind in size["pages"]))
    rows = []
    for kind in kinds:
        cells: list[Any] = [kind]
        for size in measured:
            page = size["pages"].get(kind)
            cells.append(
                f"{page['p50_ms']:.1f} / {page['p95_ms']:.1f} / {page['max_ms']:.1f} "
                f"({page['cpu_ms']:.1f})"
                if page
                else "–"
            )
        last = measured[-1]["pages"].get(kind)
        cells.append(f"{last['kib']:,.1f}" if last else "–")
        failed = sum(len(size["pages"].get(kind, {}).get("failed", [])) for size in measured)
        cells.append(failed)
        rows.append(cells)
    header = ["page"] + [f"{size['size']:,}: p50 / p95 / max ms (CPU ms)" for size in measured]
    return _table([*header, f"KiB at {measured[-1]['size']:,}", "not 200"], rows)


def growth_table(sizes: list[dict[str, Any]]) -> list[str]:
    """Each size against the one before: linear growth shows as ×cost ≈ ×size."""
    rows = []
    for before, after in zip(sizes, sizes[1:], strict=False):
        grow = after["size"] / before["size"]
        wall = med(after["ingest"]["single"], "wall_s") / med(before["ingest"]["single"], "wall_s")
        lat = [
            med(after["search"]["runs"]["vraagbaak"], k)
            / med(before["search"]["runs"]["vraagbaak"], k)
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
        peak = med(runs, lambda r: max(r["self_maxrss_kb"], r["tree_peak_pss_kb"]))
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


def _load(size: dict[str, Any]) -> str:
    load = size.get("load_average")
    return f" (load average at start / end: {load[0]:.1f} / {load[1]:.1f})" if load else ""


def render(results: dict[str, Any]) -> str:
    sizes = results["sizes"]
    machine = results["machine"]
    lines = [
        f"Run {results['date']} on {machine['cores']} cores, {machine['memory_gib']} GiB "
        f"({machine['cpu']}), Python {machine['python']}, SQLite {machine['sqlite']}, "
        f"tantivy {machine.get('tantivy', '?')}.",
        f"Command: `{results['command']}`"
        + (f" at commit {results['commit']}." if "commit" in results else ""),
        "",
        "### Corpus (words: lowercase runs of letters and digits, inner - and ' kept)",
        "",
        *corpus_table(sizes),
        "### Ingest (parse + index, end to end, own process)",
        "",
        *ingest_table(sizes),
        "### Search in process (top 10 with snippets and party facet, warm searcher)",
        "",
        *search_table(sizes),
    ]
    for size in sizes:
        lines += [f"Per query kind at {size['size']:,} questions{_load(size)}:", ""]
        lines += kind_table(size)
    for size in sizes:
        lines += [f"Queries and hits at {size['size']:,} questions:", "", *totals_table(size)]
    if all("update" in size for size in sizes):
        title = "### Update (`vraagbaak ingest LETTER`: one new letter into the 1-process index)"
        lines += [title, "", *update_table(sizes)]
    if any("http" in size for size in sizes):
        title = "### HTTP (/api/zoeken and question pages mixed, on 127.0.0.1)"
        lines += [title, "", *http_table(sizes)]
    if any("pages" in size for size in sizes):
        title = "### Every page a user opens (one client, warm server; CPU: the server's)"
        lines += [title, "", *pages_table(sizes)]
    if "cold_start" in results:
        lines += ["### Cold start (bundled corpus)", "", *cold_table(results["cold_start"])]
    if len(sizes) > 1:
        lines += ["### Growth", "", *growth_table(sizes)]
    return "\n".join(lines)


if __name__ == "__main__":
    data = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    print(render(data))
