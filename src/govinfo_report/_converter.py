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
from govinfo_report.formats import formats, get_format
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
    try:
        return _structure(_converter(detailed=False), data, fmt)
    except Exception:  # noqa: BLE001 - any failure is re-run below for a precise message
        pass
    try:
        return _structure(_converter(detailed=True), data, fmt)
    except cattrs.BaseValidationError as exc:
        raise ReadError("invalid report document", _paths(exc)) from None
    except (TypeError, ValueError) as exc:
        raise ReadError("invalid report document", [("$", str(exc))]) from None


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
