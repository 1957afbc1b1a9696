import multiprocessing
import os
import pickle
import shutil
from pathlib import Path

import pytest

import ingest
from ingest.records import FULLTEXT, IngestError

QA = (
    "Vragen en opmerkingen van de leden van de VVD-fractie\n"
    "Vraag 1\nWat vindt de minister ervan?\nAntwoord\nDe minister vindt dat goed.\n"
)


def _only_warning_for(report, path: Path) -> str:
    lines = [w for w in report.warnings if str(path) in w]
    assert len(lines) == 1, report.warnings
    assert "\n" not in lines[0]
    return lines[0]


@pytest.fixture
def good(tmp_path, sample_path) -> Path:
    return Path(shutil.copy(sample_path, tmp_path / "good.txt"))


def test_an_ingest_error_survives_pickling():
    # A worker process sends it to the indexing process as a pickle.
    again = pickle.loads(pickle.dumps(IngestError("a.txt", "leeg bestand")))
    assert (again.source, again.reason, str(again)) == (
        "a.txt",
        "leeg bestand",
        "a.txt: leeg bestand",
    )


def test_parse_file_missing_path_raises_with_reason(tmp_path):
    with pytest.raises(IngestError) as caught:
        ingest.parse_file(tmp_path / "nope.txt")
    assert caught.value.source.endswith("nope.txt")
    assert "bestand bestaat niet" in caught.value.reason


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "leeg bestand"),
        ("blank.txt", b"\n \n\t\n", "leeg bestand"),
        ("nul.txt", b"Vraag 1\x00\x00\x00binary", "binaire inhoud"),
        ("png.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "binaire inhoud"),
    ],
)
def test_bad_files_warn_and_good_files_still_go_in(tmp_path, good, name, content, reason):
    bad = tmp_path / name
    bad.write_bytes(content)
    report = ingest.load([bad, good])
    assert [d.source for d in report.documents] == [str(good)]
    assert reason in _only_warning_for(report, bad)
    assert str(bad) in report.skipped


def test_missing_path_in_load_is_a_warning(tmp_path, good):
    missing = tmp_path / "missing.txt"
    report = ingest.load([missing, good])
    assert len(report.documents) == 1
    assert "bestand bestaat niet" in _only_warning_for(report, missing)


def test_cp1252_file_is_decoded_with_a_warning(tmp_path):
    path = tmp_path / "windows.txt"
    path.write_bytes((QA + "Steun aan Oekraïne kost €2 mld.\n").encode("cp1252"))
    report = ingest.load([path])
    (document,) = report.documents
    assert document.question_count == 1
    assert "Oekraïne kost €2 mld." in document.records[-1].answer
    assert "als cp1252 gelezen" in _only_warning_for(report, path)


def test_text_without_questions_is_one_fulltext_record(tmp_path):
    path = tmp_path / "brief.txt"
    path.write_text("Geachte voorzitter,\nHierbij een brief zonder vragen.\nHoogachtend\n")
    report = ingest.load([path])
    (document,) = report.documents
    assert document.layout == "fulltext"
    (record,) = document.records
    assert record.kind == FULLTEXT
    assert "brief zonder vragen" in record.question
    assert "geen herkenbare vragen" in _only_warning_for(report, path)


