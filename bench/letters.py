"""Schriftelijk-overleg answer letters in the bundled sample's layout (the `markov` corpus,
and the letters of the `realistic` one; bench.corpus writes them).

Each letter has a letterhead, party headings, "Vraag N" / "Antwoord", so it goes through
the real ingest. For the `markov` corpus the text comes from word-level Markov chains
over the sample's questions, answers and preambles (its 2,365 words); lengths are drawn
from the sample's own length distribution; parties follow the Kamer's seat shares; the
codes users search for are sprinkled in at fixed per-question rates.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Protocol

from bench.internals import BUNDLED_CORPUS, MONTH_NAMES
from bench.markov import CODE_SLOT, PARTY_SLOT, Chain
from ingest import QUESTION, load

# Seats in the Tweede Kamer elected in 2023: how often a party asks is roughly its size.
PARTY_WEIGHTS = {
    "PVV": 37,
    "GroenLinks-PvdA": 25,
    "VVD": 24,
    "NSC": 20,
    "D66": 9,
    "BBB": 7,
    "CDA": 5,
    "SP": 5,
    "DENK": 3,
    "PvdD": 3,
    "FvD": 3,
    "SGP": 3,
    "ChristenUnie": 3,
    "Volt": 2,
    "JA21": 1,
}
# (code, share of questions that get an extra sentence with it, sentences to pick from).
# The chains leave a slot where the sample names a code; it is filled from OTHER_CODES.
CODES: tuple[tuple[str, float, tuple[str, ...]], ...] = (
    (
        "MQ-9",
        0.02,
        (
            "Wat is de stand van zaken rond de bewapening van de MQ-9 Reaper?",
            "De inzet van de MQ-9 voor maritieme surveillance wordt hierbij meegenomen.",
        ),
    ),
    (
        "PURL",
        0.03,
        (
            "Hoeveel heeft Nederland inmiddels via PURL bijgedragen?",
            "Nederland draagt via het PURL-initiatief bij aan Amerikaans materieel voor Oekraïne.",
        ),
    ),
    (
        "F-35",
        0.04,
        (
            "Hoe staat het met de levering van de laatste F-35-toestellen?",
            "De F-35 speelt hierbij een belangrijke rol in de luchtverdediging van het bondgebied.",
        ),
    ),
    (
        "F-16",
        0.015,
        ("De overdracht van F-16's aan Oekraïne verloopt volgens de afgesproken planning.",),
    ),
    ("NH90", 0.01, ("De beschikbaarheid van de NH90-helikopters blijft een aandachtspunt.",)),
)
# Systems that are named but not in the query mix, for the chains' code slots.
OTHER_CODES = ("CV90", "NASAMS", "Patriot", "CH-47", "AH-64", "P-8", "SM-2", "Leopard 2A8")
POINTER_SHARE = 0.05  # answers that only say "Zie het antwoord op vraag N."
TOPIC_SHARE = 0.2  # questions under a short topic heading, as in the sample
QUESTIONS_PER_LETTER = (12, 60)
SUBJECTS = (
    "de Raad Buitenlandse Zaken Defensie",
    "de NAVO Defensie Ministeriële",
    "de Defensie Materieel Begroting",
    "de voortgang van de Defensienota",
    "de militaire steun aan Oekraïne",
    "het Defensie Projectenoverzicht",
    "de Ukraine Defence Contact Group",
    "het personeelsbeleid van Defensie",
)
# Who signed, by date: a letter carries the minister of its day.
MINISTERS = (
    (date(2022, 1, 10), "Ank Bijleveld-Schouten"),
    (date(2024, 7, 2), "Kajsa Ollongren"),
    (date(9999, 1, 1), "Ruben Brekelmans"),
)
FIRST_DATE = date(2019, 1, 7)
DAYS = 2_600  # letters spread over about seven years
_LAYOUT_LINE = re.compile(
    r"^\s*(?:vraag\s+\d|antwoord\b|(?:inbreng|vragen|opmerkingen)\b.*\bvan\s+de\s+leden\b)",
    re.IGNORECASE,
)


class Paragraphs(Protocol):
    """Where generated text comes from: a Chain, or one rewritten by a long tail."""

    def paragraphs(
        self, rng: random.Random, words: int, per_paragraph: tuple[int, int] = (2, 5)
    ) -> list[str]: ...


@dataclass
class Sample:
    """What the generator learns from real text: where paragraphs come from, lengths, topics."""

    question: Paragraphs
    answer: Paragraphs
    preamble: Paragraphs
    lengths: list[tuple[int, int]]  # (question words, answer words) per sample question
    topics: list[str]


def learn_sample(corpus: Path = BUNDLED_CORPUS) -> Sample:
    """Chains, lengths and topic headings from the bundled letter, through the real ingest."""
    records = [q for d in load([corpus]).documents for q in d.records]
    questions = [q for q in records if q.kind == QUESTION]
    preambles = [q.question for q in records if q.kind != QUESTION]
    return Sample(
        question=Chain(q.question for q in questions),
        answer=Chain(q.answer for q in questions if len(q.answer) > 80),
        preamble=Chain(preambles),
        lengths=[(len(q.question.split()), len(q.answer.split())) for q in questions],
        topics=sorted({q.topic for q in questions if q.topic}),
    )


def length_near(rng: random.Random, base: int) -> int:
    """A length near one of the sample's, spread so sizes are not copies of 41 values."""
    # 0.85: generated paragraphs end on a whole sentence, which overshoots the target.
    return max(8, int(0.85 * base * rng.lognormvariate(0.0, 0.35)))


