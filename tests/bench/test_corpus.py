"""Both benchmark corpora through the real ingest, at small sizes. No timing asserted."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bench.corpus import MANIFEST, QUERIES, generate
from bench.letters import CODES, learn_sample
from bench.query_mix import RARE
from ingest import QUESTION, load

# Counted here on its own terms (not with bench.wordstats), so the manifest is checked.
WORD = re.compile(r"\w+(?:[-'’]\w+)*")


def _texts(folder: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]


def _counts(folder: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    for text in _texts(folder):
        for word in WORD.findall(text.lower()):
            counts[word] = counts.get(word, 0) + 1
    return counts


@pytest.fixture(scope="module")
def sample():
    return learn_sample()


@pytest.fixture(scope="module")
def realistic(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("realistic") / "n600"
    generate(600, out, seed=2)
    return out


def test_markov_letters_go_through_the_real_ingest(tmp_path: Path, sample) -> None:
    manifest = generate(40, tmp_path, seed=3, corpus="markov", sample=sample)
    report = load([tmp_path])
    questions = [q for d in report.documents for q in d.records if q.kind == QUESTION]
    assert len(questions) == manifest.questions == 40
    assert not report.warnings
    assert not report.skipped and [Path(p).name for p in report.hidden] == [MANIFEST]
    assert {q.party for q in questions} == set(manifest.parties)
    assert all(q.question and q.answer for q in questions)


def test_markov_same_seed_same_bytes(tmp_path: Path, sample) -> None:
    first = generate(300, tmp_path / "a", seed=5, corpus="markov", sample=sample)
    again = generate(300, tmp_path / "b", seed=5, corpus="markov", sample=sample)
    generate(300, tmp_path / "c", seed=6, corpus="markov", sample=sample)
    texts = [sorted(p.read_bytes() for p in (tmp_path / d).glob("*.txt")) for d in "abc"]
    assert texts[0] == texts[1] != texts[2]
    assert first == again and first.files > 1  # more than one letter past 60 questions
    assert set(first.codes) >= {code for code, _rate, _lines in CODES[:3]}


def test_a_complete_corpus_is_reused(tmp_path: Path, sample) -> None:
    generate(40, tmp_path, seed=1, corpus="markov", sample=sample)
    marker = tmp_path / "marker.txt"
    marker.write_text("untouched")
    assert generate(40, tmp_path, seed=1, corpus="markov").questions == 40  # cached
    assert marker.read_text() == "untouched"
    assert generate(40, tmp_path / "other", seed=1).corpus == "realistic"  # not the cache


def test_realistic_letters_in_both_layouts_go_through_the_real_ingest(realistic: Path) -> None:
    manifest = json.loads((realistic / MANIFEST).read_text(encoding="utf-8"))
    report = load([realistic])
    assert not report.warnings
    assert not report.skipped
    assert sorted(Path(p).name for p in report.hidden) == [MANIFEST, QUERIES]
    layouts = {d.layout for d in report.documents}
    assert layouts == {"schriftelijk_overleg", "aanhangsel"}
    assert sum(d.question_count for d in report.documents) == manifest["questions"] == 600
    assert sum(len(d.records) for d in report.documents) == manifest["records"]
    kamervragen = [d for d in report.documents if d.layout == "aanhangsel"]
    assert all(d.minister and d.minister.startswith("Minister ") for d in kamervragen)
    assert all(r.parties and r.question and r.answer for d in kamervragen for r in d.records)
    assert any(len(r.numbers) > 1 for d in kamervragen for r in d.records)  # merged answers


def test_realistic_same_seed_same_bytes(tmp_path: Path, realistic: Path) -> None:
    again = tmp_path / "again"
    generate(600, again, seed=2)
    other = tmp_path / "other"
    generate(600, other, seed=3)
    assert _texts(again) == _texts(realistic) != _texts(other)
    assert (again / QUERIES).read_bytes() == (realistic / QUERIES).read_bytes()


def test_realistic_vocabulary_has_a_long_tail(tmp_path: Path, realistic: Path, sample) -> None:
    manifest = json.loads((realistic / MANIFEST).read_text(encoding="utf-8"))
    counts = _counts(realistic)
    once = sum(1 for n in counts.values() if n == 1)
    assert (manifest["distinct_words"], manifest["words_seen_once"]) == (len(counts), once)
    # The markov corpus keeps the bundled letter's vocabulary at any size; the realistic
    # one's keeps growing, most of it words seen once.
    markov = generate(600, tmp_path, seed=2, corpus="markov", sample=sample)
    assert len(counts) > 4 * markov.distinct_words
    assert once / len(counts) > 0.5 > markov.words_seen_once / markov.distinct_words
    # and a few words still carry much of the text, as in any language.
    top = sorted(counts.values(), reverse=True)
    assert sum(top[:100]) > 0.3 * sum(top)


def test_the_query_mix_comes_from_its_own_bands(realistic: Path) -> None:
    mix = json.loads((realistic / QUERIES).read_text(encoding="utf-8"))["queries"]
    counts = _counts(realistic)
    kinds = {q["kind"] for q in mix}
    assert kinds >= {"rare word", "rare name", "rare code", "mid word", "common word"}
    assert kinds >= {"2 words", "3 words", "phrase", "short prefix", "long prefix", "party"}
    for query in mix:
        words = WORD.findall(query["text"].lower())
        if query["kind"].startswith("rare"):
            assert RARE[0] <= counts[words[0]] <= RARE[1], query
        elif query["kind"] == "no hits":
            assert counts.get(words[0], 0) == 0, query
        elif query["kind"] == "phrase":
            text = " ".join(WORD.findall(" ".join(_texts(realistic)).lower()))
            assert " ".join(words) in text, query
    questions = [q for d in load([realistic]).documents for q in d.records]
    for query in (q for q in mix if q["kind"] in ("2 words", "3 words")):
        words = query["text"].split()
        assert any(all(w in r.question.lower() for w in words) for r in questions), query
