"""read and validate are safe from many threads and processes at once, on mixed kinds of file."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import pytest

import govinfo_report as gr
from govinfo_report import io as gio
from govinfo_report.errors import ReadError

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted(
    p
    for p in (
        *ROOT.joinpath("tests", "fixtures", "import").iterdir(),
        *ROOT.joinpath("tests", "fixtures", "xlsx").iterdir(),
        ROOT / "examples" / "sample-2021" / "report.json",
        ROOT / "examples" / "shanghai-2019" / "report.csv",
        ROOT / "examples" / "seed-2021" / "report.txt",
    )
    if p.is_file()
)


def _outcome(path: str) -> tuple[str, tuple[object, ...], tuple[str, ...]]:
    """What reading and validating one file gives, in a form comparable across threads and processes."""
    try:
        report = gio.read(path)
    except ReadError as exc:
        return "refused", (str(exc),), ()
    result = gr.validate(report)
    return "read", tuple(report.values()), tuple(sorted(f"{f.code} {f.path} {f.message()}" for f in result.findings))


@pytest.fixture(scope="module")
def expected() -> dict[str, tuple[str, tuple[object, ...], tuple[str, ...]]]:
    return {str(p): _outcome(str(p)) for p in FILES}


def test_files_are_mixed() -> None:
    """The files cover every kind the test means to mix (json, csv, xlsx, docx, html, md, txt, pdf)."""
    assert {".json", ".csv", ".xlsx", ".docx", ".html", ".md", ".txt", ".pdf"} <= {p.suffix for p in FILES}


def test_eight_threads(expected: dict[str, tuple[str, tuple[object, ...], tuple[str, ...]]]) -> None:
    """8 threads reading and validating the mixed files (each 4 times, interleaved) get what one thread gets."""
    jobs = [str(p) for p in FILES] * 4
    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(_outcome, jobs))
    for path, outcome in zip(jobs, got, strict=True):
        assert expected[path] == outcome, path


def test_process_pool(expected: dict[str, tuple[str, tuple[object, ...], tuple[str, ...]]]) -> None:
    """A pool of processes (spawned: no state inherited) reading and validating the files gets the same."""
    jobs = [str(p) for p in FILES] * 2
    with ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("spawn")) as pool:
        got = list(pool.map(_outcome, jobs))
    for path, outcome in zip(jobs, got, strict=True):
        assert expected[path] == outcome, path
