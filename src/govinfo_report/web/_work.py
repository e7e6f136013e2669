"""What each request does, on the library's public API, as plain functions of bytes.

These run in the worker processes of :mod:`govinfo_report.web._pool`: each takes what
the request carried (the uploaded bytes, the query) and gives a :data:`Reply`, the
status, content type, body and download name, so that nothing but bytes crosses a
process boundary and no request ever sees another's data.  No rule is implemented
here: reading is :func:`govinfo_report.loads`, checking :func:`govinfo_report.validate`,
the live totals :func:`govinfo_report.fill_totals`.
"""

from __future__ import annotations

import contextlib
import importlib
import json
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

from govinfo_report import io as gio
from govinfo_report._batch import _finding_item
from govinfo_report.build import from_form
from govinfo_report.errors import GovinfoReportError, ReportError, UnsupportedFileError, UsageError
from govinfo_report.formats import FormatSpec, formats, get_format
from govinfo_report.io._json import dumps as to_json
from govinfo_report.model import AnnualReport, blank_report, fill_totals
from govinfo_report.render import to_html
from govinfo_report.render._common import title
from govinfo_report.rules import validate
from govinfo_report.schema import data_text, findings_document, schema_text

__all__ = ["OPERATIONS", "Reply", "error_reply", "kinds"]

Reply = tuple[int, str, bytes, str | None]
"""``(status, content type, body, download file name or None)``."""

JSON_TYPE = "application/json; charset=utf-8"
_MEDIA = {
    "json": JSON_TYPE,
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "markdown": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
}


def kinds() -> tuple[str, ...]:
    """The kinds a report can be written as (``json``, ``csv``, ``xlsx``, ...), from the codec registry."""
    return tuple(c.name for c in gio.codecs() if c.dump is not None)


def _writer(kind: str) -> gio.Codec:
    """The writer named by a kind (``markdown``) or an extension (``md``, ``.xlsx``)."""
    names = {c.name for c in gio.codecs()}
    return gio.get_codec(kind if kind in names else f"report.{kind.lstrip('.')}", writing=True)


def _json(status: int, document: Any) -> Reply:
    return status, JSON_TYPE, json.dumps(document, ensure_ascii=False, default=str).encode("utf-8"), None


_ERROR_CODES: tuple[tuple[type[GovinfoReportError], str, int], ...] = (
    (UsageError, "usage-error", 400),
    (ReportError, "report-error", 422),
    (UnsupportedFileError, "unsupported-file", 415),
    (GovinfoReportError, "read-error", 422),
)


def error_reply(status: int, code: str, message: str, problems: Any = ()) -> Reply:
    """The JSON error every endpoint gives: ``{"error": {"code", "message", "problems", "exit_code"}}``.

    ``message`` is what the command prints after ``govinfo-report: error:``, and ``exit_code`` the command's
    (2: unreadable input or wrong usage).
    """
    body = {"code": code, "message": message, "problems": [list(p) for p in problems], "exit_code": 2}
    return _json(status, {"error": body})


def _from_exception(exc: GovinfoReportError) -> Reply:
    for cls, code, status in _ERROR_CODES:
        if isinstance(exc, cls):
            return error_reply(status, code, str(exc), getattr(exc, "problems", ()))
    raise AssertionError(exc)  # pragma: no cover - GovinfoReportError is the last entry


@cache
def _pointers(format_id: str) -> dict[tuple[str, str, str], str]:
    """Each cell's label triple (as findings name cells) → its JSON pointer."""
    return {c.labels: c.pointer for c in get_format(format_id).cells}


@cache
def _computed(format_id: str) -> tuple[str, ...]:
    """The pointers of the cells :func:`fill_totals` computes (the declared totals)."""
    spec: FormatSpec = get_format(format_id)
    pointer = {c.key: c.pointer for c in spec.cells}
    return tuple(dict.fromkeys(pointer[i.lhs[0]] for i in spec.identities if i.fill))


def _record(report: AnnualReport, params: Mapping[str, Any], *, kind: str | None) -> Reply:
    """The answer to a check: the command's ``--ndjson`` record, the report itself and, for the page, its HTML."""
    try:
        result = validate(report, pick=params.get("pick") or None, skip=params.get("skip") or None)
    except UsageError as exc:
        return _from_exception(exc)
    pointers = _pointers(report.format)
    findings = []
    for f in result.findings:
        item = dict(_finding_item(f)[0])
        marked = [pointers[c] for c in f.cells if c in pointers]
        item["pointers"] = marked or ([f.path] if f.path in pointers.values() else [])
        findings.append(item)
    notes = report.provenance.notes if report.provenance is not None else ()
    head: dict[str, Any] = {
        "kind": kind,
        "title": title(report),
        "agency": report.meta.agency,
        "year": report.meta.year,
        "format": report.format,
        "valid": result.valid,
        "exit_code": 0 if result.valid else 1,
        "counts": result.counts,
        "incomplete": len(notes),
        "notes": [
            {"code": n.code, "path": n.path, "detail": n.detail, "detail_en": n.detail_en, "source": n.source}
            for n in notes
        ],
        "findings": findings,
        "computed": list(_computed(report.format)),
    }
    if params.get("html"):
        head["html"] = to_html(report, standalone=False)
        head["cells"] = {c.pointer: list(c.labels) for c in report.spec.cells}
    text = json.dumps(head, ensure_ascii=False, default=str)
    # The report as canonical JSON, spliced in as it is written: its decimals stay exact.
    body = f'{text[:-1]}, "report": {to_json(report, indent=None)}}}'
    return 200, JSON_TYPE, body.encode("utf-8"), None


