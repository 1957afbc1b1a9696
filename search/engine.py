"""The search API that the CLI and the web front end present.

One SearchEngine per process: it opens the live index generation once
(search.generation) and switches to a new one when an ingest has put it in place
(index.store), without a restart. Every query is answered from the search arrays
(search.evaluate); filters and facets come from them too (search.filters).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from index.arrays.format import IndexOutdatedError
from index.store import CURRENT, IndexDamagedError, IndexMissingError, read_current
from ingest.parties import canonical_party
from search import related
from search.export import MATCH_CHUNK, AllMatches, all_matches
from search.filters import FilterMasks, Filters, UnknownValueError, check_values, resolve_typed
from search.find import find, matching, parsed_query
from search.generation import OpenGeneration, Stamp, open_newest, stamp_of
from search.hits import full_order, hit_dicts, passages_for
from search.options import MAX_LIMIT, RELEVANCE, canonical_sort
from search.periods import PeriodCounts, period_counts
from search.query import (
    QuerySyntaxError,
    matching_part,
)
from search.query_terms import QueryTerms
from search.records import record_dict
from search.snippets import Passages
from search.soorten import canonical_soort
from search.suggest import FEW_HITS, suggest

# Filter fields whose values users type as they like: resolved to the index's spelling.
TYPED_FIELDS = ("member", "ministry", "minister")
# The askers' and office-holders' names (index.schema): a name is never "corrected".
NAMES_FIELD = "people"


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
    sort: str = RELEVANCE
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


class SearchEngine:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._open: OpenGeneration | None = None
        # CURRENT's stat when it last named the open generation: an unchanged file
        # (an ingest replaces it, index.store) need not be read again.
        self._seen: tuple[Stamp, OpenGeneration] | None = None
        self._lock = threading.Lock()

    # -- the live generation -------------------------------------------------
    def _live(self) -> OpenGeneration:
        """The generation CURRENT names, opened. CURRENT is looked at once per call
        (every public method calls this once and passes the generation on): a stat,
        and a read only when the file changed."""
        stamp = stamp_of(self.root / CURRENT)
        seen = self._seen
        if seen is not None and stamp is not None and seen[0] == stamp:
            return seen[1]
        current = read_current(self.root)
        with self._lock:
            if self._open is None or self._open.current != current:
                # The old generation is not closed here: a search of another thread may
                # still be reading it. It holds no reference cycle, so its readers and
                # maps are released as the last search using it returns.
                self._open = open_newest(self.root)
            self._seen = (stamp, self._open)
            return self._open

    def close(self) -> None:
        """Close the open generation's files (its Whoosh readers, its mapped arrays),
        when no search is running (a test at its end, a process at exit); a later call
        opens the live generation anew."""
        with self._lock:
            opened, self._open, self._seen = self._open, None, None
        if opened is not None:
            opened.close()

    def __enter__(self) -> SearchEngine:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def recovery_notice(self) -> str | None:
        """A Dutch line when the generation searched is not the live one (CURRENT broken,
        the live generation damaged): what is wrong and which generation answers."""
        generation = self._live().generation
        if not generation.is_fallback:
            return None
        completed = datetime.fromtimestamp(generation.completed).strftime("%Y-%m-%d %H:%M")
        return (
            f"Let op: de index in {self.root} is beschadigd ({'; '.join(generation.instead_of)}). "
            f"Gezocht wordt in de nieuwste intacte generatie, {generation.path.name} "
            f"(voltooid {completed}). De volgende vraagbaak ingest werkt die bij en maakt haar "
            "weer de actuele; details: vraagbaak check"
        )

    @property
    def catalog(self) -> dict[str, Any]:
        return self._live().generation.catalog

    def warm(self) -> None:
        """Open the live generation and load what every search needs (a server worker
        calls this at start, so its first visitor does not wait for it)."""
        try:
            if self.is_ready():
                self._live().warm()
        except IndexMissingError:
            pass  # outdated or damaged: every request says so; a worker must still start

    def is_ready(self) -> bool:
        """Whether there is an index; IndexOutdatedError when it must be rebuilt first,
        IndexDamagedError when it has no generation left that opens."""
        try:
            self._live()
        except (IndexOutdatedError, IndexDamagedError):
            raise
        except IndexMissingError:
            return False
        return True

    # -- parties ---------------------------------------------------------------
    def known_parties(self) -> list[str]:
        return list(self._live().known_parties)

    def resolve_parties(self, names: list[str] | tuple[str, ...]) -> list[str]:
        """Canonical names for what a user typed; UnknownPartyError for an unknown one."""
        return _resolve_parties(self._live(), names)

    # -- search ----------------------------------------------------------------
    def search(
        self,
        text: str | None,
        parties: list[str] | tuple[str, ...] = (),
        document: str | None = None,
        sort: str = RELEVANCE,
        limit: int = 10,
        offset: int = 0,
        expand: bool = True,
        filters: Filters | None = None,
        like: bool = False,
    ) -> SearchResult:
        """Search; ``expand=False`` is exact search: no synonyms, no compound parts.

        `parties` (aliases allowed) and `document` are filters as the pages pass them;
        `filters` holds any others (search.filters): values per filter field, an
        answer date range and kinds of document. Facets count per party, ministry,
        member and year. `text` None matches every record the filters let through (a
        member's records, the newest Kamervragen); an empty text is a QuerySyntaxError.

        ``like`` is find by example ("Lijkt op"): `text` is a passage, say a draft
        question, and the records rank by how much of its significant vocabulary they
        share (search.related), any of its key terms enough for a match.
        """
        _check_paging(limit, offset, sort)
        sort = canonical_sort(sort)
        live = self._live()
        parsed = parsed_query(live, text, expand, like)
        chosen = _resolve_parties(live, parties)
        scope = self._filters(live, filters or Filters(), chosen, document)
        found = find(live, parsed.query, scope, sort, offset + limit)
        result = SearchResult(
            query=parsed.text,
            total=found.total,
            facets=found.facets,
            hits=hit_dicts(live, found.matches, found.top[offset:], parsed.query),
            parties=chosen,
            document=document,
            sort=sort,
            limit=limit,
            offset=offset,
            expansions=parsed.expansions,
        )
        if result.total < FEW_HITS and parsed.text and not like:
            vocabulary_field = live.schema[live.vocabulary.field.name]
            result.suggestion = suggest(
                live.vocabulary,
                vocabulary_field,
                parsed.text,
                live.surface,
                names=live.arrays.field(NAMES_FIELD),
            )
        return result

    def every_match(
        self,
        text: str | None,
        filters: Filters | None = None,
        sort: str = RELEVANCE,
        expand: bool = True,
    ) -> AllMatches:
        """Every match of a search in the order `sort` gives, for an export: the query
        and the filters are checked here, before anything is read (so a mistake is an
        error, not a broken download); the records are read when `chunks` is iterated,
        MATCH_CHUNK at a time, as record dicts (search.records) with their score."""
        sort = canonical_sort(sort)
        live = self._live()
        parsed = parsed_query(live, text, expand)
        scope = self._filters(live, filters or Filters(), [], None)
        matches, _, shown = matching(live, parsed.query, scope, top=None)
        return all_matches(live, parsed.text, *full_order(live, matches, shown, sort))

    def period_counts(
        self,
        text: str | None,
        parties: list[str] | tuple[str, ...] = (),
        document: str | None = None,
        expand: bool = True,
        filters: Filters | None = None,
        by: str = "party",
    ) -> PeriodCounts:
        """The matches of a search (the same arguments as `search`) per value of the
        filter field `by` and per year or month (search.periods): the chart's numbers."""
        live = self._live()
        parsed = parsed_query(live, text, expand)
        scope = self._filters(live, filters or Filters(), _resolve_parties(live, parties), document)
        allowed = FilterMasks(live, scope).allowed()
        matches = live.evaluator.evaluate(matching_part(parsed.query), allowed=allowed)
        return period_counts(live, matches.mask if allowed is None else matches.mask & allowed, by)

    def passages(self, text: str, expand: bool = True) -> Passages:
        """What the snippets of this query mark (its terms per field, each field's
        analyzer), to mark them in a whole record: the question page of a hit."""
        live = self._live()
        parsed = parsed_query(live, text, expand)
        return passages_for(live, QueryTerms(live.arrays).all(parsed.query), parsed.query)

    def similar_to(
        self, text: str, filters: Filters | None = None, limit: int = 10
    ) -> list[dict[str, Any]]:
        """The records most like a passage (say, a draft question), best first, each with
        its score: the more-like-this of the question pages (search.related)."""
        _check_paging(limit, 0, RELEVANCE)
        live = self._live()
        scope = self._filters(live, filters or Filters(), [], None)
        allowed = FilterMasks(live, scope).allowed()
        found = related.like(live, text, limit, allowed=allowed, in_index=False)
        return [
            {**record_dict(live.stored(docnum)), "score": round(score, 4)}
            for score, docnum in found
        ]

    def resolve_values(self, field: str, typed: list[str] | tuple[str, ...]) -> tuple[str, ...]:
        """The index's spelling of each value a user typed for a member, ministry or
        office-holder ("kostic" → "Kostić", "BZK" → "Ministerie van Binnenlandse Zaken en
        Koninkrijksrelaties", search.names); UnknownValueError for one no record has."""
        return resolve_typed(self._live(), field, typed)

    def _filters(
        self, live: OpenGeneration, filters: Filters, parties: list[str], document: str | None
    ) -> Filters:
        """`filters` with the pages' party and document filters added, parties resolved
        (aliases), typed names resolved, every value checked: UnknownPartyError,
        UnknownValueError, LookupError for an unknown document, UnknownSoortError."""
        values = dict(filters.values)
        values["party"] = tuple(_resolve_parties(live, [*values.get("party", ()), *parties]))
        if document is not None:
            values["document"] = (*values.get("document", ()), document)
        for name in values.get("document", ()):
            if name not in live.generation.catalog["documents"]:
                raise LookupError(f"Onbekend document: {name!r}.")
        for name in TYPED_FIELDS:
            if values.get(name):
                values[name] = resolve_typed(live, name, values[name])
        soorten = tuple(dict.fromkeys(canonical_soort(s) for s in filters.soorten))
        checked = Filters(values, filters.first_day, filters.last_day, soorten)
        check_values(live, checked)
        return checked

    # -- single records and documents -------------------------------------------
    def question(self, document_id: str, number: int) -> dict[str, Any] | None:
        """A question with its answer, footnotes and the three lists of related answers."""
        live = self._live()
        docnum = live.record(document_id, number)
        if docnum is None:
            return None
        stored = live.stored(docnum)
        record = record_dict(stored)
        record["document_info"] = self.catalog["documents"].get(document_id)
        record.update(related.related_records(live, docnum, stored))
        return record

    def document(self, document_id: str) -> dict[str, Any] | None:
        info = self.catalog["documents"].get(document_id)
        if info is None:
            return None
        live = self._live()
        records = sorted(
            (record_dict(live.stored(int(d))) for d in live.records_of("document", document_id)),
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


def _resolve_parties(live: OpenGeneration, names: list[str] | tuple[str, ...]) -> list[str]:
    known = list(live.known_parties)
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


def _check_paging(limit: int, offset: int, sort: str) -> None:
    if not 1 <= limit <= MAX_LIMIT:
        raise ValueError(f"limit moet tussen 1 en {MAX_LIMIT} liggen (gegeven: {limit}).")
    if offset < 0:
        raise ValueError(f"offset mag niet negatief zijn (gegeven: {offset}).")
    canonical_sort(sort)


__all__ = [
    "MATCH_CHUNK",
    "AllMatches",
    "Filters",
    "IndexDamagedError",
    "IndexMissingError",
    "IndexOutdatedError",
    "QuerySyntaxError",
    "SearchEngine",
    "SearchResult",
    "UnknownPartyError",
    "UnknownValueError",
]
