"""Which generation of an index can be trusted, and a full check of one.

`generation_to_read` is index.store's choice (the live generation, else the newest
intact one) with one rule added: a live generation made by another version of the code
is reported as such (IndexOutdatedError: rebuild), not as damage to fall back from.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from index.arrays.format import read_meta
from index.store import Generation, IndexDamagedError, open_generation


def generation_to_read(root: Path, rejected: Mapping[str, str] | None = None) -> Generation:
    """index.store.open_generation, except that IndexOutdatedError names a live generation
    of another format (whose files no longer match its COMPLETE) when none is left."""
    try:
        return open_generation(root, rejected)
    except IndexDamagedError as error:
        if error.live is not None:
            read_meta(error.live)
        raise
