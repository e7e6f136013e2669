"""Reading a table by its labels from a grid of cells (a worksheet, an HTML table).

A :class:`Grid` holds the text and values of cells by (row, column) and the
merged ranges.  :class:`GridReader` finds the column headers of a declared
table by their text, confirmed by the parent headers whose merged range
covers them, and the rows by their labels, confirmed by the group labels that
span them; then it takes the value where row and column cross.  Labels are
compared in a normal form that ignores whitespace, full- or half-width
brackets and punctuation, ``1.`` versus ``1、`` and the like, so the deviations
seen in published reports still match the one declaration.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from functools import cache, lru_cache
from typing import Any

from attrs import define, field

from govinfo_report.errors import ReadError
from govinfo_report.formats import CellSpec, FormatSpec, Kind, Row, TableSpec, formats, get_format
from govinfo_report.formats import _traditional as traditional
from govinfo_report.io._csv import MAX_NUMBER_CHARS, bounded_decimal, parse_number, unescape_text
from govinfo_report.io._xlsx_common import sheet_name
from govinfo_report.model import LazyTexts, Value

__all__ = [
    "INVISIBLE",
    "MAX_LABEL",
    "Cell",
    "Grid",
    "GridReader",
    "col_letters",
    "near",
    "norm",
    "printed_leaves",
    "published_number",
    "total_left_blank",
]

_REF = re.compile(r"\$?([A-Z]{1,3})\$?(\d+)")
_SUM = re.compile(r"^=?\s*SUM\((.*)\)\s*$", re.IGNORECASE)
_BLANK_OR_SUM = re.compile(r'^=?\s*IF\(COUNT\(([^()]*)\)=0,"",SUM\(\1\)\)\s*$', re.IGNORECASE)
_SPACE = re.compile(r"\s+")
MAX_LABEL = 200
_ITEM = re.compile(r"(?<!\d)(\d{1,2})、")  # 1、 is 1. (NFKC has made ． a .)
_PART = re.compile(r"(?<![一二三四五六七八九十])([一二三四五六七八九十]{1,3})\.(?=[^\d.])")  # 一. is 一、
INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
"""Characters that print nothing: soft hyphens, zero-width spaces and joiners, direction marks and embeddings,
word joiners, and byte-order marks inside text. Text copied from Word or web pages carries them inside labels and
numbers (商\u200b业企业, 1\u200b2); they are no part of what the report prints."""
_PART_SPACED = re.compile(r"^\s*([一二三四五六七八九十]{1,3})\s+(?=[^\s\d])")  # 一 本年新收 is 一、本年新收
_PUNCT = str.maketrans({"，": "、", ",": "、", "“": '"', "”": '"', "＂": '"', "（": "(", "）": ")"})


def col_number(letters: str) -> int:
    """Column number of Excel column letters (A = 1)."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def col_letters(n: int) -> str:
    out = ""
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


@cache
def _unique_leaves(format_id: str) -> frozenset[str]:
    """The rows' own labels (the last of their paths) that no other row of the format has."""
    counts = Counter(norm(r.labels[-1]) for t in get_format(format_id).tables for r in t.rows if r.labels)
    return frozenset(label for label, n in counts.items() if n == 1)


@cache
def _printed_leaves(format_id: str) -> dict[tuple[str, str], tuple[str, ...]]:
    spec = get_format(format_id)
    own = {norm(r.labels[-1]) for t in spec.tables for r in t.rows if r.labels}
    out: dict[tuple[str, str], tuple[str, ...]] = {}
    for table in spec.tables:
        for row in table.rows:
            leaves = [row.labels[-1]] if row.labels else []
            for other in formats():
                same = None if other is spec else other.tables_by_key[table.key].rows_by_key.get(row.key)
                if row.labels and same is not None and same.labels and norm(same.labels[-1]) not in own:
                    leaves.append(same.labels[-1])
            out[(table.key, row.key)] = tuple(leaves)
    return out


def printed_leaves(spec: FormatSpec, table: TableSpec, row: Row) -> tuple[str, ...]:
    """The labels a row's own label (the last of its path) is printed as: the format's, then the other format's.

    A report of the 2021 format may keep the 2019 label of a row (spec D9: ``规范性文件`` for ``行政规范性文件``);
    the other format's label of the row with the same key is read as the row where no row of this format has it.
    """
    return _printed_leaves(spec.id)[(table.key, row.key)]


