"""The report as frozen attrs classes, generated from the format declarations.

The root is :class:`AnnualReport`.  Its tables are instances of classes made
once per format from the declaration (``Table3_2021`` and so on); each table
field holds a row object whose fields are the data cells, ``None`` meaning
"not filled".  Counts are ``int``; money is :class:`decimal.Decimal`.

Attribute access reads like the form (``report.table3.granted.natural_person``);
label access reads like the printed table::

    report.cell("三", "三、本年度办理结果 / （一）予以公开", "自然人")
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from functools import cache
from typing import Any, ClassVar, Self, TypeAlias

import attrs
from attrs import Factory, field, frozen

from govinfo_report.errors import UsageError
from govinfo_report.formats import (
    CellSpec,
    ColumnSet,
    FormatSpec,
    Kind,
    TableSpec,
    format_for_year,
    formats,
    get_format,
)

__all__ = [
    "AnnualReport",
    "ExtraRow",
    "FrozenMap",
    "ImportNote",
    "Provenance",
    "ReportMeta",
    "RowValues",
    "TableValues",
    "Value",
    "blank_report",
    "fill_totals",
    "format_value",
    "table_class",
]

Value: TypeAlias = int | Decimal | None
"""What a data cell holds: a count, an amount, or ``None`` (not filled)."""


class RowValues:
    """Base of the generated row classes: one field per data column."""

    __slots__ = ()
    columns: ClassVar[ColumnSet]

    def __getitem__(self, key: str) -> Value:
        """The value of the column with JSON key ``key``."""
        if key not in self.columns.keys:
            raise KeyError(key)
        value: Value = getattr(self, key)
        return value

    def values(self) -> tuple[Value, ...]:
        """The values in column order."""
        return tuple(getattr(self, k) for k in self.columns.keys)


class TableValues:
    """Base of the generated table classes.

    A table keeps its cells as one tuple, ``cells``, in declaration order; each
    row is a read-only property that returns the row's :class:`RowValues`.
    """

    __slots__ = ()
    spec: ClassVar[TableSpec]
    format_id: ClassVar[str]
    row_slices: ClassVar[dict[str, tuple[int, int, type[RowValues]]]]
    cells: tuple[Value, ...]

    def __getitem__(self, key: str) -> RowValues:
        """The row with JSON key ``key``."""
        try:
            start, end, cls = self.row_slices[key]
        except KeyError:
            raise KeyError(key) from None
        return cls(**dict(zip(cls.columns.keys, self.cells[start:end], strict=True)))

    @classmethod
    def from_rows(cls, **rows: RowValues) -> Self:
        """A table from row objects by row key; rows not given are blank."""
        cells: list[Value] = list(cls().cells)
        for key, row in rows.items():
            try:
                start, end, row_cls = cls.row_slices[key]
            except KeyError:
                msg = f"{cls.__name__} has no row {key!r}"
                raise UsageError(msg) from None
            if type(row) is not row_cls:
                msg = f"row {key!r} of {cls.__name__} must be a {row_cls.__name__}, not {type(row).__name__}"
                raise UsageError(msg)
            cells[start:end] = row.values()
        return cls(cells=tuple(cells))  # type: ignore[call-arg]

    def rows(self) -> Iterator[tuple[str, RowValues]]:
        """``(row key, row)`` pairs in declaration order."""
        for row in self.spec.rows:
            yield row.key, self[row.key]

    def __repr__(self) -> str:
        inner = ", ".join(f"{k}={r!r}" for k, r in self.rows())
        return f"{type(self).__name__}({inner})"


_ROW_CLASSES: dict[tuple[str, tuple[tuple[str, Kind], ...]], type[RowValues]] = {}
_TABLE_CLASSES: dict[tuple[str, str], type[TableValues]] = {}


def _cell_type(kind: Kind) -> Any:
    return Decimal | None if kind is Kind.AMOUNT else int | None


def _row_class(columns: ColumnSet) -> type[RowValues]:
    signature = (columns.name, tuple((c.key, c.kind) for c in columns.columns))
    cls = _ROW_CLASSES.get(signature)
    if cls is None:
        attributes = {c.key: field(default=None, type=_cell_type(c.kind)) for c in columns.columns}
        cls = attrs.make_class(columns.name, attributes, bases=(RowValues,), frozen=True, slots=True, kw_only=True)
        cls.columns = columns
        cls.__module__ = __name__
        cls.__doc__ = " · ".join(c.label for c in columns.columns)
        globals()[columns.name] = cls
        _ROW_CLASSES[signature] = cls
    return cls


def _row_property(key: str) -> property:
    def get(self: TableValues) -> RowValues:
        return self[key]

    get.__name__ = key
    return property(get, doc=f"Row {key!r}.")


def _make_table_class(spec: FormatSpec, table: TableSpec) -> type[TableValues]:
    name = f"Table{['二', '三', '四'].index(table.number) + 2}_{spec.id}"
    size = sum(len(r.columns.columns) for r in table.rows)
    cls: type[TableValues] = attrs.make_class(
        name,
        {"cells": field(default=(None,) * size, type=tuple)},
        bases=(TableValues,),
        frozen=True,
        slots=True,
        kw_only=True,
        repr=False,
    )
    slices: dict[str, tuple[int, int, type[RowValues]]] = {}
    start = 0
    for row in table.rows:
        end = start + len(row.columns.columns)
        slices[row.key] = (start, end, _row_class(row.columns))
        setattr(cls, row.key, _row_property(row.key))
        start = end
    cls.row_slices = slices
    cls.spec = table
    cls.format_id = spec.id
    cls.__module__ = __name__
    cls.__doc__ = f"{table.title} ({spec.document})"
    globals()[name] = cls
    return cls


for _spec in formats():
    for _table in _spec.tables:
        _TABLE_CLASSES[(_spec.id, _table.key)] = _make_table_class(_spec, _table)


def table_class(format_id: str | FormatSpec, table: str) -> type[TableValues]:
    """The generated class of ``table`` (``"table3"`` or ``"三"``) in a format."""
    spec = get_format(format_id)
    try:
        return _TABLE_CLASSES[(spec.id, spec.tables_by_key[table].key)]
    except KeyError:
        msg = f"format {spec.id} has no table {table!r}; tables: table2/二, table3/三, table4/四"
        raise UsageError(msg) from None


class FrozenMap(Mapping[str, str]):
    """A read-only, hashable mapping (the raw texts of a report's cells)."""

    __slots__ = ("_data", "_hash")

    def __init__(self, data: Mapping[str, str] | Iterable[tuple[str, str]] = ()) -> None:
        self._data: dict[str, str] = dict(data)
        self._hash: int | None = None

    def __getitem__(self, key: str) -> str:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(frozenset(self._data.items()))
        return self._hash

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FrozenMap):
            return self._data == other._data
        if isinstance(other, Mapping):
            return self._data == dict(other.items())
        return NotImplemented

    def __repr__(self) -> str:
        return f"FrozenMap({self._data!r})"


