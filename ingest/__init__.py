"""Ingest: source files to plain records (Document, Question), independent of the index."""

from ingest.pipeline import EXTRACTORS, LAYOUTS, IngestReport, iter_documents, load, parse_file
from ingest.records import FULLTEXT, PREAMBLE, QUESTION, Document, Footnote, IngestError, Question

__all__ = [
    "EXTRACTORS",
    "FULLTEXT",
    "LAYOUTS",
    "PREAMBLE",
    "QUESTION",
    "Document",
    "Footnote",
    "IngestError",
    "IngestReport",
    "Question",
    "iter_documents",
    "load",
    "parse_file",
]
