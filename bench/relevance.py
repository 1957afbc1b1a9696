"""Relevance of Vraagbaak against the SQLite FTS5 peer, on hand-made judgments.

    python -m bench.relevance            print the markdown tables
    python -m bench.relevance --write    also write them into RELEVANCE.md

The judgments (tests/relevance/judgments.json) were written by reading the
bundled letter. Every system searches the same records with the same query
text: Vraagbaak with both stemmers, with and without expansion (synonyms and
compound parts), FTS5 with ``unicode61 remove_diacritics 2`` and tantivy with
its Dutch stemmer (bench.tantivy_peer). A second table covers the ten real
Aanhangsel letters: judged queries and find by example (bench.relevance_realdocs).
"""

from __future__ import annotations

import json
import math
import sqlite3
import sys
import tempfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench import relevance_realdocs as realdocs
from bench.fts5 import Fts5Peer
from bench.tantivy_peer import TantivyPeer
from index.analysis.stemmers import STEMMERS
from index.build import build_index
from ingest import load
from ingest.records import Document
from search.config import BUNDLED_CORPUS, PROJECT_ROOT
from search.engine import SearchEngine
from search.query import QuerySyntaxError

JUDGMENTS = PROJECT_ROOT / "tests" / "relevance" / "judgments.json"
REPORT = PROJECT_ROOT / "RELEVANCE.md"
CUTOFF = 10
START, END = "<!-- relevance:start -->", "<!-- relevance:end -->"
REALDOCS_START, REALDOCS_END = "<!-- realdocs:start -->", "<!-- realdocs:end -->"

Ranking = list[int | None]  # question numbers in rank order; None for a non-question record
Runner = Callable[[dict], Ranking]


@dataclass(frozen=True)
class Scores:
    mrr: float
    recall: float
    ndcg: float


def load_judgments(path: Path = JUDGMENTS) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["queries"]


def score(ranking: Ranking, relevant: set[int], cutoff: int = CUTOFF) -> Scores:
    """MRR, recall and binary nDCG at ``cutoff`` for one query."""
    top = ranking[:cutoff]
    hits = [n in relevant for n in top]
    rr = next((1 / (i + 1) for i, hit in enumerate(hits) if hit), 0.0)
    recall = len({n for n in top if n in relevant}) / len(relevant)
    dcg = sum(1 / math.log2(i + 2) for i, hit in enumerate(hits) if hit)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(len(relevant), cutoff)))
    return Scores(rr, recall, dcg / ideal)


def mean(scores: list[Scores]) -> Scores:
    n = len(scores) or 1
    return Scores(
        sum(s.mrr for s in scores) / n,
        sum(s.recall for s in scores) / n,
        sum(s.ndcg for s in scores) / n,
    )


def evaluate(run: Runner, judgments: list[dict]) -> dict[str, Scores]:
    """Per query id, the scores of ``run``."""
    return {j["id"]: score(run(j), set(j["relevant"])) for j in judgments}


def vraagbaak_runner(engine: SearchEngine, expand: bool = True) -> Runner:
    """Search like a user: the party filter, and a click on "Bedoelde u" when nothing is found."""

    def run(judgment: dict) -> Ranking:
        parties = [judgment["party"]] if judgment.get("party") else []
        try:
            result = engine.search(judgment["query"], parties=parties, limit=CUTOFF, expand=expand)
            if result.total == 0 and result.suggestion and judgment.get("follow_suggestion"):
                result = engine.search(result.suggestion, parties=parties, limit=CUTOFF)
        except QuerySyntaxError:
            return []
        return [hit.get("number") for hit in result.hits]

    return run


def fts5_runner(peer: Fts5Peer | TantivyPeer) -> Runner:
    """A peer's ranking by question number (its records' keys); either peer."""

    def run(judgment: dict) -> Ranking:
        try:
            hits = peer.search(judgment["query"], limit=CUTOFF, party=judgment.get("party"))
        except (sqlite3.OperationalError, ValueError):
            return []
        return [_number(hit.key) for hit in hits]

    return run


def _number(key: str) -> int | None:
    tail = key.rsplit("/", 1)[-1]
    return int(tail) if tail.isdigit() else None


def all_runs(documents: list[Document], workdir: Path) -> dict[str, dict[str, Scores]]:
    """Every system's per-query scores: Vraagbaak per stemmer ± expansion, and FTS5."""
    judgments = load_judgments()
    runs: dict[str, dict[str, Scores]] = {}
    for stemmer in STEMMERS:
        root = workdir / stemmer
        build_index(documents, root, stemmer=stemmer)
        engine = SearchEngine(root)
        runs[f"Vraagbaak {stemmer}"] = evaluate(vraagbaak_runner(engine), judgments)
        runs[f"Vraagbaak {stemmer}, exact"] = evaluate(vraagbaak_runner(engine, False), judgments)
    peer = Fts5Peer()
    peer.build(documents)
    runs["SQLite FTS5"] = evaluate(fts5_runner(peer), judgments)
    peer.close()
    runs["tantivy"] = evaluate(fts5_runner(tantivy_peer(documents, workdir)), judgments)
    return runs


