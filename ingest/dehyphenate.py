"""Join typeset lines into running text, undoing the hyphens of line-end word breaks.

A typesetter breaks "woningzoekenden" as "woningzoeken-" / "den"; that hyphen must go.
A real compound keeps its hyphen when it falls at the line end: "Midden-" / "Oosten",
"CCS-" / "projecten", "counter-" / "drone". Which of the two a break is cannot be read
from the break itself, so the rest of the document is the evidence: the word written
elsewhere with or without its hyphen, or its first part used as a hyphenated prefix.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ingest.links import address_continues

_WORD = re.compile(r"[^\W_](?:[\w’']*[^\W_])?(?:-[^\W_](?:[\w’']*[^\W_])?)*")
_TAIL = re.compile(r"(?P<word>[\w’'-]*?[^\W_])-$")
_HEAD = re.compile(r"^(?P<word>[\w’']+)")
# After "milieu-" a line starting with "en sociale" is an elided compound ("milieu- en").
_CONJUNCTIONS = {"en", "of", "tot", "noch", "als"}


class Vocabulary:
    """Words of one document as printed within lines, where no line break can mislead."""

    def __init__(self, lines: Iterable[str]) -> None:
        self.words: set[str] = set()
        self.prefixes: set[str] = set()  # first parts of hyphenated words: "mvo" of "mvo-beleid"
        for line in lines:
            body = line[:-1] if line.endswith("-") else line
            for word in _WORD.findall(body):
                low = word.casefold()
                self.words.add(low)
                if "-" in low:
                    self.prefixes.update(part for part in low.split("-")[:-1])


def _keeps_hyphen(first: str, second: str, vocabulary: Vocabulary) -> bool:
    """True when "first-" at a line end and "second" on the next line form a real compound."""
    last_part = first.rsplit("-", 1)[-1]
    if second[:1].isupper() or second[:1].isdigit():
        return True  # "Midden-" / "Oosten": a word part never restarts with a capital
    if last_part[-1:].isupper() or last_part[-1:].isdigit():
        return True  # "CCS-" / "projecten", "CO2-" / "opslag": codes keep their hyphen
    joined, hyphened = (first + second).casefold(), f"{first}-{second}".casefold()
    if hyphened in vocabulary.words:
        return True
    if joined in vocabulary.words:
        return False
    return last_part.casefold() in vocabulary.prefixes


def join_two(left: str, right: str, vocabulary: Vocabulary) -> str:
    """Left line and the next line as one text."""
    if not left:
        return right
    if not right:
        return left
    if address_continues(left, right):
        return left + right  # a link broken across lines: no space, every character kept
    tail, head = _TAIL.search(left), _HEAD.match(right)
    if tail is None or head is None:
        return f"{left} {right}"
    if head["word"].casefold() in _CONJUNCTIONS:
        return f"{left} {right}"  # "kwaliteits- en transporteisen"
    if _keeps_hyphen(tail["word"], head["word"], vocabulary):
        return left + right
    return left[:-1] + right


def join_lines(lines: list[str], vocabulary: Vocabulary) -> str:
    """The lines of one paragraph as one line of text."""
    text = ""
    for line in lines:
        text = join_two(text, line.strip(), vocabulary)
    return text
