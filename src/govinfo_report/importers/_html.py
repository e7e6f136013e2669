"""Reading published reports from HTML pages (and, through :mod:`._markdown`, our own Markdown).

A portal page holds the report among navigation, banners and footers; its
tables are laid out with ``rowspan``/``colspan`` (and the page itself is often
laid out with tables).  lxml parses the page with libxml2's HTML parser: no
scripts run, nothing is fetched, comments and processing instructions go, and
nesting depth and text size stay within the parser's safe limits.  Our part is
small: each table's cells go on a grid that honours their spans (the text of a
cell is its text nodes joined, line breaks kept), the report's tables are picked
by the labels they hold and read with the same label-based reader as workbooks,
and libxslt writes the rest of the page's text in one pass, split into blocks at
block elements, table cells included.  Table 二 published as one table per
sub-table is stacked back together.  The text sections are the text between the
section headings, which may also be the wordings of 条例 Art. 50 that some
bodies use.
"""

from __future__ import annotations

import re

from lxml import etree

from govinfo_report.errors import ReadError
from govinfo_report.formats import FormatSpec, format_for_year, formats, get_format
from govinfo_report.formats import _common as labels
from govinfo_report.importers._front import (
    agency_year,
    declared,
    decode,
    finish,
    heading_keys,
    level_region,
    published,
    section_of,
    sections,
)
from govinfo_report.importers._grid import Grid, GridReader, norm
from govinfo_report.io._xlsx_common import sheet_name
from govinfo_report.model import AnnualReport, ReportMeta, from_values
from govinfo_report.render._common import GENERATOR

__all__ = ["MAX_HTML_BYTES", "read_html"]

MAX_HTML_BYTES = 5 * 1024 * 1024
MAX_SPAN = 1000
"""The largest ``rowspan``/``colspan`` honoured (HTML's own limit for ``colspan``); larger ones are clamped."""
MAX_TABLE_CELLS = 10_000
"""A table with more cells is page layout, never a report table: it is not placed on a grid."""
MAX_PLACING_STEPS = 100_000
"""Grid columns a table's row spans may take and its cells may step over; a table needing more is not placed."""

_SKIP = ("script", "style", "noscript", "template", "title")
# Text is split into blocks at these elements (and at tables and their cells), also inside table cells.
_BLOCK = (
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "section", "article", "br", "tr", "ul", "ol",
    "blockquote", "dl", "dt", "dd", "header", "footer", "nav", "main", "aside", "center", "pre", "hr", "form",
    "address", "figure", "figcaption", "caption",
)  # fmt: skip
_CELLS = ("tr", "td", "th")
# Markers in the written text: noncharacters, which no page holds (they are taken out of the input).
_SEP, _OPEN, _CLOSE = "\ufdd0", "\ufdd1", "\ufdd2"
_MARKERS = re.compile("[\ufdd0-\ufdd2]")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_TABLE_ID = "data-govinfo-table"
_TEXT = etree.XSLT(
    etree.XML(
        '<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
        '<xsl:output method="text" encoding="UTF-8"/>'
        f'<xsl:template match="{"|".join((*_BLOCK, "td", "th"))}">{_SEP}<xsl:apply-templates/>{_SEP}</xsl:template>'
        f'<xsl:template match="table">{_SEP}{_OPEN}<xsl:value-of select="@{_TABLE_ID}"/>{_SEP}'
        f"<xsl:apply-templates/>{_SEP}{_CLOSE}{_SEP}</xsl:template>"
        "</xsl:stylesheet>"
    ),
    access_control=etree.XSLTAccessControl.DENY_ALL,
)
"""The page's text: a separator around each block, and around each table its number (opening) and an end marker."""
_DIGITS = re.compile(r"\s*0*(\d{1,9})")  # bounded: a 5,000-digit span is clamped, never converted
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")


