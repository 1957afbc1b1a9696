"""`vraagbaak ingest FOLDER` end to end: add, replace, skip, prune, bad files, formats."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from index.build import write_update
from index.store import open_generation, writer_lock
from index.sync import sync_index
from ingest import load
from search.cli import main
from search.engine import SearchEngine

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PDFS = FIXTURES / "aanhangsel"
SAMPLE_TXT = (
    Path(__file__).resolve().parents[2]
    / "data"
    / "corpus"
    / "2026-02-10_beantwoording-schriftelijk-overleg-rbz-defensie.txt"
)


def ingest(root: Path, folder: Path, *extra: str) -> int:
    return main(["--index", str(root), "ingest", str(folder), *extra])


def catalog(root: Path) -> dict:
    return open_generation(root).catalog["documents"]


def copy(name: str, folder: Path) -> Path:
    target = folder / name
    shutil.copy(PDFS / name, target)
    return target


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "docs"
    path.mkdir()
    copy("ah-tk-20232024-1292.pdf", path)
    copy("ah-tk-20232024-1999.pdf", path)
    return path


def test_add_change_unchanged_and_prune(tmp_path, folder, capsys):
    root = tmp_path / "index"
    assert ingest(root, folder) == 0
    assert sorted(catalog(root)) == ["ah-tk-20232024-1292", "ah-tk-20232024-1999"]
    first = dict(catalog(root))

    copy("ah-tk-20232024-2367.pdf", folder)  # new
    # changed: the same publication, its last page gone (fewer answers, same printed id)
    shortened = PdfWriter(clone_from=PdfReader(PDFS / "ah-tk-20232024-1292.pdf"))
    shortened.remove_page(len(shortened.pages) - 1)
    with open(folder / "ah-tk-20232024-1292.pdf", "wb") as handle:
        shortened.write(handle)
    capsys.readouterr()
    assert ingest(root, folder) == 0
    now = catalog(root)
    assert sorted(now) == sorted([*first, "ah-tk-20232024-2367"])
    assert now["ah-tk-20232024-1999"]["fingerprint"] == first["ah-tk-20232024-1999"]["fingerprint"]
    assert now["ah-tk-20232024-1292"]["fingerprint"] != first["ah-tk-20232024-1292"]["fingerprint"]
    assert now["ah-tk-20232024-1292"]["questions"] < first["ah-tk-20232024-1292"]["questions"]

    (folder / "ah-tk-20232024-1292.pdf").unlink()
    assert ingest(root, folder) == 0
    assert "ah-tk-20232024-1292" in catalog(root)  # without --prune nothing is removed
    assert ingest(root, folder, "--prune") == 0
    assert "ah-tk-20232024-1292" not in catalog(root)


def _encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(PDFS / "ah-tk-20232024-1314.pdf"))
    writer.encrypt(user_password="geheim", owner_password="eigenaar")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _zip_bomb(path: Path) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("word/document.xml", b" " * (30 * 1024 * 1024))


def test_bad_files_are_reported_by_name_and_good_ones_indexed(tmp_path, folder, capsys):
    root = tmp_path / "index"
    assert ingest(root, folder) == 0
    before = set(catalog(root))
    copy("ah-tk-20232024-2129.pdf", folder)
    (folder / "kapot.pdf").write_bytes((PDFS / "ah-tk-20232024-1771.pdf").read_bytes()[:4000])
    (folder / "versleuteld.pdf").write_bytes(_encrypted_pdf())
    _zip_bomb(folder / "bom.docx")
    (folder / "leeg.docx").write_bytes(b"")
    capsys.readouterr()
    assert ingest(root, folder) == 0
    out = capsys.readouterr().out
    for name, reason in [
        ("kapot.pdf", "beschadigde of afgebroken PDF"),
        ("versleuteld.pdf", "versleutelde PDF"),
        ("bom.docx", "compressieverhouding"),
        ("leeg.docx", "leeg bestand"),
    ]:
        line = next(line for line in out.splitlines() if name in line)
        assert reason in line
    assert set(catalog(root)) == before | {"ah-tk-20232024-2129"}
    assert (folder / "bom.docx").stat().st_size < 200_000


def test_same_document_in_two_formats_is_indexed_once(tmp_path, capsys):
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(SAMPLE_TXT, folder / SAMPLE_TXT.name)
    shutil.copy(FIXTURES / "docx" / "sample-letter.docx", folder / "sample-letter.docx")
    copy("ah-tk-20232024-1314.pdf", folder)
    for name in ("ah-tk-20232024-1314.xml", "ah-tk-20232024-1314.metadata.xml"):
        shutil.copy(FIXTURES / "officiele" / name, folder / name)
    root = tmp_path / "index"
    assert ingest(root, folder) == 0
    out = capsys.readouterr().out
    documents = catalog(root)
    assert sorted(documents) == ["2026-02-10-mindef20260007449", "ah-tk-20232024-1314"]
    # 1314 by number: vragen 1, 2, 3-5 (one answer) and 6
    assert sum(entry["questions"] for entry in documents.values()) == 41 + 6
    assert "zelfde inhoud als" in out and "behouden" in out
    assert "sample-letter.docx" in out and "ah-tk-20232024-1314.xml" in out


def test_the_summary_counts_questions_by_number_as_the_site_does(tmp_path, capsys):
    """The ten Aanhangsel letters hold 91 numbered questions (issue 14 counted them); a
    question asked by two parties was counted twice as "Vragen ingelezen" (114)."""
    root = tmp_path / "index"
    assert ingest(root, PDFS) == 0
    out = capsys.readouterr().out
    assert "Ingelezen: 10 documenten, 91 vragen" in out
    assert "In de index: 10 documenten, 91 vragen." in out
    assert sum(entry["questions"] for entry in catalog(root).values()) == 91
    assert main(["--index", str(root), "documents"]) == 0
    listed = capsys.readouterr().out
    assert sum(int(line.split("\t")[2].split()[0]) for line in listed.splitlines()) == 91
    per_party = out.split("Vragen per partij (een vraag van meer partijen telt bij elk):\n")[1]
    per_party = per_party.split("\nIn de index:")[0]
    counts = [int(line.rsplit(": ", 1)[1]) for line in per_party.splitlines()]
    assert sum(counts) > 91  # some questions are asked by more than one party


def _without_reference(folder: Path, answer: str = "") -> Path:
    """The sample letter without its kenmerk ("Onze referentie"): its id is then made from
    its date and content. `answer` is put in front of the first answer's text."""
    lines = SAMPLE_TXT.read_text(encoding="utf-8").splitlines()
    at = lines.index("Onze referentie")
    del lines[at : at + 2]
    if answer:
        first = next(n for n, line in enumerate(lines) if line.strip() == "Antwoord")
        lines.insert(first + 1, answer)
    target = folder / "brief.txt"
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def test_a_changed_letter_with_a_content_id_replaces_the_old_one(tmp_path, capsys):
    folder = tmp_path / "docs"
    folder.mkdir()
    _without_reference(folder)
    root = tmp_path / "index"
    assert ingest(root, folder) == 0
    (first,) = catalog(root)
    assert catalog(root)[first]["id_basis"] == "content"
    _without_reference(folder, answer="Het woord stekelvarkenwacht staat nu in de brief.")
    capsys.readouterr()
    assert ingest(root, folder) == 0
    out = capsys.readouterr().out
    (second,) = catalog(root)  # one document: the new version replaced the old
    assert second != first and "Toegevoegd 0, vervangen 1" in out
    assert "In de index: 1 document, 41 vragen." in out
    engine = SearchEngine(root)
    found = engine.search("stekelvarkenwacht")  # also through the answers pointing to it
    assert found.total and {hit["document"] for hit in found.hits} == {second}
    assert engine.search("PURL").total == 1  # not twice: the old version is gone
    assert engine.stats()["questions"] == 41


