"""The worker pool: a time limit per job, a replaced worker, first come first served, a bounded queue."""

from __future__ import annotations

import asyncio
import time

import pytest

from govinfo_report.web._pool import Busy, Pool

SLOW = ("tests.web.slow_op",)


def run(coro: object) -> object:
    return asyncio.run(coro)  # type: ignore[arg-type]


def test_a_job_past_its_time_is_stopped_and_the_worker_replaced() -> None:
    async def go() -> tuple[object, ...]:
        pool = Pool(1, timeout=0.5, queue=4, preload=SLOW)
        await pool.start()
        try:
            t0 = time.monotonic()
            stopped = await pool.run("sleep", b"", None, {"seconds": 30})
            waited = time.monotonic() - t0
            after = await pool.run("sleep", b"", None, {"seconds": 0})
            return stopped[0], waited, after[:3], dict(pool.stats)
        finally:
            await pool.close()

    status, waited, after, stats = run(go())  # type: ignore[misc]
    assert 504 == status
    assert waited < 10  # the 30 s job was not waited for
    assert (200, "text/plain", b"slept") == after
    assert (1, 1) == (stats["timeouts"], stats["restarts"])


def test_first_come_first_served_and_bounded() -> None:
    """Requests get the one worker in the order they asked; past the queue they are refused at once."""

    async def go() -> tuple[list[int], bool]:
        pool = Pool(1, timeout=10, queue=3, preload=SLOW)
        await pool.start()
        order: list[int] = []
        try:

            async def job(i: int) -> None:
                await pool.run("sleep", b"", None, {"seconds": 0.05})
                order.append(i)

            tasks = []
            for i in range(4):  # one runs, three wait
                tasks.append(asyncio.create_task(job(i)))
                await asyncio.sleep(0.01)
            refused = False
            try:
                await pool.run("sleep", b"", None, {"seconds": 0})
            except Busy:
                refused = True
            await asyncio.gather(*tasks)
            return order, refused
        finally:
            await pool.close()

    order, refused = run(go())  # type: ignore[misc]
    assert [0, 1, 2, 3] == order
    assert refused


def test_a_request_given_up_returns_its_worker() -> None:
    """A request cancelled while its job runs (the client left) still hands the worker back when the job ends."""

    async def go() -> bytes:
        pool = Pool(1, timeout=10, queue=2, preload=SLOW)
        await pool.start()
        try:
            task = asyncio.create_task(pool.run("sleep", b"", None, {"seconds": 0.3}))
            await asyncio.sleep(0.1)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            reply = await asyncio.wait_for(pool.run("sleep", b"", None, {"seconds": 0}), 5)
            return reply[2]
        finally:
            await pool.close()

    assert b"slept" == run(go())
