"""Snippets: the passages of a hit around its matches, escaped, with only <mark> added.

The passage is the one Whoosh's highlighter picks with a `ContextFragmenter` of
SNIPPET_CHARS and SNIPPET_SURROUND, its basic fragment scorer and the best fragment
only (tests/search/test_snippets.py compares them hit by hit with Whoosh's highlighter
as the reference), worked out here over plain tuples and the analyzer's cached word
analyses: highlighting was half the time of a search.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from search.phrases import FieldPhrases

SNIPPET_CHARS = 240
SNIPPET_SURROUND = 70
PLAIN_CHARS = 220
BETWEEN = " … "
# Whoosh's highlighter looks no further into a text than this.
CHARACTER_LIMIT = 2**15
# The words a passage can be made of around a match (the analyzer's `spans`): the
# fragmenter keeps the starts of the words less than SNIPPET_SURROUND ahead of the word
# before a match, and a fragment ends at the latest when the words after its last match
# add up to twice SNIPPET_SURROUND (see `_fragments`). The words between take no part.
_NEAR = {"before": SNIPPET_SURROUND, "after": 2 * SNIPPET_SURROUND}


@dataclass
class _Match:
    text: str
    start: int
    end: int
    boost: float


@dataclass
class _Fragment:
    text: str
    matches: list[_Match]
    start: int
    end: int

    def score(self) -> float:
        """The matches' summed boost, times 100 per distinct matched word: diversity wins."""
        distinct = len({match.text for match in self.matches})
        return sum(match.boost for match in self.matches) * (distinct * 100 or 1)

    def html(self) -> str:
        """The fragment escaped, each match (the longest at a place) in <mark>."""
        out, at = [], self.start
        for match in sorted(self.matches, key=lambda m: (m.start, m.start - m.end)):
            if match.start < at:
                continue
            out.append(escape(self.text[at : match.start], quote=False))
            out.append(
                "<mark>" + escape(self.text[match.start : match.end], quote=False) + "</mark>"
            )
            at = match.end
        out.append(escape(self.text[at : self.end], quote=False))
        return "".join(out)


def plain_snippet(text: str) -> str:
    """The start of a text, escaped, cut at a word boundary: for hits with no visible match."""
    text = " ".join(text.split())
    if len(text) <= PLAIN_CHARS:
        return escape(text, quote=False)
    cut = text.rfind(" ", 0, PLAIN_CHARS)
    return escape(text[: cut if cut > 0 else PLAIN_CHARS], quote=False) + " …"


class Passages:
    """The best passage of a field for the hits of one results page.

    `terms`: the terms the query searched per field (search.evaluate, expansions
    included); `analyzers`: each field's analyzer, as the index analysed the text;
    `phrases`: per field, the query's phrases whose words are marked only where the
    phrase stands (search.phrases); `positions`: per (field, record), the positions of
    the field's terms in the record, as the index holds them: only the words around
    them are analysed (none: the record's field holds none of them).
    """

    def __init__(
        self,
        terms: dict[str, set[str]],
        analyzers: dict[str, Any],
        phrases: Mapping[str, FieldPhrases] | None = None,
        positions: Mapping[tuple[str, int], list[int]] | None = None,
    ) -> None:
        self.terms = {name: frozenset(words) for name, words in terms.items()}
        self.analyzers = analyzers
        self.phrases = phrases or {}
        self.positions = positions or {}

    def passage(self, fieldname: str, text: str, docnum: int | None = None) -> str:
        """The best passage of `text`, record `docnum`'s `fieldname` (when given)."""
        words = self.terms.get(fieldname)
        if not text or not words:
            return ""
        near = self.positions.get((fieldname, docnum)) if docnum is not None else None
        if near is None:
            spans = _spans(self.analyzers[fieldname], text, words)
        elif near:
            spans = self.analyzers[fieldname].spans(text, near=near, **_NEAR)
        else:
            return ""
        if not spans:
            return ""
        tokens = self._tokens(fieldname, text, spans, words)
        fragments = _fragments(text, tokens, SNIPPET_CHARS, SNIPPET_SURROUND)
        best = _best(fragments)
        return best.html() if best is not None else ""

    def marked(self, fieldname: str, text: str, inserts: Sequence[tuple[int, str]] = ()) -> str:
        """The whole text escaped, every match marked as in a passage: a record shown in
        full (the question page of a hit). `inserts`: (offset, html) put in at that place,
        never inside a <mark> (see `marked_html`)."""
        words = self.terms.get(fieldname)
        if not text or not words:
            return marked_html(text, [], inserts)
        spans = _spans(self.analyzers[fieldname], text, words)
        tokens = self._tokens(fieldname, text, spans, words)
        return marked_html(text, [(start, end) for _, start, end, _, hit in tokens if hit], inserts)

    def _tokens(
        self, fieldname: str, text: str, spans: list[tuple[str, int, int, float]], words: frozenset
    ) -> list[list]:
        """The tokens as `_merged` makes them, a phrase's words matched only where the
        phrase stands (search.phrases)."""
        tokens = _merged(spans, words)
        phrases = self.phrases.get(fieldname)
        if phrases is None:
            return tokens
        return phrases.unmark_lone_words(self.analyzers[fieldname], text, spans, tokens)


