"""The search API that the CLI and the web front end present.

One SearchEngine per process: it opens the live index generation once, keeps a
searcher per thread, and switches to a new generation when an ingest has put
one in place (index.store), without a restart.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import index as whoosh_index
from whoosh import sorting
from whoosh.query import And, Every, Query, Term
from whoosh.searching import Results, Searcher

from index.arrays.postings import read_postings, term_text
from index.store import Generation, IndexMissingError, live_generation_name, open_generation
from index.surface import read_surface_forms
from ingest.parties import canonical_party
from search import related, snippets
from search.collect import MatchRecordingCollector
from search.evaluate import Evaluator, Unsupported, top_by_rank, top_by_score
from search.query import QuerySyntaxError, make_parser, matching_part, parse_query
from search.records import hit_dict, record_dict
from search.suggest import FEW_HITS, Vocabulary, suggest

MAX_LIMIT = 100
SORTS = ("relevantie", "datum")


class UnknownPartyError(ValueError):
    def __init__(self, name: str, known: list[str]) -> None:
        super().__init__(f"Onbekende partij: {name!r}. Bekende partijen: {', '.join(known)}.")
        self.name = name
        self.known = known


@dataclass
class SearchResult:
    query: str
    total: int
    facets: dict[str, dict[str, int]]
    hits: list[dict[str, Any]]
    parties: list[str] = field(default_factory=list)
    document: str | None = None
    sort: str = "relevantie"
    limit: int = 10
    offset: int = 0
    suggestion: str | None = None
    expansions: list[str] = field(default_factory=list)  # "ook gezocht op: NATO"

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "total": self.total,
            "facets": self.facets,
            "hits": self.hits,
            "suggestion": self.suggestion,
            "expansions": self.expansions,
        }


class _OpenGeneration:
    """One opened generation: the Whoosh index, its parser, a searcher per thread."""

    def __init__(self, generation: Generation) -> None:
        self.generation = generation
        self.name = generation.path.name
        self.ix = whoosh_index.open_dir(str(generation.path))
        self.parser = make_parser(self.ix.schema)
        self.exact_parser = make_parser(self.ix.schema, expand=False)
        self.surface = read_surface_forms(generation.path)
        self._local = threading.local()
        self._party_docs: dict[str, frozenset[int]] | None = None
        self._party_arrays: dict[str, np.ndarray] | None = None
        self._date_rank: np.ndarray | None = None
        self._known_parties: tuple[str, ...] | None = None
        self._vocabulary: Vocabulary | None = None
        store = read_postings(generation.path)
        # Without posting arrays (an index written before they existed) Whoosh scores alone.
        self.evaluator = Evaluator(store) if store is not None else None

    def searcher(self) -> Searcher:
        searcher = getattr(self._local, "searcher", None)
        if searcher is None:
            searcher = self.ix.searcher()
            self._local.searcher = searcher
        return searcher

    def party_docs(self) -> dict[str, frozenset[int]]:
        """Document numbers per party, read once per generation from the party postings.

        They change only with the index, so facets and party filters become set
        operations instead of queries.
        """
        if self._party_docs is None:
            reader = self.searcher().reader()
            self._party_docs = {
                term_text(term): frozenset(reader.postings("party", term).all_ids())
                for term in reader.lexicon("party")
            }
        return self._party_docs

    def known_parties(self) -> tuple[str, ...]:
        """Every party of the catalog, once per generation (thousands of letters)."""
        if self._known_parties is None:
            documents = self.generation.catalog["documents"].values()
            names = {p for d in documents for p in d["parties"]}
            self._known_parties = tuple(sorted(names, key=str.casefold))
        return self._known_parties

    def party_arrays(self) -> dict[str, np.ndarray]:
        """Document numbers per party as arrays: from the exported party postings, or
        (an index without them) from Whoosh's."""
        if self._party_arrays is None:
            party = self.evaluator.store.fields.get("party") if self.evaluator else None
            if party is not None:
                self._party_arrays = {
                    name: np.asarray(party.postings(row)[0], dtype=np.int64)
                    for name, row in party.terms.items()
                }
            else:
                self._party_arrays = {
                    name: np.fromiter(sorted(docs), dtype=np.int64, count=len(docs))
                    for name, docs in self.party_docs().items()
                }
        return self._party_arrays

    def date_rank(self) -> np.ndarray:
        """Each document's place in the date order (newest first), computed once by
        Whoosh's own sort over every document, so both paths order alike."""
        if self._date_rank is None:
            searcher = self.searcher()
            order = searcher.search(Every(), limit=None, sortedby=_sort_facet("datum"))
            rank = np.full(searcher.doc_count_all(), searcher.doc_count_all(), dtype=np.int64)
            for place, (_, docnum) in enumerate(order.top_n):
                rank[docnum] = place
            self._date_rank = rank
        return self._date_rank

    def document_docs(self, document: str) -> np.ndarray:
        field = self.evaluator.store.fields.get("document") if self.evaluator else None
        row = field.row(document) if field is not None else None
        if row is not None:
            return np.asarray(field.postings(row)[0], dtype=np.int64)
        docs = self.searcher().reader().postings("document", document).all_ids()
        return np.fromiter(docs, dtype=np.int64)

    def vocabulary(self) -> Vocabulary | None:
        """The exact field's words for spelling suggestions, once per generation."""
        if self._vocabulary is None and self.evaluator is not None:
            exact = self.evaluator.store.fields.get("exact")
            if exact is not None:
                self._vocabulary = Vocabulary(exact.sorted_terms)
        return self._vocabulary

    def document_mask(self, document: str) -> np.ndarray:
        mask = np.zeros(self.evaluator.size if self.evaluator else 0, dtype=bool)
        mask[self.document_docs(document)] = True
        return mask

    def warm(self) -> None:
        """What every search needs, loaded before the first one asks for it."""
        self.searcher()
        self.party_arrays()
        self.known_parties()
        self.vocabulary()


