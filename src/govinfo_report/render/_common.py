"""What every renderer shares: the title, the text of a cell, the paragraphs of a section."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator

from govinfo_report.errors import LossyWriteWarning
from govinfo_report.formats import CellSpec
from govinfo_report.formats import _common as labels
from govinfo_report.model import AnnualReport, Value, format_value

__all__ = [
    "GENERATOR",
    "TITLE_SUFFIX",
    "cell_text",
    "extra_row_lines",
    "generator_meta",
    "meta_lines",
    "paragraphs",
    "signature",
    "title",
    "unwritable",
    "warn_unwritable",
]

TITLE_SUFFIX = "政府信息公开工作年度报告"
_BLANK = "＿＿＿＿"


def title(report: AnnualReport) -> str:
    """机关名称 + 年度 + 政府信息公开工作年度报告 (blanks to write in for a template)."""
    agency = report.meta.agency or "（机关名称）"
    year = f"{report.meta.year}年" if report.meta.year is not None else f"{_BLANK}年"
    return f"{agency}{year}{TITLE_SUFFIX}"


def cell_text(report: AnnualReport, values: list[Value], cell: CellSpec) -> str:
    """What a data cell shows: its value, else the text found there, else nothing."""
    value = values[cell.index]
    if value is None:
        return report.raw.get(cell.pointer, "")
    return format_value(value)


def paragraphs(text: str | None) -> list[str]:
    """The non-empty lines of a text section, each a paragraph."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def extra_row_lines(report: AnnualReport, table: str) -> list[str]:
    """One line per row printed in the source that the format does not have, shown under its table as printed."""
    out = []
    for extra in report.extra_rows:
        if extra.table != table:
            continue
        raw = extra.raw or (None,) * len(extra.values)
        cells = "，".join(
            f"{column} {format_value(value) if value is not None else (text or '空')}"
            for column, value, text in zip(extra.columns, extra.values, raw, strict=True)
        )
        out.append(f"注：原报告另列“{extra.label}”一行（本格式无此行）：{cells}。")
    return out


def meta_lines(report: AnnualReport) -> list[str]:
    """The metadata printed under the title, each as ``label：value`` (层级, 地区, 发布日期), those given."""
    meta = report.meta
    shown = (
        (labels.META_LEVEL, meta.level),
        (labels.META_REGION, meta.region),
        (labels.META_PUBLISHED, meta.published.isoformat() if meta.published else None),
    )
    return [f"{label}：{value}" for label, value in shown if value]


def signature(report: AnnualReport) -> list[str]:
    """The closing 落款: the agency and the publication date in Chinese (``2022年1月20日``), those given."""
    meta = report.meta
    out = [meta.agency] if meta.agency else []
    if meta.published is not None:
        out.append(f"{meta.published.year}年{meta.published.month}月{meta.published.day}日")
    return out


GENERATOR = "govinfo_report"
"""The ``generator`` this library names in the HTML and Markdown it writes (its readers then trust ``author``)."""


_CONTROL = re.compile("[\x01-\x1f\u2028\u2029]")  # C1 stays as it is: &#128;–&#159; mean Windows-1252


def _attribute(text: str) -> str:
    """Text as an HTML attribute value on one line: quotes and control characters as character references."""
    from html import escape  # noqa: PLC0415

    return _CONTROL.sub(lambda m: f"&#{ord(m.group())};", escape(text, quote=True))


def unwritable(value: object, path: str, bad: re.Pattern[str]) -> Iterator[str]:
    """JSON paths of the texts in ``value`` (a report's JSON form) that hold a character ``bad`` matches."""
    if isinstance(value, str):
        if bad.search(value):
            yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from unwritable(item, f"{path}.{key}", bad)
    elif isinstance(value, list):
        for k, item in enumerate(value):
            yield from unwritable(item, f"{path}[{k}]", bad)


def _texts(report: AnnualReport) -> Iterator[str]:
    """Every text a document prints of the report (its cells hold numbers): metadata, sections, raw texts, kept rows."""
    meta = report.meta
    yield from (t for t in (meta.agency, meta.level, meta.region) if t)
    yield from (t for section in report.spec.text_sections if (t := getattr(report, section.key)))
    yield from report.raw.values()
    for row in report.extra_rows:
        yield row.table
        yield from row.labels
        yield from row.columns
        yield from (t for t in row.raw if t)


def warn_unwritable(report: AnnualReport, bad: re.Pattern[str], what: str) -> None:
    """Warn (:class:`LossyWriteWarning`) when printed text holds characters ``what`` cannot hold (left out)."""
    if not any(bad.search(text) for text in _texts(report)):  # the common case, without the JSON form
        return
    from govinfo_report._converter import unstructure_report  # noqa: PLC0415

    printed = {k: v for k, v in unstructure_report(report).items() if k != "provenance"}  # not in the document
    fields = list(unwritable(printed, "$", bad))
    if fields:
        more = len(fields) - _SHOWN_FIELDS
        shown = ", ".join(fields[:_SHOWN_FIELDS]) + (f" and {more} more" if more > 0 else "")
        msg = f"{what}: they are left out of {shown}"
        warnings.warn(LossyWriteWarning(msg, fields), stacklevel=4)


_SHOWN_FIELDS = 5


def generator_meta(report: AnnualReport) -> str:
    """``<meta>`` tags naming this library, and the agency, 层级 and 地区 exactly.

    The printed lines cannot hold every line break and space.  The readers take the fields from the tags only
    where the printed text agrees, so a page edited by hand is read as printed.
    """
    tags = f'<meta name="generator" content="{GENERATOR}">'
    for name, value in (
        ("author", report.meta.agency),
        *((f"{GENERATOR}.{k}", getattr(report.meta, k)) for k in _META),
    ):
        if value:
            tags += f'<meta name="{name}" content="{_attribute(value)}">'
    return tags


_META = ("level", "region")
"""The metadata besides the agency carried in ``<meta name="govinfo_report.level">`` and so on."""
