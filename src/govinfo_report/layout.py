"""The printed layout of each table, derived from the declaration.

:func:`table_grid` turns a :class:`~govinfo_report.formats.TableSpec` into the
grid of the official form: header cells with their row and column spans, the
nested row labels, and the data cells.  Every renderer (HTML, Markdown, Word,
and later Excel) draws this one grid, so the spans live in one place.

How the grid follows from the declaration:

- Table 二 (it has a ``row_header``) is a stack of sub-tables.  Each starts with a
  caption row across the grid, then a header row (``信息内容`` and the value
  headers), then its data rows.  The value columns share a grid whose width is
  the least common multiple of the sub-tables' column counts, so a lone value
  column spans all of it.
- The other tables have one header block built from the column label paths
  (plus the table's all-spanning ``column_header``). A header spans the columns
  that share its path, and a path that ends early spans down to the last header
  row.  Row labels nest the same way across the label columns; the corner above
  them holds the table's ``note``.  Consecutive rows without labels (table 四)
  make one printed row.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from functools import cache
from typing import Literal

from attrs import frozen

from govinfo_report.formats import CellSpec, FormatSpec, Row, TableSpec, get_format

__all__ = [
    "CELL_MARGIN_CM",
    "TABLE_PT",
    "TEXT_WIDTH_CM",
    "VERTICAL_MIN_ROWS",
    "GridCell",
    "Role",
    "TableGrid",
    "table_grid",
]

TEXT_WIDTH_CM = 21.0 - 2.8 - 2.6
"""Width of the text block of an A4 page with the usual government margins (GB/T 9704)."""
# Width of the label columns of each table on that page, in cm; the data columns share the rest.
_LABEL_WIDTHS_CM = {"table2": (4.8,), "table3": (0.65, 2.8, 4.4), "table4": ()}
TABLE_PT = {"table2": 10.5, "table3": 10.5, "table4": 9.0}
"""Type size of each table in the printed documents: 五号, and 小五 for table 四 so that its 15 columns fit."""

# A header label this short is one word (自然人): its column is made wide enough to print it on one line.
_ONE_WORD_MAX = 3
_CM_PER_PT = 2.54 / 72  # a CJK character is one em wide
_SLACK_CM = 0.08  # what a renderer's rounding and the borders take besides
CELL_MARGIN_CM = 0.1
"""A table cell's left and right margin in the printed documents (Word)."""

VERTICAL_MIN_ROWS = 8
"""An outermost row label spanning at least this many rows is printed vertically."""

Role = Literal["caption", "header", "note", "label", "data"]


@frozen
class GridCell:
    """One printed cell: where it starts, how far it spans, what it shows."""

    row: int
    col: int
    text: str
    role: Role
    rowspan: int = 1
    colspan: int = 1
    cell: CellSpec | None = None
    """The data cell shown here (role ``data`` only)."""

    @property
    def vertical(self) -> bool:
        """Printed top to bottom: an outermost row label spanning many rows (三、本年度办理结果).

        Its column can then be narrow, and the item labels beside it keep their words on one line.
        """
        return self.role == "label" and self.col == 0 and self.rowspan >= VERTICAL_MIN_ROWS


@frozen
class TableGrid:
    """The official grid of one table."""

    table: TableSpec
    n_cols: int
    header_rows: int
    """Rows at the top that repeat on every printed page (0 for table 二's sub-tables)."""
    rows: tuple[tuple[GridCell, ...], ...]
    """For each grid row, the cells that start in it, left to right."""

    def column_widths(self, total: float = TEXT_WIDTH_CM) -> tuple[float, ...]:
        """Widths of the grid columns that add up to ``total``: label columns wider, data columns equal."""
        labels = _LABEL_WIDTHS_CM.get(self.table.key, ())[: self.n_cols]
        scale = total / TEXT_WIDTH_CM
        label_widths = tuple(w * scale for w in labels)
        n_data = self.n_cols - len(labels)
        share = (total - sum(label_widths)) / n_data
        # Columns whose own header is one short word get the width it needs; the others share what is left.
        words = {col: w * scale for col, w in self._word_widths().items() if col >= len(labels)}
        need: dict[int, float] = {}
        while True:  # widening one column narrows the others: until no short word is left too narrow
            wider = {col: w for col, w in words.items() if w > share and col not in need}
            if not wider or len(need) + len(wider) >= n_data:
                break
            need.update(wider)
            share = (total - sum(label_widths) - sum(need.values())) / (n_data - len(need))
        return (*label_widths, *(need.get(col, share) for col in range(len(labels), self.n_cols)))

    def _word_widths(self) -> dict[int, float]:
        """For each column headed by a single-column label of one short word, the width (cm) that prints it whole."""
        char = TABLE_PT.get(self.table.key, 10.5) * _CM_PER_PT
        return {
            c.col: len(c.text.strip()) * char + 2 * CELL_MARGIN_CM + _SLACK_CM
            for c in self.cells()
            if c.role == "header" and c.colspan == 1 and 0 < len(c.text.strip()) <= _ONE_WORD_MAX
        }

    @property
    def n_rows(self) -> int:
        """Number of grid rows."""
        return len(self.rows)

    def cells(self) -> Iterator[GridCell]:
        """Every printed cell, row by row."""
        for row in self.rows:
            yield from row

    def data_cells(self) -> Iterator[GridCell]:
        """The cells that hold values."""
        return (c for c in self.cells() if c.role == "data")


