"""Many files: the CLI against a bare loop, --jobs scaling, dataset, start-up and peak memory.

Every figure is a ratio of two timings made in the same run on the same generated files.

    python benchmarks/bench_batch.py [N] [--memory 10000,100000]
"""

from __future__ import annotations

import compileall
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import govinfo_report as gr
from govinfo_report._generate import generate_corpus
from govinfo_report.cli import run


def cpu() -> tuple[float, float]:
    """CPU seconds of this process, and of its finished children (the workers of a finished pool)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime


def interleaved(fns: dict[str, object], repeat: int = 5) -> dict[str, dict[str, float]]:
    """The fastest of ``repeat`` runs of each, taken in turns so that a change of the VM's speed hits all alike.

    Besides wall time, the CPU seconds of this (main) process and of the worker processes.
    """
    out = {name: {"wall": float("inf"), "main": 0.0, "workers": 0.0} for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            (m0, c0), start = cpu(), time.perf_counter()
            fn()
            wall, (m1, c1) = time.perf_counter() - start, cpu()
            if wall < out[name]["wall"]:
                out[name] = {"wall": wall, "main": m1 - m0, "workers": c1 - c0}
    return out


def cli(*argv: str) -> None:
    with Path(os.devnull).open("w", encoding="utf-8") as out:
        run(list(argv), out, out)


def startup(repeat: int = 21) -> tuple[float, float]:
    def median(cmd: list[str]) -> float:
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)  # noqa: S603 - our own interpreter
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    return median([sys.executable, "-c", "pass"]), median([sys.executable, "-m", "govinfo_report", "--help"])


def peak_rss_kib(folder: str) -> int:
    """Peak resident memory of a `validate --ndjson --jobs 2` process over ``folder`` (its main process only).

    Read from the process's own VmHWM: getrusage's ru_maxrss would carry this (larger) benchmark
    process's peak over fork and exec.
    """
    code = (
        "import sys, os; from govinfo_report.cli import run;"
        "out = open(os.devnull, 'w'); run(['validate', sys.argv[1], '-r', '--ndjson', '-q', '-j', '2'], out, out);"
        "print(next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')))"
    )
    result = subprocess.run([sys.executable, "-c", code, folder], capture_output=True, text=True, check=True)  # noqa: S603
    return int(result.stdout.strip())


def linked_corpus(root: Path, n: int, seeds: list[Path]) -> None:
    """``n`` files as hard links to a few generated ones (a large folder at little cost in disk and time)."""
    for i in range(n):
        folder = root / f"d{i // 1000:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        src = seeds[i % len(seeds)]
        os.link(src, folder / f"r{i:06d}{src.suffix}")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 400
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "corpus"
        paths = [str(p) for p in generate_corpus(root, n, broken=False)]
        folder = str(root)

        def loop() -> None:
            for p in paths:
                gr.validate(gr.read(p))

        out = str(Path(tmp) / "d.parquet")
        t = interleaved(
            {
                "bare": loop,
                "j1": lambda: cli("validate", folder, "-r", "--ndjson", "-q", "-j", "1"),
                "j2": lambda: cli("validate", folder, "-r", "--ndjson", "-q", "-j", "2"),
                "data": lambda: cli("dataset", folder, "-r", "-o", out, "-q", "-j", "1"),
            }
        )
        bare, jobs1, jobs2, data = (t[k]["wall"] for k in ("bare", "j1", "j2", "data"))
        j2 = t["j2"]
        # What two idle cores would give: the main process and the two workers each on a core of their own.
        ideal = max(j2["main"], j2["workers"] / 2)
        print(f"{n} generated files (JSON and label CSV, both formats); load average {os.getloadavg()[0]:.1f}")
        print(f"bare loop read+validate: {n / bare:8.0f} files/s")
        print(
            f"validate --ndjson -j 1:  {n / jobs1:8.0f} files/s  = {bare / jobs1:.2f} x the bare loop (target >= 0.8)"
        )
        print(f"validate --ndjson -j 2:  {n / jobs2:8.0f} files/s  = {jobs1 / jobs2:.2f} x -j 1 (target >= 1.7)")
        print(
            f"  -j 2 CPU: main {j2['main']:.2f} s, workers {j2['workers']:.2f} s (-j 1: {t['j1']['main']:.2f} s);"
            f" on two idle cores about {jobs1 / ideal:.2f} x -j 1"
        )
        print(f"dataset -o .parquet -j 1:{n / data:8.0f} files/s  = {jobs1 / data:.2f} x validate -j 1 (target >= 0.7)")
        compileall.compile_dir(Path(gr.__file__).parent, quiet=1)  # as an installed package has it
        base, help_ = startup()
        print(f"start-up: python -c pass {base * 1000:.0f} ms, --help {help_ * 1000:.0f} ms = {help_ / base:.1f} x")
        if "--memory" in sys.argv:
            sizes = [int(s) for s in sys.argv[sys.argv.index("--memory") + 1].split(",")]
            seeds = [Path(p) for p in paths[:50]]
            for size in sizes:
                big = Path(tmp) / f"big{size}"
                linked_corpus(big, size, seeds)
                start = time.perf_counter()
                rss = peak_rss_kib(str(big))
                took = time.perf_counter() - start
                print(f"peak RSS of the main process, {size} files: {rss / 1024:.1f} MiB ({took:.0f} s)")


if __name__ == "__main__":
    main()
