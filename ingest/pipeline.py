"""From files to Documents: pick the extractor by suffix, then the first layout that fits.

Adding a format is one entry in EXTRACTORS; adding a layout is one entry in LAYOUTS,
before `fulltext`, which accepts anything and so must stay last.

`iter_documents` yields each document as soon as it is read, so an ingest of a whole
archive never holds all of it in memory; with `procs` > 1, worker processes parse
ahead of the caller (a bounded window of files), who indexes meanwhile. `load` is the
same, as a list.
"""

from __future__ import annotations

import importlib
import multiprocessing
import pickle
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from ingest import discovery, extract_txt
from ingest.extracted import ExtractedText
from ingest.layouts import aanhangsel, fulltext, lijst, schriftelijk_overleg
from ingest.limits import DEFAULT_LIMITS, Limits, time_limit
from ingest.records import Document, IngestError

Extractor = Callable[[Path, Limits], ExtractedText]
Layout = Callable[[ExtractedText], Document | None]
Progress = Callable[[int, int], None]  # (files done, files in all)
# How far each worker process may parse ahead of the caller. The bulk writer takes
# documents in bursts (it writes a chunk of records at a time), so the window must span
# a chunk's files or the workers idle meanwhile (16 files: 2.4 s of 11 s waiting at 20,000
# questions; 256: 0.5 s); the bytes keep large files from piling up in memory.
AHEAD_FILES = 256
AHEAD_BYTES = 32 * 2**20


def _loaded_when_used(module: str) -> Extractor:
    """An extractor whose module (with its PDF, Word or HTML library) is loaded when a file
    of its kind is first read: a command that reads none (a search, a .txt letter's
    update) does not wait for pdfminer, python-docx and lxml."""

    def extract(path: Path, limits: Limits) -> ExtractedText:
        return importlib.import_module(module).extract(path, limits)

    return extract


