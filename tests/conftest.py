"""Shared fixtures: the bundled corpus parsed once, indexed once, copied per test.

Each test that needs an index gets its own copy in a temporary folder, so a test
that changes the index cannot disturb another. Beside it, an index of real Kamervragen
(the ten Aanhangsel PDFs) with the fields the Kamervragen parser is still to fill
(askers, labels, sub-questions, cited documents) set as the letters print them, so the
index's handling of them is tested now.
"""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from index.build import build_index
from ingest import load
from ingest.records import Document, Part, Person
from search.config import BUNDLED_CORPUS
from search.engine import SearchEngine

SAMPLE_ID = "2026-02-10-mindef20260007449"
AANHANGSEL = Path(__file__).resolve().parent / "fixtures" / "aanhangsel"
# The askers as the first page of each letter prints them ("Vragen van het lid …").
ASKERS = {
    "ah-tk-20232024-1292": [("Keijzer", "BBB")],
    "ah-tk-20232024-1314": [("Mutluer", "GroenLinks-PvdA"), ("Kostić", "PvdD")],
    "ah-tk-20232024-1771": [("Van Nispen", "SP")],
    "ah-tk-20232024-1999": [
        ("Sneller", "D66"),
        ("Chakor", "GroenLinks-PvdA"),
        ("Van Nispen", "SP"),
    ],
    "ah-tk-20232024-2367": [("Van der Lee", "GroenLinks-PvdA")],
}


@pytest.fixture(scope="session")
def corpus_documents() -> list[Document]:
    report = load([BUNDLED_CORPUS])
    assert len(report.documents) == 1, report.warnings
    return report.documents


@pytest.fixture(scope="session")
def built_index(tmp_path_factory: pytest.TempPathFactory, corpus_documents) -> Path:
    root = tmp_path_factory.mktemp("index-master")
    build_index(corpus_documents, root)
    return root


@pytest.fixture
def index_root(tmp_path: Path, built_index: Path) -> Path:
    """A private copy of the bundled corpus's index for one test."""
    root = tmp_path / "index"
    shutil.copytree(built_index, root)
    return root


@pytest.fixture
def engine(index_root: Path) -> Iterator[SearchEngine]:
    with SearchEngine(index_root) as opened:
        yield opened


def _with_printed_fields(document: Document) -> Document:
    askers = [Person(name, party) for name, party in ASKERS.get(document.id, [])]
    records = []
    for record in document.records:
        changes: dict = {"askers": askers}
        if len(record.numbers) > 1:
            *rest, last = map(str, record.numbers)
            changes["label"] = f"Vraag {', '.join(rest)} en {last}"
            changes["parts"] = [
                Part(n, f"Vraag {n}", f"Deelvraag {n}: {record.question[:60]}")
                for n in record.numbers
            ]
        if document.id == "ah-tk-20232024-1999" and record.number == 1:
            changes["cites"] = ["ah-tk-20232024-1292"]
        records.append(dataclasses.replace(record, **changes))
    return dataclasses.replace(document, records=records)


@pytest.fixture(scope="session")
def kamervragen_documents(corpus_documents) -> list[Document]:
    letters = load([AANHANGSEL]).documents
    assert len(letters) == 10
    return [*corpus_documents, *(_with_printed_fields(d) for d in letters)]


@pytest.fixture(scope="session")
def kamervragen_index(tmp_path_factory: pytest.TempPathFactory, kamervragen_documents) -> Path:
    root = tmp_path_factory.mktemp("kamervragen")
    build_index(kamervragen_documents, root)
    return root


@pytest.fixture
def kamervragen(kamervragen_index: Path) -> Iterator[SearchEngine]:
    with SearchEngine(kamervragen_index) as opened:
        yield opened
