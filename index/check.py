"""Which generation of an index can be trusted, and a full check of one (`vraagbaak check`).

`generation_to_read` is index.store's choice (the live generation, else the newest
intact one) with one rule added: a live generation made by another version of the code
is reported as such (IndexOutdatedError: rebuild), not as damage to fall back from.

`check_index` goes further than a reader does when it opens a generation: every file is
read to its end, the Whoosh segments and the search arrays are opened. The arrays are
the one copy of the postings (Whoosh reads them through index.segment.codec), so they
must be consistent in themselves: each field's lexicon sorted (its bytes, offsets and
prefixes in agreement), each term's records
ascending and within its part, a phrase field's weights its positions per posting, and
each record's field length what its postings add up to. Segments and arrays must agree
with each other and with the catalog (record and document counts, which segments each
part covers, for a sample of records the field lengths Whoosh keeps, and for a sample of
terms the records Whoosh's reader finds through the codec). A generation that fails is
passed over, as search would pass over it, and the next one is checked.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import index as whoosh_index

from index.arrays.format import IndexOutdatedError, read_meta
from index.arrays.lexicon import Lexicon, prefixes_of
from index.arrays.read import FieldArrays, FieldView, IndexArrays, Part
from index.segment.lengths import LENGTH_OF_BYTE, lengths_as_bytes
from index.store import (
    COMPLETE,
    Generation,
    IndexDamagedError,
    IndexMissingError,
    open_generation,
)

SAMPLE = 50  # terms per field and records whose postings and lengths are compared
REBUILD = "vraagbaak ingest --rebuild PAD ... (met de mappen of bestanden van de index)"


def generation_to_read(root: Path, rejected: Mapping[str, str] | None = None) -> Generation:
    """index.store.open_generation, except that IndexOutdatedError names a live generation
    of another format (whose files no longer match its COMPLETE) when none is left."""
    try:
        return open_generation(root, rejected)
    except IndexDamagedError as error:
        if error.live is not None:
            read_meta(error.live)
        raise


@dataclass
class GenerationCheck:
    name: str
    live: bool  # the generation CURRENT names
    completed: float
    problems: list[str] = field(default_factory=list)
    facts: str = ""  # what it holds, when sound


@dataclass
class CheckReport:
    root: Path
    checked: list[GenerationCheck] = field(default_factory=list)
    passed_over: tuple[str, ...] = ()  # why the live generation was not checked first
    failure: str | None = None  # no generation could be checked at all

    @property
    def sound(self) -> bool:
        """The live generation is the one checked first, and it has no problem."""
        first = self.checked[0] if self.checked else None
        return self.failure is None and first is not None and first.live and not first.problems

    def lines(self) -> list[str]:
        """The report in Dutch: what was checked, what is wrong, what to run."""
        lines = [f"Index: {self.root}"]
        if self.passed_over:
            lines.append("Niet te gebruiken: " + "; ".join(self.passed_over) + ".")
        for check in self.checked:
            done = datetime.fromtimestamp(check.completed).strftime("%Y-%m-%d %H:%M")
            which = "de actuele" if check.live else "niet de actuele"
            verdict = "in orde: " + check.facts if not check.problems else "beschadigd:"
            lines.append(f"Generatie {check.name} ({which}, voltooid {done}): {verdict}")
            lines.extend(f"  - {problem}" for problem in check.problems)
        lines.append(self._advice())
        return lines

    def _advice(self) -> str:
        if self.failure is not None:
            return f"{self.failure}"
        sound = next((c for c in self.checked if not c.problems), None)
        if self.sound:
            return "De index is in orde."
        if sound is None:
            return f"Geen generatie is in orde. Bouw de index opnieuw met: {REBUILD}"
        return (
            f"Zoeken gebruikt nu {sound.name}. De volgende vraagbaak ingest PAD werkt die bij "
            f"en maakt haar weer de actuele; of bouw de index opnieuw met: {REBUILD}"
        )


def check_index(root: Path, sample: int = SAMPLE) -> CheckReport:
    """Check the generation search reads, and while it fails the next one (see above)."""
    report = CheckReport(root)
    rejected: dict[str, str] = {}
    while True:
        try:
            generation = generation_to_read(root, rejected)
        except IndexOutdatedError as error:
            report.failure = str(error)
            return report
        except IndexDamagedError as error:
            if not report.checked:
                report.passed_over = tuple(error.problems)
                report.failure = f"Geen generatie is in orde. Bouw de index opnieuw met: {REBUILD}"
            return report
        except IndexMissingError as error:
            report.failure = str(error)
            return report
        if not report.checked:
            report.passed_over = generation.instead_of
        check = _check_generation(generation, sample)
        report.checked.append(check)
        if not check.problems:
            return report
        rejected[check.name] = f"{check.name}: {check.problems[0]}"


def _check_generation(generation: Generation, sample: int) -> GenerationCheck:
    path = generation.path
    check = GenerationCheck(path.name, not generation.is_fallback, generation.completed)
    check.problems.extend(_unreadable_files(path))
    if check.problems:
        return check
    try:
        arrays = IndexArrays(path)
    except Exception as error:  # noqa: BLE001 - reported, whatever it is
        check.problems.append(f"de zoekarrays openen niet ({type(error).__name__}: {error})")
        return check
    try:
        ix = whoosh_index.open_dir(str(path))
        reader = ix.reader()
    except Exception as error:  # noqa: BLE001
        check.problems.append(f"de Whoosh-segmenten openen niet ({type(error).__name__}: {error})")
        return check
    try:
        check.problems.extend(_counts(generation.catalog, arrays, reader, ix))
        for name, view in arrays.fields.items():
            boost = ix.schema[name].format.field_boost
            check.problems.extend(_consistent(name, view, boost))
            check.problems.extend(_field(name, view, arrays, reader, sample))
    except Exception as error:  # noqa: BLE001
        check.problems.append(f"lezen mislukte ({type(error).__name__}: {error})")
    finally:
        reader.close()
    documents = generation.catalog["documents"].values()
    questions = sum(entry.get("questions", 0) for entry in documents)
    check.facts = (
        f"{_counted(len(documents), 'document', 'documenten')}, "
        f"{_counted(questions, 'vraag', 'vragen')}, "
        f"{_counted(arrays.doc_count, 'record', 'records')} in "
        f"{_counted(len(arrays.parts), 'deel', 'delen')}, "
        f"{_counted(len(arrays.fields), 'veld', 'velden')} gecontroleerd"
    )
    return check


def _unreadable_files(path: Path) -> list[str]:
    """Every file COMPLETE lists, read to its end: the disk's own read errors show here."""
    files = json.loads((path / COMPLETE).read_text(encoding="utf-8"))["files"]
    problems = []
    for name in files:
        try:
            with open(path / name, "rb") as handle:
                while handle.read(1 << 20):
                    pass
        except OSError as error:
            problems.append(f"{name} is onleesbaar ({error.strerror})")
    return problems


