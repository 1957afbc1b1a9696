"""Compound splitting: real parts only, linking morphemes, and the parts field in the index."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from whoosh.filedb.filestore import RamStorage

from index.analysis import decompound
from index.analysis.chain import compound_analyzer, compound_parts
from index.analysis.decompound import dictionary, modifier_chain, split_compound
from index.analysis.stemmers import STEMMERS
from index.schema import build_schema


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("stekelvarkenstrategie", ["stekelvarken", "strategie"]),  # -s- link, fewest parts
        ("mobiliteitsgebied", ["mobiliteit", "gebied"]),
        ("dronesystemen", ["drone", "systemen"]),
        ("counterdrones", ["counter", "drones"]),  # counter comes from extra_words.txt
        ("begrotingssteun", ["begroting", "steun"]),  # -s- before an s-initial head
        ("veiligheidsraad", ["veiligheid", "raad"]),
        ("vredesmissie", ["vredes", "missie"]),
        ("capaciteitencoalities", ["capaciteit", "coalities"]),  # -en- link
        ("oekrainefaciliteit", ["oekraine", "faciliteit"]),  # folded proper name
    ],
)
def test_compounds_split_into_real_words(word: str, parts: list[str]) -> None:
    assert split_compound(word) == parts


@pytest.mark.parametrize(
    "word",
    [
        "gesprekken",  # gesp|rekken: a short dictionary word is left whole
        "vergelijkbaar",  # -baar is a suffix, verg|e|lijkbaar a chance split
        "bondgenootschappelijke",  # -schappelijk is a suffix
        "onderzoek",  # onder- is a particle
        "verplichtingen",  # verplicht|ingen: "ingen" is on the not_parts list
        "verschillen",  # vers|chillen
        "oekraine",  # too short to hold two parts
        "drone",
        "mq9",  # codes are never split
    ],
)
def test_no_meaningless_fragments(word: str) -> None:
    assert split_compound(word) == []


def test_every_part_is_a_dictionary_word_of_four_letters_or_more() -> None:
    words = dictionary()
    for word in ("luchtverdedigingssystemen", "terugbetalingsverplichting", "eigenmiddelenplafond"):
        parts = split_compound(word)
        assert len(parts) >= 2
        assert all(len(p) >= 4 and p in words for p in parts), parts


def test_modifier_of_a_three_part_compound_is_kept_whole() -> None:
    parts = split_compound("schaduwvlootschepen")
    assert parts == ["schaduw", "vloot", "schepen"]
    assert modifier_chain("schaduwvlootschepen", parts) == "schaduwvloot"
    assert "schaduwvloot" in compound_parts("schaduwvlootschepen")
    assert modifier_chain("begrotingssteun", ["begroting", "steun"]) is None


def test_compound_analyzer_indexes_only_parts_at_the_word_position() -> None:
    analyzer = compound_analyzer("kp")
    text = "De begrotingssteun en counter-dronesystemen"
    tokens = [(t.text, t.pos) for t in analyzer(text, positions=True)]
    assert ("steun", 0) in tokens
    assert ("drone", 1) in tokens
    assert len(tokens) == len(set(tokens)), "a part shared by a hyphen part and the whole twice"
    assert not any(text.startswith("begrotingssteun") for text, _ in tokens)


def test_compound_analyzer_leaves_queries_whole() -> None:
    texts = [t.text for t in compound_analyzer("kp")("begrotingssteun", mode="query")]
    assert texts == ["begrotingssteun"]


@pytest.mark.parametrize("stemmer", STEMMERS)
def test_the_compounds_field_finds_compounds_by_a_part(stemmer: str) -> None:
    ix = RamStorage().create_index(build_schema(stemmer))
    with ix.writer() as writer:
        writer.add_document(
            document="a", compounds="De Oekraïense stekelvarkenstrategie en dronesystemen"
        )
        writer.add_document(document="b", compounds="Een drone boven het Mobiliteitsgebied")
    with ix.searcher() as searcher:
        from whoosh.qparser import QueryParser

        parser = QueryParser("compounds", ix.schema)

        def keys(text: str) -> set[str]:
            return {hit["document"] for hit in searcher.search(parser.parse(text))}

        assert keys("stekelvarken") == {"a"}
        assert keys("mobiliteit") == {"b"}
        assert keys("systemen") == {"a"}
        assert keys("drone") == {"a"}  # "b" has drone whole: that is the main fields' match


def test_the_dictionary_is_cached_beside_its_lists_and_rebuilt_when_one_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(decompound, "CACHE", tmp_path / "words.marshal")
    extra = tmp_path / "extra.txt"
    extra.write_text(decompound.EXTRA_WORDS.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(decompound, "EXTRA_WORDS", extra)
    built = decompound.dictionary.__wrapped__()
    assert decompound.CACHE.exists() and built == dictionary()
    monkeypatch.setattr(decompound.lzma, "decompress", None)  # the list is not read again
    assert decompound.dictionary.__wrapped__() == built
    monkeypatch.undo()
    monkeypatch.setattr(decompound, "CACHE", tmp_path / "words.marshal")
    extra.write_text("vraagbaaktestwoord # a word of this test only\n", encoding="utf-8")
    monkeypatch.setattr(decompound, "EXTRA_WORDS", extra)
    assert "vraagbaaktestwoord" in decompound.dictionary.__wrapped__()


def _split_by_every_slice(word: str, words: frozenset[str]) -> list[str]:
    """The splitting rule as plainly as it can be written: every slice of the word looked
    up, every link tried, the fewest parts, then the longest shortest part, the first
    of equals from the end; then the suffix and particle guards."""
    n = len(word)
    best: list = [None] * (n + 1)
    best[n] = ((0, -n), [])
    for i in range(n - decompound.MIN_PART, -1, -1):
        for j in range(i + decompound.MIN_PART, n + 1):
            if word[i:j] not in words or (i == 0 and j == n):
                continue
            for link in decompound.LINKS:
                k = j + len(link)
                if k > n or best[k] is None or not word.startswith(link, j):
                    continue
                if link and (k == n or (link == "e" and min(j - i, n - k) < 5)):
                    continue
                (parts, shortest), rest = best[k]
                cost = (parts + 1, max(shortest, i - j))
                if cost[0] <= decompound.MAX_PARTS and (best[i] is None or cost < best[i][0]):
                    best[i] = (cost, [word[i:j], *rest])
    found = best[0][1] if best[0] else []
    if found and (
        found[-1].startswith(decompound.SUFFIX_HEADS) or found[0] in decompound.PARTICLE_MODIFIERS
    ):
        return []
    return found


def _made_up_compounds(count: int) -> list[str]:
    """Dictionary words glued with and without links, and cut off at either end: compounds
    of two to five parts, and words that nearly are one."""
    rng = random.Random(18)
    words = sorted(w for w in dictionary() if len(w) >= 4)
    made = []
    for _ in range(count):
        parts = [rng.choice(words) for _ in range(rng.randint(2, 5))]
        word = parts[0] + "".join(rng.choice(("", "", "s", "e", "en")) + p for p in parts[1:])
        made += [word, word[rng.randint(1, 3) :], word[: -rng.randint(1, 3)]]
    return made


def test_the_split_is_the_plain_rules_split(corpus_documents) -> None:
    """The shortcuts (no first part: no split; a split in two beats any other; the
    programme's lookups only where a part can end) choose what the plain rule chooses,
    on the bundled letter's words and on made-up compounds, split or not."""
    words = dictionary()
    texts = " ".join(r.question + " " + r.answer for d in corpus_documents for r in d.records)
    found = {w for w in re.findall(r"[a-z]+", texts.lower()) if len(w) >= 2 * decompound.MIN_PART}
    found.update(_made_up_compounds(3_000))
    split = 0
    for word in sorted(found):
        expected = _split_by_every_slice(word, words)
        assert decompound._split(word, words) == expected, word
        split += len(expected) > 1
    assert split > 3_000  # two, three and four parts; and thousands of words without
