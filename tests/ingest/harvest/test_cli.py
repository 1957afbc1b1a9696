"""`vraagbaak harvest`: arguments, output, exit codes, and the archive synced into the index
exactly as `vraagbaak ingest` would."""

from __future__ import annotations

import importlib.metadata
import shutil
from collections import Counter
from dataclasses import asdict
from pathlib import Path

import pytest

from index.build import catalog_entry
from index.store import open_generation
from ingest import load
from ingest.harvest import Failure, HarvestSummary
from ingest.harvest.state import harvest_lock
from search import config
from search.cli import main
from search.terminal import HarvestProgressBar, render_harvest_summary
from tests.ingest.harvest.koop import FakeKoop


@pytest.fixture(autouse=True)
def places(monkeypatch, tmp_path) -> Path:
    """The archive and index of each test in its own folder; no contact configured."""
    monkeypatch.setenv(config.ARCHIVE_ENV, str(tmp_path / "archive"))
    monkeypatch.setenv(config.INDEX_ENV, str(tmp_path / "index"))
    monkeypatch.delenv(config.SRU_URL_ENV, raising=False)
    monkeypatch.delenv(config.CONTACT_ENV, raising=False)
    return tmp_path


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def harvest_args(koop: FakeKoop, *extra: str) -> list[str]:
    return ["harvest", "--source", koop.endpoint, "--delay", "0.02", *extra]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "2024-13-01"], "--since moet een bestaande datum JJJJ-MM-DD zijn"),
        (["--since", "gisteren"], "--since moet een bestaande datum JJJJ-MM-DD zijn"),
        (["--until", "2024-02-30"], "--until moet een bestaande datum JJJJ-MM-DD zijn"),
        (["--since", "2024-05-01", "--until", "2024-01-01"], "--since (2024-05-01) ligt na"),
        (["--kind", "brieven"], "onbekende soort 'brieven' voor --kind; kies uit"),
        (["--ministry", " "], "--ministry mag niet leeg zijn"),
        (["--delay", "-1"], "--delay moet een getal van 0 of meer seconden zijn"),
        (["--delay", "snel"], "--delay moet een getal van 0 of meer seconden zijn"),
        (["--delay", "nan"], "--delay moet een getal van 0 of meer seconden zijn"),
        (["--source", "ftp://example.org/sru"], "--source moet een http(s)-adres zijn"),
        (["--query", "  "], "--query mag niet leeg zijn"),
        (["--query", "dt.type=x", "--since", "2024-01-01"], "--since en --until gaan niet samen"),
    ],
)
def test_a_bad_argument_is_one_dutch_line_and_exit_2(capsys, koop, args, message):
    code, out, err = run(capsys, *harvest_args(koop), *args)
    assert code == 2 and out == ""
    assert err.startswith(f"vraagbaak: {message}") and len(err.strip().splitlines()) == 1
    assert koop.hits == []


def by_hand(koop: FakeKoop, folder: Path) -> None:
    """The same files as a user would download them into one folder, sidecars named
    `<name>.metadata.xml`: the text item the harvest chose, and the metadata."""
    folder.mkdir()
    for publication in koop.publications.values():
        items = publication.items
        text = next(items[m] for m in ("xml", "pdf", "html") if m in items)
        shutil.copy(text, folder / text.name)
        shutil.copy(items["metadata"], folder / f"{text.stem}.metadata.xml")


def comparable(documents: list) -> list[dict]:
    """Documents as dicts, without what names the file they came from."""
    rows = []
    for document in sorted(documents, key=lambda d: d.id):
        row = asdict(document)
        row.pop("source")
        row["warnings"] = [w.replace(document.source, "<bron>") for w in row["warnings"]]
        rows.append(row)
    return rows


def test_the_harvested_archive_indexed_gives_the_same_records_as_the_same_files_by_hand(
    capsys, koop, places
):
    code, out, err = run(capsys, *harvest_args(koop, "--ministry", "alle"))
    assert code == 0, err
    assert "Gevonden: 12\nOpgehaald: 12\nAl aanwezig: 0\n" in out and "Mislukt: 0" in out
    assert "Opnieuw gebouwd met 12 documenten." in out  # then the ingest's own summary

    by_hand(koop, places / "by-hand")
    manual = load([places / "by-hand"])
    harvested = load([places / "archive"])
    assert len(manual.documents) == 12
    assert comparable(harvested.documents) == comparable(manual.documents)
    # The index the harvest built holds those documents, entry for entry (the content
    # fingerprint covers every record's question and answer).
    indexed = open_generation(places / "index").catalog["documents"]
    expected = {d.id: catalog_entry(d) for d in manual.documents}
    for entries in (indexed, expected):
        for entry in entries.values():
            entry.pop("source")
            entry["warnings"] = sorted(w.split(": ", 1)[-1] for w in entry["warnings"])
    assert indexed == expected