def test_folder_is_searched_recursively_and_sorted(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text(QA.replace("VVD", "CDA"))
    (tmp_path / "a.txt").write_text(QA)
    (tmp_path / "notes.md").write_text("# not ingested")
    report = ingest.load([tmp_path])
    assert [Path(d.source).name for d in report.documents] == ["a.txt", "z.txt"]
    assert str(tmp_path / "notes.md") in report.skipped
    assert [d.parties for d in report.documents] == [["VVD"], ["CDA"]]


def test_same_document_twice_is_kept_once(tmp_path, good):
    copy = tmp_path / "copy.txt"
    # Other bytes (blank lines, CRLF), same content: still the same document.
    copy.write_bytes(good.read_bytes().replace(b"\n", b"\r\n\r\n"))
    report = ingest.load([good, copy])
    assert [d.source for d in report.documents] == [str(good)]
    line = _only_warning_for(report, copy)
    assert f"{good} behouden" in line
    assert str(copy) in report.skipped


def _letter(sample_path: Path, first_party: str, last_party: str) -> str:
    """The bundled letter's letterhead without its kenmerk, and the sections of the parties
    from `first_party` up to (not including) `last_party`: a real letter of the same day."""
    lines = sample_path.read_text(encoding="utf-8").splitlines()
    heading = "Vragen en opmerkingen van de leden van de {}"
    start = next(i for i, line in enumerate(lines) if line.startswith(heading.format("D66")))
    first = lines.index(heading.format(first_party))
    last = lines.index(heading.format(last_party), first)
    head = [line for line in lines[:start] if "referentie" not in line and "MINDEF" not in line]
    return "\n".join(head + lines[first:last]) + "\n"


def test_two_letters_of_one_day_without_kenmerk_are_two_documents(tmp_path, sample_path):
    first = tmp_path / "a.txt"
    first.write_text(_letter(sample_path, "D66-fractie", "PVV-fractie"), encoding="utf-8")
    second = tmp_path / "b.txt"
    second.write_text(_letter(sample_path, "PVV-fractie", "Groep Markuszower"), encoding="utf-8")
    report = ingest.load([first, second])
    one, two = report.documents
    assert one.date == two.date and one.reference is None and two.reference is None
    assert one.id != two.id and one.id.startswith("2026-02-10-")
    assert (one.id_basis, two.id_basis) == ("content", "content")
    assert one.parties == ["D66", "VVD", "GroenLinks-PvdA"]
    assert two.parties == ["PVV", "CDA", "SGP"]
    assert not any("zelfde" in warning for warning in report.warnings)
    # The same letter read again gets the same id: a content id is stable.
    assert ingest.parse_file(first).id == one.id


def test_one_publication_in_two_formats_is_kept_once_and_said_so(tmp_path):
    fixtures = Path(__file__).resolve().parents[1] / "fixtures"
    pdf = fixtures / "aanhangsel" / "ah-tk-20232024-1314.pdf"
    xml = fixtures / "officiele" / "ah-tk-20232024-1314.xml"
    report = ingest.load([pdf, xml])
    assert [d.source for d in report.documents] == [str(pdf)]
    assert _only_warning_for(report, xml) == (
        f"{xml}: zelfde document (ah-tk-20232024-1314), andere inhoud, als {pdf}; {pdf} behouden"
    )


def test_unsupported_suffix_is_skipped_with_reason(tmp_path, good):
    odd = tmp_path / "letter.xyz"
    odd.write_text("tekst")
    report = ingest.load([odd, good])
    assert len(report.documents) == 1
    assert "niet-ondersteund bestandstype" in _only_warning_for(report, odd)


def test_public_tables_are_extendable_by_entries():
    assert ".txt" in ingest.EXTRACTORS
    assert ingest.LAYOUTS[-1].__module__ == "ingest.layouts.fulltext"


def _mixed_folder(folder: Path, good: Path) -> Path:
    """Good letters, a broken file between them, and a copy of the first letter."""
    folder.mkdir()
    for n, party in enumerate(("VVD", "CDA", "SP", "D66", "PVV")):
        (folder / f"{n}-brief.txt").write_text(QA.replace("VVD", party))
    (folder / "2-kapot.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    shutil.copy(good, folder / "3-sample.txt")
    (folder / "9-kopie.txt").write_bytes((folder / "3-sample.txt").read_bytes() + b"\n\n")
    return folder


def _summary(report, documents) -> tuple:
    return (
        [(d.id, d.source, d.fingerprint) for d in documents],
        report.warnings,
        report.skipped,
    )


def test_worker_processes_read_the_same_documents_in_the_same_order(tmp_path, good):
    folder = _mixed_folder(tmp_path / "in", good)
    alone = ingest.IngestReport()
    expected = _summary(alone, list(ingest.iter_documents([folder], alone)))
    assert len(expected[0]) == 6 and any("kapot" in w for w in expected[1])
    assert any("9-kopie.txt: zelfde inhoud" in w for w in expected[1])
    for procs in (2, 3):
        report = ingest.IngestReport()
        assert _summary(report, list(ingest.iter_documents([folder], report, procs))) == expected


def test_documents_come_one_by_one_with_progress_per_file(tmp_path, good):
    folder = _mixed_folder(tmp_path / "in", good)
    seen: list[tuple[int, int]] = []
    report = ingest.IngestReport()
    documents = ingest.iter_documents([folder], report, procs=2, progress=lambda *p: seen.append(p))
    first = next(documents)
    assert first.parties == ["VVD"] and len(seen) < 8  # not every file read yet
    rest = list(documents)
    assert len(rest) == 5 and seen[-1] == (8, 8)
    assert report.documents == []  # iter_documents keeps none; load does


def test_a_file_that_kills_its_worker_is_named_and_the_rest_go_in(tmp_path, good, monkeypatch):
    from ingest import pipeline

    folder = _mixed_folder(tmp_path / "in", good)
    parse = pipeline.parse_file

    def crashing(path: Path, limits):
        if path.name == "1-brief.txt":
            os._exit(70)  # as a segfaulting parser library would end the process
        return parse(path, limits)

    monkeypatch.setattr(pipeline, "parse_file", crashing)
    report = ingest.IngestReport()
    documents = list(ingest.iter_documents([folder], report, procs=2))
    assert [Path(d.source).name for d in documents] == [
        "0-brief.txt", "2-brief.txt", "3-brief.txt", "3-sample.txt", "4-brief.txt"
    ]  # fmt: skip
    assert "het leesproces brak af" in _only_warning_for(report, folder / "1-brief.txt")


def test_the_parsing_workers_start_at_the_call_not_at_the_first_document(tmp_path, good):
    folder = _mixed_folder(tmp_path / "in", good)
    before = set(multiprocessing.active_children())
    report = ingest.IngestReport()
    documents = ingest.iter_documents([folder], report, procs=2)
    assert set(multiprocessing.active_children()) - before  # forked before any next()
    assert len(list(documents)) == 6
