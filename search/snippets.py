"""Snippets: the passages of a hit around its matches, escaped, with only <mark> added."""

from __future__ import annotations

from html import escape
from typing import Any

from whoosh import highlight

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


def configure(results: Any) -> None:
    """Highlight settings for a results object: short fragments around the matches."""
    results.fragmenter = highlight.ContextFragmenter(
        maxchars=SNIPPET_CHARS, surround=SNIPPET_SURROUND
    )
    results.formatter = MarkFormatter()
    results.order = highlight.SCORE


def plain_snippet(text: str) -> str:
    """The start of a text, escaped, cut at a word boundary: for hits with no visible match."""
    text = " ".join(text.split())
    if len(text) <= PLAIN_CHARS:
        return escape(text, quote=False)
    cut = text.rfind(" ", 0, PLAIN_CHARS)
    return escape(text[: cut if cut > 0 else PLAIN_CHARS], quote=False) + " …"
