"""The folded → surface-form map: how a word is usually written in the corpus.

The index stores words lowercased and without diacritics (``oekraine``), so a
spelling suggestion taken from the index vocabulary would read "oekraine".
This map, built at index time and stored beside the generation's catalog,
gives the form readers expect ("Oekraïne"): the most frequent spelling. The
counts it comes from are stored too, so an update adds the new records' words
and takes away the deleted ones' instead of reading every record again.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from index.analysis.fold import fold
from index.store import replace_file

SURFACE_FILE = "surface.json"
WORDS_FILE = "words.json"  # every written form with its count, in first-seen order
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


class SurfaceCounter:
    """The written forms of words, counted text by text, for `forms()`.

    A word never contains whitespace, so a text's words are those of its
    whitespace-separated pieces, in order; pieces are counted as they come (one
    C-level pass per text) and each distinct piece is searched for words once.
    `written` (from an earlier generation's `written()`) is where counting resumes.
    """

    def __init__(self, written: dict[str, int] | None = None) -> None:
        self._written: Counter[str] = Counter(written or {})
        self._pieces: Counter[str] = Counter()
        self._removed: Counter[str] = Counter()

    def add(self, text: str) -> None:
        self._pieces.update(text.split())

    def remove(self, text: str) -> None:
        """Take back a text counted before (a record the update deletes)."""
        self._removed.update(text.split())

    def written(self) -> Counter[str]:
        """Every written form with its count, in first-seen order."""
        words = Counter(self._written)
        for piece, times in self._pieces.items():  # first-seen order, as the words
            for word in _WORD.findall(piece):
                words[word] += times
        for piece, times in self._removed.items():
            for word in _WORD.findall(piece):
                words[word] -= times
                if words[word] <= 0:  # no record holds this form any more
                    del words[word]
        return words

    def forms(self) -> dict[str, str]:
        return forms_of(self.written())


def forms_of(written: Counter[str]) -> dict[str, str]:
    """folded word → its most frequent written form (ties: the first seen).

    A capitalised form at the start of a sentence would otherwise win for
    common words, so lowercase counts double: "steun", not "Steun".
    """
    # One pass, the best form so far per folded word: each written form is counted once,
    # so no Counter per folded word is needed (those were most of an update's time).
    forms: dict[str, str] = {}
    best: dict[str, int] = {}
    for word, times in written.items():  # first-seen order: ties keep the first
        key = fold(word)
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
    """The map (read by searches) and the counts it came from (read by the next update)."""
    written = counter.written()
    replace_file(generation_dir / WORDS_FILE, json.dumps(written, ensure_ascii=False))
    forms = forms_of(written)
    replace_file(
        generation_dir / SURFACE_FILE, json.dumps(forms, ensure_ascii=False, sort_keys=True)
    )


def read_surface_forms(generation_dir: Path) -> dict[str, str]:
    """The map of a generation; empty for an index built before it existed."""
    try:
        return json.loads((generation_dir / SURFACE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def read_written(generation_dir: Path) -> dict[str, int] | None:
    """The counts behind a generation's map; None for an index built before they were kept."""
    try:
        return json.loads((generation_dir / WORDS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
