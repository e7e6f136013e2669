"""The code passes ruff and mypy --strict (both are test dependencies)."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def run(*argv: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", *argv]  # our own fixed tool invocations
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)  # noqa: S603


def test_ruff_check() -> None:
    """ruff check finds nothing."""
    result = run("ruff", "check", "src", "tests", "benchmarks", "examples")
    assert 0 == result.returncode, result.stdout + result.stderr


def test_ruff_format() -> None:
    """The code is formatted."""
    result = run("ruff", "format", "--check", "src", "tests", "benchmarks", "examples")
    assert 0 == result.returncode, result.stdout + result.stderr


def test_mypy_strict() -> None:
    """mypy --strict (configured in pyproject.toml) finds nothing in src."""
    result = run("mypy")
    assert 0 == result.returncode, result.stdout + result.stderr
