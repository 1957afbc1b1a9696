"""Every match of a search, for an export: counted first, records read a chunk at a time.

An export of any size holds one chunk of records at once: the order is two arrays
(record numbers and their scores, search.hits.full_order), and the stored records are
read from them MATCH_CHUNK at a time as the download is written.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from search.generation import OpenGeneration
from search.records import record_dict
from search.soort_codes import NONE as NO_SOORT
from search.soorten import SOORTEN

# Read from the stored records a chunk at a time: an export holds one chunk at once.
MATCH_CHUNK = 200


@dataclass
class AllMatches:
    """Every match of a search: how many, and their records, a chunk at a time."""

    query: str
    total: int
    chunks: Iterator[list[dict[str, Any]]]


def all_matches(
    live: OpenGeneration, query: str, docnums: np.ndarray, scores: np.ndarray
) -> AllMatches:
    """The matches `docnums` (in export order, with their `scores`) of the search `query`."""
    return AllMatches(query, len(docnums), _chunks(live, docnums, scores))


def _chunks(
    live: OpenGeneration, docnums: np.ndarray, scores: np.ndarray
) -> Iterator[list[dict[str, Any]]]:
    """The records in order, with their score and their document's soort (or None)."""
    soorten = list(SOORTEN)
    for start in range(0, len(docnums), MATCH_CHUNK):
        chunk = []
        for docnum, score in zip(
            docnums[start : start + MATCH_CHUNK].tolist(),
            scores[start : start + MATCH_CHUNK].tolist(),
            strict=True,
        ):
            code = int(live.soorten[docnum])
            soort = soorten[code] if code != NO_SOORT else None
            chunk.append(
                {**record_dict(live.stored(docnum)), "score": round(score, 4), "soort": soort}
            )
        yield chunk
