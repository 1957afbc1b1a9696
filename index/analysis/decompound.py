"""Dutch compound splitting against a word list that ships with the project.

Dutch writes compounds as one word (``stekelvarkenstrategie``,
``begrotingssteun``), so a searcher typing ``steun`` or ``stekelvarken`` misses
them unless the index also holds the parts. A word is split only when every
part is a real word of at least :data:`MIN_PART` letters from the dictionary
(the OpenTaal list in ``index/data``, plus ``extra_words.txt`` for domain
words such as ``counter``), with the linking morphemes ``-s-``, ``-e-`` and
``-en-`` allowed between parts (``veiligheid-s-raad``, ``vrede-s-missie``).
Among the possible splits the one with the fewest parts wins, so a compound
that is itself a dictionary word stays a part (``stekelvarken|strategie``, not
``stekel|varken|strategie``).

Words are expected lowercase and with diacritics folded, as the analyzer
passes them; the word list is stored the same way.
"""

from __future__ import annotations

import functools
import lzma
import marshal
import os
import sys
import tempfile
from pathlib import Path

from index.analysis.fold import fold

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
WORDLIST = DATA_DIR / "nl_words.txt.xz"
EXTRA_WORDS = DATA_DIR / "extra_words.txt"
NOT_PARTS = DATA_DIR / "not_parts.txt"
CACHE = DATA_DIR / "nl_words.marshal"  # made by dictionary(), not kept in git

MIN_PART = 4
# A shorter dictionary word is left whole: at 8-10 letters a "split" of a real
# word is mostly chance (gesp|rekken, kust|wacht is the rare true one).
MIN_SPLIT_KNOWN = 11
MAX_PARTS = 4
LINKS = ("", "s", "e", "en")

# Heads that are derivational suffixes which happen to be words too
# (vergelijk|baar, verantwoordelijk|heid): splitting them off means nothing.
SUFFIX_HEADS = ("baar", "bare", "lijk", "heid", "heden", "schap", "loos", "loze", "ling")
SUFFIX_HEADS += ("achtig", "isch", "teit", "dom")
# Modifiers that are particles/prefixes (voor|waarden, onder|zoek): the rest
# alone would match words of unrelated meaning.
PARTICLE_MODIFIERS = frozenset(
    ("over", "onder", "voor", "door", "tegen", "achter", "mede", "samen")
)


