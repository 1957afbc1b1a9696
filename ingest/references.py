"""Cross-references between answers: "Zie het antwoord op vraag 1."

Two directions are recorded. A plain reference ("zie het antwoord op vraag 15", "(zie
vraag 5)", "in antwoord 3", "mijn antwoord 4, 5 en 6") means the answer refers to another
answer. A joint answer ("In reactie op de vragen 1, 10 en 18 …" written under question 1)
means the other questions are answered here, so they refer to this one. Which of the two
a phrase such as "in antwoord op vraag 4" is depends on the answer it stands in: naming
its own question, it answers the others with it; naming only others ("Zoals aangegeven in
antwoord op vraag 4", under 5), it points to them.

A number stands for the record that answers it: "mijn antwoord 4, 5 en 6" points to the
record of "Vraag 3, 4, 5 en 6", and links hold that record's number, 3.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ingest.records import QUESTION, Record

_NUMBER_LIST = r"(?P<numbers>\d{1,3}\b(?:\s*(?:,|en|t/m|tot en met)\s*\d{1,3}\b)*)"
_VRAAG = rf"vra(?:ag|gen)\s+{_NUMBER_LIST}"
# One pattern, one scan of the answer, for every way of pointing to another answer:
# "zie (het) antwoord op vraag 26", "zie beantwoording vraag 12", "in het antwoord op
# vraag 13", "zie de antwoorden op de vragen 3 en 4"; "(zie vraag 5)", "zie ook vraag 8";
# "In antwoord 3", "mijn antwoord 4, 5 en 6", "de antwoorden 3 en 4" (by the answer's number).
_REFERENCE = re.compile(
    r"\b(?:(?:antwoord(?:en)?|beantwoording)\s+(?:op\s+|van\s+|bij\s+)?(?:de\s+)?vra(?:ag|gen)"
    r"|zie\s+(?:ook\s+)?(?:de\s+)?vra(?:ag|gen)"
    rf"|antwoord(?:en)?)\s+{_NUMBER_LIST}",
    re.IGNORECASE,
)
# "In reactie op de vragen 1, 10 en 18": a joint answer when it names its own question.
_JOINT = re.compile(
    rf"\b(?:in\s+reactie\s+op|in\s+antwoord\s+op|ter\s+beantwoording\s+van)\s+"
    rf"(?:de\s+)?{_VRAAG}",
    re.IGNORECASE,
)
_MENTIONED = re.compile(rf"\b{_VRAAG}", re.IGNORECASE)


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
    """True when no pattern can match: each needs "vraag"/"vragen" or "antwoord" (no other
    characters match these letters ignoring case). Most answers say neither, and this
    check is a fraction of what the patterns cost."""
    low = text.lower()
    return "vra" not in low and "antwoord" not in low


def _joint_phrases(text: str, own: set[int]) -> tuple[list[re.Match[str]], list[re.Match[str]]]:
    """The joint-answer phrases that name the answer's own question, and those that do not."""
    joint: list[re.Match[str]] = []
    pointing: list[re.Match[str]] = []
    low = text.lower()
    if "vra" not in low or ("reac" not in low and "antwoord" not in low):
        return joint, pointing  # letters every opening needs ("beantwoording" has "antwoord")
    for match in _JOINT.finditer(text):
        (joint if own & set(_numbers(match["numbers"])) else pointing).append(match)
    return joint, pointing


def read_links(answer_text: str, own: Iterable[int] = ()) -> tuple[list[int], list[int]]:
    """What an answer (of the questions `own`) says of other questions, in order of
    mention: the numbers it points to, and the numbers it answers with its own ("In
    reactie op de vragen 1, 10 en 18" under question 1: 10 and 18)."""
    if _names_no_question(answer_text):
        return [], []
    own = set(own)
    joint, pointing = _joint_phrases(answer_text, own)
    spans = [m.span() for m in joint + pointing]
    found = [
        m for m in _REFERENCE.finditer(answer_text) if not any(a <= m.start() < b for a, b in spans)
    ]
    found = sorted(found + pointing, key=lambda m: m.start())
    references = dict.fromkeys(n for m in found for n in _numbers(m["numbers"]))
    answered = dict.fromkeys(n for m in joint for n in _numbers(m["numbers"]) if n not in own)
    return list(references), list(answered)


def find_references(answer_text: str, own: Iterable[int] = ()) -> list[int]:
    """Question numbers whose answers this answer (of the questions `own`) points to."""
    return read_links(answer_text, own)[0]


def find_joint_answers(answer_text: str, own: Iterable[int] = ()) -> list[int]:
    """Question numbers this answer (of the questions `own`) answers with its own."""
    return read_links(answer_text, own)[1]


def mentioned_numbers(text: str) -> list[int]:
    """Question numbers a text names ("de vragen 3 en 4 kunnen niet binnen de termijn …")."""
    if "vra" not in text.lower():
        return []
    return list(dict.fromkeys(n for m in _MENTIONED.finditer(text) for n in _numbers(m["numbers"])))


def link_references(records: list[Record]) -> None:
    """Fill refers_to and referred_by of every question record, both ways, sorted, and
    decide once which answers are pointer-only (`is_pointer_only`)."""
    questions = [r for r in records if r.kind == QUESTION and r.numbers]
    owner: dict[int, Record] = {}
    for record in questions:
        for number in record.numbers:
            owner.setdefault(number, record)
    links: set[tuple[int, int]] = set()  # (from, to): the answer of `from` points to `to`
    for record in questions:
        references, answered = read_links(record.answer, record.numbers)
        links.update((record.number, owner[n].number) for n in references if n in owner)
        links.update((owner[n].number, record.number) for n in answered if n in owner)
    by_number = {record.number: record for record in questions}
    for source, target in links:
        if source != target:
            _add(by_number[source].refers_to, target)
            _add(by_number[target].referred_by, source)
    for record in questions:
        record.refers_to.sort()
        record.referred_by.sort()
        record.pointer_only = is_pointer_only(record.answer, record.refers_to)


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
