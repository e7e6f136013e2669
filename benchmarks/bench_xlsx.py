"""Excel cost per report: reading a filled workbook and writing one.

Run: python benchmarks/bench_xlsx.py
"Filled" is the template filled in and saved by LibreOffice (tests/fixtures/xlsx), as offices will send it.
openpyxl's own load of the same file is timed for comparison.
"""

from __future__ import annotations

import io
import statistics
import timeit
from collections.abc import Callable
from pathlib import Path

from openpyxl import load_workbook

import govinfo_report as gr

ROOT = Path(__file__).resolve().parents[1]


def median_ms(fn: Callable[[], object], number: int, repeat: int = 15) -> float:
    return statistics.median(timeit.repeat(fn, number=number, repeat=repeat)) / number * 1e3


def main() -> None:
    filled = (ROOT / "tests" / "fixtures" / "xlsx" / "sample-2021-filled-in-libreoffice.xlsx").read_bytes()
    sample = gr.read(ROOT / "examples" / "sample-2021" / "report.json")
    shanghai = gr.read(ROOT / "examples" / "shanghai-2019" / "report.json")
    ours = gr.to_xlsx(sample)
    rows = [
        ("read: LibreOffice-saved, filled", median_ms(lambda: gr.from_xlsx(filled), 20)),
        ("read: our own sample-2021", median_ms(lambda: gr.from_xlsx(ours), 20)),
        ("openpyxl load_workbook (same file)", median_ms(lambda: load_workbook(io.BytesIO(filled)), 5)),
        ("write: sample-2021", median_ms(lambda: gr.to_xlsx(sample), 5)),
        ("write: shanghai-2019", median_ms(lambda: gr.to_xlsx(shanghai), 5)),
        ("write: blank 2021 template", median_ms(lambda: gr.to_xlsx(gr.blank_report("2021")), 5)),
    ]
    for label, ms in rows:
        print(f"{label:<40}{ms:>8.1f} ms")


if __name__ == "__main__":
    main()
