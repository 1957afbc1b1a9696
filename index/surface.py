"""The folded → surface-form map: how a word is usually written in the corpus.

The index stores words lowercased and without diacritics (``oekraine``), so a
spelling suggestion taken from the index vocabulary would read "oekraine".
This map, built at index time and stored beside the generation's catalog,
gives the form readers expect ("Oekraïne"): the most frequent spelling. The
counts it comes from are stored too (index/surface_store.py), so an update adds
the new records' words and takes away the deleted ones', for their keys only,
instead of reading every record or every count again.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from index import surface_store
from index.analysis.fold import fold

SURFACE_FILE = surface_store.SURFACE_FILE
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
# Distinct pieces counted before their words are: at 20,000 questions the pieces number
# 208,000 (20 MB), the words 170,000; a batch of this many costs no more time than one.
PIECES_HELD = 100_000


class StoredCounts:
    """A generation's stored counts, where an update resumes counting: read per key."""

    def __init__(self, generation_dir: Path) -> None:
        self.path = generation_dir


class SurfaceCounter:
    """The written forms of words, counted text by text, for `forms()`.

    `written` is where counting resumes: counts in memory (an earlier `written()`), or
    a generation's stored counts (`read_written`), which an update reads for its own
    words only.
    """

    def __init__(self, written: Mapping[str, int] | StoredCounts | None = None) -> None:
        self.stored = written if isinstance(written, StoredCounts) else None
        # In memory, the texts' words are counted on from `written`: a build writes these
        # counts as they are, without a merged copy of its whole vocabulary.
        self._added = _WordCounts(None if self.stored else written)
        self._removed = _WordCounts()

    def add(self, text: str) -> None:
        self._added.add(text)

    def remove(self, text: str) -> None:
        """Take back a text counted before (a record the update deletes)."""
        self._removed.add(text)

    def added(self) -> Counter[str]:
        """The written forms of the texts added, in first-seen order, after the counts in
        memory this counter resumed from (the counter's own: not to be changed)."""
        return self._added.counts()

    def removed(self) -> Counter[str]:
        return self._removed.counts()

    def written(self) -> Counter[str]:
        """Every written form with its count, in first-seen order (counts in memory only:
        stored ones are updated per key by `write_surface_forms`). Without removed texts
        the counter's own counts, not to be changed."""
        if self.stored is not None:
            raise ValueError("de opgeslagen telling wordt per woord bijgewerkt")
        words, removed = self.added(), self.removed()
        if removed:
            words = Counter(words)
            _take_away(words, removed)
        return words

    def forms(self) -> dict[str, str]:
        return forms_of(self.written())


class _WordCounts:
    """Words counted through the texts' whitespace pieces, in first-seen order.

    A word never contains whitespace, so a text's words are those of its pieces, in
    order: pieces are counted as they come (one C-level pass per text), and each
    distinct piece is searched for words once per batch. A batch holds at most
    PIECES_HELD distinct pieces before it is folded into the word counts, so the pieces
    of a whole corpus (many more than its words: "Oekraïne", "Oekraïne," and
    "(Oekraïne)" are three) are never held at once. Batches fold in order, each in its
    pieces' first-seen order, so the words keep the order of one count over all texts.
    """

    def __init__(self, words: Mapping[str, int] | None = None) -> None:
        self.words: Counter[str] = Counter(words or {})
        self._pieces: Counter[str] = Counter()

    def add(self, text: str) -> None:
        self._pieces.update(text.split())
        if len(self._pieces) >= PIECES_HELD:
            self._fold_pieces()

    def counts(self) -> Counter[str]:
        self._fold_pieces()
        return self.words

    def _fold_pieces(self) -> None:
        words = self.words
        for piece, times in self._pieces.items():
            for word in _WORD.findall(piece):
                words[word] += times
        self._pieces.clear()


def _take_away(words: dict[str, int], removed: Mapping[str, int]) -> None:
    for word, times in removed.items():
        if word in words:
            words[word] -= times
            if words[word] <= 0:  # no record holds this form any more
                del words[word]


def forms_of(written: Mapping[str, int]) -> dict[str, str]:
    """folded word → its most frequent written form (ties: the first seen)."""
    return _best_forms((fold(word), word, times) for word, times in written.items())


def _best_forms(keyed: Iterable[tuple[str, str, int]]) -> dict[str, str]:
    """The best form per key of (key, form, count) in first-seen order.

    A capitalised form at the start of a sentence would otherwise win for
    common words, so lowercase counts double: "steun", not "Steun".
    """
    # One pass, the best form so far per folded word: each written form is counted once,
    # so no Counter per folded word is needed (those were most of an update's time).
    forms: dict[str, str] = {}
    best: dict[str, int] = {}
    for key, word, times in keyed:  # first-seen order: ties keep the first
        weight = times * (2 if word.islower() else 1)
        if weight > best.get(key, 0):
            forms[key], best[key] = word, weight
    return forms


def surface_forms(texts: Iterable[str]) -> dict[str, str]:
    """`SurfaceCounter.forms` of `texts`."""
    counter = SurfaceCounter()
    for text in texts:
        counter.add(text)
    return counter.forms()


def write_surface_forms(generation_dir: Path, counter: SurfaceCounter) -> None:
    """The map (read by searches) and the counts it came from (read by the next update):
    a build's whole, an update's for the keys of its added and removed words."""
    if counter.stored is None:
        words = counter.written()
        keys = [_key_of(word) for word in words]  # each word folded once, for both uses
        forms = _best_forms(_keyed_as(keys, words))
        surface_store.write_base(generation_dir, _keyed_as(keys, words), forms)
        return
    added, removed = counter.added(), counter.removed()
    keys = {fold(word) for word in (*added, *removed)}
    if not keys:
        return
    counts = surface_store.stored_counts(counter.stored.path, keys)
    for word, times in added.items():  # new forms after a key's known ones, as met
        forms = counts.setdefault(fold(word), {})
        forms[word] = forms.get(word, 0) + times
    for word, times in removed.items():
        _take_away(counts.get(fold(word), {}), {word: times})
    best = _best_forms(_keyed(counts))
    touched = {key: counts.get(key, {}) for key in sorted(keys)}
    surface_store.write_part(generation_dir, touched, {key: best.get(key) for key in touched})


def _keyed_as(keys: list[str], words: Counter[str]) -> Iterator[tuple[str, str, int]]:
    """(key, form, count) of `words` with their `keys`, in the words' order."""
    return zip(keys, words, words.values(), strict=True)


def _key_of(word: str) -> str:
    key = fold(word)
    # Most words are written folded already: their key is the word itself, not a copy
    # per word of a build's whole vocabulary.
    return word if key == word else key


def _keyed(counts: dict[str, dict[str, int]]) -> Iterator[tuple[str, str, int]]:
    for key, forms in counts.items():
        for word, times in forms.items():
            yield key, word, times


def read_surface_forms(generation_dir: Path) -> dict[str, str]:
    """The map of a generation; empty for an index built before it existed."""
    try:
        return surface_store.read_forms(generation_dir)
    except (OSError, ValueError):
        return {}


def read_written(generation_dir: Path) -> StoredCounts | None:
    """The counts behind a generation's map; None for an index built before they were
    kept this way (it must be rebuilt)."""
    return StoredCounts(generation_dir) if surface_store.has_counts(generation_dir) else None