@lru_cache(maxsize=8192)
def norm(text: str) -> str:
    """The form in which labels are compared.

    Whitespace and line breaks go (商业, a line break, 企业 is 商业企业), full-width forms become half-width,
    brackets and quotes of either width match, ``1、`` matches ``1.``, ``一.`` matches ``一、``, ``，``
    matches ``、``, characters that print nothing (:data:`INVISIBLE`) go, and the traditional script of a
    label's characters and words is its simplified script (spec D16: ``總計`` is ``总计``, ``規範性檔案`` is
    ``规范性文件``).  Where characters were lost (``U+FFFD``, spec D17), the format's words are put back.
    """
    out = traditional.fold(unicodedata.normalize("NFKC", INVISIBLE.sub("", text)))
    out = _SPACE.sub("", _PART_SPACED.sub(r"\1、", out, count=1)).translate(_PUNCT)
    out = _PART.sub(r"\1、", _ITEM.sub(r"\1.", out))
    if "\ufffd" in out:  # characters lost in a misreading (UTF-8 read as GBK): the format's words put back
        from govinfo_report.importers._encoding import restore_key  # noqa: PLC0415 - rare; it imports norm

        out = restore_key(out)
    return out


LABEL_NUMBER = re.compile(r"^(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|\d+\.)")
"""Numbering at the start of a label in normal form (:func:`norm`): 一、 (一) 1."""
_NUMBERING = re.compile(r"^(?:\d+\.|\(\w\)|[一二三四五六七八九十]+、)")
_MIN_NEAR = 6


def _distance(a: str, b: str, bound: int) -> int:
    """Levenshtein distance of ``a`` and ``b``, or ``bound + 1`` once it is sure to exceed ``bound``."""
    if abs(len(a) - len(b)) > bound:
        return bound + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > bound:
            return bound + 1
        previous = current
    return previous[-1]


