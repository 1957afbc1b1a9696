"""The range helpers the bulk writer and the arrays lay out postings with."""

from __future__ import annotations

import numpy as np

from index.ranges import concatenated_ranges, offsets_of


def test_concatenated_ranges() -> None:
    got = concatenated_ranges(np.array([5, 0, 9]), np.array([3, 0, 2]))
    assert got.tolist() == [5, 6, 7, 9, 10]
    assert concatenated_ranges(np.array([], dtype=int), np.array([], dtype=int)).tolist() == []


def test_offsets_of() -> None:
    assert offsets_of(np.array([3, 0, 2])).tolist() == [0, 3, 3, 5]
    assert offsets_of(np.array([], dtype=np.int64)).tolist() == [0]
