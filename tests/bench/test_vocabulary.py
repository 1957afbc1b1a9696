"""The long-tail pools: Zipf-shaped draws, and entries fixed by their rank."""

from __future__ import annotations

import random
import re
from collections import Counter

import pytest

from bench import vocabulary
from bench.vocabulary import Zipf, code, compound, list_words, name


def test_zipf_draws_fall_with_rank() -> None:
    zipf = Zipf(10_000, 1.0, 1)
    rng = random.Random(4)
    drawn = Counter(zipf.draw(rng) for _ in range(50_000))
    assert drawn[0] > drawn[1] > drawn[9] > drawn[99]
    assert 1.6 < drawn[0] / drawn[1] < 2.4  # weight 1/(r+1): rank 0 twice rank 1
    assert max(drawn) < 10_000 and len(drawn) > 3_000  # a long tail, inside the pool


def test_an_offset_flattens_the_head() -> None:
    weights = [Zipf(10_000, 1.0, offset).cumulative[:2] for offset in (1, 100)]
    share = [float(first / (second - first)) for first, second in weights]
    assert share == pytest.approx([2.0, 1.01])


def test_the_word_list_is_the_decompounders_and_ranks_short_words_first() -> None:
    words = list_words()
    assert len(words) > 380_000 and all(len(w) >= vocabulary.MIN_LETTERS for w in words[:1000])
    head = sum(len(w) for w in words[:10_000]) / 10_000
    tail = sum(len(w) for w in words[-10_000:]) / 10_000
    assert head + 5 < tail


def test_an_entry_depends_on_its_rank_only() -> None:
    before = [compound(r) for r in range(50)], [name(r) for r in range(50)]
    compound.cache_clear()
    vocabulary._name_parts.cache_clear()
    assert ([compound(r) for r in range(50)], [name(r) for r in range(50)]) == before
    assert len(set(before[0])) == 50


def _splits(word: str, known: set[str], parts: int) -> bool:
    """Whether `word` is `parts` list words, each after the first behind a linking morpheme."""
    if parts == 1:
        return word in known
    for cut in range(vocabulary.MIN_LETTERS, len(word) - vocabulary.MIN_LETTERS + 1):
        if word[:cut] in known:
            rest = word[cut:]
            for link in ("", "s", "e", "en"):
                if rest.startswith(link) and _splits(rest[len(link) :], known, parts - 1):
                    return True
    return False


def test_compounds_are_list_words_joined_by_a_linking_morpheme() -> None:
    known = set(list_words())
    compounds = [compound(rank) for rank in range(300)]
    assert all(_splits(w, known, 2) or _splits(w, known, 3) for w in compounds)
    assert sum(_splits(w, known, 3) and not _splits(w, known, 2) for w in compounds) > 20


def test_names_and_codes_look_like_their_kinds() -> None:
    names = [name(r) for r in range(300)]
    assert all(n[0].isupper() for n in names)
    assert any(n.startswith(("Van ", "De ", "Ter ")) for n in names)
    assert any(n.endswith(("-Oost", "-West", "-Noord", "-Zuid")) for n in names)
    codes = [code(r) for r in range(300)]
    patterns = (r"[A-Z]{1,3}-\d{1,3}", r"20[12]\dZ\d{5}", r"Kamerstuk 3\d \d{3}, nr\. \d+")
    assert all(any(re.fullmatch(p, c) for p in patterns) for c in codes), codes
    assert all(any(re.fullmatch(p, c) for c in codes) for p in patterns)
