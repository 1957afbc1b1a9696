"""The query mix of a realistic corpus, picked from its own word counts by frequency band.

Bands are in occurrences over the whole corpus (bench.wordstats), relative to its number
of questions Q, so "rare" is rare at every size: rare 2-3 occurrences; mid between Q/1000
and Q/100 (at least 4 and 8); common at least Q/5 (at least 10). The short prefix is the
four letters that start the most distinct words (names aside). AND queries and phrases come from the
words of one sampled question, so each has at least one hit. Where a band
is empty at a small size, the nearest words outside it are taken. Deterministic: the
same counts and seed give the same mix.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable
from typing import Any, Protocol

from bench.wordstats import STOPWORDS, tokens

RARE = (2, 3)
PICKS = {"rare": 3, "mid": 3, "common": 2, "and": 3, "phrase": 2, "prefix": 2, "none": 2}
SHORT_PREFIX, LONG_PREFIX = 4, 9
SYLLABLES = ("vlo", "ber", "zwa", "nt", "kru", "mip", "ot", "gra", "sel", "duf", "ka", "wen")


class Emitted(Protocol):
    names: set[str]
    codes: set[str]
    words: set[str]


class _Manifest(Protocol):
    questions: int
    parties: dict[str, int]


def bands(questions: int) -> dict[str, tuple[int, int]]:
    """Occurrence bands per frequency class for a corpus of `questions` questions."""
    many = 10**12
    return {
        "rare": RARE,
        "mid": (max(4, questions // 1000), max(8, questions // 100)),
        "common": (max(10, questions // 5), many),
    }


def _content(word: str) -> bool:
    return word.isalpha() and len(word) >= 5 and word not in STOPWORDS


def _in_band(
    words: Iterable[str], counts: Counter[str], band: tuple[int, int], k: int, rng: random.Random
) -> list[str]:
    """k words within the band, drawn; topped up with the nearest words outside it."""
    low, high = band
    pool = sorted(words)
    inside = [w for w in pool if low <= counts[w] <= high]
    picked = rng.sample(inside, min(k, len(inside)))
    if len(picked) < k:
        rest = sorted(
            (w for w in pool if w not in picked),
            key=lambda w: (min(abs(counts[w] - low), abs(counts[w] - high)), w),
        )
        picked += rest[: k - len(picked)]
    return picked


def _from_blocks(
    blocks: list[str],
    counts: Counter[str],
    floor: int,
    size: int,
    rng: random.Random,
    adjacent: bool,
) -> str | None:
    """`size` words of one sampled question, each at least `floor` times in the corpus:
    any of its words (for AND), or a run of neighbours (for a phrase)."""
    for block in rng.sample(blocks, len(blocks)):
        for line in block.split("\n"):
            found = tokens(line)
            ok = [_content(w) and counts[w] >= floor for w in found]
            if adjacent:
                runs = [i for i in range(len(found) - size + 1) if all(ok[i : i + size])]
                if runs:
                    start = rng.choice(runs)
                    return " ".join(found[start : start + size])
            else:
                chosen = sorted({w for w, good in zip(found, ok, strict=True) if good})
                if len(chosen) >= size:
                    return " ".join(rng.sample(chosen, size))
    return None


def _prefixes(
    counts: Counter[str], names: set[str], common: list[str], mid: list[str]
) -> list[str]:
    """The short prefix that starts the most distinct words other than names (the
    costliest expansion a user would type), and a long one (of a mid word) that starts a
    few."""
    starts = Counter(
        w[:SHORT_PREFIX] for w in counts if w.isalpha() and len(w) > SHORT_PREFIX and w not in names
    )
    short = min(starts, key=lambda p: (-starts[p], p))
    long_words = sorted(w for w in mid if len(w) > LONG_PREFIX + 1) or sorted(common)
    return [short + "*", long_words[0][:LONG_PREFIX] + "*"]


def _absent(counts: Counter[str], rng: random.Random) -> str:
    while True:
        word = "".join(rng.choice(SYLLABLES) for _ in range(4))
        if word not in counts:
            return word


def pick(
    counts: Counter[str], emitted: Emitted, blocks: list[str], manifest: _Manifest, seed: int
) -> dict[str, Any]:
    """The mix as written to .queries.json: kinds, texts and the bands they came from."""
    rng = random.Random(f"mix:{seed}:{manifest.questions}")
    band = bands(manifest.questions)
    plain = [w for w in counts if _content(w)]
    mid = _in_band(plain, counts, band["mid"], PICKS["mid"], rng)
    common = _in_band(plain, counts, band["common"], PICKS["common"] + 1, rng)
    queries: list[dict[str, Any]] = []

    def add(kind: str, texts: Iterable[str | None], party: str | None = None) -> None:
        for text in texts:
            query = {"kind": kind, "text": text, **({"party": party} if party else {})}
            if text and query not in queries:
                queries.append(query)

    rare_words = [w for w in emitted.words if _content(w)]
    add("rare word", _in_band(rare_words, counts, RARE, PICKS["rare"], rng))
    names = [w for w in emitted.names if counts[w]]
    add("rare name", (w.title() for w in _in_band(names, counts, RARE, PICKS["rare"], rng)))
    codes = [w for w in emitted.codes if counts[w]]
    add("rare code", (w.upper() for w in _in_band(codes, counts, RARE, PICKS["rare"], rng)))
    add("mid word", mid)
    add("common word", common[: PICKS["common"]])
    floor = band["mid"][0]
    add("2 words", (_from_blocks(blocks, counts, floor, 2, rng, False) for _ in range(2)))
    add("3 words", [_from_blocks(blocks, counts, floor, 3, rng, False)])
    phrases = [_from_blocks(blocks, counts, floor, n, rng, True) for n in (2, 2, 3)]
    add("phrase", (f'"{p}"' for p in phrases if p))
    short, long = _prefixes(counts, emitted.names, common, mid)
    add("short prefix", [short])
    add("long prefix", [long])
    parties = sorted(manifest.parties, key=lambda p: (-manifest.parties[p], p))
    # Common words: a party filter that finds nothing would be a "no hits" query.
    add("party", [common[-1]], parties[0])
    add("party", [common[0]], parties[len(parties) // 2])
    absent = [_absent(counts, rng) for _ in range(PICKS["none"])]
    add("no hits", [absent[0], f"{absent[1]} {common[0]}"])
    return {
        "_comment": "Picked by bench.query_mix from this corpus's word counts; see BENCHMARKS.md.",
        "bands": {k: list(v) for k, v in band.items()},
        "queries": queries,
    }