# Read-only on purpose: the tables are configuration, not state to change at run time.
EXTRACTORS: Mapping[str, Extractor] = MappingProxyType(
    {
        ".txt": extract_txt.extract,
        ".pdf": _loaded_when_used("ingest.extract_pdf"),
        ".docx": _loaded_when_used("ingest.extract_docx"),
        ".html": _loaded_when_used("ingest.extract_officiele"),
        ".htm": _loaded_when_used("ingest.extract_officiele"),
        ".xml": _loaded_when_used("ingest.extract_officiele"),
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
    skipped: list[str] = field(default_factory=list)  # files not taken, each also warned
    hidden: list[str] = field(default_factory=list)  # entries whose name starts with a dot

    def skip(self, error: IngestError) -> None:
        """A file not taken: named in `skipped`, and with its reason in `warnings`."""
        self.skipped.append(error.source)
        self.warnings.append(str(error))


def parse_file(path: Path, limits: Limits = DEFAULT_LIMITS) -> Document:
    """One file as a Document; IngestError naming the file and the reason when it cannot be.

    The file's size is checked as it is read, its parse is abandoned after
    `limits.seconds_per_file`, and the PDF and .docx extractors apply their own limits.
    """
    path = Path(path)
    if not path.exists():
        raise IngestError(str(path), "bestand bestaat niet")
    extractor = EXTRACTORS.get(path.suffix.lower())
    if extractor is None:
        raise discovery.unsupported(path)
    with time_limit(str(path), limits.seconds_per_file):
        try:
            return _parse(path, extractor, limits)
        except (IngestError, KeyboardInterrupt):
            raise
        except Exception as error:  # a library choking on a broken file: skip it, say why
            reason = f"onleesbaar of beschadigd bestand ({type(error).__name__}: {error})"
            raise IngestError(str(path), reason) from error


def _parse(path: Path, extractor: Extractor, limits: Limits) -> Document:
    extracted = extractor(path, limits)
    for layout in LAYOUTS:
        document = layout(extracted)
        if document is not None:
            return document
    raise IngestError(str(path), "geen enkele indeling herkende de tekst")  # fulltext always does


def _expand(paths: Iterable[Path], report: IngestReport) -> list[Path]:
    """Files to parse (see ingest/discovery.py); each entry not taken is in `report`."""
    found = discovery.find_files(paths, EXTRACTORS)
    for error in found.refused:
        report.skip(error)
    report.hidden.extend(map(str, found.hidden))
    return found.files


def _is_new(document: Document, report: IngestReport, kept: dict[str, str]) -> bool:
    """False when the same content or the same document id was already taken from another
    file (a .docx and its .pdf, a publication as .pdf and as .xml); the report says which.
    An id made from content differs whenever the content does (ingest.metadata.document_id),
    so two different letters never meet here."""
    same_content = kept.get(document.fingerprint)
    first = same_content or kept.get(f"id:{document.id}")
    if first is not None:
        what = (
            "zelfde inhoud" if same_content else f"zelfde document ({document.id}), andere inhoud,"
        )
        report.skip(IngestError(document.source, f"{what} als {first}; {first} behouden"))
        return False
    kept[document.fingerprint] = kept[f"id:{document.id}"] = document.source
    report.warnings.extend(document.warnings)
    return True


def _outcome(path: Path, limits: Limits) -> Document | IngestError:
    """One file parsed, or why it cannot be: picklable either way, for a worker process."""
    try:
        return parse_file(path, limits)
    except IngestError as error:
        return error


def _packed(path: Path, limits: Limits) -> bytes:
    """`_outcome` pickled by the worker itself: what waits in the caller's window is then
    one block of bytes per file, about the file's size, rather than the Document's objects
    (twice that, and left scattered among the index's own when they go)."""
    return pickle.dumps(_outcome(path, limits), pickle.HIGHEST_PROTOCOL)


def _pool(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))


def _alone(path: Path, limits: Limits) -> Document | IngestError:
    """A file whose worker process died, parsed again in a process of its own: if that
    one dies too, this file is the one that kills it."""
    with _pool(1) as single:
        try:
            return pickle.loads(single.submit(_packed, path, limits).result())
        except BrokenProcessPool:
            return IngestError(str(path), "het leesproces brak af bij dit bestand")


def _file_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


class _Ahead:
    """Files parsed by worker processes, outcomes in order, a window ahead of the caller."""

    def __init__(self, files: list[Path], workers: int, limits: Limits) -> None:
        self.todo = deque(files)
        self.workers = workers
        self.limits = limits
        self.pool = _pool(workers)
        self.pending: deque[tuple[Path, Future[bytes], int]] = deque()
        self.in_flight = 0  # bytes of the pending files
        self._fill()  # the workers fork now, at the first files (see iter_documents)

    def _fill(self) -> None:
        files, size = AHEAD_FILES * self.workers, AHEAD_BYTES * self.workers
        while self.todo and (
            not self.pending or (len(self.pending) < files and self.in_flight < size)
        ):
            path = self.todo.popleft()
            future = self.pool.submit(_packed, path, self.limits)
            self.pending.append((path, future, _file_size(path)))
            self.in_flight += self.pending[-1][2]

    def _restart(self, path: Path) -> Document | IngestError:
        """A worker died (a parser crashed): name the file that did it, go on without it."""
        outcome = _alone(path, self.limits)
        self.pool.shutdown(cancel_futures=True)
        self.pool = _pool(self.workers)
        self.pending = deque(
            (p, self.pool.submit(_packed, p, self.limits), n) for p, _, n in self.pending
        )
        return outcome

    def __iter__(self) -> Iterator[Document | IngestError]:
        try:
            while self.pending:
                path, future, size = self.pending.popleft()
                self.in_flight -= size
                try:
                    outcome = pickle.loads(future.result())
                except BrokenProcessPool:
                    outcome = self._restart(path)
                self._fill()
                yield outcome
        finally:
            self.pool.shutdown(cancel_futures=True)


def _outcomes(files: list[Path], procs: int, limits: Limits) -> Iterator[Document | IngestError]:
    """Each file's outcome in order; with procs > 1, procs - 1 workers parse ahead."""
    workers = min(procs - 1, len(files) - 1)
    if workers < 1:
        return (_outcome(path, limits) for path in files)
    return iter(_Ahead(files, workers, limits))


def iter_documents(
    paths: Iterable[Path],
    report: IngestReport,
    procs: int = 1,
    progress: Progress | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Iterator[Document]:
    """Every new document of `paths`, file by file; a broken file is a warning in
    `report`, never an abort. `procs`: processes to parse with (this one included).

    The files are found, and the worker processes of `procs` > 1 started, at the call,
    not at the first document: a worker is a fork of its caller and its resident size
    starts at the caller's, so a caller that calls before it loads the index (numpy,
    Whoosh) has workers of some 20 MiB instead of 36 (search.cli_ingest, bench)."""
    files = _expand(paths, report)
    return _new_documents(_outcomes(files, procs, limits), len(files), report, progress)


def _new_documents(
    outcomes: Iterator[Document | IngestError],
    total: int,
    report: IngestReport,
    progress: Progress | None,
) -> Iterator[Document]:
    kept: dict[str, str] = {}
    for done, outcome in enumerate(outcomes, 1):
        if isinstance(outcome, IngestError):
            report.skip(outcome)
        elif _is_new(outcome, report, kept):
            yield outcome
        if progress is not None:
            progress(done, total)


def load(paths: Iterable[Path], procs: int = 1, limits: Limits = DEFAULT_LIMITS) -> IngestReport:
    """Parse every supported file into `report.documents`; see `iter_documents`."""
    report = IngestReport()
    report.documents = list(iter_documents(paths, report, procs, limits=limits))
    return report