@dataclass
class _Page:
    """What one search pass yields: the hits of the page and the counts of all matches."""

    results: Any
    total: int
    counts: dict[str, int]


class SearchEngine:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._open: _OpenGeneration | None = None
        self._lock = threading.Lock()

    # -- the live generation -------------------------------------------------
    def _live(self) -> _OpenGeneration:
        name = live_generation_name(self.root)
        current = self._open
        if current is not None and current.name == name:
            return current
        with self._lock:
            if self._open is None or self._open.name != live_generation_name(self.root):
                self._open = _OpenGeneration(open_generation(self.root))
            return self._open

    @property
    def catalog(self) -> dict[str, Any]:
        return self._live().generation.catalog

    def warm(self) -> None:
        """Open the live generation and load what every search needs (a server worker
        calls this at start, so its first visitor does not wait for it)."""
        if self.is_ready():
            self._live().warm()

    def is_ready(self) -> bool:
        try:
            self._live()
        except IndexMissingError:
            return False
        return True

    # -- parties ---------------------------------------------------------------
    def known_parties(self) -> list[str]:
        return list(self._live().known_parties())

    def resolve_parties(self, names: list[str] | tuple[str, ...]) -> list[str]:
        """Canonical names for what a user typed; UnknownPartyError for an unknown one."""
        known = self.known_parties()
        by_fold = {k.casefold(): k for k in known}
        resolved: list[str] = []
        for name in names:
            if not name.strip():
                continue
            canonical = canonical_party(name)
            match = by_fold.get(canonical.casefold()) or by_fold.get(name.strip().casefold())
            if match is None:
                raise UnknownPartyError(name, known)
            if match not in resolved:
                resolved.append(match)
        return resolved

    # -- search ----------------------------------------------------------------
    def search(
        self,
        text: str,
        parties: list[str] | tuple[str, ...] = (),
        document: str | None = None,
        sort: str = "relevantie",
        limit: int = 10,
        offset: int = 0,
        expand: bool = True,
    ) -> SearchResult:
        """Search; ``expand=False`` is exact search: no synonyms, no compound parts."""
        _check_paging(limit, offset, sort)
        live = self._live()
        searcher = live.searcher()
        parser = live.parser if expand else live.exact_parser
        parsed = parse_query(
            parser, text, expand=expand, known_code=lambda c: searcher.doc_frequency("exact", c) > 0
        )
        chosen = self.resolve_parties(parties)
        if document is not None and document not in self.catalog["documents"]:
            raise LookupError(f"Onbekend document: {document!r}.")
        found = _fast_page(live, parsed.query, chosen, document, offset + limit, sort)
        if found is None:
            found = _whoosh_page(live, parsed.query, chosen, document, offset + limit, sort)
        passages = snippets.Passages(found.results)
        shown = found.results[offset : offset + limit]
        page = [hit_dict(hit, snippet=_snippet(hit, passages, searcher)) for hit in shown]
        result = SearchResult(
            query=parsed.text,
            total=found.total,
            facets={"party": found.counts},
            hits=page,
            parties=chosen,
            document=document,
            sort=sort,
            limit=limit,
            offset=offset,
            expansions=parsed.expansions,
        )
        if result.total < FEW_HITS:
            result.suggestion = suggest(
                searcher, parser, parsed.text, live.surface, live.vocabulary()
            )
        return result

    # -- single records and documents -------------------------------------------
    def question(self, document_id: str, number: int) -> dict[str, Any] | None:
        """A question with its answer, footnotes and the three lists of related answers."""
        searcher = self._live().searcher()
        stored = searcher.document(key=f"{document_id}/{number}")
        if stored is None:
            return None
        record = record_dict(stored)
        record["document_info"] = self.catalog["documents"].get(document_id)
        record.update(related.related_records(searcher, stored))
        return record

    def document(self, document_id: str) -> dict[str, Any] | None:
        info = self.catalog["documents"].get(document_id)
        if info is None:
            return None
        searcher = self._live().searcher()
        records = sorted(
            (record_dict(s) for s in searcher.documents(document=document_id)),
            key=lambda r: r["position"],
        )
        return {**info, "records": records}

    def documents(self) -> list[dict[str, Any]]:
        entries = self.catalog["documents"].values()
        return sorted(entries, key=lambda d: (d["date"] or "", d["id"]), reverse=True)

    def stats(self) -> dict[str, Any]:
        documents = self.documents()
        dates = sorted(d["date"] for d in documents if d["date"])
        return {
            "documents": len(documents),
            "questions": sum(d["questions"] for d in documents),
            "first_date": dates[0] if dates else None,
            "last_date": dates[-1] if dates else None,
            "parties": self.known_parties(),
        }


