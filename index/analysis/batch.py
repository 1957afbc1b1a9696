"""Many words through a filter chain at once: each filter's step over all of them.

Every filter of the Dutch chain works on one word at a time (index.analysis.memo), and
a build meets some 180,000 new distinct words at 20,000 questions. Run word by word,
each word cost a call and a fresh list of tuples per filter, which was more than the
filters' own work. Here a batch of words is one set of columns (`WordBatch`, a row per
token), and each filter's `batch_step` runs once over the whole batch: a text rule is
one map over the texts, the stemmer one call over the list, a filter that drops or
multiplies tokens rebuilds only what it changes. One word is a batch of one: the
memoised analyzer's path for a word and the filters' Whoosh streams run the same steps,
so each filter keeps one rule, and `tests/index/analysis/test_memo.py` checks every
chain against its plain Whoosh composition.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import compress

from whoosh.analysis import Filter, LowercaseFilter, Token

# (text, position relative to the word, start, end within the word, stopped, boost)
WordOutput = tuple[str, int, int, int, bool, float]


@dataclass(slots=True)
class WordBatch:
    """The tokens of `size` words, a list per column: row r is a token of word
    ``word[r]`` (0 ≤ word < size), the rows in word order and a word's in its order.
    A word with no row vanished (a stopword, a word without compound parts).

    A step makes a new batch and never changes a column in place (columns are shared
    between batches). Not frozen: a frozen dataclass sets each field through
    object.__setattr__, and a word alone is a batch of one per filter."""

    size: int
    word: list[int]
    text: list[str]
    relative: list[int]  # the position relative to the word's
    start: list[int]  # characters within the word
    end: list[int]
    stopped: list[bool]
    boost: list[float]

    @classmethod
    def of_words(cls, words: Sequence[str]) -> WordBatch:
        """Each word as its one token, as the tokenizer gives it."""
        n = len(words)
        zeros = [0] * n  # two columns, one list: no step changes a column in place
        return cls(n, list(range(n)), list(words), zeros, zeros, list(map(len, words)),
                   [False] * n, [1.0] * n)  # fmt: skip

    @classmethod
    def of_rows(cls, size: int, word: list[int], rows: Iterable[WordOutput]) -> WordBatch:
        """A batch of `size` words from its rows, `word[r]` the word of row r."""
        columns = tuple(map(list, zip(*rows, strict=True))) or ([], [], [], [], [], [])
        if len(columns[0]) != len(word):
            raise ValueError("elke rij hoort bij één woord")
        return cls(size, word, *columns)

    def rows(self) -> Iterator[WordOutput]:
        # Not strict: the columns are one length by construction, and a word alone is a
        # batch of one whose rows are read once.
        columns = (self.text, self.relative, self.start, self.end, self.stopped, self.boost)
        return zip(*columns, strict=False)

    def row(self, row: int) -> WordOutput:
        return (self.text[row], self.relative[row], self.start[row], self.end[row],
                self.stopped[row], self.boost[row])  # fmt: skip

    def with_text(self, text: list[str]) -> WordBatch:
        return WordBatch(self.size, self.word, text, self.relative, self.start, self.end,
                         self.stopped, self.boost)  # fmt: skip

    def taken(self, rows: list[int], text: list[str]) -> WordBatch:
        """The rows numbered in `rows` (ascending, a row may repeat), with the texts `text`."""
        word, relative, start, end, stopped, boost = (
            list(map(column.__getitem__, rows))
            for column in (self.word, self.relative, self.start, self.end, self.stopped, self.boost)
        )
        return WordBatch(self.size, word, text, relative, start, end, stopped, boost)

    def kept(self, keep: Sequence[bool]) -> WordBatch:
        """Only the rows whose `keep` is true."""
        if all(keep):
            return self
        return WordBatch(self.size, *(list(compress(column, keep)) for column in self._columns()))

    def replaced(self, rows: dict[int, list[WordOutput]]) -> WordBatch:
        """Each row numbered in `rows` replaced by its outputs (none: dropped), the
        others as they are: the work is the replaced rows', not the batch's."""
        if not rows:
            return self
        columns = self._columns()
        new: tuple[list, ...] = tuple([] for _ in columns)
        done = 0
        for row in sorted(rows):
            for old, kept in zip(columns, new, strict=True):
                kept.extend(old[done:row])
            outputs = rows[row]
            new[0].extend([self.word[row]] * len(outputs))
            for column, values in zip(new[1:], zip(*outputs, strict=True), strict=False):
                column.extend(values)
            done = row + 1
        for old, kept in zip(columns, new, strict=True):
            kept.extend(old[done:])
        return WordBatch(self.size, *new)

    def outputs(self) -> list[tuple[WordOutput, ...]]:
        """Each word's tokens, as `MemoizedAnalyzer.word_outputs` gives them."""
        found: list[list[WordOutput]] = [[] for _ in range(self.size)]
        for word, row in zip(self.word, self.rows(), strict=True):
            found[word].append(row)
        return list(map(tuple, found))

    def _columns(self) -> tuple[list, ...]:
        return (self.word, self.text, self.relative, self.start, self.end, self.stopped,
                self.boost)  # fmt: skip


