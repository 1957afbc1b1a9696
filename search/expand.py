"""Query-time rewrites: what a user typed, read the way the index writes it, and the
alternatives searched beside it.

Spellings, in exact search too (they change how a thing is written, not what is sought):

* identifiers written in several words become one: "Kamerstuk 36045, nr. 243" and
  "Kamerstuk 36 045, nr. 243" → ``36045-243``, "Aanhangsel Handelingen II 2023/24, nr.
  2367" → ``ah-tk-20232024-2367``, by ingest's rule (index.analysis.identifiers);
* a dossier typed with a space, ``36 045``, → ``36045``, and a code, ``mq 9``, → ``mq9``,
  when the index holds that dossier or code (so ``vraag 15`` and ``20 000`` stay apart).

Alternatives, not in exact search, each weighed `ALTERNATIVE_WEIGHT` so that a record
with what the user typed ranks above one that only has an alternative, and reported
("Ook gezocht op: NATO"):

* synonyms and abbreviations: the groups of ``search/data/synonyms.json``, which a
  maintainer extends without touching code or re-indexing (``NAVO`` → ``NATO``);
* a compound's parts written apart, as a phrase: ``cascadeprincipe`` → "cascade
  principe" (the index side finds a compound by its parts: index.analysis.decompound);
* two words written together: ``wapen export`` → ``wapenexport``, when the index holds
  the joined word;
* a quoted phrase's words written together: ``"defensie industrie"`` →
  ``defensieindustrie``, when the index holds the joined word (the analyzer joins a
  hyphenated word, defensie-industrie, into one term, so the phrase alone never finds it).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path

from index.analysis.decompound import LINKS, split_compound
from index.analysis.fold import fold
from index.analysis.identifiers import identifier_terms, named_identifiers
from ingest.kamerstuk import SPACED_DOSSIER

SYNONYMS_FILE = Path(__file__).resolve().parent / "data" / "synonyms.json"
# What an alternative counts for against the typed form (measured in RELEVANCE.md: at 1.0
# a rarer synonym in a short answer outranked the word the user typed, "lastenverdeling").
ALTERNATIVE_WEIGHT = 0.5

# Quoted phrases, parentheses, and anything else up to whitespace.
_SEGMENT = re.compile(r'"[^"]*"|[()]|[^\s()"]+')
_OPERATORS = frozenset({"AND", "OR", "NOT", "EN", "OF", "NIET"})
# Letters then digits, separated by spaces: a code typed as ``mq 9`` or ``F 35``.
_SPACED_CODE = re.compile(r"(?<![\w\"-])([^\W\d_]{1,4})\s+(\d{1,4})(?![\w\"-])")


@dataclass(frozen=True)
class Known:
    """What the index holds, for the rewrites that depend on it: a word of its vocabulary
    (lower-case, folded, unstemmed) and a term of its identifiers field."""

    word: Callable[[str], bool]
    identifier: Callable[[str], bool]


@dataclass(frozen=True)
class Expansion:
    text: str  # the query text to parse
    added: list[str] = field(default_factory=list)  # alternatives the user did not type


def spellings(text: str, known: Known | None) -> str:
    """`text` with identifiers, spaced dossiers and spaced codes written as one word,
    outside quotes."""

    def rewrite(piece: str) -> str:
        piece = identifiers_as_words(piece)
        if known is not None:
            piece = join_spaced_dossiers(piece, known.identifier)
            piece = join_spaced_codes(piece, known.word)
        return piece

    return _outside_quotes(text, rewrite)


def _outside_quotes(text: str, rewrite: Callable[[str], str]) -> str:
    pieces = text.split('"')
    for i in range(0, len(pieces), 2):  # even pieces are outside quotes
        pieces[i] = rewrite(pieces[i])
    return '"'.join(pieces)


def identifiers_as_words(text: str) -> str:
    """Each identifier written in more than one word as its one query term; several named
    together ("nummers 215 en 264") as an OR over them."""
    out: list[str] = []
    last = 0
    for (start, end), same_span in groupby(
        named_identifiers(text), key=lambda reference: (reference.start, reference.end)
    ):
        if not any(char.isspace() for char in text[start:end]):
            continue  # one word already: the identifiers field reads it as it is
        terms = list(dict.fromkeys(_query_term(reference.id) for reference in same_span))
        out += [text[last:start], terms[0] if len(terms) == 1 else f"({' OR '.join(terms)})"]
        last = end
    return "".join(out) + text[last:] if out else text


def _query_term(identifier: str) -> str:
    return identifier_terms(identifier.lower(), whole_only=True)[0]


def join_spaced_dossiers(text: str, known: Callable[[str], bool]) -> str:
    """``36 045`` → ``36045`` when ``known("36045")`` says the index names that dossier."""

    def join(match: re.Match[str]) -> str:
        dossier = match.group(1) + match.group(2)
        return dossier if known(dossier) else match.group(0)

    return SPACED_DOSSIER.sub(join, text)


def join_spaced_codes(text: str, known: Callable[[str], bool]) -> str:
    """``mq 9`` → ``mq9`` when ``known("mq9")`` says the index has it."""

    def join(match: re.Match[str]) -> str:
        code = match.group(1) + match.group(2)
        return code if known(code.lower()) else match.group(0)

    return _SPACED_CODE.sub(join, text)


# -- alternatives ---------------------------------------------------------------------


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


def _weighed(member: str) -> str:
    text = f'"{member}"' if len(member.split()) > 1 else member
    return f"{text}^{ALTERNATIVE_WEIGHT:g}"


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


def _synonyms_at(
    segments: list[str], i: int, index: dict[tuple[str, ...], tuple[str, ...]]
) -> tuple[int, str, list[str]] | None:
    """A synonym group matched at segment ``i``: (segments used, rewritten text, added)."""
    match = _match_at(segments, i, index)
    length, group = match if match else (1, _phrase_group(segments[i], index))
    if group is None:
        return None
    typed = segments[i : i + length]
    typed_key = _key(" ".join(typed).strip('"').split())
    others = [m for m in group if _key(m.split()) != typed_key]
    typed_text = typed[0] if length == 1 else f'"{" ".join(typed)}"'
    return length, "(" + " OR ".join([typed_text, *map(_weighed, others)]) + ")", others


def _plain(segment: str | None) -> bool:
    """A word of letters only that is no operator: one a compound can be made of."""
    return segment is not None and segment.isalpha() and segment not in _OPERATORS


def _joined_at(segments: list[str], i: int, known: Callable[[str], bool]) -> str | None:
    """The index's word that segments ``i`` and ``i + 1`` make when written together
    ("wapen export" → wapenexport), if both are plain words ANDed with nothing else
    bound to them (no operator beside the pair)."""
    if i + 1 >= len(segments) or not (_plain(segments[i]) and _plain(segments[i + 1])):
        return None
    before = segments[i - 1] if i else None
    after = segments[i + 2] if i + 2 < len(segments) else None
    if before in _OPERATORS or after in _OPERATORS:
        return None
    first, second = fold(segments[i].lower()), fold(segments[i + 1].lower())
    return next((first + link + second for link in LINKS if known(first + link + second)), None)


def _phrase_joined(segment: str, known: Callable[[str], bool]) -> str | None:
    """The index's word that a quoted phrase of plain words makes written together
    ("defensie industrie" → defensieindustrie, as defensie-industrie is indexed)."""
    if not (segment.startswith('"') and segment.endswith('"')):
        return None
    words = segment[1:-1].split()
    if len(words) < 2 or not all(_plain(word) for word in words):
        return None
    joined = "".join(fold(word.lower()) for word in words)
    return joined if known(joined) else None


def _parts_of(segment: str, known: Callable[[str], bool]) -> list[str]:
    """A compound's parts when the index holds each of them, else none."""
    if not _plain(segment):
        return []
    parts = split_compound(fold(segment.lower()))
    return parts if parts and all(known(part) for part in parts) else []


