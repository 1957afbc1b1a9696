"""One search pass over the live generation: the query parsed, its matches evaluated
over the arrays, the filters applied, the facets counted and the first hits ranked.

SearchEngine (search.engine) checks what a caller passes and builds its answer from
these; an export (search.export) and the chart (search.periods) use the same matches.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from whoosh.query import Every, NullQuery, Query

from index.schema import FACET_FIELDS, IDENTIFIERS_FIELD
from search import related
from search.evaluate import Matches
from search.expand import Known
from search.filters import Facets, FilterMasks, Filters
from search.generation import OpenGeneration
from search.hits import ranked
from search.options import RELEVANCE
from search.query import ParsedQuery, check_passage, parse_query


@dataclass
class Found:
    """One search pass: the matches, how many the filters let through, the facet counts
    and the first hits in order as (score, record number)."""

    matches: Matches
    total: int
    facets: dict[str, dict[str, int]]
    top: list[tuple[float, int]]


def find(live: OpenGeneration, query: Query, filters: Filters, sort: str, limit: int) -> Found:
    """Evaluate `query` once for the first `limit` hits and the counts of all matches."""
    top = limit if sort == RELEVANCE else None  # by date no score is shown
    matches, masks, shown = matching(live, query, filters, top)
    facets = Facets(live, FACET_FIELDS).counts(matches, masks)
    return Found(matches, len(shown), facets, ranked(live, matches, shown, sort, limit))


def matching(
    live: OpenGeneration, query: Query, filters: Filters, top: int | None
) -> tuple[Matches, FilterMasks, np.ndarray]:
    """The matches of `query` (exact scores for the best `top`, None: for all), the
    filters' masks, and the record numbers the filters let through (ascending)."""
    masks = FilterMasks(live, filters)
    allowed = masks.allowed()
    matches = live.evaluator.evaluate(query, top=top, allowed=allowed)
    rows = matches.rows
    shown = rows if allowed is None else rows[allowed[rows]]
    return matches, masks, shown


def parsed_query(
    live: OpenGeneration, text: str | None, expand: bool, like: bool = False
) -> ParsedQuery:
    """The query a search runs: the user's syntax parsed (with `expand`, synonyms and
    compound parts too), or a passage's more-like-this (a passage sharing no term with the
    index matches nothing). None: every record (search.evaluate's Every)."""
    if text is None:
        return ParsedQuery(text="", query=Every(), expansions=[])
    if not like:
        parser = live.parser if expand else live.exact_parser
        return parse_query(parser, text, expand=expand, known=known_terms(live))
    check_passage(text)
    query = related.like_query(live, text, in_index=False)
    return ParsedQuery(text.strip(), NullQuery if query is None else query)


def known_terms(live: OpenGeneration) -> Known:
    """What the query's rewrites ask the index: a word of its vocabulary, an identifier
    (an index built before the identifiers field has none)."""
    if IDENTIFIERS_FIELD in live.schema:
        identifiers = live.arrays.field(IDENTIFIERS_FIELD)
        return Known(live.vocabulary.__contains__, identifiers.__contains__)
    return Known(live.vocabulary.__contains__, lambda _: False)
