"""Spelling suggestions from the index vocabulary ("Bedoelde u: schaduwvloot?").

Unknown words of a query are replaced by the nearest word of the unstemmed
``exact`` field (edit distance at most 2, same first letter; among equally near
words the most frequent), then written the way the corpus writes them
(``oekraine`` → "Oekraïne", from index.surface). Whoosh's corrector, which its
docstring says ranks the same way, in this version ranks by frequency alone
("iedr" → "iedere" over "ieder").

Whoosh finds those words by building a Levenshtein automaton per word: about
10-30 ms each, which made a query without hits the slowest kind to answer. With
the vocabulary grouped by first letter once per generation, rapidfuzz's C edit
distance finds the same candidates in well under a millisecond.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein
from whoosh.searching import Searcher

_WORD = re.compile(r"[^\W_][\w’'\-]*", re.UNICODE)
_OPERATORS = {"AND", "OR", "NOT", "OF", "NIET", "EN"}
# Below this many hits a query "finds little": a suggestion is offered too.
FEW_HITS = 3
SAME_FIRST_LETTERS = 1
MAX_DISTANCE = 2


class Vocabulary:
    """The ``exact`` field's words grouped by their first letters."""

    def __init__(self, words: Iterable[str]) -> None:
        self.by_start: dict[str, list[str]] = defaultdict(list)
        for word in words:
            self.by_start[word[:SAME_FIRST_LETTERS]].append(word)

    def within(self, word: str, distance: int = MAX_DISTANCE) -> list[tuple[str, int]]:
        """(word, edits) of the words within `distance` edits of `word` that start
        with the same letters."""
        bucket = self.by_start.get(word[:SAME_FIRST_LETTERS], [])
        found = process.extract(
            word, bucket, scorer=Levenshtein.distance, score_cutoff=distance, limit=None
        )
        return [(choice, int(edits)) for choice, edits, _ in found if choice != word]


def nearest(searcher: Searcher, candidates: list[tuple[str, int]]) -> str | None:
    """The fewest edits away; then the most frequent in the index; then alphabetical."""
    if not candidates:
        return None
    reader = searcher.reader()

    def key(candidate: tuple[str, int]) -> tuple[int, float, str]:
        word, edits = candidate
        return (edits, -reader.frequency("exact", word), word)

    return min(candidates, key=key)[0]


def suggest(
    searcher: Searcher,
    parser: Any,
    text: str,
    surface: dict[str, str] | None = None,
    vocabulary: Vocabulary | None = None,
) -> str | None:
    """The query with unknown words replaced by a near word of the index vocabulary.

    Without a `vocabulary` (an index without posting arrays) Whoosh's corrector looks.
    """
    schema = searcher.schema
    if "exact" not in schema:
        return None
    surface = surface or {}
    changed = False

    def replace(match: re.Match[str]) -> str:
        nonlocal changed
        word = match.group(0)
        if word in _OPERATORS or word.endswith("*"):
            return word
        terms = [t for t in schema["exact"].process_text(word, mode="query")]
        if not terms or all(searcher.doc_frequency("exact", t) for t in terms):
            return word
        # Misspellings rarely touch the first letter; holding it fixed lets Whoosh walk
        # one branch of the vocabulary instead of all of it.
        if vocabulary is not None:
            best = nearest(searcher, vocabulary.within(terms[0]))
        else:
            options = searcher.corrector("exact").suggest(
                terms[0], limit=1, maxdist=MAX_DISTANCE, prefix=SAME_FIRST_LETTERS
            )
            best = options[0] if options else None
        if best is None:
            return word
        changed = True
        return surface.get(best, best)

    suggestion = _WORD.sub(replace, text)
    return suggestion if changed and suggestion != text else None
