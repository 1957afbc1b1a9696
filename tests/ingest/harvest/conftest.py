from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from ingest.harvest import Client, HarvestOptions, Politeness, make_scope
from tests.ingest.harvest.koop import FakeKoop

# Fast but real: every wait still happens, only shorter than the defaults.
QUICK = Politeness(delay=0.02, timeout=5.0, attempts=3, backoff=0.05, max_backoff=0.2)
USER_AGENT = "Vraagbaak/test (+tests)"


@pytest.fixture
def koop() -> Iterator[FakeKoop]:
    with FakeKoop() as server:
        yield server


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    return tmp_path / "archive"


def client(politeness: Politeness = QUICK) -> Client:
    return Client(USER_AGENT, politeness)


def options(
    koop: FakeKoop, archive: Path, ministries=("alle",), kinds=(), **extra
) -> HarvestOptions:
    return HarvestOptions(
        endpoint=koop.endpoint,
        archive=archive,
        scope=make_scope(kinds, ministries),
        today=extra.pop("today", date(2026, 12, 1)),
        **extra,
    )