def test_a_second_ingest_compares_with_what_the_first_one_indexed(tmp_path, folder):
    """Two ingests at once: the second waits for the writer lock, then finds the first
    one's documents indexed (unchanged), instead of adding them again."""
    root = tmp_path / "index"
    assert ingest(root, folder) == 0  # an index of two letters
    documents = load([folder / "ah-tk-20232024-1292.pdf", PDFS / "ah-tk-20232024-2367.pdf"])
    parsed = threading.Event()

    def read() -> Iterator:
        yield from documents.documents
        parsed.set()  # from here the second ingest wants the lock

    results: dict = {}
    second = threading.Thread(target=lambda: results.update(summary=sync_index(read(), root)))
    with writer_lock(root):  # the first ingest holds the lock while it writes
        second.start()
        assert parsed.wait(60)
        write_update(open_generation(root), root, [documents.documents[1]], (), None)
    second.join(120)
    summary = results["summary"]
    assert summary.added == [] and summary.replaced == []
    assert sorted(summary.unchanged) == ["ah-tk-20232024-1292", "ah-tk-20232024-2367"]
    assert summary.indexed_documents == 3


def test_two_ingest_processes_at_once_index_the_folder_once(tmp_path, folder):
    """Whichever starts first builds the index; the other, waiting for the lock or after
    it, finds both letters there (it no longer builds again with what it read)."""
    root = tmp_path / "index"
    command = [sys.executable, "-m", "search.cli", "--index", str(root), "ingest", str(folder)]
    repo = Path(__file__).resolve().parents[2]
    runs = [
        subprocess.Popen(command, cwd=repo, stdout=subprocess.PIPE, text=True) for _ in range(2)
    ]
    outputs = sorted(run.communicate(timeout=300)[0] for run in runs)
    assert [run.returncode for run in runs] == [0, 0]
    built = [out for out in outputs if "Opnieuw gebouwd met 2 documenten." in out]
    compared = [out for out in outputs if "Toegevoegd 0, vervangen 0, ongewijzigd 2" in out]
    assert len(built) == 1 and len(compared) == 1, outputs
    assert sorted(catalog(root)) == ["ah-tk-20232024-1292", "ah-tk-20232024-1999"]
