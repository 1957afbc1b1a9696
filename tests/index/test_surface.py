"""The surface forms: the most frequent written form per folded word, kept up to date
by an update's added and removed texts."""

from __future__ import annotations

from index.surface import SurfaceCounter, forms_of, surface_forms
from search.config import BUNDLED_CORPUS


def test_the_most_frequent_form_wins_lowercase_counting_double_ties_the_first():
    forms = surface_forms(["Oekraïne en Oekraine. Oekraïne", "Steun voor steun", "MQ-9 Mq"])
    assert forms["oekraine"] == "Oekraïne"
    assert forms["steun"] == "steun"  # 1 × 2 against 1
    assert forms["mq"] == "MQ"  # a tie: the first seen


def test_removing_texts_takes_their_forms_back():
    letter = next(BUNDLED_CORPUS.glob("*.txt")).read_text(encoding="utf-8")
    counter = SurfaceCounter()
    counter.add(letter)
    counter.add("Vredesmissie Zwaanenmond")
    before = counter.written()
    assert before["Zwaanenmond"] == 1
    again = SurfaceCounter(before)
    again.remove("Vredesmissie Zwaanenmond")
    after = again.written()
    assert "Zwaanenmond" not in after
    assert after["Vredesmissie"] == before["Vredesmissie"] - 1
    fresh = SurfaceCounter()
    fresh.add(letter)
    assert dict(after) == dict(fresh.written())
    assert list(after) == [w for w in before if w in after]  # first-seen order kept
    assert forms_of(after) == fresh.forms()
