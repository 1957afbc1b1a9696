"""The `vraagbaak` command line: output shapes, messages, exit codes, no tracebacks."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from search.cli import EXIT_PIPE_CLOSED, main
from search.config import BUNDLED_CORPUS
from search.engine import SearchEngine
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
        "id", "date", "subject", "source", "layout", "soort", "ministry", "minister",
        "questions", "records", "parties", "warnings",
    }  # fmt: skip
    assert document["id"] == SAMPLE_ID and document["date"] == "2026-02-10"
    assert document["questions"] == 41 and document["layout"] == "schriftelijk_overleg"
    assert document["parties"][0] == "D66" and "Groep Markuszower" in document["parties"]
    assert document["soort"] == "schriftelijk overleg"
    assert document["ministry"] == "Ministerie van Defensie"
    code, out, _ = run(capsys, "--index", str(index_root), "documents")
    assert out.startswith(SAMPLE_ID) and "41 vragen\tschriftelijk overleg\t" in out


def test_ingest_default_corpus_then_again_is_unchanged(capsys, tmp_path, monkeypatch):
    root = tmp_path / "idx"
    code, out, _ = run(capsys, "--index", str(root), "ingest")
    assert code == 0
    assert "Ingelezen: 1 document, 41 vragen" in out and "In de index: 1 document, 41 vragen" in out
    assert "GroenLinks-PvdA: 10" in out and "SGP: 4" in out
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
    assert "Opnieuw gebouwd met 2 documenten." in outputs[0]


def test_ingest_refuses_fewer_than_one_process(capsys, tmp_path):
    code, out, err = run(capsys, "--index", str(tmp_path / "idx"), "ingest", "--procs", "0")
    assert code == 2 and out == ""
    assert "--procs moet minstens 1 zijn" in err


# Text from documents and file names reaches a terminal escaped.

HOSTILE = "\x1b]0;gehackt\x07\x1b[2J\u202eesrever\u202c\x9b31m"
RAW_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture
def hostile_index(tmp_path: Path, capsys) -> tuple[Path, str]:
    """An index of a letter whose text and file name, and a note whose name, hold escapes."""
    folder = tmp_path / "in"
    folder.mkdir()
    sample = next(BUNDLED_CORPUS.glob("*.txt")).read_text(encoding="utf-8")
    letter = sample.replace("Vraag 11\n", f"Vraag 11\nOver {HOSTILE} gesproken. ", 1)
    (folder / f"brief{HOSTILE}.txt").write_text(letter, encoding="utf-8")
    (folder / f"los{HOSTILE}.txt").write_text(f"Een notitie {HOSTILE} over de marine.\n", "utf-8")
    root = tmp_path / "idx"
    code, out, _ = run(capsys, "--index", str(root), "ingest", str(folder))
    assert code == 0
    return root, out


def test_the_ingest_summary_escapes_file_names(hostile_index) -> None:
    _, out = hostile_index
    assert not RAW_CONTROL.search(out)
    assert "los\\u001b]0;gehackt\\u0007\\u001b[2J\\u202eesrever\\u202c\\u009b31m.txt" in out


def test_documents_and_search_escape_what_documents_hold(capsys, hostile_index) -> None:
    root, _ = hostile_index
    for command in (["documents"], ["search", "gesproken"], ["search", "marine"]):
        code, out, err = run(capsys, "--index", str(root), *command)
        assert code == 0 and out and not RAW_CONTROL.search(out + err), command
    assert "\\u001b]0;gehackt" in out


def test_json_output_escapes_and_still_parses_to_the_same_text(capsys, hostile_index) -> None:
    root, _ = hostile_index
    code, out, _ = run(capsys, "--index", str(root), "search", "marine", "--json")
    assert code == 0 and not RAW_CONTROL.search(out)
    assert HOSTILE in json.loads(out)["hits"][0]["question"]
    code, out, _ = run(capsys, "--index", str(root), "documents", "--json")
    assert not RAW_CONTROL.search(out)
    assert {Path(d["source"]).name for d in json.loads(out)} == {
        f"brief{HOSTILE}.txt",
        f"los{HOSTILE}.txt",
    }


def test_an_error_naming_a_document_is_escaped(capsys, index_root) -> None:
    code, _, err = run(
        capsys, "--index", str(index_root), "search", "NAVO", "--document", f"x{HOSTILE}"
    )
    assert code == 2 and not RAW_CONTROL.search(err)


# A reader that stops early (`| head`) ends the command quietly.


@pytest.mark.parametrize(
    "command",
    [
        ["search", "NAVO"],
        ["search", "NAVO", "--json"],
        ["documents"],
        ["toon", SAMPLE_ID, "1"],
    ],
)
def test_a_closed_pipe_ends_quietly(index_root: Path, command: list[str]) -> None:
    reader, writer = os.pipe()
    os.close(reader)  # the reader is gone before the first line is written
    try:
        done = subprocess.run(
            [sys.executable, "-m", "search.cli", "--index", str(index_root), *command],
            stdout=writer,
            stderr=subprocess.PIPE,
            timeout=120,
        )
    finally:
        os.close(writer)
    assert done.stderr == b""
    assert done.returncode == EXIT_PIPE_CLOSED


def test_a_broken_pipe_elsewhere_is_still_reported(capsys, index_root, monkeypatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(SearchEngine, "search", broken)
    code, _, err = run(capsys, "--index", str(index_root), "search", "NAVO")
    assert code == 1 and "onverwachte fout (BrokenPipeError)" in err


# The whole command line speaks Dutch: help, mistakes, paging, counts.

# argparse's English, and its English metavars, none of which may reach a user.
ENGLISH = re.compile(
    r"usage:|error:|the following arguments|are required|invalid choice|choose from|"
    r"invalid \w+ value|unrecognized arguments|expected (one|at most|at least|\d+) argument|"
    r"ambiguous option|could match|ignored explicit|not allowed with|unknown parser|"
    r"show this help|help message|positional arguments|options:|subcommands|default:|"
    r"\bargument\b|\b(QUERY|PATHS|PARTY|DOCUMENT_ID|LIMIT|OFFSET|PROCS|HOST|PORT|WORKERS|"
    r"INDEX|COMMAND|NUMBER|STEMMER|SINCE|UNTIL)\b"
)
SUBCOMMANDS = ["ingest", "harvest", "search", "toon", "show", "documents", "serve"]


@pytest.mark.parametrize("command", [[], *([name] for name in SUBCOMMANDS)])
def test_every_help_is_dutch_and_describes_every_argument(capsys, command: list[str]) -> None:
    code, out, err = run(capsys, *command, "--help")
    assert code == 0 and err == ""
    shown = ["toon" if name == "show" else name for name in command]  # an alias of toon
    assert out.startswith(f"gebruik: {' '.join(['vraagbaak', *shown])} [-h]")
    assert not ENGLISH.search(out), ENGLISH.search(out)
    assert "deze uitleg tonen en stoppen" in out


MISTAKES = [
    ([], "OPDRACHT ontbreekt"),
    (["zoek"], "OPDRACHT: ongeldige keuze 'zoek' (kies uit 'ingest'"),
    (["--index"], "--index: hier hoort een waarde bij"),
    (["ingest", "--procs", "0"], "--procs moet minstens 1 zijn (gegeven: '0')"),
    (["ingest", "--procs", "twee"], "--procs moet een geheel getal zijn, 1 of meer"),
    (["ingest", "--stemmer", "porter"], "--stemmer: ongeldige keuze 'porter' (kies uit 'kp'"),
    (["ingest", "--procs"], "--procs: hier hoort een waarde bij"),
    (["harvest", "--s", "2024-01-01"], "--s is onduidelijk: dat kan --since of --source zijn"),
    (["harvest", "--verbose=ja"], "--verbose: hier hoort geen waarde bij (gegeven: 'ja')"),
    (["search"], "ZOEKVRAAG ontbreekt"),
    (["search", "x", "y"], "niet begrepen: y"),
    (["search", "x", "--sort", "alfabet"], "--sort: ongeldige keuze 'alfabet'"),
    (["search", "x", "--limit", "abc"], "--limit moet een getal van 1 tot en met 100 zijn"),
    (["search", "x", "--limit", "0"], "--limit moet een getal van 1 tot en met 100 zijn"),
    (["search", "x", "--limit", "101"], "--limit moet een getal van 1 tot en met 100 zijn"),
    (["search", "x", "--offset", "-1"], "--offset moet minstens 0 zijn (gegeven: '-1')"),
    (["search", "x", "--offset", "1.5"], "--offset moet een geheel getal zijn, 0 of meer"),
    (["toon"], "DOCUMENT en NUMMER ontbreken"),
    (["show", SAMPLE_ID], "NUMMER ontbreekt"),
    (["toon", SAMPLE_ID, "eén"], "NUMMER moet een geheel getal zijn, 1 of meer"),
    (["toon", SAMPLE_ID, "0"], "NUMMER moet minstens 1 zijn"),
    (["documents", "--alles"], "niet begrepen: --alles"),
    (["serve", "--workers", "veel"], "--workers moet een geheel getal zijn, 1 of meer"),
    (["serve", "--port"], "--port: hier hoort een waarde bij"),
]


@pytest.mark.parametrize(("command", "message"), MISTAKES)
def test_a_mistake_is_one_dutch_line_with_exit_status_2(
    capsys, tmp_path: Path, command: list[str], message: str
) -> None:
    code, out, err = run(capsys, "--index", str(tmp_path / "geen"), *command)
    assert code == 2 and out == ""
    assert err.startswith("vraagbaak: ") and len(err.strip().splitlines()) == 1
    assert message in err
    assert not ENGLISH.search(err), ENGLISH.search(err)
    chosen = next((word for word in command if word in SUBCOMMANDS), None)
    chosen = "toon" if chosen == "show" else chosen
    assert err.rstrip().endswith(f"Uitleg: {' '.join(filter(None, ['vraagbaak', chosen]))} --help")
    assert not (tmp_path / "geen").exists()  # refused before anything was done


def test_index_may_also_follow_the_subcommand(capsys, index_root: Path) -> None:
    code, out, _ = run(capsys, "search", "MQ-9", "--index", str(index_root), "--json")
    assert code == 0 and json.loads(out)["total"] == 3


def test_counts_are_singular_for_one(capsys, index_root: Path) -> None:
    code, out, _ = run(capsys, "--index", str(index_root), "search", "MQ-9", "--party", "gl-pvda")
    assert code == 0
    assert out.startswith("1 resultaat voor 'MQ-9' (getoond: 1)\n")


def test_paging_messages_at_both_ends(capsys, index_root: Path) -> None:
    total = SearchEngine(index_root).search("NAVO").total
    assert total > 11
    code, out, _ = run(capsys, "--index", str(index_root), "search", "NAVO")
    assert out.startswith(f"{total} resultaten voor 'NAVO' (getoond: 1–10; meer met --offset 10)")
    code, out, _ = run(capsys, "--index", str(index_root), "search", "NAVO", "--offset", "10")
    assert f"(getoond: 11–{min(20, total)}" in out.splitlines()[0]
    last = str(total - 1)
    code, out, _ = run(capsys, "--index", str(index_root), "search", "NAVO", "--offset", last)
    assert out.startswith(f"{total} resultaten voor 'NAVO' (getoond: {total})\n")
    assert out.count("\nVraag ") + out.count("\nInleiding") == 1
    for offset in (str(total), "999"):
        code, out, _ = run(capsys, "--index", str(index_root), "search", "NAVO", "--offset", offset)
        assert code == 0
        assert out == (
            f"{total} resultaten voor 'NAVO'; na plaats {offset} zijn er geen meer "
            f"(--offset kan 0 tot en met {total - 1} zijn).\n"
        )


def test_documents_count_their_questions(capsys, real_index: Path) -> None:
    code, out, _ = run(capsys, "--index", str(real_index), "documents")
    assert code == 0
    counts = {d["id"]: d["questions"] for d in SearchEngine(real_index).documents()}
    for line in out.splitlines():
        document, _, questions, *_ = line.split("\t")
        assert questions == (f"{counts[document]} vra" + ("ag" if counts[document] == 1 else "gen"))


def test_documents_json_counts_numbers_and_records_apart(capsys, real_index: Path) -> None:
    # ah-tk-20232024-2367 asks 12 questions and answers 3-6 and 7-11 in one block each.
    code, out, _ = run(capsys, "--index", str(real_index), "documents", "--json")
    assert code == 0
    document = {d["id"]: d for d in json.loads(out)}["ah-tk-20232024-2367"]
    stored = SearchEngine(real_index).document("ah-tk-20232024-2367")["records"]
    assert document["questions"] == 12
    assert document["records"] == len(stored) < 12
    assert document["soort"] == "Kamervragen" and document["layout"] == "aanhangsel"
    assert document["ministry"] == "Ministerie van Financiën"


# `vraagbaak toon DOC N`: one question and answer, whole.

AANHANGSEL = Path(__file__).resolve().parents[1] / "fixtures" / "aanhangsel"


@pytest.fixture(scope="module")
def real_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled letter and the ten real Aanhangsel PDFs, indexed once for these tests
    (which only read it)."""
    from index.build import build_index
    from ingest import load

    root = tmp_path_factory.mktemp("real-index")
    build_index(load([BUNDLED_CORPUS, AANHANGSEL]).documents, root)
    return root


