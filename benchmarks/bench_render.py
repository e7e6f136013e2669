"""Rendering cost per report: Markdown, HTML (standalone and fragment) and Word.

Run: python benchmarks/bench_render.py
"""

from __future__ import annotations

import statistics
import timeit
from collections.abc import Callable
from pathlib import Path

import govinfo_report as gr
from govinfo_report.render import to_docx, to_html, to_markdown

ROOT = Path(__file__).resolve().parents[1]


def median_ms(fn: Callable[[], object], number: int, repeat: int = 15) -> float:
    return statistics.median(timeit.repeat(fn, number=number, repeat=repeat)) / number * 1e3


def main() -> None:
    print(f"{'report':<16}{'markdown':>10}{'html':>9}{'fragment':>10}{'docx':>9}")
    for name in ("sample-2021", "shanghai-2019"):
        report = gr.read(ROOT / "examples" / name / "report.json")
        md = median_ms(lambda r=report: to_markdown(r), 200)
        page = median_ms(lambda r=report: to_html(r), 200)
        fragment = median_ms(lambda r=report: to_html(r, standalone=False), 200)
        docx = median_ms(lambda r=report: to_docx(r), 5, repeat=9)
        print(f"{name:<16}{md:>8.2f}ms{page:>7.2f}ms{fragment:>8.2f}ms{docx:>7.1f}ms")


if __name__ == "__main__":
    main()
