"""The markov corpus by the name the engine's tests use for their generated letters:
`generate(questions, out, seed, sample)` is bench.corpus.generate with corpus="markov".
"""

from __future__ import annotations

from pathlib import Path

from bench.corpus import Manifest
from bench.corpus import generate as write_corpus
from bench.letters import Sample, learn_sample

__all__ = ["generate", "learn_sample"]


def generate(questions: int, out: Path, seed: int = 1, sample: Sample | None = None) -> Manifest:
    return write_corpus(questions, out, seed, "markov", sample)
