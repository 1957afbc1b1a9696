"""Texts as arrays of word numbers, and an analyzer's output per word as table rows.

The bulk writer (index.segment.bulk) analyses a whole chunk of records at once. A text
becomes an array of word numbers, one per token the tokenizer finds; an
analyzer's output for each distinct word becomes rows of flat arrays (the terms
it yields, their positions relative to the word, their boosts). `expand` then
turns the word numbers of many texts into every kept token's term, text,
position and boost with a few numpy operations, numbered exactly as
`MemoizedAnalyzer.term_positions` numbers them. tests/index/segment/test_tokens.py
compares both with the analyzer itself, text by text.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import compress, repeat
from typing import Any

import numpy as np

from index.analysis.memo import MemoizedAnalyzer
from index.ranges import concatenated_ranges, offsets_of

DEFAULT_PIECE_CACHE = 500_000


class WordNumbers:
    """Surface words to dense numbers, and texts to arrays of those numbers.

    A token of the Dutch tokenizer never contains whitespace, so a text's
    tokens are those of its whitespace-separated pieces, in order. Pieces
    repeat heavily ("Oekraïne," and "de" thousands of times), so each distinct
    piece goes through the regular expression once: the expression over every
    text was most of the tokenizing time.

    Most pieces are one word as it stands ("de", "Oekraïne"): such a piece is looked up
    as the word itself, its number its code. Any other piece ("Oekraïne,", "MQ-9’s;",
    "—") has a row of a flat table, its word numbers, and a negative code. A word is
    never another piece's key: a tokenizer match, tokenized alone, is itself (the
    expression has no lookaround), so one dict holds both without a separate piece
    cache beside the words. A text becomes its pieces' codes, and the codes word numbers
    in numpy, not by iterating over a tuple per piece.
    """

    def __init__(self, pattern: re.Pattern[str], cache_size: int = DEFAULT_PIECE_CACHE) -> None:
        self.pattern = pattern
        # A word's number (≥ 0), or for a cached piece that is not one word, -1 - its row.
        self.codes: dict[str, int] = {}
        self.words: list[str] = []
        self.cache_size = cache_size  # pieces that are not one word, kept with their rows
        # Row r's word numbers are _piece_words[first[r] : first[r] + count[r]]; rows past
        # the cached pieces' are one call's own (the cache was full).
        self._cached_rows = 0
        self._piece_first = array("q")
        self._piece_count = array("i")
        self._piece_words = array("i")
        self.released = False

    def _number(self, word: str) -> int:
        number = self.codes.get(word)
        if number is None:
            number = self.codes[word] = len(self.words)
            self.words.append(word)
        return number

    def _code(self, piece: str) -> int:
        code = self.codes.get(piece)  # a piece may repeat before the call's end
        if code is not None:
            return code
        words = [match.group(0) for match in self.pattern.finditer(piece)]
        if len(words) == 1 and len(words[0]) == len(piece):
            return self._number(piece)
        row = len(self._piece_count)
        self._piece_first.append(len(self._piece_words))
        self._piece_count.append(len(words))
        self._piece_words.extend(self._number(word) for word in words)
        if self._cached_rows < self.cache_size and row == self._cached_rows:
            self.codes[piece] = -1 - row
            self._cached_rows += 1
        return -1 - row

    def encode(self, texts: Iterable[str]) -> tuple[np.ndarray, np.ndarray]:
        """The word numbers of all `texts` end to end, and how many belong to each."""
        if self.released:
            raise ValueError("de woordnummers zijn al vrijgegeven: geen teksten meer")
        lookup = self.codes.get
        codes: list[int] = []
        pieces_per_text: list[int] = []
        for text in texts:
            pieces = text.split()
            found = list(map(lookup, pieces))
            if None in found:
                found = [
                    f if f is not None else self._code(p)
                    for f, p in zip(found, pieces, strict=True)
                ]
            codes.extend(found)
            pieces_per_text.append(len(found))
        numbers, words_per_piece = self._numbers_of(np.array(codes, dtype=np.int64))
        taken = offsets_of(words_per_piece)[offsets_of(np.array(pieces_per_text, dtype=np.int64))]
        self._forget_uncached_rows()
        return numbers, np.diff(taken)

    def _numbers_of(self, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The word numbers of a run of piece codes, and how many each piece has (copies:
        the tables' buffers must be free again before they grow)."""
        in_rows = codes < 0
        rows = -1 - codes[in_rows]
        first = np.frombuffer(self._piece_first, dtype=np.int64)[rows]
        count = np.frombuffer(self._piece_count, dtype=np.int32)[rows]
        words_per_piece = np.ones(len(codes), dtype=np.int32)
        words_per_piece[in_rows] = count
        starts = offsets_of(words_per_piece)[:-1]
        numbers = np.empty(int(words_per_piece.sum()), dtype=np.int32)
        numbers[starts[~in_rows]] = codes[~in_rows]
        words = np.frombuffer(self._piece_words, dtype=np.int32)
        numbers[concatenated_ranges(starts[in_rows], count)] = words[
            concatenated_ranges(first, count)
        ]
        return numbers, words_per_piece

    def _forget_uncached_rows(self) -> None:
        kept = self._cached_rows
        if len(self._piece_count) > kept:
            del self._piece_words[self._piece_first[kept] :]
            del self._piece_first[kept:], self._piece_count[kept:]

    def release(self) -> None:
        """Let go of every word and piece: the writer's last chunk is encoded, and its
        commit needs none of them (at 100,000 questions, over half a million words)."""
        self.codes, self.words, self._cached_rows = {}, [], 0
        self._piece_first, self._piece_count, self._piece_words = array("q"), array("i"), array("i")
        self.released = True