def words(text: str) -> list[str]:
    return text.split()


def section(out: str, title: str) -> str:
    """The text under a heading of `toon`'s output, up to the next heading."""
    lines = out.split("\n")
    start = lines.index(title) + 1
    end = next((n for n in range(start, len(lines)) if lines[n] and lines[n][0] != " "), None)
    return "\n".join(lines[start:end]).strip("\n")


@pytest.mark.parametrize("command", ["toon", "show"])
def test_toon_prints_the_whole_question_and_answer(capsys, index_root: Path, command: str) -> None:
    record = SearchEngine(index_root).question(SAMPLE_ID, 21)
    code, out, err = run(capsys, "--index", str(index_root), command, SAMPLE_ID, "21")
    assert code == 0 and err == ""
    assert out.startswith("Vraag 21\n")
    info = record["document_info"]
    assert f"Document:        {SAMPLE_ID}: {info['subject']}" in out
    assert "\nDatum:           10 februari 2026\n" in out
    assert f"\nPartij:          {record['party']}\n" in out
    assert f"\nBeantwoord door: {info['minister']}, {info['ministry']}\n" in out
    assert words(section(out, "Vraag")) == words(record["question"])
    assert words(section(out, "Antwoord")) == words(record["answer"])
    similar = section(out, "Vergelijkbare antwoorden").splitlines()
    assert len(similar) == len(record["similar"]) > 0


