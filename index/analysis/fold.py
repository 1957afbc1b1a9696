"""The one fold: lowercase, diacritics dropped (``Oekraïne`` → ``oekraine``).

How the index stores a word, so every place that compares a word with the index
(the analyzer's fold step, the compound dictionary, the surface forms behind the
spelling suggestions, the synonym table) compares folded forms made by this one
function.
"""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lowercase, then NFKD with the combining marks dropped."""
    lowered = text.lower()
    if lowered.isascii():
        return lowered
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(c for c in decomposed if not unicodedata.combining(c))