@dataclass
class Tokens:
    """Every kept token of a set of texts, in text order and, within a text, in order."""

    terms: np.ndarray  # int32 term number (AnalysisTable.terms)
    texts: np.ndarray  # int32 index of the text the token belongs to
    positions: np.ndarray  # int32 position within its text, as Whoosh numbers it
    boosts: np.ndarray  # float64


# int32 where a value cannot reach 2**31 (a table's rows, a chunk's texts), int16 where it
# cannot reach 2**15 (a word's rows and positions: numpy refuses a larger value, it does
# not wrap), and a row's boost as the code of one of the table's few distinct boosts: a
# chunk's tokens are the build's largest arrays but for the merge, and the tables hold
# every distinct word of the build (int32 and float64 were some 25 MiB more at 100,000).
_WORD_COLUMNS = {"first": np.int32, "count": np.int16, "span": np.int16}
_ROW_COLUMNS = {"term": np.int32, "relative": np.int16, "boost": np.uint8}
MAX_BOOSTS = 256


def _columns(types: dict[str, type]) -> dict[str, np.ndarray]:
    return {name: np.empty(0, dtype=dtype) for name, dtype in types.items()}


def _append(columns: dict[str, np.ndarray], values: dict[str, Any]) -> None:
    for name, column in columns.items():
        columns[name] = np.concatenate([column, np.asarray(values[name], dtype=column.dtype)])


def _spans(rows_word: np.ndarray, relative: np.ndarray, words: int) -> np.ndarray:
    """The positions each of `words` words takes: one past its tokens' highest relative
    position (the stopped ones' too), none for a word without tokens."""
    spans = np.zeros(words, dtype=np.int64)
    if len(rows_word):
        starts = np.flatnonzero(np.diff(rows_word, prepend=-1))  # rows are in word order
        spans[rows_word[starts]] = np.maximum.reduceat(relative, starts) + 1
    return spans


