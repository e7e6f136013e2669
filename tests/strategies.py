"""Hypothesis strategies for reports of every format."""

from __future__ import annotations

import datetime
from typing import Any

from hypothesis import strategies as st

import govinfo_report as gr
from govinfo_report.formats import CellSpec, Kind
from govinfo_report.model import from_values

format_ids = st.sampled_from([f.id for f in gr.formats()])
counts = st.integers(min_value=0, max_value=10**6)
signed = st.integers(min_value=-(10**5), max_value=10**5)
amounts = st.decimals(min_value=0, max_value=99999, places=3, allow_nan=False, allow_infinity=False)
texts = st.text(min_size=1, max_size=60).filter(lambda s: s.strip() == s and s.strip())
multiline = st.lists(texts, min_size=1, max_size=3).map("\n".join)


def value_for(cell: CellSpec) -> st.SearchStrategy[Any]:
    if cell.kind is Kind.AMOUNT:
        return amounts
    if cell.kind is Kind.SIGNED_COUNT:
        return signed
    return counts


@st.composite
def metas(draw: st.DrawFn, year: int | None = None) -> gr.ReportMeta:
    """Any metadata; with ``year`` given, a valid report's: published (if at all) in January of the next year."""
    dates = (
        st.dates(datetime.date(2019, 1, 1), datetime.date(2026, 12, 31))
        if year is None
        else st.dates(datetime.date(year + 1, 1, 1), datetime.date(year + 1, 1, 31))
    )
    return gr.ReportMeta(
        agency=draw(texts),
        year=year if year is not None else draw(st.integers(2019, 2025)),
        level=draw(st.none() | texts),
        region=draw(st.none() | texts),
        published=draw(st.none() | dates),
    )


@st.composite
def any_reports(draw: st.DrawFn, format_id: str | None = None) -> gr.AnnualReport:
    """Reports with any cell blank, filled, or holding raw text; not necessarily valid."""
    spec = gr.get_format(format_id or draw(format_ids))
    values = []
    raw: dict[str, str] = {}
    for cell in spec.cells:
        choice = draw(st.integers(0, 9))
        if choice == 0:
            values.append((cell, None))
        elif choice == 1:
            values.append((cell, None))
            raw[cell.pointer] = draw(st.sampled_from(["-", "/", "—", "无", "12件", "1,234", "=1+1", "'x", "1.5"]))
        else:
            values.append((cell, draw(value_for(cell))))
    return from_values(
        spec,
        values,
        meta=draw(metas()),
        general_situation=draw(st.none() | multiline),
        problems=draw(st.none() | multiline),
        other_matters=draw(st.none() | multiline),
        raw=raw,
    )


@st.composite
def valid_reports(draw: st.DrawFn, format_id: str | None = None) -> gr.AnnualReport:
    """Reports that pass validation with no error: every identity holds."""
    spec = gr.get_format(format_id or draw(format_ids))
    year = draw(st.integers(spec.first_year, spec.last_year or 2025))
    t3 = spec.tables_by_key["table3"]
    parts = [c for c in t3.rows[0].columns.columns if not c.total]
    results = [r for r in t3.rows if r.labels[0].startswith("三、") and not r.total]
    chosen: dict[str, Any] = {}
    small = st.integers(0, 500)
    for col in parts:
        handled = 0
        for row in results:
            v = draw(small)
            chosen[f"/table3/{row.key}/{col.key}"] = v
            handled += v
        forward = draw(small)
        over = draw(st.integers(0, handled + forward))
        chosen[f"/table3/carried_forward/{col.key}"] = forward
        chosen[f"/table3/carried_over/{col.key}"] = over
        chosen[f"/table3/new_received/{col.key}"] = handled + forward - over
    values = []
    for cell in spec.cells:
        if cell.table.key == "table3":
            values.append((cell, chosen.get(cell.pointer)))
        elif cell.column.total:
            values.append((cell, None))
        else:
            values.append((cell, draw(value_for(cell))))
    report = from_values(
        spec,
        values,
        meta=draw(metas(year)),
        general_situation=draw(multiline),
        problems=draw(multiline),
        other_matters=draw(multiline) + "。未收取信息处理费。",
    )
    return gr.fill_totals(report)
