"""Excel workbooks in the official layout (openpyxl).

One workbook per report: a sheet ``基本信息`` (metadata and the text sections)
and one sheet per table (``表二``, ``表三``, ``表四``), drawn from the grid of
:mod:`govinfo_report.layout`, with its merges, borders, wrapped labels and A4
print setup.

A blank report gives the template to fill in: input cells unlocked and tinted,
everything else protected (no password), data validation on each input, every
总计 a live formula, and under table 三 a check line per column that shows
whether the 勾稽 identity holds as the person types.  A filled report is written
with its values as they are, totals included, so that nothing is lost; it keeps
the check line.

Text never becomes a formula: every text cell is stored as a string.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from copy import copy
from decimal import Decimal
from typing import Any, Literal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from govinfo_report.formats import CellSpec, Kind, TableSpec
from govinfo_report.formats import _common as labels
from govinfo_report.io._csv import raw_cell_text
from govinfo_report.io._xlsx_common import (
    CHECK_LABEL,
    INFO_SHEET,
    MAX_CELL_TEXT,
    encode_xstring,
    sheet_name,
)
from govinfo_report.layout import GridCell, table_grid
from govinfo_report.model import AnnualReport, Value
from govinfo_report.render._common import extra_row_lines, title

__all__ = ["FIRST_GRID_ROW", "cell_address", "to_xlsx"]

FIRST_GRID_ROW = 3
"""Sheet row of the grid's first row (row 1: the heading, row 2: a gap)."""
_SHEET_WIDTH = {"table2": 96.0, "table3": 112.0, "table4": 120.0}
"""Total column width of each sheet, in Excel character units."""

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FONT = Font(name="宋体", size=10.5)
_BOLD = Font(name="宋体", size=10.5, bold=True)
_TITLE = Font(name="黑体", size=14, bold=True)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
_VERTICAL = Alignment(horizontal="center", vertical="center", wrap_text=True, text_rotation=255)  # stacked
_TOP_LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)
_INPUT = PatternFill("solid", start_color="FFF2CC", end_color="FFF2CC")
_FORMULA = PatternFill("solid", start_color="E7E6E6", end_color="E7E6E6")
_CAPTION = PatternFill("solid", start_color="DDEBF7", end_color="DDEBF7")
_UNLOCKED = Protection(locked=False)
_NOTE = Font(name="宋体", size=9, color="808080")
_MARK = Font(name="宋体", size=10.5, color="808080")


class _Looks:
    """The styles of one workbook's cells, each distinct one worked out once.

    openpyxl keeps a cell's style as an array of ids into the workbook's lists of fonts, borders, fills...;
    assigning a style object hashes it (recursively, in Python) to find or add its id. A report workbook gives
    its 1,500 cells a dozen looks, so the array a look gives a cell (from the array it had) is kept and copied:
    the workbook is the same, the hashing done once per look instead of once per cell and attribute.
    """

    def __init__(self) -> None:
        self._done: dict[tuple[Any, ...], StyleArray] = {}

    def __call__(self, cell: Any, **look: Any) -> None:
        """Give ``cell`` the ``look`` (attribute name → a style constant of this module or a number format)."""
        before = b"" if cell._style is None else bytes(cell._style)  # noqa: SLF001 - openpyxl's own copy does this
        key = (before, *((k, v if isinstance(v, str) else id(v)) for k, v in look.items()))  # constants: ids stay
        done = self._done.get(key)
        if done is None:
            for name, value in look.items():
                setattr(cell, name, value)
            self._done[key] = copy(cell._style)  # noqa: SLF001
        else:
            cell._style = copy(done)  # noqa: SLF001


def cell_address(format_id: str, cell: CellSpec) -> tuple[str, int, int]:
    """Where our writer puts a data cell: (sheet, row, column), 1-based."""
    grid = table_grid(format_id, cell.table.key)
    for g in grid.data_cells():
        if g.cell is cell:
            return sheet_name(cell.table.number), FIRST_GRID_ROW + g.row, 1 + g.col
    msg = f"{cell.pointer} is not in the grid"  # pragma: no cover - every cell is
    raise AssertionError(msg)


def _text(ws: Worksheet, row: int, col: int, text: str) -> Any:
    """Write text that stays text (never a formula), continuing to the right past Excel's limit."""
    encoded = encode_xstring(text)
    chunks = [encoded[i : i + MAX_CELL_TEXT] for i in range(0, len(encoded), MAX_CELL_TEXT)] or [""]
    first = None
    for k, chunk in enumerate(chunks):
        c = ws.cell(row=row, column=col + k)
        c.value = chunk
        c.data_type = "s"
        first = first or c
    return first


def _amount_format(value: Value) -> str:
    """An amount's number format: its own count of decimals (0.000 stays 0.000 through the stored float)."""
    if isinstance(value, Decimal) and value.is_finite():
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and -15 <= exponent < 0:  # noqa: PLR2004 - Excel shows 15 digits at most
            return "0." + "0" * -exponent
    return "General"


