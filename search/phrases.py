"""Which of a query's words are marked only where they stand as its phrase.

A phrase of the query (typed in quotes, "militaire mobiliteit", or a synonym that a word
expands to: `drone` → "onbemenste systemen") matches its words only where they stand
together, in order; the highlighter's terms (search.query_terms.QueryTerms.all) hold its
words one by one. A word the query searches only inside phrases is therefore marked only
where one of those phrases stands, counted in the index's positions (stopwords skipped,
as search.evaluate's phrases count them); a word it also searches alone (a term, or a
prefix or wildcard that matches the word) is marked wherever it stands.

Whoosh's highlighter marks phrase words one by one: tests/search/test_phrases.py says
where and why the marking differs from it.
"""

from __future__ import annotations

import fnmatch
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from whoosh.query import Phrase, Prefix, Query, Term, Wildcard

from index.analysis.memo import MemoizedAnalyzer
from index.analysis.positioned import wanted_at

# A token while a snippet is made (search.snippets._merged): [text, start, end, boost, hit].
Token = list
# Every token of a text as the analyzer gives it: (text, start, end, boost).
Span = tuple[str, int, int, float]


@dataclass(frozen=True)
class FieldPhrases:
    """The phrases a query looks for in one field, and the words it looks for only there."""

    phrases: tuple[tuple[tuple[str, ...], int], ...]  # (words, slop) per phrase
    phrase_only: frozenset[str]

    def unmark_lone_words(
        self, analyzer: Any, text: str, spans: list[Span], tokens: list[Token]
    ) -> list[Token]:
        """`tokens` (made from every token's span, `spans`) with the match taken from each
        phrase-only word that stands outside all of the phrases in `text`."""
        lone = [token for token in tokens if token[4] and token[0] in self.phrase_only]
        if not lone:
            return tokens
        # Most phrase words stand word after word; only a text with others is analysed
        # for its positions (a stopword or the slop between the words, or no phrase).
        found = side_by_side(text, spans, self.phrases)
        if not all(_within(token, found) for token in lone):
            found = phrase_spans(analyzer, text, self.phrases)
        for token in lone:
            token[4] = _within(token, found)
        return tokens


def query_phrases(query: Query) -> dict[str, FieldPhrases]:
    """Per field, the query's phrases, where it has words searched only inside them."""
    phrases: dict[str, list[tuple[tuple[str, ...], int]]] = defaultdict(list)
    alone: dict[str, list[Query]] = defaultdict(list)
    for leaf in query.leaves():
        if isinstance(leaf, Phrase):
            phrases[leaf.fieldname].append((tuple(map(_text, leaf.words)), leaf.slop))
        elif isinstance(leaf, Term | Prefix | Wildcard):
            alone[leaf.fieldname].append(leaf)
    found = {}
    for field, field_phrases in phrases.items():
        words = {word for phrase, _ in field_phrases for word in phrase}
        only = frozenset(w for w in words if not any(_finds(leaf, w) for leaf in alone[field]))
        if only:
            found[field] = FieldPhrases(tuple(dict.fromkeys(field_phrases)), only)
    return found


def side_by_side(
    text: str, spans: list[Span], phrases: tuple[tuple[tuple[str, ...], int], ...]
) -> list[tuple[int, int]]:
    """(start, end) of the words of each place where one of `phrases` stands word after
    word in `spans` (every token of `text`, stopwords too, in order), with only spaces
    between: the index's positions of such words follow each other."""
    found: list[tuple[int, int]] = []
    texts = [span[0] for span in spans]
    for words, _ in phrases:
        size = len(words)
        for first in (i for i, word in enumerate(texts) if word == words[0]):
            run = spans[first : first + size]
            if tuple(texts[first : first + size]) == words and all(
                before[2] < after[1] and text[before[2] : after[1]].isspace()
                for before, after in zip(run, run[1:], strict=False)
            ):
                found += [(start, end) for _, start, end, _ in run]
    return found


def _within(token: Token, spans: list[tuple[int, int]]) -> bool:
    return any(start < token[2] and token[1] < end for start, end in spans)


def phrase_spans(
    analyzer: Any, text: str, phrases: tuple[tuple[tuple[str, ...], int], ...]
) -> list[tuple[int, int]]:
    """(start, end) of every word of every place where one of `phrases` stands in `text`:
    its words in order, each within the phrase's slop of the one before."""
    wanted = {word for words, _ in phrases for word in words}
    at = _wanted_at(analyzer, text, wanted)
    starts: dict[str, list[int]] = defaultdict(list)
    for word, position in at:
        starts[word].append(position)
    spans: list[tuple[int, int]] = []
    for words, slop in phrases:
        for position in starts.get(words[0], ()):
            spans += _phrase_at(at, position, words, max(slop, 1))
    return spans


def _wanted_at(
    analyzer: Any, text: str, wanted: set[str]
) -> dict[tuple[str, int], tuple[int, int]]:
    """(word, position) → its first span, for the `wanted` words: at the index's positions
    (stopwords skipped), as the analyzer numbers its tokens."""
    if isinstance(analyzer, MemoizedAnalyzer):
        return wanted_at(analyzer, text, wanted)
    at: dict[tuple[str, int], tuple[int, int]] = {}
    for token in analyzer(text, positions=True, chars=True, mode="index"):
        if token.text in wanted:
            at.setdefault((token.text, token.pos), (token.startchar, token.endchar))
    return at


def _phrase_at(
    at: dict[tuple[str, int], tuple[int, int]], position: int, words: tuple[str, ...], slop: int
) -> list[tuple[int, int]]:
    """The spans of the phrase's words if it starts at `position`; [] if it does not."""
    found = [at[words[0], position]]
    for word in words[1:]:
        spot = next((p for p in range(position + 1, position + slop + 1) if (word, p) in at), None)
        if spot is None:
            return []
        found.append(at[word, spot])
        position = spot
    return found


def _finds(leaf: Query, word: str) -> bool:
    """Whether a term, prefix or wildcard of the query stands for `word`."""
    text = _text(leaf.text)
    if isinstance(leaf, Prefix):
        return word.startswith(text)
    if isinstance(leaf, Wildcard):
        return re.fullmatch(fnmatch.translate(text), word) is not None
    return word == text


def _text(term: bytes | str) -> str:
    """A term as text: Whoosh's queries may hold bytes."""
    return term.decode("utf-8") if isinstance(term, bytes) else term
