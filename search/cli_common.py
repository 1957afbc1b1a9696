"""What every `vraagbaak` command shares: the user-facing failure and how a line or JSON
is printed (text from documents and file names escaped, search.terminal)."""

from __future__ import annotations

import json
import sys
from typing import TextIO

from search.terminal import escape_controls

EXIT_USAGE = 2


class CommandError(Exception):
    """A user-facing failure: printed as one line, exit status 2."""


def say(line: str, file: TextIO | None = None) -> None:
    """Print one line that may hold text from documents or file names, escaped."""
    print(escape_controls(line), file=file or sys.stdout, flush=True)


def print_json(data: object) -> None:
    # JSON already escapes C0 controls; C1 and bidi controls become \u escapes as well.
    print(escape_controls(json.dumps(data, ensure_ascii=False, indent=2), multiline=True))
