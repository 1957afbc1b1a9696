"""From files to Documents: pick the extractor by suffix, then the first layout that fits.

Adding a format is one entry in EXTRACTORS; adding a layout is one entry in LAYOUTS,
before `fulltext`, which accepts anything and so must stay last.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from ingest import extract_docx, extract_officiele, extract_pdf, extract_txt, limits
from ingest.extracted import ExtractedText
from ingest.layouts import aanhangsel, fulltext, lijst, schriftelijk_overleg
from ingest.records import Document, IngestError

Extractor = Callable[[Path], ExtractedText]
Layout = Callable[[ExtractedText], Document | None]

# Read-only on purpose: the tables are configuration, not state to change at run time.
EXTRACTORS: Mapping[str, Extractor] = MappingProxyType(
    {
        ".txt": extract_txt.extract,
        ".pdf": extract_pdf.extract,
        ".docx": extract_docx.extract,
        ".html": extract_officiele.extract,
        ".htm": extract_officiele.extract,
        ".xml": extract_officiele.extract,
    }
)
LAYOUTS: tuple[Layout, ...] = (
    schriftelijk_overleg.parse,
    aanhangsel.parse,
    lijst.parse,
    fulltext.parse,
)


@dataclass
class IngestReport:
    documents: list[Document] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # one line each: "<file>: <reason>"
    skipped: list[str] = field(default_factory=list)  # files not taken


def parse_file(path: Path) -> Document:
    """One file as a Document; IngestError naming the file and the reason when it cannot be."""
    path = Path(path)
    if not path.exists():
        raise IngestError(str(path), "bestand bestaat niet")
    extractor = EXTRACTORS.get(path.suffix.lower())
    if extractor is None:
        raise IngestError(
            str(path), f"niet-ondersteund bestandstype {path.suffix or '(geen extensie)'!r}"
        )
    if path.is_file():
        limits.check_size(str(path), path.stat().st_size)
    with limits.time_limit(str(path)):
        try:
            return _parse(path, extractor)
        except (IngestError, KeyboardInterrupt):
            raise
        except Exception as error:  # a library choking on a broken file: skip it, say why
            reason = f"onleesbaar of beschadigd bestand ({type(error).__name__}: {error})"
            raise IngestError(str(path), reason) from error


def _parse(path: Path, extractor: Extractor) -> Document:
    extracted = extractor(path)
    for layout in LAYOUTS:
        document = layout(extracted)
        if document is not None:
            return document
    raise IngestError(str(path), "geen enkele indeling herkende de tekst")  # fulltext always does


def _expand(paths: Iterable[Path], report: IngestReport) -> list[Path]:
    """Files to parse: given files as they are, folders searched recursively and sorted."""
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if extract_officiele.is_sidecar(child):
                    continue  # read with the publication it describes
                if child.suffix.lower() in EXTRACTORS:
                    files.append(child)
                else:
                    report.skipped.append(str(child))
        else:
            files.append(path)  # missing or unsupported: parse_file says why
    return files


def _add(document: Document, report: IngestReport, kept: dict[str, Document]) -> None:
    """Add the document unless the same content or the same document id was already taken
    from another file: a .docx and its .pdf, or a publication as .pdf and as .xml."""
    first = kept.get(document.fingerprint) or kept.get(f"id:{document.id}")
    if first is not None:
        report.skipped.append(document.source)
        report.warnings.append(
            f"{document.source}: zelfde inhoud als {first.source}; {first.source} behouden"
        )
        return
    kept[document.fingerprint] = kept[f"id:{document.id}"] = document
    report.documents.append(document)
    report.warnings.extend(document.warnings)


def load(paths: Iterable[Path]) -> IngestReport:
    """Parse every supported file; a broken file becomes a warning, never an abort."""
    report = IngestReport()
    kept: dict[str, Document] = {}
    for path in _expand(paths, report):
        try:
            document = parse_file(path)
        except IngestError as error:
            report.warnings.append(str(error))
            report.skipped.append(str(path))
            continue
        _add(document, report, kept)
    return report
