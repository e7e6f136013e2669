"""Reading reports from PDF through text extraction (pdfplumber, an optional extra).

The words of each page are put back into lines and read as wrapped plain text
(:func:`govinfo_report.importers._text.read_text` with ``wrapped=True``): labels
broken over lines with the values between, group labels printed beside their
items, spaces between Chinese and digits, page numbers.

A PDF prints nothing for a blank cell, so the values left on a row of table 三
or 四 no longer say which columns they belong to.  Their positions still do:
the column headers of the printed table give the centre of every data column,
and each value goes to the column it sits under.  A blank column then reads as
blank, not as a shift of the values beside it.  Scanned PDFs (images only) have
no text to extract and are refused with that reason.
"""

from __future__ import annotations

import io
from itertools import pairwise
from typing import Any

from govinfo_report._optional import optional
from govinfo_report.errors import ReadError
from govinfo_report.formats import FormatSpec, formats
from govinfo_report.importers._grid import norm
from govinfo_report.importers._text import BLANK, PAGE_NUMBER, is_value, read_text, table_heading
from govinfo_report.layout import table_grid
from govinfo_report.model import AnnualReport

__all__ = ["MAX_PDF_BYTES", "MAX_PDF_PAGES", "read_pdf"]

MAX_PDF_BYTES = 20 * 1024 * 1024
MAX_PDF_PAGES = 100


def _pdfplumber() -> Any:
    return optional("pdfplumber", "pdf", "reading PDF")


def _data_columns(table_key: str) -> int:
    """How many values a printed row of a table holds (from the declared layout)."""
    grid = table_grid(formats()[-1].id, table_key)
    return sum(1 for c in grid.rows[grid.header_rows] if c.role == "data")


def _group_headers() -> frozenset[str]:
    """Header labels that span several columns (行政复议, 法人或其他组织…): they mark no single column."""
    out = set()
    for table in formats()[-1].tables:
        if table.column_header:
            out.add(norm(table.column_header))
        out.update(norm(label) for row in table.rows for c in row.columns.columns for label in c.labels[:-1])
    return frozenset(out)


_GROUP_HEADERS = _group_headers()


# Tables whose printed rows all have the same data columns; 二 mixes widths and is read as text.
_TABLE_COLUMNS = {"三": _data_columns("table3"), "四": _data_columns("table4")}
_table_of = table_heading
_LINE_TOLERANCE = 3.0
_HEADER_MAX_WIDTH = 45.0
_COLUMN_GAP = 8.0


def _lines(words: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Words grouped into lines by their vertical position, each line left to right."""
    lines: list[list[dict[str, Any]]] = []
    for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(lines[-1][0]["top"] - w["top"]) <= _LINE_TOLERANCE:
            lines[-1].append(w)
        else:
            lines.append([w])
    return [sorted(line, key=lambda w: w["x0"]) for line in lines]


def _centre(w: dict[str, Any]) -> float:
    return float(w["x0"] + w["x1"]) / 2


def _header_columns(lines: list[list[dict[str, Any]]], columns: int) -> list[float] | None:
    """Centres of the data columns from the header words above the first row of values, if there are ``columns``."""
    centres: list[float] = []
    for line in lines:
        if any(is_value(w["text"]) for w in line):
            break
        centres += [
            _centre(w) for w in line if w["x1"] - w["x0"] <= _HEADER_MAX_WIDTH and norm(w["text"]) not in _GROUP_HEADERS
        ]
    centres.sort()
    groups: list[list[float]] = []
    for x in centres:
        if groups and x - groups[-1][-1] <= _COLUMN_GAP:
            groups[-1].append(x)
        else:
            groups.append([x])
    found = [sum(g) / len(g) for g in groups]
    return found[-columns:] if len(found) >= columns else None


def _slotted(line: list[dict[str, Any]], centres: list[float]) -> str | None:
    """A line of values put under their columns, blanks marked; None when the values do not fit the columns."""
    labels = [w["text"] for w in line if not is_value(w["text"])]
    values = [w for w in line if is_value(w["text"])]
    slots: list[str | None] = [None] * len(centres)
    half = min((b - a for a, b in pairwise(centres)), default=_COLUMN_GAP) / 2
    for w in values:
        k = min(range(len(centres)), key=lambda i: abs(centres[i] - _centre(w)))
        if abs(centres[k] - _centre(w)) > half or slots[k] is not None:
            return None
        slots[k] = w["text"]
    if not labels and all(s is None for s in slots):
        return None
    return " ".join([*labels, *(s if s is not None else BLANK for s in slots)])


class _Columns:
    """Which table the text is in, and the centres of its data columns, carried from page to page."""

    def __init__(self) -> None:
        self.table: str | None = None
        self.centres: list[float] | None = None

    def page_text(self, words: list[dict[str, Any]]) -> str:
        """The page as text lines; rows of tables 三 and 四 keep their columns."""
        lines = _lines(words)
        if self.table in _TABLE_COLUMNS:  # a table continued from the page before: a repeated header, if any
            self.centres = _header_columns(lines, _TABLE_COLUMNS[self.table]) or self.centres
        out: list[str] = []
        for i, line in enumerate(lines):
            text = " ".join(w["text"] for w in line)
            if PAGE_NUMBER.match(text):
                continue  # page furniture: its dashes and digits are not cells
            heading = _table_of(text)
            if heading is not None:
                self.table = heading
                columns = _TABLE_COLUMNS.get(heading)
                self.centres = _header_columns(lines[i + 1 :], columns) if columns else None
            elif self.centres is not None and any(is_value(w["text"]) for w in line):
                text = _slotted(line, self.centres) or text
            out.append(text)
        return "\n".join(out)


def read_pdf(data: bytes, *, format: str | FormatSpec | None = None) -> AnnualReport:  # noqa: A002
    """Read a report from a PDF with a text layer.

    Raises:
        ReadError: too large, not a PDF, encrypted, no text layer, or no report in the text.
        UnsupportedFileError: pdfplumber is not installed.
    """
    if len(data) > MAX_PDF_BYTES:
        msg = f"PDF is {len(data)} bytes; the limit is {MAX_PDF_BYTES}"
        raise ReadError(msg)
    if not data.startswith(b"%PDF-"):
        raise ReadError("not a PDF file")
    pdfplumber = _pdfplumber()
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = pdf.pages[: MAX_PDF_PAGES + 1]
            columns = _Columns()
            texts = [columns.page_text(page.extract_words()) for page in pages[:MAX_PDF_PAGES]]
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many kinds for broken or encrypted files
        msg = f"PDF cannot be read: {type(exc).__name__}: {exc}"
        raise ReadError(msg) from None
    if len(pages) > MAX_PDF_PAGES:
        msg = f"PDF has more than {MAX_PDF_PAGES} pages; an annual report has a few"
        raise ReadError(msg)
    text = "\n".join(texts)
    if not text.strip():
        raise ReadError("the PDF has no text layer (a scan?); only PDFs with text can be read")
    return read_text(text, format=format, wrapped=True)
