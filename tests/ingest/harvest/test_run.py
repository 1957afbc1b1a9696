"""One harvest against the stand-in server: pages, scope, faults, resuming, incremental runs."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

from ingest.harvest import archive as archive_module
from ingest.harvest import harvest
from ingest.harvest.run import Failure
from ingest.harvest.scope import OTHER_MINISTRY
from ingest.harvest.state import PublicationState, load_state, write_publication
from tests.ingest.harvest.conftest import client, options
from tests.ingest.harvest.koop import FakeKoop, Publication

# Every ministry of the fixture publications but Financiën: 1786 and 2367 fall outside.
MINISTRIES = (
    "Binnenlandse Zaken en Koninkrijksrelaties",
    "Onderwijs, Cultuur en Wetenschap",
    "Justitie en Veiligheid",
    "Klimaat en Groene Groei",
    "Volksgezondheid, Welzijn en Sport",
    "Buitenlandse Zaken",
    "Defensie",
)
EVERYTHING = date(2020, 1, 1)  # before every fixture publication: the whole range


def folder_files(archive: Path, identifier: str) -> dict[str, bytes]:
    folder = archive / identifier
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.name != ".harvest.json"}


def expected_files(koop: FakeKoop, identifier: str, text: str) -> dict[str, bytes]:
    items = koop.publications[identifier].items
    return {
        "metadata.xml": items["metadata"].read_bytes(),
        f"{identifier}.{text}": items[text].read_bytes(),
    }


def item_paths(koop: FakeKoop, identifier: str) -> set[str]:
    return {koop.path(identifier, m) for m in koop.publications[identifier].data["items"]}


def test_a_harvest_through_every_fault_keeps_what_it_can_and_lists_the_rest(koop, archive):
    koop.fault("sru@6", "retry-after:1")  # the second page: come back in a second
    koop.fault(koop.path("ah-tk-20232024-1771", "pdf"), "drop")  # cut off halfway, once
    koop.lasting[koop.path("ah-tk-20232024-2271", "pdf")] = "html"  # a maintenance page
    del koop.publications["ah-tk-20232024-2210"].data["items"]["metadata"]  # not named
    seen: list[tuple[int, int, int]] = []
    announced: list[str] = []
    summary = harvest(
        options(koop, archive, MINISTRIES),
        client(),
        progress=lambda *p: seen.append(p),
        announce=announced.append,
    )

    assert summary.complete and summary.found == 12 and announced == [summary.query]
    fetched = ["ah-tk-20232024-1076", "ah-tk-20232024-1292", "ah-tk-20232024-1314"]
    fetched += ["ah-tk-20232024-1771", "ah-tk-20232024-1999", "ah-tk-20232024-2129"]
    fetched += ["kst-36410-X-7", "kst-36410-X-8"]
    assert summary.fetched == fetched and summary.present == []
    assert summary.out_of_scope == {OTHER_MINISTRY: 2}
    pdf_2271 = koop.url("ah-tk-20232024-2271", "pdf")
    assert summary.failed == [
        Failure("ah-tk-20232024-2210", "", "het record noemt geen metadata-item"),
        Failure("ah-tk-20232024-2271", pdf_2271, "HTML-pagina in plaats van PDF"),
    ]
    assert seen[-1] == (12, 12, 8) and len(seen) == 12

    # Three pages of at most five; the second asked again after its Retry-After.
    starts = [q["startRecord"] for q in koop.queries()]
    assert starts == [["1"], ["6"], ["6"], ["11"]]
    first, again = [h.at for h in koop.sru_hits()][1:3]
    assert again - first >= 1.0
    # Each publication's metadata and best text item, byte for byte: XML before PDF
    # before HTML; nothing at all of the two out of scope.
    texts = {"ah-tk-20232024-1314": "xml", "kst-36410-X-7": "xml", "kst-36410-X-8": "html"}
    for identifier in fetched:
        wanted = expected_files(koop, identifier, texts.get(identifier, "pdf"))
        assert folder_files(archive, identifier) == wanted, identifier
    requested = set(koop.item_hits(complete_only=False))
    assert not requested & (
        item_paths(koop, "ah-tk-20232024-1786") | item_paths(koop, "ah-tk-20232024-2367")
    )
    assert not (archive / "ah-tk-20232024-1786").exists()
    state, _ = load_state(archive)
    assert sorted(state.failed) == ["ah-tk-20232024-2210", "ah-tk-20232024-2271"]


def test_the_next_harvest_retries_the_failures_and_fetches_only_what_is_missing(koop, archive):
    path_2271 = koop.path("ah-tk-20232024-2271", "pdf")
    koop.lasting[path_2271] = "html"
    metadata_2210 = koop.publications["ah-tk-20232024-2210"].data["items"].pop("metadata")
    first = harvest(options(koop, archive), client())
    assert len(first.fetched) == 10 and len(first.failed) == 2
    before = koop.item_hits()

    del koop.lasting[path_2271]  # the service is well again
    koop.publications["ah-tk-20232024-2210"].data["items"]["metadata"] = metadata_2210
    second = harvest(options(koop, archive), client())
    # --since is now the first run's date, so the query finds nothing new; the two
    # failures are asked for again by id.
    assert second.since == date(2026, 12, 1) and second.found == 0 and second.retried == 2
    asked_again = koop.queries()[-1]["query"][0]
    assert (
        'dt.identifier=="ah-tk-20232024-2210" OR dt.identifier=="ah-tk-20232024-2271"'
        in asked_again
    )
    assert sorted(second.fetched) == ["ah-tk-20232024-2210", "ah-tk-20232024-2271"]
    assert second.failed == [] and load_state(archive)[0].failed == {}
    new = koop.item_hits() - before
    # 2271's metadata came the first time: only its PDF now.
    assert new == {
        path_2271: 1,
        koop.path("ah-tk-20232024-2210", "metadata"): 1,
        koop.path("ah-tk-20232024-2210", "pdf"): 1,
    }

    third = harvest(options(koop, archive, since=EVERYTHING), client())
    assert third.found == 12 and third.fetched == [] and len(third.present) == 12
    assert koop.item_hits() - before == new  # nothing fetched again


def test_a_failure_the_source_no_longer_has_is_let_go(koop, archive):
    del koop.publications["ah-tk-20232024-2210"].data["items"]["metadata"]
    assert len(harvest(options(koop, archive), client()).failed) == 1
    del koop.publications["ah-tk-20232024-2210"]  # withdrawn
    summary = harvest(options(koop, archive), client())
    assert summary.retried == 1 and summary.failed == [] and summary.fetched == []
    assert summary.warnings == ["ah-tk-20232024-2210: eerder mislukt, niet meer bij de bron"]
    assert load_state(archive)[0].failed == {}


def test_a_changed_record_is_fetched_again_and_only_it(koop, archive):
    harvest(options(koop, archive), client())
    before = koop.item_hits()
    koop.publications["ah-tk-20232024-1292"].data["modified"] = "2024-04-02T12:00:00+02:00"
    summary = harvest(options(koop, archive, since=EVERYTHING), client())
    assert summary.fetched == ["ah-tk-20232024-1292"] and len(summary.present) == 11
    assert set(koop.item_hits() - before) == item_paths(koop, "ah-tk-20232024-1292")
    held = json.loads((archive / "ah-tk-20232024-1292" / ".harvest.json").read_text())
    assert held["modified"] == "2024-04-02T12:00:00+02:00" and held["complete"] is True


def test_a_new_version_in_another_format_replaces_the_old_file(koop, archive):
    harvest(options(koop, archive), client())
    publication = koop.publications["ah-tk-20232024-1314"]
    del publication.data["items"]["xml"]  # now only as PDF (and its metadata)
    publication.data["modified"] = "2024-04-01T00:00:00+02:00"
    harvest(options(koop, archive, since=EVERYTHING), client())
    assert folder_files(archive, "ah-tk-20232024-1314") == expected_files(
        koop, "ah-tk-20232024-1314", "pdf"
    )


def test_default_scope_fetches_the_defence_lists_and_nothing_of_other_ministries(koop, archive):
    summary = harvest(options(koop, archive, ministries=()), client())
    assert summary.fetched == ["kst-36410-X-7", "kst-36410-X-8"]
    assert summary.out_of_scope == {OTHER_MINISTRY: 10}
    wanted = item_paths(koop, "kst-36410-X-7") | item_paths(koop, "kst-36410-X-8")
    assert set(koop.item_hits(complete_only=False)) == wanted
    assert sorted(p.name for p in archive.iterdir() if p.is_dir()) == summary.fetched


def test_a_folder_half_filled_by_a_killed_harvest_is_completed_not_refetched(koop, archive):
    identifier = "ah-tk-20232024-1292"
    publication = koop.publications[identifier]
    folder = archive / identifier
    metadata = publication.items["metadata"].read_bytes()
    # Killed after the metadata was renamed into place and recorded, before the PDF.
    write_publication(
        folder, PublicationState(publication.modified, {"metadata.xml": len(metadata)})
    )
    (folder / "metadata.xml").write_bytes(metadata)
    (folder / f".{identifier}.pdf.part").write_bytes(b"%PDF- half")
    summary = harvest(options(koop, archive, kinds=["kamervragen"]), client())
    assert identifier in summary.fetched
    hits = koop.item_hits()
    assert hits[koop.path(identifier, "pdf")] == 1 and koop.path(identifier, "metadata") not in hits
    assert folder_files(archive, identifier) == expected_files(koop, identifier, "pdf")


def test_files_of_another_version_are_not_trusted(koop, archive):
    identifier = "ah-tk-20232024-1292"
    folder = archive / identifier
    write_publication(folder, PublicationState("2000-01-01", {"metadata.xml": 5}, complete=True))
    (folder / "metadata.xml").write_bytes(b"stale")
    loose = archive / "ah-tk-20232024-1076"  # files without any state: not trusted either
    loose.mkdir()
    (loose / "metadata.xml").write_bytes(b"<metadata_gegevens/>")
    harvest(options(koop, archive, kinds=["kamervragen"]), client())
    for name in (identifier, "ah-tk-20232024-1076"):
        assert folder_files(archive, name) == expected_files(koop, name, "pdf")


def test_a_record_whose_id_is_no_folder_name_fails_alone(koop, archive, tmp_path):
    original = koop.publications["ah-tk-20232024-1292"]
    koop.publications["../../escape"] = Publication("../../escape", original.data, original.items)
    summary = harvest(options(koop, archive), client())
    assert [f.identifier for f in summary.failed] == ["../../escape"]
    assert "geen geldige mapnaam" in summary.failed[0].reason and len(summary.fetched) == 12
    assert sorted(p.name for p in tmp_path.iterdir()) == ["archive"]


def test_a_source_that_answers_a_diagnostic_cannot_be_queried(koop, archive):
    koop.fault("sru", "diagnostic")
    summary = harvest(options(koop, archive), client())
    assert not summary.complete and summary.fetched == [] and summary.found == 0
    assert summary.source_error.startswith(koop.endpoint + "?")
    assert summary.source_error.endswith(
        ": SRU-diagnose: Query syntax error [info:srw/diagnostic/1/10]"
    )
    assert load_state(archive)[0].last_success == {}


def test_a_source_that_fails_halfway_keeps_the_first_pages(koop, archive):
    koop.fault("sru@6", "garbage")
    summary = harvest(options(koop, archive), client())
    assert not summary.complete and "ongeldige XML" in summary.source_error
    assert len(summary.fetched) == 5 and (archive / summary.fetched[0] / "metadata.xml").exists()
    assert load_state(archive)[0].last_success == {}  # the next run asks the same range again


def test_an_unreachable_source_is_retried_then_given_up(koop, archive):
    with FakeKoop() as gone:
        closed = gone.endpoint  # nothing listens there any more
    summary = harvest(replace(options(koop, archive), endpoint=closed), client())
    assert not summary.complete and "3 pogingen" in summary.source_error


def test_the_default_since_moves_only_after_a_run_that_covered_everything(koop, archive):
    key = options(koop, archive).scope.key

    def last() -> str | None:
        return load_state(archive)[0].last_success.get(key)

    harvest(options(koop, archive, today=date(2026, 11, 1), until=date(2026, 10, 1)), client())
    assert last() is None  # --until: the days after it were not asked
    harvest(options(koop, archive, today=date(2026, 11, 1), query="dt.type=x"), client())
    assert last() is None  # --query: who knows what it covered
    harvest(options(koop, archive, today=date(2026, 11, 1)), client())
    assert last() == "2026-11-01"
    harvest(options(koop, archive, today=date(2026, 11, 20), since=date(2026, 11, 10)), client())
    assert last() == "2026-11-01"  # a gap from 1 to 10 November: not covered
    summary = harvest(options(koop, archive, today=date(2026, 11, 21)), client())
    assert summary.since == date(2026, 11, 1) and last() == "2026-11-21"
    assert 'dt.modified>="2026-11-01"' in koop.queries()[-1]["query"][0]


def test_a_broken_state_file_costs_the_default_since_not_the_archive(koop, archive):
    harvest(options(koop, archive), client())
    before = koop.item_hits()
    (archive / archive_module.STATE_FILE).write_text("{")
    summary = harvest(options(koop, archive), client())
    assert summary.since is None and len(summary.present) == 12
    assert "onleesbare toestand" in summary.warnings[0] and koop.item_hits() == before
