"""Slow clients (slowloris): connections that send a request's head one line at a time.

Only 127.0.0.1 is ever contacted. Used by bench.fault beside its load, and by the tests
of `vraagbaak serve`.
"""

from __future__ import annotations

import select
import socket
import threading
import time

HOST = "127.0.0.1"


class SlowClients:
    """`count` connections that each send one more header line every `interval` s, forever.

    A connection the server closes is opened again at once (as an attacker would), so
    `count` stay open; `closed_by_server` says how often the server cut one off.
    """

    def __init__(self, port: int, count: int = 16, interval: float = 2.0) -> None:
        self.port, self.count, self.interval = port, count, interval
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.opened = self.closed_by_server = self.refused = 0
        self.threads = [threading.Thread(target=self._hold, args=(n,)) for n in range(count)]

    def __enter__(self) -> SlowClients:
        for thread in self.threads:
            thread.start()
        deadline = time.monotonic() + 10
        while self.opened < self.count and time.monotonic() < deadline:
            time.sleep(0.01)
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join()

    def _count(self, name: str) -> None:
        with self.lock:
            setattr(self, name, getattr(self, name) + 1)

    def _hold(self, n: int) -> None:
        while not self.stop.is_set():
            try:
                sock = socket.create_connection((HOST, self.port), timeout=5)
            except OSError:
                self._count("refused")
                self.stop.wait(self.interval)
                continue
            with sock:
                self._count("opened")
                if not self._trickle(sock, n):
                    return
            self._count("closed_by_server")

    def _trickle(self, sock: socket.socket, n: int) -> bool:
        """False when told to stop, True when the server closed the connection."""
        try:
            sock.sendall(f"GET /?langzaam={n} HTTP/1.1\r\nHost: {HOST}\r\n".encode())
            line = 0
            # poll, not select: select() refuses a descriptor above 1023, which a long test
            # run or a busy benchmark process reaches.
            answered = select.poll()
            answered.register(sock, select.POLLIN | select.POLLHUP | select.POLLERR)
            while not self.stop.wait(self.interval):
                if answered.poll(0):
                    return True  # an answer (such as a 408) or the end of the connection
                sock.sendall(f"X-Langzaam-{line}: {n}\r\n".encode())
                line += 1
        except OSError:
            return True
        return False