def tantivy_peer(documents: list[Document], workdir: Path, name: str = "tantivy") -> TantivyPeer:
    peer = TantivyPeer(workdir / name, create=True)
    peer.build(documents)
    return peer


def realdocs_runs(bundled: list[Document], workdir: Path) -> tuple[dict, list[dict]]:
    """Every system on the real letters' judged queries and find-by-example pairs (kp
    only: the stemmers' difference is measured on the bundled letter)."""
    letters = load([realdocs.LETTERS]).documents
    documents = [*bundled, *letters]
    judged = realdocs.load_judgments(documents)
    pairs = realdocs.like_pairs(letters, realdocs.like_min_answer_words())
    blank = [*bundled, *realdocs.without_questions(letters)]
    build_index(documents, workdir / "realdocs")
    build_index(blank, workdir / "realdocs-like")
    engine, like_engine = (
        SearchEngine(workdir / "realdocs"),
        SearchEngine(workdir / "realdocs-like"),
    )
    places = realdocs.places_by_key(documents)
    fts5, fts5_like = realdocs.fts5_peer(documents), realdocs.fts5_peer(blank)
    peers = {
        "SQLite FTS5": (fts5, fts5_like),
        "tantivy": (tantivy_peer(documents, workdir), tantivy_peer(blank, workdir, "tantivy-like")),
    }
    runs: dict[str, dict[str, Scores]] = {}
    for name, expand in (("Vraagbaak kp", True), ("Vraagbaak kp, exact", False)):
        runs[name] = {
            **evaluate(realdocs.vraagbaak_runner(engine, CUTOFF, expand), judged),
            **evaluate(realdocs.vraagbaak_runner(like_engine, CUTOFF, expand, like=True), pairs),
        }
    for name, (peer, like_peer) in peers.items():
        runs[name] = {
            **evaluate(realdocs.peer_runner(peer, places, CUTOFF), judged),
            **evaluate(realdocs.peer_runner(like_peer, places, CUTOFF, any_word=True), pairs),
        }
    fts5.close()
    fts5_like.close()
    return runs, [*judged, *pairs]


def markdown(runs: dict[str, dict[str, Scores]], judgments: list[dict], what: str = "") -> str:
    """The overall table, then nDCG@10 per kind of query."""
    lines = [
        f"Judged queries: {len(judgments)}{what}. Metrics at {CUTOFF}; 'exact' = expansion "
        "off (no synonyms, no compound parts).",
        "",
        "| system | MRR@10 | recall@10 | nDCG@10 |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, per_query in runs.items():
        m = mean(list(per_query.values()))
        lines.append(f"| {name} | {m.mrr:.3f} | {m.recall:.3f} | {m.ndcg:.3f} |")
    kinds: dict[str, list[str]] = defaultdict(list)
    for j in judgments:
        kinds[j["kind"]].append(j["id"])
    lines += ["", "nDCG@10 per kind of query:", ""]
    lines.append("| kind (queries) | " + " | ".join(runs) + " |")
    lines.append("| --- |" + " ---: |" * len(runs))
    for kind, ids in kinds.items():
        cells = [f"{mean([runs[name][i] for i in ids]).ndcg:.3f}" for name in runs]
        lines.append(f"| {kind} ({len(ids)}) | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def write_block(path: Path, table: str, start: str = START, end: str = END) -> None:
    """Replace only the delimited block of ``path`` (create the file if needed)."""
    block = f"{start}\n{table}\n{end}"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if start in text and end in text:
        head, rest = text.split(start, 1)
        text = head + block + rest.split(end, 1)[1]
    else:
        text = (text.rstrip() + "\n\n" if text else "") + block + "\n"
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    documents = load([BUNDLED_CORPUS]).documents
    with tempfile.TemporaryDirectory(prefix="vraagbaak-relevance-") as tmp:
        runs = all_runs(documents, Path(tmp))
        real_runs, real_judgments = realdocs_runs(documents, Path(tmp))
    table = markdown(runs, load_judgments())
    real_table = markdown(
        real_runs,
        real_judgments,
        f" ({sum(j['kind'] != realdocs.LIKE_KIND for j in real_judgments)} judged, the rest"
        " find-by-example pairs) over the ten Aanhangsel letters and the bundled letter",
    )
    print(table, real_table, sep="\n\n")
    if "--write" in argv:
        write_block(REPORT, table)
        write_block(REPORT, real_table, REALDOCS_START, REALDOCS_END)
        print(f"\nwritten to {REPORT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
