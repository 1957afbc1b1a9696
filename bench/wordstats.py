"""How a generated corpus's vocabulary is counted: one tokenisation, stated once.

A word is a maximal run of letters and digits (Python's `\\w`), with hyphens and
apostrophes inside it kept (`mq-9`, `f-35-toestellen`, `schoonhoven-oost`, `f-16's`),
lowercased; diacritics are kept (`oekraïne`). Counted over the whole text of every
generated file, letterheads included. This is not Vraagbaak's analysis (no stemming, no
compound parts): it measures the text, not any engine.
"""

from __future__ import annotations

import re
from collections import Counter

from whoosh.lang.stopwords import stoplists

TOKEN = re.compile(r"\w+(?:[-'’]\w+)*")
# Whoosh's Dutch list, the one Vraagbaak's analyzer uses: never a content word.
STOPWORDS = frozenset(stoplists["nl"])


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text.lower())


class WordCounts:
    """Occurrences per word over all text added."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()

    def add(self, text: str) -> None:
        self.counts.update(tokens(text))

    @property
    def distinct(self) -> int:
        return len(self.counts)

    @property
    def seen_once(self) -> int:
        return sum(1 for n in self.counts.values() if n == 1)
