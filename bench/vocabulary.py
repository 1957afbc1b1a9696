"""The long tail of a real archive: content words, coined compounds, names and codes.

Each pool is an endless or very long list of distinct strings, drawn by a Zipf-like law
over its ranks, so a few entries are common and most are seen once or twice, as in real
correspondence. What an entry at rank r is depends only on r and the pool (never on the
corpus seed), so rank 1 is the same word at every size; which ranks a corpus meets
depends on its seed.

- words: the OpenTaal list the decompounder ships (its 380,000-odd words of four letters
  or more), ranked short before long with a random spread (short words are the common
  ones in any language);
- compounds: two or three list words joined with a linking -s-, -e- or -en-;
- names: surnames ("Van der Berkhout") and places ("Schoonhoven-Oost"), built from
  Dutch name parts;
- codes: type designations ("KV-417"), Tweede Kamer registration numbers ("2024Z01234")
  and Kamerstuk dossiers ("36 045, nr. 12").
"""

from __future__ import annotations

import lzma
import random
from collections.abc import Callable
from functools import cache

import numpy as np

from bench.internals import WORD_LIST


def _split(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# A content word has at least 4 letters: the decompounder's shortest part, too.
MIN_LETTERS = 4
# Not a corpus seed: fixes what each rank of a pool is, the same for every corpus.
POOL_SEED = 18
LINKS = (("", 0.6), ("s", 0.25), ("en", 0.1), ("e", 0.05))
NAME_HEADS = _split(
    "Berk Hout Schoon Eik Wil Linde Es Beuk Ha Broek Dijk Veen Kamp Bos Hoog Laag Groen "
    "Wit Zwart Rood Blauw Mol Vos Haan Kraai Valk Zwaan Mos Riet Zand Klei Steen Berg "
    "Dal Brug Sluis Dam Molen Kerk Burg Hof Hage Loo Horst Heide Donk Gest Hem Lent Wolf "
    "Beer Hert Ram Bul Rijn Maas Waal Lek Vecht Eem Gouw Vliet Stroom Meer Wijk Zijl "
    "Diep Ooster Wester Noorder Zuider Nieuw Oud Groot Klein Lang Kort Breed Smal"
)
NAME_TAILS = _split(
    "hout hoven dijk veen kamp bos berg horst heide donk gest hem lent meer wijk zijl "
    "broek brug sluis dam molen kerk burg hof hage loo stra sma ema inga ink man mans "
    "sen ers ing ert mond beek rade rode dorp huizen laar schot stein velde zand"
)
NAME_LINKS = (("", 0.75), ("s", 0.1), ("en", 0.1), ("e", 0.05))
INFIXES = ("", "", "", "", "van ", "van der ", "van den ", "de ", "van de ", "ter ", "den ")
PLACE_SUFFIXES = ("", "", "", "-Oost", "-West", "-Noord", "-Zuid", " aan Zee", " aan de Maas")
SYSTEM_LETTERS = "ABCDEFGHKLMNPRSTVXZ"
# (pool size, exponent, offset) of a Zipf-Mandelbrot law, weight 1 / (rank + offset) **
# exponent: how long each tail is, how steeply it falls, and how flat its head is (without
# an offset the first word would be one in thirteen of all drawn).
POOL_SHAPES = {
    "word": (0, 1.0, 100),  # 0: the whole word list
    "compound": (3_000_000, 0.8, 100),
    "name": (400_000, 0.9, 20),
    "code": (400_000, 0.9, 20),
}


class Zipf:
    """Ranks 0..size-1 with weight 1 / (rank + offset) ** exponent, drawn by bisection."""

    def __init__(self, size: int, exponent: float, offset: int = 1) -> None:
        ranks = np.arange(offset, size + offset, dtype=np.float64)
        self.cumulative = np.cumsum(ranks**-exponent)
        self.total = float(self.cumulative[-1])

    def draw(self, rng: random.Random) -> int:
        return int(np.searchsorted(self.cumulative, rng.random() * self.total, side="right"))


@cache
def list_words() -> tuple[str, ...]:
    """The word list in rank order: short words first, with a spread, the same every run."""
    with lzma.open(WORD_LIST, "rt", encoding="utf-8") as stream:
        words = [w for w in stream.read().split() if w.isalpha() and len(w) >= MIN_LETTERS]
    order = random.Random(POOL_SEED)
    return tuple(sorted(words, key=lambda w: len(w) + order.gauss(0.0, 3.0)))


@cache
def _zipf(kind: str) -> Zipf:
    size, exponent, offset = POOL_SHAPES[kind]
    return Zipf(size or len(list_words()), exponent, offset)


def _rank_rng(kind: str, rank: int) -> random.Random:
    return random.Random(f"{POOL_SEED}:{kind}:{rank}")


def _weighted(rng: random.Random, table: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([t for t, _ in table], [w for _, w in table])[0]


@cache
def compound(rank: int) -> str:
    """Two list words (three in one of five), joined by a linking morpheme."""
    rng = _rank_rng("compound", rank)
    words, zipf = list_words(), _zipf("word")
    parts = [words[zipf.draw(rng)]]
    while len(parts) < (3 if rng.random() < 0.2 else 2):
        part = words[zipf.draw(rng)]
        parts += [part] if part != parts[-1] else []
    text = parts[0]
    for part in parts[1:]:
        text += _weighted(rng, LINKS) + part
    return text


def _surname_root(rng: random.Random) -> str:
    """ "Berkhout", "Wilshoven", "Veenendijkstra": a head and one or two tails."""
    root = rng.choice(NAME_HEADS) + _weighted(rng, NAME_LINKS) + rng.choice(NAME_TAILS)
    return root + rng.choice(NAME_TAILS) if rng.random() < 0.35 else root


@cache
def _name_parts(rank: int) -> tuple[str, str, str]:
    """The root of rank `rank`'s name, its infix as a person and its suffix as a place."""
    rng = _rank_rng("name", rank)
    root = _surname_root(rng)
    return root, rng.choice(INFIXES), rng.choice(PLACE_SUFFIXES)


def _person(rank: int) -> str:
    root, infix, _ = _name_parts(rank)
    return (infix[0].upper() + infix[1:] + root) if infix else root


def name(rank: int) -> str:
    """A person's surname ("Van der Berkhout") or, one in three, a place
    ("Schoonhoven-Oost")."""
    root, _, suffix = _name_parts(rank)
    return root + suffix if rank % 3 == 2 else _person(rank)


def member(rng: random.Random) -> str:
    """A Kamerlid's surname, from the same pool (and law) as the names in the text."""
    return _person(_zipf("name").draw(rng))


@cache
def code(rank: int) -> str:
    """A type designation, a registration number or a Kamerstuk reference."""
    rng = _rank_rng("code", rank)
    kind = rng.random()
    if kind < 0.45:
        letters = "".join(rng.choice(SYSTEM_LETTERS) for _ in range(rng.choice((1, 2, 2, 3))))
        return f"{letters}-{rng.randint(1, 999)}"
    if kind < 0.75:
        return f"{rng.randint(2015, 2026)}Z{rng.randint(0, 25_000):05d}"
    return f"Kamerstuk {rng.randint(31_000, 36_999):,}".replace(",", " ") + (
        f", nr. {rng.randint(1, 400)}"
    )


def draw(kind: str, rng: random.Random) -> str:
    """One entry of a pool, drawn by its Zipf law: a word, a compound, a name or a code."""
    rank = _zipf(kind).draw(rng)
    maker: Callable[[int], str] = {
        "word": list_words().__getitem__,
        "compound": compound,
        "name": name,
        "code": code,
    }[kind]
    return maker(rank)
