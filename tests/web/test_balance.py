"""The workers' shared connection counts: the least-loaded accepts, ties accept alike."""

from __future__ import annotations

import multiprocessing

from search.web.balance import Alone, ConnectionCounts


def test_only_the_least_loaded_workers_accept() -> None:
    counts = ConnectionCounts(3, multiprocessing.get_context("fork"))
    first, second, third = (counts.share(slot) for slot in range(3))
    assert first.may_accept() and second.may_accept() and third.may_accept()
    first.publish(1)
    assert not first.may_accept() and second.may_accept() and third.may_accept()
    second.publish(1)
    third.publish(2)
    assert first.may_accept() and second.may_accept() and not third.may_accept()
    first.publish(0)  # its connection closed
    assert first.may_accept() and not second.may_accept()


def test_a_replaced_worker_starts_from_no_connections() -> None:
    counts = ConnectionCounts(2, multiprocessing.get_context("fork"))
    dead, other = counts.share(0), counts.share(1)
    dead.publish(5)
    other.publish(3)
    assert counts.share(0).may_accept()  # its slot starts again from 0
    assert not other.may_accept()


def test_a_single_worker_always_accepts() -> None:
    alone = Alone()
    alone.publish(1000)
    assert alone.may_accept()
