"""A Whoosh analyzer that runs each distinct word through its filter chain only once.

Every filter of the Dutch chain works on one word at a time: what `MQ-9’s` or
`begrotingssteun` becomes does not depend on the words around it. Only the
positions do (stopwords leave no gaps). So the chain's output per word can be
cached and replayed, which turns six Python generators per token into one dict
lookup. Dutch text repeats its words heavily (the bundled letter: 115k tokens,
2k distinct), and indexing and highlighting both spend most of their time here.

The filters stay what they are, small and testable alone; this class only
decides how often they run, and how: words go through the filters as columns of
plain values, many at once (index.analysis.batch: `word_batch`, what the bulk
writer's tables ask for its new words; a word alone is a batch of one), not as a
Whoosh ``Token`` through a generator per filter. Each filter keeps one rule that both
its Whoosh stream and its batch step apply. `tests/index/analysis/test_memo.py` checks
that the output equals the plain composed chain token for token.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from itertools import accumulate, repeat
from typing import Any

from whoosh.analysis import Analyzer, Filter, RegexTokenizer, Token

from index.analysis.batch import WordBatch, WordOutput, batch_step

DEFAULT_CACHE_SIZE = 500_000
_NOT_PICKLED = ("_cache", "_split_expression", "_batch_steps")


class MemoizedAnalyzer(Analyzer):
    """`tokenizer | filters...`, with the filters' result per distinct word cached."""

    def __init__(
        self,
        tokenizer: RegexTokenizer,
        filters: Sequence[Filter],
        cachesize: int = DEFAULT_CACHE_SIZE,
    ) -> None:
        self.tokenizer = tokenizer
        self.filters = list(filters)
        self.cachesize = cachesize
        self._cache: dict[tuple[str, str, bool], tuple[WordOutput, ...]] = {}

    # Whoosh pickles the schema, and so this analyzer, into the index: not the caches.
    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k not in _NOT_PICKLED}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._cache = {}

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, MemoizedAnalyzer)
            and self.tokenizer == other.tokenizer
            and self.filters == other.filters
        )

    def __hash__(self) -> int:
        return hash((type(self).__name__, len(self.filters)))

    def __or__(self, other: Filter) -> MemoizedAnalyzer:
        return MemoizedAnalyzer(self.tokenizer, [*self.filters, other], self.cachesize)

    def __repr__(self) -> str:
        names = " | ".join(type(f).__name__ for f in self.filters)
        return f"MemoizedAnalyzer({type(self.tokenizer).__name__} | {names})"

    def plain_chain(self) -> Any:
        """The same chain composed the ordinary Whoosh way, without the cache."""
        chain: Any = self.tokenizer
        for step in self.filters:
            chain = chain | step
        return chain

    def word_batch(
        self, words: Sequence[str], mode: str = "index", removestops: bool = True
    ) -> WordBatch:
        """What the filters make of each of `words`, as one batch, uncached: for a
        caller that keeps its own table of every word (the bulk writer's,
        index.segment.tokens), which the cache would hold a second time, some 350
        bytes a word per analyzer (178,000 words at 20,000 questions)."""
        steps = self.__dict__.get("_batch_steps")
        if steps is None:
            steps = self.__dict__["_batch_steps"] = [batch_step(f) for f in self.filters]
        batch = WordBatch.of_words(words)
        for step in steps:
            batch = step(batch, mode, removestops)
        return batch

    def word_outputs(
        self, word: str, mode: str = "index", removestops: bool = True
    ) -> tuple[WordOutput, ...]:
        """What the filters make of one word: (text, position relative to the word,
        start, end, stopped, boost) per token; empty when the word vanishes."""
        key = (word, mode, removestops)
        found = self._cache.get(key)
        if found is None:
            found = tuple(self.word_batch((word,), mode, removestops).rows())
            self._remember(key, found)
        return found

    def _remember(self, key: tuple[str, str, bool], found: tuple[WordOutput, ...]) -> None:
        if len(self._cache) < self.cachesize:
            self._cache[key] = found

    def term_counts(self, value: str, mode: str = "index") -> tuple[dict, dict]:
        """Frequency and summed boost per term, stopwords removed: what Whoosh's
        Frequency format collects from the token stream, without the stream."""
        counts: dict[str, int] = {}
        boosts: dict[str, float] = {}
        outputs = self.word_outputs
        for match in self.tokenizer.expression.finditer(value):
            for text, _, _, _, stopped, boost in outputs(match.group(0), mode, True):
                if stopped:  # Whoosh's formats skip stopped tokens
                    continue
                counts[text] = counts.get(text, 0) + 1
                boosts[text] = boosts.get(text, 0.0) + boost
        return counts, boosts

    def term_positions(self, value: str, mode: str = "index") -> tuple[dict, dict]:
        """Positions and summed boost per term, numbered as `__call__` numbers them."""
        positions: dict[str, list[int]] = {}
        boosts: dict[str, float] = {}
        outputs = self.word_outputs
        last = -1
        for match in self.tokenizer.expression.finditer(value):
            found = outputs(match.group(0), mode, True)
            if not found:
                continue
            first = last + 1
            for text, relative, _, _, stopped, boost in found:
                position = first + relative
                last = max(last, position)
                if stopped:
                    continue
                positions.setdefault(text, []).append(position)
                boosts[text] = boosts.get(text, 0.0) + boost
        return positions, boosts

    def spans(
        self,
        value: str,
        mode: str = "index",
        wanted: frozenset[str] | None = None,
        near: Iterable[int] | None = None,
        before: int = 0,
        after: int = 0,
    ) -> list[tuple[str, int, int, float]]:
        """(text, startchar, endchar, boost) of every token, stopwords kept: what a
        highlighter needs, without a Token object per token. With `wanted` (and no
        `near`): none at all unless some token's text is in it (most hit texts a
        snippet looks at have no match in one of their fields, and then no span need
        be made).

        With `near` (positions, numbered as `term_positions` numbers them): only the
        tokens of the words around the words at those positions, each run of words
        from the first that ends less than `before` characters ahead of the end of
        the word before the positioned one, to the first after it where the lengths
        of the words since add up to `after`; runs that touch are one. The filters
        run over those words only, and finding them takes one lookup of the cache per
        word of the text (a word takes one position, or none when the chain drops it:
        each token of a word shares the word's position, as in the chains of
        index.analysis).

        The text is cut into words and what lies between them by one C-level split,
        and each word's offset summed from the pieces' lengths: a Python loop over the
        tokenizer's matches was most of a snippet's time.
        """
        pieces = self._splitter.split(value)
        words = pieces[1::2]
        bounds = list(accumulate(map(len, pieces)))  # word k: bounds[2k] to bounds[2k+1]
        starts = bounds[0::2]
        if near is not None:
            runs = self._runs_near(words, bounds, mode, near, before, after)
        else:
            runs = [(0, len(words) - 1)]
        found = []
        add = found.append
        for first, last in runs:
            outputs = self._outputs(words[first : last + 1], mode, False)
            if (
                wanted is not None
                and near is None
                and not any(out[0] in wanted for outs in outputs for out in outs)
            ):
                return []
            for outs, offset in zip(outputs, starts[first : last + 1], strict=True):
                for text, _, start, end, _, boost in outs:
                    add((text, offset + start, offset + end, boost))
        return found

    def _outputs(self, words: list[str], mode: str, removestops: bool) -> list[tuple]:
        """`word_outputs` of each word, from the cache in one C-level pass if it has all."""
        found = list(map(self._cache.get, zip(words, repeat(mode), repeat(removestops))))
        if None in found:  # the missing words as one batch: a word alone costs more
            missing = list(
                dict.fromkeys(w for w, out in zip(words, found, strict=True) if out is None)
            )
            made = dict(
                zip(missing, self.word_batch(missing, mode, removestops).outputs(), strict=True)
            )
            for word, outputs in made.items():
                self._remember((word, mode, removestops), outputs)
            found = [made[w] if out is None else out for w, out in zip(words, found, strict=True)]
        return found

    def _runs_near(
        self,
        words: list[str],
        bounds: list[int],
        mode: str,
        near: Iterable[int],
        before: int,
        after: int,
    ) -> list[tuple[int, int]]:
        """(first, last) word of each run of words `spans` makes with `near`."""
        # Lists and bisection, not numpy: most texts are a few hundred words, and a
        # dozen numpy calls on them cost more than the analysis they save.
        ends = bounds[1::2]
        summed = list(accumulate(map(len, words)))
        # Which word holds each position: the positions its words and those before took.
        taken = list(accumulate(map(bool, self._outputs(words, mode, True))))
        held = sorted({bisect_right(taken, position) for position in near})
        return _runs(held, ends, summed, before, after)

    @property
    def _splitter(self) -> re.Pattern[str]:
        """The tokenizer's expression as one capturing group, for `re.split`."""
        splitter = self.__dict__.get("_split_expression")
        if splitter is None:
            expression = self.tokenizer.expression
            if expression.groups:  # re.split would return the inner groups too
                raise ValueError(f"tokenizer met groepen: {expression.pattern!r}")
            splitter = re.compile(f"({expression.pattern})", expression.flags)
            self.__dict__["_split_expression"] = splitter
        return splitter

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        if not tokenize:  # a prefix or wildcard term: the whole value is one token
            yield from self.plain_chain()(
                value, positions=positions, chars=chars, keeporiginal=keeporiginal,
                removestops=removestops, start_pos=start_pos, start_char=start_char,
                tokenize=False, mode=mode, **kwargs,
            )  # fmt: skip
            return
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        last = start_pos - 1  # the last position given out; words that vanish take none
        for match in self.tokenizer.expression.finditer(value):
            outputs = self.word_outputs(match.group(0), mode, removestops)
            if not outputs:
                continue
            first = last + 1
            offset = start_char + match.start()
            for text, relative, start, end, stopped, boost in outputs:
                token.text, token.stopped, token.boost = text, stopped, boost
                if keeporiginal:
                    token.original = match.group(0)
                if positions:
                    token.pos = first + relative
                    last = max(last, token.pos)
                if chars:
                    token.startchar, token.endchar = offset + start, offset + end
                yield token


def _runs(
    held: list[int], ends: list[int], summed: list[int], before: int, after: int
) -> list[tuple[int, int]]:
    """(first, last) word of each run around the words `held` (ascending), as `spans`
    says; `ends`: each word's end, `summed`: the words' lengths summed up to each."""
    runs: list[tuple[int, int]] = []
    for word in held:
        if word >= len(ends):
            break
        first = bisect_right(ends, ends[word - 1] - before) if word else 0
        last = min(bisect_left(summed, summed[word] + after), len(ends) - 1)
        if runs and first <= runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], last)
        else:
            runs.append((first, last))
    return runs
