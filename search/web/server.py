"""Serving the site: gunicorn with one worker process per core, or waitress in one.

A search is CPU-bound Python. Threads in one process share one core under the
GIL: measured at 20,000 questions, 4 waitress threads answered fewer requests
per second than 1 (4.1 against 5.3). Separate processes use every core, so by
default there are as many workers as cores, each with its own SearchEngine
(the posting arrays are memory-mapped, so the page cache holds them once).
"""

from __future__ import annotations

import os
import socket
from collections.abc import Mapping
from typing import Any

THREADS_PER_WORKER = 2  # a slow search does not stall a worker's other connection


class PortInUseError(OSError):
    def __init__(self, host: str, port: int) -> None:
        super().__init__(f"Poort {port} op {host} is al in gebruik; kies een andere met --port.")


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1)


def check_port(host: str, port: int) -> None:
    """Fail with one clear line before any server starts logging retries."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            raise PortInUseError(host, port) from error


def serve(settings: Mapping[str, Any], host: str, port: int, workers: int) -> None:
    """Serve `create_app(settings)` until interrupted (the caller checks the port)."""
    from search.web import create_app

    if workers <= 1:
        import waitress

        waitress.serve(_warmed(create_app(settings)), host=host, port=port)
        return
    _gunicorn(settings, host, port, workers)


def _gunicorn(settings: Mapping[str, Any], host: str, port: int, workers: int) -> None:
    from gunicorn.app.base import BaseApplication

    from search.web import create_app

    class Application(BaseApplication):
        def load_config(self) -> None:
            options = {
                "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
                "workers": workers,
                "worker_class": "gthread",
                "threads": THREADS_PER_WORKER,
                "loglevel": "warning",
                "accesslog": None,
                # Each worker opens the index itself: nothing is shared by fork.
                "preload_app": False,
            }
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            return _warmed(create_app(settings))

    Application().run()


def _warmed(app: Any) -> Any:
    from search.web.service import ENGINE_KEY

    app.extensions[ENGINE_KEY].warm()
    return app
