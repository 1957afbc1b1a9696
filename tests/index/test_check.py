"""`vraagbaak check`: a sound index passes (also after updates, with deletions and several
parts); damage a reader does not see when it opens a generation is found, named, and
answered with what to run."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from index.arrays.format import ArrayFiles
from index.arrays.lexicon import write_terms
from index.arrays.read import IndexArrays
from index.build import build_index, update_index
from index.check import check_index
from index.store import CATALOG, mark_complete, open_generation
from ingest import load
from search.cli import main
from tests.conftest import AANHANGSEL, SAMPLE_ID

LETTER = AANHANGSEL / "ah-tk-20232024-1292.pdf"


@pytest.fixture(scope="module")
def letter():
    return load([LETTER]).documents[0]


def check(capsys: pytest.CaptureFixture[str], root: Path) -> tuple[int, str]:
    status = main(["--index", str(root), "check"])
    return status, capsys.readouterr().out


def test_a_sound_index_passes(index_root, capsys):
    report = check_index(index_root)
    assert report.sound and len(report.checked) == 1
    status, out = check(capsys, index_root)
    assert status == 0 and "De index is in orde." in out
    assert "1 document, 41 vragen" in out and "(de actuele" in out


def test_an_updated_index_with_deletions_and_parts_passes(index_root, corpus_documents, letter):
    update_index(index_root, [letter])
    update_index(index_root, corpus_documents)  # the sample replaced: its records deleted
    report = check_index(index_root)
    assert report.sound, report.lines()
    assert "2 documenten" in report.checked[0].facts


def _rewrite(generation: Path, name: str, data: bytes) -> None:
    """A file changed as a writer's bug would change it: COMPLETE made again after."""
    (generation / name).write_bytes(data)
    mark_complete(generation)


def _swapped(generation: Path, name: str, first: int, second: int) -> None:
    """Two int32 values of an array file swapped: the same size, other postings."""
    path = next((generation / "arrays").glob(f"part-*/{name}"))
    values = np.frombuffer(path.read_bytes(), dtype="<i4").copy()
    values[[first, second]] = values[[second, first]]
    _rewrite(generation, str(path.relative_to(generation)), values.tobytes())


def test_postings_out_of_order_are_found(index_root, capsys):
    generation = open_generation(index_root).path
    _swapped(generation, "answer.docs.bin", 0, 1)
    status, out = check(capsys, index_root)
    assert status == 1
    assert "veld answer, term" in out and "de records staan niet oplopend" in out
    assert "Geen generatie is in orde" in out and "vraagbaak ingest --rebuild" in out


def test_postings_moved_to_another_record_are_found(index_root, capsys):
    """Two terms' records swapped, each still ascending: the records' field lengths no
    longer add up to what their postings hold."""
    generation = open_generation(index_root).path
    arrays = IndexArrays(generation).field("answer").parts[0][1]
    docs, weights = np.asarray(arrays.docs), np.asarray(arrays.weights)
    # two terms of one posting each, in two records, that occur there a different number
    # of times: the swap keeps every list ascending and moves an occurrence
    offsets = np.asarray(arrays.offsets)
    single = offsets[np.flatnonzero(np.diff(offsets) == 1)]
    first = int(single[0])
    second = next(
        int(at) for at in single if weights[at] != weights[first] and docs[at] != docs[first]
    )
    _swapped(generation, "answer.docs.bin", first, second)
    status, out = check(capsys, index_root)
    assert status == 1
    assert "veld answer, record" in out and "een andere lengte dan zijn postings samen" in out


def test_weights_that_are_not_the_positions_are_found(index_root, capsys):
    generation = open_generation(index_root).path
    _swapped(generation, "answer.posoffsets.bin", 1, 2)  # posting 0 gets more positions
    status, out = check(capsys, index_root)
    assert status == 1 and "gewichten die niet bij de posities passen" in out


def _relexiconed(generation: Path, field: str, terms: list[str]) -> None:
    """A field's lexicon written again with `terms` (as many as it had), COMPLETE after."""
    part = next((generation / "arrays").glob("part-*"))
    out = ArrayFiles(part, field)
    write_terms(out, terms)
    sizes = out.close()
    meta = json.loads((part / "part.json").read_text(encoding="utf-8"))
    meta["fields"][field]["arrays"].update(sizes)
    (part / "part.json").write_text(json.dumps(meta), encoding="utf-8")
    mark_complete(generation)


def test_a_lexicon_out_of_order_is_found(index_root, capsys):
    generation = open_generation(index_root).path
    terms = IndexArrays(generation).field("answer").terms()
    terms[10], terms[11] = terms[11], terms[10]
    _relexiconed(generation, "answer", terms)
    status, out = check(capsys, index_root)
    assert status == 1 and "veld answer, de termen staan niet op volgorde" in out


def test_prefixes_that_are_not_the_terms_are_found(index_root, capsys):
    generation = open_generation(index_root).path
    path = next((generation / "arrays").glob("part-*/answer.prefixes.bin"))
    prefixes = np.frombuffer(path.read_bytes(), dtype="<u8").copy()
    prefixes[5] += 1  # a term found by its bytes but looked up by another prefix
    _rewrite(generation, str(path.relative_to(generation)), prefixes.tobytes())
    status, out = check(capsys, index_root)
    assert status == 1 and "de voorvoegsels (prefixes) horen niet bij de termen" in out


def test_term_offsets_out_of_step_with_the_bytes_are_found(index_root, capsys):
    generation = open_generation(index_root).path
    _swapped(generation, "answer.termoffsets.bin", 3, 4)
    status, out = check(capsys, index_root)
    assert status == 1 and "de plaatsen van de termen (termoffsets) lopen niet op" in out


def test_a_catalog_that_disagrees_with_the_index_is_found(index_root, capsys):
    generation = open_generation(index_root).path
    catalog = json.loads((generation / CATALOG).read_text(encoding="utf-8"))
    catalog["documents"]["2026-01-01-verzonnen"] = dict(
        catalog["documents"][SAMPLE_ID], id="2026-01-01-verzonnen"
    )
    _rewrite(generation, CATALOG, json.dumps(catalog).encode())
    status, out = check(capsys, index_root)
    assert status == 1 and "de catalogus telt 96 records, de index 48" in out
    assert "zonder records ['2026-01-01-verzonnen']" in out


def test_a_damaged_live_generation_names_the_one_search_uses(
    index_root, corpus_documents, letter, capsys
):
    older = open_generation(index_root).path
    build_index([*corpus_documents, letter], index_root)
    newer = open_generation(index_root).path
    segment = next(newer.glob("MAIN_*.seg"))
    segment.write_bytes(b"")
    status, out = check(capsys, index_root)
    assert status == 1
    assert f"{newer.name}/{segment.name} is 0 bytes" in out
    assert f"Generatie {older.name} (niet de actuele" in out and "in orde" in out
    assert f"Zoeken gebruikt nu {older.name}" in out and "vraagbaak ingest PAD" in out


def test_without_an_index(tmp_path, capsys):
    status, out = check(capsys, tmp_path / "leeg")
    assert status == 1 and "Geen index gevonden" in out
