"""Spelling suggestions from the index vocabulary ("Bedoelde u: schaduwvloot?").

Unknown words of a query are replaced by the nearest word of the unstemmed
``exact`` field (edit distance at most 2), then written the way the corpus
writes them (``oekraine`` → "Oekraïne", from index.surface).
"""

from __future__ import annotations

import re
from typing import Any

from whoosh.searching import Searcher

_WORD = re.compile(r"[^\W_][\w’'\-]*", re.UNICODE)
_OPERATORS = {"AND", "OR", "NOT", "OF", "NIET", "EN"}
# Below this many hits a query "finds little": a suggestion is offered too.
FEW_HITS = 3
SAME_FIRST_LETTERS = 1


def suggest(
    searcher: Searcher, parser: Any, text: str, surface: dict[str, str] | None = None
) -> str | None:
    """The query with unknown words replaced by the nearest word of the index vocabulary."""
    schema = searcher.schema
    if "exact" not in schema:
        return None
    corrector = searcher.corrector("exact")
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
        options = corrector.suggest(terms[0], limit=1, maxdist=2, prefix=SAME_FIRST_LETTERS)
        if not options:
            return word
        changed = True
        return surface.get(options[0], options[0])

    suggestion = _WORD.sub(replace, text)
    return suggestion if changed and suggestion != text else None
