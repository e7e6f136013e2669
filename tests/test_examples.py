"""Every example runs, and prints what it is documented to print."""

from __future__ import annotations

import io
import runpy
import shlex
from pathlib import Path

import pytest

import govinfo_report as gr
from govinfo_report.cli import run
from tests.conftest import EXAMPLES

CASES = sorted(p for p in EXAMPLES.iterdir() if (p / "cmd.txt").exists())


@pytest.mark.parametrize("case", CASES, ids=[p.name for p in CASES])
def test_example_command(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """cmd.txt run in the example's folder gives expected.txt and exit status 0."""
    argv = shlex.split((case / "cmd.txt").read_text("utf-8"))
    assert "govinfo-report" == argv[0]
    monkeypatch.chdir(case)
    out, err = io.StringIO(), io.StringIO()
    code = run(argv[1:], out, err)
    assert (0, "") == (code, err.getvalue())
    assert (case / "expected.txt").read_text("utf-8") == out.getvalue()


IMPORTED = sorted(p for p in EXAMPLES.iterdir() if (p / "report.txt").exists())


@pytest.mark.parametrize("case", IMPORTED, ids=[p.name for p in IMPORTED])
def test_imported_example_matches_its_conversions(case: Path) -> None:
    """An example imported from a published file: its report.json and report.csv are what the import gives."""
    imported = gr.read(case / "report.txt")
    assert imported == gr.read(case / "report.json") == gr.read(case / "report.csv")
    assert imported.provenance == gr.read(case / "report.json").provenance


def test_api_tour(capsys: pytest.CaptureFixture[str]) -> None:
    """The API tour runs and shows the findings of the changed cell."""
    runpy.run_path(str(EXAMPLES / "api_tour.py"), run_name="__main__")
    out = capsys.readouterr().out
    assert "t3-row-total" in out
    assert "17.586" in out