_EMPTY = FrozenMap()


class LazyTexts(FrozenMap):
    """A :class:`FrozenMap` whose texts are made when asked for: ``make(*args[key])``.

    Readers say where each cell was read from (``表三!D12``); a report has 200 cells and findings need a few, so
    the places are kept as they are and the texts written only for the keys looked up. Copied or pickled, it is
    a plain :class:`FrozenMap` of every text.
    """

    __slots__ = ("_args", "_make")

    def __init__(self, args: Mapping[str, tuple[Any, ...]], make: Any) -> None:
        self._args = dict(args)
        self._make = make
        self._hash = None

    @property
    def _data(self) -> dict[str, str]:  # type: ignore[override] # every text, when all are needed
        make = self._make
        return {k: make(*a) for k, a in self._args.items()}

    def __getitem__(self, key: str) -> str:
        return self._make(*self._args[key])  # type: ignore[no-any-return]

    def __iter__(self) -> Iterator[str]:
        return iter(self._args)

    def __len__(self) -> int:
        return len(self._args)

    def __contains__(self, key: object) -> bool:
        return key in self._args

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenMap, (self._data,))


def _frozen_map(value: Mapping[str, str] | None) -> FrozenMap:
    if isinstance(value, FrozenMap):
        return value
    if value is None or not value:
        return _EMPTY
    if not isinstance(value, Mapping):
        msg = f"expected a mapping of JSON pointer to text, got {type(value).__name__}"
        raise UsageError(msg)
    return FrozenMap(value)


