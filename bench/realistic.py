"""The realistic corpus: real sentence structure, a long-tailed vocabulary, both layouts.

The base is real text through the real ingest: the bundled schriftelijk-overleg letter
and the questions and answers of the Aanhangsel PDFs in tests/fixtures. Order-2 Markov
chains over them give the sentence shapes, lengths come from their questions, and topics
from their headings. Then every content word (lowercase, five letters or more, not a
stopword) is kept or, at REWRITE rates, replaced by a draw from the long-tail pools of
bench.vocabulary (a list word or a coined compound), a capitalised name by a generated
name, and a paragraph may gain a sentence naming a code. Letters come in the two layouts
the ingest reads from plain text: schriftelijk overleg (bench.letters.letter) and
Kamervragen as the Aanhangsel van de Handelingen prints them (`kamervragen`).
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from bench import vocabulary
from bench.internals import BUNDLED_CORPUS, MONTH_NAMES
from bench.letters import DAYS, FIRST_DATE, MINISTERS, PARTY_WEIGHTS, Sample, clean, length_near
from bench.markov import Chain
from bench.wordstats import STOPWORDS, tokens
from ingest import QUESTION, load

REAL_PDFS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "aanhangsel"
# Shares of content words replaced by a list word or a compound, of non-initial
# capitalised words replaced by a name, and of paragraphs that gain a code sentence.
REWRITE = {"word": 0.20, "compound": 0.03, "name": 0.5, "code": 0.2}
CODE_SENTENCES = (
    "Zie ook {code}.",
    "Dit betreft onder meer de {code}.",
    "Het gaat hierbij om {code}.",
    "Wat is de stand van zaken rond {code}?",
)
KAMERVRAGEN_SHARE = 0.5  # of letters; they are short, so about a fifth of the questions
KAMERVRAGEN_QUESTIONS = (2, 14)
MERGED_ANSWER_SHARE = 0.1  # "Antwoord 3 en 4": one answer to two questions
_SENTENCE_END = (".", "?", "!", ":")
FALLBACK_QUESTION = "Kunt u dit nader toelichten?"
FALLBACK_ANSWER = "Het kabinet informeert uw Kamer hierover te zijner tijd."


@dataclass
class Emitted:
    """Which words the long tail put into the text, by pool: the query mix picks rare names
    and codes from these (as searched: lowercase tokens)."""

    names: set[str] = field(default_factory=set)
    codes: set[str] = field(default_factory=set)
    words: set[str] = field(default_factory=set)


class LongTail:
    """Rewrites generated paragraphs: content words, names and codes from the pools."""

    def __init__(self) -> None:
        self.emitted = Emitted()

    def _content(self, rng: random.Random, core: str) -> str:
        roll = rng.random()
        if roll < REWRITE["compound"]:
            word = vocabulary.draw("compound", rng)
        elif roll < REWRITE["compound"] + REWRITE["word"]:
            word = vocabulary.draw("word", rng)
        else:
            return core
        self.emitted.words.add(word)
        return word

    def _name(self, rng: random.Random, core: str) -> str:
        if rng.random() >= REWRITE["name"]:
            return core
        name = vocabulary.draw("name", rng)
        self.emitted.names.add(max(tokens(name), key=len))
        return name

    def member(self, rng: random.Random) -> str:
        surname = vocabulary.member(rng)
        self.emitted.names.add(max(tokens(surname), key=len))
        return surname

    def code(self, rng: random.Random) -> str:
        text = vocabulary.draw("code", rng)
        found = tokens(text)
        if len(found) == 1:  # a designation or a registration number, searched as one word
            self.emitted.codes.add(found[0])
        return text

    def rewrite(self, rng: random.Random, paragraph: str) -> str:
        pieces = paragraph.split(" ")
        for i, piece in enumerate(pieces):
            start = len(piece) - len(piece.lstrip("(«‘'\""))
            end = len(piece.rstrip(".,;:?!)»’'\""))
            core = piece[start:end]
            if not core.isalpha() or len(core) < 5:
                continue
            if core.islower() and core not in STOPWORDS:
                new = self._content(rng, core)
            elif (
                core[0].isupper()
                and core[1:].islower()
                and i
                and pieces[i - 1][-1:] not in _SENTENCE_END
            ):
                new = self._name(rng, core)
            else:
                continue
            pieces[i] = piece[:start] + new + piece[end:]
        text = " ".join(pieces)
        if rng.random() < REWRITE["code"]:
            text += " " + rng.choice(CODE_SENTENCES).format(code=self.code(rng))
        return text


class TailChain:
    """A Markov chain whose paragraphs come out rewritten by the long tail."""

    def __init__(self, chain: Chain, tail: LongTail) -> None:
        self.chain, self.tail = chain, tail

    def paragraphs(
        self, rng: random.Random, words: int, per_paragraph: tuple[int, int] = (2, 5)
    ) -> list[str]:
        found = self.chain.paragraphs(rng, words, per_paragraph)
        return [self.tail.rewrite(rng, p) for p in found]


def learn_base(pdfs: Path = REAL_PDFS) -> tuple[Sample, LongTail, list[str]]:
    """Chains over the real letter and PDFs, rewritten by one long tail; and the subjects
    of the real Kamervragen."""
    documents = load([BUNDLED_CORPUS, pdfs]).documents
    records = [r for d in documents for r in d.records]
    questions = [r for r in records if r.kind == QUESTION and r.question and r.answer]
    preambles = [r.question for r in records if r.kind != QUESTION and r.question]
    tail = LongTail()
    sample = Sample(
        question=TailChain(Chain(r.question for r in questions), tail),
        answer=TailChain(Chain(r.answer for r in questions if len(r.answer) > 80), tail),
        preamble=TailChain(Chain(preambles), tail),
        lengths=[(len(r.question.split()), len(r.answer.split())) for r in questions],
        topics=sorted({r.topic for r in questions if r.topic}),
    )
    subjects = sorted({d.subject for d in documents if d.layout == "aanhangsel" and d.subject})
    return sample, tail, subjects


def _dutch_date(day: date) -> str:
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def _askers(rng: random.Random, tail: LongTail) -> list[tuple[str, str]]:
    """One member, or two or three of different parties, each as (surname, party)."""
    names, weights = list(PARTY_WEIGHTS), list(PARTY_WEIGHTS.values())
    count = 1 if rng.random() < 0.7 else rng.randint(2, 3)
    parties: list[str] = []
    while len(parties) < count:
        party = rng.choices(names, weights)[0]
        if party not in parties:
            parties.append(party)
    return [(tail.member(rng), party) for party in parties]


def _header(rng: random.Random, tail: LongTail, subject: str, asked: date) -> list[str]:
    askers = _askers(rng, tail)
    listed = [f"{name} ({party})" for name, party in askers]
    who = (
        f"het lid {listed[0]}"
        if len(listed) == 1
        else "de leden " + (", ".join(listed[:-1]) + " en " + listed[-1])
    )
    answered = asked + timedelta(days=rng.randint(14, 90))
    minister = next(name for until, name in MINISTERS if answered < until).split()[-1]
    return [
        "Tweede Kamer der Staten-Generaal",
        f"Vergaderjaar {asked.year}–{asked.year + 1} Aanhangsel van de Handelingen",
        "Vragen gesteld door de leden der Kamer, met de daarop door de regering gegeven antwoorden",
        f"Vragen van {who} aan de Minister van Defensie over {subject} "
        f"(ingezonden {_dutch_date(asked)}).",
        f"Antwoord van Minister {minister} (Defensie) (ontvangen {_dutch_date(answered)}).",
    ]


def kamervragen(
    sample: Sample, tail: LongTail, subjects: list[str], rng: random.Random, questions: int
) -> tuple[str, dict]:
    """One Kamervragen document's text and what it holds (records, questions, parties)."""
    asked = FIRST_DATE + timedelta(days=rng.randrange(DAYS))
    subject = tail.rewrite(rng, rng.choice(subjects)).rstrip(".")
    lines = _header(rng, tail, subject, asked)
    parties = _parties_of(lines[3])
    number, records = 1, 0
    while number <= questions:
        merged = number < questions and rng.random() < MERGED_ANSWER_SHARE
        numbers = [number, number + 1] if merged else [number]
        for n in numbers:
            base_q, _ = rng.choice(sample.lengths)
            text = sample.question.paragraphs(rng, length_near(rng, base_q), (1, 3))
            lines += [f"Vraag {n}", *(clean(rng, text, parties[0]) or [FALLBACK_QUESTION])]
        _, base_a = rng.choice(sample.lengths)
        text = clean(rng, sample.answer.paragraphs(rng, length_near(rng, base_a)), parties[0])
        label = " en ".join(str(n) for n in numbers)
        lines += [f"Antwoord {label}", *(text or [FALLBACK_ANSWER])]
        number += len(numbers)
        records += 1
    counts = Counter({party: questions for party in parties})
    info = {"date": asked.isoformat(), "parties": dict(counts), "records": records}
    return "\n".join(lines) + "\n", info


def _parties_of(line: str) -> list[str]:
    return [p for p in PARTY_WEIGHTS if f"({p})" in line]