def _check_paging(limit: int, offset: int, sort: str) -> None:
    if not 1 <= limit <= MAX_LIMIT:
        raise ValueError(f"limit moet tussen 1 en {MAX_LIMIT} liggen (gegeven: {limit}).")
    if offset < 0:
        raise ValueError(f"offset mag niet negatief zijn (gegeven: {offset}).")
    if sort not in SORTS:
        raise ValueError(f"Onbekende sortering {sort!r}; kies uit: {', '.join(SORTS)}.")


def _fast_page(
    live: _OpenGeneration,
    query: Query,
    chosen: list[str],
    document: str | None,
    limit: int,
    sort: str,
) -> _Page | None:
    """The page from the posting arrays (None: the query needs Whoosh itself)."""
    if live.evaluator is None:
        return None
    in_document = live.document_mask(document) if document is not None else None
    allowed = _allowed(live, chosen, in_document)
    try:
        top = limit if sort == "relevantie" else None  # by date no score is shown
        matches = live.evaluator.evaluate(query, top=top, allowed=allowed)
    except Unsupported:
        return None
    mask = matches.mask
    if in_document is not None:
        mask &= in_document
    counts = {party: int(mask[docs].sum()) for party, docs in live.party_arrays().items()}
    if allowed is not None:
        mask &= allowed
    shown = np.flatnonzero(mask)
    if sort == "relevantie":
        top = top_by_score(shown, matches.scores, limit)
    else:
        # Sorted by date a hit has no relevance score to show (README): 0, as from Whoosh.
        top = [(0.0, d) for d in top_by_rank(shown, live.date_rank(), limit)]
    return _Page(Results(live.searcher(), query, top), len(shown), _ordered_counts(counts))


