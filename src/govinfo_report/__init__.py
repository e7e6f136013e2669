"""govinfo_report: China's 政府信息公开工作年度报告 as typed data.

The annual reports on government information disclosure, in their official formats.
Load, check, convert and template reports in the official formats of
国办公开办函〔2019〕60号 and 国办公开办函〔2021〕30号::

    import govinfo_report as gr

    report = gr.read("report.csv")
    result = gr.validate(report)
    for finding in result.errors:
        print(finding.code, finding.message())
"""

from __future__ import annotations

from importlib import metadata as _metadata
from typing import Any as _Any

from govinfo_report.build import from_dict, from_form
from govinfo_report.errors import GovinfoReportError, ReadError, ReportError, UnsupportedFileError, UsageError
from govinfo_report.formats import FormatSpec, Kind, format_for_year, formats, get_format
from govinfo_report.io import codecs, read, write
from govinfo_report.io import dumps as dumps
from govinfo_report.io import loads as loads
from govinfo_report.io._csv import dumps as to_csv
from govinfo_report.io._csv import loads as from_csv
from govinfo_report.io._json import dumps as to_json
from govinfo_report.io._json import loads as from_json
from govinfo_report.io._xlsx_read import read_xlsx as from_xlsx
from govinfo_report.io._xlsx_write import to_xlsx
from govinfo_report.model import (
    AnnualReport,
    ExtraRow,
    FrozenMap,
    ImportNote,
    Provenance,
    ReportMeta,
    Value,
    blank_report,
    fill_totals,
)
from govinfo_report.render import to_docx, to_html, to_markdown
from govinfo_report.rules import (
    CATALOGUE,
    Finding,
    Severity,
    ValidationResult,
    is_valid,
    iter_findings,
    validate,
    validate_series,
)
from govinfo_report.schema import generate_schema as json_schema

__all__ = [
    "CATALOGUE",
    "AnnualReport",
    "ExtraRow",
    "Finding",
    "FormatSpec",
    "FrozenMap",
    "GovinfoReportError",
    "ImportNote",
    "Kind",
    "Provenance",
    "ReadError",
    "ReportError",
    "ReportMeta",
    "Severity",
    "UnsupportedFileError",
    "UsageError",
    "ValidationResult",
    "Value",
    "blank_report",
    "codecs",
    "dumps",
    "fill_totals",
    "format_for_year",
    "formats",
    "from_csv",
    "from_dict",
    "from_form",
    "from_json",
    "from_xlsx",
    "get_format",
    "is_valid",
    "iter_findings",
    "json_schema",
    "loads",
    "read",
    "to_csv",
    "to_docx",
    "to_html",
    "to_json",
    "to_markdown",
    "to_xlsx",
    "validate",
    "validate_series",
    "write",
]


def __getattr__(name: str) -> _Any:
    if name == "__version__":
        try:
            return _metadata.version("govinfo-report")
        except _metadata.PackageNotFoundError:  # pragma: no cover - running from a bare checkout
            return "0+unknown"
    msg = f"module 'govinfo_report' has no attribute {name!r}"
    raise AttributeError(msg)