def test_toon_lists_what_an_answer_points_to_and_what_points_back(capsys, index_root) -> None:
    engine = SearchEngine(index_root)
    code, out, _ = run(capsys, "--index", str(index_root), "toon", SAMPLE_ID, "10")
    assert code == 0
    [target] = engine.question(SAMPLE_ID, 10)["refers_to_records"]
    assert section(out, "Verwijst naar").startswith(f"  Vraag {target['number']} · ")
    code, out, _ = run(capsys, "--index", str(index_root), "toon", SAMPLE_ID, str(target["number"]))
    back = section(out, "Aangehaald door").splitlines()
    referred = engine.question(SAMPLE_ID, target["number"])["referred_by"]
    assert 10 in referred
    assert [line.split(" · ")[0].strip() for line in back] == [f"Vraag {n}" for n in referred]


def test_toon_on_a_real_aanhangsel_with_footnotes(capsys, real_index: Path) -> None:
    record = SearchEngine(real_index).question("ah-tk-20232024-2367", 3)
    [footnote] = record["footnotes"]
    code, out, _ = run(capsys, "--index", str(real_index), "toon", "ah-tk-20232024-2367", "3")
    assert code == 0
    assert out.startswith("Vraag 3, 4, 5 en 6\n")
    submitted = record["document_info"]["submitted"]
    assert submitted == "2024-06-28" and "(ingezonden 28 juni 2024)" in out
    assert f"  {footnote['number']}. {footnote['url']}" in section(out, "Voetnoot").splitlines()
    assert words(section(out, "Vragen")) == words(record["question"])


