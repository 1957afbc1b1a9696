"""Each command loads what it needs: an ingest neither the site nor the harvester, a
search not the ingest's PDF, Word and HTML readers, --help neither (search.cli imports
each command's module when it runs). Checked in a fresh interpreter, by the modules it
holds after the real command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from search.config import BUNDLED_CORPUS

_LOADED = """
import json, sys
from search.cli import main
status = main(sys.argv[1:])
print(json.dumps([status, sorted(sys.modules)]))
"""
SITE = {"flask", "jinja2", "werkzeug", "search.web", "ingest.harvest"}
READERS = {"pdfminer", "docx", "lxml", "ingest.pipeline", "index.build"}
ENGINE = {"whoosh", "numpy", "search.engine", "index.analysis.chain", "Stemmer", "nltk"}


def _loaded(*args: str, status: int = 0) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", _LOADED, *args], capture_output=True, text=True, check=True
    )
    returned, modules = json.loads(done.stdout.strip().splitlines()[-1])
    assert returned == status, done.stderr
    return set(modules)


def test_an_ingest_of_a_text_letter_loads_neither_site_nor_harvester_nor_pdf(tmp_path: Path):
    letter = next(BUNDLED_CORPUS.glob("*.txt"))
    loaded = _loaded("--index", str(tmp_path / "index"), "ingest", str(letter))
    assert {"index.build", "ingest.pipeline"} <= loaded  # it did index
    assert not (SITE | {"pdfminer", "docx", "lxml"}) & loaded


def test_a_search_and_help_load_no_ingest_readers(index_root: Path):
    loaded = _loaded("--index", str(index_root), "search", "Oekraïne")
    assert "search.engine" in loaded
    assert not (SITE | READERS) & loaded
    assert not (SITE | READERS) & _loaded("--help")


def test_help_and_a_mistake_in_the_arguments_load_no_engine():
    # The parser's choices (--sort, --limit, --stemmer, --kind) come from light modules.
    assert not ENGINE & _loaded("--help")
    assert not ENGINE & _loaded("search", "--help")
    assert not ENGINE & _loaded("search", "drones", "--limit", "500", status=2)


_AT_FORK = """
import json, sys
from ingest import pipeline
from search.cli import main
pool, seen = pipeline._pool, []
def watched(workers):
    seen.append(sorted({"numpy", "whoosh"} & set(sys.modules)))
    return pool(workers)
pipeline._pool = watched
status = main(sys.argv[1:])
print(json.dumps([status, seen]))
"""


def test_an_ingest_forks_its_parsing_workers_before_it_loads_the_engine(tmp_path: Path):
    # A forked worker starts at its parent's resident size: 36 MiB with numpy and Whoosh
    # loaded, some 20 without (ingest.iter_documents).
    letter = next(BUNDLED_CORPUS.glob("*.txt"))
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.txt", "b.txt"):  # a worker needs two files: the second is a copy
        (folder / name).write_bytes(letter.read_bytes())
    args = ["--index", str(tmp_path / "index"), "ingest", "--procs", "2", str(folder)]
    done = subprocess.run(
        [sys.executable, "-c", _AT_FORK, *args], capture_output=True, text=True, check=True
    )
    status, seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert status == 0 and seen == [[]], done.stderr
