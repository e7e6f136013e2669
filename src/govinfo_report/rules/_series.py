"""Checks across the reports of one body over several years."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from govinfo_report.formats._common import APPLICANTS
from govinfo_report.model import AnnualReport, report_value
from govinfo_report.rules._engine import finding
from govinfo_report.rules._finding import Finding

__all__ = ["series_findings"]


def series_findings(reports: Iterable[AnnualReport]) -> Iterator[Finding]:
    """Findings on consecutive years: carry-over (R9) and in-force drift (R10)."""
    dated = sorted((r for r in reports if r.meta.year is not None), key=lambda r: r.meta.year or 0)
    names = sorted({r.meta.agency.strip() for r in dated if r.meta.agency})
    if len(names) > 1:
        yield finding("series-agency-mismatch", "/meta/agency", names="、".join(names))
    by_year: dict[int, list[AnnualReport]] = {}
    for r in dated:
        by_year.setdefault(r.meta.year or 0, []).append(r)
    for year, group in by_year.items():
        if len(group) > 1:
            yield finding(
                "series-duplicate-year",
                "/meta/year",
                year=year,
                count=len(group),
                agency=group[0].meta.agency or "",
            )
    for year in sorted(by_year):
        if year - 1 not in by_year or len(by_year[year]) > 1 or len(by_year[year - 1]) > 1:
            continue
        yield from _pair(by_year[year - 1][0], by_year[year][0])


def _pair(previous: AnnualReport, current: AnnualReport) -> Iterator[Finding]:
    year, prev_year = current.meta.year, previous.meta.year
    cur_cells, prev_cells = current.spec.cells_by_key, previous.spec.cells_by_key
    for col in APPLICANTS.columns:
        cin = cur_cells[("table3", "carried_over", col.key)]
        pout = prev_cells[("table3", "carried_forward", col.key)]
        a, e = report_value(current, cin), report_value(previous, pout)
        if a is not None and e is not None and a != e:
            yield finding(
                "carry-over-mismatch",
                cin.pointer,
                (cin,),
                expected=e,
                actual=a,
                year=year,
                previous=prev_year,
                subject=col.label,
            )
    for row in ("regulations", "normative_documents"):
        keys = [("table2", row, k) for k in ("issued", "repealed", "in_force")]
        if not all(k in cur_cells for k in keys) or ("table2", row, "in_force") not in prev_cells:
            continue  # only 2021-format pairs have these columns
        issued, repealed, in_force = (report_value(current, cur_cells[k]) for k in keys)
        before = report_value(previous, prev_cells[("table2", row, "in_force")])
        if None in (issued, repealed, in_force, before):
            continue
        expected = before + issued - repealed  # type: ignore[operator]
        if expected != in_force:
            cell = cur_cells[keys[2]]
            yield finding(
                "in-force-drift",
                cell.pointer,
                (cell, *(cur_cells[k] for k in keys[:2])),
                expected=expected,
                actual=in_force,
                year=year,
                subject=cell.row.labels[-1],
                previous_in_force=before,
                issued=issued,
                repealed=repealed,
            )
