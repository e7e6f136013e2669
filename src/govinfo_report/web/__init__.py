"""The web checker and the HTTP API (the ``web`` extra: ``pip install "govinfo-report[web]"``).

:func:`create_app` gives an ASGI application: at ``/`` a page where a person drops a
report (or fills a blank form) and sees every finding on its cell, and under ``/api/``
a JSON API for portals in any language, described at ``/api/openapi.json``.
:func:`serve` runs it with uvicorn; ``govinfo-report serve`` is the command for it.
See docs/web.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from govinfo_report._optional import optional

if TYPE_CHECKING:
    from starlette.applications import Starlette

__all__ = ["create_app", "serve"]


def create_app(**options: Any) -> Starlette:
    """The ASGI application; ``options`` as :func:`govinfo_report.web._app.create_app` takes them.

    ``max_upload`` (bytes, at most 20 MiB), ``timeout`` (seconds per request), ``workers`` (processes),
    ``queue`` (requests that may wait beyond those) and ``memory`` (bytes per worker).

    Raises:
        UnsupportedFileError: the ``web`` extra is not installed.
    """
    optional("starlette", "web", "the web checker")
    optional("python_multipart", "web", "the web checker", "python-multipart")
    from govinfo_report.web._app import create_app as make  # noqa: PLC0415 - needs the extra

    return make(**options)


def serve(host: str = "127.0.0.1", port: int = 8000, **options: Any) -> None:
    """Serve :func:`create_app` with uvicorn on ``host`` (loopback unless told otherwise) and ``port``."""
    uvicorn = optional("uvicorn", "web", "the web checker")
    app = create_app(**options)
    uvicorn.run(app, host=host, port=port, log_level="info", access_log=False, server_header=False)
