"""Index generations: a new index is switched in only when complete."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from index import record_fields
from index.build import build_index, update_index
from index.store import (
    CATALOG,
    COMPLETE,
    CURRENT,
    live_generation_name,
    open_generation,
    prune_generations,
    writer_lock,
)
from search.engine import SearchEngine
from tests.conftest import SAMPLE_ID


def generations(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.is_dir() and p.name.startswith("gen-"))


def test_build_switches_and_keeps_one_previous_generation(tmp_path, corpus_documents):
    root = tmp_path / "idx"
    for _ in range(3):
        build_index(corpus_documents, root)
    live = live_generation_name(root)
    assert live in generations(root)
    assert len(generations(root)) == 2  # the live one and the one before
    assert open_generation(root).catalog["documents"][SAMPLE_ID]["questions"] == 41


def test_failed_build_leaves_the_previous_index_searchable(
    index_root, corpus_documents, monkeypatch
):
    before = live_generation_name(index_root)

    def explode(done: int, total: int) -> None:
        if done == 20:
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        build_index(corpus_documents, index_root, progress=explode)
    assert live_generation_name(index_root) == before
    assert [h["number"] for h in SearchEngine(index_root).search("PURL").hits][:1] == [9]


KILLER = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from index.build import build_index
    from ingest import load
    documents = load([Path(sys.argv[2])]).documents

    def die(done, total):
        if done == 25:  # half-way through writing the new generation
            os.kill(os.getpid(), signal.SIGKILL)

    build_index(documents, Path(sys.argv[1]), progress=die)
    """
)


def test_ingest_killed_half_way_leaves_the_old_index_usable(index_root):
    from search.config import BUNDLED_CORPUS

    before = live_generation_name(index_root)
    process = subprocess.run(
        [sys.executable, "-c", KILLER, str(index_root), str(BUNDLED_CORPUS)],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
    )
    assert process.returncode == -signal.SIGKILL
    leftovers = [g for g in generations(index_root) if g != before]
    assert leftovers and not (index_root / leftovers[0] / CATALOG).exists()
    assert live_generation_name(index_root) == before
    engine = SearchEngine(index_root)
    assert [h["number"] for h in engine.search("schaduwvloot").hits][:1] == [11]
    # The next complete build switches over and clears the half-written leftover.
    build_index([], index_root)
    assert leftovers[0] not in generations(index_root)
    assert os.path.exists(index_root / live_generation_name(index_root) / CATALOG)


def test_engine_switches_to_a_new_generation_without_restart(index_root, corpus_documents):
    engine = SearchEngine(index_root)
    assert engine.search("PURL").total == 1
    update_index(index_root, [], remove=[SAMPLE_ID])
    assert engine.stats()["documents"] == 0
    assert engine.search("PURL").total == 0
    update_index(index_root, corpus_documents)
    assert engine.search("PURL").total == 1


def _contents(generation: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(generation)): path.read_bytes()
        for path in sorted(generation.rglob("*"))
        if path.is_file()
    }


def test_an_update_shares_the_files_it_keeps_and_changes_none_of_them(index_root, corpus_documents):
    """An update starts from hard links to the live generation's files: the segments and
    arrays it keeps are the same inodes, and no file of the old generation changes."""
    old = open_generation(index_root).path
    before = _contents(old)
    sample = corpus_documents[0]
    update_index(index_root, [sample])  # replaced: deleted and added again
    new = open_generation(index_root).path
    assert new != old and _contents(old) == before
    shared = [
        name
        for name in before
        if (new / name).exists() and os.path.samefile(old / name, new / name)
    ]
    assert any(name.endswith(".seg") for name in shared)  # the old segment
    assert any(name.startswith("arrays/part-") for name in shared)  # its arrays
    assert "words.sqlite" in shared and "surface.json" in shared  # counts: only a part
    assert any(name.startswith("surface/part-") for name in _contents(new).keys() - before)
    for rewritten in (CATALOG, "arrays/meta.json", "arrays/deleted.bin"):
        assert not os.path.samefile(old / rewritten, new / rewritten), rewritten
    engine = SearchEngine(index_root)
    assert engine.search("PURL").total == 1 and engine.stats()["questions"] == 41


def test_pointer_only_answers_are_recognised(corpus_documents):
    by_number = {q.number: q for q in corpus_documents[0].records if q.number}
    assert by_number[10].pointer_only  # "Zie het antwoord op vraag 1."
    assert by_number[30].pointer_only  # one sentence and a pointer to 15
    assert not by_number[4].pointer_only  # a long answer that also points to 13
    assert not by_number[1].pointer_only
    assert "Groenland" in record_fields.resolved_text(by_number[18], by_number)


def test_the_clean_up_keeps_the_live_and_the_newest_intact_generation(index_root, corpus_documents):
    older = open_generation(index_root).path
    build_index(corpus_documents, index_root)
    newer = open_generation(index_root).path
    next(newer.glob("MAIN_*.seg")).write_bytes(b"")  # the live one damaged
    unfinished = index_root / "gen-99991231T235959-1-1"
    shutil.copytree(older, unfinished, copy_function=os.link)
    (unfinished / COMPLETE).unlink()
    with writer_lock(index_root):
        prune_generations(index_root)
    # The damaged live one stays (nothing replaced it yet), the intact one is the newest
    # intact, the copy without COMPLETE was never a generation.
    assert generations(index_root) == sorted([older.name, newer.name])
    (index_root / CURRENT).unlink()
    with writer_lock(index_root):
        prune_generations(index_root)
    assert older.name in generations(index_root)
