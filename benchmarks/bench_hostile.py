"""Time and peak memory of reading each hostile file (tests/hostile.py), each in a fresh process.

Run: PYTHONPATH=src:. python benchmarks/bench_hostile.py
Peak memory is the child's high-water resident set (VmHWM, which execve resets, unlike ru_maxrss), counting
libxml2's, zlib's and PDFium's own allocations; the baseline row is the same process reading nothing.
The figures go in docs/reliability.md.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

_CHILD = r"""
import json, sys, time
from pathlib import Path
from govinfo_report import io as gio
from govinfo_report.errors import ReadError
path = sys.argv[1]
start = time.perf_counter()
outcome = "baseline"
if path:
    try:
        gio.read(path)
        outcome = "read"
    except ReadError as exc:
        outcome = "refused: " + str(exc).split(": ", 1)[-1][:90]
elapsed = time.perf_counter() - start
status = Path("/proc/self/status").read_text()
peak = int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))) // 1024
print(json.dumps([elapsed, peak, outcome]))
"""


def _measure(path: str) -> tuple[float, int, str]:
    done = subprocess.run([sys.executable, "-c", _CHILD, path], capture_output=True, text=True, check=True)  # noqa: S603
    elapsed, peak, outcome = json.loads(done.stdout)
    return elapsed, peak, outcome


def main() -> None:
    from tests import hostile  # noqa: PLC0415 - run from the repository root, with it on the path

    elapsed, peak, _ = _measure("")
    print(f"| (baseline: the library imported, nothing read) | {elapsed:.2f} | {peak} | |")
    with tempfile.TemporaryDirectory() as folder:
        for case in hostile.CASES:
            sub = Path(folder) / str(hostile.CASES.index(case))
            sub.mkdir()
            path, _ = hostile.build(case, sub)
            elapsed, peak, outcome = _measure(str(path))
            print(f"| {case} | {elapsed:.2f} | {peak} | {outcome.replace('|', '/')} |", flush=True)
            path.unlink()


if __name__ == "__main__":
    main()