def _read_words(path: Path) -> set[str]:
    """Words of a small data file: whitespace-separated, ``#`` starts a comment."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return {fold(word) for line in lines for word in line.split("#", 1)[0].split()}


@functools.cache
def dictionary() -> frozenset[str]:
    """The valid compound parts, loaded once per process (about 390,000 folded words).

    Decompressing the word list and splitting it took some 0.4 s of every process that
    analyses text (an update of one letter included); the set is kept beside the list
    as a marshal file, which loads in about a third of that, and is rebuilt whenever
    the lists it was made from change."""
    sources = [WORDLIST, EXTRA_WORDS, NOT_PARTS]
    key = [marshal.version, *sys.version_info[:2]]
    key += [(path.name, path.stat().st_size, path.stat().st_mtime_ns) for path in sources]
    cached = _read_cache(key)
    if cached is not None:
        return cached
    words = set(lzma.decompress(WORDLIST.read_bytes()).decode("utf-8").split())
    words |= _read_words(EXTRA_WORDS)
    found = frozenset(words - _read_words(NOT_PARTS))
    _write_cache(key, found)
    return found


def _read_cache(key: list) -> frozenset[str] | None:
    try:
        stored_key, words = marshal.loads(CACHE.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    return words if stored_key == key else None


def _write_cache(key: list, words: frozenset[str]) -> None:
    """Best effort: in a read-only installation every process builds the set itself."""
    written = None
    try:
        with tempfile.NamedTemporaryFile(dir=CACHE.parent, delete=False) as handle:
            written = handle.name
            handle.write(marshal.dumps((key, words)))
        os.replace(written, CACHE)
    except OSError:
        if written is not None:
            Path(written).unlink(missing_ok=True)


def split_compound(word: str, words: frozenset[str] | None = None) -> list[str]:
    """The parts of a compound (``["begroting", "steun"]``), or ``[]`` when it is none."""
    if words is None:
        words = dictionary()
    if len(word) < 2 * MIN_PART or not word.isalpha():
        return []
    if word in words and len(word) < MIN_SPLIT_KNOWN:
        return []
    parts = _split(word, words)
    return parts if len(parts) > 1 else []


def modifier_chain(word: str, parts: list[str]) -> str | None:
    """For three or more parts, the modifier that is itself a compound.

    ``schaduwvlootschepen`` splits into ``schaduw|vloot|schepen`` because the
    word list lacks ``schaduwvloot``; Dutch compounds are right-headed, so
    everything before the head is the modifier, and a searcher typing
    ``schaduwvloot`` means it. A trailing linking morpheme is dropped.
    """
    if len(parts) < 3:
        return None
    chain = word[: len(word) - len(parts[-1])]
    for link in ("en", "s", "e"):
        if chain.endswith(link) and not chain.endswith(parts[-2]):
            return chain[: -len(link)]
    return chain


def _split(word: str, words: frozenset[str]) -> list[str]:
    """Dynamic programme from the end: best[i] is the best split of word[i:].

    A part word[i:j] only counts when a split of the rest starts at j or after its
    link (j + 1, j + 2), so only those ends are looked up: testing every slice of the
    word against the dictionary was most of analysing a new word. The ends are tried
    in ascending order, as a loop over every j would, so ties resolve alike."""
    n = len(word)
    # best[i] = (cost, parts) where cost = (number of parts, -shortest part)
    best: list[tuple[tuple[int, int], list[str]] | None] = [None] * (n + 1)
    best[n] = ((0, -n), [])
    ends = _part_ends(n, [])
    for i in range(n - MIN_PART, -1, -1):
        for j in ends:
            if j < i + MIN_PART or word[i:j] not in words or (i == 0 and j == n):
                continue  # the whole word is no split of itself
            for link in LINKS:
                k = j + len(link)
                if k > n or best[k] is None or not word.startswith(link, j):
                    continue
                if link and (k == n or (link == "e" and min(j - i, n - k) < 5)):
                    # A link never ends a word; a lone -e- between short parts is
                    # mostly chance (verg|e|lijkbaar), so it needs longer parts.
                    continue
                cost, rest = best[k]  # type: ignore[misc]
                candidate = ((cost[0] + 1, max(cost[1], -(j - i))), [word[i:j], *rest])
                if candidate[0][0] <= MAX_PARTS and (best[i] is None or candidate[0] < best[i][0]):
                    best[i] = candidate
        if best[i] is not None:
            ends = _part_ends(i, ends)
    found = best[0]
    if found is None:
        return []
    parts = found[1]
    if parts and (parts[-1].startswith(SUFFIX_HEADS) or parts[0] in PARTICLE_MODIFIERS):
        return []
    return parts


def _part_ends(start: int, ends: list[int]) -> list[int]:
    """Where a part may end, ascending, once a split of the rest starts at `start`:
    there, or a link before it. `ends` come from later starts, so they are all above
    ``start - 2`` and the new ones go in front."""
    first = ends[0] if ends else start + 1
    return [end for end in range(start - 2, start + 1) if end < first] + ends


def _rebuild_wordlist(source: Path) -> None:
    """Regenerate ``nl_words.txt.xz`` from a plain word list (Debian's wdutch)."""
    keep = set()
    for line in source.read_text(encoding="utf-8").splitlines():
        folded = fold(line.strip())
        if folded.isalpha() and folded.isascii() and 3 <= len(folded) <= 24:
            keep.add(folded)
    data = ("\n".join(sorted(keep)) + "\n").encode("utf-8")
    WORDLIST.write_bytes(lzma.compress(data, preset=9 | lzma.PRESET_EXTREME))
    print(f"{len(keep)} words written to {WORDLIST}")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--rebuild-wordlist":
        _rebuild_wordlist(Path(sys.argv[2]))
    else:
        for arg in sys.argv[1:]:
            print(arg, "→", " | ".join(split_compound(fold(arg))) or "(geen samenstelling)")
