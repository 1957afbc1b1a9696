"""Cross-references between answers: "Zie het antwoord op vraag 1."

Two directions are recorded. A plain reference ("zie het antwoord op vraag 15") means
the answer refers to another answer. A joint answer ("In reactie op de vragen 1, 10 en
18 …" written under question 1) means the other questions are answered here, so they
refer to this one.
"""

from __future__ import annotations

import re

from ingest.records import QUESTION, Record

_NUMBER_LIST = r"(?P<numbers>\d+(?:\s*(?:,|en|t/m|tot en met)\s*\d+)*)"
# "zie (het) antwoord op vraag 26", "zie beantwoording vraag 12",
# "in het antwoord op vraag 13", "zie de antwoorden op de vragen 3 en 4"
_REFERENCE = re.compile(
    rf"\b(?:antwoord(?:en)?|beantwoording)\s+(?:op\s+|van\s+|bij\s+)?(?:de\s+)?"
    rf"vra(?:ag|gen)\s+{_NUMBER_LIST}",
    re.IGNORECASE,
)
# "In reactie op de vragen 1, 10 en 18": this answer answers all of them.
_JOINT = re.compile(
    rf"\b(?:in\s+reactie\s+op|in\s+antwoord\s+op|ter\s+beantwoording\s+van)\s+"
    rf"(?:de\s+)?vra(?:ag|gen)\s+{_NUMBER_LIST}",
    re.IGNORECASE,
)


def _numbers(raw: str) -> list[int]:
    """Numbers of a list; "3 t/m 5" expands to 3, 4, 5."""
    result: list[int] = []
    for chunk in re.split(r"\s*(?:,|\ben\b)\s*", raw):
        bounds = [int(n) for n in re.findall(r"\d+", chunk)]
        if len(bounds) == 2 and bounds[0] < bounds[1] <= bounds[0] + 50:
            result.extend(range(bounds[0], bounds[1] + 1))
        else:
            result.extend(bounds)
    return result


def _names_no_question(text: str) -> bool:
    """True when neither pattern can match: both need "vraag" or "vragen" (no other
    character matches these letters ignoring case). Most answers say neither, and this
    check is a fraction of what the patterns cost."""
    return "vra" not in text.lower()


def _collect(pattern: re.Pattern[str], text: str) -> list[int]:
    if _names_no_question(text):
        return []
    found: dict[int, None] = {}
    for match in pattern.finditer(text):
        for number in _numbers(match["numbers"]):
            found.setdefault(number)
    return list(found)


def find_references(answer_text: str) -> list[int]:
    """Question numbers whose answers this answer points to, in order of mention."""
    if _names_no_question(answer_text):
        return []
    joint_spans = [m.span() for m in _JOINT.finditer(answer_text)]
    kept = [
        m
        for m in _REFERENCE.finditer(answer_text)
        if not any(a <= m.start() < b for a, b in joint_spans)
    ]
    return list(dict.fromkeys(n for m in kept for n in _numbers(m["numbers"])))


def find_joint_answers(answer_text: str) -> list[int]:
    """Question numbers this answer says it answers together ("In reactie op de vragen …")."""
    return _collect(_JOINT, answer_text)


def link_references(questions: list[Record]) -> None:
    """Fill refers_to and referred_by of every question, both ways, sorted, and decide
    once which answers are pointer-only (`is_pointer_only`)."""
    numbered = {q.number: q for q in questions if q.kind == QUESTION and q.number is not None}
    links: set[tuple[int, int]] = set()  # (from, to): the answer of `from` points to `to`
    for number, question in numbered.items():
        for target in find_references(question.answer):
            links.add((number, target))
        for other in find_joint_answers(question.answer):
            links.add((other, number))
    for source, target in links:
        if source == target or source not in numbered or target not in numbered:
            continue
        _add(numbered[source].refers_to, target)
        _add(numbered[target].referred_by, source)
    for question in numbered.values():
        question.refers_to.sort()
        question.referred_by.sort()
        question.pointer_only = is_pointer_only(question.answer, question.refers_to)


def _add(numbers: list[int], number: int) -> None:
    if number not in numbers:
        numbers.append(number)


# An answer whose own words, once its "zie vraag N" sentences are removed, are
# shorter than this is a pointer: it borrows the referenced answers' text.
POINTER_ONLY_MAX_CHARS = 160
_MENTION = re.compile(r"\b(?:vraag|vragen)\s+\d+", re.IGNORECASE)


def without_reference_sentences(text: str) -> str:
    """The text with each sentence (up to and with its full stop) that names a
    question number replaced by a space."""
    pieces = text.split(".")
    last = len(pieces) - 1
    return "".join(
        " " if _MENTION.search(piece) else (piece if i == last else piece + ".")
        for i, piece in enumerate(pieces)
    )


def is_pointer_only(answer: str, refers_to: list[int]) -> bool:
    """Whether an answer says little more than "see the answer to question N".

    The index lets such an answer be found through the text it points to, and the
    question page shows that text in full: one rule for both.
    """
    if not refers_to:
        return False
    return len(without_reference_sentences(answer).strip()) < POINTER_ONLY_MAX_CHARS