def clean(rng: random.Random, paragraphs: list[str], party: str) -> list[str]:
    """Fill in party and code slots; drop a generated line the layout would read as a heading."""
    filled = [p.replace(PARTY_SLOT, party) for p in paragraphs]
    while any(CODE_SLOT in p for p in filled):
        filled = [p.replace(CODE_SLOT, rng.choice(OTHER_CODES), 1) for p in filled]
    return [p for p in filled if not _LAYOUT_LINE.match(p)]


def _with_codes(rng: random.Random, question: list[str], answer: list[str]) -> None:
    """Append a code sentence to the question or the answer, at each code's rate."""
    for _code, rate, lines in CODES:
        if rng.random() < rate:
            target = question if rng.random() < 0.5 or not answer else answer
            target[-1] = f"{target[-1]} {rng.choice(lines)}"


def _question_lines(
    sample: Sample, rng: random.Random, party: str, number: int, first: int
) -> list[str]:
    base_q, base_a = rng.choice(sample.lengths)
    question = clean(rng, sample.question.paragraphs(rng, length_near(rng, base_q), (2, 4)), party)
    if number > first and rng.random() < POINTER_SHARE:
        answer = [f"Zie het antwoord op vraag {rng.randint(first, number - 1)}."]
    else:
        answer = clean(rng, sample.answer.paragraphs(rng, length_near(rng, base_a)), party)
    question = question or [f"Kan de minister dit toelichten, zo vragen de leden van {party}?"]
    answer = answer or ["Het kabinet informeert uw Kamer hierover te zijner tijd."]
    _with_codes(rng, question, answer)
    topic = [rng.choice(sample.topics)] if rng.random() < TOPIC_SHARE else []
    return [f"Vraag {number}", *topic, *question, "Antwoord", *answer]


def _letterhead(rng: random.Random, day: date, sequence: int) -> list[str]:
    subject = rng.choice(SUBJECTS)
    minister = next(name for until, name in MINISTERS if day < until)
    month = MONTH_NAMES[day.month - 1]
    return [
        "> Retouradres Postbus 20701 2500 ES Den Haag",
        "de Voorzitter van de Tweede Kamer",
        "der Staten-Generaal",
        "Datum",
        f"{day.day} {month} {day.year}",
        "Betreft",
        f"Beantwoording schriftelijk overleg over {subject}",
        "Ministerie van Defensie",
        "Postbus 20701",
        "Onze referentie",
        f"MINDEF{day.year}{sequence:07d}",
        "Geachte voorzitter,",
        f"Hierbij ontvangt u de antwoorden op de schriftelijke vragen over {subject}.",
        "Hoogachtend,",
        "DE MINISTER VAN DEFENSIE",
        minister,
    ]


def _party_plan(rng: random.Random, questions: int) -> list[tuple[str, int]]:
    """Which parties ask in one letter and how many questions each, largest party first."""
    names, weights = list(PARTY_WEIGHTS), list(PARTY_WEIGHTS.values())
    count = min(len(names), max(1, rng.randint(3, 9)), questions)
    chosen: list[str] = []
    while len(chosen) < count:
        name = rng.choices(names, weights)[0]
        if name not in chosen:
            chosen.append(name)
    chosen_weights = [PARTY_WEIGHTS[name] for name in chosen]
    shares = rng.choices(chosen, chosen_weights, k=questions - count)
    plan = [(name, 1 + shares.count(name)) for name in chosen]
    return sorted(plan, key=lambda item: -PARTY_WEIGHTS[item[0]])


def letter(sample: Sample, rng: random.Random, sequence: int, questions: int) -> tuple[str, dict]:
    """One letter's text and its party counts (questions per party)."""
    day = FIRST_DATE + timedelta(days=rng.randrange(DAYS))
    lines = _letterhead(rng, day, sequence)
    number = 1
    counts: dict[str, int] = {}
    for party, asked in _party_plan(rng, questions):
        heading = party if party.startswith("Groep ") else f"{party}-fractie"
        lines.append(f"Vragen en opmerkingen van de leden van de {heading}")
        length = rng.randint(25, 70)
        lines.extend(clean(rng, sample.preamble.paragraphs(rng, length, (1, 3))[:1], party))
        first = number
        for _ in range(asked):
            lines.extend(_question_lines(sample, rng, party, number, first))
            number += 1
        counts[party] = asked
    records = questions + len(counts)  # and a preamble per party
    return "\n".join(lines) + "\n", {"date": day.isoformat(), "parties": counts, "records": records}
