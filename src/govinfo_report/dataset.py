"""Many reports as one table: :func:`to_frame` for pandas, and the files ``govinfo-report dataset`` writes.

Two shapes:

- **wide**: one row per report.  A column per cell, named ``t3.granted.total``
  (table number, row key, column key).  Reports of both formats share a column
  where their cells mean the same thing: the *cross-walk* of
  :mod:`govinfo_report.formats._crosswalk` (the two declarations plus the small table
  :data:`CORRESPONDENCES`), listed in ``docs/dataset-columns.md``.  The columns are the same
  whatever the reports, so frames of different batches concatenate.
- **long**: one row per report and cell, with both label paths, the value, the
  raw text and whether the cell was blank.

Blank is not zero: counts are nullable integers (``Int64``, ``<NA>`` when not
filled) and amounts are exact decimals (``decimal128(38, 6)`` on pyarrow).
pandas and pyarrow are the ``dataset`` extra.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from functools import cache, partial
from pathlib import Path
from typing import Any, Literal

from attrs import frozen

from govinfo_report._optional import optional
from govinfo_report.errors import UsageError
from govinfo_report.formats import CellSpec, Kind, formats, get_format
from govinfo_report.formats._crosswalk import CORRESPONDENCES, Concept, Correspondence, concept_name, concepts
from govinfo_report.model import AnnualReport, blank_report

__all__ = [
    "AMOUNT_SCALE",
    "CORRESPONDENCES",
    "LONG_COLUMNS",
    "META_COLUMNS",
    "Correspondence",
    "Part",
    "Shape",
    "WideColumn",
    "columns_page",
    "frame_chunk",
    "sink_for",
    "to_frame",
    "wide_columns",
    "wide_name",
]

Shape = Literal["wide", "long"]

AMOUNT_SCALE = 6
"""Decimal places kept for amounts (万元 to the hundredth of a 元); a value with more is refused, never rounded."""

META_COLUMNS = ("report_id", "agency", "year", "format", "level", "region", "published")
"""The first columns of both shapes: who reports, for which year, in which format."""

LONG_COLUMNS = (
    *META_COLUMNS,
    "table",
    "row",
    "column",
    "row_label",
    "column_label",
    "wide_column",
    "kind",
    "value",
    "amount",
    "raw",
    "blank",
)
"""The columns of the long shape."""


WideColumn = Concept
"""One column of the wide shape: a concept of the cross-walk (``name``, ``kind``, ``unit``, ``sources``)."""

wide_name = concept_name
"""The wide column name of a cell: ``t3.granted.total`` (its concept's name)."""


def wide_columns() -> tuple[WideColumn, ...]:
    """Every column of the wide shape after the metadata, in order: the concepts of the cross-walk."""
    return concepts()


@cache
def _plan(format_id: str) -> tuple[tuple[int, ...] | None, ...]:
    """Per wide column, the positions in ``report.values()`` that fill it for ``format_id``."""
    return tuple(
        tuple(c.index for c in col.sources[format_id]) if format_id in col.sources else None for col in wide_columns()
    )


def _pd() -> Any:
    return optional("pandas", "dataset", "a data frame of reports")


def _pa() -> Any:
    return optional("pyarrow", "dataset", "a data frame of reports")


def _amount_dtype() -> Any:
    return _pd().ArrowDtype(_pa().decimal128(38, AMOUNT_SCALE))


def _amounts(values: Sequence[Decimal | None]) -> Any:
    pa = _pa()
    for v in values:
        if v is not None and v.as_tuple().exponent < -AMOUNT_SCALE:  # type: ignore[operator]
            msg = f"amount {v} has more than {AMOUNT_SCALE} decimal places"
            raise UsageError(msg)
    return _pd().array(pa.array(values, type=pa.decimal128(38, AMOUNT_SCALE)), dtype=_amount_dtype())


def _column(kind: Kind, values: Sequence[Any]) -> Any:
    if kind is Kind.AMOUNT:
        return _amounts(values)
    return _pd().array(values, dtype="Int64")


def _sum(values: list[Any], positions: tuple[int, ...]) -> Any:
    filled = [values[i] for i in positions if values[i] is not None]
    return sum(filled) if filled else None


def _ids(reports: Iterable[AnnualReport] | Mapping[str, AnnualReport]) -> list[tuple[str, AnnualReport]]:
    if isinstance(reports, Mapping):
        return [(str(k), v) for k, v in reports.items()]
    out = []
    for i, r in enumerate(reports):
        name = r.provenance.file if r.provenance is not None and r.provenance.file else None
        out.append((name or str(i), r))
    return out


def _meta(items: list[tuple[str, AnnualReport]]) -> dict[str, Any]:
    pd, pa = _pd(), _pa()
    text = pd.StringDtype()
    published = [r.meta.published for _, r in items]
    return {
        "report_id": pd.array([i for i, _ in items], dtype=text),
        "agency": pd.array([r.meta.agency for _, r in items], dtype=text),
        "year": pd.array([r.meta.year for _, r in items], dtype="Int64"),
        "format": pd.array([r.format for _, r in items], dtype=text),
        "level": pd.array([r.meta.level for _, r in items], dtype=text),
        "region": pd.array([r.meta.region for _, r in items], dtype=text),
        "published": pd.array(pa.array(published, type=pa.date32()), dtype=pd.ArrowDtype(pa.date32())),
    }


def to_frame(
    reports: Iterable[AnnualReport] | Mapping[str, AnnualReport], shape: Shape = "wide", *, indicators: bool = False
) -> Any:  # a pandas.DataFrame; Any keeps pandas optional for type checkers too
    """Many reports as one :class:`pandas.DataFrame`.

    Args:
        reports: the reports, or a mapping from report id to report.  Without ids,
            a report's id is its source file's name, else its position.
        shape: ``"wide"`` (one row per report, a column per cell: see
            :func:`wide_columns`) or ``"long"`` (one row per report and cell).
        indicators: in the wide shape, add a column ``ind.<id>`` per indicator and variant of
            :data:`govinfo_report.INDICATORS` (exact decimals, blank where not rated).  The previous year of
            ``application_growth`` is the report of the same agency for the year before in ``reports``.

    Raises:
        UsageError: an unknown shape, indicators asked for in the long shape, or an amount with more than
            :data:`AMOUNT_SCALE` decimal places.
        UnsupportedFileError: pandas or pyarrow is not installed (``pip install "govinfo-report[dataset]"``).

    .. versionadded:: 0.2
    """
    if shape not in ("wide", "long"):
        msg = f"shape must be 'wide' or 'long', not {shape!r}"
        raise UsageError(msg)
    if indicators and shape != "wide":
        msg = "indicators are columns of the wide shape"
        raise UsageError(msg)
    items = _ids(reports)
    if shape == "long":
        return _long(items)
    frame = _wide(items)
    if indicators:
        from govinfo_report.analysis import indicators as rates  # noqa: PLC0415 - only when asked for

        by_year = {(r.meta.agency, r.meta.year): r for _, r in items if r.meta.year is not None}
        values = [rates(r, by_year.get((r.meta.agency, (r.meta.year or 0) - 1))) for _, r in items]
        for key in rates(blank_report()):
            frame[f"ind.{key}"] = _amounts([v[key] for v in values])
    return frame


def _wide(items: list[tuple[str, AnnualReport]]) -> Any:
    cols = wide_columns()
    rows: list[list[Any]] = []
    for _, report in items:
        values = report.values()
        row: list[Any] = []
        for positions in _plan(report.format):
            if positions is None:
                row.append(None)
            elif len(positions) == 1:
                row.append(values[positions[0]])
            else:
                row.append(_sum(values, positions))
        rows.append(row)
    data = _meta(items)
    by_column = list(zip(*rows, strict=True)) if rows else [() for _ in cols]
    for col, column in zip(cols, by_column, strict=True):
        data[col.name] = _column(col.kind, column)
    return _pd().DataFrame(data)


@cache
def _long_static(format_id: str) -> dict[str, tuple[Any, ...]]:
    spec = get_format(format_id)
    return {
        "table": tuple(c.table.number for c in spec.cells),
        "row": tuple(c.row.key for c in spec.cells),
        "column": tuple(c.column.key for c in spec.cells),
        "row_label": tuple(c.row.label for c in spec.cells),
        "column_label": tuple(c.column.label for c in spec.cells),
        "wide_column": tuple(wide_name(c) for c in spec.cells),
        "kind": tuple(c.kind.value for c in spec.cells),
        "pointer": tuple(c.pointer for c in spec.cells),
        "amount": tuple(c.kind is Kind.AMOUNT for c in spec.cells),
    }


def _long(items: list[tuple[str, AnnualReport]]) -> Any:
    pd = _pd()
    static = ("table", "row", "column", "row_label", "column_label", "wide_column", "kind")
    out: dict[str, list[Any]] = {k: [] for k in (*static, "value", "amount", "raw", "blank")}
    repeat: list[int] = []
    for _, report in items:
        s = _long_static(report.format)
        values = report.values()
        for key in static:
            out[key].extend(s[key])
        out["value"].extend(None if a else v for v, a in zip(values, s["amount"], strict=True))
        out["amount"].extend(v if a else None for v, a in zip(values, s["amount"], strict=True))
        raw = report.raw
        out["raw"].extend(raw.get(p) for p in s["pointer"]) if raw else out["raw"].extend([None] * len(values))
        out["blank"].extend(v is None for v in values)
        repeat.append(len(values))
    meta = pd.DataFrame(_meta(items)).loc[[i for i, n in enumerate(repeat) for _ in range(n)]]
    data = {k: meta[k].reset_index(drop=True) for k in META_COLUMNS}
    text = pd.StringDtype()
    for key in static:
        data[key] = pd.array(out[key], dtype=text)
    data["value"] = pd.array(out["value"], dtype="Int64")
    data["amount"] = _amounts(out["amount"])
    data["raw"] = pd.array(out["raw"], dtype=text)
    data["blank"] = pd.array(out["blank"], dtype="boolean")
    return pd.DataFrame(data)


# -- many files: the unit of work and the writers of `govinfo-report dataset` --------------------
@frozen
class Part:
    """The frame of a chunk of files, and a record per file (``error`` for one that could not be read)."""

    frame: Any
    records: tuple[dict[str, Any], ...]


def _frame_of_paths(paths: Sequence[str], shape: Shape) -> list[Part]:
    from govinfo_report.errors import GovinfoReportError  # noqa: PLC0415
    from govinfo_report.io import read  # noqa: PLC0415

    reports: dict[str, AnnualReport] = {}
    records: list[dict[str, Any]] = []
    for path in paths:
        try:
            reports[path] = read(path)
        except GovinfoReportError as exc:
            records.append({"file": path, "valid": False, "error": str(exc)})
        else:
            records.append({"file": path, "valid": True})
    return [Part(to_frame(reports, shape), tuple(records))]


def frame_chunk(shape: Shape) -> Callable[[list[str]], list[Part]]:
    """A picklable function from a chunk of paths to its :class:`Part` (the report id is the path)."""
    return partial(_frame_of_paths, shape=shape)


class _Sink:
    """Where the frames of ``govinfo-report dataset`` go, one chunk at a time."""

    def __init__(self, path: Path, shape: Shape) -> None:
        self.path, self.shape, self.wrote = path, shape, False

    def add(self, frame: Any) -> None:
        raise NotImplementedError

    def close(self) -> None:
        if not self.wrote:  # no report: the columns still say what the table holds
            self.add(to_frame([], self.shape))
        self.finish()

    def finish(self) -> None:
        """Flush what is buffered."""


class _Parquet(_Sink):
    writer: Any = None

    def add(self, frame: Any) -> None:
        pa, pq = _pa(), optional("pyarrow.parquet", "dataset", "writing Parquet", "pyarrow")
        table = pa.Table.from_pandas(frame, preserve_index=False)
        if self.writer is None:
            self.writer = pq.ParquetWriter(self.path, table.schema)
        self.writer.write_table(table)
        self.wrote = True

    def finish(self) -> None:
        self.writer.close()


class _Csv(_Sink):
    def add(self, frame: Any) -> None:
        frame.to_csv(self.path, mode="a" if self.wrote else "w", header=not self.wrote, index=False)
        self.wrote = True


class _Xlsx(_Sink):
    """Excel holds the whole sheet in memory anyway: frames are kept and written at the end."""

    def __init__(self, path: Path, shape: Shape) -> None:
        super().__init__(path, shape)
        self.frames: list[Any] = []

    def add(self, frame: Any) -> None:
        self.frames.append(frame)
        self.wrote = True

    def finish(self) -> None:
        frame = _pd().concat(self.frames, ignore_index=True)
        for name in frame.columns:  # openpyxl writes Decimal, not pyarrow scalars
            if frame[name].dtype == _amount_dtype():
                frame[name] = frame[name].astype(object).where(frame[name].notna(), None)
        frame.to_excel(self.path, index=False, sheet_name="reports" if self.shape == "wide" else "cells")


_SINKS: dict[str, type[_Sink]] = {".parquet": _Parquet, ".csv": _Csv, ".xlsx": _Xlsx}


def sink_for(output: str, shape: Shape) -> _Sink:
    """The writer for ``output`` by its extension (``.parquet``, ``.csv``, ``.xlsx``).

    Raises:
        UsageError: another extension.
        UnsupportedFileError: pandas or pyarrow is missing.
    """
    path = Path(output)
    try:
        kind = _SINKS[path.suffix.lower()]
    except KeyError:
        msg = f"dataset output {output!r}: use .parquet, .csv or .xlsx"
        raise UsageError(msg) from None
    _pd()
    _pa()
    return kind(path, shape)


# -- the generated reference page ----------------------------------------------------------------
def _where(cells: tuple[CellSpec, ...] | None) -> str:
    if cells is None:
        return "—"
    if len(cells) == 1:
        c = cells[0]
        return f"{c.table.number} · {c.row.label or '—'} · {c.column.label}".replace("|", "\\|")
    return "sum of " + " + ".join(f"`{c.row.key}`" for c in cells)


def columns_page() -> str:
    """``docs/dataset-columns.md``: every wide column and the cross-walk between the formats."""
    specs = formats()
    cols = wide_columns()
    ids = [s.id for s in specs]
    shared = [c for c in cols if len(c.sources) == len(specs)]
    out = [
        "# Dataset columns and the 2019 ↔ 2021 cross-walk",
        "",
        "Generated from the format declarations and `govinfo_report.dataset.CORRESPONDENCES` by",
        "`python -m govinfo_report._docgen docs`; do not edit.",
        "",
        "The wide shape (`to_frame(reports)`, `govinfo-report dataset`) has one row per report: the metadata columns",
        f"`{'`, `'.join(META_COLUMNS)}`, then the {len(cols)} columns below, in this order, whatever the reports.",
        "A column is named `t<table>.<row key>.<column key>`. Two formats share a column when their cells have the",
        "same keys, kind and unit; a cell only one format has gets its own column, blank (`<NA>`) in reports of the",
        "other format. Counts are `Int64`; amounts are `decimal128(38, 6)`; blank stays `<NA>`, never 0.",
        "",
        f"{len(shared)} columns are filled by both formats"
        + "".join(f", {sum(1 for c in cols if set(c.sources) == {i})} by {i} only" for i in ids)
        + ".",
        "",
        "## Declared correspondences",
        "",
        "| table | row | in format | filled from | why |",
        "|---|---|---|---|---|",
    ]
    out += [
        f"| {c.table} | `{c.row}` | {c.format} | sum of {', '.join(f'`{p}`' for p in c.parts)} | {c.note} |"
        for c in CORRESPONDENCES
    ]
    out += [
        "",
        "A summed column is blank when every part is blank, else the sum of the filled parts.",
        "",
        "## Wide columns",
        "",
        "| column | kind | unit | " + " | ".join(f"{i} cell (table · row · column)" for i in ids) + " |",
        "|---|---|---|" + "---|" * len(ids),
    ]
    out += [
        f"| `{c.name}` | {c.kind.value} | {c.unit} | " + " | ".join(_where(c.sources.get(i)) for i in ids) + " |"
        for c in cols
    ]
    out += [
        "",
        "## Long shape",
        "",
        '`to_frame(reports, shape="long")` has one row per report and cell, with the columns',
        f"`{'`, `'.join(LONG_COLUMNS)}`.",
        "`table` is the table's numeral, `row` and `column` the JSON keys, `row_label` and `column_label` the official",
        "label paths, `wide_column` the cell's own wide column name. `value` holds counts (`Int64`), `amount` amounts",
        "(`decimal128(38, 6)`), `raw` the text of a cell that was not a clean number, and `blank` whether the cell",
        "was not filled.",
    ]
    return "\n".join(out) + "\n"
