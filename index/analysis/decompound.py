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
from bisect import bisect_left, insort
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
    if len(word) < 2 * MIN_PART or not word.isalpha():
        return []
    if words is None:
        words = dictionary()
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
    """The best split of `word` (see `_best_split`), unless its head is a suffix or its
    modifier a particle."""
    parts = _best_split(word, words)
    if parts and (parts[-1].startswith(SUFFIX_HEADS) or parts[0] in PARTICLE_MODIFIERS):
        return []
    return parts


def _best_split(word: str, words: frozenset[str]) -> list[str]:
    """The split with the fewest parts, then the longest shortest part, the first found
    of equals (`_split_from_end`'s order): a word whose first or last letters are no
    part has none, and a split in two beats any other."""
    n = len(word)
    # A first part is word[:j] and a last word[k:], each of MIN_PART letters or more.
    firsts = [j for j in range(MIN_PART, n - MIN_PART + 1) if word[:j] in words]
    if not firsts:
        return []
    in_two = _split_in_two(word, words, firsts)
    if in_two:
        return in_two
    lasts = {k for k in range(MIN_PART, n - MIN_PART + 1) if word[k:] in words}
    if not lasts:
        return []  # with the words without first part, 15 % of those that reach here
    return _split_from_end(word, words, lasts)


def _split_in_two(word: str, words: frozenset[str], firsts: list[int]) -> list[str]:
    """The best split of `word` in two: a first part ending at a j of `firsts` (ascending),
    a link, a last part; `_split_from_end`'s choice where one exists (about three
    quarters of the compounds)."""
    n = len(word)
    best: tuple[int, int, int] | None = None  # (-shortest part, j, k)
    for j in firsts:
        for link in LINKS:
            k = j + len(link)
            if n - k < MIN_PART or not word.startswith(link, j):
                continue
            if link == "e" and min(j, n - k) < 5:
                continue  # as in _split_from_end
            if word[k:] not in words:
                continue
            if best is None or max(-j, k - n) < best[0]:
                best = (max(-j, k - n), j, k)
    return [word[: best[1]], word[best[2] :]] if best else []


def _split_from_end(word: str, words: frozenset[str], lasts: set[int]) -> list[str]:
    """Dynamic programme from the end: cost[i] is that of the best split of word[i:];
    `lasts`: where a last part word[k:] of the dictionary starts.

    A part word[i:j] only counts when a split of the rest starts right after it or after
    a link that stands there (``word[j:k]``, a split from k on), so only those ends j
    are looked up, each with its valid k: testing every slice of the word against the
    dictionary was most of analysing a new word. The ends are tried in ascending order
    and each end's links in the order of `LINKS`, as a loop over every j and link
    would, so ties resolve alike."""
    n = len(word)
    # (number of parts, -shortest part), None while there is no split; step[i] = (j, k):
    # the best split of word[i:] is word[i:j], then that of word[k:].
    cost: list[tuple[int, int] | None] = [None] * (n + 1)
    step = [(n, n)] * (n + 1)
    cost[n] = (0, -n)
    rests: dict[int, list[tuple[int, bool]]] = {n: [(n, False)]}  # end j: (k, an -e- link?)
    ends = [n]  # the keys of `rests`, ascending
    for i in range(n - MIN_PART, -1, -1):
        best = None
        # Not the whole word as a split of itself: at i = 0, the end n (the last) is left out.
        for j in ends[bisect_left(ends, i + MIN_PART) : len(ends) - (i == 0)]:
            if (i not in lasts) if j == n else (word[i:j] not in words):
                continue
            for k, e_link in rests[j]:
                if e_link and min(j - i, n - k) < 5:
                    continue  # a lone -e- between short parts is mostly chance (verg|e|lijkbaar)
                parts, shortest = cost[k]  # type: ignore[misc]
                candidate = (parts + 1, max(shortest, i - j))
                if candidate[0] <= MAX_PARTS and (best is None or candidate < best):
                    best, step[i] = candidate, (j, k)
        if best is not None:
            cost[i] = best
            _add_rests(word, i, rests, ends)
    if cost[0] is None:
        return []
    found, i = [], 0
    while i < n:
        j, k = step[i]
        found.append(word[i:j])
        i = k
    return found


def _add_rests(
    word: str, start: int, rests: dict[int, list[tuple[int, bool]]], ends: list[int]
) -> None:
    """A split of the rest starts at `start` (below every start so far): a part may now
    end there, or before a link that stands right before it (a link never ends the
    word). Each end's rests stay in the order of `LINKS`: a later start has a longer link."""
    for link in LINKS:
        end = start - len(link)
        if link and not (end >= 0 and start < len(word) and word.startswith(link, end)):
            continue
        rest = rests.get(end)
        if rest is None:
            rests[end] = [(start, link == "e")]
            insort(ends, end)
        else:
            rest.insert(0, (start, link == "e"))


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
