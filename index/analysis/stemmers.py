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


def stem_function(name: str) -> Callable[[str], str]:
    """The raw stemming function of the stemmer `name`."""
    if check_stemmer(name) == "kp":
        import Stemmer  # PyStemmer: Snowball 3 "dutch" is Kraaij-Pohlmann

        return Stemmer.Stemmer("dutch").stemWord
    from nltk.stem.snowball import SnowballStemmer  # Porter-style Dutch

    return SnowballStemmer("dutch").stem