def alternatives(text: str, known_word: Callable[[str], bool] | None = None) -> Expansion:
    """``text`` with each synonym, compound and pair of words that is one word in the index
    rewritten to an OR of the typed form and its weighed alternatives."""
    index = _index()
    segments = _SEGMENT.findall(text)
    out: list[str] = []
    added: list[str] = []
    i = 0
    while i < len(segments):
        used, rewritten, found = 1, segments[i], []
        synonyms = _synonyms_at(segments, i, index)
        joined = _joined_at(segments, i, known_word) if known_word else None
        parts = _parts_of(segments[i], known_word) if known_word else []
        phrase_joined = _phrase_joined(segments[i], known_word) if known_word else None
        if synonyms is not None:
            used, rewritten, found = synonyms
        elif phrase_joined is not None:
            found = [phrase_joined]
            rewritten = f"({segments[i]} OR {_weighed(phrase_joined)})"
        elif joined is not None:
            used, found = 2, [joined]
            rewritten = f"(({segments[i]} {segments[i + 1]}) OR {_weighed(joined)})"
        elif parts:
            found = [" ".join(parts)]
            rewritten = f"({segments[i]} OR {_weighed(found[0])})"
        out.append(rewritten)
        added.extend(a for a in found if a not in added)
        i += used
    return Expansion(text=" ".join(out) if added else text, added=added)
