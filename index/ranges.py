"""Ranges of array positions: where each of a run of groups starts, and the positions of
many ranges end to end. The bulk writer and the arrays lay out postings with these."""

from __future__ import annotations

import numpy as np


def offsets_of(counts: np.ndarray) -> np.ndarray:
    """Where each of a run of groups starts, and one more: where the last one ends."""
    offsets = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    return offsets


def concatenated_ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """``start, start+1, … start+length-1`` for every pair, end to end."""
    lengths = np.asarray(lengths, dtype=np.int64)
    total = int(lengths.sum())
    if total == 0:
        return np.empty(0, dtype=np.int64)
    before = np.cumsum(lengths) - lengths
    return np.repeat(np.asarray(starts, dtype=np.int64) - before, lengths) + np.arange(total)


def ranges_at(starts: np.ndarray, counts: np.ndarray) -> np.ndarray | slice:
    """The positions of the ranges starting at `starts`, `counts` long: one slice when
    they are adjacent (a prefix's terms' postings), else every position's index."""
    total = int(counts.sum())
    if len(starts) == 1 or int(starts[-1]) - int(starts[0]) == total - int(counts[-1]):
        return slice(int(starts[0]), int(starts[0]) + total)
    ends = np.cumsum(counts)
    return np.arange(total) + np.repeat(starts - (ends - counts), counts)
