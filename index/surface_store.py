"""Where a generation's word-form counts and surface map live: a build's base, and a
part per update.

A build writes every written form's count into an SQLite table keyed by its folded word
(`words.sqlite`) and the map into `surface.json`. An update needs the counts of its own
words' folded keys only: it looks those up (in the newest part holding the key, else in
the base), and writes a part with the whole new state of just those keys: their counts
(for the next update) and their map entries (for readers, who read the base map and
let each part override it in order). The base is never rewritten: an update pays for
its own words, not for the vocabulary.

Parts are merged as the arrays' parts are (index/arrays/update.py): the new part into
the one before while that one is at most MERGE_FACTOR times its size, so a reader reads
a few parts after any number of updates and each key is rewritten a few times at most.
`vraagbaak ingest --rebuild` writes a fresh base without parts.

Within a key, forms keep their first-seen order (ties go to the first seen), the order
a recount over the same texts would give them.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import closing
from pathlib import Path

from index.store import replace_file

SURFACE_FILE = "surface.json"  # the build's map: folded word → surface form
COUNTS_FILE = "words.sqlite"  # the build's counts: (folded key, order, form, count)
PARTS_DIR = "surface"  # one part per update: <name>.counts.json and <name>.forms.json
MERGE_FACTOR = 2
MAP_SLICE = 10_000  # the map's entries encoded at a time

# The forms of one folded key with their counts, first seen first.
KeyForms = dict[str, int]


def write_base(
    generation_dir: Path, keyed: Iterable[tuple[str, str, int]], forms: dict[str, str]
) -> None:
    """A build's counts, (key, form, count) in first-seen order, and its map."""
    path = generation_dir / COUNTS_FILE
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    # No journal and no syncs: a half-written generation is removed whole, and
    # mark_complete syncs the file before the generation counts as complete.
    with closing(sqlite3.connect(tmp)) as db:
        db.execute("PRAGMA journal_mode=OFF")
        db.execute("PRAGMA synchronous=OFF")
        db.execute(
            "CREATE TABLE counts (key TEXT NOT NULL, seq INTEGER NOT NULL, form TEXT NOT NULL,"
            " count INTEGER NOT NULL, PRIMARY KEY (key, seq)) WITHOUT ROWID"
        )
        rows = ((key, seq, form, count) for seq, (key, form, count) in enumerate(keyed))
        db.executemany("INSERT INTO counts VALUES (?, ?, ?, ?)", rows)
        db.commit()
    os.replace(tmp, path)
    replace_file(generation_dir / SURFACE_FILE, _map_pieces(forms))


def _map_pieces(forms: dict[str, str]) -> Iterator[str]:
    """`forms` as json.dumps(forms, ensure_ascii=False, sort_keys=True) writes it, a slice
    of keys at a time: at 100,000 questions the whole text (32 MB as a str, and 16 MB
    more encoded) was the build's peak."""
    keys = sorted(forms)
    yield "{"
    for start in range(0, len(keys), MAP_SLICE):
        part = {key: forms[key] for key in keys[start : start + MAP_SLICE]}
        yield (", " if start else "") + json.dumps(part, ensure_ascii=False)[1:-1]
    yield "}"


def has_counts(generation_dir: Path) -> bool:
    """Whether the generation keeps its counts in this form (not: an older index's)."""
    return (generation_dir / COUNTS_FILE).is_file()


def stored_counts(generation_dir: Path, keys: Iterable[str]) -> dict[str, KeyForms]:
    """The current forms and counts of these folded keys; a key no text holds is left out."""
    wanted = set(keys)
    found: dict[str, KeyForms] = {}
    for name in reversed(part_names(generation_dir)):  # the newest part first
        if not wanted:
            break
        counts = _read_part(generation_dir, name, "counts")
        for key in wanted & counts.keys():
            if counts[key]:
                found[key] = dict(counts[key])
        wanted -= counts.keys()
    if wanted:
        found.update(_base_counts(generation_dir / COUNTS_FILE, wanted))
    return found


