"""Spreading connections evenly over the worker processes that share one listening socket.

Every worker polls the socket, and whichever wakes first accepts: the kernel does not
balance. Measured at 20,000 questions, the benchmark's 4 keep-alive connections landed
1/3, 2/2 or 4/0 on 2 workers, and with 4/0 one core idled while the other queued. So each
worker publishes how many connections it holds in shared memory made before the fork,
and a worker holding more than the least-loaded one stops polling the socket until the
others have caught up: connections arrive 1/1, then 2/2. A worker not yet serving (still
warming up, or dead and being replaced) is not waited for.
"""

from __future__ import annotations

import ctypes
from typing import Any

# How long a worker's poll may sleep. A worker that stopped accepting looks again this
# often: the others' counts are not an event it can wait for.
POLL_S = 0.1
# The count of a slot whose worker is not serving: more than any worker holds.
NOT_SERVING = 2**31 - 1


class ConnectionCounts:
    """Open connections per worker slot, in shared memory: made before the workers fork."""

    def __init__(self, workers: int, context: Any) -> None:
        self.counts: Any = context.RawArray(ctypes.c_int, [NOT_SERVING] * workers)

    def share(self, slot: int) -> WorkerShare:
        """A new worker's view of the counts; its slot is not serving until it says so."""
        self.counts[slot] = NOT_SERVING
        return WorkerShare(self.counts, slot)


class WorkerShare:
    """One worker's slot among the counts, and whether it should accept now."""

    def __init__(self, counts: Any, slot: int) -> None:
        self.counts, self.slot = counts, slot

    def publish(self, open_connections: int) -> None:
        """This worker serves, holding `open_connections` (0 when it starts serving)."""
        self.counts[self.slot] = open_connections

    def may_accept(self) -> bool:
        """True unless this worker holds more connections than another: the least-loaded
        accept (on a tie, whichever wakes first)."""
        return self.counts[self.slot] <= min(self.counts)


class Alone:
    """A single worker: it always accepts."""

    def publish(self, open_connections: int) -> None:
        pass

    def may_accept(self) -> bool:
        return True
