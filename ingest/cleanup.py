"""Whitespace tidying and removal of conversion junk, shared by every format.

Word-to-text converters leave artefacts such as `[image: …]`, `[bookmark: _GoBack]`,
bare image file names and page numbers on their own line. They carry no content and
would otherwise end up in the index, so they are removed before any layout looks at
the text.
"""

from __future__ import annotations

import re

# Inline artefacts: may sit in the middle of a real line ("[bookmark: _GoBack]Ruben …").
_INLINE_JUNK = re.compile(r"\[(?:image|bookmark|shape|picture|drawing):[^\]]*\]", re.IGNORECASE)
# Lines that are nothing but an image file name, a page number or "Pagina 2 van 5".
_JUNK_LINE = re.compile(
    r"""^(?:
        [\w.\-/\\]*\.(?:png|jpe?g|gif|emf|wmf|bmp|tiff?|svg)   # embedded image name
      | \d{1,3}                                           # page number
      | (?:pagina|page)\s+\d+(?:\s+(?:van|of)\s+\d+)?    # "Pagina 2 van 5"
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
# Unicode spaces that Word uses for layout; searching treats them as plain spaces.
_ODD_SPACE_CHARS = "\u00a0\u2007\u202f\u2009\u200a\u3000\t"
_ZERO_WIDTH_CHARS = "\u200b\u200c\u200d\ufeff\u00ad"
_ODD_SPACES = re.compile(f"[{_ODD_SPACE_CHARS}]")
_ZERO_WIDTH = re.compile(f"[{_ZERO_WIDTH_CHARS}]")
# Any character tidy() changes; most lines have none and skip the substitutions.
_UNTIDY = re.compile(f"[{_ODD_SPACE_CHARS}{_ZERO_WIDTH_CHARS}\u2011]")
_MULTI_SPACE = re.compile(r" {2,}")
_SPACE_BEFORE_PUNCT = re.compile(r" +([.,;:?!)])")


def tidy(text: str) -> str:
    """Collapse runs of spaces and odd Unicode spaces into one space, trim the ends."""
    # Every character tidy() changes but the tab is outside ASCII: an ASCII text (most
    # lines; Python knows it without a scan) is searched for a tab only.
    if "\t" in text if text.isascii() else _UNTIDY.search(text):
        text = _ZERO_WIDTH.sub("", text)
        text = _ODD_SPACES.sub(" ", text)
        text = text.replace("\u2011", "-")  # non-breaking hyphen: searchers type "-"
    if "  " in text:
        text = _MULTI_SPACE.sub(" ", text)
    return text.strip()


def tidy_punctuation(text: str) -> str:
    """Remove a space left before punctuation after a marker was cut out of the text."""
    # A search first: a `sub` with a group in its template costs four times as much on
    # the many lines it leaves as they are.
    return _SPACE_BEFORE_PUNCT.sub(r"\1", text) if _SPACE_BEFORE_PUNCT.search(text) else text


def strip_inline_junk(text: str) -> str:
    if "[" not in text:  # most lines: no artefact can start, no expression run
        return text
    return _INLINE_JUNK.sub("", text)


def is_junk_line(text: str) -> bool:
    """True for a line that is conversion furniture only (image name, page number)."""
    return bool(_JUNK_LINE.match(text.strip()))


def clean_line(text: str) -> str:
    """One line of converted text without artefacts; "" when nothing real is left."""
    text = tidy(strip_inline_junk(text))
    return "" if is_junk_line(text) else text


def join_paragraphs(paragraphs: list[str]) -> str:
    """Paragraphs of one field, separated by a blank line as the reader saw them."""
    return "\n\n".join(p for p in (tidy(p) for p in paragraphs) if p)
