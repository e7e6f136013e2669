"""The fast paths of the cell and arithmetic checks give what the general, cell-by-cell loops give, in order."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govinfo_report as gr
from govinfo_report._generate import generate_report
from govinfo_report.formats import Kind
from govinfo_report.model import table_class
from govinfo_report.rules import _checks
from govinfo_report.rules._catalogue import COUNT_BOUND
from govinfo_report.rules._engine import Context
from tests.strategies import any_reports, valid_reports


def context(report: gr.AnnualReport) -> Context:
    return Context(report, report.spec, report.values(), datetime.date(2026, 6, 1))


def general_cells(ctx: Context) -> list[Any]:
    """What check_cells gave before its fast paths: implausible counts first, then every cell in turn."""
    found: list[Any] = []
    if any(v is not None and v > COUNT_BOUND for v in ctx.values):
        found += _checks._implausible(ctx)
    return found + list(_checks._each_cell(ctx))


def assert_same(report: gr.AnnualReport) -> None:
    ctx = context(report)
    assert list(_checks.check_cells.check(ctx)) == general_cells(ctx)
    values = _checks._arithmetic_values(ctx)
    assert list(_checks.check_identities.check(ctx)) == list(_checks._each_identity(ctx, values))


def with_cells(report: gr.AnnualReport, changes: dict[int, Any]) -> gr.AnnualReport:
    """The report with cells replaced by position, through the table classes (no check of kinds)."""
    import attrs

    cells = report.values()
    for i, v in changes.items():
        cells[i] = v
    tables: dict[str, Any] = {}
    start = 0
    for t in report.spec.tables:
        n = len(getattr(report, t.key).cells)
        tables[t.key] = table_class(report.format, t.key)(cells=tuple(cells[start : start + n]))  # type: ignore[call-arg]
        start += n
    return attrs.evolve(report, **tables)


@settings(max_examples=60, deadline=None)
@given(any_reports())
def test_any_report(report: gr.AnnualReport) -> None:
    assert_same(report)


@settings(max_examples=50, deadline=None)
@given(valid_reports(), st.data())
def test_valid_reports_with_blanks_and_mistakes(report: gr.AnnualReport, data: st.DataObject) -> None:
    """Reports that add up, then with some cells blanked or changed: each fast path and each way out of it."""
    n = len(report.values())
    blanks = data.draw(st.lists(st.integers(0, n - 1), max_size=40))
    changes: dict[int, Any] = dict.fromkeys(blanks)
    changes |= data.draw(st.dictionaries(st.integers(0, n - 1), st.integers(-3, 10**9), max_size=2))
    assert_same(report)
    assert_same(report.with_values({report.spec.cells[i].pointer: v for i, v in changes.items()}))


@pytest.mark.parametrize("seed", range(6))
def test_generated_reports(seed: int) -> None:
    """Blanks, filled totals and some totals wrong."""
    assert_same(generate_report(seed))


def test_decimals_in_count_cells_are_added_as_sum_adds() -> None:
    """A report built in code may hold decimals of many digits where counts go: added in sum's order, exactly."""
    report = gr.fill_totals(generate_report(1))
    counts = [c.index for c in report.spec.cells if c.kind is Kind.COUNT]
    big = Decimal("1234567890123456789012345678.9")
    assert_same(with_cells(report, {counts[0]: big, counts[1]: -big, counts[2]: Decimal("0.1")}))
    assert_same(with_cells(report, {counts[0]: big, counts[1]: None, counts[3]: Decimal("1e-30")}))


def test_blank_totals_are_not_compared() -> None:
    """With every total blank and the parts filled, nothing is said about the arithmetic; one wrong part is."""
    spec = gr.get_format("2021")
    values = {c.pointer: (None if c.column.total or c.row.total else 1) for c in spec.cells if c.kind is Kind.COUNT}
    report = gr.blank_report("2021").with_values(values)
    ctx = context(report)
    assert ctx.has_blank
    assert _checks._nothing_to_say(ctx, ctx.values) == (not list(_checks._each_identity(ctx, ctx.values)))
    assert_same(report)


def test_the_fast_paths_are_taken() -> None:
    """The sample adds up and has no blank; the 2019 example adds up with blanks: no loop needed for either."""
    from tests.conftest import EXAMPLES

    for name in ("sample-2021", "shanghai-2019"):
        ctx = context(gr.read(EXAMPLES / name / "report.json"))
        assert _checks._nothing_to_say(ctx, ctx.values)
    wrong = gr.read(EXAMPLES / "sample-2021" / "report.json")
    cell = next(c for c in wrong.spec.cells if c.row.total and c.column.total)
    wrong = wrong.with_values({cell.pointer: 10**6})
    ctx = context(wrong)
    assert not _checks._nothing_to_say(ctx, ctx.values)
    assert [f.code for f in gr.validate(wrong).findings if f.path == cell.pointer]