def _counts(catalog: dict[str, Any], arrays: IndexArrays, reader: Any, ix: Any) -> list[str]:
    problems = []
    if reader.doc_count_all() != arrays.doc_count_all:
        problems.append(
            f"de segmenten hebben {reader.doc_count_all()} records, "
            f"de zoekarrays {arrays.doc_count_all}"
        )
    if reader.doc_count() != arrays.doc_count:
        problems.append(
            f"de segmenten hebben {reader.doc_count()} niet-verwijderde records, "
            f"de zoekarrays {arrays.doc_count}"
        )
    entries = catalog["documents"]
    in_catalog = sum(entry.get("records", 0) for entry in entries.values())
    if in_catalog != arrays.doc_count:
        problems.append(f"de catalogus telt {in_catalog} records, de index {arrays.doc_count}")
    view = arrays.field("document")
    indexed = {t for t in view.terms() if arrays.live[view.docs(t)].any()}
    if indexed != set(entries):
        missing, extra = sorted(set(entries) - indexed), sorted(indexed - set(entries))
        problems.append(
            f"catalogus en index verschillen: zonder records {missing[:5]}, "
            f"niet in de catalogus {extra[:5]}"
        )
    covered = [segment for part in arrays.parts for segment in part.segments]
    segments = [segment.segid for segment in ix._segments()]
    if sorted(covered) != sorted(segments):
        problems.append(f"de zoekarrays dekken segmenten {covered}, de index heeft {segments}")
    return problems


def _consistent(name: str, view: FieldView, boost: float) -> list[str]:
    """The first inconsistency of the field's arrays in any part (see the module)."""
    for part, arrays in view.parts:
        problem = _part_field(part, arrays, boost)
        if problem is not None:
            return [f"veld {name}, {problem}"]
    return []