def _typed(*types: type) -> Any:
    """An attrs validator: the value is one of ``types`` or None, else a :class:`UsageError` that names the field."""
    names = " or ".join(t.__name__ for t in types)

    def check(_: Any, attribute: Any, value: Any) -> None:
        if value is not None and (not isinstance(value, types) or isinstance(value, bool)):
            msg = f"{attribute.name} takes {names} or None, not {value!r}"
            raise UsageError(msg)
        if isinstance(value, str) and (m := _SURROGATE.search(value)):
            msg = f"{attribute.name} holds a lone surrogate (U+{ord(m.group()):04X} at {m.start()}): not text"
            raise UsageError(msg)

    return check


_SURROGATE = re.compile("[\ud800-\udfff]")


def _date(value: Any) -> Any:
    """A publication date: a date, or an ISO date string (as forms and JSON give it)."""
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            msg = f"published takes a date (YYYY-MM-DD), not {value!r}"
            raise UsageError(msg) from None
    if isinstance(value, datetime.datetime):
        return value.date()
    return value


@frozen(kw_only=True)
class ReportMeta:
    """Who reports, and for which year."""

    agency: str | None = field(default=None, validator=_typed(str))
    """机关名称: the reporting body."""
    year: int | None = field(default=None, validator=_typed(int))
    """年度: the calendar year the report covers."""
    level: str | None = field(default=None, validator=_typed(str))
    """Optional administrative level (e.g. 县级, 市级部门)."""
    region: str | None = field(default=None, validator=_typed(str))
    """Optional region name or code."""
    published: datetime.date | None = field(default=None, converter=_date, validator=_typed(datetime.date))
    """Optional publication date (a date, or an ISO string)."""


def _meta(value: Any) -> ReportMeta:
    if isinstance(value, ReportMeta):
        return value
    if value is None:
        return ReportMeta()
    if isinstance(value, Mapping):
        known = {"agency", "year", "level", "region", "published"}
        unknown = sorted(set(value) - known)
        if unknown:
            msg = f"meta has no field {unknown[0]!r}; fields: {', '.join(sorted(known))}"
            raise UsageError(msg)
        return ReportMeta(**value)
    msg = f"meta takes a ReportMeta or a mapping, not {type(value).__name__}"
    raise UsageError(msg)


@frozen(kw_only=True)
class ExtraRow:
    """A row printed in a table that the report's format does not have, kept with its values.

    For example the 2019 format's single row ``（六）其他处理`` in a report that otherwise
    follows the 2021 format.  Nothing printed is dropped: the row keeps its label path as
    printed, its values in the order of ``columns`` (official column label paths), the text
    of cells that were not clean numbers, and where it was read from.
    """

    table: str
    """The table numeral (``"三"``)."""
    labels: tuple[str, ...]
    """The row's label path (group labels first), as printed."""
    columns: tuple[str, ...]
    """The official label path of each column (``法人或其他组织 / 商业企业``)."""
    values: tuple[Value, ...]
    raw: tuple[str | None, ...] = ()
    """Per column, the text of a cell that was not a clean number (else None); empty when there is none."""
    source: str | None = field(default=None, eq=False)
    """Where the row was read from (``line 130``)."""

    def __attrs_post_init__(self) -> None:
        if len(self.values) != len(self.columns) or (self.raw and len(self.raw) != len(self.columns)):
            msg = f"extra row {' / '.join(self.labels)!r}: {len(self.columns)} columns, {len(self.values)} values"
            raise UsageError(msg)

    @property
    def label(self) -> str:
        """The label path joined as in the label CSV."""
        return " / ".join(self.labels)


@frozen(kw_only=True)
class ImportNote:
    """Something an importer could not do: becomes a finding with this code when the report is validated."""

    code: str
    """A finding code of the catalogue (``import-table-missing``, ``import-value-unplaced``, ...)."""
    path: str
    """JSON pointer of what is concerned (``/table4``, ``/table3/granted``)."""
    detail: str
    """What is missing or was not placed, in Chinese."""
    detail_en: str
    """The same in English."""
    source: str | None = None
    """Where in the source (``line 12``)."""


