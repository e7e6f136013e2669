"""Long local fuzz runs of one reader: ``PYTHONPATH=src python -m tests.fuzz READER [--seconds N] [--atheris]``.

Without ``--atheris``: mutation of the real seed files (the CI targets' mutator) for ``--seconds``, each input under
a time limit (an input over it counts as a hang).  With ``--atheris`` (``pip install atheris``; optional, it may not
build everywhere): coverage-guided fuzzing of the same target, seeded with the same files.  Crashing inputs are
written to ``--out``; each becomes a regression file in ``tests/fuzz/crashes/READER-N.bin``.
"""

from __future__ import annotations

import argparse
import random
import signal
import sys
import time
import traceback
from pathlib import Path
from types import FrameType

from tests.fuzz import targets


class _HangError(Exception):
    pass


def _alarm(_signum: int, _frame: FrameType | None) -> None:
    raise _HangError


def _mutation_run(reader: str, seconds: float, limit: float, out: Path, seed: int) -> int:
    """Mutated seeds for ``seconds`` of this process's CPU time, each input allowed ``limit`` CPU seconds.

    CPU time, not wall time: on a shared machine (or under ``nice``) the budget and the hang limit then mean
    the same work however busy the cores are.
    """
    signal.signal(signal.SIGPROF, _alarm)
    seeds = targets.seeds(reader)
    rng = random.Random(seed)  # noqa: S311 - reproducible mutation, not cryptography
    found: dict[tuple[str, str], Path] = {}
    inputs = 0
    slowest = 0.0
    start, wall = time.process_time(), time.monotonic()
    while time.process_time() - start < seconds:
        data = rng.choice(seeds)
        for _ in range(rng.randint(1, 4)):
            data = targets.mutate(data, rng)
        inputs += 1
        signal.setitimer(signal.ITIMER_PROF, limit)
        began = time.process_time()
        try:
            targets.run(reader, data)
            key = None
        except _HangError:
            key = ("hang", f"over {limit} s")
        except Exception as exc:  # noqa: BLE001 - any foreign exception is what we look for
            frame = traceback.extract_tb(exc.__traceback__)[-1]
            key = (type(exc).__name__, f"{Path(frame.filename).name}:{frame.lineno}")
        finally:
            signal.setitimer(signal.ITIMER_PROF, 0)
        slowest = max(slowest, time.process_time() - began)
        if key is not None and key not in found:
            path = out / f"{reader}-{len(found) + 1}.bin"
            path.write_bytes(data)
            found[key] = path
            print(f"{reader}: {key[0]} at {key[1]} -> {path}", flush=True)
    cpu, took = time.process_time() - start, time.monotonic() - wall
    print(
        f"{reader}: {inputs} inputs in {cpu:.0f} s of CPU ({took:.0f} s wall), {len(found)} distinct crashes, "
        f"slowest input {slowest:.2f} s of CPU",
        flush=True,
    )
    return 1 if found else 0


def _atheris_run(reader: str, out: Path, rest: list[str]) -> int:  # pragma: no cover - optional, local only
    import atheris

    corpus = out / f"seeds-{reader}"
    corpus.mkdir(parents=True, exist_ok=True)
    for k, data in enumerate(targets.seeds(reader)):
        (corpus / f"{k}").write_bytes(data)

    def one(data: bytes) -> None:
        targets.run(reader, data)

    atheris.instrument_all()
    atheris.Setup([sys.argv[0], *rest, str(corpus), f"-artifact_prefix={out}/{reader}-"], one)
    atheris.Fuzz()
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__)
    parser.add_argument("reader", choices=targets.READERS)
    parser.add_argument("--seconds", type=float, default=3600, help="CPU seconds to run (default an hour)")
    parser.add_argument("--limit", type=float, default=2.0, help="CPU seconds one input may take")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=Path("fuzz-out"))
    parser.add_argument("--atheris", action="store_true", help="coverage-guided (needs atheris)")
    args, rest = parser.parse_known_args()
    args.out.mkdir(parents=True, exist_ok=True)
    if args.atheris:
        return _atheris_run(args.reader, args.out, [*rest, f"-max_total_time={int(args.seconds)}"])
    return _mutation_run(args.reader, args.seconds, args.limit, args.out, args.seed)


if __name__ == "__main__":
    sys.exit(main())
