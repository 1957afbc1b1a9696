"""The Dutch analyzer: one token chain shared by indexing and querying.

Chain (each step a small Whoosh ``Filter`` so it can be tested alone)::

    WordTokenizer | LowercaseFilter | ApostropheFilter | HyphenCodeFilter
        | FoldFilter | DutchStopFilter | DutchStemFilter

The order matters:

* hyphens and codes are handled while the token text still lines up with the
  original characters, so the parts of ``PURL-mechanisme`` get exact
  ``startchar``/``endchar`` values for highlighting;
* diacritics are folded before stopwords and stemming, so ``Oekraïne`` and
  ``Oekraine`` reach the stemmer as the same string;
* stopwords are removed after hyphen splitting, by a stop filter that keeps
  tokens sharing a position on one position (Whoosh's own ``StopFilter``
  would renumber the parts of a hyphenated word into separate positions and
  break phrase queries).

Codes (``MQ-9``, ``F-35``, ``21501-28``) and numbers are recognised by
containing a digit; stopwords never contain one and the stem filter skips them,
so they are never stopped or stemmed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import compress

from whoosh.analysis import Analyzer, Filter, LowercaseFilter, RegexTokenizer
from whoosh.lang.stopwords import stoplists

from index.analysis.batch import TextFilter, WordBatch, WordFilter, WordOutput
from index.analysis.decompound import modifier_chain, split_compound
from index.analysis.fold import fold
from index.analysis.memo import MemoizedAnalyzer
from index.analysis.stemmers import check_stemmer, stems_function

# A word: letters/digits, optionally joined by internal hyphens or apostrophes
# (``MQ-9’s``, ``e-mail``, ``auto's``). Numbers keep their decimal/thousands
# separators (``3,5``, ``1.000``) because a separator only counts between digits.
_NUMBER = r"\d+(?:[.,]\d+)+"
WORD_PATTERN = rf"(?:{_NUMBER}|\w+)(?:[-'’](?:{_NUMBER}|\w+))*"

# Trailing possessive/plural apostrophe-s: ``MQ-9’s``, ``auto's``.
_APOSTROPHE_S = re.compile(r"['’]s$")
# A letters part directly followed by a digit-led part forms one code: mq + 9.
_LETTERS = re.compile(r"[^\W\d_]+")
_DIGIT_LED = re.compile(r"\d\w*")
_DIGITS_ONLY = re.compile(r"\d+(?:[.,]\d+)*(?:-\d+(?:[.,]\d+)*)+")
# A code written without hyphen, possibly with a plural s: mq9, mq9s, f35.
# The letters must precede the final digit, so a number like ``1990s`` is no code.
_CODE_PLURAL = re.compile(r"(\w*[^\W\d_]\w*\d)s")

# A word of 4+ letters glued behind a code: ``f16toestellen`` = f16 + toestellen.
_WORD_AFTER_CODE = re.compile(r"(\w*\d)([^\W\d_]{4,})")

DUTCH_STOPWORDS = frozenset(stoplists["nl"])


def WordTokenizer() -> RegexTokenizer:  # noqa: N802 - reads like the Whoosh classes
    """Tokenizer keeping hyphenated words, codes and decimal numbers whole."""
    return RegexTokenizer(WORD_PATTERN)


class ApostropheFilter(TextFilter):
    """Drops a trailing ``'s``/``’s`` (``MQ-9’s`` → ``mq-9``, ``auto's`` → ``auto``).

    Dutch writes plurals of words ending in a vowel and of abbreviations/codes
    with an apostrophe; the bare form is what a searcher types.
    """

    def rule(self, text: str) -> str:
        if "'" not in text and "’" not in text:  # nearly every word: no expression run
            return text
        # Other apostrophes (``zo'n``) are unified so both spellings match.
        return _APOSTROPHE_S.sub("", text).replace("’", "'")


def split_segments(text: str) -> list[tuple[str, int, int]]:
    """Split a hyphenated token into segments, keeping codes together.

    Returns ``(segment, start, end)`` with offsets into ``text``. A letters
    segment directly followed by a digit-led segment is one code (``mq-9``,
    ``f-16``): such a code is not two words but one name spelled with a hyphen.
    """
    pieces: list[tuple[str, int, int]] = []
    start = 0
    for piece in text.split("-"):
        pieces.append((piece, start, start + len(piece)))
        start += len(piece) + 1
    merged: list[tuple[str, int, int]] = []
    for piece, s, e in pieces:
        if merged and _LETTERS.fullmatch(merged[-1][0]) and _DIGIT_LED.fullmatch(piece):
            prev, ps, _ = merged.pop()
            merged.append((prev + piece, ps, e))
        else:
            merged.append((piece, s, e))
    return merged


def normalise_code(text: str) -> str:
    """``mq9s`` → ``mq9``; a plural s after the digits of a code is not part of it."""
    if not text.endswith("s") or text.isalpha():  # no plural s, or no digit: no code
        return text
    match = _CODE_PLURAL.fullmatch(text)
    return match.group(1) if match else text


class HyphenCodeFilter(WordFilter):
    """Normalises codes and splits hyphenated words into parts plus the whole.

    * Digit-only compounds (``21501-28``, Kamerstuk numbers) stay as they are.
    * Codes (``mq-9``, ``mq9s``, ``f-35``) become one term without hyphen
      (``mq9``, ``f35``) so every spelling meets in the index.
    * Other hyphenated words (``purl-mechanisme``) yield the whole, joined
      without hyphen (``purlmechanisme``), and at index time also each part at
      the same position (like synonyms), so phrase queries still line up.
      The whole is joined rather than hyphenated because Dutch writes the same
      compound both ways (``counter-dronesystemen``/``counterdronesystemen``,
      ``e-mail``/``email``); the joined form matches both spellings.
    * At query time only the whole is emitted: a query ``PURL-mechanisme``
      becomes one precise term instead of an AND over its parts, while a query
      ``PURL`` still finds the indexed part.
    """

    def batch_step(self, batch: WordBatch, mode: str, removestops: bool) -> WordBatch:
        texts = list(map(normalise_code, batch.text))  # a token without hyphen: its term
        split: dict[int, list[WordOutput]] = {}
        for row in [row for row, text in enumerate(batch.text) if "-" in text]:
            text, pos, start, end, stopped, boost = batch.row(row)
            whole, parts = hyphen_terms(text, mode)
            texts[row] = whole
            if parts:
                split[row] = [(whole, pos, start, end, stopped, boost)] + [
                    (term, pos, *_part_span(text, start, end, s, e), stopped, boost)
                    for term, s, e in parts
                ]
        return batch.with_text(texts).replaced(split)


def hyphen_terms(text: str, mode: str) -> tuple[str, list[tuple[str, int, int]]]:
    """The term of a (lowercase) token, and at index time the parts of a hyphenated
    word with their offsets in `text`: see `HyphenCodeFilter`."""
    if "-" not in text or _DIGITS_ONLY.fullmatch(text):
        return normalise_code(text), []
    segments = [seg for seg in split_segments(text) if seg[0]]
    whole = normalise_code("".join(seg for seg, _, _ in segments))
    if len(segments) < 2 or mode == "query":
        return whole, []
    return whole, [(normalise_code(seg), s, e) for seg, s, e in segments]


def _part_span(text: str, start: int, end: int, s: int, e: int) -> tuple[int, int]:
    """The offsets of the part ``text[s:e]`` of a token spanning ``start:end``."""
    # Offsets into ``text`` equal offsets into the source unless lowercasing grew the
    # token (a rare dotted capital I); then the parts keep the whole's span rather
    # than pointing at wrong characters.
    if len(text) <= end - start:
        return start + s, start + e
    return start, end


class FoldFilter(TextFilter):
    """Folds diacritics so ``Roemenië`` and ``Roemenie`` are one term.

    Writers (and searchers) drop the trema and accents inconsistently; folding
    before stemming makes both spellings stem alike.
    """

    def rule(self, text: str) -> str:
        return fold(text)

    def rules(self, texts: list[str]) -> list[str]:
        return list(map(fold, texts))


class DutchStopFilter(WordFilter):
    """Removes Dutch stopwords (Whoosh's offline ``nl`` list, 101 words).

    Positions are renumbered so that stopwords leave no gaps (as Whoosh's own
    ``StopFilter`` does, so phrase queries with stopwords still match), but
    tokens that shared a position (the parts of a hyphenated word) keep
    sharing one. Tokens with digits are never stopwords.
    """

    closes_gaps = True

    def __init__(self, stoplist: frozenset[str] = DUTCH_STOPWORDS) -> None:
        self.stops = stoplist

    def batch_step(self, batch: WordBatch, mode: str, removestops: bool) -> WordBatch:
        if not removestops:
            return batch
        stops = self.stops
        return batch.kept([text not in stops for text in batch.text])


class DecompoundFilter(WordFilter):
    """At index time, replaces each compound by its parts (``begrotingssteun`` →
    ``begroting``, ``steun``), all at the compound's position and span.

    Used for a separate, lower-weighted field, so that a match through a part
    counts but ranks below a match of the whole word (which the main fields
    hold). Words that are no compound yield nothing here. At query time tokens
    pass unchanged: the query ``steun`` must meet the indexed part ``steun``,
    and a compound in a query is matched whole by the main fields.
    """

    def batch_step(self, batch: WordBatch, mode: str, removestops: bool) -> WordBatch:
        if mode == "query":
            return batch
        rows: list[int] = []  # each part's token
        found: list[str] = []
        seen: set[str] = set()  # a hyphen part and the whole may share parts
        last = -1
        for row, parts in enumerate(map(compound_parts, batch.text)):
            if not parts:  # most tokens: no compound
                continue
            word = batch.word[row]
            if word != last:
                seen, last = set(), word
            for part in parts:
                if part not in seen:
                    seen.add(part)
                    rows.append(row)
                    found.append(part)
        return batch.taken(rows, found)


def compound_parts(word: str) -> list[str]:
    """The parts a compound is indexed under, including a compound modifier."""
    parts = split_compound(word)
    chain = modifier_chain(word, parts)
    return [*parts, chain] if chain else parts


class DutchStemFilter(TextFilter):
    """Stems words with the chosen stemmer; codes and numbers pass unchanged.

    The stemmer object is built lazily and dropped when pickling: Whoosh
    pickles the schema (and so this filter) into the index, and PyStemmer
    objects cannot be pickled. Stems are not cached here: the memoised
    analyzer (index.analysis.memo) and the bulk writer's analysis table run
    each distinct word through the chain once, and an LRU cache of 50,000
    stems per filter was some 25 MiB of a build's peak that saved a C call of
    about a microsecond. (An index pickled with the cache's size still loads:
    the size is ignored.)
    """

    is_morph = True
    skips_stopped = True

    def __init__(self, stemmer: str = "kp") -> None:
        self.stemmer = check_stemmer(stemmer)
        self._stems: Callable[[list[str]], list[str]] | None = None

    def __getstate__(self) -> dict[str, object]:
        return {"stemmer": self.stemmer}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.stemmer = state["stemmer"]
        self._stems = None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DutchStemFilter) and self.stemmer == other.stemmer

    def __hash__(self) -> int:
        return hash((self.__class__.__name__, self.stemmer))

    def stem(self, word: str) -> str:
        """Stem one (lowercase, folded) word; words with digits are returned as is, and so
        is a wildcard pattern of a query (``lucht*verdediging``): a pattern's ending is no
        suffix, and stemmed it would match no word."""
        return self.rules([word])[0]

    rule = stem

    def rules(self, texts: list[str]) -> list[str]:
        """`stem` of each of `texts`, the stemmer called once for all of them."""
        if self._stems is None:
            self._stems = stems_function(self.stemmer)
        # isalpha first: it answers for nearly every word in one C call (a letter is
        # never a digit), the rest is left for words with digits, apostrophes or wildcards.
        stemmed = list(map(str.isalpha, texts))
        if all(stemmed):
            return self._stems(texts)
        words, codes = list(texts), {}
        for row in [row for row, letters in enumerate(stemmed) if not letters]:
            code, words[row] = _code_and_word(texts[row])
            stemmed[row] = words[row] is not None
            if code:
                codes[row] = code
        stems = iter(self._stems(list(compress(words, stemmed))))
        found = [next(stems) if stem else text for text, stem in zip(texts, stemmed, strict=True)]
        for row, code in codes.items():
            found[row] = code + found[row]
        return found


def _code_and_word(text: str) -> tuple[str, str | None]:
    """What of a token that is not all letters is stemmed, and the code before it: all of
    it when it has no digit; a word glued behind a code (``d66fractie`` from
    ``D66-fractie``), so plurals still meet; nothing of another code or number, or of
    a wildcard pattern."""
    if "*" in text or "?" in text:
        return "", None
    if not any(c.isdigit() for c in text):
        return "", text
    match = _WORD_AFTER_CODE.fullmatch(text)
    return (match.group(1), match.group(2)) if match else ("", None)


def _base_filters() -> list[Filter]:
    return [LowercaseFilter(), ApostropheFilter(), HyphenCodeFilter()]


def dutch_analyzer(stemmer: str = "kp") -> Analyzer:
    """The stemmed Dutch analyzer used for the main text fields.

    ``stemmer`` is ``"kp"`` (Snowball 3 Kraaij-Pohlmann via PyStemmer, the
    default: it conflates more Dutch plurals) or ``"nltk"`` (NLTK's older
    Porter-style Dutch Snowball stemmer). The chain runs once per distinct word
    (see :mod:`index.analysis.memo`).
    """
    stem = DutchStemFilter(stemmer)  # validates the name before building anything
    filters = [*_base_filters(), FoldFilter(), DutchStopFilter(), stem]
    return MemoizedAnalyzer(WordTokenizer(), filters)


def compound_analyzer(stemmer: str = "kp") -> Analyzer:
    """Indexes only the (stemmed) parts of compounds; queries like :func:`dutch_analyzer`."""
    stem = DutchStemFilter(stemmer)
    filters = [*_base_filters(), FoldFilter(), DecompoundFilter(), DutchStopFilter(), stem]
    return MemoizedAnalyzer(WordTokenizer(), filters)


def exact_analyzer() -> Analyzer:
    """Same tokens as :func:`dutch_analyzer` but unstemmed and with stopwords.

    For a second, exact field, so that literal matches can rank higher.
    """
    return MemoizedAnalyzer(WordTokenizer(), [*_base_filters(), FoldFilter()])
