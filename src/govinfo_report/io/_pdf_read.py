"""Reading reports from PDF through text extraction (pdfplumber, an optional extra).

The text of each page is extracted in reading order and read as wrapped plain
text (:func:`govinfo_report.io._text_read.read_text` with ``wrapped=True``):
labels broken over lines with the values between, group labels printed beside
their items, spaces between Chinese and digits, page numbers.  Scanned PDFs
(images only) have no text to extract and are refused with that reason.
"""

from __future__ import annotations

import io
from typing import Any

from govinfo_report._optional import optional
from govinfo_report.errors import ReadError
from govinfo_report.formats import FormatSpec
from govinfo_report.io._text_read import read_text
from govinfo_report.model import AnnualReport

__all__ = ["MAX_PDF_BYTES", "MAX_PDF_PAGES", "read_pdf"]

MAX_PDF_BYTES = 20 * 1024 * 1024
MAX_PDF_PAGES = 100


def _pdfplumber() -> Any:
    return optional("pdfplumber", "pdf", "reading PDF")


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
            texts = [page.extract_text() or "" for page in pages[:MAX_PDF_PAGES]]
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