def _parse(data: bytes | str) -> etree._Element | None:
    """The page's tree (None for a page without content), from its text as the shared front decodes it.

    Raises:
        ReadError: the page nests elements deeper than the parser's limit (256), which would cut it short.
    """
    text = decode(data)
    if _SEP in text or _OPEN in text or _CLOSE in text:
        text = _MARKERS.sub("", text)
    if text[:200].lstrip().startswith("<?xml"):  # its encoding no longer applies to decoded text
        text = _XML_DECLARATION.sub("", text, count=1)
    parser = etree.HTMLParser(  # given text, libxml2 also leaves the page's own charset aside
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
        default_doctype=False,
    )
    try:
        root = etree.fromstring(text, parser)
    except etree.LxmlError:  # nothing but comments or whitespace
        return None
    error = parser.error_log.last_error
    if error is not None and error.type == etree.ErrorTypes.ERR_RESOURCE_LIMIT:
        msg = f"the HTML page could not be read whole: {error.message}"
        raise ReadError(msg)
    return root


_DECLARED = {"agency": "author", "level": f"{GENERATOR}.level", "region": f"{GENERATOR}.region"}
"""The metadata this library writes into ``<meta>`` tags: field → tag name."""


def _page(data: bytes | str) -> tuple[str, list[str | Grid], dict[str, str | None]]:
    """The page's title, text blocks and table grids, and the agency its metadata names.

    The text blocks outside report tables and the grids of its tables come in document order; the metadata
    (agency, level, region) is what the ``<meta>`` tags say, where the page says this library wrote it.
    """
    root = _parse(data)
    if root is None:
        return "", [], {}
    title = "".join(t.text or "" for t in root.iter("title"))
    metas = {m.get("name"): m.get("content") for m in root.iter("meta")}
    ours = metas.get("generator") == GENERATOR
    author = {k: metas.get(n) for k, n in _DECLARED.items()} if ours else {}
    etree.strip_elements(root, *_SKIP, with_tail=False)
    tables = list(root.iter("table"))
    grids = [_grid(t) for t in tables]
    report = {i for i, g in enumerate(grids) if g is not None and table_kind(g)}
    for i, table in enumerate(tables):
        if i in report and not report.intersection(range(i + 1, i + len(table.findall(".//table")) + 1)):
            table.clear()  # the grid holds its text: libxslt need not write it
        table.set(_TABLE_ID, str(i))
    items: list[str | Grid] = []
    open_tables: list[int] = []
    for part in str(_TEXT(root)).split(_SEP):
        text = part.strip()
        if not text:
            continue
        if text[0] == _OPEN:  # a table the tree walk did not number (a malformed page) has no grid: -1
            number = text[1:]
            open_tables.append(int(number) if number.isascii() and number.isdigit() else -1)
        elif text == _CLOSE:
            if open_tables and (k := open_tables.pop()) >= 0 and (grid := grids[k]) is not None:
                items.append(grid)
        elif not open_tables or open_tables[-1] not in report:  # a report table's text is on its grid
            items.append(text)
    return title, items, author


def _grid(table: etree._Element) -> Grid | None:
    """A table's cells on a grid; None for a table without cells, or too large or too wide to be a report table."""
    nested = table.find(".//table") is not None  # then its own cells and text leave the nested tables out
    for br in _own(table, ("br",)) if nested else table.iter("br"):
        # A line break is part of a cell's text.  libxml2 parses control characters that lxml refuses to set back.
        br.tail = "\n" + _NOT_XML.sub("", br.tail) if br.tail else "\n"
    rows: list[list[etree._Element]] = []
    row: list[etree._Element] | None = None
    cells = 0
    for el in _own(table, _CELLS) if nested else table.iter(*_CELLS):
        if el.tag == "tr":
            rows.append(row := [])
            continue
        cells += 1
        if cells > MAX_TABLE_CELLS:
            return None
        if row is None:  # a cell outside any row
            rows.append(row := [])
        row.append(el)
    return _place(rows, nested) if cells else None


def _own(table: etree._Element, tags: tuple[str, ...]) -> list[etree._Element]:
    """The elements of a table with one of ``tags``, in document order, leaving out the tables nested in it."""
    out = []
    stack = list(reversed(table))
    while stack:
        el = stack.pop()
        if el.tag in tags:
            out.append(el)
        if el.tag != "table":
            stack.extend(reversed(el))
    return out


