"""A tour of the Python API, run by the test suite (python examples/api_tour.py)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import govinfo_report as gr

here = Path(__file__).parent

# Read a report (the kind follows the extension, or the content).
report = gr.read(here / "sample-2021" / "report.csv")
print(report.meta.agency, report.meta.year, report.format)

# Cells by attribute, by official labels, or by JSON keys.
print(report.table3.granted.total)  # type: ignore[attr-defined]
print(report.cell("三", "三、本年度办理结果 / （一）予以公开", "总计"))
print(report.cell("二", "行政事业性收费", "本年收费金额（单位：万元）"))

# Reports are immutable: changes give a new report.
wrong = report.with_cell("三", "（一）予以公开", "自然人", 19)
result = gr.validate(wrong)
print(result.valid, result.counts)
for finding in result.errors:
    print(finding.code, finding.path, finding.message())
    print("   ", finding.message("en"))

# A blank template, filled and totalled.
draft = gr.blank_report(year=2023, agency="某某局")
draft = draft.with_cell("三", "（一）予以公开", "自然人", 3).with_cell(
    "二", "行政事业性收费", "本年收费金额（单位：万元）", Decimal("0.5")
)
draft = gr.fill_totals(draft)
print(draft.cell("三", "（七）总计", "总计"))

# Serialise: canonical JSON and the label CSV.
assert gr.from_json(gr.to_json(draft)) == draft
assert gr.from_csv(gr.to_csv(draft)) == draft
print(len(gr.to_csv(draft).splitlines()), "CSV lines")
