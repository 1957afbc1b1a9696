"""Hostile folders: links out of the folder, link loops, pipes, sockets, devices,
unreadable folders. Every entry not read is named in the report with its reason."""

from __future__ import annotations

import os
import pickle
import shutil
import socket
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import ingest
from ingest import discovery

QA = (
    "Vragen en opmerkingen van de leden van de {party}-fractie\n"
    "Vraag 1\nWat vindt de minister ervan?\nAntwoord\nDe minister vindt dat goed.\n"
)
NOBODY = 65534


def _letter(path: Path, party: str = "VVD") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(QA.format(party=party), encoding="utf-8")
    return path


def _reasons(report: ingest.IngestReport) -> dict[str, str]:
    """Each warned file's reason; a file warned twice would be a bug, so it fails here."""
    reasons: dict[str, str] = {}
    for line in report.warnings:
        source, _, reason = line.partition(": ")
        assert source not in reasons, report.warnings
        reasons[source] = reason
    return reasons


def _sources(report: ingest.IngestReport) -> list[str]:
    return [document.source for document in report.documents]


def test_a_link_to_a_file_outside_the_folder_is_not_read(tmp_path):
    folder = tmp_path / "uitgepakt"
    good = _letter(folder / "brief.txt")
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    report = ingest.load([folder])
    assert _sources(report) == [str(good)]
    reason = _reasons(report)[str(folder / "passwd.txt")]
    assert reason == "link naar een bestand buiten de map (/etc/passwd)"
    assert str(folder / "passwd.txt") in report.skipped
    assert not any("root:" in r.question for d in report.documents for r in d.records)


def test_a_relative_link_that_climbs_out_is_outside_too(tmp_path):
    secret = _letter(tmp_path / "geheim" / "notities.txt", "SP")
    folder = tmp_path / "map"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "brief.txt").symlink_to("../../geheim/notities.txt")
    report = ingest.load([folder])
    assert report.documents == []
    reason = _reasons(report)[str(folder / "sub" / "brief.txt")]
    assert reason == f"link naar een bestand buiten de map ({secret})"


def test_a_link_to_a_file_inside_is_read_once_under_the_files_own_name(tmp_path):
    folder = tmp_path / "map"
    real = _letter(folder / "b-brief.txt")
    (folder / "a-link.txt").symlink_to("b-brief.txt")  # sorts before its target
    (folder / "sub").mkdir()
    (folder / "sub" / "c-link.txt").symlink_to("../b-brief.txt")
    os.link(real, folder / "d-harde-link.txt")
    report = ingest.load([folder])
    assert _sources(report) == [str(real)]
    reasons = _reasons(report)
    for name in ("a-link.txt", "sub/c-link.txt", "d-harde-link.txt"):
        assert reasons[str(folder / name)] == f"zelfde bestand als {real}"


def test_a_link_inside_to_another_supported_file_is_read(tmp_path):
    folder = tmp_path / "map"
    _letter(folder / "origineel" / "brief.md")  # not a supported suffix itself
    (folder / "brief.txt").symlink_to("origineel/brief.md")
    report = ingest.load([folder])
    assert _sources(report) == [str(folder / "brief.txt")]
    assert (
        "niet-ondersteund bestandstype '.md'"
        in _reasons(report)[str(folder / "origineel" / "brief.md")]
    )


def test_links_to_folders_are_not_followed(tmp_path):
    outside = tmp_path / "elders"
    _letter(outside / "brief.txt", "CDA")
    folder = tmp_path / "map"
    good = _letter(folder / "brief.txt")
    (folder / "naar-buiten").symlink_to(outside)
    (folder / "naar-zichzelf").symlink_to(".")
    report = ingest.load([folder])
    assert _sources(report) == [str(good)]
    reasons = _reasons(report)
    assert reasons[str(folder / "naar-buiten")] == f"link naar een map buiten de map ({outside})"
    assert reasons[str(folder / "naar-zichzelf")] == (
        f"link naar een map ({folder}); die wordt zelf al doorzocht"
    )


