"""Fill a blank template the way a person does: type values into the input cells, nothing else."""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import load_workbook

import govinfo_report as gr
from govinfo_report.io._xlsx_write import cell_address
from govinfo_report.model import report_value


def fill_template(template: bytes, report: gr.AnnualReport) -> bytes:
    """Type every non-total value and the metadata of ``report`` into ``template``; totals stay formulas."""
    wb = load_workbook(io.BytesIO(template))
    info = wb["基本信息"]
    typed = {"机关名称": report.meta.agency, "年度": report.meta.year}
    typed |= {
        "层级": report.meta.level,
        "地区": report.meta.region,
        "发布日期": report.meta.published.isoformat() if report.meta.published else None,
    }
    typed |= {s.title: getattr(report, s.key) for s in report.spec.text_sections}
    for row in info.iter_rows(min_col=1, max_col=1):
        label = row[0].value
        if label in typed and typed[label] is not None:
            info.cell(row=row[0].row, column=2, value=typed[label])
    for cell in report.spec.cells:
        sheet, r, c = cell_address(report.format, cell)
        target = wb[sheet].cell(row=r, column=c)
        if isinstance(target.value, str) and target.value.startswith("="):
            continue  # a total: the template computes it
        value = report_value(report, cell)
        target.value = float(value) if isinstance(value, Decimal) else value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
