"""The one cattrs configuration: report objects ⇄ JSON-ready Python data.

Two converters share one setup: a fast one without detailed validation, and a
detailed one that is run only when the fast one fails, to say exactly where.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable
from decimal import Decimal
from functools import cache, partial
from itertools import chain
from operator import call, itemgetter
from typing import Any

import cattrs
from cattrs.errors import AttributeValidationNote, ForbiddenExtraKeysError
from cattrs.gen import make_dict_structure_fn
from cattrs.v import format_exception

from govinfo_report.errors import ReadError, UsageError
from govinfo_report.formats import Kind, formats, get_format
from govinfo_report.model import (
    _ROW_CLASSES,
    _TABLE_CLASSES,
    AnnualReport,
    ExtraRow,
    ImportNote,
    Provenance,
    ReportMeta,
    TableValues,
    Value,
    trusted_meta,
    trusted_report,
)

__all__ = ["SCHEMA_VERSION", "fast_report", "schema_id", "structure_report", "unstructure_report"]

SCHEMA_VERSION = "1"
"""Version of the JSON document layout (independent of the format version)."""


def schema_id(format_id: str) -> str:
    """The ``$schema``/``$id`` URI of the JSON Schema for a format."""
    return f"https://govinfo-report.github.io/schema/v{SCHEMA_VERSION}/report-{format_id}.schema.json"


def _int(value: Any, _: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    # JSON Schema counts 1.0 as an integer; so do we.
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        return int(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    msg = f"expected a whole number or null, got {value!r}"
    raise TypeError(msg)


def _decimal(value: Any, _: Any) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool):
        msg = f"expected a number or null, got {value!r}"
        raise TypeError(msg)
    if isinstance(value, Decimal):
        if not value.is_finite():
            msg = f"expected a finite number, got {value!r}"
            raise ValueError(msg)
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    msg = f"expected a number or null, got {value!r}"
    raise TypeError(msg)


def _str(value: Any, _: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    msg = f"expected a string or null, got {value!r}"
    raise TypeError(msg)


def _date(value: Any, _: Any) -> datetime.date | None:
    if value is None:
        return None
    if not isinstance(value, str):
        msg = f"expected a date string YYYY-MM-DD or null, got {value!r}"
        raise TypeError(msg)
    return datetime.date.fromisoformat(value)


def _str_map(value: Any, _: Any) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        msg = "expected an object of strings"
        raise TypeError(msg)
    return dict(value)


def _configure(conv: cattrs.Converter) -> None:
    conv.register_structure_hook(int | None, _int)
    conv.register_structure_hook(Decimal | None, _decimal)
    conv.register_structure_hook(str | None, _str)
    conv.register_structure_hook(datetime.date | None, _date)
    conv.register_unstructure_hook(datetime.date, lambda d: d.isoformat())
    conv.register_unstructure_hook(Decimal, lambda d: d)
    conv.register_structure_hook(ReportMeta, make_dict_structure_fn(ReportMeta, conv, _cattrs_forbid_extra_keys=True))
    for cls in _ROW_CLASSES.values():
        conv.register_structure_hook(cls, make_dict_structure_fn(cls, conv, _cattrs_forbid_extra_keys=True))
    for table_cls in _TABLE_CLASSES.values():
        conv.register_structure_hook(table_cls, _table_hook(conv, table_cls))


def _table_hook(conv: cattrs.Converter, table_cls: type[TableValues]) -> Any:
    """Structure a table from its rows; with detailed validation, every row's errors with their keys."""

    def structure(data: Any, _: Any) -> TableValues:
        if not isinstance(data, dict):
            msg = f"expected an object of rows, got {type(data).__name__}"
            raise TypeError(msg)
        unknown = set(data) - set(table_cls.row_slices)
        if unknown:
            raise ForbiddenExtraKeysError("", table_cls, unknown)
        rows: dict[str, Any] = {}
        errors: list[Exception] = []
        for key, (_, _, row_cls) in table_cls.row_slices.items():
            if key not in data:
                continue
            try:
                rows[key] = conv.structure(data[key], row_cls)
            except Exception as exc:
                if not conv.detailed_validation:
                    raise
                exc.__notes__ = [*getattr(exc, "__notes__", []), AttributeValidationNote(key, key, row_cls)]
                errors.append(exc)
        if errors:
            raise cattrs.ClassValidationError(f"While structuring {table_cls.__name__}", errors, table_cls)
        return table_cls.from_rows(**rows)

    return structure


