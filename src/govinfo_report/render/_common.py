"""What every renderer shares: the title, the text of a cell, the paragraphs of a section."""

from __future__ import annotations

from govinfo_report.formats import CellSpec
from govinfo_report.formats import _common as labels
from govinfo_report.model import AnnualReport, Value, format_value

__all__ = ["TITLE_SUFFIX", "cell_text", "extra_row_lines", "meta_lines", "paragraphs", "signature", "title"]

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
