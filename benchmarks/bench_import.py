"""Import cost per document: HTML page, plain text, Markdown pipe tables, Word, PDF.

Run: python benchmarks/bench_import.py
The 40 KB page is the realistic portal fixture padded with more of the navigation, link lists and footer that
surround a report on a real portal (its report part is unchanged).

PDF: our whole ``read_pdf`` against pypdfium2 alone extracting the text of every page of the same file, timed in
the same run and interleaved (one of each per round), so that the ratio holds whatever the machine's speed.
The real WPS reports of the corpus (009, 020) are used when the corpus is found (``GOVINFO_CORPUS``, or
``../shared/corpus`` beside the repository); the PDF fixtures of the tests always.
"""

from __future__ import annotations

import os
import statistics
import time
import timeit
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium

import govinfo_report as gr
from govinfo_report.importers._pdf import read_pdf

ROOT = Path(__file__).resolve().parents[1]
FIX = ROOT / "tests" / "fixtures" / "import"
CORPUS = Path(os.environ.get("GOVINFO_CORPUS", ROOT.parent / "shared" / "corpus"))


def median_ms(fn: Callable[[], object], number: int, repeat: int = 11) -> float:
    return statistics.median(timeit.repeat(fn, number=number, repeat=repeat)) / number * 1e3


def bench_html_pages() -> list[Path]:
    """The HTML pages of the corpus (``GOVINFO_CORPUS``, or ``../shared/corpus`` beside the repository) when it is
    there, and the test fixture's portal page always."""
    found = [CORPUS / "raw" / f"{entry}.html" for entry in ("001", "024", "025")]
    return [*(p for p in found if p.is_file()), FIX / "portal-shanghai-2019.html"]


def bench_html_ratio(data: bytes, rounds: int = 41, number: int = 5) -> tuple[float, float]:
    """Medians (ms) of ``lxml.html.fromstring`` (parsing only) and of our whole ``read_html`` on the same bytes,
    measured alternately in the same run, so that their ratio holds whatever the machine's speed."""
    import lxml.html  # noqa: PLC0415 - kept with the HTML part of this file

    from govinfo_report.importers._html import read_html  # noqa: PLC0415

    read_html(data)  # warm up: imports, format declarations, label caches
    parse: list[float] = []
    ours: list[float] = []
    for _ in range(rounds):
        parse.append(timeit.timeit(lambda: lxml.html.fromstring(data), number=number) / number)
        ours.append(timeit.timeit(lambda: read_html(data), number=number) / number)
    return statistics.median(parse) * 1e3, statistics.median(ours) * 1e3


def bench_html() -> None:
    """Per page: lxml's parse alone, our read (parse, grids, labels, text, model), and their ratio."""
    print(f"\n{'HTML page':<28}{'KB':>5}{'lxml parse':>14}{'read_html':>12}{'ratio':>8}")
    for path in bench_html_pages():
        data = path.read_bytes()
        parse, ours = bench_html_ratio(data)
        print(f"{path.name:<28}{len(data) // 1024:>5}{parse:>11.2f} ms{ours:>9.2f} ms{ours / parse:>7.2f}x")


def padded_page() -> bytes:
    page = (FIX / "portal-shanghai-2019.html").read_bytes().decode("gb18030")
    links = "".join(f'<li><a href="/zwgk/{i}.html">政务公开栏目{i}：通知公告与政策解读</a></li>' for i in range(300))
    page = page.replace('<div class="nav">', f'<div class="nav"><ul class="more">{links}</ul></div><div class="nav">')
    return page.encode("utf-8")


def corpus_pdfs() -> list[Path]:
    return [p for p in (CORPUS / "raw" / "009.pdf", CORPUS / "raw" / "020.pdf") if p.is_file()]


def pdfium_text(data: bytes) -> None:
    """The baseline: pypdfium2 extracting the text of every page (what any PDF text reader must pay)."""
    pdf = pdfium.PdfDocument(data)
    for page in pdf:
        textpage = page.get_textpage()
        textpage.get_text_range()
        textpage.close()
        page.close()
    pdf.close()


def pdf_ratio(path: Path, rounds: int = 21) -> tuple[float, float]:
    """Medians (ms) of pypdfium2's text extraction and of our read_pdf, measured alternately."""
    data = path.read_bytes()
    base: list[float] = []
    ours: list[float] = []
    read_pdf(data)  # warm up: imports, format declarations
    for _ in range(rounds):
        t = time.perf_counter()
        pdfium_text(data)
        base.append(time.perf_counter() - t)
        t = time.perf_counter()
        read_pdf(data)
        ours.append(time.perf_counter() - t)
    return statistics.median(base) * 1e3, statistics.median(ours) * 1e3


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
    ]
    for label, ms in rows:
        print(f"{label:<44}{ms:>8.2f} ms")
    print(f"\n{'PDF':<24}{'pypdfium2 text':>16}{'read_pdf':>12}{'ratio':>8}")
    for path in [*corpus_pdfs(), FIX / "sample-2021.pdf", FIX / "shanghai-2019.pdf"]:
        base, ours = pdf_ratio(path)
        print(f"{path.name:<24}{base:>13.2f} ms{ours:>9.2f} ms{ours / base:>7.2f}x")


if __name__ == "__main__":
    main()
    bench_html()
