"""A Whoosh analyzer that runs each distinct word through its filter chain only once.

Every filter of the Dutch chain works on one word at a time: what `MQ-9’s` or
`begrotingssteun` becomes does not depend on the words around it. Only the
positions do (stopwords leave no gaps). So the chain's output per word can be
cached and replayed, which turns six Python generators per token into one dict
lookup. Dutch text repeats its words heavily (the bundled letter: 115k tokens,
2k distinct), and indexing and highlighting both spend most of their time here.

The filters stay what they are, small and testable alone; this class only
decides how often they run, and how: a word goes through the filters as plain
tuples (`WordFilter.word_step`), not as a Whoosh ``Token`` through a generator
per filter, which was most of the cost of a new word (and a build meets some
180,000 of them at 20,000 questions). Each filter keeps one rule that both its
Whoosh stream and its word step apply. `tests/index/analysis/test_memo.py` checks that
the output equals the plain composed chain token for token.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from itertools import accumulate, repeat
from typing import Any

from whoosh.analysis import Analyzer, Filter, LowercaseFilter, RegexTokenizer, Token

# (text, position relative to the word, start, end within the word, stopped, boost)
WordOutput = tuple[str, int, int, int, bool, float]
# One filter over one word's tokens: (outputs so far, mode, removestops) -> outputs.
WordStep = Callable[[list[WordOutput], str, bool], list[WordOutput]]
DEFAULT_CACHE_SIZE = 500_000
_NOT_PICKLED = ("_cache", "_split_expression", "_word_steps")


class WordFilter(Filter):
    """A filter whose rule works on one word's tokens at a time, as plain `WordOutput`
    tuples (`word_step`): what MemoizedAnalyzer runs for a new distinct word, and what
    the filter's Whoosh stream runs for each word of a token stream.

    Every token of a word stands at the word's position (the parts of a hyphenated word
    share it), so a word step is given, and gives, positions relative to the word: 0.
    The stream takes the tokens that share a position as one word, and numbers the
    words as the filter's rule says: with `closes_gaps`, a word the step leaves no
    token of takes no position and the words after it move up (stopwords leave no
    gaps), as MemoizedAnalyzer numbers them; without, each word keeps its position.
    """

    closes_gaps = False

    def word_step(self, outs: list[WordOutput], mode: str, removestops: bool) -> list[WordOutput]:
        """What the filter makes of one word's tokens `outs` (positions, offsets and
        all, as a token read when yielded)."""
        raise NotImplementedError

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        step, closes_gaps = self.word_step, self.closes_gaps
        last = -1  # the last position given out, when gaps are closed
        for token, position, outs in _stream_words(tokens):
            outs = step(outs, token.mode, token.removestops)
            if not outs:
                continue
            first = last + 1 if closes_gaps else position
            for text, relative, start, end, stopped, boost in outs:
                token.text, token.stopped, token.boost = text, stopped, boost
                if token.positions:
                    token.pos = first + relative
                    last = max(last, token.pos)
                if token.chars:
                    token.startchar, token.endchar = start, end
                yield token


def _stream_words(tokens: Iterator[Token]) -> Iterator[tuple[Token, int, list[WordOutput]]]:
    """A token stream word by word: the tokens that share a position (each token alone in
    a stream without positions), as a copy of the first, the word's position and its
    tokens as `WordOutput` tuples at relative position 0."""
    # A token is read as it comes and its first one copied: the stream before may reuse
    # one Token for every word, and the next word is known only once its token is read.
    word: Token | None = None
    position = -1
    outs: list[WordOutput] = []
    for t in tokens:
        if word is None or not t.positions or t.pos != position:
            if word is not None:
                yield word, position, outs
            word, outs = t.copy(), []
            position = t.pos if t.positions else -1
        start, end = (t.startchar, t.endchar) if t.chars else (0, 0)
        outs.append((t.text, 0, start, end, t.stopped, t.boost))
    if word is not None:
        yield word, position, outs


class TextFilter(WordFilter):
    """A filter that rewrites each token's text by one rule, `rule`, and nothing else."""

    skips_stopped = False  # True: a stopped token keeps its text

    def rule(self, text: str) -> str:
        raise NotImplementedError

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        rule, skips = self.rule, self.skips_stopped
        for t in tokens:
            if not (skips and t.stopped):
                t.text = rule(t.text)
            yield t

    def word_step(self, outs: list[WordOutput], mode: str, removestops: bool) -> list[WordOutput]:
        rule, skips = self.rule, self.skips_stopped
        return [
            out if skips and out[4] else (rule(out[0]), *out[1:])  # type: ignore[misc]
            for out in outs
        ]


def _lowercase(outs: list[WordOutput], mode: str, removestops: bool) -> list[WordOutput]:
    """Whoosh's `LowercaseFilter` as a word step."""
    return [(out[0].lower(), *out[1:]) for out in outs]  # type: ignore[misc]


def _through_tokens(
    step: Filter, outs: list[WordOutput], mode: str, removestops: bool
) -> list[WordOutput]:
    """Any other Whoosh filter as a word step: the tuples as tokens, through its stream."""
    tokens = []
    for text, pos, start, end, stopped, boost in outs:
        token = Token(positions=True, chars=True, removestops=removestops, mode=mode)
        token.text, token.pos, token.startchar, token.endchar = text, pos, start, end
        token.stopped, token.boost = stopped, boost
        tokens.append(token)
    # Read each token as it is yielded: later filters mutate shared tokens.
    return [(t.text, t.pos, t.startchar, t.endchar, t.stopped, t.boost) for t in step(iter(tokens))]


def word_step(step: Filter) -> WordStep:
    """How a filter runs over one word's tuples: its own word step when it has one."""
    if isinstance(step, WordFilter):
        return step.word_step
    if type(step) is LowercaseFilter:
        return _lowercase
    return partial(_through_tokens, step)


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

    def _through_filters(self, word: str, mode: str, removestops: bool) -> tuple[WordOutput, ...]:
        steps = self.__dict__.get("_word_steps")
        if steps is None:
            steps = self.__dict__["_word_steps"] = [word_step(f) for f in self.filters]
        outs: list[WordOutput] = [(word, 0, 0, len(word), False, 1.0)]
        for step in steps:
            outs = step(outs, mode, removestops)
        return tuple(outs)

    def word_outputs(
        self, word: str, mode: str = "index", removestops: bool = True, keep: bool = True
    ) -> tuple[WordOutput, ...]:
        """What the filters make of one word: (text, position relative to the word,
        start, end, stopped, boost) per token; empty when the word vanishes.

        `keep=False` for a caller that keeps its own table of every word (the bulk
        writer's, index.segment.tokens): the cache would hold each word a second time,
        some 350 bytes a word per analyzer (three analyzers, 178,000 words at 20,000
        questions of the realistic corpus)."""
        key = (word, mode, removestops)
        found = self._cache.get(key)
        if found is None:
            found = self._through_filters(word, mode, removestops)
            if keep and len(self._cache) < self.cachesize:
                self._cache[key] = found
        return found

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
        if None in found:
            found = [self.word_outputs(word, mode, removestops) for word in words]
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
