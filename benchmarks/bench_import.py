"""Import cost per document: HTML page, plain text, Markdown pipe tables, Word, PDF.

Run: python benchmarks/bench_import.py
The 40 KB page is the realistic portal fixture padded with more of the navigation, link lists and footer that
surround a report on a real portal (its report part is unchanged).
"""

from __future__ import annotations

import statistics
import timeit
from collections.abc import Callable
from pathlib import Path

import govinfo_report as gr

ROOT = Path(__file__).resolve().parents[1]
FIX = ROOT / "tests" / "fixtures" / "import"


def median_ms(fn: Callable[[], object], number: int, repeat: int = 11) -> float:
    return statistics.median(timeit.repeat(fn, number=number, repeat=repeat)) / number * 1e3


def padded_page() -> bytes:
    page = (FIX / "portal-shanghai-2019.html").read_bytes().decode("gb18030")
    links = "".join(f'<li><a href="/zwgk/{i}.html">政务公开栏目{i}：通知公告与政策解读</a></li>' for i in range(300))
    page = page.replace('<div class="nav">', f'<div class="nav"><ul class="more">{links}</ul></div><div class="nav">')
    return page.encode("utf-8")


def main() -> None:
    page = padded_page()
    sample = gr.read(ROOT / "examples" / "sample-2021" / "report.json")
    docx = gr.to_docx(sample)
    rows = [
        (f"HTML portal page ({len(page) // 1024} KB)", median_ms(lambda: gr.loads(page, "html"), 20)),
        ("HTML, our own page", median_ms(lambda: gr.loads(gr.to_html(sample).encode(), "html"), 20)),
        ("text, one cell per line", median_ms(lambda: gr.read(FIX / "sample-2021-cell-per-line.txt"), 20)),
        ("text, run together (identities solve)", median_ms(lambda: gr.read(FIX / "sample-2021-run-together.txt"), 20)),
        (
            "Markdown, converted from PDF (pipe tables)",
            median_ms(lambda: gr.read(FIX / "sample-2021-converted.md"), 20),
        ),
        ("text holding OCR Markdown (pipe tables)", median_ms(lambda: gr.read(FIX / "sample-2021-ocr.txt"), 20)),
        ("Word .docx", median_ms(lambda: gr.loads(docx, "docx"), 10)),
        ("PDF (pdfplumber extraction + text)", median_ms(lambda: gr.read(FIX / "sample-2021.pdf"), 2, repeat=5)),
    ]
    for label, ms in rows:
        print(f"{label:<44}{ms:>8.2f} ms")


if __name__ == "__main__":
    main()