def _load(data: bytes, filename: str | None) -> tuple[AnnualReport, str]:
    """The report in an upload, of the kind its content (else its name) shows, and that kind."""
    suffix = ("." + filename.rsplit(".", 1)[-1].lower()) if filename and "." in filename else ""
    codec = gio._detect(data, suffix)  # noqa: SLF001 - the same detection as read(path)
    return gio.loads(data, codec.name), codec.name


def validate_upload(data: bytes, filename: str | None, params: Mapping[str, Any]) -> Reply:
    """``POST /api/validate``: read the upload (any readable kind) and check it."""
    try:
        report, kind = _load(data, filename)
    except GovinfoReportError as exc:
        return _from_exception(exc)
    return _record(report, params, kind=kind)


def check_form(data: bytes, _filename: str | None, params: Mapping[str, Any]) -> Reply:
    """``POST /api/form``: a form's fields (a JSON object of strings) → report, totals filled, checked."""
    try:
        fields = json.loads(data or b"{}")
    except (ValueError, RecursionError):
        return error_reply(400, "usage-error", "the form must be a JSON object of field names to strings")
    if not isinstance(fields, dict) or not all(isinstance(v, str) for v in fields.values()):
        return error_reply(400, "usage-error", "the form must be a JSON object of field names to strings")
    try:
        report = fill_totals(from_form(fields))
    except GovinfoReportError as exc:
        return _from_exception(exc)
    return _record(report, params, kind=None)


def convert_upload(data: bytes, filename: str | None, params: Mapping[str, Any]) -> Reply:
    """``POST /api/convert?to=KIND``: the upload written as another kind."""
    to = str(params.get("to") or "json").lower()
    try:
        codec = _writer(to)
        report, _ = _load(data, filename)
        body = gio.dumps(report, codec.name)
    except GovinfoReportError as exc:
        return _from_exception(exc)
    stem = (filename or "report").rsplit("/", 1)[-1].rsplit(".", 1)[0] or "report"
    return 200, _MEDIA.get(codec.name, "application/octet-stream"), body, f"{stem}{codec.extensions[0]}"


def template(_data: bytes, _filename: str | None, params: Mapping[str, Any]) -> Reply:
    """``GET /api/template/{format}.{kind}``: a blank report of that format, as that kind."""
    try:
        spec = get_format(str(params.get("format")))
        codec = _writer(str(params.get("kind")).lower())
        body = gio.dumps(blank_report(spec.id), codec.name)
    except GovinfoReportError as exc:
        return _from_exception(exc)
    return 200, _MEDIA.get(codec.name, "application/octet-stream"), body, f"template-{spec.id}{codec.extensions[0]}"


def schema(_data: bytes, _filename: str | None, params: Mapping[str, Any]) -> Reply:
    """``GET /api/schema/{format}``: the JSON Schema of the format."""
    try:
        text = schema_text(get_format(str(params.get("format"))).id)
    except GovinfoReportError as exc:
        return _from_exception(exc)
    return 200, "application/schema+json; charset=utf-8", text.encode("utf-8"), None


def catalogue(_data: bytes, _filename: str | None, _params: Mapping[str, Any]) -> Reply:
    """``GET /api/findings``: every finding code, as the published ``findings.json``."""
    return 200, JSON_TYPE, data_text(findings_document()).encode("utf-8"), None


_READERS = (
    "govinfo_report.io._csv",
    "govinfo_report.io._xlsx_read",
    "govinfo_report.io._xlsx_write",
    "govinfo_report.importers._html",
    "govinfo_report.importers._markdown",
    "govinfo_report.importers._docx",
    "govinfo_report.importers._text",
    "govinfo_report.importers._pdf",
    "govinfo_report.render._docx",
)


def warm() -> None:
    """Import every reader and writer now, so that the first request of each kind is not the slow one."""
    for module in _READERS:
        with contextlib.suppress(ImportError, GovinfoReportError):  # an optional one may be missing
            importlib.import_module(module)


def format_ids() -> tuple[str, ...]:
    """The known format ids, oldest first."""
    return tuple(f.id for f in formats())


OPERATIONS: dict[str, Callable[[bytes, str | None, Mapping[str, Any]], Reply]] = {
    "validate": validate_upload,
    "form": check_form,
    "convert": convert_upload,
    "template": template,
    "schema": schema,
    "findings": catalogue,
}
"""The work of each endpoint, by name (what the pool's workers are sent)."""


def run(operation: str, data: bytes, filename: str | None, params: Mapping[str, Any]) -> Reply:
    """Do one operation; any failure of the library's own kind becomes its JSON error."""
    try:
        return OPERATIONS[operation](data, filename, params)
    except GovinfoReportError as exc:
        return _from_exception(exc)