def test_link_loops_and_dangling_links_are_named(tmp_path):
    folder = tmp_path / "map"
    good = _letter(folder / "brief.txt")
    (folder / "a.txt").symlink_to("b.txt")
    (folder / "b.txt").symlink_to("a.txt")
    (folder / "weg.txt").symlink_to("bestaat-niet.txt")
    report = ingest.load([folder])
    assert _sources(report) == [str(good)]
    reasons = _reasons(report)
    for name in ("a.txt", "b.txt"):
        assert reasons[str(folder / name)] == "link in een kring (verwijst via links naar zichzelf)"
    assert reasons[str(folder / "weg.txt")] == "link naar een bestand dat niet bestaat"
    assert sorted(report.skipped) == sorted(str(folder / n) for n in ("a.txt", "b.txt", "weg.txt"))


def test_a_folder_given_as_a_link_is_searched_and_its_inside_is_its_target(tmp_path):
    real = tmp_path / "echt"
    good = _letter(real / "brief.txt")
    (real / "kopie.txt").symlink_to(real / "brief.txt")  # absolute, into the real folder
    given = tmp_path / "snelkoppeling"
    given.symlink_to(real)
    report = ingest.load([given])
    assert _sources(report) == [str(given / "brief.txt")]
    assert _reasons(report) == {str(given / "kopie.txt"): f"zelfde bestand als {given / good.name}"}


def test_a_file_given_directly_as_a_link_is_read_wherever_it_points(tmp_path):
    target = _letter(tmp_path / "elders" / "brief.txt")
    named = tmp_path / "genoemd.txt"
    named.symlink_to(target)
    report = ingest.load([named])
    assert _sources(report) == [str(named)] and report.warnings == []


def test_the_same_file_given_twice_or_inside_a_given_folder_is_read_once(tmp_path):
    folder = tmp_path / "map"
    good = _letter(folder / "brief.txt")
    report = ingest.load([good, folder, good])
    assert _sources(report) == [str(good)]
    assert report.warnings == [
        f"{good}: al eerder genoemd; één keer gelezen",
        f"{good}: al eerder genoemd; één keer gelezen",
    ]


def test_pipes_sockets_and_devices_are_named_and_never_opened(tmp_path):
    folder = tmp_path / "map"
    good = _letter(folder / "brief.txt")
    os.mkfifo(folder / "pijp.txt")  # opening it for reading would wait for a writer
    with socket.socket(socket.AF_UNIX) as listening:
        listening.bind(str(folder / "sok.txt"))
        report = ingest.load([folder])
        given = ingest.load([folder / "pijp.txt", folder / "sok.txt"])
    assert _sources(report) == [str(good)]
    reasons = _reasons(report)
    assert reasons[str(folder / "pijp.txt")] == "geen gewoon bestand maar een named pipe (FIFO)"
    assert reasons[str(folder / "sok.txt")] == "geen gewoon bestand maar een socket"
    assert _reasons(given) == {k: v for k, v in reasons.items() if "brief" not in k}


def test_a_device_file_is_named_and_never_opened(tmp_path):
    folder = tmp_path / "map"
    good = _letter(folder / "brief.txt")
    try:
        os.mknod(folder / "nul.txt", stat.S_IFCHR | 0o600, os.makedev(1, 3))  # /dev/null
    except PermissionError:
        pytest.skip("this user may not make device files (mknod needs CAP_MKNOD)")
    report = ingest.load([folder])
    assert _sources(report) == [str(good)]
    assert _reasons(report) == {
        str(folder / "nul.txt"): "geen gewoon bestand maar een apparaatbestand"
    }


