"""Reading published reports from HTML pages (and, through :mod:`._markdown`, our own Markdown).

A portal page holds the report among navigation, banners and footers; its
tables are laid out with ``rowspan``/``colspan`` (and the page itself is often
laid out with tables).  The reader parses the page with the standard library's
HTML parser (no scripts run, nothing is fetched), places each innermost table
on a grid honouring its spans, picks the report's tables by the labels they
hold, and reads them with the same label-based reader as workbooks.  Table 二
published as one table per sub-table is stacked back together.  The text
sections are the text between the section headings, which may also be the
wordings of 条例 Art. 50 that some bodies use.
"""

from __future__ import annotations

import html
import re

from attrs import define, field

from govinfo_report.errors import ReadError
from govinfo_report.formats import FormatSpec, format_for_year, formats, get_format
from govinfo_report.formats import _common as labels
from govinfo_report.importers._front import agency_year, decode, published, sections
from govinfo_report.importers._grid import Grid, GridReader, norm
from govinfo_report.io._xlsx_common import sheet_name
from govinfo_report.model import AnnualReport, ReportMeta, from_values

__all__ = ["MAX_HTML_BYTES", "read_html"]

MAX_HTML_BYTES = 5 * 1024 * 1024
_SKIP = {"script", "style", "noscript", "template"}
_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "section", "article", "br", "tr", "ul", "ol"}


@define
class _Table:
    rows: list[list[tuple[str, int, int]]] = field(factory=list)
    cell: list[str] | None = None
    spans: tuple[int, int] = (1, 1)


_TOKEN = re.compile(
    r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<![^>]*>|<\?[^>]*>|<(/?)([a-zA-Z][a-zA-Z0-9:-]*)([^>]*)>|([^<]+|<)",
    re.DOTALL,
)
_ATTR = re.compile(r"([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'>]+)))?")
_RAW_TEXT = {"script", "style"}
_SPANNED = {"td", "th"}
_STRUCTURAL = _BLOCK | _SKIP | _RAW_TEXT | {"table", "tr", "td", "th", "title"}


class _Tokenizer:
    """A small, fast HTML tokenizer: tags, attributes and text, entities decoded; no scripts, no fetching.

    It calls the same handlers as :class:`html.parser.HTMLParser` (which is pure Python and several times slower).
    """

    def feed(self, text: str) -> None:
        skip_until = 0
        for m in _TOKEN.finditer(text):
            if m.start() < skip_until:
                continue  # inside a script or style element
            closing, tag, attrs, data = m.groups()
            if data is not None:
                self.handle_data(html.unescape(data) if "&" in data else data)
            elif tag is None:
                continue  # comment, doctype, processing instruction
            elif (name := tag.lower()) not in _STRUCTURAL:
                continue  # inline markup (a, span, font, strong…) changes nothing the reader uses
            elif closing:
                self.handle_endtag(name)
            else:
                pairs: list[tuple[str, str | None]] = (
                    [(a.lower(), html.unescape(v1 or v2 or v3 or "")) for a, v1, v2, v3 in _ATTR.findall(attrs)]
                    if attrs and name in _SPANNED  # only table cells' spans are ever looked at
                    else []
                )
                self.handle_starttag(name, pairs)
                if name in _RAW_TEXT:  # skip to the closing tag; the content is never text of the page
                    close = re.compile(rf"</{name}\s*>", re.IGNORECASE).search(text, m.end())
                    skip_until = close.end() if close else len(text)
                    self.handle_endtag(name)
                elif attrs and attrs.rstrip().endswith("/") and name not in _SPANNED:
                    self.handle_endtag(name)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raise NotImplementedError

    def handle_endtag(self, tag: str) -> None:
        raise NotImplementedError

    def handle_data(self, data: str) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """End of input."""


