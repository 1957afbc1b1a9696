"""Query-time expansion: abbreviations and synonyms, and codes typed with a space.

The correspondence writes NAVO in one answer and NATO in the next, VK beside
Verenigd Koninkrijk; a searcher types one of them. The groups live in
``search/data/synonyms.json`` so a maintainer can extend them without touching
code or re-indexing: a query word (or phrase) matching a member of a group is
rewritten to ``(member OR other OR "other phrase")`` before parsing, and the
added alternatives are reported ("ook gezocht op: NATO").

``mq 9`` is joined to ``mq9`` when the index knows that code: the analyzer
already makes ``MQ9``/``MQ-9`` one term, but a space splits the query into two
words. The join is checked against the index so ``vraag 15`` stays two words.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from index.analysis.fold import fold

SYNONYMS_FILE = Path(__file__).resolve().parent / "data" / "synonyms.json"

# Quoted phrases, parentheses, and anything else up to whitespace.
_SEGMENT = re.compile(r'"[^"]*"|[()]|[^\s()"]+')
_OPERATORS = frozenset({"AND", "OR", "NOT", "EN", "OF", "NIET"})
# Letters then digits, separated by spaces: a code typed as ``mq 9`` or ``F 35``.
_SPACED_CODE = re.compile(r"(?<![\w\"-])([^\W\d_]{1,4})\s+(\d{1,4})(?![\w\"-])")


@dataclass(frozen=True)
class Expansion:
    text: str  # the query text to parse
    added: list[str] = field(default_factory=list)  # alternatives the user did not type


def _key(words: list[str]) -> tuple[str, ...]:
    return tuple(fold(w) for w in words)


@functools.cache
def load_groups(path: Path = SYNONYMS_FILE) -> tuple[tuple[str, ...], ...]:
    """The synonym groups of the data file, each a tuple of spellings."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return tuple(tuple(group) for group in data["groups"] if len(group) > 1)


@functools.cache
def _index(path: Path = SYNONYMS_FILE) -> dict[tuple[str, ...], tuple[str, ...]]:
    """Folded word sequence of every member → its whole group."""
    return {_key(member.split()): group for group in load_groups(path) for member in group}


def _alternative(member: str) -> str:
    return f'"{member}"' if len(member.split()) > 1 else member


def _match_at(
    segments: list[str], i: int, index: dict[tuple[str, ...], tuple[str, ...]]
) -> tuple[int, tuple[str, ...]] | None:
    """The longest member starting at segment ``i``: (words matched, group)."""
    longest = max((len(k) for k in index), default=0)
    for length in range(min(longest, len(segments) - i), 0, -1):
        words = segments[i : i + length]
        if any(w in _OPERATORS or not _is_word(w) for w in words):
            continue
        group = index.get(_key(words))
        if group is not None:
            return length, group
    return None


def _is_word(segment: str) -> bool:
    return segment not in "()" and not segment.startswith('"') and not segment.endswith("*")


def _phrase_group(segment: str, index: dict) -> tuple[str, ...] | None:
    if segment.startswith('"') and len(segment) > 2:
        return index.get(_key(segment[1:-1].split()))
    return None


def expand_synonyms(text: str, path: Path = SYNONYMS_FILE) -> Expansion:
    """Rewrite each synonym/abbreviation in ``text`` to an OR over its group."""
    index = _index(path)
    segments = _SEGMENT.findall(text)
    out: list[str] = []
    added: list[str] = []
    i = 0
    while i < len(segments):
        match = _match_at(segments, i, index)
        length, group = match if match else (1, _phrase_group(segments[i], index))
        if group is None:
            out.append(segments[i])
            i += 1
            continue
        typed = segments[i : i + length]
        typed_key = _key(" ".join(typed).strip('"').split())
        others = [m for m in group if _key(m.split()) != typed_key]
        typed_text = typed[0] if length == 1 else _alternative(" ".join(typed))
        out.append("(" + " OR ".join([typed_text, *map(_alternative, others)]) + ")")
        added.extend(m for m in others if m not in added)
        i += length
    return Expansion(text=" ".join(out) if added else text, added=added)


def join_spaced_codes(text: str, known: Callable[[str], bool]) -> str:
    """``mq 9`` → ``mq9`` outside quotes, when ``known("mq9")`` says the index has it."""

    def join(match: re.Match[str]) -> str:
        code = match.group(1) + match.group(2)
        return code if known(code.lower()) else match.group(0)

    pieces = text.split('"')
    for i in range(0, len(pieces), 2):  # even pieces are outside quotes
        pieces[i] = _SPACED_CODE.sub(join, pieces[i])
    return '"'.join(pieces)
