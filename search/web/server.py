"""Serving the site: waitress in one process per core, all sharing one listening socket.

Processes, because a search is CPU-bound Python: threads in one process share one core
under the GIL (measured at 20,000 questions, 4 waitress threads answered fewer requests
per second than 1: 4.1 against 5.3). Each worker process has its own SearchEngine (the
posting arrays are memory-mapped, so the page cache holds them once).

Waitress, because it reads every request whole on its I/O thread before a worker thread
sees it: a slow client costs a socket, not a worker. With gunicorn's gthread workers, 16
connections sending one header line every 2 s held every worker, and normal requests
waited until the client timeout (README, "Serving"). On top of that, a request must arrive
whole within REQUEST_DEADLINE_S of its first byte, so slow clients cannot pile up to the
connection limit either, and waitress's own error replies (a malformed request, a head
over the limit) are Dutch and carry the site's security headers.

The supervisor binds the socket once, forks the workers, replaces one that dies, and on
SIGTERM or SIGINT stops them all; with one worker, that worker is this process. The
workers take turns accepting so that connections spread evenly (search.web.balance).
"""

from __future__ import annotations

import contextlib
import gc
import logging
import multiprocessing
import multiprocessing.connection
import os
import signal
import socket
import threading
import time
from collections.abc import Mapping
from typing import Any

from waitress.adjustments import Adjustments
from waitress.channel import HTTPChannel
from waitress.parser import HTTPRequestParser
from waitress.server import TcpWSGIServer
from waitress.task import ErrorTask, ThreadedTaskDispatcher

from search.terminal import escape_controls
from search.web.balance import POLL_S, Alone, ConnectionCounts, WorkerShare
from search.web.errors import MESSAGES, TITLES
from search.web.security import HEADERS
from search.web.warm import warm_paths, warm_process, warm_thread

# One request at a time per worker. Two threads sharing a worker's GIL cost CPU: measured
# at 20,000 questions (load 4-6, alternated in the same minutes), the app answering the
# benchmark's mix in 2 threads took 10-14 % more CPU per request than in 1, and over HTTP
# at 4 clients 2 workers x 1 thread 5.3-6.5 ms per request against 6.6-7.4 for 2 x 2.
# A second thread used to keep a worker busy while the other held three or four of the
# connections; the workers now balance them (search.web.balance).
THREADS_PER_WORKER = 1
REQUEST_DEADLINE_S = 10  # from a request's first byte to its last
IDLE_TIMEOUT_S = 30  # a kept-alive connection with no request in flight
CONNECTION_LIMIT = 1000  # per worker; poll() rather than select(), which stops at 1024 fds
MAX_HEAD_BYTES = 32 * 1024  # request line and headers: 4 x nginx's 8 KiB header buffer
MAX_BODY_BYTES = 64 * 1024  # the site takes no uploads
RESTART_WINDOW_S = 10  # a worker dying sooner than this after its start counts as a crash
MAX_QUICK_CRASHES = 5  # in a row: then the supervisor gives up instead of looping
STOP_GRACE_S = 10

log = logging.getLogger("vraagbaak.serve")


class WorkersFailingError(RuntimeError):
    """The worker processes keep dying right after their start."""


def default_workers() -> int:
    """One worker per core: a search is CPU-bound, and more processes than cores only
    take turns (measured beside THREADS_PER_WORKER)."""
    if not hasattr(os, "fork"):
        return 1  # no fork (Windows): one process
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1)


def serve(settings: Mapping[str, Any], sock: socket.socket, workers: int) -> None:
    """Serve `create_app(settings)` on `sock` until SIGTERM or SIGINT.

    The app is made (and its templates compiled) once, before the workers fork: each
    worker is a copy that has not opened the index yet and opens its own."""
    from search.web import create_app

    _log_to_stderr()
    app = create_app(settings)
    warm_process(app)
    if workers <= 1:
        _run_worker(app, sock, Alone())
        return
    Supervisor(app, sock, workers).run()


class _TerminalSafe(logging.Formatter):
    """Log lines quote request paths and file names: their control characters are escaped."""

    def format(self, record: logging.LogRecord) -> str:
        return escape_controls(super().format(record), multiline=True)