@cache
def _converter(*, detailed: bool) -> cattrs.Converter:
    conv = cattrs.Converter(detailed_validation=detailed, forbid_extra_keys=True)
    _configure(conv)
    return conv


_TOP_KEYS = (
    "$schema",
    "format",
    "meta",
    "general_situation",
    "table2",
    "table3",
    "table4",
    "problems",
    "other_matters",
    "raw",
    "extra_rows",
    "provenance",
)
_TEXT_KEYS = ("general_situation", "problems", "other_matters")


def _unstructure_table(table: TableValues) -> dict[str, dict[str, Any]]:
    cells = table.cells
    return {
        key: dict(zip(row_cls.columns.keys, cells[start:end], strict=True))
        for key, (start, end, row_cls) in table.row_slices.items()
    }


def unstructure_report(report: AnnualReport) -> dict[str, Any]:
    """The canonical JSON-ready dict of a report (keys in declaration order)."""
    conv = _converter(detailed=False)
    return {
        "$schema": schema_id(report.format),
        "format": report.format,
        "meta": conv.unstructure(report.meta),
        "general_situation": report.general_situation,
        "table2": _unstructure_table(report.table2),
        "table3": _unstructure_table(report.table3),
        "table4": _unstructure_table(report.table4),
        "problems": report.problems,
        "other_matters": report.other_matters,
        "raw": dict(report.raw),
        **({"extra_rows": [_unstructure_extra(r) for r in report.extra_rows]} if report.extra_rows else {}),
        **({"provenance": _unstructure_provenance(report.provenance)} if report.provenance is not None else {}),
    }


def _unstructure_extra(row: ExtraRow) -> dict[str, Any]:
    out: dict[str, Any] = {
        "table": row.table,
        "labels": list(row.labels),
        "columns": list(row.columns),
        "values": list(row.values),
    }
    if row.raw:
        out["raw"] = list(row.raw)
    if row.source is not None:
        out["source"] = row.source
    return out


def _unstructure_provenance(p: Provenance) -> dict[str, Any]:
    return {
        "reader": p.reader,
        "library": p.library,
        "file": p.file,
        "size": p.size,
        "sha256": p.sha256,
        "verbatim": p.verbatim,
        "notes": [
            {"code": n.code, "path": n.path, "detail": n.detail, "detail_en": n.detail_en, "source": n.source}
            for n in p.notes
        ],
    }


