"""Where some words of a text stand, numbered as the index numbers its positions, read
from a memoized analyzer's cached word outputs (index.analysis.memo).

A phrase's words are marked in a snippet only where the phrase stands
(search.phrases), so a text's positions are counted when a phrase word stands apart
from the others: counted token by token, in Python, that was most of such a snippet's
time for a long answer. Here the text is cut into words by one C-level split (as
`MemoizedAnalyzer.spans` cuts it), the positions are counted by C-level maps, and only
the tokens of the wanted words are looked at one by one.
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate, chain, compress
from operator import itemgetter

from index.analysis.memo import MemoizedAnalyzer

_TEXT = itemgetter(0)


def wanted_at(
    analyzer: MemoizedAnalyzer, text: str, wanted: set[str] | frozenset[str], mode: str = "index"
) -> dict[tuple[str, int], tuple[int, int]]:
    """(word, position) → its first (startchar, endchar), for the tokens of `text` that
    are one of `wanted`, stopwords left out, each at the position the analyzer's
    `__call__` gives it: a word takes one position, or none when the chain drops it
    (each token of a word shares the word's position, as `WordFilter` says)."""
    pieces = analyzer._splitter.split(text)
    words = pieces[1::2]
    outputs = analyzer._outputs(words, mode, True)
    tokens = list(chain.from_iterable(outputs))
    found = list(compress(range(len(tokens)), map(wanted.__contains__, map(_TEXT, tokens))))
    if not found:
        return {}
    bounds = list(accumulate(map(len, pieces)))  # word k: bounds[2k] to bounds[2k+1]
    tokens_to = list(accumulate(map(len, outputs)))  # the tokens up to each word
    taken = list(accumulate(map(bool, outputs)))  # the positions up to each word
    at: dict[tuple[str, int], tuple[int, int]] = {}
    for token in found:
        word = bisect_right(tokens_to, token)
        name, relative, start, end, _, _ = tokens[token]
        offset = bounds[2 * word]
        at.setdefault((name, taken[word] - 1 + relative), (offset + start, offset + end))
    return at
