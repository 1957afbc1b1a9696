"""Which of a query's words are marked only where they stand as its phrase.

A phrase of the query (typed in quotes, "militaire mobiliteit", or a synonym that a word
expands to: `drone` → "onbemenste systemen") matches its words only where they stand
together, in order; the highlighter's terms (search.evaluate.QueryTerms.all) hold its
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

# A token while a snippet is made (search.snippets._merged): [text, start, end, boost, hit].
Token = list


@dataclass(frozen=True)
class FieldPhrases:
    """The phrases a query looks for in one field, and the words it looks for only there."""

    phrases: tuple[tuple[tuple[str, ...], int], ...]  # (words, slop) per phrase
    phrase_only: frozenset[str]

    def unmark_lone_words(self, analyzer: Any, text: str, tokens: list[Token]) -> list[Token]:
        """`tokens` with the match taken from each phrase-only word that stands outside
        all of the phrases in `text`."""
        if not any(token[4] and token[0] in self.phrase_only for token in tokens):
            return tokens
        spans = phrase_spans(analyzer, text, self.phrases)
        for token in tokens:
            if token[4] and token[0] in self.phrase_only:
                token[4] = any(start < token[2] and token[1] < end for start, end in spans)
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


def phrase_spans(
    analyzer: Any, text: str, phrases: tuple[tuple[tuple[str, ...], int], ...]
) -> list[tuple[int, int]]:
    """(start, end) of every word of every place where one of `phrases` stands in `text`:
    its words in order, each within the phrase's slop of the one before."""
    at: dict[int, list[tuple[str, int, int]]] = defaultdict(list)
    for token in analyzer(text, positions=True, chars=True, mode="index"):
        at[token.pos].append((token.text, token.startchar, token.endchar))
    spans: list[tuple[int, int]] = []
    for words, slop in phrases:
        for position in sorted(at):
            spans += _phrase_at(at, position, words, max(slop, 1))
    return spans


def _phrase_at(
    at: dict[int, list[tuple[str, int, int]]], position: int, words: tuple[str, ...], slop: int
) -> list[tuple[int, int]]:
    """The spans of the phrase's words if it starts at `position`; [] if it does not."""
    found = []
    for index, word in enumerate(words):
        reach = [position] if index == 0 else range(position + 1, position + slop + 1)
        spot = next((p for p in reach if any(t[0] == word for t in at.get(p, ()))), None)
        if spot is None:
            return []
        found += [(start, end) for text, start, end in at[spot] if text == word]
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
