"""The `vraagbaak` command: ingest, harvest, search, toon, documents, check, serve.

Every failure a user can cause ends in one line naming the problem and a
non-zero exit status; no traceback reaches the terminal. Text from documents and
file names is printed with its control characters escaped (search.terminal), and
output cut short by a closed pipe (`| head`) ends quietly.

Each command lives in a module of its own, imported when it runs: an ingest does not
load the search engine's web site or the harvester, a search not the ingest's readers
of PDF and Word files.
"""

from __future__ import annotations

import importlib
import os
import select
import sys
from collections.abc import Callable, Sequence

from index.store import IndexMissingError, IndexWriteError
from search.cli_args import build_parser, check_search
from search.cli_common import EXIT_USAGE, CommandError, say

EXIT_PIPE_CLOSED = 141  # what a shell reports for a command ended by SIGPIPE

# Each command's module and function.
COMMANDS = {
    "search": ("search.cli_search", "cmd_search"),
    "toon": ("search.cli_show", "cmd_show"),
    "show": ("search.cli_show", "cmd_show"),
    "documents": ("search.cli_search", "cmd_documents"),
    "check": ("search.cli_ingest", "cmd_check"),
    "ingest": ("search.cli_ingest", "cmd_ingest"),
    "harvest": ("search.cli_harvest", "cmd_harvest"),
    "serve": ("search.cli_serve", "cmd_serve"),
}


def command(name: str) -> Callable[..., int]:
    module, function = COMMANDS[name]
    return getattr(importlib.import_module(module), function)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        check_search(parser, args)
        status = command(args.command)(args)
        sys.stdout.flush()  # a closed pipe shows here, not in Python's flush at exit
        return status
    except SystemExit as done:  # --help (0) or a mistake in the arguments, said in Dutch (2)
        return done.code if isinstance(done.code, int) else EXIT_USAGE
    except (CommandError, ValueError, LookupError) as error:
        say(f"vraagbaak: {error}", file=sys.stderr)
        return EXIT_USAGE
    except (IndexMissingError, IndexWriteError) as error:  # damaged, full, read-only
        say(f"vraagbaak: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        say("vraagbaak: afgebroken", file=sys.stderr)
        return 130
    except Exception as error:  # the last line of defence: one line, never a traceback
        if isinstance(error, BrokenPipeError) and _output_closed():
            # The reader (`| head`) has what it wanted; nothing more can reach it, and
            # Python's own flush at exit must not try again.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return EXIT_PIPE_CLOSED
        say(f"vraagbaak: onverwachte fout ({type(error).__name__}): {error}", file=sys.stderr)
        return 1


def _output_closed() -> bool:
    """Whether stdout is a pipe or socket whose reader has gone (poll says POLLERR)."""
    try:
        poller = select.poll()
        poller.register(sys.stdout.fileno(), select.POLLOUT)
    except (AttributeError, OSError, ValueError):
        return False
    return any(events & (select.POLLERR | select.POLLHUP) for _, events in poller.poll(0))


if __name__ == "__main__":
    sys.exit(main())
