"""The workers' shared connection counts: the least-loaded accepts, ties accept alike."""

from __future__ import annotations

import multiprocessing

from search.web.balance import Alone, ConnectionCounts


def test_only_the_least_loaded_workers_accept() -> None:
    counts = ConnectionCounts(3, multiprocessing.get_context("fork"))
    first, second, third = (counts.share(slot) for slot in range(3))
    for share in (first, second, third):
        share.publish(0)
    assert first.may_accept() and second.may_accept() and third.may_accept()
    first.publish(1)
    assert not first.may_accept() and second.may_accept() and third.may_accept()
    second.publish(1)
    third.publish(2)
    assert first.may_accept() and second.may_accept() and not third.may_accept()
    first.publish(0)  # its connection closed
    assert first.may_accept() and not second.may_accept()


def test_a_worker_not_serving_is_not_waited_for() -> None:
    counts = ConnectionCounts(2, multiprocessing.get_context("fork"))
    first, second = counts.share(0), counts.share(1)
    first.publish(0)  # warm; the second is still warming up
    first.publish(3)
    assert first.may_accept()
    second.publish(0)
    assert not first.may_accept() and second.may_accept()
    replacement = counts.share(1)  # the second died: its replacement warms up
    assert first.may_accept()
    replacement.publish(0)
    assert replacement.may_accept() and not first.may_accept()


def test_a_single_worker_always_accepts() -> None:
    alone = Alone()
    alone.publish(1000)
    assert alone.may_accept()
