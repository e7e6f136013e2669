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

import importlib as _importlib
import sys as _sys
import types as _types

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: importing typing is a tenth of the start-up
if TYPE_CHECKING:
    from typing import Any as _Any

    from govinfo_report.analysis import INDICATORS, aggregate, check_aggregate, compare, indicators, upgrade
    from govinfo_report.build import from_dict, from_form
    from govinfo_report.dataset import to_frame
    from govinfo_report.errors import (
        GovinfoReportError,
        LossyWriteWarning,
        ReadError,
        ReportError,
        UnsupportedFileError,
        UsageError,
    )
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

del TYPE_CHECKING  # not a public name

__all__ = [
    "CATALOGUE",
    "INDICATORS",
    "AnnualReport",
    "ExtraRow",
    "Finding",
    "FormatSpec",
    "FrozenMap",
    "GovinfoReportError",
    "ImportNote",
    "Kind",
    "LossyWriteWarning",
    "Provenance",
    "ReadError",
    "ReportError",
    "ReportMeta",
    "Severity",
    "UnsupportedFileError",
    "UsageError",
    "ValidationResult",
    "Value",
    "aggregate",
    "blank_report",
    "check_aggregate",
    "codecs",
    "compare",
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
    "indicators",
    "is_valid",
    "iter_findings",
    "json_schema",
    "loads",
    "read",
    "to_csv",
    "to_docx",
    "to_frame",
    "to_html",
    "to_json",
    "to_markdown",
    "to_xlsx",
    "upgrade",
    "validate",
    "validate_series",
    "write",
]

# Every public name is imported on first use, so that `import govinfo_report` (and the
# command's start-up) costs no more than what is used: openpyxl, lxml, the readers and
# importlib.metadata load only when asked for.
_LAZY: dict[str, tuple[str, str]] = {
    "AnnualReport": (".model", "AnnualReport"),
    "CATALOGUE": (".rules", "CATALOGUE"),
    "INDICATORS": (".analysis", "INDICATORS"),
    "ExtraRow": (".model", "ExtraRow"),
    "FrozenMap": (".model", "FrozenMap"),
    "Finding": (".rules", "Finding"),
    "FormatSpec": (".formats", "FormatSpec"),
    "GovinfoReportError": (".errors", "GovinfoReportError"),
    "LossyWriteWarning": (".errors", "LossyWriteWarning"),
    "ImportNote": (".model", "ImportNote"),
    "Kind": (".formats", "Kind"),
    "Provenance": (".model", "Provenance"),
    "ReadError": (".errors", "ReadError"),
    "ReportError": (".errors", "ReportError"),
    "ReportMeta": (".model", "ReportMeta"),
    "Severity": (".rules", "Severity"),
    "UnsupportedFileError": (".errors", "UnsupportedFileError"),
    "UsageError": (".errors", "UsageError"),
    "ValidationResult": (".rules", "ValidationResult"),
    "Value": (".model", "Value"),
    "aggregate": (".analysis", "aggregate"),
    "blank_report": (".model", "blank_report"),
    "check_aggregate": (".analysis", "check_aggregate"),
    "codecs": (".io", "codecs"),
    "compare": (".analysis", "compare"),
    "dumps": (".io", "dumps"),
    "fill_totals": (".model", "fill_totals"),
    "format_for_year": (".formats", "format_for_year"),
    "formats": (".formats", "formats"),
    "from_csv": (".io._csv", "loads"),
    "from_dict": (".build", "from_dict"),
    "from_form": (".build", "from_form"),
    "from_json": (".io._json", "loads"),
    "from_xlsx": (".io._xlsx_read", "read_xlsx"),
    "get_format": (".formats", "get_format"),
    "indicators": (".analysis", "indicators"),
    "is_valid": (".rules", "is_valid"),
    "iter_findings": (".rules", "iter_findings"),
    "json_schema": (".schema", "generate_schema"),
    "loads": (".io", "loads"),
    "read": (".io", "read"),
    "to_csv": (".io._csv", "dumps"),
    "to_docx": (".render", "to_docx"),
    "to_frame": (".dataset", "to_frame"),
    "to_html": (".render", "to_html"),
    "to_json": (".io._json", "dumps"),
    "to_markdown": (".render", "to_markdown"),
    "to_xlsx": (".io._xlsx_write", "to_xlsx"),
    "upgrade": (".analysis", "upgrade"),
    "validate": (".rules", "validate"),
    "validate_series": (".rules", "validate_series"),
    "write": (".io", "write"),
}


def __getattr__(name: str) -> _Any:
    if name in _LAZY:
        module, attr = _LAZY[name]
        value = getattr(_importlib.import_module(module, __name__), attr)
        globals()[name] = value
        return value
    if name == "__version__":
        from importlib import metadata  # noqa: PLC0415 - slow to import, rarely needed

        try:
            return metadata.version("govinfo-report")
        except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare checkout
            return "0+unknown"
    msg = f"module 'govinfo_report' has no attribute {name!r}"
    raise AttributeError(msg)


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


class _Package(_types.ModuleType):
    """The package's module: a submodule never hides the public name it shares (``formats``)."""

    def __setattr__(self, name: str, value: object) -> None:
        if name in _LAZY and isinstance(value, _types.ModuleType):
            return  # the import system binds submodules on their package; the function keeps the name
        super().__setattr__(name, value)


_sys.modules[__name__].__class__ = _Package
