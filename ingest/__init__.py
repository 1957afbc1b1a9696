"""Ingest: source files to plain records (Document, Record), independent of the index."""

from ingest.pipeline import EXTRACTORS, LAYOUTS, IngestReport, iter_documents, load, parse_file
from ingest.records import (
    FULLTEXT,
    MEDEDELING,
    PREAMBLE,
    QUESTION,
    Document,
    Footnote,
    IngestError,
    Record,
)

__all__ = [
    "EXTRACTORS",
    "FULLTEXT",
    "LAYOUTS",
    "MEDEDELING",
    "PREAMBLE",
    "QUESTION",
    "Document",
    "Footnote",
    "IngestError",
    "IngestReport",
    "Record",
    "iter_documents",
    "load",
    "parse_file",
]
