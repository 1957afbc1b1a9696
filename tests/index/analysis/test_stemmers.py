"""The stemmer choices: each name's function stems Dutch, a list at a time, and an unknown
name is refused."""

from __future__ import annotations

import pytest

from index.analysis.stemmers import STEMMERS, check_stemmer, stems_function


@pytest.mark.parametrize("name", STEMMERS)
def test_each_stemmer_stems_a_dutch_plural(name: str) -> None:
    stems = stems_function(check_stemmer(name))
    plural, singular = stems(["leningen", "lening"])
    assert plural == singular != "leningen"
    assert stems([]) == []


def test_the_stemmers_stem_differently() -> None:
    kp, nltk = (stems_function(name) for name in STEMMERS)
    assert kp(["drones"]) == kp(["drone"]) and nltk(["drones"]) != nltk(["drone"])


@pytest.mark.parametrize("name", ["porter", "", "KP"])
def test_an_unknown_stemmer_is_refused_with_the_choices(name: str) -> None:
    with pytest.raises(ValueError, match="choose one of kp, nltk"):
        check_stemmer(name)
    with pytest.raises(ValueError, match="unknown stemmer"):
        stems_function(name)