def test_toon_a_question_answered_in_a_block_shows_the_block(capsys, real_index: Path) -> None:
    code, out, _ = run(capsys, "--index", str(real_index), "toon", "ah-tk-20232024-2367", "5")
    assert code == 0 and out.startswith("Vraag 3, 4, 5 en 6\n")


def test_toon_a_question_without_answer_shows_its_mededeling(capsys, real_index: Path) -> None:
    document = SearchEngine(real_index).document("ah-tk-20232024-1999")
    [notice] = [r for r in document["records"] if r["kind"] == "mededeling"]
    code, out, _ = run(capsys, "--index", str(real_index), "toon", "ah-tk-20232024-1999", "2")
    assert code == 0 and "\nAntwoord\n" not in out
    assert words(section(out, "Mededeling")) == words(notice["answer"])
    assert f"Beantwoord door: {document['minister']}, {document['ministry']}" in out


def test_toon_json_is_the_api_record(capsys, real_index: Path) -> None:
    from search.web import create_app

    api = create_app({"INDEX_DIR": real_index, "TESTING": True}).test_client()
    for document, number in ((SAMPLE_ID, 10), ("ah-tk-20232024-2367", 3)):
        code, out, _ = run(
            capsys, "--index", str(real_index), "toon", document, str(number), "--json"
        )
        assert code == 0
        printed = json.loads(out)
        served = api.get(f"/api/vraag/{document}/{number}").get_json()
        # The server names the source file only; the command line, like `documents`, the path.
        assert Path(printed["document_info"].pop("source")).name == served["document_info"].pop(
            "source"
        )
        assert printed == served