@frozen(kw_only=True)
class Provenance:
    """Where an imported report came from, and how well the import went."""

    reader: str
    """The importer that read it (``text``, ``html``, ``pdf`` ...)."""
    library: str
    """The govinfo_report version that read it."""
    file: str | None = None
    """The source file's name."""
    size: int | None = None
    """The source's size in bytes."""
    sha256: str | None = None
    """The source's SHA-256, hex."""
    verbatim: Decimal | None = None
    """Self-audit: the share (0–1) of the non-zero numbers placed in the tables whose printed form
    appears verbatim in the source text; None when no non-zero number was placed."""
    notes: tuple[ImportNote, ...] = ()
    """What the importer could not do: tables, rows or columns not found, values not placed."""


_CELL_TYPES = frozenset({int, Decimal, type(None)})


def _finite(value: Value) -> bool:
    return not isinstance(value, Decimal) or value.is_finite()


def _format_id(value: str | FormatSpec) -> str:
    return get_format(value).id


def _default_table(key: str) -> Any:
    return Factory(lambda self: table_class(self.format, key)(), takes_self=True)


@frozen(kw_only=True)
class AnnualReport:
    """One 政府信息公开工作年度报告.

    Build one with :func:`blank_report` or by loading a file; change it with
    :meth:`with_cell`, :meth:`with_values` or :func:`attrs.evolve`.
    """

    format: str = field(converter=_format_id)
    """The format version id, ``"2019"`` or ``"2021"``."""
    meta: ReportMeta = field(factory=ReportMeta, converter=_meta)
    general_situation: str | None = field(default=None, validator=_typed(str))
    """一、总体情况."""
    table2: TableValues = field(default=_default_table("table2"))
    """二、主动公开政府信息情况."""
    table3: TableValues = field(default=_default_table("table3"))
    """三、收到和处理政府信息公开申请情况."""
    table4: TableValues = field(default=_default_table("table4"))
    """四、政府信息公开行政复议、行政诉讼情况."""
    problems: str | None = field(default=None, validator=_typed(str))
    """五、存在的主要问题及改进情况."""
    other_matters: str | None = field(default=None, validator=_typed(str))
    """六、其他需要报告的事项."""
    raw: Mapping[str, str] = field(factory=FrozenMap, converter=_frozen_map)
    """Text of cells as found when it was not a clean number (``"-"``, ``"12件"``), by JSON pointer."""
    sources: Mapping[str, str] = field(factory=FrozenMap, converter=_frozen_map, eq=False, repr=False)
    """Where each cell was read from (``"line 12"``, ``"表三!D12"``), by JSON pointer. Not serialised."""
    extra_rows: tuple[ExtraRow, ...] = field(default=(), converter=tuple)
    """Rows printed in the source that this format does not have (see :class:`ExtraRow`)."""
    provenance: Provenance | None = field(default=None, eq=False, repr=False)
    """Where an imported report came from and how the import went; None for reports built in code."""

    def __attrs_post_init__(self) -> None:
        for table in self.spec.tables:
            got = getattr(self, table.key)
            if type(got) is not _TABLE_CLASSES[(self.format, table.key)]:
                msg = (
                    f"{table.key} is a {type(got).__name__}, but a format {self.format} report "
                    f"needs {_TABLE_CLASSES[(self.format, table.key)].__name__}"
                )
                raise UsageError(msg)
            types = set(map(type, got.cells))
            if not types <= _CELL_TYPES or (Decimal in types and not all(_finite(v) for v in got.cells)):
                bad = next(v for v in got.cells if type(v) not in _CELL_TYPES or not _finite(v))
                msg = f"{table.key} holds {bad!r}; a cell is a whole number, a finite Decimal or None"
                raise UsageError(msg)
        if any(type(r) is not ExtraRow for r in self.extra_rows):
            msg = "extra_rows takes a tuple of ExtraRow"
            raise UsageError(msg)

    @property
    def spec(self) -> FormatSpec:
        """The declaration of this report's format."""
        return get_format(self.format)

    # -- reading cells ---------------------------------------------------------------
    def values(self) -> list[Value]:
        """Every data cell's value, in the order of ``self.spec.cells``."""
        return [*self.table2.cells, *self.table3.cells, *self.table4.cells]

    def iter_cells(self) -> Iterator[tuple[CellSpec, Value]]:
        """Pairs of (cell declaration, value) for every data cell."""
        return zip(self.spec.cells, self.values(), strict=True)

    def cell(self, table: str, row: str, column: str) -> Value:
        """The value of one cell, addressed by official labels or by JSON keys.

        ``row`` and ``column`` may be full label paths (``三、本年度办理结果 / （一）予以公开``),
        their trailing parts when those are unambiguous (``（一）予以公开``, ``（三）不予公开 / 1.属于国家秘密``,
        ``商业企业``), or JSON keys.

        Raises:
            UsageError: no cell, or more than one, matches.
        """
        return report_value(self, find_cell(self.spec, table, row, column))

    # -- changing cells --------------------------------------------------------------
    def with_cell(self, table: str, row: str, column: str, value: Value) -> AnnualReport:
        """A copy with one cell set (addressed as in :meth:`cell`)."""
        spec = find_cell(self.spec, table, row, column)
        return self.with_values({spec.pointer: value})

    def with_values(self, values: Mapping[str, Value]) -> AnnualReport:
        """A copy with the cells named by JSON pointer set to new values.

        The raw text kept for a changed cell is dropped.
        """
        by_pointer = self.spec.cells_by_pointer
        offsets = _table_offsets(self.format)
        changes: dict[str, list[Value]] = {}
        for pointer, value in values.items():
            try:
                c = by_pointer[pointer]
            except KeyError:
                msg = f"format {self.format} has no cell {pointer!r}"
                raise UsageError(msg) from None
            cells = changes.get(c.table.key)
            if cells is None:
                cells = changes[c.table.key] = list(getattr(self, c.table.key).cells)
            cells[c.index - offsets[c.table.key]] = _check_value(c, value)
        updates: dict[str, Any] = {
            key: _TABLE_CLASSES[(self.format, key)](cells=tuple(cells))  # type: ignore[call-arg]
            for key, cells in changes.items()
        }
        if self.raw and any(p in self.raw for p in values):
            updates["raw"] = {p: t for p, t in self.raw.items() if p not in values}
        return attrs.evolve(self, **updates)


