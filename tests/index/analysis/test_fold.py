"""The one fold: lowercase and without diacritics, for the index and everything compared with it."""

from __future__ import annotations

import pytest

from index.analysis.chain import exact_analyzer
from index.analysis.fold import fold


@pytest.mark.parametrize(
    ("word", "folded"),
    [("oekraïne", "oekraine"), ("Roemenië", "roemenie"), ("coördinatie", "coordinatie")]
    + [("Café", "cafe"), ("ﬁnanciën", "financien"), ("plain", "plain"), ("Kostić", "kostic")]
    + [("NAVO", "navo"), ("", "")],
)
def test_fold(word: str, folded: str) -> None:
    assert fold(word) == folded


@pytest.mark.parametrize("word", ["Oekraïne", "Roemenië", "Kostić", "Coördinatie", "NAVO"])
def test_the_exact_field_stores_a_word_folded(word: str) -> None:
    """What the surface forms and the synonym table fold to is the term the index holds."""
    assert [t.text for t in exact_analyzer()(word)] == [fold(word)]