@cache
def table_grid(format_id: str, table_key: str) -> TableGrid:
    """The printed grid of a table of a format."""
    spec = get_format(format_id)
    table = spec.tables_by_key[table_key]
    cells = {c.key: c for c in spec.cells if c.table is table}
    if table.row_header is not None:
        return _stacked(table, cells)
    return _nested(table, cells)


def _stacked(table: TableSpec, cells: dict[tuple[str, str, str], CellSpec]) -> TableGrid:
    groups: list[tuple[str, list[Row]]] = []
    for row in table.rows:
        if not groups or groups[-1][0] != row.labels[0]:
            groups.append((row.labels[0], []))
        groups[-1][1].append(row)
    width = math.lcm(*(len(rows[0].columns.columns) for _, rows in groups))
    n_cols = 1 + width
    out: list[tuple[GridCell, ...]] = []
    for caption, rows in groups:
        r = len(out)
        out.append((GridCell(r, 0, caption, "caption", colspan=n_cols),))
        columns = rows[0].columns.columns
        span = width // len(columns)
        r += 1
        out.append(
            (
                GridCell(r, 0, table.row_header or "", "header"),
                *(GridCell(r, 1 + i * span, c.label, "header", colspan=span) for i, c in enumerate(columns)),
            )
        )
        for row in rows:
            r = len(out)
            out.append(
                (
                    GridCell(r, 0, row.labels[-1], "label"),
                    *(
                        GridCell(r, 1 + i * span, "", "data", colspan=span, cell=cells[(table.key, row.key, c.key)])
                        for i, c in enumerate(row.columns.columns)
                    ),
                )
            )
    return TableGrid(table, n_cols, 0, tuple(out))


def _nested(table: TableSpec, cells: dict[tuple[str, str, str], CellSpec]) -> TableGrid:
    # Printed rows: consecutive model rows without labels are one printed row.
    printed: list[list[Row]] = []
    for row in table.rows:
        if printed and not row.labels and not printed[-1][0].labels:
            printed[-1].append(row)
        else:
            printed.append([row])
    label_cols = max(len(r[0].labels) for r in printed)
    widest = max(printed, key=lambda rs: sum(len(r.columns.columns) for r in rs))
    top = (table.column_header,) if table.column_header else ()
    paths = [(*top, *c.labels) for row in widest for c in row.columns.columns]
    depth = max(len(p) for p in paths)
    out = _column_header(table, paths, depth, label_cols)
    for index, group in enumerate(printed):
        r = depth + index
        row_cells = _row_labels(printed, index, r, label_cols)
        col = label_cols
        for row in group:
            for c in row.columns.columns:
                row_cells.append(GridCell(r, col, "", "data", cell=cells[(table.key, row.key, c.key)]))
                col += 1
        out.append(tuple(row_cells))
    return TableGrid(table, label_cols + len(paths), depth, tuple(out))


def _column_header(
    table: TableSpec, paths: list[tuple[str, ...]], depth: int, label_cols: int
) -> list[tuple[GridCell, ...]]:
    """Header rows: a label spans the columns sharing its path; a path that ends early spans down."""
    header: list[list[GridCell]] = [[] for _ in range(depth)]
    if label_cols:
        header[0].append(GridCell(0, 0, table.note or "", "note", rowspan=depth, colspan=label_cols))
    for level in range(depth):
        i = 0
        while i < len(paths):
            path = paths[i]
            if len(path) <= level:
                i += 1
                continue
            j = i
            while j + 1 < len(paths) and paths[j + 1][: level + 1] == path[: level + 1]:
                j += 1
            rowspan = depth - level if len(path) == level + 1 else 1
            header[level].append(
                GridCell(level, label_cols + i, path[level], "header", rowspan=rowspan, colspan=j - i + 1)
            )
            i = j + 1
    return [tuple(h) for h in header]


def _row_labels(printed: list[list[Row]], index: int, r: int, label_cols: int) -> list[GridCell]:
    """The label cells that start in printed row ``index``; a shared prefix spans down."""
    labels = printed[index][0].labels
    previous = printed[index - 1][0].labels if index else ()
    out = []
    for level, label in enumerate(labels):
        prefix = labels[: level + 1]
        if previous[: level + 1] == prefix:
            continue  # covered by a label spanning down from above
        span_down = 1
        while index + span_down < len(printed) and printed[index + span_down][0].labels[: level + 1] == prefix:
            span_down += 1
        colspan = label_cols - level if level == len(labels) - 1 else 1
        out.append(GridCell(r, level, label, "label", rowspan=span_down, colspan=colspan))
    return out


def grids(spec: FormatSpec) -> tuple[TableGrid, ...]:
    """The grids of every table of a format, in order."""
    return tuple(table_grid(spec.id, t.key) for t in spec.tables)