def _object(value: Any, where: str, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> dict[str, Any]:
    if not isinstance(value, dict):
        msg = f"{where}: expected an object, got {type(value).__name__}"
        raise TypeError(msg)
    unknown = [k for k in value if k not in required and k not in optional]
    missing = [k for k in required if k not in value]
    if unknown or missing:
        msg = f"{where}: " + (f"unknown key {unknown[0]!r}" if unknown else f"required key {missing[0]!r} missing")
        raise ValueError(msg)
    return value


def _strings(value: Any, where: str, *, nullable: bool = False) -> tuple[Any, ...]:
    ok = (str, type(None)) if nullable else (str,)
    if not isinstance(value, list) or not all(isinstance(v, ok) for v in value):
        msg = f"{where}: expected a list of strings"
        raise TypeError(msg)
    return tuple(value)


def _value(value: Any, where: str) -> Value:
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    if isinstance(value, Decimal | float):
        return _decimal(value, None)
    msg = f"{where}: expected a number or null, got {value!r}"
    raise TypeError(msg)


def _extra_rows(value: Any) -> tuple[ExtraRow, ...]:
    if not isinstance(value, list):
        msg = "extra_rows: expected a list"
        raise TypeError(msg)
    out = []
    for i, item in enumerate(value):
        where = f"extra_rows[{i}]"
        d = _object(item, where, ("table", "labels", "columns", "values"), ("raw", "source"))
        values = d["values"]
        if not isinstance(values, list):
            msg = f"{where}.values: expected a list"
            raise TypeError(msg)
        out.append(
            ExtraRow(
                table=_str(d["table"], None) or "",
                labels=_strings(d["labels"], f"{where}.labels"),
                columns=_strings(d["columns"], f"{where}.columns"),
                values=tuple(_value(v, f"{where}.values[{j}]") for j, v in enumerate(values)),
                raw=_strings(d.get("raw", []), f"{where}.raw", nullable=True),
                source=_str(d.get("source"), None),
            )
        )
    return tuple(out)


def _provenance(value: Any) -> Provenance | None:
    if value is None:
        return None
    keys = ("reader", "library")
    d = _object(value, "provenance", keys, ("file", "size", "sha256", "verbatim", "notes"))
    notes = d.get("notes") or []
    if not isinstance(notes, list):
        msg = "provenance.notes: expected a list"
        raise TypeError(msg)
    note_keys = ("code", "path", "detail", "detail_en")
    parsed = [_object(n, f"provenance.notes[{i}]", note_keys, ("source",)) for i, n in enumerate(notes)]
    verbatim = _decimal(d.get("verbatim"), None)
    return Provenance(
        reader=_str(d["reader"], None) or "",
        library=_str(d["library"], None) or "",
        file=_str(d.get("file"), None),
        size=_int(d.get("size"), None),
        sha256=_str(d.get("sha256"), None),
        verbatim=verbatim,
        notes=tuple(
            ImportNote(**{k: _str(n.get(k), None) or "" for k in note_keys}, source=_str(n.get("source"), None))
            for n in parsed
        ),
    )


@cache
def _schema_ids() -> dict[str, str]:
    return {f.id: schema_id(f.id) for f in formats()}


_TOP_KEY_SET = frozenset(_TOP_KEYS)


def fast_report(data: Any, float_texts: Callable[[], dict[float, str] | None] | None = None) -> AnnualReport | None:
    """The report of a canonical document (what :func:`structure_report` gives), or None for anything else.

    None leaves the document to :func:`structure_report`, which also says what is wrong with it. A float amount
    is the decimal of its text in what ``float_texts()`` returns when given (its JSON text, from the parser), else
    of its ``repr``; a float without a text there gives None.
    """
    if type(data) is not dict:
        return None
    fmt = data.get("format")
    ids = _schema_ids()
    if type(fmt) is not str or fmt not in ids or "meta" not in data or not data.keys() <= _TOP_KEY_SET:
        return None
    sid = data.get("$schema")
    if sid is not None and sid != ids[fmt]:
        return None
    return _fast_structure(data, fmt, float_texts)


def structure_report(data: Any) -> AnnualReport:
    """Build a report from JSON-ready data.

    Raises:
        ReadError: the data is not a report document; ``problems`` lists each
            problem with its JSON path.
    """
    if not isinstance(data, dict):
        raise ReadError("not a report document", [("$", f"expected an object, got {type(data).__name__}")])
    fmt = data.get("format")
    known = {f.id for f in formats()}
    if not isinstance(fmt, str) or fmt not in known:  # a list or an object is unhashable: no TypeError
        raise ReadError(
            "not a report document",
            [("$.format", f"expected one of {sorted(known)}, got {fmt!r}")],
        )
    problems = [(f"$.{k}" if k.isidentifier() else f"$[{k!r}]", "unknown key") for k in data if k not in _TOP_KEYS]
    sid = data.get("$schema")
    if sid is not None and sid != schema_id(fmt):
        problems.append(("$['$schema']", f"expected {schema_id(fmt)!r} for format {fmt}, got {sid!r}"))
    if "meta" not in data:
        problems.append(("$.meta", "required key missing"))
    if problems:
        raise ReadError("invalid report document", problems)
    fast = _fast_structure(data, fmt)
    if fast is not None:
        return fast
    other = _looks_like(data, fmt)
    if other is not None:
        raise ReadError(
            f"this looks like a {other}-format report labelled {fmt}",
            [("$.format", f'its tables have the rows and columns of the {other} format; set "format": "{other}"')],
        )
    try:
        return _structure(_converter(detailed=True), data, fmt)
    except cattrs.BaseValidationError as exc:
        raise ReadError("invalid report document", _paths(exc)) from None
    except (TypeError, ValueError) as exc:
        raise ReadError("invalid report document", [("$", str(exc))]) from None


def _shape(data: dict[str, Any]) -> set[tuple[str, str, str]]:
    """The (table, row, column) keys a document's tables hold."""
    out = set()
    for table in ("table2", "table3", "table4"):
        rows = data.get(table)
        if isinstance(rows, dict):
            out |= {(table, r, c) for r, cols in rows.items() if isinstance(cols, dict) for c in cols}
    return out


def _looks_like(data: dict[str, Any], fmt: str) -> str | None:
    """The other format whose cells a document's tables hold, when they do not fit its own ``format``."""
    shape = _shape(data)
    if not shape or shape <= get_format(fmt).cells_by_key.keys():
        return None
    fitting = [f.id for f in formats() if f.id != fmt and shape <= f.cells_by_key.keys()]
    return fitting[0] if len(fitting) == 1 else None


_COUNT_TYPES = frozenset({int, type(None)})
_META_TYPES = {"agency": str, "year": int, "level": str, "region": str, "published": str}


_Getter = Callable[[dict[str, Any]], tuple[Any, ...]]
_Plan = tuple[
    tuple[
        str,
        type[TableValues],
        _Getter,
        int,
        list[int],
        tuple[_Getter, ...],
        tuple[int, ...],
        Callable[[list[Any]], tuple[Any, ...]] | None,
    ],
    ...,
]


def _tuple_getter(keys: tuple[Any, ...]) -> Callable[[Any], tuple[Any, ...]]:
    get = itemgetter(*keys)
    return get if len(keys) > 1 else (lambda d: (get(d),))


@cache
def _row_plans(fmt: str) -> _Plan:
    """Per table: its plan for the fast path.

    The key, the class, the getter of its rows, the row count, the row widths, per row the getter of its values in
    declaration order, the positions of amounts among the table's cells, and the getter of its count cells (None
    when every cell is a count).
    """
    out = []
    for table in get_format(fmt).tables:
        amounts = []
        position = 0
        for row in table.rows:
            amounts += [position + i for i, c in enumerate(row.columns.columns) if c.kind is Kind.AMOUNT]
            position += len(row.columns.keys)
        out.append(
            (
                table.key,
                _TABLE_CLASSES[(fmt, table.key)],
                _tuple_getter(tuple(r.key for r in table.rows)),
                len(table.rows),
                [len(r.columns.keys) for r in table.rows],
                tuple(_tuple_getter(r.columns.keys) for r in table.rows),
                tuple(amounts),
                _tuple_getter(tuple(i for i in range(position) if i not in amounts)) if amounts else None,
            )
        )
    return tuple(out)


_DICT_ONLY = {dict}


def _fast_structure(  # noqa: C901, PLR0911, PLR0912
    data: dict[str, Any], fmt: str, float_texts: Callable[[], dict[float, str] | None] | None = None
) -> AnnualReport | None:
    """Build the report directly when every value already has its exact type; else None.

    The common case (our own canonical JSON) takes this path; anything unusual is
    left to the cattrs converter, which also produces the precise error messages.
    """
    meta = data["meta"]
    if type(meta) is not dict:
        return None
    for k, v in meta.items():
        t = _META_TYPES.get(k)
        if t is None or (v is not None and type(v) is not t):
            return None
    published = meta.get("published")
    if published is not None:
        try:
            published = datetime.date.fromisoformat(published)
        except ValueError:
            return None
    fields: dict[str, Any] = {
        "meta": trusted_meta(meta.get("agency"), meta.get("year"), meta.get("level"), meta.get("region"), published),
    }
    for key in _TEXT_KEYS:
        v = data.get(key)
        if v is not None:
            if type(v) is not str:
                return None
            fields[key] = v
    for table_key, table_cls, get_rows, n_rows, widths, getters, amounts, counts in _row_plans(fmt):
        tdata = data.get(table_key)
        if tdata is None:
            continue
        if type(tdata) is not dict or len(tdata) != n_rows:
            return None
        try:  # in C: every row present and an object of exactly its columns (equal length, every key present)
            rdata = get_rows(tdata)
            if set(map(type, rdata)) != _DICT_ONLY or list(map(len, rdata)) != widths:
                return None
            cells = list(chain.from_iterable(map(call, getters, rdata)))
        except KeyError:
            return None
        for i in amounts:
            v = cells[i]
            if type(v) is int:
                cells[i] = Decimal(v)
            elif type(v) is float and math.isfinite(v):  # from orjson, or data built in code: as _decimal does
                text = repr(v) if float_texts is None else (float_texts() or {}).get(v)
                if text is None:
                    return None
                cells[i] = Decimal(text)
            elif v is not None and not (type(v) is Decimal and v.is_finite()):
                return None
        if not set(map(type, cells if counts is None else counts(cells))) <= _COUNT_TYPES:
            return None  # a count that is not a whole number or blank
        fields[table_key] = table_cls(cells=tuple(cells))  # type: ignore[call-arg]
    raw = data.get("raw")
    if raw:
        if type(raw) is not dict:
            return None
        pointers = get_format(fmt).cells_by_pointer
        for k, v in raw.items():
            if k not in pointers or type(v) is not str:
                return None
        fields["raw"] = dict(raw)
    elif raw is not None and raw != {}:
        return None
    try:
        if data.get("extra_rows"):
            fields["extra_rows"] = _extra_rows(data["extra_rows"])
        if data.get("provenance") is not None:
            fields["provenance"] = _provenance(data["provenance"])
    except (TypeError, ValueError, UsageError):
        return None
    return trusted_report(fmt, fields)  # every field checked above: no need for the checks of __init__


def _structure_as(conv: cattrs.Converter, cls: type[Any], value: Any) -> Any:
    return conv.structure(value, cls)


def _structure(conv: cattrs.Converter, data: dict[str, Any], fmt: str) -> AnnualReport:
    spec = get_format(fmt)
    fields: dict[str, Any] = {"format": fmt}
    errors: list[Exception] = []

    def run(key: str, fn: Any) -> None:
        try:
            fields[key] = fn()
        except Exception as exc:
            if not conv.detailed_validation:
                raise
            exc.__notes__ = [*getattr(exc, "__notes__", []), AttributeValidationNote(f"Structuring {key}", key, Any)]
            errors.append(exc)

    parsers: list[tuple[str, Callable[[Any], Any]]] = [("meta", lambda v: conv.structure(v, ReportMeta))]
    parsers += [(key, lambda v: _str(v, None)) for key in _TEXT_KEYS]
    for t in spec.tables:
        parsers.append((t.key, partial(_structure_as, conv, _TABLE_CLASSES[(fmt, t.key)])))
    parsers += [
        ("raw", lambda v: _raw(v, spec.cells_by_pointer)),
        ("extra_rows", _extra_rows),
        ("provenance", _provenance),
    ]
    for key, parse in parsers:
        if key == "meta" or (key in data and (data[key] is not None or key in _TEXT_KEYS)):
            run(key, lambda p=parse, k=key: p(data[k]))
    if errors:
        raise cattrs.ClassValidationError("invalid report", errors, AnnualReport)
    return AnnualReport(**fields)


def _raw(value: Any, pointers: dict[str, Any]) -> dict[str, str]:
    raw = _str_map(value, None)
    unknown = [p for p in raw if p not in pointers]
    if unknown:
        msg = f"raw text for unknown cell {unknown[0]!r}"
        raise ValueError(msg)
    return raw


def _paths(exc: BaseException) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for line in cattrs.transform_error(exc, path="$", format_exception=_format):
        message, _, where = line.rpartition(" @ ")
        out.append((where or "$", message or line))
    return out


def _format(exc: BaseException, type_: Any) -> str:
    if type(exc) in (TypeError, ValueError) and str(exc):
        return str(exc)
    return format_exception(exc, type_)