def test_verbose_prints_the_cql_and_query_replaces_it(capsys, koop):
    code, out, _ = run(capsys, *harvest_args(koop, "--verbose", "--no-ingest"))
    sent = koop.queries()[0]["query"][0]
    assert code == 0 and out.splitlines()[0] == f"CQL: {sent}"
    assert 'w.ontvanger="Defensie"' in sent
    own = "c.product-area==officielepublicaties AND w.publicatienaam==Kamerstuk"
    code, out, _ = run(capsys, *harvest_args(koop, "--query", own, "--verbose", "--no-ingest"))
    assert code == 0 and koop.queries()[-1]["query"] == [own]
    assert out.splitlines()[0] == f"CQL: {own}"


def test_the_delay_is_kept_at_the_server(capsys, koop):
    code, _, _ = run(capsys, "harvest", "--source", koop.endpoint, "--delay", "0.3",
                     "--kind", "kamerstukken", "--no-ingest")  # fmt: skip
    assert code == 0
    times = [h.at for h in koop.hits]
    assert len(times) == 7  # three pages (the server ignores the kind), two items twice
    assert min(b - a for a, b in zip(times, times[1:], strict=False)) >= 0.3


def test_a_source_that_cannot_be_queried_is_exit_1_with_the_reason(capsys, koop, places):
    koop.fault("sru", "diagnostic")
    code, out, err = run(capsys, *harvest_args(koop))
    assert code == 1 and err == ""
    assert "De bron kon niet (volledig) worden bevraagd: " in out
    assert "SRU-diagnose: Query syntax error" in out and koop.endpoint in out
    assert "bevat nog geen publicaties; niets te indexeren." in out


def test_failures_are_listed_and_the_run_still_succeeds(capsys, koop):
    koop.lasting[koop.path("kst-36410-X-8", "html")] = "404"
    code, out, _ = run(capsys, *harvest_args(koop, "--no-ingest"))
    assert code == 0
    url = koop.url("kst-36410-X-8", "html")
    assert f"Mislukt: 1\n  kst-36410-X-8: HTTP 404 Not Found ({url})" in out
    assert "Buiten de gevraagde selectie: 10\n  ander ministerie: 10" in out


def test_no_ingest_leaves_the_index_alone(capsys, koop, places):
    assert run(capsys, *harvest_args(koop, "--no-ingest"))[0] == 0
    assert not (places / "index").exists()


def test_the_sru_url_and_contact_come_from_the_environment(capsys, koop, monkeypatch):
    monkeypatch.setenv(config.SRU_URL_ENV, koop.endpoint)
    monkeypatch.setenv(config.CONTACT_ENV, "beheer@example.org")
    assert run(capsys, "harvest", "--delay", "0", "--kind", "kamerstukken", "--no-ingest")[0] == 0
    version = importlib.metadata.version("vraagbaak")
    assert {h.user_agent for h in koop.hits} == {f"Vraagbaak/{version} (+beheer@example.org)"}


def test_a_second_harvest_at_the_same_time_is_refused(capsys, koop, places):
    with harvest_lock(places / "archive"):
        code, out, err = run(capsys, *harvest_args(koop))
    assert code == 1 and err == f"vraagbaak: er loopt al een harvest in {places / 'archive'}\n"
    assert koop.hits == []


def test_the_summary_cannot_steer_the_terminal():
    summary = HarvestSummary(query="q", since=None, found=3)
    summary.out_of_scope = Counter({"ander ministerie": 2})
    summary.failed = [Failure("ah-tk-1", "http://x/\x1b[2J", "HTTP 500 \x1b[31mrood\x1b[0m\nregel")]
    text = render_harvest_summary(summary)
    assert "\x1b" not in text and "\nregel" not in text
    assert "  ah-tk-1: HTTP 500 \\u001b[31mrood\\u001b[0m\\u000aregel (http://x/\\u001b[2J)" in text
    assert "Buiten de gevraagde selectie: 2\n  ander ministerie: 2\n" in text


def test_the_progress_bar_counts_found_and_fetched(capsys):
    bar = HarvestProgressBar()
    bar(3, 12, 2)
    bar.close()
    assert capsys.readouterr().err == (
        "\rOphalen [#######-----------------------] 3/12 records, 2 opgehaald\n"
    )