class TermNumbers:
    """Term texts to dense numbers, shared by the analysis tables of one `WordNumbers`.

    The exact, Dutch and compound chains mostly yield the same terms ("defensie" is all
    three), and an exact term is mostly its word as written: one number and one string
    per distinct text, whichever tables yield it, not one per table (at 100,000
    questions a table has some half a million terms). A term that is a word of `words`
    is found through the word's dict entry and numbered in `of_word`, four bytes a word,
    with the word's own string: a second dict entry and int per such term were some
    40 MiB at 100,000 questions. `numbers` holds only the texts that were no word when
    first yielded; one that becomes a word later moves to `of_word`, keeping its number.
    """

    def __init__(self, words: WordNumbers) -> None:
        self.words = words
        self.numbers: dict[str, int] = {}
        self.of_word = array("i")  # a word's term number, -1 while it is no term
        self.texts: list[str] = []

    def cover(self) -> None:
        """Room in `of_word` for every word numbered so far."""
        missing = len(self.words.words) - len(self.of_word)
        if missing > 0:
            self.of_word.extend(array("i", [-1]) * missing)

    def numbered(self, texts: list[str]) -> np.ndarray:
        """The number of each term text, a new one for a new text (`cover` first): the
        numbers a word or a text has already are looked up in bulk, in C and numpy,
        only the new ones one by one."""
        codes = np.fromiter(map(self.words.codes.get, texts, repeat(-1)), np.int64, len(texts))
        found = np.empty(len(texts), dtype=np.int64)
        is_word = codes >= 0  # not a word, or a piece of several words: by its text
        found[is_word] = np.frombuffer(self.of_word, dtype=np.int32)[codes[is_word]]
        by_text = np.flatnonzero(~is_word).tolist()
        found[by_text] = list(map(self.numbers.get, map(texts.__getitem__, by_text), repeat(-1)))
        new = np.flatnonzero(found < 0).tolist()
        found[new] = self._new_numbers([texts[row] for row in new], codes[new].tolist())
        return found

    def _new_numbers(self, texts: list[str], codes: list[int]) -> list[int]:
        """The numbers of texts that had none when looked up (a text may repeat), each
        with its word's number or a negative code (`WordNumbers.codes`)."""
        every, numbered, of_word = self.words.words, self.texts, self.of_word
        found = []
        for text, word in zip(texts, codes, strict=True):
            if word < 0:
                number = self.numbers.get(text)
                if number is None:
                    number = self.numbers[text] = len(numbered)
                    numbered.append(text)
            else:
                number = of_word[word]
                if number < 0:
                    number = self.numbers.pop(text, -1)  # a term before it was a word
                    if number < 0:
                        number = len(numbered)
                        numbered.append(text)
                    numbered[number] = every[word]  # the word's string, not an equal copy
                    of_word[word] = number
            found.append(number)
        return found

    def release(self) -> None:
        """Keep only `texts`: what the commit's merge orders and writes."""
        self.numbers, self.of_word = {}, array("i")