@pytest.mark.parametrize(
    ("document", "number", "message"),
    [
        ("bestaat-niet", "1", "Document 'bestaat-niet' staat niet in de index"),
        (
            SAMPLE_ID,
            "99",
            f"Vraag 99 staat niet in document '{SAMPLE_ID}'; het heeft de vragen 1–41.",
        ),
    ],
)
def test_toon_something_not_there_is_one_line(capsys, index_root, document, number, message):
    code, out, err = run(capsys, "--index", str(index_root), "toon", document, number)
    assert code == 2 and out == ""
    assert err == f"vraagbaak: {message}\n" or (
        err.startswith(f"vraagbaak: {message}") and err.count("\n") == 1
    )


def test_toon_escapes_what_documents_hold(capsys, hostile_index) -> None:
    root, _ = hostile_index
    [document] = [d["id"] for d in SearchEngine(root).documents() if d["questions"]]
    code, out, err = run(capsys, "--index", str(root), "toon", document, "11")
    assert code == 0 and not RAW_CONTROL.search(out + err)
    assert "Over \\u001b]0;gehackt" in out


# Wrapped at word boundaries on a terminal, one line per paragraph in a pipe.

SGR = re.compile(r"\x1b\[[0-9;]*m")


def on_terminal(columns: int, *args: str) -> str:
    """What the command writes to a real terminal (a pseudo-terminal) `columns` wide."""
    import pty

    leader, follower = pty.openpty()
    env = {**os.environ, "COLUMNS": str(columns)}
    try:
        done = subprocess.Popen(
            [sys.executable, "-m", "search.cli", *args], stdout=follower, stderr=follower, env=env
        )
    finally:
        os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal is gone once the command has ended
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert done.wait(timeout=120) == 0
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


@pytest.mark.parametrize("columns", [60, 200])
def test_a_terminal_gets_lines_wrapped_at_spaces(real_index: Path, columns: int) -> None:
    record = SearchEngine(real_index).question("ah-tk-20232024-2367", 3)
    out = on_terminal(columns, "--index", str(real_index), "toon", "ah-tk-20232024-2367", "3")
    lines = SGR.sub("", out).split("\n")
    width = min(columns, 100)
    url = record["footnotes"][0]["url"]
    assert len(url) > width - 5  # a word too long for the line: alone on it, never broken
    assert [line for line in lines if len(line) > width] == [
        line for line in lines if url in line and line.strip().endswith(url)
    ]
    assert max(len(line) for line in lines if url not in line) > width - 15  # lines are filled
    assert words(section("\n".join(lines), "Antwoord")) == words(record["answer"])


def test_a_terminal_search_is_wrapped_and_coloured(real_index: Path) -> None:
    out = on_terminal(60, "--index", str(real_index), "search", "Bunq")
    assert "\x1b[1;33m" in out
    plain = SGR.sub("", out).split("\n")
    assert max(len(line) for line in plain) <= 60


def test_a_pipe_gets_one_line_per_paragraph(capsys, real_index: Path) -> None:
    record = SearchEngine(real_index).question("ah-tk-20232024-2367", 3)
    code, out, _ = run(capsys, "--index", str(real_index), "toon", "ah-tk-20232024-2367", "3")
    paragraphs = [p.strip() for p in record["answer"].split("\n\n")]
    assert section(out, "Antwoord").split("\n\n") == [f"  {p}" for p in paragraphs]
    assert max(map(len, paragraphs)) > 100


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


# -- filters, sorting and --format (issue 15) -------------------------------------------


def search_json(capsys, index: Path, *args: str) -> dict:
    code, out, err = run(capsys, "--index", str(index), "search", *args, "--json")
    assert code == 0, err
    return json.loads(out)