def marked_html(
    text: str, marks: list[tuple[int, int]], inserts: Sequence[tuple[int, str]] = ()
) -> str:
    """`text` escaped, each (start, end) of `marks` in <mark> (the longest at a place), and
    each insert's html at its offset; one that falls inside a mark follows the mark."""
    out, at = [], 0
    pending = sorted(inserts, key=lambda insert: insert[0])
    for start, end in sorted(marks, key=lambda mark: (mark[0], mark[0] - mark[1])):
        if start < at:
            continue
        at = _plain(out, text, at, start, pending)
        out.append("<mark>" + escape(text[start:end], quote=False) + "</mark>")
        at = end
    _plain(out, text, at, len(text), pending)
    out.extend(html for _, html in pending)  # an offset beyond the text: at its end
    return "".join(out)


def _plain(out: list[str], text: str, start: int, end: int, pending: list[tuple[int, str]]) -> int:
    """Text from start to end escaped into `out`, with the inserts due up to `end`."""
    at = start
    while pending and pending[0][0] <= end:
        offset, html = pending.pop(0)
        offset = max(offset, at)
        out.append(escape(text[at:offset], quote=False) + html)
        at = offset
    out.append(escape(text[at:end], quote=False))
    return end


def _best(fragments: Iterable[_Fragment]) -> _Fragment | None:
    """The best-scored fragment scoring at least 1; of equal ones the last."""
    best, best_score = None, 0.0
    for fragment in fragments:
        score = fragment.score()
        if best is None or score >= best_score:
            best, best_score = fragment, score
    return best if best is not None and best_score >= 1 else None


def _spans(analyzer: Any, text: str, words: frozenset[str]) -> list[tuple[str, int, int, float]]:
    """Every token's span, or none when no token is one of `words`."""
    if hasattr(analyzer, "spans"):
        return analyzer.spans(text, wanted=words)
    tokens = analyzer(text, positions=True, chars=True, mode="index", removestops=False)
    spans = [(t.text, t.startchar, t.endchar, t.boost) for t in tokens]
    return spans if any(span[0] in words for span in spans) else []


def _merged(spans: list[tuple[str, int, int, float]], words: frozenset[str]) -> list[list]:
    """Overlapping matched tokens become one (as Whoosh's highlighter merges them); each
    token as [text, start, end, boost, matched]."""
    out: list[list] = []
    pending: list | None = None
    for text, start, end, boost in spans:
        if text not in words:
            if pending is not None:
                out.append(pending)
                pending = None
            out.append([text, start, end, boost, False])
        elif pending is None:
            pending = [text, start, end, boost, True]
        elif start <= pending[2]:
            if end > pending[2]:
                pending[0] += text[pending[2] - end :]
                pending[2] = end
        else:  # as Whoosh does: the pending token goes, this one goes unmerged
            out.append(pending)
            pending = None
            out.append([text, start, end, boost, True])
    if pending is not None:
        out.append(pending)
    return out


def _fragments(text: str, tokens: list[list], maxchars: int, surround: int) -> list[_Fragment]:
    """Whoosh's `ContextFragmenter.fragment_tokens`, step for step, over tuples."""
    fragments = []
    first = None
    firsts: deque[int] = deque()
    countdown = -1
    matches: list[_Match] = []
    endchar = None
    currentlen = 0
    for word, startchar, endchar, boost, matched in tokens:
        length = endchar - startchar
        if endchar > CHARACTER_LIMIT:
            break
        if countdown < 0 and not matched:
            firsts.append(startchar)
            while firsts and endchar - firsts[0] > surround:
                firsts.popleft()
        elif currentlen + length > maxchars:
            countdown = 0
        elif matched:
            countdown = surround
            if first is None:
                if firsts:
                    first = firsts[0]
                else:
                    first = startchar
                    countdown += surround
            matches.append(_Match(word, startchar, endchar, boost))
        if countdown >= 0:
            currentlen += length
            countdown -= length
            if countdown <= 0:
                fragments.append(_fragment(text, matches, first, endchar))
                matches, firsts, first, currentlen = [], deque(), None, 0
    if matches:
        fragments.append(_fragment(text, matches, first, endchar))
    return fragments


def _fragment(text: str, matches: list[_Match], start: int | None, end: int | None) -> _Fragment:
    """As Whoosh's `mkfrag` without margins: from the first match's start, if none given."""
    if start is None:
        start = matches[0].start if matches else 0
    if end is None:
        end = matches[-1].end if matches else len(text)
    return _Fragment(text, matches, max(0, start), min(len(text), end))
