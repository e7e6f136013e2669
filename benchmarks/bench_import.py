"""Import cost per document: HTML page, plain text, Word, PDF.

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


def bench_html_pages() -> list[Path]:
    """The HTML pages of the corpus (``GOVINFO_CORPUS``, or ``../shared/corpus`` beside the repository) when it is
    there, and the test fixture's portal page always."""
    import os  # noqa: PLC0415 - kept with the HTML part of this file

    corpus = Path(os.environ.get("GOVINFO_CORPUS", ROOT.parent / "shared" / "corpus"))
    found = [corpus / "raw" / f"{entry}.html" for entry in ("001", "024", "025")]
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


def main() -> None:
    page = padded_page()
    sample = gr.read(ROOT / "examples" / "sample-2021" / "report.json")
    docx = gr.to_docx(sample)
    rows = [
        (f"HTML portal page ({len(page) // 1024} KB)", median_ms(lambda: gr.loads(page, "html"), 20)),
        ("HTML, our own page", median_ms(lambda: gr.loads(gr.to_html(sample).encode(), "html"), 20)),
        ("text, one cell per line", median_ms(lambda: gr.read(FIX / "sample-2021-cell-per-line.txt"), 20)),
        ("text, run together (identities solve)", median_ms(lambda: gr.read(FIX / "sample-2021-run-together.txt"), 20)),
        ("Word .docx", median_ms(lambda: gr.loads(docx, "docx"), 10)),
        ("PDF (pdfplumber extraction + text)", median_ms(lambda: gr.read(FIX / "sample-2021.pdf"), 2, repeat=5)),
    ]
    for label, ms in rows:
        print(f"{label:<44}{ms:>8.2f} ms")


if __name__ == "__main__":
    main()
    bench_html()
