"""Shared fixtures: the bundled corpus parsed once, indexed once, copied per test.

Each test that needs an index gets its own copy in a temporary folder, so a test
that changes the index cannot disturb another.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from index.build import build_index
from ingest import load
from ingest.records import Document
from search.config import BUNDLED_CORPUS
from search.engine import SearchEngine

SAMPLE_ID = "2026-02-10-mindef20260007449"


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
def engine(index_root: Path) -> SearchEngine:
    return SearchEngine(index_root)
