"""The range helpers the bulk writer and the arrays lay out postings with."""

from __future__ import annotations

import numpy as np

from index.ranges import concatenated_ranges, offsets_of, ranges_at


def test_concatenated_ranges() -> None:
    got = concatenated_ranges(np.array([5, 0, 9]), np.array([3, 0, 2]))
    assert got.tolist() == [5, 6, 7, 9, 10]
    assert concatenated_ranges(np.array([], dtype=int), np.array([], dtype=int)).tolist() == []


def test_offsets_of() -> None:
    assert offsets_of(np.array([3, 0, 2])).tolist() == [0, 3, 3, 5]
    assert offsets_of(np.array([], dtype=np.int64)).tolist() == [0]


def test_adjacent_ranges_are_one_slice_and_others_every_position() -> None:
    assert ranges_at(np.array([5, 7, 10]), np.array([2, 3, 1])) == slice(5, 11)
    apart = ranges_at(np.array([5, 20]), np.array([2, 3]))
    assert apart.tolist() == [5, 6, 20, 21, 22]
    assert apart.tolist() == concatenated_ranges([5, 20], [2, 3]).tolist()
