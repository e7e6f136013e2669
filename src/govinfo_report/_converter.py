"""The one cattrs configuration: report objects ⇄ JSON-ready Python data.

Two converters share one setup: a fast one without detailed validation, and a
detailed one that is run only when the fast one fails, to say exactly where.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from functools import cache
from typing import Any

import cattrs
from cattrs.errors import AttributeValidationNote
from cattrs.v import format_exception
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn

from govinfo_report.errors import ReadError
from govinfo_report.formats import Kind, formats, get_format
from govinfo_report.model import (
    _ROW_CLASSES,
    _TABLE_CLASSES,
    AnnualReport,
    ReportMeta,
)

__all__ = ["SCHEMA_VERSION", "schema_id", "structure_report", "unstructure_report"]

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
    meta_st = make_dict_structure_fn(ReportMeta, conv, _cattrs_forbid_extra_keys=True)
    conv.register_structure_hook(ReportMeta, meta_st)
    for cls in (*_ROW_CLASSES.values(), *_TABLE_CLASSES.values()):
        conv.register_structure_hook(cls, make_dict_structure_fn(cls, conv, _cattrs_forbid_extra_keys=True))
        conv.register_unstructure_hook(cls, make_dict_unstructure_fn(cls, conv))


@cache
def _converter(*, detailed: bool) -> cattrs.Converter:
    conv = cattrs.Converter(detailed_validation=detailed, forbid_extra_keys=True)
    _configure(conv)
    return conv


_TOP_KEYS = ("$schema", "format", "meta", "general_situation", "table2", "table3", "table4",
             "problems", "other_matters", "raw")
_TEXT_KEYS = ("general_situation", "problems", "other_matters")


def unstructure_report(report: AnnualReport) -> dict[str, Any]:
    """The canonical JSON-ready dict of a report (keys in declaration order)."""
    conv = _converter(detailed=False)
    return {
        "$schema": schema_id(report.format),
        "format": report.format,
        "meta": conv.unstructure(report.meta),
        "general_situation": report.general_situation,
        "table2": conv.unstructure(report.table2),
        "table3": conv.unstructure(report.table3),
        "table4": conv.unstructure(report.table4),
        "problems": report.problems,
        "other_matters": report.other_matters,
        "raw": dict(report.raw),
    }


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
    if fmt not in known:
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
    try:
        return _structure(_converter(detailed=True), data, fmt)
    except cattrs.BaseValidationError as exc:
        raise ReadError("invalid report document", _paths(exc)) from None
    except (TypeError, ValueError) as exc:
        raise ReadError("invalid report document", [("$", str(exc))]) from None


_COUNT_TYPES = frozenset({int, type(None)})
_META_TYPES = {"agency": str, "year": int, "level": str, "region": str, "published": str}


@cache
def _row_plans(fmt: str) -> tuple[tuple[str, type[Any], tuple[tuple[str, tuple[str, type[Any], frozenset[str], frozenset[str]], ...]]], ...]:
    """Per table: key, class, and per row: key, class, all column keys, amount column keys."""
    spec = get_format(fmt)
    out = []
    for table in spec.tables:
        rows = []
        for row in table.rows:
            row_cls = _TABLE_CLASSES[(fmt, table.key)].__attrs_attrs__  # type: ignore[attr-defined]
            cls = next(a.type for a in row_cls if a.name == row.key)
            amounts = frozenset(c.key for c in row.columns.columns if c.kind is Kind.AMOUNT)
            rows.append((row.key, (row.key, cls, frozenset(row.columns.keys), amounts)))
        out.append((table.key, _TABLE_CLASSES[(fmt, table.key)], tuple(rows)))
    return tuple(out)


def _fast_structure(data: dict[str, Any], fmt: str) -> AnnualReport | None:  # noqa: C901, PLR0911, PLR0912
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
        "format": fmt,
        "meta": ReportMeta(
            agency=meta.get("agency"), year=meta.get("year"), level=meta.get("level"),
            region=meta.get("region"), published=published,
        ),
    }
    for key in _TEXT_KEYS:
        v = data.get(key)
        if v is not None:
            if type(v) is not str:
                return None
            fields[key] = v
    for table_key, table_cls, rows in _row_plans(fmt):
        tdata = data.get(table_key)
        if tdata is None:
            continue
        if type(tdata) is not dict or len(tdata) > len(rows):
            return None
        built = {}
        for row_key, (_, row_cls, columns, amounts) in rows:
            rdata = tdata.get(row_key)
            if rdata is None:
                continue
            if type(rdata) is not dict or not rdata.keys() <= columns:
                return None
            if not amounts:
                if not set(map(type, rdata.values())) <= _COUNT_TYPES:
                    return None
            else:
                for k, v in rdata.items():
                    if v is None or (type(v) is int and k not in amounts):
                        continue
                    if k in amounts and (type(v) is int or (type(v) is Decimal and v.is_finite())):
                        continue
                    return None
                rdata = {k: Decimal(v) if type(v) is int else v for k, v in rdata.items()}
            built[row_key] = row_cls(**rdata)
        if len(built) != sum(1 for k in tdata if tdata[k] is not None):
            return None
        fields[table_key] = table_cls(**built)
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
    return AnnualReport(**fields)


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

    run("meta", lambda: conv.structure(data["meta"], ReportMeta))
    for key in _TEXT_KEYS:
        if key in data:
            run(key, lambda k=key: _str(data[k], None))
    for table in spec.tables:
        if table.key in data:
            cls = _TABLE_CLASSES[(fmt, table.key)]
            run(table.key, lambda k=table.key, c=cls: conv.structure(data[k], c))
    if data.get("raw") is not None:
        run("raw", lambda: _raw(data["raw"], spec.cells_by_pointer))
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
    for line in cattrs.transform_error(exc, path="$", format_exception=_format):  # type: ignore[arg-type]
        message, _, where = line.rpartition(" @ ")
        out.append((where or "$", message or line))
    return out


def _format(exc: BaseException, type_: Any) -> str:
    if type(exc) in (TypeError, ValueError) and str(exc):
        return str(exc)
    return format_exception(exc, type_)
