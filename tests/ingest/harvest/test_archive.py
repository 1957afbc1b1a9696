"""Where files go, and what makes a downloaded item the item it claims to be."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ingest.harvest import archive
from tests.ingest.harvest.koop import ERROR_PAGE, FIXTURES

PDF = FIXTURES / "aanhangsel" / "ah-tk-20232024-1292.pdf"
XML = FIXTURES / "officiele" / "kst-36410-X-7.xml"
METADATA = FIXTURES / "officiele" / "ah-tk-20232024-1314.metadata.xml"


@pytest.mark.parametrize("bad", ["", "../etc", "a/b", "..", ".hidden", "x" * 300, "kst 1"])
def test_an_id_that_cannot_be_a_folder_name_is_refused(tmp_path, bad):
    with pytest.raises(ValueError, match="geen geldige mapnaam"):
        archive.publication_dir(tmp_path, bad)


def test_files_are_named_for_the_ingest():
    assert archive.file_name("metadata", "kst-36410-X-7") == "metadata.xml"
    assert archive.file_name("pdf", "ah-tk-20232024-1292") == "ah-tk-20232024-1292.pdf"


def copy_as(tmp_path: Path, source: Path | bytes, name: str) -> Path:
    target = tmp_path / name
    if isinstance(source, bytes):
        target.write_bytes(source)
    else:
        shutil.copy(source, target)
    return target


def test_real_items_pass_their_check(tmp_path):
    assert archive.content_problem("pdf", copy_as(tmp_path, PDF, "a.pdf")) is None
    assert archive.content_problem("xml", copy_as(tmp_path, XML, "a.xml")) is None
    assert archive.content_problem("metadata", copy_as(tmp_path, METADATA, "m.xml")) is None


@pytest.mark.parametrize(
    ("manifestation", "body", "problem"),
    [
        ("pdf", ERROR_PAGE, "HTML-pagina in plaats van PDF"),
        ("xml", ERROR_PAGE, "HTML-pagina in plaats van XML"),
        ("metadata", ERROR_PAGE, "HTML-pagina in plaats van METADATA"),
        ("pdf", b"PK\x03\x04 a zip", "geen PDF"),
        ("pdf", b"", "leeg bestand"),
        ("xml", b"<kamerstuk><stuk>", "ongeldige XML"),
        ("metadata", XML.read_bytes(), "geen metadata_gegevens maar <kamerstuk>"),
    ],
)
def test_what_is_not_the_item_is_named(tmp_path, manifestation, body, problem):
    found = archive.content_problem(manifestation, copy_as(tmp_path, body, "item"))
    assert found is not None and found.startswith(problem)


def test_leftovers_of_a_killed_download_and_an_earlier_version_are_removed(tmp_path):
    for name in (".x.pdf.part", "x.pdf", "x.xml", "metadata.xml", archive.PUBLICATION_STATE):
        (tmp_path / name).write_text("x")
    archive.clear_partials(tmp_path)
    archive.remove_others(tmp_path, keep={"x.xml", "metadata.xml"})
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        archive.PUBLICATION_STATE,
        "metadata.xml",
        "x.xml",
    ]