def format_value(value: Value) -> str:
    """A cell value as written in files and pages: plain digits, decimals exactly as kept, blank as ''."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _check_value(c: CellSpec, value: Value) -> Value:
    if value is None:
        return None
    if c.kind is Kind.AMOUNT:
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            msg = f"{c.pointer} takes a Decimal amount or None, not {value!r}"
            raise UsageError(msg)
        return Decimal(value)
    if isinstance(value, bool) or not isinstance(value, int):
        msg = f"{c.pointer} takes a whole number or None, not {value!r}"
        raise UsageError(msg)
    return value


def _canon(label: str) -> str:
    return "".join(label.split())


def _fits(labels: tuple[str, ...], key: str, given: str) -> bool:
    """``given`` (whitespace removed) is the key, the whole label path or a trailing part of it."""
    if given == key:
        return True
    if not labels:
        return given == ""
    return any(given == "/".join(_canon(p) for p in labels[i:]) for i in range(len(labels)))


def find_cell(spec: FormatSpec, table: str, row: str, column: str) -> CellSpec:
    """Resolve a cell address given by labels or keys; see :meth:`AnnualReport.cell`.

    Raises:
        UsageError: no cell, or more than one, matches.
    """
    try:
        table_spec = spec.tables_by_key[table.strip()]
    except KeyError:
        msg = f"no table {table!r} in format {spec.id}; use 二/三/四 or table2/table3/table4"
        raise UsageError(msg) from None
    exact = spec.cells_by_labels.get((table_spec.number, row.strip(), column.strip()))
    if exact is not None:
        return exact
    row_c, col_c = _canon(row), _canon(column)
    candidates = [
        c
        for c in spec.cells
        if c.table is table_spec
        and _fits(c.row.labels, c.row.key, row_c)
        and _fits(c.column.labels, c.column.key, col_c)
    ]
    if len(candidates) == 1:
        return candidates[0]
    where = f"table {table_spec.number}, row {row!r}, column {column!r}"
    if not candidates:
        msg = f"format {spec.id} has no cell at {where}"
    else:
        options = "; ".join(f"{c.row.label} | {c.column.label}" for c in candidates[:6])
        msg = f"{where} is ambiguous in format {spec.id}: {options}"
    raise UsageError(msg)


def blank_report(
    format: str | FormatSpec | None = None,  # noqa: A002 - the domain word
    *,
    year: int | None = None,
    agency: str | None = None,
) -> AnnualReport:
    """An empty report: every cell ``None``, no text.

    The format is ``format`` when given, else the one for ``year``, else the newest.
    """
    if format is not None:
        spec = get_format(format)
    elif year is not None:
        spec = format_for_year(year)
    else:
        spec = formats()[-1]
    return AnnualReport(format=spec.id, meta=ReportMeta(agency=agency, year=year))


def fill_totals(report: AnnualReport) -> AnnualReport:
    """A copy with every 总计 cell computed from its parts.

    Blank parts count as 0; a total whose parts are all blank is left as it is (blank, or as given: a total
    entered without its breakdown is kept, and the totals above it may then not add up).
    This covers the 总计 column and the （七）总计 row of table 三 and the three
    总计 of table 四.
    """
    spec = report.spec
    index = {c.key: c.index for c in spec.cells}
    values = report.values()
    fillable = [i for i in spec.identities if i.fill]
    for _ in range(3):  # totals of totals settle in two passes
        changed = False
        for ident in fillable:
            parts = [values[index[k]] for k in ident.rhs]
            if all(p is None for p in parts):
                continue
            total = sum((p for p in parts if p is not None), start=0)
            target = index[ident.lhs[0]]
            if values[target] != total:
                values[target] = total
                changed = True
        if not changed:
            break
    changes = {c.pointer: v for c, v in zip(spec.cells, values, strict=True) if v != report_value(report, c)}
    return report.with_values(changes) if changes else report


def report_value(report: AnnualReport, cell: CellSpec) -> Value:
    """The value of a declared cell in ``report``."""
    value: Value = getattr(report, cell.table.key).cells[cell.index - _table_offsets(report.format)[cell.table.key]]
    return value


@cache
def _table_offsets(format_id: str) -> dict[str, int]:
    """Index in ``spec.cells`` of each table's first cell."""
    out: dict[str, int] = {}
    for c in get_format(format_id).cells:
        out.setdefault(c.table.key, c.index)
    return out


