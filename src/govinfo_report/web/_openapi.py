"""The OpenAPI 3.1 description of the JSON API (``GET /api/openapi.json``).

The report bodies refer to the published JSON Schemas, and the finding codes to the
published catalogue, so that nothing here repeats the format.
"""

from __future__ import annotations

from typing import Any

from govinfo_report._converter import schema_id

__all__ = ["openapi_document"]


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


_ERROR = {"description": "the request failed", "content": {"application/json": {"schema": _ref("Error")}}}


def _upload(formats: tuple[str, ...]) -> dict[str, Any]:
    return {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {"file": {"type": "string", "format": "binary", "description": "a report file"}},
                }
            },
            "application/json": {"schema": {"oneOf": [{"$ref": schema_id(f)} for f in formats]}},
            "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
        },
        "description": "A report of any readable kind (told by its content, else its file name): a multipart "
        "field `file`, a canonical JSON document, or the file's bytes as the body.",
    }


def _errors(*statuses: int) -> dict[str, Any]:
    return {str(s): _ERROR for s in statuses}


def openapi_document(formats: tuple[str, ...], kinds: tuple[str, ...]) -> dict[str, Any]:
    """The OpenAPI document for the given format ids and writable kinds."""
    check_params = [
        {"name": n, "in": "query", "schema": {"type": "array", "items": {"type": "string"}}, "description": d}
        for n, d in (("pick", "only these finding codes or tags"), ("skip", "leave out these codes or tags"))
    ]
    check_params.append(
        {
            "name": "html",
            "in": "query",
            "schema": {"type": "boolean"},
            "description": "also return the report as an HTML fragment in the official layout",
        }
    )
    result = {"description": "the findings", "content": {"application/json": {"schema": _ref("CheckResult")}}}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "govinfo-report",
            "version": "1",
            "description": "Check and convert 政府信息公开工作年度报告 (government information disclosure annual "
            "reports) in the official formats. Errors carry the command line's message and exit code.",
        },
        "paths": {
            "/api/validate": {
                "post": {
                    "summary": "Check a report",
                    "parameters": check_params,
                    "requestBody": _upload(formats),
                    "responses": {"200": result, **_errors(400, 413, 415, 422, 503, 504)},
                }
            },
            "/api/form": {
                "post": {
                    "summary": "Build a report from a form's fields, fill its totals and check it",
                    "parameters": check_params,
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {"type": "object", "additionalProperties": {"type": "string"}},
                            }
                        },
                        "description": "Field names as `from_form` takes them: JSON pointers, dotted keys or "
                        "official labels for cells; `agency`, `year`, `format` and the other metadata.",
                    },
                    "responses": {"200": result, **_errors(400, 413, 422, 503, 504)},
                }
            },
            "/api/convert": {
                "post": {
                    "summary": "Convert a report to another kind of file",
                    "parameters": [
                        {
                            "name": "to",
                            "in": "query",
                            "required": True,
                            "schema": {"type": "string", "enum": list(kinds)},
                        }
                    ],
                    "requestBody": _upload(formats),
                    "responses": {
                        "200": {"description": "the file", "content": {"*/*": {"schema": {"type": "string"}}}},
                        **_errors(400, 413, 415, 422, 503, 504),
                    },
                }
            },
            "/api/schema/{format}": {
                "get": {
                    "summary": "The JSON Schema of a format",
                    "parameters": [
                        {"name": "format", "in": "path", "required": True, "schema": {"enum": list(formats)}}
                    ],
                    "responses": {"200": {"description": "the schema"}, **_errors(400)},
                }
            },
            "/api/findings": {
                "get": {
                    "summary": "The catalogue of finding codes",
                    "responses": {"200": {"description": "findings.json, as published"}},
                }
            },
            "/api/health": {
                "get": {
                    "summary": "The workers, and the jobs, time-outs, refusals and restarts so far",
                    "responses": {"200": {"description": "the pool's state"}},
                }
            },
            "/api/template/{name}": {
                "get": {
                    "summary": "A blank report of a format as a kind of file: FORMAT.KIND (2021.xlsx)",
                    "parameters": [{"name": "name", "in": "path", "required": True, "schema": {"type": "string"}}],
                    "responses": {"200": {"description": "the template"}, **_errors(400, 404)},
                }
            },
        },
        "components": {
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": {
                        "error": {
                            "type": "object",
                            "required": ["code", "message", "exit_code"],
                            "properties": {
                                "code": {
                                    "type": "string",
                                    "description": "usage-error, read-error, report-error, unsupported-file, "
                                    "too-large, timeout, busy, not-found, internal-error",
                                },
                                "message": {"type": "string", "description": "as the command line prints it"},
                                "problems": {"type": "array", "items": {"type": "array", "items": {"type": "string"}}},
                                "exit_code": {"type": "integer", "description": "the command line's exit code"},
                            },
                        }
                    },
                },
                "Finding": {
                    "type": "object",
                    "required": ["code", "severity", "path", "message_zh", "message_en"],
                    "properties": {
                        "code": {"type": "string", "description": "a code of GET /api/findings"},
                        "severity": {"enum": ["error", "warning", "info"]},
                        "path": {"type": "string", "description": "JSON pointer into the report"},
                        "cells": {"type": "array", "items": {"type": "array", "items": {"type": "string"}}},
                        "pointers": {"type": "array", "items": {"type": "string"}},
                        "expected": {},
                        "actual": {},
                        "sources": {"type": "array", "items": {"type": "string"}},
                        "message_zh": {"type": "string"},
                        "message_en": {"type": "string"},
                    },
                },
                "CheckResult": {
                    "type": "object",
                    "required": ["format", "valid", "exit_code", "counts", "findings", "report"],
                    "properties": {
                        "kind": {"type": ["string", "null"], "description": "the kind of file read"},
                        "title": {"type": "string", "description": "the report's title, as printed"},
                        "agency": {"type": ["string", "null"]},
                        "year": {"type": ["integer", "null"]},
                        "format": {"enum": list(formats)},
                        "valid": {"type": "boolean"},
                        "exit_code": {"type": "integer", "description": "0 or 1, as `govinfo-report validate`"},
                        "counts": {"type": "object", "additionalProperties": {"type": "integer"}},
                        "incomplete": {"type": "integer", "description": "import notes: what was not read"},
                        "notes": {"type": "array", "items": {"type": "object"}},
                        "findings": {"type": "array", "items": _ref("Finding")},
                        "computed": {"type": "array", "items": {"type": "string"}},
                        "html": {"type": "string"},
                        "report": {"oneOf": [{"$ref": schema_id(f)} for f in formats]},
                    },
                },
            }
        },
    }