def test_unsupported_files_in_a_folder_are_named(tmp_path):
    folder = tmp_path / "map"
    good = _letter(folder / "brief.txt")
    (folder / "foto.jpg").write_bytes(b"\xff\xd8\xff")
    (folder / "LEESMIJ").write_text("geen extensie")
    report = ingest.load([folder])
    assert _sources(report) == [str(good)]
    assert _reasons(report) == {
        str(folder / "foto.jpg"): "niet-ondersteund bestandstype '.jpg'",
        str(folder / "LEESMIJ"): "niet-ondersteund bestandstype '(geen extensie)'",
    }


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """A folder that an unprivileged user may enter (pytest's own tmp_path is 0700)."""
    folder = Path(tempfile.mkdtemp(prefix="vraagbaak-test-"))
    folder.chmod(0o755)
    yield folder
    for path in [folder, *folder.rglob("*")]:
        if not path.is_symlink():
            path.chmod(0o755)
    shutil.rmtree(folder)


def _unprivileged(work: Callable[[], Any]) -> Any:
    """`work()` as a user who is refused what a chmod 000 refuses. Root reads every folder
    whatever its mode, so as root it runs in a child process that has become `nobody`."""
    if os.geteuid() != 0:
        return work()
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child reports through the pipe
        try:
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            outcome: Any = ("ok", work())
        except BaseException as error:
            outcome = ("error", repr(error))
        os.write(writer, pickle.dumps(outcome))
        os._exit(0)
    os.close(writer)
    with os.fdopen(reader, "rb") as pipe:
        kind, value = pickle.loads(pipe.read())
    os.waitpid(child, 0)
    assert kind == "ok", value
    return value


def test_an_unreadable_folder_and_file_are_named_and_the_rest_go_in(shared_folder):
    good = _letter(shared_folder / "brief.txt")
    _letter(shared_folder / "dicht" / "binnen.txt", "SP")
    _letter(shared_folder / "geheim.txt", "PVV")
    for path in (shared_folder / "brief.txt", shared_folder / "dicht" / "binnen.txt"):
        path.chmod(0o644)
    (shared_folder / "dicht").chmod(0o000)
    (shared_folder / "geheim.txt").chmod(0o000)
    report = _unprivileged(lambda: ingest.load([shared_folder]))
    assert _sources(report) == [str(good)]
    assert _reasons(report) == {
        str(shared_folder / "dicht"): "map niet te lezen (Permission denied)",
        str(shared_folder / "geheim.txt"): "niet te lezen (Permission denied)",
    }
    assert sorted(report.skipped) == [
        str(shared_folder / "dicht"),
        str(shared_folder / "geheim.txt"),
    ]


def test_find_files_keeps_the_sorted_order_of_a_recursive_search(tmp_path):
    for name in ("b/z.txt", "a.txt", "b/a/x.pdf", "c.docx", "b.html"):
        _letter(tmp_path / name)
    found = discovery.find_files([tmp_path], ingest.EXTRACTORS)
    assert found.files == sorted(
        tmp_path / n for n in ("b/z.txt", "a.txt", "b/a/x.pdf", "c.docx", "b.html")
    )
    assert found.refused == []


def test_hidden_entries_are_counted_not_read(tmp_path):
    # The harvester keeps `.harvest.json` in every publication folder and writes its
    # downloads as `.<name>.part`; a letter hidden by its name is no document either.
    folder = tmp_path / "archief"
    good = _letter(folder / "ah-tk-1" / "brief.txt")
    _letter(folder / "ah-tk-1" / ".brief.txt.part")
    (folder / "ah-tk-1" / ".harvest.json").write_text("{}", encoding="utf-8")
    _letter(folder / ".git" / "verstopt.txt")
    report = ingest.load([folder])
    assert _sources(report) == [str(good)]
    assert not report.warnings and not report.skipped
    assert sorted(report.hidden) == sorted(
        str(p)
        for p in (
            folder / "ah-tk-1" / ".brief.txt.part",
            folder / "ah-tk-1" / ".harvest.json",
            folder / ".git",
        )
    )
