"""Reading reports from Word (.docx) files: the paragraphs and the tables, merges included.

The package is opened with the same checks as workbooks (size, parts,
compression ratio, no DTD); only ``word/document.xml`` is read.  Table cells
carry their column span (``gridSpan``) and their vertical merges (``vMerge``),
which become row spans on the grid that the label-based reader reads.
"""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree as ET

from govinfo_report.errors import ReadError
from govinfo_report.formats import FormatSpec
from govinfo_report.importers._front import finish
from govinfo_report.importers._grid import Grid
from govinfo_report.importers._html import cells_text, report_from_items
from govinfo_report.io._xlsx_read import open_package, read_xml
from govinfo_report.model import AnnualReport
from govinfo_report.render._common import GENERATOR

__all__ = ["read_docx"]

_MAX_SPAN = 64
_MAX_SPAN_DIGITS = 4
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _text(element: ET.Element) -> str:
    """The text of a paragraph or cell: runs joined, line breaks and tabs kept as such."""
    out = []
    for node in element.iter():
        if node.tag == f"{_W}t" and node.text:
            out.append(node.text)
        elif node.tag in (f"{_W}br", f"{_W}cr"):
            out.append("\n")
        elif node.tag == f"{_W}tab":
            out.append("\t")
        elif node.tag == f"{_W}p" and out and node is not element:
            out.append("\n")
    return "".join(out).strip()


def _span(value: str) -> int:
    """A ``gridSpan``: a whole number between 1 and :data:`_MAX_SPAN` (Word's own limit is 63 columns)."""
    digits = value.strip()
    if not (digits.isascii() and digits.isdigit()):
        return 1  # "two": Word ignores it
    return _MAX_SPAN if len(digits) > _MAX_SPAN_DIGITS else max(1, min(int(digits), _MAX_SPAN))


def _grid(tbl: ET.Element) -> Grid:
    """A Word table on a grid: gridSpan as column span, vMerge continuations as row span."""
    grid = Grid("", where="table")
    origin: dict[int, tuple[int, int, int, str]] = {}  # grid column → (row, col, colspan, text) of a restart
    spans: dict[tuple[int, int], int] = {}
    placed: list[tuple[int, int, str, int]] = []
    for r, tr in enumerate(tbl.findall(f"{_W}tr"), start=1):
        col = 1
        for tc in tr.findall(f"{_W}tc"):
            props = tc.find(f"{_W}tcPr")
            span_el = props.find(f"{_W}gridSpan") if props is not None else None
            colspan = _span(span_el.get(f"{_W}val", "1")) if span_el is not None else 1
            merge_el = props.find(f"{_W}vMerge") if props is not None else None
            merge = None if merge_el is None else merge_el.get(f"{_W}val", "continue")
            if merge == "continue" and col in origin:
                start = origin[col]
                spans[(start[0], start[1])] = spans.get((start[0], start[1]), 1) + 1
            else:
                text = "\n".join(_text(p) for p in tc.findall(f"{_W}p")).strip()
                placed.append((r, col, text, colspan))
                if merge == "restart":
                    origin[col] = (r, col, colspan, text)
                else:
                    origin.pop(col, None)
            col += colspan
    for r, col, text, colspan in placed:
        grid.put(r, col, text, spans.get((r, col), 1), colspan)
    return grid


def read_docx(data: bytes, *, format: str | FormatSpec | None = None) -> AnnualReport:  # noqa: A002
    """Read a report from a .docx file.

    Raises:
        ReadError: not a Word document, encrypted, unsafe, or no report table in it.
    """
    z = open_package(data, what="Word document", suffix=".docx")
    root = read_xml(z, "word/document.xml")
    if root is None:
        raise ReadError("not a .docx Word document (no word/document.xml)")
    body = root.find(f"{_W}body")
    items: list[str | Grid] = []
    for child in body if body is not None else []:
        if child.tag == f"{_W}p":
            text = _text(child)
            if text:
                items.append(text)
        elif child.tag == f"{_W}tbl":
            items.append(_grid(child))
    title = next((i for i in items if isinstance(i, str)), "")
    level, region, author = _ours(z)
    declared = {"agency": author, "level": level, "region": region}
    report = report_from_items(items, title, format, where="the document", author=declared)
    return finish(report, reader="docx", data=data, text=cells_text(items))


_CP = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"


_DC = "{http://purl.org/dc/elements/1.1/}"


def _ours(z: Any) -> tuple[str | None, str | None, str | None]:
    """层级, 地区 and the agency from the document properties, where this library wrote them.

    层级 and 地区 are not printed; the agency is, in the title, but without its line breaks.
    """
    core = read_xml(z, "docProps/core.xml")
    if core is None or (core.findtext(f"{_CP}lastModifiedBy") or "") != GENERATOR:
        return None, None, None
    fields = (core.findtext(f"{_CP}category"), core.findtext(f"{_CP}keywords"), core.findtext(f"{_DC}creator"))
    level, region, author = (f or None for f in fields)
    return level, region, author
