"""Every reader fuzzed with a fixed, small budget: only the library's own exceptions may escape.

Over random bytes (bare, and behind each kind's signature, so the inner parsers are reached) and over real
files mutated (bytes changed, or one part of a zip package changed so the checksums still hold).  Long local
runs use the same targets: ``python -m tests.fuzz READER --seconds 3600`` (docs/reliability.md).
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz import targets

# Examples per reader: the zip and PDF readers cost ~20 ms an input, the text readers ~1 ms.
_BUDGET = {"json": 1500, "csv": 1500, "html": 500, "markdown": 500, "text": 500, "xlsx": 250, "docx": 150, "pdf": 200}
_SIGNATURES = {
    "json": b"{",
    "csv": b"table,row,column,value\n",
    "xlsx": b"PK\x03\x04",
    "docx": b"PK\x03\x04",
    "html": b"<html>",
    "markdown": "# 政府信息公开工作年度报告\n".encode(),
    "text": "政府信息公开工作年度报告\n".encode(),
    "pdf": b"%PDF-1.7\n",
}
CRASHES = Path(__file__).parent / "crashes"


def _fuzz(reader: str, examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


@pytest.mark.parametrize("reader", targets.READERS)
def test_random_bytes(reader: str) -> None:
    """Random bytes, bare or behind the kind's signature, are read or refused with a ReadError."""

    @_fuzz(reader, _BUDGET[reader])
    @given(st.booleans(), st.binary(max_size=4096))
    def check(signed: bool, data: bytes) -> None:
        targets.run(reader, (_SIGNATURES[reader] if signed else b"") + data)

    check()


@pytest.mark.parametrize("reader", targets.READERS)
def test_mutated_real_files(reader: str) -> None:
    """Real files of the kind, mutated a few times over, are read or refused with a ReadError."""
    seeds = targets.seeds(reader)
    assert seeds, f"no seed files for {reader}"

    @_fuzz(reader, _BUDGET[reader])
    @given(st.sampled_from(seeds), st.integers(1, 4), st.randoms(use_true_random=False))
    def check(seed: bytes, rounds: int, rng: random.Random) -> None:
        data = seed
        for _ in range(rounds):
            data = targets.mutate(data, rng)
        targets.run(reader, data)

    check()


@pytest.mark.parametrize("path", sorted(CRASHES.glob("*.bin")), ids=lambda p: p.stem)
def test_crashes_found_by_fuzzing_stay_fixed(path: Path) -> None:
    """Each input that once let a foreign exception escape (tests/fuzz/crashes/READER-N.bin) is now refused or read."""
    reader = path.stem.rsplit("-", 1)[0]
    targets.run(reader, path.read_bytes())


def test_mutation_changes_files() -> None:
    """The mutator does change real files (a fuzz test over unchanged seeds would prove nothing)."""
    rng = random.Random(0)  # noqa: S311 - reproducible mutation
    for reader in ("json", "xlsx", "pdf"):
        seed = targets.seeds(reader)[0]
        assert any(targets.mutate(seed, rng) != seed for _ in range(5))


def test_run_lets_foreign_exceptions_out(monkeypatch: pytest.MonkeyPatch) -> None:
    """The target swallows only library exceptions: a reader raising ValueError fails the fuzz test."""
    from govinfo_report import io as gio

    def broken(data: bytes, kind: str | None = None) -> None:
        raise ValueError(data)

    monkeypatch.setattr(gio, "loads", broken)
    with pytest.raises(ValueError):
        targets.run("json", b"{}")