def _base_counts(path: Path, keys: set[str]) -> dict[str, KeyForms]:
    # immutable: the file is never written after its build, and a reader must not leave
    # a journal or lock beside files that other generations share.
    uri = f"{path.resolve().as_uri()}?immutable=1"
    found: dict[str, KeyForms] = {}
    with closing(sqlite3.connect(uri, uri=True)) as db:
        rows = db.execute(
            "SELECT key, form, count FROM counts WHERE key IN (SELECT value FROM json_each(?))"
            " ORDER BY key, seq",
            (json.dumps(sorted(keys), ensure_ascii=False),),
        )
        for key, form, count in rows:
            found.setdefault(key, {})[form] = count
    return found


def write_part(
    generation_dir: Path, counts: dict[str, KeyForms], forms: dict[str, str | None]
) -> None:
    """An update's part: the new state of the keys it touched (a key no text holds any
    more: no forms, map entry None), then the tail of parts merged."""
    names = part_names(generation_dir)
    number = _last_number(names[-1]) + 1 if names else 1
    name = f"part-{number:06d}-{number:06d}"
    (generation_dir / PARTS_DIR).mkdir(exist_ok=True)
    _write_part(generation_dir, name, {k: list(v.items()) for k, v in counts.items()}, forms)
    _merge_tail(generation_dir, [*names, name])


def part_names(generation_dir: Path) -> list[str]:
    """The generation's parts, oldest first."""
    try:
        files = os.listdir(generation_dir / PARTS_DIR)
    except FileNotFoundError:
        return []
    suffix = ".forms.json"
    return sorted(name.removesuffix(suffix) for name in files if name.endswith(suffix))


def read_forms(generation_dir: Path) -> dict[str, str]:
    """The map of a generation: the build's, with each part's entries over it in order."""
    forms: dict[str, str] = json.loads((generation_dir / SURFACE_FILE).read_text(encoding="utf-8"))
    for name in part_names(generation_dir):
        for key, form in _read_part(generation_dir, name, "forms").items():
            if form is None:
                forms.pop(key, None)
            else:
                forms[key] = form
    return forms


def _merge_tail(generation_dir: Path, names: list[str]) -> None:
    while len(names) > 1 and _size(generation_dir, names[-2]) <= MERGE_FACTOR * _size(
        generation_dir, names[-1]
    ):
        merged = {"counts": {}, "forms": {}}
        for name in names[-2:]:  # the later part's state of a key replaces the earlier's
            for kind, entries in merged.items():
                entries.update(_read_part(generation_dir, name, kind))
        name = f"part-{names[-2][5:11]}-{names[-1][-6:]}"
        # This generation's links only are removed: the previous generation keeps its own.
        for old in names[-2:]:
            for kind in merged:
                (generation_dir / PARTS_DIR / f"{old}.{kind}.json").unlink()
        _write_part(generation_dir, name, merged["counts"], merged["forms"])
        names[-2:] = [name]


def _write_part(
    generation_dir: Path, name: str, counts: dict[str, list], forms: dict[str, str | None]
) -> None:
    directory = generation_dir / PARTS_DIR
    # The forms last: a part is listed by its forms file, and is whole once that is there.
    replace_file(directory / f"{name}.counts.json", json.dumps(counts, ensure_ascii=False))
    replace_file(directory / f"{name}.forms.json", json.dumps(forms, ensure_ascii=False))


def _read_part(generation_dir: Path, name: str, kind: str) -> dict:
    path = generation_dir / PARTS_DIR / f"{name}.{kind}.json"
    return json.loads(path.read_text(encoding="utf-8"))


def _size(generation_dir: Path, name: str) -> int:
    return (generation_dir / PARTS_DIR / f"{name}.counts.json").stat().st_size


def _last_number(name: str) -> int:
    return int(name.rsplit("-", 1)[1])
