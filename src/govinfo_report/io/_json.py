"""Canonical JSON: stable English keys, declaration order, exact decimals."""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from govinfo_report._converter import structure_report, unstructure_report
from govinfo_report.errors import ReadError
from govinfo_report.io._csv import MAX_NUMBER_CHARS, bounded_decimal
from govinfo_report.model import AnnualReport

__all__ = ["MAX_JSON_BYTES", "dumps", "loads"]

MAX_JSON_BYTES = 4 * 1024 * 1024
"""Largest JSON document accepted (a full report is about 10 KB)."""

_encode_plain = json.encoder.encode_basestring  # the C encoder; keeps non-ASCII as is
_encode_ascii = json.encoder.encode_basestring_ascii
_SURROGATE = re.compile("[\ud800-\udfff]")


def _encode_str(text: str) -> str:
    """A JSON string; a lone surrogate (which UTF-8 cannot hold) is written as a JSON escape, losslessly."""
    return _encode_ascii(text) if _SURROGATE.search(text) else _encode_plain(text)


def _write(obj: Any, out: list[str], indent: str, level: int) -> None:  # noqa: C901 - one branch per JSON type
    if obj is None:
        out.append("null")
    elif isinstance(obj, str):
        out.append(_encode_str(obj))
    elif isinstance(obj, bool):
        out.append("true" if obj else "false")
    elif isinstance(obj, int):
        out.append(str(obj))
    elif isinstance(obj, Decimal):
        # Plain notation keeps 17.586 as 17.586 and never writes 1E+3.
        out.append(format(obj, "f"))
    elif isinstance(obj, dict):
        if not obj:
            out.append("{}")
            return
        inner = "\n" + indent * (level + 1) if indent else ""
        out.append("{")
        first = True
        for key, value in obj.items():
            if not first:
                out.append(",")
            first = False
            out.append(inner)
            out.append(_encode_str(key))
            out.append(": " if indent else ":")
            _write(value, out, indent, level + 1)
        out.append(("\n" + indent * level) if indent else "")
        out.append("}")
    elif isinstance(obj, list):
        _write_list(obj, out, indent, level)
    else:  # pragma: no cover - the converter emits nothing else
        msg = f"cannot write {type(obj).__name__} as JSON"
        raise TypeError(msg)


def _write_list(obj: list[Any], out: list[str], indent: str, level: int) -> None:
    """A list on one line: lists hold labels and values, or small objects."""
    out.append("[")
    for i, value in enumerate(obj):
        if i:
            out.append(", " if indent else ",")
        _write(value, out, indent, level + 1)
    out.append("]")


def dumps(report: AnnualReport, *, indent: int | None = 2) -> str:
    """The report as canonical JSON text (UTF-8 characters, not escapes)."""
    out: list[str] = []
    _write(unstructure_report(report), out, " " * indent if indent else "", 0)
    out.append("\n" if indent else "")
    return "".join(out)


def _no_constant(name: str) -> Any:
    msg = f"{name} is not a number JSON allows"
    raise ValueError(msg)


def _integer(text: str) -> int:
    """An integer, refused before conversion when longer than any count (conversion is quadratic in digits)."""
    if len(text) > MAX_NUMBER_CHARS:
        msg = f"a number of {len(text)} characters; the limit is {MAX_NUMBER_CHARS}"
        raise ValueError(msg)
    return int(text)


def _number(text: str) -> Decimal:
    """A decimal, refused when too long or of an exponent no report holds (``1e1000000``)."""
    if len(text) > MAX_NUMBER_CHARS:
        msg = f"a number of {len(text)} characters; the limit is {MAX_NUMBER_CHARS}"
        raise ValueError(msg)
    value = Decimal(text)
    if not bounded_decimal(value):
        msg = f"the number {text} is out of range"
        raise ValueError(msg)
    return value


def loads(data: str | bytes) -> AnnualReport:
    """Read a report from JSON text.

    Raises:
        ReadError: not JSON, too large, or not a report document (with JSON paths).
    """
    if len(data) > MAX_JSON_BYTES:
        msg = f"JSON document is {len(data)} bytes; the limit is {MAX_JSON_BYTES}"
        raise ReadError(msg)
    try:
        parsed = json.loads(data, parse_float=_number, parse_int=_integer, parse_constant=_no_constant)
    except UnicodeDecodeError as exc:
        raise ReadError("not UTF-8 text", [("byte " + str(exc.start), exc.reason)]) from None
    except InvalidOperation:  # an exponent beyond Decimal's own range
        raise ReadError("not valid JSON", [("$", "a number out of range")]) from None
    except (json.JSONDecodeError, ValueError) as exc:
        where = f"line {exc.lineno} column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else "$"
        msg = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
        raise ReadError("not valid JSON", [(where, msg)]) from None
    except RecursionError:
        raise ReadError("JSON nested too deeply") from None
    return structure_report(parsed)