def _allowed(
    live: _OpenGeneration, chosen: list[str], in_document: np.ndarray | None
) -> np.ndarray | None:
    """The records the party and document filters let through (None: all)."""
    if not chosen:
        return in_document
    allowed = np.zeros(live.evaluator.size, dtype=bool)
    party_arrays = live.party_arrays()
    for party in chosen:
        allowed[party_arrays.get(party, [])] = True
    return allowed if in_document is None else allowed & in_document


def _whoosh_page(
    live: _OpenGeneration,
    query: Query,
    chosen: list[str],
    document: str | None,
    limit: int,
    sort: str,
) -> _Page:
    """The page from Whoosh's matchers: for queries the arrays cannot answer."""
    searcher = live.searcher()
    scoped = And([query, Term("document", document)]) if document else query
    party_docs = live.party_docs()
    # Whoosh takes a plain set of document numbers as a filter.
    allowed = set().union(*(party_docs.get(p, ()) for p in chosen)) if chosen else None
    results, matched = _run(searcher, scoped, allowed, limit, sort)
    total = len(matched & allowed) if allowed is not None else len(matched)
    return _Page(results, total, _facet_counts(party_docs, matched))


def _run(
    searcher: Searcher, query: Query, allowed: set[int] | None, limit: int, sort: str
) -> tuple[Any, set[int]]:
    """The top `limit` hits among `allowed`, and every matching document number."""
    if sort == "relevantie":
        collector = MatchRecordingCollector(limit, allowed)
        searcher.search_with_collector(query, collector)
        return collector.results(), set(collector.matched)
    # Sorted by date: count in one unscored pass (without the proximity bonus, which
    # only reorders), then let Whoosh sort the allowed matches.
    matched = set(searcher.docs_for_query(matching_part(query)))
    return searcher.search(query, filter=allowed, limit=limit, sortedby=_sort_facet(sort)), matched


def _facet_counts(party_docs: dict[str, frozenset[int]], matched: set[int]) -> dict[str, int]:
    return _ordered_counts({party: len(docs & matched) for party, docs in party_docs.items()})


def _ordered_counts(counts: dict[str, int]) -> dict[str, int]:
    """Hits per party for the whole query (not one page), ignoring the party filter
    itself: the parties with hits, most first."""
    found = [(party, n) for party, n in counts.items() if n]
    return dict(sorted(found, key=lambda item: (-item[1], item[0].casefold())))


def _sort_facet(sort: str) -> Any:
    if sort == "datum":
        return sorting.MultiFacet(
            [
                sorting.FieldFacet("date", reverse=True),
                sorting.FieldFacet("document"),
                sorting.FieldFacet("position"),
            ]
        )
    return None


def _snippet(hit: Any, passages: snippets.Passages, searcher: Searcher) -> str:
    # The topic heading only when neither the question nor the answer shows a match.
    found = [piece for name in ("question", "answer") if (piece := passages.passage(hit, name))]
    if not found and (topic := passages.passage(hit, "topic")):
        found = [topic]
    if found:
        return " … ".join(found)
    via = related.resolved_snippet(hit, searcher, passages)
    if via:
        return via
    return snippets.plain_snippet(hit.get("answer") or hit.get("question") or "")


__all__ = [
    "IndexMissingError",
    "QuerySyntaxError",
    "SearchEngine",
    "SearchResult",
    "UnknownPartyError",
]
