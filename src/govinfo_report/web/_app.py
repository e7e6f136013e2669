"""The ASGI application: the checker's page and the JSON API, on Starlette.

Every request that carries a report is read into memory within the upload limit (never
to disk), admitted only while fewer than ``workers + queue`` such requests are in flight,
and handed to the worker pool with its time limit.  The answers, errors included, are
the worker's bytes as they are.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import json
import os
from collections.abc import AsyncIterator
from importlib import resources
from typing import Any
from urllib.parse import quote

from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from govinfo_report.formats import _common as labels
from govinfo_report.io import MAX_INPUT_BYTES
from govinfo_report.render import CSS
from govinfo_report.web._openapi import openapi_document
from govinfo_report.web._pool import Busy, Pool, default_workers
from govinfo_report.web._work import JSON_TYPE, Reply, error_reply, format_ids, kinds

__all__ = ["create_app"]

_MULTIPART_SLACK = 64 * 1024
"""Room in a request body for the multipart headers around the file."""
_SECURITY = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "Cache-Control": "no-store"}


class _TooLarge(Exception):  # noqa: N818 - internal signal
    pass


def _reply(reply: Reply) -> Response:
    status, media, body, filename = reply
    headers = dict(_SECURITY)
    if filename is not None:
        headers["Content-Disposition"] = f"attachment; filename=\"report\"; filename*=UTF-8''{quote(filename)}"
    return Response(body, status_code=status, media_type=media, headers=headers)


def _error(status: int, code: str, message: str) -> Response:
    return _reply(error_reply(status, code, message))


async def _body(request: Request, limit: int) -> bytes:
    """The request body, refused as soon as it is longer than ``limit``."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise _TooLarge
    parts: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _TooLarge
        parts.append(chunk)
    return b"".join(parts)


def _multipart(body: bytes, boundary: bytes) -> dict[str, tuple[str | None, bytes]]:
    """The parts of a ``multipart/form-data`` body, in memory: name → (file name, bytes)."""
    parts: dict[str, tuple[str | None, bytes]] = {}
    state: dict[str, Any] = {"field": b"", "value": b"", "headers": {}, "data": []}

    def on_header_field(data: bytes, start: int, end: int) -> None:
        state["field"] += data[start:end]

    def on_header_value(data: bytes, start: int, end: int) -> None:
        state["value"] += data[start:end]

    def on_header_end() -> None:
        state["headers"][state["field"].lower()] = state["value"]
        state["field"], state["value"] = b"", b""

    def on_part_data(data: bytes, start: int, end: int) -> None:
        state["data"].append(data[start:end])

    def on_part_end() -> None:
        _, options = parse_options_header(state["headers"].get(b"content-disposition", b""))
        name = options.get(b"name", b"").decode("utf-8", "replace")
        filename = options.get(b"filename")
        if name and name not in parts:
            parts[name] = (filename.decode("utf-8", "replace") if filename else None, b"".join(state["data"]))
        state["headers"], state["data"] = {}, []

    parser = MultipartParser(
        boundary,
        {
            "on_header_field": on_header_field,
            "on_header_value": on_header_value,
            "on_header_end": on_header_end,
            "on_part_data": on_part_data,
            "on_part_end": on_part_end,
        },
    )
    parser.write(body)
    parser.finalize()
    return parts


def _params(request: Request) -> dict[str, Any]:
    q = request.query_params
    return {
        "pick": q.getlist("pick"),
        "skip": q.getlist("skip"),
        "html": q.get("html", "") in ("1", "true", "yes"),
        "to": q.get("to"),
    }


def _page_html() -> tuple[str, str]:
    """The page, with the report stylesheet put in, and the CSP hash of its one script."""
    text = resources.files("govinfo_report.web").joinpath("page.html").read_text(encoding="utf-8")
    config = {
        "formats": list(format_ids()),
        "kinds": list(kinds()),
        "meta": [["agency", labels.META_AGENCY], ["year", labels.META_YEAR]],
    }
    text = text.replace("/*REPORT-CSS*/", CSS).replace("/*CONFIG*/", json.dumps(config, ensure_ascii=False))
    script = text.split("<script>", 1)[1].split("</script>", 1)[0]
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return text, f"sha256-{digest}"


