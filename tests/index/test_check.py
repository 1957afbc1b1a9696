"""`vraagbaak check`: a sound index passes (also after updates, with deletions and several
parts); damage a reader does not see when it opens a generation is found, named, and
answered with what to run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

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


def test_arrays_that_disagree_with_the_segments_are_found(index_root, capsys):
    generation = open_generation(index_root).path
    docs = next((generation / "arrays").glob("part-*/answer.docs.bin"))
    values = bytearray(docs.read_bytes())
    values[:4], values[4:8] = values[4:8], values[:4]  # two postings swapped: same size
    _rewrite(generation, str(docs.relative_to(generation)), bytes(values))
    status, out = check(capsys, index_root)
    assert status == 1
    assert "veld answer" in out and "andere records dan in de segmenten" in out
    assert "Geen generatie is in orde" in out and "vraagbaak ingest --rebuild" in out


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
