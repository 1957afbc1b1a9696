"""Ingest: source files to plain records (Document, Record), independent of the index.

The names below are loaded when first asked for: a module that needs only the records
or the metadata (a search, for its labels and Dutch dates) must not load the pipeline
with its PDF, Word and HTML readers.
"""

from __future__ import annotations

import importlib
from typing import Any

_PIPELINE = ("EXTRACTORS", "LAYOUTS", "IngestReport", "iter_documents", "load", "parse_file")
_RECORDS = (
    "FULLTEXT",
    "MEDEDELING",
    "PREAMBLE",
    "QUESTION",
    "Document",
    "Footnote",
    "IngestError",
    "Record",
)
_HOME = {name: "ingest.pipeline" for name in _PIPELINE} | {
    name: "ingest.records" for name in _RECORDS
}

__all__ = sorted(_HOME)


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:  # a submodule (`from ingest import limits`) is imported as usual
        raise AttributeError(f"module 'ingest' has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)
