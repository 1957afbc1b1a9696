from pathlib import Path

import pytest

import ingest
from ingest.records import Document

CORPUS = Path(__file__).resolve().parents[2] / "data" / "corpus"
SAMPLE = CORPUS / "2026-02-10_beantwoording-schriftelijk-overleg-rbz-defensie.txt"


@pytest.fixture(scope="session")
def sample_path() -> Path:
    return SAMPLE


@pytest.fixture(scope="session")
def sample() -> Document:
    return ingest.parse_file(SAMPLE)