def _own_text(cell: etree._Element) -> str:
    """A cell's text, leaving out the tables nested in it (they have grids of their own)."""
    out = [cell.text or ""]
    stack = [(child, False) for child in reversed(cell)]
    while stack:
        el, done = stack.pop()
        if done or el.tag == "table":
            out.append(el.tail or "")
        else:
            out.append(el.text or "")
            stack.append((el, True))
            stack.extend((child, False) for child in reversed(el))
    return "".join(out)


def _span(value: str | None) -> int:
    """A ``rowspan``/``colspan`` as HTML reads it (its leading digits), between 1 and :data:`MAX_SPAN`."""
    m = _DIGITS.match(value) if value else None
    return max(1, min(int(m.group(1)), MAX_SPAN)) if m else 1


def _place(rows: list[list[etree._Element]], nested: bool) -> Grid | None:
    """Place a table's cells on a grid, honouring rowspan and colspan; None for a span bomb.

    A column stays taken down to the last row of a cell spanning into it from above; a row span ends with the table.
    """
    grid = Grid("", where="table")
    put = grid.put
    tostring = etree.tostring
    below: list[int] = []  # below[c - 1]: the last row taken in column c by a cell of an earlier row
    width = steps = 0
    last = len(rows)
    for r, row in enumerate(rows, start=1):
        c = 1
        for cell in row:
            while c <= width and below[c - 1] >= r:
                c += 1
                steps += 1
            rs, cs = cell.get("rowspan"), cell.get("colspan")  # mostly absent: no call then
            rowspan = min(_span(rs), last - r + 1) if rs else 1
            colspan = _span(cs) if cs else 1
            if rowspan > 1:
                if width < c + colspan - 1:
                    below.extend([0] * (c + colspan - 1 - width))
                    width = len(below)
                below[c - 1 : c + colspan - 1] = [r + rowspan - 1] * colspan
                steps += colspan
            if steps > MAX_PLACING_STEPS:
                return None
            text = _own_text(cell) if nested else tostring(cell, method="text", encoding=str, with_tail=False)
            put(r, c, text.strip(), rowspan, colspan)
            c += colspan
    return grid


def table_kind(grid: Grid) -> str | None:
    """Which report table a grid is, by the labels it holds."""
    if norm(labels.NEW_RECEIVED) in grid.index or norm(labels.T3_COLUMN_HEADER) in grid.index:
        return "三"
    if norm(labels.REVIEW) in grid.index and norm(labels.LITIGATION) in grid.index:
        return "四"
    item = norm(labels.ITEM_1)[:5]  # 第二十条第…
    if any(key.startswith(item) for key in grid.index) or norm(labels.T2_ROW_HEADER) in grid.index:
        return "二"
    return None


def _stack(grids: list[Grid], *, right: bool = False) -> Grid:
    """Tables one below the other as one grid: table 二 published as several tables, or a table split in two.

    ``right``: the rows of the parts after the first are aligned at their right edge (the data columns), as a
    table split at a page break loses in its second part the cells of a group label that spans the break.
    """
    out = Grid("", where="table")
    offset = 0
    width = max((g.span(r, c)[3] for g in grids for r, c in g.cells), default=0)
    for k, g in enumerate(grids):
        edge: dict[int, int] = {}  # each row's right edge: a part after the first is aligned row by row
        for r, c in g.cells:
            edge[r] = max(edge.get(r, 0), g.span(r, c)[3])
        for (r, c), cell in g.cells.items():
            r1, c1, r2, c2 = g.span(r, c)
            shift = width - edge[r] if right and k else 0
            out.put(r + offset, c + shift, cell.value, r2 - r1 + 1, c2 - c1 + 1)
        offset += max((r for r, _ in g.cells), default=0)
    return out


