"""JSON Schema (draft 2020-12) of the report document, generated from the declaration.

The generated schemas are also shipped as files in ``govinfo_report/schemas/``;
a test proves the files equal what this module generates.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from govinfo_report._converter import SCHEMA_VERSION, schema_id
from govinfo_report.formats import FormatSpec, Kind, formats, get_format
from govinfo_report.formats import _common as labels

__all__ = ["SCHEMA_VERSION", "generate_schema", "load_schema", "schema_id"]


def _cell_schema(kind: Kind, title: str, unit: str) -> dict[str, Any]:
    if kind is Kind.AMOUNT:
        return {"title": title, "description": f"单位：{unit}", "type": ["number", "null"], "minimum": 0}
    out: dict[str, Any] = {"title": title, "type": ["integer", "null"]}
    if kind is Kind.COUNT:
        out["minimum"] = 0
    else:
        out["description"] = "可为负数（本年增/减）"
    return out


def _text(title: str) -> dict[str, Any]:
    return {"title": title, "type": ["string", "null"]}


def generate_schema(format_id: str | FormatSpec) -> dict[str, Any]:
    """The JSON Schema of report documents in one format."""
    spec = get_format(format_id)
    props: dict[str, Any] = {
        "$schema": {"const": schema_id(spec.id)},
        "format": {"title": labels.META_FORMAT, "const": spec.id},
        "meta": {
            "type": "object",
            "additionalProperties": False,
            "required": ["agency", "year"],
            "properties": {
                "agency": _text(labels.META_AGENCY),
                "year": {"title": labels.META_YEAR, "type": ["integer", "null"]},
                "level": _text(labels.META_LEVEL),
                "region": _text(labels.META_REGION),
                "published": {"title": labels.META_PUBLISHED, "type": ["string", "null"], "format": "date"},
            },
        },
    }
    for section in spec.sections:
        if section in spec.text_sections:
            props[section.key] = _text(section.title)
            continue
        table = spec.tables_by_key[section.key]
        rows: dict[str, Any] = {}
        for row in table.rows:
            cols = {c.key: _cell_schema(c.kind, c.label, c.unit) for c in row.columns.columns}
            rows[row.key] = {
                "title": row.label or table.number,
                "type": "object",
                "additionalProperties": False,
                "required": list(cols),
                "properties": cols,
            }
        props[table.key] = {
            "title": table.title,
            "type": "object",
            "additionalProperties": False,
            "required": list(rows),
            "properties": rows,
        }
    props["raw"] = {
        "title": "单元格原文",
        "description": "Text of cells as found when it was not a clean number, by JSON pointer.",
        "type": "object",
        "propertyNames": {"enum": [c.pointer for c in spec.cells]},
        "additionalProperties": {"type": "string"},
    }
    number = {"type": ["number", "null"]}
    props["extra_rows"] = {
        "title": "格式以外的行",
        "description": "Rows printed in the source that this format does not have, kept with their values.",
        "type": "array",
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["table", "labels", "columns", "values"],
            "properties": {
                "table": {"enum": [t.number for t in spec.tables]},
                "labels": {"type": "array", "items": {"type": "string"}},
                "columns": {"type": "array", "items": {"type": "string"}},
                "values": {"type": "array", "items": number},
                "raw": {"type": "array", "items": {"type": ["string", "null"]}},
                "source": {"type": ["string", "null"]},
            },
        },
    }
    props["provenance"] = {
        "title": "来源",
        "description": "Where an imported report came from: file, size, SHA-256, reader, library version, "
        "the share of placed numbers found verbatim in the source, and what the import could not do.",
        "type": "object",
        "additionalProperties": False,
        "required": ["reader", "library"],
        "properties": {
            "reader": {"type": "string"},
            "library": {"type": "string"},
            "file": {"type": ["string", "null"]},
            "size": {"type": ["integer", "null"], "minimum": 0},
            "sha256": {"type": ["string", "null"], "pattern": "^[0-9a-f]{64}$"},
            "verbatim": {"type": ["number", "null"], "minimum": 0, "maximum": 1},
            "notes": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["code", "path", "detail", "detail_en"],
                    "properties": {
                        k: {"type": ["string", "null"] if k == "source" else "string"}
                        for k in ("code", "path", "detail", "detail_en", "source")
                    },
                },
            },
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": schema_id(spec.id),
        "title": f"政府信息公开工作年度报告（{spec.name}，{spec.document}）",
        "description": f"govinfo_report document layout v{SCHEMA_VERSION}, format {spec.id}.",
        "type": "object",
        "additionalProperties": False,
        "required": ["format", "meta", *(t.key for t in spec.tables)],
        "properties": props,
    }


def schema_filename(format_id: str) -> str:
    """File name of the shipped schema of a format."""
    return f"report-{format_id}.schema.json"


@cache
def load_schema(format_id: str | FormatSpec) -> dict[str, Any]:
    """The shipped JSON Schema file of a format, parsed."""
    spec = get_format(format_id)
    text = resources.files("govinfo_report").joinpath("schemas", schema_filename(spec.id)).read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def schema_text(format_id: str | FormatSpec) -> str:
    """The generated schema as the text of the shipped file."""
    return json.dumps(generate_schema(format_id), ensure_ascii=False, indent=2) + "\n"


def all_format_ids() -> tuple[str, ...]:
    """Ids of every format (one schema each)."""
    return tuple(f.id for f in formats())


# -- the rules and the findings as data, for implementations in other languages ---------------


def rules_id(format_id: str) -> str:
    """The ``$id`` of the published rules document of a format."""
    return schema_id(format_id).replace("report-", "rules-").replace(".schema.json", ".json")


def rules_document(format_id: str | FormatSpec) -> dict[str, Any]:
    """Every cell of a format (pointer, labels, kind, unit) and every arithmetic identity over them, as data.

    A portal in Java or PHP checks a report with its own JSON Schema library against the schema, then evaluates
    these identities itself: each says that the sum of the ``lhs`` cells equals the sum of the ``rhs`` cells.
    Blank cells count as 0; an identity whose left side, or whose right side, is wholly blank is not compared.
    A failed identity is the finding ``code``.
    """
    spec = get_format(format_id)
    pointer = {c.key: c.pointer for c in spec.cells}
    return {
        "$id": rules_id(spec.id),
        "format": spec.id,
        "document": spec.document,
        "schema": schema_id(spec.id),
        "cells": [
            {
                "pointer": c.pointer,
                "table": c.table.number,
                "row": c.row.label,
                "column": c.column.label,
                "kind": c.kind.value,
                "unit": c.column.unit,
            }
            for c in spec.cells
        ],
        "identities": [
            {
                "code": i.family,
                "subject": i.subject,
                "lhs": [pointer[k] for k in i.lhs],
                "rhs": [pointer[k] for k in i.rhs],
                "total": i.fill,
            }
            for i in spec.identities
        ],
        "blank": "Blank cells count as 0; an identity whose lhs or whose rhs is wholly blank is not compared.",
    }


def findings_document() -> dict[str, Any]:
    """The findings catalogue as data: every stable code, its severity, tags, titles and message templates."""
    from govinfo_report.rules import CATALOGUE  # noqa: PLC0415 - rules import the model, which is heavier

    return {
        "$id": schema_id("x").replace("report-x.schema.json", "findings.json"),
        "codes": [
            {
                "code": c.code,
                "severity": c.severity.value,
                "tags": list(c.tags),
                "title": {"zh": c.title_zh, "en": c.title_en},
                "message": {"zh": c.template_zh, "en": c.template_en},
                "description": c.description,
            }
            for c in CATALOGUE.values()
        ],
    }


def data_text(document: dict[str, Any]) -> str:
    """A published data document as the text of its file."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
