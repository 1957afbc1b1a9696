"""A word-level Markov chain over the bundled letter: its vocabulary and sentence shapes.

Order 2 keeps Dutch word order and the letter's phrasing ("zo vragen deze leden");
sentences start from the states that started sentences in the sample, so generated
text opens and closes the way the minister's answers do.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from collections.abc import Iterable

# Party mentions become a placeholder, so a generated question names its own party.
PARTY_SLOT = "{P}"
_PARTY_MENTION = re.compile(
    r"\b(?:D66|VVD|GroenLinks-PvdA|PVV|CDA|SGP)(?=-fractie)|\bGroep Markuszower\b"
)
# The searched codes, too: the generator sets their rates itself (see bench.letters.CODES);
# left in, the chain would repeat the sample's few PURL and MQ-9 passages far too often.
CODE_SLOT = "{C}"
_CODE_MENTION = re.compile(r"\b(?:MQ-9s?|PURL|F-35|F-16)\b")
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+(?=[A-Z0-9‘'“\"(])")
_END = ""  # marks the end of a sentence in the successor lists

State = tuple[str, str]


def sentences(text: str) -> list[str]:
    """The sentences of a paragraph, party names and codes replaced by their slots."""
    text = _PARTY_MENTION.sub(PARTY_SLOT, " ".join(text.split()))
    text = _CODE_MENTION.sub(CODE_SLOT, text)
    return [s for s in _SENTENCE_END.split(text) if len(s.split()) >= 3]


class Chain:
    """Order-2 chain; successors kept as lists with repeats, so choice() follows frequency."""

    def __init__(self, texts: Iterable[str]) -> None:
        self.next: dict[State, list[str]] = defaultdict(list)
        self.starts: list[State] = []
        for text in texts:
            for sentence in sentences(text):
                self._learn(sentence.split())
        if not self.starts:
            raise ValueError("no sentences to learn from")
        self.next = dict(self.next)  # frozen: a miss must not grow the table

    def _learn(self, words: list[str]) -> None:
        self.starts.append((words[0], words[1]))
        for i in range(len(words) - 2):
            self.next[(words[i], words[i + 1])].append(words[i + 2])
        self.next[(words[-2], words[-1])].append(_END)

    def sentence(self, rng: random.Random, max_words: int = 80) -> list[str]:
        """One sentence; cut at max_words (ending with a full stop) when a loop runs long."""
        state = rng.choice(self.starts)
        words = [*state]
        while len(words) < max_words:
            successor = rng.choice(self.next.get(state) or [_END])
            if successor == _END:
                return words
            words.append(successor)
            state = (state[1], successor)
        words[-1] = words[-1].rstrip(",;:") + "."
        return words

    def paragraphs(
        self, rng: random.Random, words: int, per_paragraph: tuple[int, int] = (2, 5)
    ) -> list[str]:
        """About `words` words as paragraphs of a few sentences each."""
        paragraphs: list[str] = []
        current: list[str] = []
        total = 0
        target = rng.randint(*per_paragraph)
        while total < words:
            sentence = " ".join(self.sentence(rng))
            current.append(sentence)
            total += sentence.count(" ") + 1
            if len(current) >= target:
                paragraphs.append(" ".join(current))
                current, target = [], rng.randint(*per_paragraph)
        if current:
            paragraphs.append(" ".join(current))
        return paragraphs