class _Page(_Tokenizer):
    """Blocks of text and innermost tables, in document order.

    Text is split into blocks at block elements, also inside table cells, so that
    a page laid out with tables still yields its paragraphs; the blocks that sit
    in the cells of a report table are dropped at the end, since the grid holds them.
    """

    def __init__(self) -> None:
        self.title = ""
        self._items: list[tuple[str | Grid, int | None]] = []
        self._text: list[str] = []
        self._skip = 0
        self._tables: list[tuple[int, _Table]] = []
        self._next_id = 0
        self._in_title = False

    @property
    def items(self) -> list[str | Grid]:
        """Text blocks outside report tables, and the grids of the innermost tables."""
        report_tables = {tid for item, tid in self._items if isinstance(item, Grid) and _kind(item)}
        return [item for item, tid in self._items if isinstance(item, Grid) or tid is None or tid not in report_tables]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
            return
        if tag in _SKIP:
            self._skip += 1
            return
        if tag in _BLOCK or tag in ("table", "td", "th"):
            self._flush()
        if tag == "table":
            self._tables.append((self._next_id, _Table()))
            self._next_id += 1
        elif tag == "tr" and self._tables:
            self._tables[-1][1].rows.append([])
        elif tag in ("td", "th") and self._tables:
            a = dict(attrs)
            table = self._tables[-1][1]
            table.cell = []
            table.spans = (_int(a.get("rowspan")), _int(a.get("colspan")))
        elif tag == "br" and self._tables and self._tables[-1][1].cell is not None:
            self._tables[-1][1].cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
            return
        if tag in _SKIP:
            self._skip = max(0, self._skip - 1)
            return
        if tag in _BLOCK or tag in ("table", "td", "th"):
            self._flush()
        if tag in ("td", "th") and self._tables and (cell := self._tables[-1][1].cell) is not None:
            t = self._tables[-1][1]
            if not t.rows:
                t.rows.append([])
            t.rows[-1].append(("".join(cell).strip(), *t.spans))
            t.cell = None
        elif tag == "table" and self._tables:
            tid, table = self._tables.pop()
            if any(r for r in table.rows):
                self._items.append((_grid(table), tid))

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
            return
        if self._skip:
            return
        self._text.append(data)
        if self._tables and (cell := self._tables[-1][1].cell) is not None:
            cell.append(data)

    def _flush(self) -> None:
        if not self._text:
            return
        text = "".join(self._text).strip()
        self._text = []
        if text:
            self._items.append((text, self._tables[-1][0] if self._tables else None))

    def close(self) -> None:
        self._flush()


def _int(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 1000))
    except ValueError:
        return 1


def _grid(table: _Table) -> Grid:
    """Place the cells of an HTML table on a grid, honouring rowspan and colspan."""
    grid = Grid("", where="table")
    taken: set[tuple[int, int]] = set()
    for r, row in enumerate(table.rows, start=1):
        c = 1
        for text, rowspan, colspan in row:
            while (r, c) in taken:
                c += 1
            grid.put(r, c, text, rowspan, colspan)
            taken.update((r + i, c + j) for i in range(rowspan) for j in range(colspan))
            c += colspan
    return grid


def _kind(grid: Grid) -> str | None:
    """Which report table a grid is, by the labels it holds."""
    if norm(labels.NEW_RECEIVED) in grid.index or norm(labels.T3_COLUMN_HEADER) in grid.index:
        return "三"
    if norm(labels.REVIEW) in grid.index and norm(labels.LITIGATION) in grid.index:
        return "四"
    item = norm(labels.ITEM_1)[:5]  # 第二十条第…
    if any(key.startswith(item) for key in grid.index) or norm(labels.T2_ROW_HEADER) in grid.index:
        return "二"
    return None


def _stack(grids: list[Grid]) -> Grid:
    """Table 二 published as several tables, one below the other, as one grid."""
    out = Grid("", where="table")
    offset = 0
    for g in grids:
        for (r, c), cell in g.cells.items():
            r1, c1, r2, c2 = g.span(r, c)
            out.put(r + offset, c, cell.value, r2 - r1 + 1, c2 - c1 + 1)
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
    page = _Page()
    page.feed(decode(data))
    page.close()
    return report_from_items(page.items, page.title, format, where="the page")


def report_from_items(
    items: list[str | Grid],
    title: str,
    format: str | FormatSpec | None,  # noqa: A002 - the domain word, as elsewhere
    where: str,
) -> AnnualReport:
    """A report from a document's text blocks and table grids, in document order."""
    found: dict[str, list[Grid]] = {}
    for item in items:
        if isinstance(item, Grid) and (kind := _kind(item)) is not None:
            found.setdefault(kind, []).append(item)
    if not found:
        msg = f"no table of an annual report (二、三、四) found in {where}"
        raise ReadError(msg)
    grids = {k: (_stack(v) if k == "二" else v[0]) for k, v in found.items()}

    texts = [i for i in items if isinstance(i, str)]
    agency, year = agency_year([title.strip(), *texts[:10]])
    spec = _detect(grids, year, format)
    for number, grid in grids.items():
        grid.name = sheet_name(number)
    sheets = {g.name: g for g in grids.values()}
    reader = GridReader(spec, sheets, units=True)
    reader.read_all(missing_ok=True)  # a missing table reads as blank cells, which validation reports
    return from_values(
        spec,
        reader.values,
        meta=ReportMeta(agency=agency, year=year, published=published(texts)),
        raw=reader.raw,
        sources=reader.sources,
        **sections(texts, spec),
    )
