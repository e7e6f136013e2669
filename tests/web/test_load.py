"""A load test on loopback: 50 clients, 2,000 uploads of six kinds, against ``govinfo-report serve``.

Every upload must be answered, with the library's own result for its bytes: none lost,
none failed, none given to another client.  The server is the command itself, in a
process of its own.  The full run (2,000 uploads) is what CI does; elsewhere 300 unless
``GOVINFO_LOAD_UPLOADS`` says otherwise.  ``benchmarks/bench_web.py`` prints the figures
of docs/performance.md.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

pytest.importorskip("uvicorn", reason="the web extra is not installed: pip install 'govinfo-report[web]'")
httpx = pytest.importorskip("httpx", reason="the web tests need httpx: pip install 'govinfo-report[test]'")

from tests.web.load import run_load  # noqa: E402 - needs httpx

CLIENTS = 50
UPLOADS = int(os.environ.get("GOVINFO_LOAD_UPLOADS") or (2000 if os.environ.get("CI") else 300))
DEADLINE = 300.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serve_process(workers: int = 2) -> Iterator[str]:
    """``govinfo-report serve`` on a free loopback port, in a process of its own; yields its URL."""
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 - this interpreter, the command
        [sys.executable, "-m", "govinfo_report", "serve", "--port", str(port), "--workers", str(workers)],
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/api/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                msg = f"the server did not start: {process.stderr.read().decode() if process.stderr else ''}"
                raise RuntimeError(msg)
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stderr is not None:
            process.stderr.close()


@pytest.fixture(scope="module")
def served() -> Iterator[str]:
    with serve_process() as url:
        yield url


def test_many_clients(served: str) -> None:
    """Every upload is answered, with its own report's result, within the deadline."""
    figures = run_load(served, clients=CLIENTS, uploads=UPLOADS, deadline=DEADLINE)
    assert [] == figures["faults"][:5]
    assert ({200: UPLOADS}, UPLOADS) == (figures["statuses"], figures["answered"])
    health = httpx.get(f"{served}/api/health").json()
    assert (0, 0) == (health["timeouts"], health["busy"])
