"""Canonical JSON: stable English keys, declaration order, exact decimals."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from govinfo_report._converter import fast_report, structure_report, unstructure_report
from govinfo_report.errors import ReadError
from govinfo_report.io._csv import MAX_NUMBER_CHARS, bounded_decimal
from govinfo_report.model import AnnualReport

__all__ = ["MAX_JSON_BYTES", "dumps", "loads", "orjson_loads"]

orjson_loads: Callable[[bytes], Any] | None
"""orjson's parser when it is installed (the ``fast`` extra), else None."""
try:
    from orjson import loads as orjson_loads
except ImportError:  # pragma: no cover - depends on the installation
    orjson_loads = None

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


# Bytes of a number's text: a float token is a digit followed by one of ".eE"; digits map to "0", those to ".".
_MARK_FLOATS = bytes.maketrans(b"0123456789eE", b"0000000000..")
_DIGIT_THEN_MARK = re.compile(rb"0\.")
_NUMBER_BYTES = frozenset(b"0123456789+-.eE")
_WHITESPACE = frozenset(b" \t\r\n")
_BEFORE_VALUE = frozenset(b":,[")


def float_texts(data: bytes) -> dict[float, str] | None:
    """The text of every float token of a JSON document, by the float it reads as; None when that is not clear.

    orjson reads floats as binary, which loses what the text says exactly (``17.5860``, ``1.000``, ``15E1``); this
    gives it back. Every float token has a digit followed by ``.``, ``e`` or ``E``, and starts after ``:``, ``,``
    or ``[`` (where a value starts); each such place is found (in C) and its run of number characters taken. A
    string's text may look the same (``"金额:17.50,"``) and is taken too: harmless, unless two texts read as the
    same float (``17.5`` and ``17.50``), when None sends the document to the standard library. Texts that are
    not numbers the reader accepts are left out; a float without a text then sends the document there too.
    """
    texts: dict[float, str] = {}
    end = 0
    for m in _DIGIT_THEN_MARK.finditer(data.translate(_MARK_FLOATS)):  # in C: translated, then a literal search
        start = m.start()
        if start < end:
            continue  # within the number just taken (1.5e3)
        end = start + 2
        while start > 0 and data[start - 1] in _NUMBER_BYTES:
            start -= 1
        while end < len(data) and data[end] in _NUMBER_BYTES:
            end += 1
        before = start - 1
        while before >= 0 and data[before] in _WHITESPACE:
            before -= 1
        if before >= 0 and data[before] in _BEFORE_VALUE:
            text = data[start:end].decode("ascii")
            try:
                _number(text)
                value = float(text)
            except (ValueError, InvalidOperation):
                value = None  # not a number token: the text of a string
            if value is not None and texts.setdefault(value, text) != text:
                return None
    return texts


class _Texts:
    """The float texts of one document, found when first asked for (a document without floats never is)."""

    __slots__ = ("data", "found")

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.found: tuple[dict[float, str] | None] | None = None

    def __call__(self) -> dict[float, str] | None:
        if self.found is None:
            self.found = (float_texts(self.data),)
        return self.found[0]


def _exact(value: Any, texts: _Texts) -> Any:
    """``value`` with every float in it the decimal its text says (KeyError: a float without one text)."""
    if type(value) is float:
        found = texts()
        if found is None:
            raise KeyError(value)
        return Decimal(found[value])
    if type(value) is dict:
        return {k: _exact(v, texts) for k, v in value.items()}
    if type(value) is list:
        return [_exact(v, texts) for v in value]
    return value


def _fast_loads(data: str | bytes) -> AnnualReport | None:
    """The report through orjson, when that gives exactly what the standard library would; else None.

    Only a plain document is taken this way: valid UTF-8 JSON that orjson reads (integers of at most 64 bits,
    no lone surrogates, no NaN, no deep nesting), each of whose floats has one text (:func:`float_texts`), and
    which the converter's fast path builds. Anything else, errors included, is left to :func:`loads`' own path.
    """
    if orjson_loads is None:
        return None
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    try:
        parsed = orjson_loads(raw)
    except ValueError:  # orjson.JSONDecodeError
        return None
    if type(parsed) is not dict:
        return None
    texts = _Texts(raw)
    try:  # the tables' amounts are made decimal by the converter; the floats of the rest here
        for key in ("provenance", "extra_rows"):
            if key in parsed:
                parsed[key] = _exact(parsed[key], texts)
    except (KeyError, RecursionError):
        return None
    return fast_report(parsed, texts)


def loads(data: str | bytes) -> AnnualReport:
    """Read a report from JSON text.

    With orjson installed (the ``fast`` extra), a canonical document is parsed by it; the result is the same.

    Raises:
        ReadError: not JSON, too large, or not a report document (with JSON paths).
    """
    if len(data) > MAX_JSON_BYTES:
        msg = f"JSON document is {len(data)} bytes; the limit is {MAX_JSON_BYTES}"
        raise ReadError(msg)
    fast = _fast_loads(data)
    if fast is not None:
        return fast
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