def from_values(
    spec: FormatSpec,
    values: Iterable[tuple[CellSpec, Value]],
    **report_fields: Any,
) -> AnnualReport:
    """Build a report from (cell, value) pairs; cells not given stay blank."""
    offsets = _table_offsets(spec.id)
    tables = {t.key: list(_TABLE_CLASSES[(spec.id, t.key)]().cells) for t in spec.tables}
    for c, v in values:
        tables[c.table.key][c.index - offsets[c.table.key]] = _check_value(c, v)
    built: dict[str, Any] = {
        key: _TABLE_CLASSES[(spec.id, key)](cells=tuple(cells))  # type: ignore[call-arg]
        for key, cells in tables.items()
    }
    return AnnualReport(format=spec.id, **built, **report_fields)


_SET = object.__setattr__


def trusted_meta(
    agency: str | None, year: int | None, level: str | None, region: str | None, published: datetime.date | None
) -> ReportMeta:
    """A :class:`ReportMeta` of values already checked (by the converter's fast path), without the checks again."""
    meta = object.__new__(ReportMeta)
    _SET(meta, "agency", agency)
    _SET(meta, "year", year)
    _SET(meta, "level", level)
    _SET(meta, "region", region)
    _SET(meta, "published", published)
    return meta


def trusted_report(format_id: str, fields: dict[str, Any]) -> AnnualReport:
    """An :class:`AnnualReport` of fields already checked and of their final types, without the checks again.

    The caller guarantees what ``__init__`` would check: a known format id, a :class:`ReportMeta`, text or None,
    tables of the format's classes holding whole numbers, finite decimals or None, ``raw`` a dict of text, a tuple
    of :class:`ExtraRow`, a :class:`Provenance` or None. Missing fields get their defaults.
    """
    report = object.__new__(AnnualReport)
    _SET(report, "format", format_id)
    _SET(report, "meta", fields["meta"])
    for key in ("general_situation", "problems", "other_matters", "provenance"):
        _SET(report, key, fields.get(key))
    for key in ("table2", "table3", "table4"):
        table = fields.get(key)
        _SET(report, key, table if table is not None else _TABLE_CLASSES[(format_id, key)]())
    raw = fields.get("raw")
    _SET(report, "raw", FrozenMap(raw) if raw else _EMPTY)
    _SET(report, "sources", _EMPTY)
    _SET(report, "extra_rows", fields.get("extra_rows", ()))
    return report