# One filter over a batch of words: (batch, mode, removestops) -> batch.
BatchStep = Callable[[WordBatch, str, bool], WordBatch]


class WordFilter(Filter):
    """A filter whose rule works on one word's tokens at a time, run over a batch of
    words at once (`batch_step`): what MemoizedAnalyzer runs for new distinct words,
    and what the filter's Whoosh stream runs for each word of a token stream.

    Every token of a word stands at the word's position (the parts of a hyphenated word
    share it), so a step is given, and gives, positions relative to the word: 0. The
    stream takes the tokens that share a position as one word, and numbers the words
    as the filter's rule says: with `closes_gaps`, a word the step leaves no token of
    takes no position and the words after it move up (stopwords leave no gaps), as
    MemoizedAnalyzer numbers them; without, each word keeps its position.
    """

    closes_gaps = False

    def batch_step(self, batch: WordBatch, mode: str, removestops: bool) -> WordBatch:
        """What the filter makes of each word's tokens in `batch` (positions, offsets
        and all, as a token read when yielded)."""
        raise NotImplementedError

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        step, closes_gaps = self.batch_step, self.closes_gaps
        last = -1  # the last position given out, when gaps are closed
        for token, position, outs in _stream_words(tokens):
            found = step(WordBatch.of_rows(1, [0] * len(outs), outs), token.mode,
                         token.removestops)  # fmt: skip
            if not found.text:
                continue
            first = last + 1 if closes_gaps else position
            for text, relative, start, end, stopped, boost in found.rows():
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

    def rules(self, texts: list[str]) -> list[str]:
        """`rule` of each of `texts` (a filter may do them all in one call)."""
        return list(map(self.rule, texts))

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        rule, skips = self.rule, self.skips_stopped
        for t in tokens:
            if not (skips and t.stopped):
                t.text = rule(t.text)
            yield t

    def batch_step(self, batch: WordBatch, mode: str, removestops: bool) -> WordBatch:
        if not (self.skips_stopped and any(batch.stopped)):
            return batch.with_text(self.rules(batch.text))
        texts = list(batch.text)
        rows = [row for row, stopped in enumerate(batch.stopped) if not stopped]
        for row, text in zip(rows, self.rules([texts[row] for row in rows]), strict=True):
            texts[row] = text
        return batch.with_text(texts)


def _lowercase(batch: WordBatch, mode: str, removestops: bool) -> WordBatch:
    """Whoosh's `LowercaseFilter` as a batch step."""
    return batch.with_text(list(map(str.lower, batch.text)))


def _through_tokens(step: Filter, batch: WordBatch, mode: str, removestops: bool) -> WordBatch:
    """Any other Whoosh filter as a batch step: each word's rows as tokens, through its
    stream (one word at a time: its rule is one word's)."""
    words: list[int] = []
    found: list[WordOutput] = []
    for word, outs in enumerate(batch.outputs()):
        if not outs:
            continue
        tokens = []
        for text, pos, start, end, stopped, boost in outs:
            token = Token(positions=True, chars=True, removestops=removestops, mode=mode)
            token.text, token.pos, token.startchar, token.endchar = text, pos, start, end
            token.stopped, token.boost = stopped, boost
            tokens.append(token)
        # Read each token as it is yielded: later filters mutate shared tokens.
        for t in step(iter(tokens)):
            found.append((t.text, t.pos, t.startchar, t.endchar, t.stopped, t.boost))
            words.append(word)
    return WordBatch.of_rows(batch.size, words, found)


def batch_step(step: Filter) -> BatchStep:
    """How a filter runs over a batch of words: its own batch step when it has one."""
    if isinstance(step, WordFilter):
        return step.batch_step
    if type(step) is LowercaseFilter:
        return _lowercase
    return partial(_through_tokens, step)
