"""Worker processes with a time limit per job: a job that runs too long is stopped, its process replaced.

Reading a hostile file is CPU work that a thread cannot be made to give up, so every
request's work runs in a process of its own kind here: the server sends it the
uploaded bytes and gets back the reply bytes.  At most ``workers`` jobs run at once
and at most ``queue`` more wait for a free worker; past that a request is refused at
once (``busy``).  A job still running at its deadline has its process killed and a
new one started, so a slow file costs its sender a ``timeout`` and no one else
anything.  Nothing is written to disk, and no state is kept between jobs.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import os
import pickle
import select
import struct
import subprocess
import sys
from collections import deque
from collections.abc import Mapping, Sequence
from typing import IO, Any

from govinfo_report.web._work import Reply, error_reply

__all__ = ["Busy", "Pool"]

_HEADER = struct.Struct("!Q")
_START_TIMEOUT = 60.0
"""Seconds a new worker may take to import the library and say it is ready."""
Job = tuple[str, bytes, "str | None", Mapping[str, Any]]


class Busy(Exception):  # noqa: N818 - the pool's answer, not a fault
    """Every worker is busy and the queue is full."""


def _write(stream: IO[bytes], obj: Any) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def _read(stream: IO[bytes]) -> Any:
    head = stream.read(_HEADER.size)
    if len(head) < _HEADER.size:
        raise EOFError
    (size,) = _HEADER.unpack(head)
    data = stream.read(size)
    if len(data) < size:
        raise EOFError
    return pickle.loads(data)  # noqa: S301 - the other end is this module, in a process of our own


def _serve(memory: int | None, preload: Sequence[str] = ()) -> None:
    """A worker's loop (``python -m govinfo_report.web._pool``): a job on stdin, its reply on stdout."""
    jobs = os.fdopen(os.dup(0), "rb")
    replies = os.fdopen(os.dup(1), "wb")
    os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
    os.dup2(2, 1)  # whatever the library might print goes to stderr, never into the replies
    if memory:
        import resource  # noqa: PLC0415 - POSIX only

        with contextlib.suppress(ValueError, OSError):  # not every system lets a process lower its limit
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    from govinfo_report.web._work import run, warm  # noqa: PLC0415 - after the limit

    warm()
    for module in preload:  # modules that add operations (the tests' slow one, say)
        importlib.import_module(module)
    _write(replies, "ready")

    while True:
        try:
            operation, data, filename, params = _read(jobs)
        except (EOFError, OSError):
            return
        try:
            reply = run(operation, data, filename, params)
        except MemoryError:
            reply = error_reply(413, "too-large", "the input needs more memory than a request may use")
        except Exception as exc:  # noqa: BLE001 - a worker answers every job, whatever went wrong
            reply = error_reply(500, "internal-error", f"{type(exc).__name__}: {exc}")
        try:
            _write(replies, reply)
        except (OSError, ValueError):
            return


class _Worker:
    def __init__(self, memory: int | None, preload: Sequence[str] = ()) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - this interpreter, this module
            [sys.executable, "-m", "govinfo_report.web._pool", str(memory or 0), *preload],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        assert self.process.stdout is not None  # noqa: S101
        ready, _, _ = select.select([self.process.stdout], [], [], _START_TIMEOUT)
        if not ready or _read(self.process.stdout) != "ready":
            self.stop()
            msg = "a worker process did not start"
            raise RuntimeError(msg)

    def call(self, job: Job, timeout: float) -> Reply | None:
        """Send a job and wait for its reply; None when the deadline passed (the worker is then useless)."""
        assert self.process.stdin is not None  # noqa: S101
        assert self.process.stdout is not None  # noqa: S101
        _write(self.process.stdin, job)
        ready, _, _ = select.select([self.process.stdout], [], [], timeout)
        if not ready:
            return None
        reply: Reply = _read(self.process.stdout)
        return reply

    def stop(self) -> None:
        for stream in (self.process.stdin, self.process.stdout):
            with contextlib.suppress(OSError):
                if stream is not None:
                    stream.close()
        if self.process.poll() is None:
            self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(5)


