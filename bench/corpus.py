"""The benchmark's corpora, written as files the real ingest reads, and cached.

    python -m bench.corpus 20000 bench/out/corpus/realistic-n20000-seed1 [--corpus markov]

`realistic` (the default): real sentence structure with a long-tailed vocabulary, in
both plain-text layouts (bench.realistic). `markov`: the bundled letter's own 2,365 words
in its own layout (bench.letters), the corpus of the earlier tables. Both count their
vocabulary (bench.wordstats) into the manifest; the realistic corpus also picks its
query mix from its own frequencies (bench.query_mix) into .queries.json beside it. The
same (corpus, size, seed) always gives the same bytes.
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bench import query_mix, realistic
from bench.letters import CODES, Sample, learn_sample, letter
from bench.wordstats import WordCounts

# Bump when a corpus's output changes, so cached corpora are rebuilt.
GENERATOR_VERSION = {"markov": 1, "realistic": 1}
CORPORA = ("realistic", "markov")
SIZES = (40, 4_000, 20_000, 100_000)
MANIFEST = ".manifest.json"  # hidden: the ingest passes it over (ingest.discovery)
QUERIES = ".queries.json"  # hidden too
QUESTIONS_PER_LETTER = (12, 60)
SAMPLED_BLOCKS = 400  # question blocks kept for the AND and phrase queries


@dataclass
class Manifest:
    """What was generated; written beside the files and used as the cache marker."""

    questions: int
    seed: int
    corpus: str = "markov"
    version: int = 1
    files: int = 0
    records: int = 0
    characters: int = 0
    distinct_words: int = 0
    words_seen_once: int = 0
    parties: dict[str, int] = field(default_factory=dict)
    codes: dict[str, int] = field(default_factory=dict)  # questions whose text has the code


@dataclass
class _Writer:
    """Files into `out`, tallied into the manifest as they are written."""

    out: Path
    manifest: Manifest
    counts: WordCounts = field(default_factory=WordCounts)
    blocks: list[str] = field(default_factory=list)

    def write(self, name: str, text: str, info: dict[str, Any]) -> None:
        (self.out / name).write_text(text, encoding="utf-8")
        self.manifest.files += 1
        self.manifest.characters += len(text)
        self.manifest.records += info["records"]
        for party, count in info["parties"].items():
            self.manifest.parties[party] = self.manifest.parties.get(party, 0) + count
        questions = text.split("\nVraag ")[1:]
        for block in questions:
            for code, _rate, _lines in CODES:
                if code in block:
                    self.manifest.codes[code] = self.manifest.codes.get(code, 0) + 1
        self.counts.add(text)
        if questions and len(self.blocks) < SAMPLED_BLOCKS:
            self.blocks.append(_question_text(questions[0]))


def _question_text(block: str) -> str:
    """The question paragraphs of a block that starts after "Vraag " (up to its answer)."""
    lines = block.split("\n")[1:]
    kept = []
    for line in lines:
        if line.startswith(("Antwoord", "Vraag ")):
            break
        kept.append(line)
    return "\n".join(kept)


def _letter_size(rng: random.Random, left: int, questions: int) -> int:
    """Questions in the next letter; a small corpus is one letter, like the bundled sample
    (the draw is made either way, so the markov corpus keeps its bytes)."""
    size = min(left, rng.randint(*QUESTIONS_PER_LETTER))
    return left if questions <= QUESTIONS_PER_LETTER[1] else size


def _letter_name(info: dict[str, Any], sequence: int) -> str:
    return f"{info['date']}_beantwoording-schriftelijk-overleg-{sequence:06d}.txt"


def _markov(writer: _Writer, rng: random.Random, sample: Sample | None) -> None:
    sample = sample or learn_sample()
    left = writer.manifest.questions
    while left > 0:
        size = _letter_size(rng, left, writer.manifest.questions)
        sequence = writer.manifest.files + 1
        text, info = letter(sample, rng, sequence, size)
        writer.write(_letter_name(info, sequence), text, info)
        left -= size


def _realistic(writer: _Writer, rng: random.Random) -> realistic.LongTail:
    sample, tail, subjects = realistic.learn_base()
    left = writer.manifest.questions
    while left > 0:
        sequence = writer.manifest.files + 1
        small = writer.manifest.questions <= QUESTIONS_PER_LETTER[1]
        if not small and rng.random() < realistic.KAMERVRAGEN_SHARE:
            size = min(left, rng.randint(*realistic.KAMERVRAGEN_QUESTIONS))
            text, info = realistic.kamervragen(sample, tail, subjects, rng, size)
            year = int(info["date"][:4])
            name = f"ah-tk-{year}{year + 1}-{sequence}.txt"
        else:
            size = _letter_size(rng, left, writer.manifest.questions)
            text, info = letter(sample, rng, sequence, size)
            name = _letter_name(info, sequence)
        writer.write(name, text, info)
        left -= size
    return tail


def generate(
    questions: int,
    out: Path,
    seed: int = 1,
    corpus: str = "realistic",
    sample: Sample | None = None,
) -> Manifest:
    """Write letters holding exactly `questions` questions into `out`; reuse a complete run.
    `sample` (markov only) saves learning the bundled letter again."""
    out = Path(out)
    cached = _cached(out, questions, seed, corpus)
    if cached is not None:
        return cached
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    manifest = Manifest(questions, seed, corpus, GENERATOR_VERSION[corpus])
    writer = _Writer(out, manifest)
    if corpus == "markov":
        _markov(writer, rng, sample)
    else:
        tail = _realistic(writer, rng)
        mix = query_mix.pick(writer.counts.counts, tail.emitted, writer.blocks, manifest, seed)
        (out / QUERIES).write_text(json.dumps(mix, indent=1, ensure_ascii=False), encoding="utf-8")
    manifest.distinct_words = writer.counts.distinct
    manifest.words_seen_once = writer.counts.seen_once
    (out / MANIFEST).write_text(json.dumps(asdict(manifest), indent=2), encoding="utf-8")
    return manifest


def _cached(out: Path, questions: int, seed: int, corpus: str) -> Manifest | None:
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        manifest = Manifest(**data)
    except (OSError, ValueError, TypeError):
        return None
    same = (manifest.questions, manifest.seed, manifest.corpus, manifest.version)
    return manifest if same == (questions, seed, corpus, GENERATOR_VERSION[corpus]) else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("questions", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--corpus", choices=CORPORA, default=CORPORA[0])
    args = parser.parse_args(argv)
    manifest = generate(args.questions, args.out, args.seed, args.corpus)
    print(json.dumps(asdict(manifest), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