def _log_to_stderr() -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(_TerminalSafe("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.INFO, handlers=[handler], force=True)
    logging.getLogger("waitress").setLevel(logging.WARNING)
    # "Task queue depth is N" on every burst: a queue is how a busy worker works.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)


class _ErrorTask(ErrorTask):
    """waitress's own replies (a malformed request, a head over the limit): Dutch, with the
    site's security headers, like every answer of the app."""

    def execute(self) -> None:
        error = self.request.error
        status = error.code
        text = (
            f"{status} {TITLES.get(status, TITLES[400])}\n\n{MESSAGES.get(status, MESSAGES[400])}\n"
        )
        body = text.encode("utf-8")
        self.status = f"{status} {error.reason}"
        self.response_headers.append(("Content-Type", "text/plain; charset=utf-8"))
        self.response_headers.extend(HEADERS.items())
        self.set_close_on_finish()
        self.content_length = len(body)
        self.write(body)


class _TimedParser(HTTPRequestParser):
    """A request being received, with the time its first byte came."""

    def __init__(self, adj: Adjustments) -> None:
        super().__init__(adj)
        self.started = time.time()


class _Channel(HTTPChannel):
    error_task_class = _ErrorTask
    parser_class = _TimedParser

    def del_channel(self, map: Any = None) -> None:
        super().del_channel(map)
        self.server.share.publish(len(self.server.active_channels))

    def handle_close(self) -> None:
        # Closing a socket with unread input sends a reset, and a reset can destroy the
        # reply still waiting in the client's buffer (a 431 to a head over the limit is
        # sent before the rest of that head is read). What has arrived is read away first.
        # Called again for a channel already closed (poll reports the hang-up after the
        # read that saw it), when there is no socket any more.
        if self.socket is not None:
            with contextlib.suppress(OSError):
                for _ in range(64):  # at most 4 MiB
                    if not self.socket.recv(65536):
                        break
        super().handle_close()


class _Server(TcpWSGIServer):
    channel_class = _Channel
    share: WorkerShare | Alone = Alone()

    def run(self) -> None:
        # waitress's own loop, polling more often than its whole-second minimum: a worker
        # that holds back (balance) looks again at the others' counts after each poll.
        try:
            self.asyncore.loop(timeout=POLL_S, map=self._map, use_poll=True)
        except (SystemExit, KeyboardInterrupt):
            self.task_dispatcher.shutdown()

    def readable(self) -> bool:
        return super().readable() and self.share.may_accept()

    def handle_accept(self) -> None:
        super().handle_accept()
        self.share.publish(len(self.active_channels))

    def maintenance(self, now: float) -> None:
        """Besides waitress's idle connections, close those whose request is too slow."""
        super().maintenance(now)
        cutoff = now - REQUEST_DEADLINE_S
        for channel in list(self.active_channels.values()):
            request = channel.request
            if request is not None and not request.completed and request.started < cutoff:
                channel.will_close = True


def _adjustments() -> Adjustments:
    return Adjustments(
        threads=THREADS_PER_WORKER,
        connection_limit=CONNECTION_LIMIT,
        asyncore_use_poll=True,
        channel_timeout=IDLE_TIMEOUT_S,
        cleanup_interval=1,
        max_request_header_size=MAX_HEAD_BYTES,
        max_request_body_size=MAX_BODY_BYTES,
        ident="vraagbaak",
    )


def _run_worker(app: Any, sock: socket.socket, share: WorkerShare | Alone) -> None:
    """One worker: its copy of the app and its own engine, warmed in every server thread
    (search.web.warm), serving `sock` until SIGTERM or SIGINT, accepting its `share` of
    the connections."""
    signal.signal(signal.SIGTERM, _exit_quietly)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    _warmed(app)
    dispatcher = _WarmingDispatcher(app, warm_paths(app))
    dispatcher.set_thread_count(THREADS_PER_WORKER)
    for _ in range(THREADS_PER_WORKER):
        dispatcher.warmed.acquire()
    # What the worker holds once warm (the index's memos, the templates, the compound
    # dictionary) stays: left to the collector, each full collection walked all of it,
    # 100 ms at 20,000 questions, with the worker's requests waiting; now 0.2 ms.
    gc.freeze()
    info = (sock.family, sock.type, sock.proto, sock.getsockname())
    server = _Server(
        app,
        map={},
        _sock=sock,
        adj=_adjustments(),
        bind_socket=False,
        sockinfo=info,
        dispatcher=dispatcher,
    )
    server.share = share
    share.publish(0)  # warm: from now on the others wait for this worker too
    log.info("Werker %d is opgewarmd en neemt verbindingen aan.", os.getpid())
    server.run()  # ends, closing its connections, on SystemExit or KeyboardInterrupt


class _WarmingDispatcher(ThreadedTaskDispatcher):
    """waitress's server threads, each answering the warm-up requests before its first
    task; `warmed` is released once per thread that has."""

    def __init__(self, app: Any, paths: list[str]) -> None:
        super().__init__()
        self.app, self.paths = app, paths
        self.warmed = threading.Semaphore(0)

    def handler_thread(self, thread_no: int) -> None:
        warm_thread(self.app, self.paths)
        self.warmed.release()
        super().handler_thread(thread_no)


def _exit_quietly(signum: int, frame: object) -> None:
    raise SystemExit(0)


def _warmed(app: Any) -> Any:
    from search.web.service import ENGINE_KEY

    app.extensions[ENGINE_KEY].warm()
    return app


class Supervisor:
    """`workers` forked processes on one socket: a dead one is replaced, all stop together."""

    def __init__(self, app: Any, sock: socket.socket, workers: int) -> None:
        self.app, self.sock, self.workers = app, sock, workers
        self.context = multiprocessing.get_context("fork")
        self.counts = ConnectionCounts(workers, self.context)
        self.running: dict[int, tuple[multiprocessing.process.BaseProcess, float]] = {}
        self.stopping = False
        self.quick_crashes = 0

    def run(self) -> None:
        for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(signum, self._stop)
        try:
            for slot in range(self.workers):
                self._start(slot)
            while not self.stopping:
                self._replace_dead()
        finally:
            self._stop_all()

    def _stop(self, signum: int, frame: object) -> None:
        self.stopping = True

    def _start(self, slot: int) -> None:
        process = self.context.Process(
            target=_worker_main,
            args=(self.app, self.sock, os.getpid(), self.counts.share(slot)),
            daemon=True,
        )
        process.start()
        self.running[slot] = (process, time.monotonic())

    def _replace_dead(self) -> None:
        sentinels = [process.sentinel for process, _ in self.running.values()]
        multiprocessing.connection.wait(sentinels, timeout=0.5)
        for slot, (process, started) in list(self.running.items()):
            if process.is_alive() or self.stopping:
                continue
            quick = time.monotonic() - started < RESTART_WINDOW_S
            self.quick_crashes = self.quick_crashes + 1 if quick else 0
            if self.quick_crashes >= MAX_QUICK_CRASHES:
                raise WorkersFailingError(
                    "De serverprocessen stoppen steeds direct na hun start; "
                    "zie de meldingen hierboven."
                )
            log.warning(
                "serverproces %s stopte (status %s); er start een nieuw",
                process.pid,
                process.exitcode,
            )
            self._start(slot)

    def _stop_all(self) -> None:
        processes = [process for process, _ in self.running.values()]
        for process in processes:
            if process.is_alive():
                process.terminate()
        deadline = time.monotonic() + STOP_GRACE_S
        for process in processes:
            process.join(max(0.0, deadline - time.monotonic()))
            if process.is_alive():
                process.kill()
                process.join()


def _worker_main(app: Any, sock: socket.socket, parent: int, share: WorkerShare) -> None:
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    threading.Thread(target=_stop_when_orphaned, args=(parent,), daemon=True).start()
    # Ctrl-C reaches every process of the terminal; the supervisor stops them all.
    with contextlib.suppress(KeyboardInterrupt):
        _run_worker(app, sock, share)


def _stop_when_orphaned(parent: int) -> None:
    """A worker whose supervisor was killed outright stops too, instead of serving on alone."""
    while os.getppid() == parent:
        time.sleep(1)
    os.kill(os.getpid(), signal.SIGTERM)
