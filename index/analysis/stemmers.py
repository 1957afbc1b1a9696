"""The Dutch stemmers to choose from (`vraagbaak ingest --stemmer`), by name, and each
one's stemming function.

A module of its own, light to import: the command's argument parser offers the names
and must not load the analysis chain (Whoosh) to do so; a stemmer itself is loaded when
its function is first asked for.
"""

from __future__ import annotations

from collections.abc import Callable

STEMMERS = ("kp", "nltk")


def check_stemmer(name: str) -> str:
    """`name` if it is a stemmer's; ValueError naming the choices if not."""
    if name not in STEMMERS:
        raise ValueError(f"unknown stemmer {name!r}; choose one of {', '.join(STEMMERS)}")
    return name


def stems_function(name: str) -> Callable[[list[str]], list[str]]:
    """The raw stemming function of the stemmer `name`, over a list of words: PyStemmer
    stems a whole list in one call, which a build's new words take in batches.

    PyStemmer's own cache of 10,000 stems is off: its callers stem each distinct word
    once (index.analysis.memo), and keeping it filled took two thirds of the time of
    stemming a build's new words (0.23 s against 0.07 s for 160,000 of them)."""
    if check_stemmer(name) == "kp":
        import Stemmer  # PyStemmer: Snowball 3 "dutch" is Kraaij-Pohlmann

        return Stemmer.Stemmer("dutch", 0).stemWords
    from nltk.stem.snowball import SnowballStemmer  # Porter-style Dutch

    stem = SnowballStemmer("dutch").stem
    return lambda words: list(map(stem, words))