def _detect(grids: dict[str, Grid], year: int | None, explicit: str | FormatSpec | None) -> FormatSpec:
    if explicit is not None:
        return get_format(explicit)
    t2 = grids.get("二")
    if t2 is not None:
        fitting = [
            f for f in formats() if all(norm(c.column.label) in t2.index for c in f.cells if c.table.number == "二")
        ]
        if len(fitting) == 1:
            return fitting[0]
    t3 = grids.get("三")
    if t3 is not None:  # the formats differ in whether （六）其他处理 has items
        fitting = [
            f for f in formats() if all(norm(r.labels[-1]) in t3.index for r in f.tables_by_key["三"].rows if r.labels)
        ]
        if len(fitting) == 1:
            return fitting[0]
    return format_for_year(year) if year else formats()[-1]


def read_html(data: bytes | str, *, format: str | FormatSpec | None = None) -> AnnualReport:  # noqa: A002
    """Read a report from an HTML page (a portal page, our own HTML, or our Markdown's HTML tables).

    Raises:
        ReadError: too large, not text, or no table of a report found.
    """
    if len(data) > MAX_HTML_BYTES:
        msg = f"HTML page is {len(data)} bytes; the limit is {MAX_HTML_BYTES}"
        raise ReadError(msg)
    title, items, author = _page(data)
    report = report_from_items(items, title, format, where="the page", author=author)
    return finish(report, reader="html", data=data, text=cells_text(items))


def cells_text(items: list[str | Grid]) -> str:
    """The text of a document's table cells, where its tables' numbers are printed (for the self-audit)."""
    return " ".join(str(c.value) for i in items if isinstance(i, Grid) for c in i.cells.values() if c.value)


_MIN_HEADINGS = 3  # a report's own section headings: its tables may be images


def _headings(texts: list[str]) -> set[str]:
    """The section numerals whose headings (of any format) the texts hold."""
    out = set()
    for f in formats():
        keys = heading_keys(f.id)
        out |= {n for t in texts if (n := section_of(t, keys)) is not None}
    return out


def report_from_items(
    items: list[str | Grid],
    title: str,
    format: str | FormatSpec | None,  # noqa: A002 - the domain word, as elsewhere
    where: str,
    author: dict[str, str | None] | None = None,
) -> AnnualReport:
    """A report from a document's text blocks and table grids, in document order.

    ``author``: agency, level and region as this library wrote them into the file's metadata (see
    :func:`declared`).
    """
    found: dict[str, list[Grid]] = {}
    continued: dict[str, list[Grid]] = {}  # the parts of a table split in two (a page break), after the first
    last: str | None = None  # the kind of the last table, if no section heading has come since
    keys = [heading_keys(f.id) for f in formats()]
    for item in items:
        if isinstance(item, str):
            if any(section_of(item, k) is not None for k in keys):
                last = None
        elif (kind := table_kind(item)) is not None and not (kind == last and kind != "二"):
            found.setdefault(kind, []).append(item)
            last = kind
        elif last in ("三", "四") and kind in (None, last):  # the rest of the table above (its header again or not)
            continued.setdefault(last, []).append(item)
    texts = [i for i in items if isinstance(i, str)]
    if not found and len(_headings(texts)) < _MIN_HEADINGS:
        msg = f"no table of an annual report (二、三、四) found in {where}"
        raise ReadError(msg)
    grids = {k: (_stack(v) if k == "二" and len(v) > 1 else v[0]) for k, v in found.items()}
    for kind, parts in continued.items():
        grids[kind] = _stack([grids[kind], *parts], right=True)

    agency, year = agency_year([title.strip(), *texts[:10]])
    level, region = level_region(texts)
    author = author or {}
    agency, level, region = (
        declared(v, author.get(k)) for k, v in (("agency", agency), ("level", level), ("region", region))
    )
    spec = _detect(grids, year, format)
    for number, grid in grids.items():
        grid.name = sheet_name(number)
    sheets = {g.name: g for g in grids.values()}
    reader = GridReader(spec, sheets, units=True)
    reader.read_all(missing_ok=True)  # a missing table reads as blank cells, which validation reports
    return from_values(
        spec,
        reader.values,
        meta=ReportMeta(agency=agency, year=year, published=published(texts), level=level, region=region),
        raw=reader.raw,
        sources=reader.sources,
        **sections(texts, spec),
    )
