"""A peer (SQLite FTS5 or tantivy) behind waitress, so the HTTP figures have peers too.

    python -m bench.peer_server fts5 DB_FILE --port 8765
    python -m bench.peer_server tantivy INDEX_DIR --port 8766

Two routes: /api/zoeken with the same parameters as Vraagbaak's (q, partij): top 10 with
snippets and the party facet, as JSON; and /vraag/<document>/<number>: the record's
stored fields as JSON (Vraagbaak's question page also finds related answers; a peer only
looks the record up). A bare WSGI function, no framework: this is the floor an HTTP
search can reach on this machine with this server.
"""

from __future__ import annotations

import argparse
import json
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote

from bench.fts5 import Fts5Peer
from bench.tantivy_peer import TantivyPeer

PEERS: dict[str, Callable[[Path], Any]] = {"fts5": Fts5Peer, "tantivy": TantivyPeer}


def _search(peer: Any, args: dict[str, list[str]]) -> dict[str, Any] | None:
    text = (args.get("q") or [""])[0].strip()
    if not text:
        return None
    page = peer.page(text, 10, (args.get("partij") or [None])[0])
    return {
        "query": text,
        "total": page.total,
        "facets": {"party": page.counts},
        "hits": [hit.__dict__ for hit in page.hits],
    }


def make_app(engine: str, path: Path) -> Callable[..., Iterable[bytes]]:
    local = threading.local()  # one connection or searcher per waitress thread

    def peer() -> Any:
        if getattr(local, "peer", None) is None:
            local.peer = PEERS[engine](path)
        return local.peer

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        route = environ.get("PATH_INFO", "")
        body = None
        if route == "/api/zoeken":
            body = _search(peer(), parse_qs(environ.get("QUERY_STRING", "")))
        elif route.startswith("/vraag/"):
            body = peer().record(unquote(route.removeprefix("/vraag/")))
        if body is None:
            start_response("404 Not Found", [("Content-Type", "text/plain")])
            return [b"not found"]
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
    parser.add_argument("engine", choices=tuple(PEERS))
    parser.add_argument("path", type=Path)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args(argv)
    if not args.path.exists():
        parser.error(f"no {args.engine} index at {args.path}")
    waitress.serve(make_app(args.engine, args.path), host=args.host, port=args.port)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
