"""The files an ingest reads, and every entry it does not take, named with the reason.

A folder may come from outside (an unpacked archive), so its entries are judged before
anything is opened:

- a link is followed only to a file inside the folder that was given; a link out of it
  could publish any file the ingest may read (`ln -s /etc/passwd brief.txt`). A link to
  a folder is never followed: inside, that folder is searched anyway; outside, it is
  not ours. A link in a loop, or to nothing, is named as such;
- a named pipe, socket or device is not a file to read (opening a pipe would wait for a
  writer forever), and a folder that cannot be read is named, not passed over;
- one file reached twice (a link beside its target, a hard link) is read once, under
  its own name rather than the link's;
- hidden entries (a name that starts with a dot: `.git`, the harvester's `.harvest.json`
  and its `.part` downloads, the benchmark's manifest) are bookkeeping, not documents, as
  most tools that walk folders treat them: they are not searched, not warned about one
  by one, and counted (`Found.hidden`) so the summary can say how many were passed over.

A path named on the command line is the user's choice and is followed where it points:
a file given as a link is read, a folder given as a link is searched, and "inside" then
means inside the folder it points to.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ingest.records import IngestError


def is_sidecar(path: Path) -> bool:
    """A metadata.xml beside a publication describes it; it is not a document itself."""
    return path.name.lower().endswith("metadata.xml")


_Identity = tuple[int, int]  # (device, inode): one file, whatever its names


@dataclass
class Found:
    files: list[Path] = field(default_factory=list)  # in the order to read them
    refused: list[IngestError] = field(default_factory=list)  # each with its reason
    hidden: list[Path] = field(default_factory=list)  # names that start with a dot


@dataclass(frozen=True)
class _Candidate:
    path: Path
    identity: _Identity
    is_link: bool


def unsupported(path: Path) -> IngestError:
    return IngestError(
        str(path), f"niet-ondersteund bestandstype {path.suffix or '(geen extensie)'!r}"
    )


def find_files(paths: Iterable[Path], suffixes: Collection[str]) -> Found:
    """Files to parse: given files as they are, folders searched recursively and sorted;
    `suffixes` are the supported ones (lower case, with the dot)."""
    found = Found()
    taken: dict[_Identity, Path] = {}
    for path in map(Path, paths):
        candidates = _search(path, found) if path.is_dir() else _given(path, found)
        _take(candidates, suffixes, taken, found)
    return found


def _given(path: Path, found: Found) -> list[_Candidate]:
    try:
        status = os.stat(path)  # follows a link: the user named it
    except FileNotFoundError:
        found.files.append(path)  # parse_file says that it does not exist, in order
        return []
    except OSError as error:
        found.refused.append(_unreachable(path, error))
        return []
    if not stat.S_ISREG(status.st_mode):
        found.refused.append(_not_a_file(path, status))
        return []
    return [_Candidate(path, (status.st_dev, status.st_ino), is_link=False)]


def _search(root: Path, found: Found) -> list[_Candidate]:
    """Every regular file under `root` it may read; what it may not goes to `found`."""
    inside = os.path.realpath(root)
    candidates: list[_Candidate] = []
    refused: list[IngestError] = []
    status = os.stat(root)
    folders, searched = [root], {(status.st_dev, status.st_ino)}
    while folders:
        folder = folders.pop()
        try:
            entries = [Path(entry.path) for entry in os.scandir(folder)]
        except OSError as error:
            refused.append(IngestError(str(folder), f"map niet te lezen ({error.strerror})"))
            continue
        for path in entries:
            if path.name.startswith("."):
                found.hidden.append(path)
                continue
            judged = _judge(path, inside)
            if isinstance(judged, IngestError):
                refused.append(judged)
            elif stat.S_ISDIR(judged.st_mode):
                if (judged.st_dev, judged.st_ino) not in searched:  # a bind mount's loop
                    searched.add((judged.st_dev, judged.st_ino))
                    folders.append(path)
            else:
                identity = (judged.st_dev, judged.st_ino)
                candidates.append(_Candidate(path, identity, is_link=path.is_symlink()))
    found.refused.extend(sorted(refused, key=lambda error: Path(error.source)))
    return sorted(candidates, key=lambda candidate: candidate.path)


def _judge(path: Path, inside: str) -> os.stat_result | IngestError:
    """The status of a folder or regular file to take at `path`, or why it is not taken."""
    try:
        status = os.stat(path, follow_symlinks=False)
        if stat.S_ISLNK(status.st_mode):
            target = os.path.realpath(path)
            if not _within(target, inside):
                what = "map" if os.path.isdir(target) else "bestand"
                return IngestError(str(path), f"link naar een {what} buiten de map ({target})")
            status = os.stat(path)
            if stat.S_ISDIR(status.st_mode):
                return IngestError(
                    str(path), f"link naar een map ({target}); die wordt zelf al doorzocht"
                )
    except OSError as error:
        return _unreachable(path, error)
    if stat.S_ISDIR(status.st_mode) or stat.S_ISREG(status.st_mode):
        return status
    return _not_a_file(path, status)


def _take(
    candidates: list[_Candidate],
    suffixes: Collection[str],
    taken: dict[_Identity, Path],
    found: Found,
) -> None:
    """Candidates to read, in their order; each file once, by its own name if it has one."""
    readable = []
    for candidate in candidates:
        if is_sidecar(candidate.path):
            continue  # read with the publication it describes
        if candidate.path.suffix.lower() in suffixes:
            readable.append(candidate)
        else:
            found.refused.append(unsupported(candidate.path))
    own_names = {c.identity: c.path for c in reversed(readable) if not c.is_link}
    chosen = {c.identity: own_names.get(c.identity, c.path) for c in reversed(readable)}
    for candidate in readable:
        path, earlier = candidate.path, taken.get(candidate.identity)
        if earlier == path:
            found.refused.append(IngestError(str(path), "al eerder genoemd; één keer gelezen"))
        elif earlier is not None or chosen[candidate.identity] != path:
            first = earlier or chosen[candidate.identity]
            found.refused.append(IngestError(str(path), f"zelfde bestand als {first}"))
        else:
            taken[candidate.identity] = path
            found.files.append(path)


def _within(target: str, folder: str) -> bool:
    return target == folder or target.startswith(folder.rstrip(os.sep) + os.sep)


def _unreachable(path: Path, error: OSError) -> IngestError:
    if error.errno == errno.ELOOP:
        return IngestError(str(path), "link in een kring (verwijst via links naar zichzelf)")
    if error.errno == errno.ENOENT:
        return IngestError(str(path), "link naar een bestand dat niet bestaat")
    return IngestError(str(path), f"niet te lezen ({error.strerror})")


def _not_a_file(path: Path, status: os.stat_result) -> IngestError:
    mode = status.st_mode
    if stat.S_ISFIFO(mode):
        kind = "een named pipe (FIFO)"
    elif stat.S_ISSOCK(mode):
        kind = "een socket"
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        kind = "een apparaatbestand"
    else:
        kind = "een ander soort bestand"
    return IngestError(str(path), f"geen gewoon bestand maar {kind}")
