"""upgrade: 2019 → 2021 carries every shared cell, keeps （六） whole, reports the rest, invents nothing."""

from __future__ import annotations

from hypothesis import given

import govinfo_report as gr
from govinfo_report.analysis import upgrade
from tests.strategies import valid_reports

ARITHMETIC = {"t3-row-total", "t3-results-total", "t3-balance", "t4-total"}


def arithmetic(report: gr.AnnualReport) -> list[tuple[str, tuple[str, ...]]]:
    return sorted((f.code, f.cells[0][2]) for f in gr.validate(report, pick=ARITHMETIC).findings)


def test_the_2019_series_upgrades(series: dict[int, gr.AnnualReport]) -> None:
    """Every 2019-format report of the series: shared cells equal, nothing new filled, the arithmetic unchanged."""
    old_ones = [r for r in series.values() if r.format == "2019"]
    assert old_ones
    for old in old_ones:
        up = gr.upgrade(old)
        new = up.report
        assert new.format == "2021"
        assert (new.meta, new.general_situation, new.other_matters) == (
            old.meta,
            old.general_situation,
            old.other_matters,
        )
        old_cells = old.spec.cells_by_key
        for cell, value in new.iter_cells():
            same = old_cells.get(cell.key)
            if same is not None and (same.kind, same.column.unit) == (cell.kind, cell.column.unit):
                assert value == old.values()[same.index], cell.pointer
            else:
                assert value is None, cell.pointer  # no cell of 2019 means this: blank, never invented
        # the 2019 （六） row is kept whole, as printed
        (extra,) = [e for e in new.extra_rows if e.table == "三"]
        assert extra.values == old.table3.other_handling.values()
        # the printed arithmetic errors are the same after the upgrade
        assert arithmetic(new) == arithmetic(old)
        # every 2019 cell is carried, kept or reported; the count adds up
        assert up.carried + len(up.losses) == len(old.spec.cells)
        lost = {loss.pointer for loss in up.losses if not loss.kept}
        assert "/table2/procurement/items" in lost
        assert "/table2/fees/change" in lost
        assert all(loss.value == old.values()[old.spec.cells_by_pointer[loss.pointer].index] for loss in up.losses)
        assert {loss.pointer for loss in up.lost} == {
            loss.pointer for loss in up.losses if not loss.kept and loss.value is not None
        } | {loss.pointer for loss in up.losses if not loss.kept and loss.raw is not None}


def test_nothing_is_invented() -> None:
    """A 2019 report with one cell filled upgrades to a report with at most that cell filled."""
    for cell in gr.get_format("2019").cells:
        value = 3
        old = gr.blank_report("2019").with_values({cell.pointer: value})
        up = gr.upgrade(old)
        filled = [(c.pointer, v) for c, v in up.report.iter_cells() if v is not None]
        kept = [v for e in up.report.extra_rows for v in e.values if v is not None]
        lost = [loss.pointer for loss in up.lost]
        assert len(filled) + len(kept) + len(lost) == 1, cell.pointer
        if filled:
            assert filled == [(filled[0][0], value)]
            assert filled[0][0].split("/")[1:] == cell.pointer.split("/")[1:] or cell.table.key == "table2"


def test_a_2021_report_comes_back_as_it_is() -> None:
    report = gr.blank_report("2021", agency="某局", year=2022)
    up = upgrade(report)
    assert up.report is report
    assert (up.carried, up.losses) == (0, ())


def test_summary_says_what_was_lost() -> None:
    old = gr.blank_report("2019").with_values({"/table2/procurement/items": 2})
    up = gr.upgrade(old)
    assert "1 of them filled" in up.summary()
    assert "政府集中采购" in up.summary("zh")


def test_compare_with_its_upgrade_changes_no_shared_cell(series: dict[int, gr.AnnualReport]) -> None:
    """A 2019 report against its own upgrade: every cell both have is equal, and so is every indicator."""
    for old in (r for r in series.values() if r.format == "2019"):
        c = gr.compare(old, gr.upgrade(old).report)
        differ = [r.name for r in c.changed() if r.in_a and r.in_b]
        assert differ == []
        assert gr.indicators(old) == gr.indicators(gr.upgrade(old).report)


@given(valid_reports("2019"))
def test_a_valid_2019_report_upgrades_without_arithmetic_errors(report: gr.AnnualReport) -> None:
    """Whatever the figures, the upgraded report adds up as the original did (the （六） row counts as kept)."""
    up = gr.upgrade(report)
    assert arithmetic(up.report) == arithmetic(report) == []
    assert gr.indicators(up.report) == gr.indicators(report)
