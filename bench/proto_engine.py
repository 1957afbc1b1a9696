"""A bench-local prototype of a faster search path, to measure proposals before they land.

Not used by Vraagbaak: search/ is the lead's. Same results as SearchEngine.search
(same query, hits, snippets, facet and total); it differs only in how they are computed:

1. One unscored pass over the matching documents (the query without its optional phrase
   boost, which changes the order, never the set) gives the total and the facet, from
   per-party document sets cached per generation (they change only with the index),
   instead of a grouped search plus `len(results)` (two more full passes that score).
2. The party filter is one of those cached sets, not a query evaluated per search.
3. Highlighting re-tokenizes through a per-word cache of the analysis chain
   (bench.proto_highlight) instead of running the chain over each hit's text.

    python -m bench.proto_engine INDEX_ROOT     # compares both on the query mix
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from whoosh.query import And, AndMaybe, Query, Term
from whoosh.searching import Searcher

from bench.proto_highlight import CachedHighlighter, WordCachedAnalyzer
from bench.search_bench import latencies, load_queries, vraagbaak_runner
from search import related, snippets
from search.engine import SearchEngine, SearchResult, _check_paging, _sort_facet
from search.query import parse_query
from search.records import hit_dict
from search.suggest import FEW_HITS, suggest


def party_sets(searcher: Searcher) -> dict[str, set[int]]:
    """Document numbers per party, from the party field's postings (no stored fields read)."""
    reader = searcher.reader()
    sets = {}
    for term in reader.lexicon("party"):
        name = term.decode("utf-8") if isinstance(term, bytes) else term
        sets[name] = set(reader.postings("party", term).all_ids())
    return sets


def required(query: Query) -> Query:
    """The query without its optional parts (ANDMAYBE boosts): the same matching documents.

    The phrase boost only reorders; evaluating it (positions, per field) is wasted for a count.
    """
    if isinstance(query, AndMaybe):
        return required(query.a)
    return query.apply(required)


class ProtoEngine(SearchEngine):
    cached_highlighting = True
    single_count_pass = True

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self._sets: tuple[str, dict[str, set[int]]] | None = None
        self._analysis: tuple[str, dict[str, WordCachedAnalyzer]] | None = None

    def _analyzers(self, name: str) -> dict[str, WordCachedAnalyzer]:
        if self._analysis is None or self._analysis[0] != name:
            self._analysis = (name, {})
        return self._analysis[1]

    def _party_sets(self, name: str, searcher: Searcher) -> dict[str, set[int]]:
        if self._sets is None or self._sets[0] != name:
            self._sets = (name, party_sets(searcher))
        return self._sets[1]

    def search(  # noqa: PLR0913 - the same signature as SearchEngine.search
        self,
        text: str,
        parties: list[str] | tuple[str, ...] = (),
        document: str | None = None,
        sort: str = "relevantie",
        limit: int = 10,
        offset: int = 0,
        expand: bool = True,
    ) -> SearchResult:
        _check_paging(limit, offset, sort)
        live = self._live()
        searcher = live.searcher()
        parser = live.parser if expand else live.exact_parser
        parsed = parse_query(
            parser, text, expand=expand, known_code=lambda c: searcher.doc_frequency("exact", c) > 0
        )
        chosen = self.resolve_parties(parties)
        sets = self._party_sets(live.name, searcher)
        scoped: Query = (
            And([parsed.query, Term("document", document)]) if document else parsed.query
        )
        matched = set(searcher.docs_for_query(required(scoped)))
        counts = {p: n for p, docs in sets.items() if (n := len(docs & matched))}
        allowed = set().union(*(sets.get(p, set()) for p in chosen)) if chosen else None
        total = len(matched & allowed) if allowed is not None else len(matched)
        results = searcher.search(
            scoped, filter=allowed, limit=offset + limit, sortedby=_sort_facet(sort)
        )
        if self.cached_highlighting:
            results.highlighter = CachedHighlighter(self._analyzers(live.name))
        snippets.configure(results)
        page = [hit_dict(hit, snippet=_snippet(hit, searcher)) for hit in results[offset:]]
        result = SearchResult(
            query=parsed.text,
            total=total,
            facets={"party": dict(sorted(counts.items(), key=lambda i: (-i[1], i[0].casefold())))},
            hits=page[:limit],
            parties=chosen,
            document=document,
            sort=sort,
            limit=limit,
            offset=offset,
            expansions=parsed.expansions,
        )
        if result.total < FEW_HITS:
            result.suggestion = suggest(searcher, parser, parsed.text, live.surface)
        return result


def _snippet(hit: Any, searcher: Searcher) -> str:
    """As search.engine._snippet (the same three fields, the same fallbacks)."""
    pieces = [hit.highlights(name, top=1) for name in ("topic", "question", "answer")]
    found = [piece for piece in pieces[1:] if piece] or [p for p in pieces[:1] if p]
    if found:
        return " … ".join(found)
    via = related.resolved_snippet(hit, searcher)
    if via:
        return via
    return snippets.plain_snippet(hit.get("answer") or hit.get("question") or "")


def differences(root: Path) -> list[str]:
    """Queries of the mix for which the prototype's JSON differs from SearchEngine's."""
    ours, proto = SearchEngine(root), ProtoEngine(root)
    different = []
    for query in load_queries():
        parties = [query.party] if query.party else []
        if (
            ours.search(query.text, parties).to_json()
            != proto.search(query.text, parties).to_json()
        ):
            different.append(query.text)
    return different


def main(root: Path) -> int:
    queries = load_queries()
    print("differences:", differences(root) or "none")
    engines = {"SearchEngine": SearchEngine(root), "ProtoEngine": ProtoEngine(root)}
    for name, eng in engines.items():
        run = vraagbaak_runner(eng)
        for query in queries:
            run(query)
        start = time.perf_counter()
        figures = latencies(run, queries, budget_s=10)
        figures["wall_s"] = time.perf_counter() - start
        print(name, {k: v for k, v in figures.items() if k != "by_kind_median_ms"})
        print("  by kind:", {k: round(v, 1) for k, v in figures["by_kind_median_ms"].items()})
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1])))