class _Api:
    """The endpoints, sharing the pool, the limits and the count of requests in flight."""

    def __init__(self, pool: Pool, limit: int) -> None:
        self.pool = pool
        self.limit = limit
        self.admitted = 0
        self.page, script_hash = _page_html()
        self.csp = (
            "default-src 'none'; connect-src 'self'; img-src 'self' data: blob:; style-src 'unsafe-inline'; "
            f"script-src '{script_hash}'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'"
        )
        self.openapi = json.dumps(openapi_document(format_ids(), kinds()), ensure_ascii=False).encode("utf-8")

    async def work(self, operation: str, data: bytes, filename: str | None, params: dict[str, Any]) -> Response:
        try:
            return _reply(await self.pool.run(operation, data, filename, params))
        except Busy:
            return _error(503, "busy", "the server is busy; try again shortly")

    async def upload(self, request: Request) -> tuple[bytes, str | None] | Response:  # noqa: PLR0911 - one answer per fault
        """The report a request carries (a multipart ``file``, or the body itself), or the error to answer."""
        try:
            body = await asyncio.wait_for(_body(request, self.limit + _MULTIPART_SLACK), self.pool.timeout)
        except _TooLarge:
            return _error(413, "too-large", f"the upload is larger than the limit of {self.limit} bytes")
        except TimeoutError:  # a client sending slowly holds a place in the queue: not for longer than a job may run
            return _error(408, "timeout", f"the upload took longer than {self.pool.timeout:g} s to arrive")
        except ClientDisconnect:  # nobody will read the answer
            return _error(400, "usage-error", "the client went away before the upload arrived")
        media, options = parse_options_header(request.headers.get("content-type", ""))
        filename: str | None = None
        if media == b"multipart/form-data":
            try:
                parts = _multipart(body, options[b"boundary"])
            except Exception:  # noqa: BLE001 - python-multipart raises several kinds on a malformed body
                return _error(400, "usage-error", "the multipart body is malformed")
            if "file" not in parts:
                return _error(400, "usage-error", "send the report as the form field `file`")
            filename, body = parts["file"]
        elif media == b"application/json":
            filename = "report.json"
        if len(body) > self.limit:
            return _error(413, "too-large", f"the upload is larger than the limit of {self.limit} bytes")
        if not body:
            return _error(400, "usage-error", "the request carries no report")
        return body, filename

    async def with_report(self, request: Request, operation: str) -> Response:
        """Admit the request, read its report and run ``operation`` on it."""
        if self.admitted >= self.pool.size + self.pool.queue:
            self.pool.stats["busy"] += 1
            return _error(503, "busy", "the server is busy; try again shortly")
        self.admitted += 1
        try:
            got = await self.upload(request)
            if isinstance(got, Response):
                return got
            return await self.work(operation, got[0], got[1], _params(request))
        finally:
            self.admitted -= 1

    async def validate(self, request: Request) -> Response:
        return await self.with_report(request, "validate")

    async def convert(self, request: Request) -> Response:
        return await self.with_report(request, "convert")

    async def form(self, request: Request) -> Response:
        return await self.with_report(request, "form")

    async def schema(self, request: Request) -> Response:
        return await self.work("schema", b"", None, {"format": request.path_params["format"]})

    async def findings(self, _: Request) -> Response:
        return await self.work("findings", b"", None, {})

    async def template(self, request: Request) -> Response:
        fmt, _, kind = str(request.path_params["name"]).partition(".")
        if not kind:
            return _error(404, "not-found", "name the template as FORMAT.KIND, e.g. 2021.xlsx")
        return await self.work("template", b"", None, {"format": fmt, "kind": kind})

    async def openapi_json(self, _: Request) -> Response:
        return Response(self.openapi, media_type=JSON_TYPE, headers=_SECURITY)

    async def index(self, _: Request) -> Response:
        return HTMLResponse(self.page, headers={**_SECURITY, "Content-Security-Policy": self.csp})

    async def health(self, _: Request) -> Response:
        return JSONResponse({"ok": True, "workers": self.pool.size, **self.pool.stats}, headers=_SECURITY)


async def _http_error(_: Request, exc: Exception) -> Response:
    if not isinstance(exc, HTTPException):  # a fault of ours: still JSON, and no traceback to the client
        return _error(500, "internal-error", f"{type(exc).__name__}: the server could not answer")
    code = {404: "not-found", 405: "method-not-allowed"}.get(exc.status_code, "http-error")
    return _error(exc.status_code, code, str(exc.detail))


def create_app(
    *,
    max_upload: int = MAX_INPUT_BYTES,
    timeout: float = 20.0,
    workers: int | None = None,
    queue: int | None = None,
    memory: int | None = 2 * 1024**3,
) -> Starlette:
    """The web checker and its JSON API as an ASGI application (serve it with any ASGI server).

    ``max_upload``: largest report accepted, in bytes (at most the readers' own 20 MiB);
    ``timeout``: seconds one request's work may take before it is stopped (504);
    ``workers``: worker processes (default: one per core); ``queue``: requests that may wait for a worker
    beyond those (default 64), more are refused at once (503); ``memory``: the address-space limit of each
    worker, in bytes (None: no limit).

    Legacy .doc/.xls and OpenDocument uploads are refused by name: the checker does not hand uploads to
    LibreOffice unless ``GOVINFO_REPORT_SOFFICE`` names it (this sets it to ``off`` where it is not set).
    """
    os.environ.setdefault("GOVINFO_REPORT_SOFFICE", "off")  # no second program on the public's uploads
    size = workers or default_workers()
    pool = Pool(size, timeout=timeout, queue=64 if queue is None else queue, memory=memory)
    api = _Api(pool, min(max_upload, MAX_INPUT_BYTES))

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        await pool.start()
        try:
            yield
        finally:
            await pool.close()

    routes = [
        Route("/", api.index),
        Route("/api/openapi.json", api.openapi_json),
        Route("/api/health", api.health),
        Route("/api/validate", api.validate, methods=["POST"]),
        Route("/api/convert", api.convert, methods=["POST"]),
        Route("/api/form", api.form, methods=["POST"]),
        Route("/api/schema/{format}", api.schema),
        Route("/api/findings", api.findings),
        Route("/api/template/{name}", api.template),
    ]
    app = Starlette(
        routes=routes, lifespan=lifespan, exception_handlers={HTTPException: _http_error, Exception: _http_error}
    )
    app.state.pool = pool
    return app