class AnalysisTable:
    """One analyzer's output for the words of a `WordNumbers` its texts hold, as flat
    arrays.

    Row block of word ``w``: ``first[w] : first[w] + count[w]`` of the output
    arrays, its kept (not stopped) tokens. ``span[w]`` is how many positions the
    word takes: none when the chain drops it, which is how stopwords leave no
    gap (see index.analysis.memo). A word is analysed when a text of this table first
    holds it (``first[w]`` is -1 until then): the tables of one `WordNumbers` share its
    words, but not all of their fields hold all of them (the identifiers' field, some
    6,500 of 180,000 words at 20,000 questions).
    """

    def __init__(
        self,
        analyzer: MemoizedAnalyzer,
        words: WordNumbers,
        mode: str = "index",
        terms: TermNumbers | None = None,
    ):
        self.analyzer = analyzer
        self.words = words
        self.mode = mode
        # Term numbers index these texts, shared with the other tables of `words`.
        self.term_numbers = terms if terms is not None else TermNumbers(words)
        if self.term_numbers.words is not words:
            raise ValueError("de termnummering hoort bij andere woordnummers")
        self.terms = self.term_numbers.texts
        # Per word: first row, kept rows, positions taken; per row: term, position
        # relative to the word, boost. numpy, not lists of Python ints and floats: a
        # list holds some 30 bytes a value, and the tables hold every distinct word.
        self._words = _columns(_WORD_COLUMNS)
        self._rows = _columns(_ROW_COLUMNS)
        self._boost_codes: dict[float, int] = {}  # a boost's code, the order of first use
        self._boosts = np.empty(0, dtype=np.float64)  # the boost of each code

    def _analyse(self, numbers: np.ndarray) -> None:
        """Rows for the words among `numbers` that have none yet, all in one batch."""
        words = self._words
        missing = len(self.words.words) - len(words["first"])
        if missing > 0:
            _append(words, {"first": [-1] * missing, "count": [0] * missing, "span": [0] * missing})
        new = np.unique(numbers[words["first"][numbers] < 0])
        if not len(new):
            return
        every = self.words.words
        batch = self.analyzer.word_batch([every[w] for w in new.tolist()], self.mode, True)
        rows_word = np.array(batch.word, dtype=np.int64)
        relative = np.array(batch.relative, dtype=np.int64)
        kept = ~np.array(batch.stopped, dtype=bool)  # Whoosh's formats skip a stopped token
        count = np.bincount(rows_word[kept], minlength=len(new))
        words["first"][new] = len(self._rows["term"]) + np.cumsum(count) - count
        words["count"][new] = count
        words["span"][new] = _spans(rows_word, relative, len(new))
        texts, boosts = batch.text, batch.boost
        if not kept.all():
            texts, boosts = list(compress(texts, kept)), list(compress(boosts, kept))
        self.term_numbers.cover()
        _append(
            self._rows,
            {
                "term": self.term_numbers.numbered(texts),
                "relative": relative[kept],
                "boost": list(map(self._boost_code, boosts)),
            },
        )
        self._boosts = np.array(list(self._boost_codes), dtype=np.float64)

    def _boost_code(self, boost: float) -> int:
        code = self._boost_codes.get(boost)
        if code is None:
            if len(self._boost_codes) == MAX_BOOSTS:
                raise ValueError(f"{self.analyzer!r}: meer dan {MAX_BOOSTS} verschillende boosts")
            code = self._boost_codes[boost] = len(self._boost_codes)
        return code

    def release(self) -> None:
        """Keep only `terms` (the commit's merge orders and writes them): the word rows
        and the term numbers by text are for analysing texts, and every text is in."""
        self.term_numbers.release()
        self._words, self._rows = _columns(_WORD_COLUMNS), _columns(_ROW_COLUMNS)
        self.words.release()

    def _tables(self, numbers: np.ndarray) -> tuple[np.ndarray, ...]:
        self._analyse(numbers)
        words, rows = self._words, self._rows
        return (
            words["first"],
            words["count"],
            words["span"],
            rows["term"],
            rows["relative"],
            rows["boost"],
        )

    def expand(self, numbers: np.ndarray, counts: np.ndarray) -> Tokens:
        """The kept tokens of texts given as word numbers (`WordNumbers.encode`)."""
        first, count, span, term, relative, boost = self._tables(numbers)
        outputs_per_word = count[numbers]
        rows = concatenated_ranges(first[numbers], outputs_per_word)
        token_word = np.repeat(np.arange(len(numbers)), outputs_per_word)
        text_of_word = np.repeat(np.arange(len(counts), dtype=np.int32), counts)
        # A word's first position: the positions its text's earlier words took.
        spans = span[numbers]
        taken = np.zeros(len(numbers) + 1, dtype=np.int64)
        np.cumsum(spans, out=taken[1:])
        text_first_word = np.cumsum(counts) - counts
        word_first = (taken[:-1] - np.repeat(taken[text_first_word], counts)).astype(np.int32)
        return Tokens(
            terms=term[rows],
            texts=text_of_word[token_word],
            positions=word_first[token_word] + relative[rows],
            boosts=self._boosts[boost[rows]],
        )
