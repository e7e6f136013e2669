"""compare: two reports cell by cell, across the formats, blank apart from 0."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

import govinfo_report as gr
from govinfo_report.analysis import INDICATOR_TABLE


def test_same_format_lists_each_cell_once() -> None:
    """Two reports of one format: one row per cell of the format, then one per indicator."""
    a = gr.blank_report("2021")
    c = gr.compare(a, a)
    cells = [r for r in c.rows if r.table != INDICATOR_TABLE]
    assert [r.name.split(".", 1)[1] for r in cells] == [f"{cell.row.key}.{cell.column.key}" for cell in a.spec.cells]
    assert not c.changed()


def test_blank_zero_and_values() -> None:
    """Blank against 0 is a change with no difference; values give difference and ratio."""
    a = gr.blank_report("2021").with_values({"/table3/granted/total": 4, "/table3/new_received/total": 0})
    b = gr.blank_report("2021").with_values({"/table3/granted/total": 10, "/table3/new_received/natural_person": 0})
    rows = {r.name: r for r in gr.compare(a, b).changed()}
    granted = rows["t3.granted.total"]
    assert (granted.difference, granted.ratio) == (6, Decimal("2.5000"))
    zero_blank = rows["t3.new_received.total"]
    assert (zero_blank.a, zero_blank.b, zero_blank.difference, zero_blank.ratio) == (0, None, None, None)
    assert rows["t3.new_received.natural_person"].shown("a") == "空"
    assert rows["t3.new_received.natural_person"].shown("b", "en") == "0"


def test_across_formats_through_the_crosswalk(series: dict[int, gr.AnnualReport]) -> None:
    """2020 (2019 format) against 2021: shared cells side by side, 2019's （六） against the sum of 2021's three."""
    old, new = series[2020], series[2021]
    c = gr.compare(old, new)
    rows = {r.name: r for r in c.rows}
    for cell in new.spec.cells:
        if ("table3", cell.row.key, cell.column.key) in old.spec.cells_by_key:
            row = rows[f"t3.{cell.row.key}.{cell.column.key}"] if cell.table.key == "table3" else None
            if row is not None:
                assert (row.a, row.b) == (
                    old.cell("三", cell.row.key, cell.column.key),
                    new.cell("三", cell.row.key, cell.column.key),
                )
    parts = [new.cell("三", k, "总计") for k in ("other_no_correction", "other_fee_unpaid", "other_other")]
    other = rows["t3.other_handling.total"]
    assert other.a == old.cell("三", "（六）其他处理", "总计")
    assert other.b == sum(p for p in parts if p is not None)
    assert (rows["t2.procurement.items"].in_b, rows["t2.regulations.in_force"].in_a) == (False, False)
    assert rows["t2.regulations.in_force"].shown("a") == "—"
    # the indicators follow, with growth computed because 2021 follows 2020
    growth = rows["ind.application_growth"]
    assert growth.a is None
    assert growth.b == gr.indicators(new, old)["application_growth"]


def test_outputs(series: dict[int, gr.AnnualReport]) -> None:
    """Text, Markdown, HTML, CSV, records and the data frame say the same rows."""
    c = gr.compare(series[2021], series[2023])
    changed = c.changed()
    text = c.to_text(only_changed=True)
    assert len(text.splitlines()) == 3 + len(changed)  # A, B, header
    md = c.to_markdown(only_changed=True)
    assert md.count("\n| ") == len(changed) + 1
    html = c.to_html()
    assert html.count("<tr") == len(c.rows) + 1
    assert html.count('class="changed"') == len(changed)
    records = c.to_records(only_changed=True)
    assert json.loads(json.dumps(records)) == records
    assert c.to_csv(only_changed=True).count("\n") == len(changed) + 1
    pytest.importorskip("pandas")
    frame = c.to_frame()
    assert len(frame) == len(c.rows)
    assert frame["a"].isna().sum() == sum(r.a is None for r in c.rows)
    wide = c.to_frame("wide", only_changed=True)
    assert list(wide.columns) == [r.name for r in changed]
    assert list(wide.index) == ["a", "b", "difference", "ratio"]
    for r in changed:
        got = wide.loc["difference", r.name]
        assert (None if str(got) == "<NA>" else Decimal(str(got))) == r.difference
    with pytest.raises(gr.UsageError):
        c.to_frame("tall")  # type: ignore[arg-type]


def test_html_escapes() -> None:
    """Report text (the agency) is escaped in the HTML."""
    a = gr.blank_report("2021", agency="<script>x</script>")
    assert "<script>" not in gr.compare(a, a).to_html()


def test_not_reports_is_misuse() -> None:
    with pytest.raises(gr.UsageError):
        gr.compare(gr.blank_report(), "x")  # type: ignore[arg-type]
