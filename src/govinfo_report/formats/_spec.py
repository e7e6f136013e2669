"""The vocabulary in which a format version is declared.

A format declaration is plain, frozen data: tables made of rows, rows made of
cells, each cell knowing its official label path, its JSON key and its kind.
Everything else in the package (model classes, JSON Schema, CSV, templates,
validation identities, documentation) is derived from these objects.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from functools import cached_property

from attrs import field, frozen

__all__ = [
    "CellSpec",
    "Column",
    "ColumnSet",
    "FormatSpec",
    "Identity",
    "Kind",
    "Row",
    "TableSpec",
    "TextSection",
]

LABEL_SEPARATOR = " / "


class Kind(enum.Enum):
    """What a data cell holds."""

    COUNT = "count"
    """A whole number ≥ 0 (件)."""
    SIGNED_COUNT = "signed-count"
    """A whole number that may be negative (2019 本年增/减)."""
    AMOUNT = "amount"
    """A decimal amount ≥ 0 of money, kept exact as :class:`decimal.Decimal`."""


@frozen
class Column:
    """One data column of a row: its JSON key and official header path."""

    key: str
    labels: tuple[str, ...]
    kind: Kind = Kind.COUNT
    unit: str = "件"
    total: bool = False
    """True for a 总计 column whose value is the sum of the row's other cells."""

    @cached_property
    def label(self) -> str:
        """The header path joined as in the label CSV."""
        return LABEL_SEPARATOR.join(self.labels)


@frozen
class ColumnSet:
    """The columns shared by a family of rows; one model class is made per set."""

    name: str
    """Python class name of the generated row class."""
    columns: tuple[Column, ...]

    @cached_property
    def keys(self) -> tuple[str, ...]:
        """The JSON keys of the columns, in order."""
        return tuple(c.key for c in self.columns)


@frozen
class Row:
    """One data row of a table."""

    key: str
    labels: tuple[str, ...]
    """Official label path, outermost first; empty for table 四's single row."""
    columns: ColumnSet
    total: bool = False
    """True for a 总计 row (its cells are sums of other rows)."""

    @cached_property
    def label(self) -> str:
        """The label path joined as in the label CSV."""
        return LABEL_SEPARATOR.join(self.labels)


@frozen
class TextSection:
    """A free-text section (一、五、六)."""

    key: str
    number: str
    title: str


@frozen
class TableSpec:
    """One of the regulated tables (二、三、四)."""

    key: str
    """JSON key, e.g. ``table3``."""
    number: str
    """The section numeral used as table name in the label CSV, e.g. ``三``."""
    title: str
    """The section heading, e.g. ``三、收到和处理政府信息公开申请情况``."""
    rows: tuple[Row, ...]
    row_header: str | None = None
    """Header above the row labels (``信息内容`` in table 二)."""
    column_header: str | None = None
    """All-spanning header left out of label paths (``申请人情况`` in table 三)."""
    note: str | None = None
    """Text of the corner note cell (table 三)."""

    @cached_property
    def rows_by_key(self) -> dict[str, Row]:
        """Rows indexed by JSON key."""
        return {r.key: r for r in self.rows}


@frozen
class CellSpec:
    """One data cell, fully located."""

    index: int
    """Position in :attr:`FormatSpec.cells` (declaration order)."""
    table: TableSpec
    row: Row
    column: Column

    @property
    def key(self) -> tuple[str, str, str]:
        """``(table key, row key, column key)``."""
        return (self.table.key, self.row.key, self.column.key)

    @cached_property
    def pointer(self) -> str:
        """JSON pointer of the cell in a report document."""
        return f"/{self.table.key}/{self.row.key}/{self.column.key}"

    @cached_property
    def labels(self) -> tuple[str, str, str]:
        """The label triple ``(table, row, column)`` as in the label CSV."""
        return (self.table.number, self.row.label, self.column.label)

    @property
    def kind(self) -> Kind:
        """The kind of value the cell holds."""
        return self.column.kind


@frozen
class Identity:
    """An arithmetic rule: the sum of ``lhs`` cells equals the sum of ``rhs`` cells.

    ``family`` names the rule (it is the finding code); ``subject`` is the label
    of the row or column the identity is about, for messages.
    When ``fill`` is true the identity has one cell on the left that is a total
    of the cells on the right, and :func:`govinfo_report.fill_totals` may compute it.
    """

    family: str
    subject: str
    lhs: tuple[tuple[str, str, str], ...]
    rhs: tuple[tuple[str, str, str], ...]
    fill: bool = False


@frozen
class FormatSpec:
    """A complete format version of the annual report."""

    id: str
    """``"2019"`` or ``"2021"``."""
    name: str
    document: str
    """The State Council office's document number that issued the format."""
    first_year: int
    last_year: int | None
    sections: tuple[TextSection | TableSpec, ...]
    identities: tuple[Identity, ...] = field(factory=tuple)

    @cached_property
    def tables(self) -> tuple[TableSpec, ...]:
        """The three tables, in order."""
        return tuple(s for s in self.sections if isinstance(s, TableSpec))

    @cached_property
    def text_sections(self) -> tuple[TextSection, ...]:
        """The three free-text sections, in order."""
        return tuple(s for s in self.sections if isinstance(s, TextSection))

    @cached_property
    def tables_by_key(self) -> dict[str, TableSpec]:
        """Tables indexed by JSON key and by numeral (``table3`` and ``三``)."""
        out: dict[str, TableSpec] = {}
        for t in self.tables:
            out[t.key] = t
            out[t.number] = t
        return out

    @cached_property
    def cells(self) -> tuple[CellSpec, ...]:
        """Every data cell, in declaration order."""
        return tuple(self._iter_cells())

    def _iter_cells(self) -> Iterator[CellSpec]:
        i = 0
        for table in self.tables:
            for row in table.rows:
                for column in row.columns.columns:
                    yield CellSpec(i, table, row, column)
                    i += 1

    @cached_property
    def cells_by_key(self) -> dict[tuple[str, str, str], CellSpec]:
        """Cells indexed by ``(table key, row key, column key)``."""
        return {c.key: c for c in self.cells}

    @cached_property
    def cells_by_labels(self) -> dict[tuple[str, str, str], CellSpec]:
        """Cells indexed by their label triple."""
        return {c.labels: c for c in self.cells}

    @cached_property
    def cells_by_pointer(self) -> dict[str, CellSpec]:
        """Cells indexed by JSON pointer."""
        return {c.pointer: c for c in self.cells}

    def covers(self, year: int) -> bool:
        """Whether reports for ``year`` are to use this format."""
        return year >= self.first_year and (self.last_year is None or year <= self.last_year)
