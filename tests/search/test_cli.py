"""The `vraagbaak` command line: output shapes, messages, exit codes, no tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from search.cli import main
from search.config import BUNDLED_CORPUS
from tests.conftest import SAMPLE_ID

HIT_KEYS = {
    "document", "number", "kind", "party", "parties", "topic", "score", "snippet",
    "question", "answer", "refers_to", "referred_by",
}  # fmt: skip


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_search_json_has_the_promised_shape(capsys, index_root):
    code, out, _ = run(capsys, "--index", str(index_root), "search", "MQ-9", "--json")
    assert code == 0
    data = json.loads(out)
    assert {"query", "total", "facets", "hits"} <= set(data)
    assert data["query"] == "MQ-9" and isinstance(data["total"], int)
    assert data["facets"]["party"] == {"SGP": 2, "GroenLinks-PvdA": 1}
    for hit in data["hits"]:
        assert set(hit) >= HIT_KEYS
        assert hit["kind"] in ("question", "preamble")
        assert isinstance(hit["parties"], list) and hit["party"] == hit["parties"][0]
        assert isinstance(hit["score"], float)
        assert all(isinstance(n, int) for n in hit["refers_to"] + hit["referred_by"])
    assert [h["number"] for h in data["hits"][:2]] in ([21, 38], [38, 21])


def test_search_party_alias_and_paging(capsys, index_root):
    code, out, _ = run(
        capsys, "--index", str(index_root), "search", "MQ-9", "--party", "GL-PvdA", "--json"
    )
    assert code == 0
    assert [h["number"] for h in json.loads(out)["hits"]] == [21]
    code, out, _ = run(
        capsys, "--index", str(index_root), "search", "NAVO", "--limit", "2", "--offset", "2",
        "--json",
    )  # fmt: skip
    assert code == 0 and len(json.loads(out)["hits"]) == 2


def test_unknown_party_is_an_error_listing_the_known_ones(capsys, index_root):
    code, out, err = run(capsys, "--index", str(index_root), "search", "x", "--party", "Foo")
    assert code == 2 and out == ""
    assert "Foo" in err and "SGP" in err and "Groep Markuszower" in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("query", ['"open', "NOT", "*vloot", "(NAVO"])
def test_malformed_query_gives_one_line_not_a_traceback(capsys, index_root, query):
    code, _, err = run(capsys, "--index", str(index_root), "search", query)
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and err.startswith("vraagbaak: ")


def test_readable_output_marks_matches(capsys, index_root):
    code, out, _ = run(capsys, "--index", str(index_root), "search", "schaduwvloot")
    assert code == 0
    assert "Vraag 11 · VVD" in out and "»schaduwvloot«" in out


def test_no_hits_says_so_and_suggests(capsys, index_root):
    code, out, _ = run(capsys, "--index", str(index_root), "search", "schaduwfloot")
    assert code == 0
    assert "Geen resultaten" in out and "Bedoelde u: schaduwvloot" in out


@pytest.mark.parametrize("command", [["search", "NAVO"], ["documents"]])
def test_missing_index_explains_how_to_build_it(capsys, tmp_path, command):
    code, _, err = run(capsys, "--index", str(tmp_path / "nothing"), *command)
    assert code == 2 and "vraagbaak ingest" in err


def test_documents_json(capsys, index_root):
    code, out, _ = run(capsys, "--index", str(index_root), "documents", "--json")
    assert code == 0
    [document] = json.loads(out)
    assert set(document) == {
        "id", "date", "subject", "source", "layout", "questions", "parties", "warnings",
    }  # fmt: skip
    assert document["id"] == SAMPLE_ID and document["date"] == "2026-02-10"
    assert document["questions"] == 41 and document["layout"] == "schriftelijk_overleg"
    assert document["parties"][0] == "D66" and "Groep Markuszower" in document["parties"]
    code, out, _ = run(capsys, "--index", str(index_root), "documents")
    assert out.startswith(SAMPLE_ID) and "41 vragen" in out


def test_ingest_default_corpus_then_again_is_unchanged(capsys, tmp_path, monkeypatch):
    root = tmp_path / "idx"
    code, out, _ = run(capsys, "--index", str(root), "ingest")
    assert code == 0
    assert "Vragen ingelezen: 41" in out and "GroenLinks-PvdA: 10" in out and "SGP: 4" in out
    code, out, _ = run(capsys, "--index", str(root), "ingest", str(BUNDLED_CORPUS))
    assert code == 0 and "ongewijzigd 1" in out


def _bad_folder(folder: Path) -> Path:
    folder.mkdir()
    (folder / "leeg.txt").write_bytes(b"")
    (folder / "plaatje.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    sample = next(BUNDLED_CORPUS.glob("*.txt")).read_text(encoding="utf-8")
    # cp1252 cannot hold every character of the sample; replace what it cannot encode.
    (folder / "ansi.txt").write_bytes(sample.encode("cp1252", errors="replace"))
    (folder / "los.txt").write_text("Een notitie zonder vragen over de marine.\n", "utf-8")
    return folder


def test_bad_files_are_named_and_the_good_ones_still_go_in(capsys, tmp_path):
    folder = _bad_folder(tmp_path / "in")
    root = tmp_path / "idx"
    code, out, _ = run(capsys, "--index", str(root), "ingest", str(folder),
                       str(tmp_path / "bestaat-niet.txt"))  # fmt: skip
    assert code == 0
    for name in ("leeg.txt", "plaatje.txt", "ansi.txt", "los.txt", "bestaat-niet.txt"):
        assert any(name in line for line in out.splitlines() if line.startswith("  - ")), name
    code, out, _ = run(capsys, "--index", str(root), "documents", "--json")
    documents = {Path(d["source"]).name: d for d in json.loads(out)}
    assert documents["ansi.txt"]["questions"] == 41
    assert documents["los.txt"]["layout"] == "fulltext"
    code, out, _ = run(capsys, "--index", str(root), "search", "marine", "--json")
    assert any(h["kind"] == "fulltext" for h in json.loads(out)["hits"])


@pytest.mark.parametrize("command", [["search", "NAVO"], ["documents"]])
def test_empty_index_explains_how_to_fill_it(capsys, tmp_path, command):
    from index.build import build_index

    root = tmp_path / "idx"
    build_index([], root)
    code, out, err = run(capsys, "--index", str(root), *command)
    assert code == 2 and out == ""
    assert "is leeg" in err and "vraagbaak ingest" in err


def test_ingest_with_parsing_workers_builds_the_same_index(capsys, tmp_path):
    folder = _bad_folder(tmp_path / "in")
    outputs = []
    for procs in ("1", "2"):
        root = tmp_path / f"idx-{procs}"
        code, out, _ = run(capsys, "--index", str(root), "ingest", str(folder), "--procs", procs)
        assert code == 0
        outputs.append(out.replace(str(root), "IDX"))
        code, out, _ = run(capsys, "--index", str(root), "search", "marine", "--json")
        outputs.append(out)
    assert outputs[0] == outputs[2] and outputs[1] == outputs[3]
    assert "Opnieuw gebouwd met 2 document(en)." in outputs[0]


def test_ingest_refuses_fewer_than_one_process(capsys, tmp_path):
    code, out, err = run(capsys, "--index", str(tmp_path / "idx"), "ingest", "--procs", "0")
    assert code == 2 and out == ""
    assert "--procs moet minstens 1 zijn" in err


def _outdated(index_root: Path) -> Path:
    """The index as an older Vraagbaak left it: arrays of format 3."""
    import shutil

    from index.arrays.format import DIRNAME
    from index.store import open_generation

    arrays = open_generation(index_root).path / DIRNAME
    shutil.rmtree(arrays)
    arrays.mkdir()
    (arrays / "meta.json").write_text('{"version": 3}', encoding="utf-8")
    return index_root


@pytest.mark.parametrize("command", [["search", "drone"], ["ingest", str(BUNDLED_CORPUS)]])
def test_an_index_of_another_version_says_to_rebuild(capsys, index_root, command):
    root = _outdated(index_root)
    assert main(["--index", str(root), *command]) == 2
    err = capsys.readouterr().err
    assert "vraagbaak ingest --rebuild" in err and "versie 3" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_rebuild_replaces_an_index_of_another_version(capsys, index_root):
    root = _outdated(index_root)
    assert main(["--index", str(root), "ingest", str(BUNDLED_CORPUS), "--rebuild"]) == 0
    capsys.readouterr()
    code, out, _ = run(capsys, "--index", str(root), "search", "PURL", "--json")
    assert code == 0 and json.loads(out)["total"] == 1
