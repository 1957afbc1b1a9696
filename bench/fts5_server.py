"""The FTS5 peer behind waitress, so the HTTP figures have a peer too.

    python -m bench.fts5_server DB_FILE --port 8765

One route, the same parameters as Vraagbaak's /api/zoeken (q, partij): top 10 with
snippets and the party facet, as JSON. A bare WSGI function, no framework: this
is the floor an HTTP search can reach on this machine with this server.
"""

from __future__ import annotations

import argparse
import json
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from bench.fts5 import Fts5Peer

_local = threading.local()  # one SQLite connection per waitress thread


def make_app(db: Path) -> Callable[..., Iterable[bytes]]:
    def peer() -> Fts5Peer:
        if getattr(_local, "peer", None) is None:
            _local.peer = Fts5Peer(db)
        return _local.peer

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        args = parse_qs(environ.get("QUERY_STRING", ""))
        text = (args.get("q") or [""])[0].strip()
        if environ.get("PATH_INFO") != "/api/zoeken" or not text:
            start_response("404 Not Found", [("Content-Type", "text/plain")])
            return [b"not found"]
        party = (args.get("partij") or [None])[0]
        hits = peer().search(text, 10, party)
        counts = peer().party_counts(text)
        body = {
            "query": text,
            "total": sum(counts.values()),
            "facets": {"party": counts},
            "hits": [hit.__dict__ for hit in hits],
        }
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        start_response(
            "200 OK",
            [("Content-Type", "application/json"), ("Content-Length", str(len(data)))],
        )
        return [data]

    return app


def main(argv: list[str] | None = None) -> int:
    import waitress

    parser = argparse.ArgumentParser()
    parser.add_argument("db", type=Path)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args(argv)
    if not args.db.is_file():
        parser.error(f"no database at {args.db}")
    waitress.serve(make_app(args.db), host=args.host, port=args.port)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
