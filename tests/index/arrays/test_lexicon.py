"""A lexicon as arrays (index.arrays.lexicon) against a sorted list of the same terms and
Python's bisect: terms that share their first 8 bytes (or are shorter, or end in what
the padding adds), non-ASCII terms, an empty term, and a lexicon written in chunks."""

from __future__ import annotations

from bisect import bisect_left
from pathlib import Path

import numpy as np
import pytest

from index.arrays import lexicon as lexicon_module
from index.arrays.format import DTYPES, ArrayFiles, load
from index.arrays.lexicon import Lexicon, write_terms

TERMS = sorted(
    {
        "",
        "a",
        "ab",
        "ab\0",
        "ab\0\0x",
        "defensie",  # exactly 8 bytes, and the prefix of the next ones
        "defensiebegroting",
        "defensiebeleid",
        "defensienota",
        "defensie-uitgaven",
        "drone",
        "drones",
        "verantwoordelijk",  # a long run of terms sharing their first 8 bytes
        "verantwoordelijkheden",
        "verantwoordelijkheid",
        "verantwoordingsbrief",
        "oekraïne",
        "oekraïners",
        "één",
        "ëën",
        "ßtraße",
        "zzz",
        "\U0001f681helikopter",  # four bytes in UTF-8
    },
    key=lambda term: term.encode("utf-8"),
)
ASKED = [
    *TERMS,
    *("aa", "ab\0\0", "defensiea", "defensiez", "def", "dronez", "ö", "\U0010ffff", "0"),
    *("verantwoordelijka", "verantwoordelijkheie", "verantwoordelijkz", "verantwoord"),
]


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon.of(TERMS)


def test_the_order_is_code_points_and_utf8_bytes() -> None:
    assert sorted(TERMS) == TERMS  # the two orders agree: the lexicon is Whoosh's


def test_first_at_least_and_find_equal_bisect(lexicon: Lexicon) -> None:
    keys = [term.encode("utf-8") for term in TERMS]
    for asked in ASKED:
        key = asked.encode("utf-8")
        expected = bisect_left(keys, key)
        assert lexicon.first_at_least(key) == expected, asked
        assert lexicon.find(key) == (TERMS.index(asked) if asked in TERMS else None), asked
        assert lexicon.row(asked) == lexicon.find(key)


def test_rows_of_many_terms_equal_each_ones(lexicon: Lexicon) -> None:
    asked = [*reversed(ASKED), TERMS[3], TERMS[3]]
    expected = [-1 if lexicon.row(term) is None else lexicon.row(term) for term in asked]
    assert lexicon.rows(asked).tolist() == expected
    assert expected.count(-1) == len(ASKED) - len(TERMS)


@pytest.mark.parametrize(
    "prefix",
    ["", "a", "ab", "ab\0", "defensie", "defensieb", "oekra", "ë", "x", "verantwoordelijkhe"],
)
def test_prefix_rows_are_the_terms_that_start_with_it(lexicon: Lexicon, prefix: str) -> None:
    start, stop = lexicon.prefix_rows(prefix)
    assert lexicon.terms(start, stop) == [term for term in TERMS if term.startswith(prefix)]


def test_terms_decode_every_row(lexicon: Lexicon) -> None:
    assert lexicon.terms() == TERMS and len(lexicon) == len(TERMS)
    assert lexicon.terms(11, 17) == TERMS[11:17] and lexicon.terms(5, 5) == []
    rows = np.array([0, 2, 12, 13, 14, len(TERMS) - 1])
    assert lexicon.terms_at(rows) == [TERMS[i] for i in rows]
    assert lexicon.terms_at(np.arange(12, 16)) == TERMS[12:16]  # a short run: row by row
    assert len(TERMS) > lexicon_module.RUN_DECODED  # a long one: in one piece
    assert lexicon.terms_at(np.arange(len(TERMS))) == TERMS
    assert [lexicon.term_bytes(i).decode("utf-8") for i in range(len(TERMS))] == TERMS


def test_an_empty_lexicon() -> None:
    empty = Lexicon.of([])
    assert len(empty) == 0 and empty.terms() == [] and empty.find(b"drone") is None
    assert empty.rows(["drone"]).tolist() == [-1] and empty.prefix_rows("d") == (0, 0)


def test_a_lexicon_written_in_chunks_reads_back_as_the_one_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lexicon_module, "CHUNK", 4)  # several chunks and a short last one
    out = ArrayFiles(tmp_path, "exact")
    write_terms(out, iter(TERMS))
    sizes = out.close()
    read = Lexicon(
        *(
            load(tmp_path / f"exact.{name}.bin", DTYPES[name], sizes[name], mapped=True)
            for name in ("termbytes", "termoffsets", "prefixes")
        )
    )
    expected = Lexicon.of(TERMS)
    assert read.terms() == TERMS
    for name in ("data", "offsets", "prefixes"):
        assert getattr(read, name).tolist() == getattr(expected, name).tolist(), name
    assert read.prefixes[TERMS.index("defensie")] == int.from_bytes(b"defensie", "big")
    assert read.prefixes[TERMS.index("a")] == int.from_bytes(b"a" + b"\0" * 7, "big")
