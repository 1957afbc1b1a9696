"""Footnotes that a Word-to-text conversion leaves inline.

The converter writes the marker where the footnote is referenced and the footnote body
right after it: "toekwam.[footnoteRef:2] [2:  Kamerstuk 36715, nr.32]". The text keeps
the marker as its marker character, for the place it stood; the footnote becomes a
Footnote with a link when it names one.
"""

from __future__ import annotations

import re

from ingest.cleanup import tidy, tidy_punctuation
from ingest.kamerstuk import parse_kamerstuk
from ingest.links import find_address, find_bare_domain
from ingest.markers import marker
from ingest.records import Footnote

_MARKER = re.compile(r"\[footnoteRef:\s*(\d+)\]")
# A body: "[2:  text]". Text may hold square brackets of its own only in nested pairs.
_BODY = re.compile(r"\[(\d+):\s+((?:[^\[\]]|\[[^\[\]]*\])*)\]")


def footnote_url(text: str) -> str | None:
    """The link of a footnote: an address written in it ("https://…", "www.…"), else the
    official page of a Kamerstuk it names, else a bare domain it names ("(rijksfinancien.nl)")."""
    address = find_address(text)
    if address:
        return address
    stuk = parse_kamerstuk(text)
    return stuk.url if stuk else find_bare_domain(text)


def extract_inline_footnotes(text: str) -> tuple[str, list[Footnote]]:
    """Text without footnote bodies, each marker written as its marker character
    (ingest.markers), and the footnotes in number order."""
    footnotes: dict[int, Footnote] = {}
    stripped = text
    if "[" in text:  # a body and a marker both open with one; most texts have none
        for match in _BODY.finditer(text):
            number, body = int(match.group(1)), tidy(match.group(2))
            footnotes.setdefault(number, Footnote(number, body, footnote_url(body)))
        # A marker of a footnote the text has becomes its marker character; any other goes.
        stripped = _MARKER.sub(
            lambda m: marker(int(m[1])) if int(m[1]) in footnotes else "", _BODY.sub("", text)
        )
    # Keep paragraph breaks: tidy each line on its own.
    lines = [tidy_punctuation(tidy(line)) for line in stripped.split("\n")]
    return "\n".join(lines).strip(), [footnotes[n] for n in sorted(footnotes)]