def _part_field(part: Part, arrays: FieldArrays, boost: float) -> str | None:
    lexicon = arrays.lexicon
    offsets, docs = np.asarray(arrays.offsets), np.asarray(arrays.docs)  # int32: no copies
    counts = np.diff(offsets)
    problem = _lexicon_problem(lexicon)
    if problem is not None:
        return problem
    if len(offsets) != len(lexicon) + 1 or offsets[0] != 0 or offsets[-1] != len(docs):
        return "de lijsten van de termen sluiten niet op elkaar aan"
    if (counts < 1).any():
        return "termen zonder records"
    starts_term = np.zeros(len(docs), dtype=bool)
    starts_term[offsets[:-1]] = True
    falling = np.flatnonzero((np.diff(docs) <= 0) & ~starts_term[1:])
    if len(falling):
        row = int(np.searchsorted(offsets, falling[0] + 1, side="right")) - 1
        return f"term {lexicon.term_bytes(row).decode('utf-8')!r}: de records staan niet oplopend"
    end = part.first_doc + part.doc_count
    if len(docs) and (docs.min() < part.first_doc or docs.max() >= end):
        return "records buiten het deel"
    weights = np.asarray(arrays.weights)
    if not (weights > 0).all() or len(weights) != len(docs):
        return "gewichten ontbreken of zijn niet positief"
    if arrays.positions is None:
        frequencies = np.rint(weights / boost)
    else:
        frequencies = np.diff(np.asarray(arrays.position_offsets))
        if (weights != (frequencies * boost).astype(np.float32)).any():
            return "gewichten die niet bij de posities passen"
    if arrays.lengths is None:
        return None
    lengths = np.bincount(docs - part.first_doc, frequencies, minlength=part.doc_count)
    wrong = np.flatnonzero(LENGTH_OF_BYTE[lengths_as_bytes(lengths)] != arrays.lengths)
    if len(wrong) or lengths.sum() != arrays.total_length:
        record = part.first_doc + int(wrong[0]) if len(wrong) else "?"
        return f"record {record}: een andere lengte dan zijn postings samen"
    return None


def _lexicon_problem(lexicon: Lexicon) -> str | None:
    """What is wrong with a lexicon's arrays (index.arrays.lexicon), if anything: their
    sizes, the offsets, whole UTF-8 terms, the prefixes, and strictly ascending terms."""
    data, bounds = np.asarray(lexicon.data), np.asarray(lexicon.offsets, dtype=np.int64)
    if len(bounds) != len(lexicon) + 1 or bounds[0] != 0 or bounds[-1] != len(data):
        return "de termen sluiten niet aan op hun bytes (termoffsets, termbytes, prefixes)"
    if (np.diff(bounds) < 0).any():
        return "de plaatsen van de termen (termoffsets) lopen niet op"
    try:
        data.tobytes().decode("utf-8")
    except UnicodeDecodeError:
        return "de termen zijn geen UTF-8 (termbytes)"
    if ((data[bounds[:-1][bounds[:-1] < len(data)]] & 0xC0) == 0x80).any():
        return "een term begint midden in een teken (termoffsets)"
    if (lexicon.prefixes != prefixes_of(data, bounds)).any():
        return "de voorvoegsels (prefixes) horen niet bij de termen"
    prefixes = np.asarray(lexicon.prefixes)
    shared = np.flatnonzero(prefixes[1:] == prefixes[:-1]).tolist()
    if (prefixes[1:] < prefixes[:-1]).any() or any(
        lexicon.term_bytes(row) >= lexicon.term_bytes(row + 1) for row in shared
    ):
        return "de termen staan niet op volgorde"
    return None


def _field(name: str, view: FieldView, arrays: IndexArrays, reader: Any, sample: int) -> list[str]:
    """One field's arrays against what Whoosh reads: for a sample of terms the live
    records and document frequency (through the codec: are the segments mapped onto
    the right parts?), for a sample of records the field length (W3's own file)."""
    terms = view.terms()
    for term in _spread(terms, sample):
        docs = view.docs(term)
        live = docs[arrays.live[docs]].tolist()
        whoosh_docs = list(reader.postings(name, term).all_ids())
        if live != whoosh_docs or reader.doc_frequency(name, term) != len(docs):
            return [f"veld {name}, term {term!r}: andere records dan in de segmenten"]
    if view.parts and view.parts[0][1].lengths is not None:
        for docnum in _spread(np.flatnonzero(arrays.live).tolist(), sample):
            if (reader.doc_field_length(docnum, name) or 0) != view.lengths[docnum]:
                return [f"veld {name}, record {docnum}: een andere lengte dan in de segmenten"]
    return []


def _counted(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _spread(values: list[Any], count: int) -> list[Any]:
    """At most `count` of `values`, evenly spread (the first and the last included)."""
    if len(values) <= count:
        return list(values)
    at = np.linspace(0, len(values) - 1, count).round().astype(int)
    return [values[i] for i in at]
