"""Spelling suggestions from the index vocabulary ("Bedoelde u: schaduwvloot?").

Unknown words of a query are replaced by the nearest word of the unstemmed vocabulary
field (index.schema): as many edits as the word's length allows (`allowed_edits`), same
first letter, among equally near words the most frequent; then written the way the
corpus writes them (``oekraine`` → "Oekraïne", from index.surface). A word that is part
of an asker's or an office-holder's name (the names field) is a name, and a name is
never "corrected" into another word: "Van der Lee" stays, and so does "Heinen" (not
"hebben"). Whoosh's corrector, which its docstring says ranks the same way, in this
version ranks by frequency alone ("iedr" → "iedere" over "ieder").

Whoosh finds those words by building a Levenshtein automaton per word: about
10-30 ms each, which made a query without hits the slowest kind to answer. With
the vocabulary grouped by first letter once per generation, rapidfuzz's C edit
distance finds the same candidates in well under a millisecond.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from typing import Any

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from index.arrays.read import FieldView

_WORD = re.compile(r"[^\W_][\w’'\-]*", re.UNICODE)
_OPERATORS = {"AND", "OR", "NOT", "OF", "NIET", "EN"}
# Below this many hits a query "finds little": a suggestion is offered too.
FEW_HITS = 3
SAME_FIRST_LETTERS = 1
MAX_DISTANCE = 2
# Elasticsearch's AUTO fuzziness: a word of up to 2 characters is taken as typed, one of
# 3 to 5 may be one edit off, a longer one two. Two edits of a 3-letter word leave one
# letter of it: `MQ-9` (the term mq9) was offered "met".
ONE_EDIT_FROM, TWO_EDITS_FROM = 3, 6


def allowed_edits(term: str) -> int:
    """How many edits away a suggestion for `term` may be (its length decides)."""
    if len(term) >= TWO_EDITS_FROM:
        return MAX_DISTANCE
    return 1 if len(term) >= ONE_EDIT_FROM else 0


class Vocabulary:
    """The vocabulary field's words (index.schema) grouped by their first letters, each
    group by length: a word more than `distance` letters longer or shorter is more than
    `distance` edits away, so only the words of nearby lengths are compared (a no-hit
    query's suggestion compared every word of its first letter: a third of its time)."""

    def __init__(self, field: FieldView) -> None:
        self.field = field
        self.by_start: dict[str, list[str]] = defaultdict(list)
        for word in field.terms():
            self.by_start[word[:SAME_FIRST_LETTERS]].append(word)
        # Each group shortest first, with where each length begins: the words of the
        # lengths near a word's are one slice.
        self._length_starts: dict[str, list[int]] = {}
        for start, words in self.by_start.items():
            words.sort(key=len)
            self._length_starts[start] = [
                bisect_left(words, n, key=len) for n in range(len(words[-1]) + 2)
            ]
        self._letter_sets: dict[str, np.ndarray] = {}  # per group, made when first asked

    def __contains__(self, word: str) -> bool:
        return word in self.field

    def within(self, word: str, distance: int = MAX_DISTANCE) -> list[tuple[str, int]]:
        """(word, edits) of the words within `distance` edits of `word` that start
        with the same letters."""
        start = word[:SAME_FIRST_LETTERS]
        bucket = self.by_start.get(start, [])
        if bucket:
            lengths = self._length_starts[start]
            low = lengths[min(max(len(word) - distance, 0), len(lengths) - 1)]
            high = lengths[min(len(word) + distance + 1, len(lengths) - 1)]
            # An edit takes at most one character out of a word's set of characters and
            # puts at most one in, so a word `distance` edits away differs from `word` in
            # at most twice that many (so also their bit sets do, where two characters
            # may share a bit): the edit distance is computed for those words only.
            differing = np.bitwise_count(self._letters(start)[low:high] ^ letter_set(word))
            bucket = [bucket[low + i] for i in np.flatnonzero(differing <= 2 * distance).tolist()]
        found = process.extract(
            word, bucket, scorer=Levenshtein.distance, score_cutoff=distance, limit=None
        )
        return [(choice, int(edits)) for choice, edits, _ in found if choice != word]

    def _letters(self, start: str) -> np.ndarray:
        """`letter_set` of each word of a group, in the group's order."""
        found = self._letter_sets.get(start)
        if found is None:
            words = self.by_start[start]
            found = self._letter_sets[start] = np.fromiter(
                map(letter_set, words), dtype=np.uint64, count=len(words)
            )
        return found

    def nearest(self, candidates: list[tuple[str, int]]) -> str | None:
        """The fewest edits away; then the most frequent in the index; then alphabetical."""
        if not candidates:
            return None

        def key(candidate: tuple[str, int]) -> tuple[int, float, str]:
            word, edits = candidate
            return (edits, -self.field.frequency(word), word)

        return min(candidates, key=key)[0]


def letter_set(word: str) -> int:
    """The set of a word's characters as 64 bits, a bit per character (characters whose
    code points are 64 apart share one)."""
    bits = 0
    for char in set(word):
        bits |= 1 << (ord(char) & 63)
    return bits


def suggest(
    vocabulary: Vocabulary,
    field: Any,
    text: str,
    surface: dict[str, str] | None = None,
    names: FieldView | None = None,
) -> str | None:
    """The query with unknown words replaced by a near word of the vocabulary, written
    as the corpus writes it; `field`: the vocabulary field's Whoosh field (its analyzer
    makes a typed word a term); `names`: the names field, whose words are left alone."""
    surface = surface or {}
    known_name = names.__contains__ if names is not None else (lambda term: False)
    changed = False

    def replace(match: re.Match[str]) -> str:
        nonlocal changed
        word = match.group(0)
        if word in _OPERATORS or word.endswith("*"):
            return word
        terms = list(field.process_text(word, mode="query"))
        if not terms or all(t in vocabulary or known_name(t) for t in terms):
            return word
        edits = allowed_edits(terms[0])
        best = vocabulary.nearest(vocabulary.within(terms[0], edits)) if edits else None
        if best is None:
            return word
        changed = True
        return surface.get(best, best)

    suggestion = _WORD.sub(replace, text)
    return suggestion if changed and suggestion != text else None