class Pool:
    """``workers`` processes, each doing one job at a time within ``timeout`` seconds."""

    def __init__(
        self, workers: int, *, timeout: float, queue: int, memory: int | None = None, preload: Sequence[str] = ()
    ) -> None:
        self.size = max(1, workers)
        self.timeout = timeout
        self.queue = queue
        self.memory = memory
        self.preload = tuple(preload)
        """Modules each worker imports before its first job (each may add to ``_work.OPERATIONS``)."""
        self._idle: list[_Worker] = []
        self._waiters: deque[asyncio.Future[_Worker]] = deque()
        """Requests waiting for a worker, first come first served: a freed worker goes to the first of them."""
        self._started = False
        self._all: list[_Worker] = []
        self.stats = {"jobs": 0, "timeouts": 0, "busy": 0, "restarts": 0}

    async def start(self) -> None:
        """Start the workers (each imports the library once)."""
        workers = await asyncio.gather(
            *(asyncio.to_thread(_Worker, self.memory, self.preload) for _ in range(self.size))
        )
        self._all.extend(workers)
        self._idle.extend(workers)
        self._started = True

    async def close(self) -> None:
        """Stop every worker."""
        workers, self._all = self._all, []
        await asyncio.gather(*(asyncio.to_thread(w.stop) for w in workers))

    async def run(self, operation: str, data: bytes, filename: str | None, params: Mapping[str, Any]) -> Reply:
        """Do one job in a worker.

        Raises:
            Busy: no worker is free and ``queue`` requests already wait.
        """
        assert self._started, "the pool is not started"  # noqa: S101
        worker = await self._acquire()
        # The job runs as a task of its own: a request given up half-way (the client left) still hands its worker
        # back when the job ends.
        return await asyncio.shield(asyncio.ensure_future(self._job(worker, (operation, data, filename, params))))

    async def _acquire(self) -> _Worker:
        """A free worker, else the first one freed after the requests that waited before this one."""
        if self._idle and not self._waiters:
            return self._idle.pop()
        if len(self._waiters) >= self.queue:
            self.stats["busy"] += 1
            raise Busy
        waiter: asyncio.Future[_Worker] = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            return await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():  # handed a worker just as the request was given up
                self._release(waiter.result())
            elif waiter in self._waiters:
                self._waiters.remove(waiter)
            raise

    def _release(self, worker: _Worker) -> None:
        """Hand a freed worker to the request that has waited longest (no later request can take it first)."""
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(worker)
                return
        self._idle.append(worker)

    async def _job(self, worker: _Worker, job: Job) -> Reply:
        self.stats["jobs"] += 1
        after: _Worker | None = worker
        try:
            reply = await asyncio.to_thread(worker.call, job, self.timeout)
        except (OSError, EOFError):  # the worker died (stopped at its memory limit, say)
            reply = error_reply(500, "internal-error", "the worker stopped while reading the input")
            after = await self._replace(worker)
        else:
            if reply is None:
                self.stats["timeouts"] += 1
                after = await self._replace(worker)
                reply = error_reply(504, "timeout", f"the request took longer than {self.timeout:g} s and was stopped")
        if after is not None:
            self._release(after)
        return reply

    async def _replace(self, worker: _Worker) -> _Worker | None:
        """A fresh worker in place of a stopped one; None (the pool is one smaller) if none will start."""
        self.stats["restarts"] += 1
        await asyncio.to_thread(worker.stop)
        for _ in range(3):
            try:
                fresh = await asyncio.to_thread(_Worker, self.memory, self.preload)
            except (RuntimeError, OSError, EOFError):
                continue
            self._all = [fresh if w is worker else w for w in self._all]
            return fresh
        self._all = [w for w in self._all if w is not worker]
        return None


def default_workers() -> int:
    """One worker per core this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


if __name__ == "__main__":
    _serve(int(sys.argv[1]) if len(sys.argv) > 1 else None, sys.argv[2:])
