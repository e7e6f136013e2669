"""Hostile files: each refused in one line (CLI exit 2), or read, but always fast and memory bounded.

The files are built in the test (tests/hostile.py), nothing large is committed; benchmarks/hostile.py measures
each in a fresh process (docs/reliability.md has the figures).
"""

from __future__ import annotations

import io
import time
import tracemalloc
from pathlib import Path

import pytest

from govinfo_report import io as gio
from govinfo_report.cli import run
from govinfo_report.errors import ReadError
from tests import hostile

_SECONDS = 10.0  # on CI's slow cores; measured: the worst case takes under 2 s here
_MEGABYTES = 256  # Python allocations traced (libxml2's and PDFium's own are measured by benchmarks/hostile.py)


@pytest.mark.parametrize("case", hostile.CASES)
def test_hostile_file(case: str, tmp_path: Path) -> None:
    """The hostile file is refused with a one-line ReadError, or read; in bounded time and memory either way."""
    path, must_refuse = hostile.build(case, tmp_path)
    tracemalloc.start()
    start = time.perf_counter()
    error: ReadError | None = None
    try:
        gio.read(path)
    except ReadError as exc:
        error = exc
    elapsed = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert elapsed < _SECONDS, f"{case}: {elapsed:.1f} s"
    assert peak < _MEGABYTES * 1024 * 1024, f"{case}: {peak // 1024 // 1024} MB"
    if must_refuse:
        assert error is not None, f"{case}: accepted"
        assert "\n" not in str(error)


@pytest.mark.parametrize("case", ["deflate bomb, lying size (256 MiB declared as 1 KB)", "billion laughs, UTF-16 part"])
def test_cli_refuses_in_one_line_with_exit_2(case: str, tmp_path: Path) -> None:
    """The CLI gives exit code 2 and one line on stderr for a hostile file."""
    path, _ = hostile.build(case, tmp_path)
    out, err = io.StringIO(), io.StringIO()
    assert 2 == run(["validate", str(path)], stdout=out, stderr=err)
    shown = (out.getvalue() + err.getvalue()).strip()
    assert 1 == len(shown.splitlines()), shown


def test_utf16_entity_is_not_expanded(tmp_path: Path) -> None:
    """An internal entity in a UTF-16 part is refused, not expanded (the DTD is looked for in the decoded text)."""
    path, _ = hostile.build("billion laughs, UTF-16 part", tmp_path)
    with pytest.raises(ReadError, match="DTD"):
        gio.read(path)


def test_formula_range_and_nesting_are_bounded(tmp_path: Path) -> None:
    """A whole-sheet SUM is not expanded, nested SUMs are evaluated once each: the workbook still reads."""
    for case in ("xlsx formula SUM(A1:XFD1048576)", "xlsx 6 levels x 40 nested SUM cells"):
        path, _ = hostile.build(case, tmp_path)
        report = gio.read(path)
        assert report.table3 is not None


def test_unbounded_numbers_are_raw_text(tmp_path: Path) -> None:
    """1E+1000000, NaN and a 5,000-digit count are kept as raw text, never converted to numbers."""
    path, _ = hostile.build("CSV with a 5,000-digit count", tmp_path)
    report = gio.read(path)
    assert ["9" * 5000] == [t for t in report.raw.values() if t.startswith("999")]
    path, _ = hostile.build("xlsx 1E+1000000, NaN and Infinity as values", tmp_path)
    assert gio.read(path).table3 is not None


def test_utf16_text_reads_as_utf8(tmp_path: Path) -> None:
    """A text report saved as UTF-16 with its BOM reads as the same report in UTF-8."""
    path, _ = hostile.build("UTF-16 text with its BOM", tmp_path)
    utf8 = hostile.ROOT / "examples" / "seed-2021" / "report.txt"
    assert gio.read(utf8).values() == gio.read(path).values()


def test_long_problem_texts_are_shortened_in_the_message() -> None:
    """A problem quoting 5,000 characters of a file shows 300 of them; ``problems`` keeps them all."""
    error = ReadError("invalid", [("line 3", "9" * 5000)])
    assert len(str(error)) < 400
    assert "9" * 5000 == error.problems[0][1]


def test_pdf_stream_scan_is_linear() -> None:
    """10,000 page streams are measured without copying the file for each (once 12 s, now well under 1 s)."""
    from govinfo_report.importers._pdf import check_streams

    data = hostile._many_pages(10_000)
    start = time.perf_counter()
    check_streams(data)
    assert time.perf_counter() - start < 3
