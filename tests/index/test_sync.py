"""`vraagbaak ingest FOLDER` end to end: add, replace, skip, prune, bad files, formats."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from index.store import open_generation
from search.cli import main

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
