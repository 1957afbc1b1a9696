"""What a search can be asked for by name, shared by the engine, the site and the
command's arguments: the orders of a page of hits and the most hits a page holds.

A module of constants and one check only: the argument parser reads it for `--sort`'s
choices and `--limit`'s range, and must not load the engine to do so (`vraagbaak --help`).
"""

from __future__ import annotations

RELEVANCE, NEWEST, OLDEST = "relevantie", "nieuwste", "oudste"
SORTS = (RELEVANCE, NEWEST, OLDEST)
DATE = "datum"  # the name newest-first had before oldest-first came: old links keep working
SORT_ALIASES = {DATE: NEWEST}
MAX_LIMIT = 100  # hits on one page


def canonical_sort(sort: str) -> str:
    """The sort a name stands for (an alias such as "datum" for "nieuwste"); ValueError,
    in Dutch, for a name that is none."""
    found = SORT_ALIASES.get(sort, sort)
    if found not in SORTS:
        raise ValueError(f"Onbekende sortering {sort!r}; kies uit: {', '.join(SORTS)}.")
    return found
