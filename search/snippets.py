"""Snippets: the passages of a hit around its matches, escaped, with only <mark> added."""

from __future__ import annotations

from collections import deque
from html import escape
from typing import Any

from whoosh import highlight
from whoosh.analysis import Token

SNIPPET_CHARS = 240
SNIPPET_SURROUND = 70
PLAIN_CHARS = 220


class MarkFormatter(highlight.Formatter):
    """Whoosh fragments as HTML: the text escaped, each match wrapped in <mark>."""

    between = " … "

    def _text(self, text: str) -> str:
        return escape(text, quote=False)

    def format_token(self, text: str, token: Any, replace: bool = False) -> str:
        return "<mark>" + self._text(highlight.get_text(text, token, replace)) + "</mark>"


def plain_snippet(text: str) -> str:
    """The start of a text, escaped, cut at a word boundary: for hits with no visible match."""
    text = " ".join(text.split())
    if len(text) <= PLAIN_CHARS:
        return escape(text, quote=False)
    cut = text.rfind(" ", 0, PLAIN_CHARS)
    return escape(text[: cut if cut > 0 else PLAIN_CHARS], quote=False) + " …"


class Passages:
    """The best passage of a field for the hits of one results page.

    The same passage as Whoosh's `Hit.highlights(field, top=1)` with the settings of
    SNIPPET_CHARS and SNIPPET_SURROUND (tests/search/test_snippets.py compares them hit
    by hit, with Whoosh's highlighter set up that way), but a field
    without a matching word costs one pass over cached word analyses, and the
    fragmenting runs over plain tuples: highlighting was half the time of a search.
    """

    def __init__(self, results: Any) -> None:
        self.results = results
        self.schema = results.searcher.schema
        self._words: dict[str, frozenset[str]] = {}
        self.formatter = MarkFormatter()
        self.scorer = highlight.BasicFragmentScorer()

    def words(self, fieldname: str) -> frozenset[str]:
        """The query's terms in a field, as Whoosh's highlighter collects them."""
        if fieldname not in self._words:
            field = self.schema[fieldname]
            terms = self.results.query_terms(expand=True, fieldname=fieldname)
            self._words[fieldname] = frozenset(field.from_bytes(t[1]) for t in terms)
        return self._words[fieldname]

    def passage(self, hit: Any, fieldname: str, text: str | None = None) -> str:
        if text is None:
            text = hit.get(fieldname) or ""
        words = self.words(fieldname)
        if not text or not words:
            return ""
        spans = list(_spans(self.schema[fieldname].analyzer, text))
        if not any(span[0] in words for span in spans):
            return ""
        tokens = _merged(spans, words)
        fragments = _fragments(text, tokens, SNIPPET_CHARS, SNIPPET_SURROUND)
        best = highlight.top_fragments(fragments, 1, self.scorer, highlight.SCORE, minscore=1)
        return self.formatter.format(best)


def _spans(analyzer: Any, text: str) -> Any:
    if hasattr(analyzer, "spans"):
        return analyzer.spans(text)
    tokens = analyzer(text, positions=True, chars=True, mode="index", removestops=False)
    return ((t.text, t.startchar, t.endchar, t.boost) for t in tokens)


def _merged(spans: list[tuple[str, int, int, float]], words: frozenset[str]) -> list[list]:
    """Whoosh's `_merge_matched_tokens`: overlapping matched tokens become one;
    each token as [text, start, end, boost, matched]."""
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


def _fragments(text: str, tokens: list[list], maxchars: int, surround: int) -> list[Any]:
    """Whoosh's `ContextFragmenter.fragment_tokens`, step for step, over tuples."""
    fragments = []
    first = None
    firsts: deque[int] = deque()
    countdown = -1
    matches: list[Token] = []
    endchar = None
    currentlen = 0
    for word, startchar, endchar, boost, matched in tokens:
        length = endchar - startchar
        if endchar > highlight.DEFAULT_CHARLIMIT:
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
            matches.append(Token(text=word, startchar=startchar, endchar=endchar, boost=boost))
        if countdown >= 0:
            currentlen += length
            countdown -= length
            if countdown <= 0:
                fragments.append(highlight.mkfrag(text, matches, startchar=first, endchar=endchar))
                matches, firsts, first, currentlen = [], deque(), None, 0
    if matches:
        fragments.append(highlight.mkfrag(text, matches, startchar=first, endchar=endchar))
    return fragments
