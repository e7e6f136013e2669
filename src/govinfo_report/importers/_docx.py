"""Reading reports from Word (.docx) files: the paragraphs and the tables, merges included.

The package is opened with the same checks as workbooks (size, parts,
compression ratio, no DTD); only ``word/document.xml`` is read.  Table cells
carry their column span (``gridSpan``) and their vertical merges (``vMerge``),
which become row spans on the grid that the label-based reader reads.

The document is parsed by libxml2 (lxml), as python-docx parses it: the tree stays in C, and Python objects
are made only for the paragraphs, cells, texts and breaks that are read, not for the run properties that are
most of a Word document's elements (5,000 elements for a report, 1,000 of them read).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lxml import etree

from govinfo_report.errors import ReadError
from govinfo_report.formats import FormatSpec
from govinfo_report.importers._front import finish
from govinfo_report.importers._grid import Grid
from govinfo_report.importers._html import cells_text, report_from_items, table_kind
from govinfo_report.io._xlsx_read import open_package, read_xml, xml_source
from govinfo_report.model import AnnualReport
from govinfo_report.render._common import GENERATOR

__all__ = ["read_docx"]

_MAX_SPAN = 64
_MAX_SPAN_DIGITS = 4
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


_T, _P, _TBL = f"{_W}t", f"{_W}p", f"{_W}tbl"
_MARKS = {f"{_W}br": "\n", f"{_W}cr": "\n", f"{_W}tab": "\t"}
_READ = (_T, _P, *_MARKS)


def _text(element: Any) -> str:
    """The text of a paragraph or cell: runs joined, line breaks and tabs kept as such."""
    out: list[str] = []
    marks = _MARKS
    for node in element.iter(*_READ):  # in C: only the elements read become Python objects
        tag = node.tag
        if tag == _T:
            if node.text:
                out.append(node.text)
        elif tag in marks:
            out.append(marks[tag])
        elif out and node is not element:  # a paragraph inside
            out.append("\n")
    return "".join(out).strip()


def _document(z: Any) -> Any:
    """The tree of ``word/document.xml`` (None without one).

    It is parsed as the standard library's parser would read it: no entities, no network, comments and
    processing instructions left out.

    Raises:
        ReadError: as :func:`~govinfo_report.io._xlsx_read.xml_source`, or the XML is broken.
    """
    name = "word/document.xml"
    source = xml_source(z, name)
    if source is None:
        return None
    parser = etree.XMLParser(  # one per document: a parser is not to be shared between threads
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True, remove_comments=True, remove_pis=True
    )
    try:
        return etree.fromstring(source, parser)
    except etree.XMLSyntaxError as exc:
        msg = f"{name}: broken XML ({exc})"
        raise ReadError(msg) from None
    except (ValueError, LookupError, RecursionError) as exc:  # pragma: no cover - checked and decoded before
        msg = f"{name}: unreadable XML ({type(exc).__name__})"
        raise ReadError(msg) from None


def _span(value: str) -> int:
    """A ``gridSpan``: a whole number between 1 and :data:`_MAX_SPAN` (Word's own limit is 63 columns)."""
    digits = value.strip()
    if not (digits.isascii() and digits.isdigit()):
        return 1  # "two": Word ignores it
    return _MAX_SPAN if len(digits) > _MAX_SPAN_DIGITS else max(1, min(int(digits), _MAX_SPAN))


_WRAPPERS = frozenset({f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml"})
"""Elements that wrap rows, cells, paragraphs or tables without being any: content controls and custom XML."""


def _within(element: Any, *tags: str) -> Iterator[Any]:
    """The children of ``element`` with these tags, in order, those inside content controls and custom XML too.

    Word templates put content controls around a row, a cell or a whole table (``w:sdt``/``w:sdtContent``); what
    they hold is the document's content as if they were not there. Their properties (``w:sdtPr``) are left out.
    """
    stack = [iter(element)]  # not recursive: content controls nested thousands deep cost no Python stack
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
        elif child.tag in tags:
            yield child
        elif child.tag in _WRAPPERS:
            stack.append(iter(child))


def _grid(tbl: Any) -> Grid:
    """A Word table on a grid: gridSpan as column span, vMerge continuations as row span."""
    grid = Grid("", where="table")
    origin: dict[int, tuple[int, int, int, str]] = {}  # grid column → (row, col, colspan, text) of a restart
    spans: dict[tuple[int, int], int] = {}
    placed: list[tuple[int, int, str, int]] = []
    for r, tr in enumerate(_within(tbl, f"{_W}tr"), start=1):
        col = 1
        for tc in _within(tr, f"{_W}tc"):
            props = tc.find(f"{_W}tcPr")
            span_el = props.find(f"{_W}gridSpan") if props is not None else None
            colspan = _span(span_el.get(f"{_W}val", "1")) if span_el is not None else 1
            merge_el = props.find(f"{_W}vMerge") if props is not None else None
            merge = None if merge_el is None else merge_el.get(f"{_W}val", "continue")
            if merge == "continue" and col in origin:
                start = origin[col]
                spans[(start[0], start[1])] = spans.get((start[0], start[1]), 1) + 1
            else:
                text = "\n".join(_text(p) for p in _within(tc, _P)).strip()
                placed.append((r, col, text, colspan))
                if merge == "restart":
                    origin[col] = (r, col, colspan, text)
                else:
                    origin.pop(col, None)
            col += colspan
    for r, col, text, colspan in placed:
        grid.put(r, col, text, spans.get((r, col), 1), colspan)
    return grid


def _items(body: Any) -> list[str | Grid]:
    """The document's paragraphs (as text) and tables (as grids), in order.

    A table that holds tables in its cells and is none of the report's tables is a layout table (a page's
    frame, content converted from a web page): what its cells hold is read in its place, cell by cell.
    """
    items: list[str | Grid] = []
    stack = [_within(body, _P, _TBL)]  # not recursive: layout tables nested deep cost no Python stack
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
        elif child.tag == _P:
            text = _text(child)
            if text:
                items.append(text)
        else:
            grid = _grid(child)
            cells = [tc for tr in _within(child, f"{_W}tr") for tc in _within(tr, f"{_W}tc")]
            if table_kind(grid) is None and any(next(_within(tc, _TBL), None) is not None for tc in cells):
                stack.append(c for tc in cells for c in _within(tc, _P, _TBL))
            else:
                items.append(grid)
    return items


def read_docx(data: bytes, *, format: str | FormatSpec | None = None) -> AnnualReport:  # noqa: A002
    """Read a report from a .docx file.

    Raises:
        ReadError: not a Word document, encrypted, unsafe, or no report table in it.
    """
    z = open_package(data, what="Word document", suffix=".docx")
    root = _document(z)
    if root is None:
        raise ReadError("not a .docx Word document (no word/document.xml)")
    body = root.find(f"{_W}body")
    items = _items(body) if body is not None else []
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