def test_search_filters_by_member_ministry_minister_kind_and_date(capsys, real_index: Path):
    keijzer = search_json(capsys, real_index, "--member", "keijzer", "--limit", "100")
    assert keijzer["total"] > 0
    assert all([a["name"] for a in h["askers"]] == ["Keijzer"] for h in keijzer["hits"])
    bzk = search_json(capsys, real_index, "--ministry", "BZK", "--limit", "100")
    bzk_name = "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties"
    assert {"ah-tk-20232024-1292", "ah-tk-20232024-1999"} <= {h["document"] for h in bzk["hits"]}
    assert all(h["ministry"] == bzk_name for h in bzk["hits"])
    # Two filters: an AND; within --member: an OR.
    both = search_json(capsys, real_index, "--ministry", "BZK", "--member", "Keijzer")
    assert both["total"] == keijzer["total"]
    de_jonge = search_json(capsys, real_index, "--minister", "De Jonge", "--limit", "100")
    assert de_jonge["total"] > 0
    assert all(h["minister"] == "Minister De Jonge" for h in de_jonge["hits"])
    notices = search_json(capsys, real_index, "--kind", "mededeling")
    assert {h["document"] for h in notices["hits"]} == {"ah-tk-20232024-1999"}
    summer = search_json(
        capsys, real_index, "--since", "2024-06-01", "--until", "2024-07-31", "--limit", "100"
    )
    assert summer["total"] > 0
    assert all("2024-06-01" <= h["date"] <= "2024-07-31" for h in summer["hits"])
    # The year facet ignores the period, as each facet its own filter: other years stay.
    assert set(summer["facets"]["year"]) == {"2024", "2026"}


@pytest.mark.parametrize("sort", ["nieuwste", "oudste", "datum"])
def test_search_sorts_by_answer_date(capsys, real_index: Path, sort: str):
    found = search_json(capsys, real_index, "minister", "--sort", sort, "--limit", "100")
    dates = [h["date"] for h in found["hits"]]
    newest_first = sort != "oudste"
    assert dates == sorted(dates, reverse=newest_first) and len(set(dates)) > 3


def test_format_json_is_json(capsys, real_index: Path):
    code, out, _ = run(capsys, "--index", str(real_index), "search", "NAVO", "--format", "json")
    assert code == 0 and json.loads(out) == search_json(capsys, real_index, "NAVO")


def test_format_csv_and_ndjson_write_every_match(capsys, real_index: Path, monkeypatch):
    monkeypatch.setenv("VRAAGBAAK_URL", "https://vraagbaak.example/")
    total = search_json(capsys, real_index, "minister")["total"]
    assert total > 10  # more than one page: an export has them all
    code, out, _ = run(capsys, "--index", str(real_index), "search", "minister", "--format", "csv")
    assert code == 0 and out.startswith("\ufeff")
    headings, *rows = list(csv.reader(io.StringIO(out[1:], newline=""), delimiter=";"))
    assert headings[:3] == ["document", "datum", "nummers"] and len(rows) == total
    # The links go to the site's address ($VRAAGBAAK_URL): a question, or a preamble's place.
    assert all(re.match(r"https://vraagbaak\.example/(vraag|document)/", row[-1]) for row in rows)
    code, out, _ = run(
        capsys, "--index", str(real_index), "search", "minister", "--format", "ndjson"
    )
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [r["document"] for r in records] == [row[0] for row in rows]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "2024-02-30"], "--since"),
        (["--until", "gisteren"], "--until"),
        (["--kind", "brieven"], "Onbekende soort"),
        (["--member", "Niemand"], "Kamerlid"),
        (["--sort", "alfabet"], "--sort"),
        (["--format", "xml"], "--format"),
    ],
)
def test_a_bad_filter_is_one_dutch_line(capsys, real_index: Path, args: list[str], message: str):
    code, out, err = run(capsys, "--index", str(real_index), "search", "x", *args)
    assert code == 2 and out == ""
    assert message in err and len(err.strip().splitlines()) == 1


def test_a_filter_alone_needs_no_query_but_nothing_at_all_does(capsys, real_index: Path):
    assert search_json(capsys, real_index, "--member", "Kostić")["total"] > 0
    code, _, err = run(capsys, "--index", str(real_index), "search")
    assert code == 2 and "zoekvraag" in err.lower()


def test_search_like_takes_a_passage(capsys, index_root):
    draft = "Welke Reaper toestellen en welke munitie wil Nederland nog aanschaffen?"
    code, out, _ = run(capsys, "--index", str(index_root), "search", "--like", draft)
    assert code == 0 and f"voor {draft!r}" in out and "Vraag " in out
    code, out, err = run(capsys, "--index", str(index_root), "search", "--like", " ")
    assert code != 0 and "Geef een tekst op" in out + err