def near(key: str, target: str) -> bool:
    """Whether ``key`` is ``target`` misprinted (both in :func:`norm` form).

    The same numbering (``2.``, ``(三)``), and at most a quarter of the characters differ: a typo such as
    ``2.其他法律行政止公开``, or an OCR misreading.
    """
    if key == target or len(target) < _MIN_NEAR:
        return False
    mk, mt = _NUMBERING.match(key), _NUMBERING.match(target)
    if (mk.group() if mk else "") != (mt.group() if mt else ""):
        return False
    bound = max(1, len(target) // 4)
    return _distance(key, target, bound) <= bound


@define
class Cell:
    value: Any  # str, Decimal, bool or None
    formula: str | None = None


@define
class Grid:
    name: str
    cells: dict[tuple[int, int], Cell] = field(factory=dict)
    merges: dict[tuple[int, int], tuple[int, int, int, int]] = field(factory=dict)
    """Top-left (row, col) of each merged range → (min_row, min_col, max_row, max_col)."""
    index: dict[str, list[tuple[int, int]]] = field(factory=dict)
    """Positions of the text cells by normalised text."""
    where: str = "sheet"
    """How to name a position: ``sheet`` (``表三!D12``) or ``table`` (``表三 第12行第4列``)."""
    evaluated: dict[str, tuple[Value, bool]] = field(factory=dict, repr=False)
    """Formulas evaluated so far, with their results."""
    steps: int = field(default=0, repr=False)
    """Cells visited so far by the evaluation of formulas."""

    def put(self, row: int, col: int, value: Any, rowspan: int = 1, colspan: int = 1) -> None:
        """Place a cell (and its merged range) on the grid."""
        pos = (row, col)
        self.cells[pos] = Cell(value)
        if isinstance(value, str) and len(value) <= MAX_LABEL:  # a layout table's cell holding a page is no label
            key = norm(value)
            if (found := self.index.get(key)) is None:
                self.index[key] = [pos]
            else:
                found.append(pos)
        if rowspan > 1 or colspan > 1:
            self.merges[pos] = (row, col, row + rowspan - 1, col + colspan - 1)

    def text(self, row: int, col: int) -> str:
        c = self.cells.get((row, col))
        return c.value if c is not None and isinstance(c.value, str) else ""

    def span(self, row: int, col: int) -> tuple[int, int, int, int]:
        return self.merges.get((row, col), (row, col, row, col))

    def ref(self, row: int, col: int) -> str:
        return place(self.name, self.where, row, col)


def place(name: str, where: str, row: int, col: int) -> str:
    """How a position of a grid is named: ``表三!D12`` on a sheet, ``表三 第12行第4列`` in a table."""
    if where == "table":
        return f"{name} 第{row}行第{col}列"
    return f"{name}!{col_letters(col)}{row}"


MAX_FORMULA_CELLS = 10_000
"""A formula adding more cells than this (``SUM(A1:XFD1048576)``) is not evaluated: its cell is read as raw text."""
MAX_EVALUATION_STEPS = 1_000_000
"""Cells one sheet's formulas may visit in all (each formula is evaluated once, then remembered)."""
_MAX_DEPTH = 5  # our totals nest two deep at most


def _refs(argument: str) -> list[tuple[int, int]] | None:
    """The cells a formula's argument names; None when it is not a list of references, or names too many."""
    boxes = []
    count = 0
    for part in argument.split(","):
        a, _, b = part.strip().partition(":")
        ma, mb = _REF.fullmatch(a), _REF.fullmatch(b or a)
        if not ma or not mb:
            return None
        r1, c1, r2, c2 = int(ma.group(2)), col_number(ma.group(1)), int(mb.group(2)), col_number(mb.group(1))
        box = (min(r1, r2), max(r1, r2), min(c1, c2), max(c1, c2))
        count += (box[1] - box[0] + 1) * (box[3] - box[2] + 1)  # counted before anything is expanded
        if count > MAX_FORMULA_CELLS:
            return None
        boxes.append(box)
    return [(r, c) for r1, r2, c1, c2 in boxes for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]


def _evaluate(sheet: Grid, formula: str, depth: int = 0) -> tuple[Value, bool]:
    """(value, understood) of a SUM(...) or a+b+... formula; blank when every cell added is blank.

    Our templates' ``IF(COUNT(x)=0,"",SUM(x))`` means the same.  Results are remembered per sheet, and a sheet's
    formulas together visit at most :data:`MAX_EVALUATION_STEPS` cells, so nested formulas cost linear time.
    """
    memo = sheet.evaluated
    if formula in memo:
        return memo[formula]
    m = _BLANK_OR_SUM.match(formula) or _SUM.match(formula)
    refs = _refs(m.group(1)) if m else _refs(formula.lstrip("=").replace("+", ","))
    if refs is None or depth > _MAX_DEPTH or sheet.steps + len(refs) > MAX_EVALUATION_STEPS:
        return None, False
    sheet.steps += len(refs)
    result = _sum(sheet, refs, depth)
    memo[formula] = result
    return result


def _sum(sheet: Grid, refs: list[tuple[int, int]], depth: int) -> tuple[Value, bool]:
    total: Value = None
    for pos in refs:
        cell = sheet.cells.get(pos)
        if cell is None:
            continue
        value = cell.value
        if value is None and cell.formula:
            value, ok = _evaluate(sheet, cell.formula, depth + 1)
            if not ok:
                return None, False
        if isinstance(value, str):  # a part typed as text: a number counts as the part reads; other text not
            value = _text_number(value)
        if isinstance(value, Decimal):
            total = value if total is None else total + value
        elif value is not None:
            return None, False
    return total, True


def _text_number(text: str) -> Decimal | None:
    """The number a cell's text is (``"5"``, ``" 12 "``), or None (blank, a placeholder, words: SUM leaves them out)."""
    number, raw = parse_number(text, Kind.AMOUNT)
    return number if raw is None and isinstance(number, Decimal) else None


# -- finding the labels ---------------------------------------------------------------------


def _find(sheet: Grid, text: str, rows: tuple[int, int] | None = None) -> list[tuple[int, int]]:
    """Positions of the cells reading ``text``, top to bottom; only between ``rows`` (exclusive) when given."""
    key = norm(text)
    found = sorted(sheet.index.get(key, ()))
    if not found:  # a provincial annotation after the label: 规章(设区的市、自治州人民政府应提供相关数据)
        found = sorted(p for k, ps in sheet.index.items() if k.startswith(key + "(") and k.endswith(")") for p in ps)
    if rows is None:
        return found
    return [p for p in found if rows[0] < p[0] < rows[1]]


def _covers(sheet: Grid, label: str, row: int, col: int, *, above: bool) -> bool:
    """A cell reading ``label`` above (or left of) (row, col) whose merged range spans its column (or row)."""
    for r, c in _find(sheet, label):
        r1, c1, r2, c2 = sheet.span(r, c)
        if (r < row and c1 <= col <= c2) if above else (c < col and r1 <= row <= r2):
            return True
    return False


def _under(sheet: Grid, row: int, head: tuple[int, int]) -> int:
    """The column of the cell in ``row`` under the header at ``head``.

    That is the header's own column, unless no cell starts there (a span from the left covers it) and another cell
    starts under the header's merged range: a row whose spans are shifted against the header's (上年项目数量 over one
    column and its value over two, 本年增/减 over two and its value under the second).
    """
    col = head[1]
    if (row, col) in sheet.cells:
        return col
    last = sheet.span(*head)[3]
    return next((c for c in range(col + 1, last + 1) if (row, c) in sheet.cells), col)


class GridReader:
    """Reads the tables of a format from grids named 表二/表三/表四, by their labels."""

    def __init__(self, spec: FormatSpec, sheets: dict[str, Grid], *, units: bool = False) -> None:
        self.spec = spec
        self.sheets = sheets
        self.units = units
        """Read numbers written with a unit (published documents); a workbook reports them instead."""
        self.values: list[tuple[CellSpec, Value]] = []
        self.raw: dict[str, str] = {}
        self.places: dict[str, tuple[str, str, int, int]] = {}
        """Where each cell was read from, as :func:`place` takes it."""

    @property
    def sources(self) -> LazyTexts:
        """Where each cell was read from (``表三!D12``), each text written when it is asked for."""
        return LazyTexts(self.places, place)

    def sheet(self, table: TableSpec) -> Grid:
        try:
            return self.sheets[sheet_name(table.number)]
        except KeyError:
            sheets = ", ".join(self.sheets)
            msg = f"the workbook has no sheet {sheet_name(table.number)} ({table.title}); sheets: {sheets}"
            raise ReadError(msg) from None

    def column(self, sheet: Grid, path: tuple[str, ...], below: int = 0) -> tuple[int, int] | None:
        """(row, col) of the leaf header of ``path``, confirmed by its parents."""
        for r, c in _find(sheet, path[-1]):
            if r > below and all(_covers(sheet, p, r, c, above=True) for p in path[:-1]):
                return r, c
        return None

    def read_all(self, *, missing_ok: bool = False) -> None:
        """Read every table of the format; with ``missing_ok`` a table without a grid reads as blank."""
        for table in self.spec.tables:
            if missing_ok and sheet_name(table.number) not in self.sheets:
                self.values.extend((c, None) for c in self.spec.cells if c.table is table)
            elif table.row_header is not None:
                self.read_stacked(table)
            else:
                self.read_nested(table)

    def read_nested(self, table: TableSpec) -> None:
        sheet = self.sheet(table)
        header_bottom = 0
        columns: dict[tuple[str, ...], tuple[int, int] | None] = {}
        for row in table.rows:
            for col in row.columns.columns:
                if col.labels in columns:
                    continue
                found = self.column(sheet, col.labels)
                if found is None:
                    self._missing(f"{sheet.name}: no column header {' / '.join(col.labels)!r}")
                    columns[col.labels] = None
                    continue
                columns[col.labels] = found
                header_bottom = max(header_bottom, sheet.span(*found)[2])
        placed = [head[1] for head in columns.values() if head is not None]
        data_left = min(placed, default=0)
        picks = []
        for row, cells in _cells_by_row(self.spec, table):
            r = self.row_of(sheet, table, row, header_bottom, data_left) if placed else None
            for cell in cells:
                head = columns[cell.column.labels]
                if r is None or head is None:
                    self.values.append((cell, None))  # not in the source: reported by the import's notes
                else:
                    picks.append((cell, r, _under(sheet, r, head)))
        self.take_all(sheet, picks)

    def _missing(self, msg: str) -> None:
        """A label not found: an error for the library's own workbooks.

        In a published document the cells stay blank (and unsourced), which the import reports as an incomplete read.
        """
        if not self.units:
            raise ReadError(msg)

    def row_of(self, sheet: Grid, table: TableSpec, row: Row, header_bottom: int, data_left: int) -> int | None:
        if not row.labels:  # table 四: the first row under the headers that holds anything
            rows = sorted({r for (r, c) in sheet.cells if r > header_bottom and c >= data_left})
            return rows[0] if rows else header_bottom + 1
        hits = next(
            (
                found
                for leaf in printed_leaves(self.spec, table, row)
                if (found := [(r, c) for r, c in _find(sheet, leaf) if r > header_bottom and c < data_left])
            ),
            [],
        )
        for r, c in hits:
            if all(_covers(sheet, p, r, c, above=False) for p in row.labels[:-1]):
                return r
        if len(hits) == 1 and row.labels[:-1] and norm(row.labels[-1]) in _unique_leaves(self.spec.id):
            # Its group label not beside it (a table split at a page break, a group cell misprinted): a label
            # that no other row of the format's tables has is the row.
            return hits[0][0]
        self._missing(f"{sheet.name}: no row {row.label!r}")
        return None

    def read_stacked(self, table: TableSpec) -> None:
        sheet = self.sheet(table)
        captions = sorted({r.labels[0] for r in table.rows}, key=[r.labels[0] for r in table.rows].index)
        starts = {}
        for caption in captions:
            found = _find(sheet, caption)
            if not found:
                self._missing(f"{sheet.name}: no sub-table {caption!r}")
                continue
            starts[caption] = found[0][0]
        bounds = sorted(starts.values())
        picks = []
        for row, cells in _cells_by_row(self.spec, table):
            places = self._stacked_row(sheet, table, row, starts, bounds)
            for cell, place in zip(cells, places or [None] * len(cells), strict=True):
                if place is None:
                    self.values.append((cell, None))  # not in the source: reported by the import's notes
                else:
                    picks.append((cell, *place))
        self.take_all(sheet, picks)

    def _stacked_row(
        self, sheet: Grid, table: TableSpec, row: Row, starts: dict[str, int], bounds: list[int]
    ) -> list[tuple[int, int] | None] | None:
        """Where each cell of a row of a stacked table is, or None for what is not there."""
        if row.labels[0] not in starts:
            return None
        top = starts[row.labels[0]]
        area = (top, next((b for b in bounds if b > top), 1 << 20))
        label = next((f for leaf in printed_leaves(self.spec, table, row) if (f := _find(sheet, leaf, area))), [])
        if not label:
            self._missing(f"{sheet.name}: no row {row.label!r}")
            return None
        r = label[0][0]
        out: list[tuple[int, int] | None] = []
        for col in row.columns.columns:
            heads = [p for p in _find(sheet, col.labels[-1], area) if p[0] < r]
            if not heads:
                self._missing(f"{sheet.name}: no column {col.label!r} under {row.labels[0]!r}")
            out.append((r, _under(sheet, r, heads[-1])) if heads else None)
        return out

    def take(self, sheet: Grid, cell: CellSpec, row: int, col: int) -> None:
        """Read one cell's value from (row, col)."""
        self.take_all(sheet, [(cell, row, col)])

    def take_all(self, sheet: Grid, picks: list[tuple[CellSpec, int, int]]) -> None:
        """Read each cell's value from its (row, col)."""
        cells, values, places, name, where = sheet.cells, self.values, self.places, sheet.name, sheet.where
        for cell, row, col in picks:
            pointer = cell.pointer
            places[pointer] = (name, where, row, col)
            found = cells.get((row, col))
            value: Any = None
            if found is not None:
                value = found.value
                if type(value) is str and (
                    not value or (value.isdigit() and value.isascii() and len(value) <= MAX_NUMBER_CHARS)
                ):  # blank, or digits
                    values.append(
                        (cell, Decimal(value) if cell.kind is Kind.AMOUNT else int(value)) if value else (cell, None)
                    )
                    if value and not self.units:  # a workbook's number stored as text: read, and said so
                        self.raw[pointer] = value
                    continue
                if value is None and found.formula:
                    value, ok = _evaluate(sheet, found.formula)
                    if not ok:
                        self.raw[pointer] = "=" + found.formula
                        values.append((cell, None))
                        continue
            number, raw = _number(value, cell.kind)
            if raw is not None and self.units:
                number, raw = _with_unit(raw, cell) or (number, raw)
            values.append((cell, number))
            if raw is not None:
                self.raw[pointer] = raw
            elif number is not None and isinstance(value, str) and not self.units:  # stored as text
                self.raw[pointer] = value


def _cells_by_row(spec: FormatSpec, table: TableSpec) -> tuple[tuple[Row, tuple[CellSpec, ...]], ...]:
    """A table's rows, each with its cells in column order."""
    return _rows_and_cells(spec.id, table.key)


@cache
def _rows_and_cells(format_id: str, table_key: str) -> tuple[tuple[Row, tuple[CellSpec, ...]], ...]:
    spec = get_format(format_id)
    table = spec.tables_by_key[table_key]
    return tuple(
        (row, tuple(spec.cells_by_key[(table.key, row.key, col.key)] for col in row.columns.columns))
        for row in table.rows
    )


PRINTED_DIGITS = r"(?:\d{1,3}(?:,\d{3})+(?![\d,])|\d+)(?:\.\d+)?"
"""The digits of a number as documents print it: plain (``1382``, ``17.586``) or grouped (``1,382``)."""
UNITS = "万元|元|件|个|项|次"
"""The units printed after a number in a cell (``12件``, ``251000元``)."""
_UNIT = re.compile(rf"^\s*([+-]?{PRINTED_DIGITS})\s*({UNITS})?\s*$")
"""A number as documents print it: with its unit (``12件``, ``251000元``), digits grouped by thousands
(``2,293``), or both."""
_PER_UNIT = {"元": Decimal(1), "万元": Decimal(10000)}


def _with_unit(text: str, cell: CellSpec) -> tuple[Value, None] | None:
    """A number written with its unit (``251000元``, ``12件``) or grouped (``2,293``), in the column's unit."""
    m = _UNIT.match(text) if len(text) <= MAX_NUMBER_CHARS else None
    if m is None:
        return None
    number, unit = Decimal(m.group(1).replace(",", "")), m.group(2)
    if cell.kind is Kind.AMOUNT:
        if unit not in _PER_UNIT or cell.column.unit not in _PER_UNIT:
            return None
        return (number * _PER_UNIT[unit] / _PER_UNIT[cell.column.unit]).normalize(), None
    if unit in _PER_UNIT or number != number.to_integral_value():
        return None
    return int(number), None


def published_number(text: str, cell: CellSpec) -> tuple[Value, str | None]:
    """(value, raw text) of a cell's text in a published document: units are read and converted."""
    number, raw = _number(text, cell.kind)
    if raw is not None:
        return _with_unit(raw, cell) or (number, raw)
    return number, raw


def total_left_blank(cells: Sequence[CellSpec], printed: Sequence[str]) -> bool:
    """Whether a row printing one value fewer than its columns can only have left its 总计 blank (spec D2).

    The row's last column is its total, the sum of the others.  Were a part the cell missing, the last value
    printed would be that total, at least the sum of the parts printed before it; so where it is less, the
    values are the parts in order and the total is the blank cell.  Where it is not less, which cell is
    blank is unknown.
    """
    if len(printed) != len(cells) - 1 or not cells[-1].column.total or any(c.column.total for c in cells[:-1]):
        return False
    numbers = [published_number(text, cell)[0] for text, cell in zip(printed, cells, strict=False)]
    if not all(isinstance(n, int) and not isinstance(n, bool) for n in numbers):
        return False
    counts = [n for n in numbers if isinstance(n, int)]
    return counts[-1] < sum(counts[:-1])


def _number(value: Any, kind: Kind) -> tuple[Value, str | None]:  # noqa: PLR0911 - one return per kind of value
    """(value, raw text) of what a data cell holds."""
    if isinstance(value, bool):
        return None, str(value).upper()
    if isinstance(value, Decimal) and not bounded_decimal(value):
        return None, str(value)  # NaN, Infinity or 1E+1000000: kept as the raw text it is
    if isinstance(value, Decimal):
        if kind is Kind.AMOUNT or value == value.to_integral_value():
            return (value if kind is Kind.AMOUNT else int(value)), None
        return None, format(value, "f")  # a decimal count: reported, not rounded
    text = "" if value is None else INVISIBLE.sub("", str(value))
    if not text.strip():
        return None, None
    if text.startswith("'"):  # our escape for text that must stay text
        return None, unescape_text(text)
    return parse_number(text, kind)
