"""The surface forms: the most frequent written form per folded word, kept up to date
by an update's added and removed texts."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from index.analysis.fold import fold
from index.surface import (
    SurfaceCounter,
    forms_of,
    read_surface_forms,
    read_written,
    surface_forms,
    write_surface_forms,
)
from index.surface_store import part_names, stored_counts
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


def _next_generation(before: Path, name: str) -> Path:
    after = before.with_name(name)
    shutil.copytree(before, after, copy_function=os.link)  # as index.store links them
    return after


def test_updates_write_parts_that_read_as_a_recount(tmp_path):
    """Stored counts updated key by key, parts merged: the same map and per-key counts
    as counting in memory, ties and first-seen order included."""
    letter = next(BUNDLED_CORPUS.glob("*.txt")).read_text(encoding="utf-8")
    paragraphs = [p for p in letter.split("\n\n") if p.strip()]
    generation = tmp_path / "gen-0"
    generation.mkdir()
    built = SurfaceCounter()
    for paragraph in paragraphs[:40]:
        built.add(paragraph)
    write_surface_forms(generation, built)
    memory = built.written()
    updates = [
        (["Vredesmissie Zwaanenmond Oekraïne", "MQ-9 Mq mq"], []),
        (["Steun", "Zwaanenmond zwaanenmond"], ["Vredesmissie Zwaanenmond Oekraïne"]),
        (paragraphs[40:60], paragraphs[:5]),
        ([], ["Zwaanenmond zwaanenmond", "MQ-9 Mq mq"]),
        (["MQ mq-9 Mq"], paragraphs[5:8]),
        (paragraphs[:8], []),
    ]
    for number, (added, removed) in enumerate(updates, 1):
        previous, generation = generation, _next_generation(generation, f"gen-{number}")
        counter, again = SurfaceCounter(read_written(previous)), SurfaceCounter(memory)
        for text in added:
            counter.add(text)
            again.add(text)
        for text in removed:
            counter.remove(text)
            again.remove(text)
        write_surface_forms(generation, counter)
        memory = again.written()
        assert read_surface_forms(generation) == forms_of(memory), number
        assert read_surface_forms(previous) != read_surface_forms(generation), number
    assert len(part_names(generation)) < len(updates)  # merged on the way
    keys = {fold(word) for word in memory}
    by_key = {key: list(forms.items()) for key, forms in stored_counts(generation, keys).items()}
    expected: dict[str, list[tuple[str, int]]] = {}
    for word, times in memory.items():
        expected.setdefault(fold(word), []).append((word, times))
    assert by_key == expected
    assert "zwaanenmond" not in read_surface_forms(generation)