def _number(value: Value) -> int | float | str | None:
    if isinstance(value, Decimal):
        # openpyxl writes floats with repr(); a Decimal with the same digits keeps them exact on the way back.
        as_float = float(value)
        return as_float if Decimal(repr(as_float)) == value else format(value, "f")
    return value


def _ranges(cells: Iterable[tuple[int, int]]) -> str:
    """``SUM`` arguments for sheet cells: runs in one row or one column become ranges."""
    points = sorted(cells)
    parts: list[str] = []
    i = 0
    while i < len(points):
        r, c = points[i]
        j = i
        while j + 1 < len(points) and points[j + 1] == (r, points[j][1] + 1):
            j += 1
        if j == i:
            while (
                j + 1 < len(points)
                and points[j + 1] == (points[j][0] + 1, c)
                and all(p[1] == c for p in points[i : j + 2])
            ):
                j += 1
        start = f"{get_column_letter(c)}{r}"
        end = f"{get_column_letter(points[j][1])}{points[j][0]}"
        parts.append(start if start == end else f"{start}:{end}")
        i = j + 1
    return ",".join(parts)


def _info_sheet(wb: Workbook, report: AnnualReport, looks: _Looks, *, template: bool) -> None:
    ws = wb.create_sheet(INFO_SHEET)
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 100
    looks(_text(ws, 1, 1, title(report)), font=_TITLE)
    meta = report.meta
    rows: list[tuple[str, str | None]] = [
        (labels.META_AGENCY, meta.agency),
        (labels.META_YEAR, None if meta.year is None else str(meta.year)),
        (labels.META_FORMAT, report.format),
        (labels.META_LEVEL, meta.level),
        (labels.META_REGION, meta.region),
        (labels.META_PUBLISHED, meta.published.isoformat() if meta.published else None),
    ]
    rows += [(s.title, getattr(report, s.key)) for s in report.spec.text_sections]
    for i, (label, value) in enumerate(rows, start=3):
        looks(_text(ws, i, 1, label), font=_BOLD, alignment=_TOP_LEFT, border=_BORDER)
        val = _text(ws, i, 2, value or "")
        looks(val, font=_FONT, alignment=_TOP_LEFT, border=_BORDER)
        if label == labels.META_FORMAT:
            continue  # the format is fixed by the template
        if template:
            looks(val, protection=_UNLOCKED, fill=_INPUT)
        if label.startswith(("一、", "五、", "六、")):
            lines = max(3, (len(value or "") // 45) + (value or "").count("\n") + 1)
            ws.row_dimensions[i].height = min(409, 15 * lines)
    if template:
        ws.protection.sheet = True
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _table_sheet(  # noqa: C901, PLR0912, PLR0915
    wb: Workbook, report: AnnualReport, table: TableSpec, values: list[Value], looks: _Looks, *, template: bool
) -> None:
    grid = table_grid(report.format, table.key)
    ws = wb.create_sheet(sheet_name(table.number))
    top = FIRST_GRID_ROW
    looks(_text(ws, 1, 1, table.title), font=_TITLE)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=grid.n_cols)
    widths = grid.column_widths(_SHEET_WIDTH[table.key])
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = round(w, 1)

    fill_formula: dict[str, tuple[str, ...]] = {}
    if template:
        for ident in report.spec.identities:
            if ident.fill and ident.lhs[0][0] == table.key:
                target = report.spec.cells_by_key[ident.lhs[0]].pointer
                fill_formula.setdefault(target, tuple(report.spec.cells_by_key[k].pointer for k in ident.rhs))
    position: dict[str, tuple[int, int]] = {
        g.cell.pointer: (top + g.row, 1 + g.col) for g in grid.data_cells() if g.cell is not None
    }
    validations: dict[Kind, list[str]] = {}
    for g in grid.cells():
        row, col = top + g.row, 1 + g.col
        if g.rowspan > 1 or g.colspan > 1:
            ws.merge_cells(start_row=row, start_column=col, end_row=row + g.rowspan - 1, end_column=col + g.colspan - 1)
            for r in range(row, row + g.rowspan):
                for c in range(col, col + g.colspan):
                    looks(ws.cell(row=r, column=c), border=_BORDER)
        if g.role != "data" or g.cell is None:
            c = _text(ws, row, col, g.text)
            font = _BOLD if g.role == "caption" else _FONT
            alignment = _VERTICAL if g.vertical else _LEFT if g.role == "label" else _CENTER
            if g.role == "caption":
                looks(c, font=font, alignment=alignment, border=_BORDER, fill=_CAPTION)
            else:
                looks(c, font=font, alignment=alignment, border=_BORDER)
            continue
        c = ws.cell(row=row, column=col)
        pointer = g.cell.pointer
        if pointer in fill_formula:
            looks(c, border=_BORDER, alignment=_CENTER, font=_FONT, fill=_FORMULA)
            args = _ranges(position[p] for p in fill_formula[pointer])
            c.value = f'=IF(COUNT({args})=0,"",SUM({args}))'  # blank until a part is filled: blank is not 0
            continue
        value = values[g.cell.index]
        if value is None and pointer in report.raw:
            _text(ws, row, col, raw_cell_text(report.raw[pointer], g.cell.kind))
        else:
            c.value = _number(value)
        number_format = "0" if g.cell.kind is not Kind.AMOUNT else _amount_format(value)
        if template:
            looks(
                c,
                border=_BORDER,
                alignment=_CENTER,
                font=_FONT,
                number_format=number_format,
                protection=_UNLOCKED,
                fill=_INPUT,
            )
            validations.setdefault(g.cell.kind, []).append(c.coordinate)
        else:
            looks(c, border=_BORDER, alignment=_CENTER, font=_FONT, number_format=number_format)
    _row_heights(ws, grid.rows, widths, top)
    last = top + grid.n_rows
    if table.key == "table3":
        _check_line(ws, report, table, position, last, looks=looks)
    for i, line in enumerate(extra_row_lines(report, table.number), start=last + 2):  # rows the format lacks
        looks(_text(ws, i, 1, line), font=_FONT, alignment=_LEFT)
        ws.merge_cells(start_row=i, start_column=1, end_row=i, end_column=grid.n_cols)
    for kind, coords in validations.items():
        ws.add_data_validation(_validation(kind, coords))
    if template:
        ws.protection.sheet = True
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if table.key == "table4" else "portrait"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    if grid.header_rows:
        ws.print_title_rows = f"{top}:{top + grid.header_rows - 1}"
        label_cols = min(col for _, col in position.values()) - 1
        ws.freeze_panes = ws.cell(row=top + grid.header_rows, column=label_cols + 1).coordinate


def _row_heights(ws: Worksheet, rows: tuple[tuple[GridCell, ...], ...], widths: tuple[float, ...], top: int) -> None:
    for r, row in enumerate(rows):
        lines = 1
        for g in row:
            if g.role == "data" or not g.text or g.rowspan > 1:
                continue
            width = sum(widths[g.col : g.col + g.colspan])
            per_line = max(1, int(width / 2))  # a CJK character is about two width units
            lines = max(lines, -(-len(g.text) // per_line))
        ws.row_dimensions[top + r].height = max(18, 14 * lines + 4)


def _check_line(
    ws: Worksheet,
    report: AnnualReport,
    table: TableSpec,
    position: dict[str, tuple[int, int]],
    row: int,
    *,
    looks: _Looks,
) -> None:
    label_cols = min(col for _, col in position.values()) - 1
    looks(_text(ws, row, 1, CHECK_LABEL), font=_NOTE, alignment=_LEFT)
    if label_cols > 1:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=label_cols)
    ws.row_dimensions[row].height = 30
    by_key = report.spec.cells_by_key
    for ident in report.spec.identities:
        if ident.family != "t3-balance" or ident.lhs[0][0] != table.key:
            continue
        left = "+".join(ws.cell(*position[by_key[k].pointer]).coordinate for k in ident.lhs)
        right = "+".join(ws.cell(*position[by_key[k].pointer]).coordinate for k in ident.rhs)
        every = ",".join(ws.cell(*position[by_key[k].pointer]).coordinate for k in (*ident.lhs, *ident.rhs))
        col = position[by_key[ident.lhs[0]].pointer][1]
        cell = ws.cell(row=row, column=col)
        cell.value = f'=IF(COUNT({every})=0,"",IF({left}={right},"✓","✗"))'
        looks(cell, font=_MARK, alignment=_CENTER)


_Type = Literal["whole", "decimal"]
_Operator = Literal["between", "greaterThanOrEqual"]
_MESSAGES: dict[Kind, tuple[_Type, _Operator, str, str]] = {
    Kind.COUNT: ("whole", "greaterThanOrEqual", "0", "请输入不小于 0 的整数（无数据填 0）。"),
    Kind.SIGNED_COUNT: ("whole", "between", "-1000000000", "请输入整数（减少填负数）。"),
    Kind.AMOUNT: ("decimal", "greaterThanOrEqual", "0", "请输入不小于 0 的金额。"),
}


def _validation(kind: Kind, coords: list[str]) -> DataValidation:
    type_, operator, formula1, message = _MESSAGES[kind]
    return DataValidation(
        type=type_,
        operator=operator,
        formula1=formula1,
        formula2="1000000000" if operator == "between" else None,
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="输入有误",
        error=message,
        sqref=" ".join(coords),
    )


def to_xlsx(report: AnnualReport, *, template: bool | None = None) -> bytes:
    """The report as an .xlsx workbook.

    ``template`` (default: whether every cell is blank) writes the fill-in form:
    unlocked input cells, validation, formulas for every 总计, protected labels.
    """
    values = report.values()
    if template is None:
        template = all(v is None for v in values) and not report.raw
    wb = Workbook()
    for default in wb.worksheets:
        wb.remove(default)
    looks = _Looks()
    _info_sheet(wb, report, looks, template=template)
    for table in report.spec.tables:
        _table_sheet(wb, report, table, values, looks, template=template)
    wb.properties.title = encode_xstring(title(report))
    wb.properties.creator = "govinfo_report"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
