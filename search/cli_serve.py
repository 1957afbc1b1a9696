"""`vraagbaak serve`: the site, with the bundled corpus indexed on a first start."""

from __future__ import annotations

import argparse
import sys

from index.store import IndexMissingError, has_index
from index.sync import sync_index
from ingest import load
from search import config
from search.cli_common import say
from search.engine import SearchEngine
from search.web import address, server

NETWORK_WARNING = (
    "Let op: met --host {host} is de site ook vanaf het netwerk bereikbaar, niet alleen op "
    "deze machine. Alleen hier: --host 127.0.0.1."
)


def cmd_serve(args: argparse.Namespace) -> int:
    port = address.parse_port(args.port)
    workers = server.default_workers() if args.workers is None else args.workers
    # Bound before anything else: a bad address fails at once, and no other program
    # can take the port between a check and the start.
    with address.listen(args.host, port) as sock:
        root = args.index or config.index_dir()
        if not has_index(root):
            # A first start should show a working site, so build from the bundled corpus;
            # only there: a damaged index is never replaced by the sample.
            say(f"Nog geen index in {root}; het meegeleverde corpus wordt ingelezen.")
            sync_index(load([config.BUNDLED_CORPUS]).documents, root)
        _say_index_state(SearchEngine(root))
        if address.reachable_from_network(sock):
            say(NETWORK_WARNING.format(host=args.host), file=sys.stderr)
        shown = f"[{args.host}]" if ":" in args.host else args.host
        say(f"Vraagbaak draait op http://{shown}:{port}/")
        try:
            server.serve({"INDEX_DIR": root}, sock, workers)
        except server.WorkersFailingError as error:
            say(f"vraagbaak: {error}", file=sys.stderr)
            return 1
    return 0


def _say_index_state(engine: SearchEngine) -> None:
    """What serve must tell before it starts: a fallback, or an index it cannot search
    (the site then answers 503 until an ingest repairs it, without a restart)."""
    try:
        engine.is_ready()
        notice = engine.recovery_notice()
    except IndexMissingError as error:
        notice = f"{error} De site antwoordt tot dan met 503."
    if notice is not None:
        say(f"vraagbaak: {notice}", file=sys.stderr)
