"""Checks across the reports of one body over several years."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from govinfo_report.formats import Kind
from govinfo_report.formats._common import APPLICANTS
from govinfo_report.formats._crosswalk import concepts
from govinfo_report.model import AnnualReport, report_value
from govinfo_report.rules._catalogue import SERIES_JUMP_FACTOR, SERIES_JUMP_MIN
from govinfo_report.rules._engine import finding
from govinfo_report.rules._finding import Finding

__all__ = ["series_findings"]


def series_findings(reports: Iterable[AnnualReport]) -> Iterator[Finding]:
    """Findings across the years: carry-over (R9), in-force drift (R10), gaps and jumps."""
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
    years = sorted(by_year)
    missing = [y for y in range(years[0], years[-1] + 1) if y not in by_year] if years else []
    if missing:
        yield finding(
            "series-gap",
            "/meta/year",
            agency=names[0] if len(names) == 1 else "",
            first=years[0],
            last=years[-1],
            years="、".join(map(str, missing)),
            years_en=", ".join(map(str, missing)),
        )
    for year in years:
        if year - 1 not in by_year or len(by_year[year]) > 1 or len(by_year[year - 1]) > 1:
            continue
        yield from _pair(by_year[year - 1][0], by_year[year][0])
        yield from _jumps(by_year[year - 1][0], by_year[year][0])


def _jumps(previous: AnnualReport, current: AnnualReport) -> Iterator[Finding]:
    """Cells the two reports share whose value changed by more than the factor, above the minimum."""
    for concept in concepts():
        before_cells, now_cells = concept.sources.get(previous.format), concept.sources.get(current.format)
        if before_cells is None or now_cells is None or len(before_cells) > 1 or len(now_cells) > 1:
            continue
        cell = now_cells[0]
        if cell.kind is Kind.SIGNED_COUNT:
            continue
        before, now = report_value(previous, before_cells[0]), report_value(current, cell)
        if before is None or now is None:
            continue
        high, low = max(before, now), min(before, now)
        if high >= SERIES_JUMP_MIN and (low == 0 or high > SERIES_JUMP_FACTOR * low):
            table, row, column = cell.labels
            yield finding(
                "series-jump",
                cell.pointer,
                (cell,),
                actual=now,
                year=current.meta.year,
                previous=previous.meta.year,
                before=before,
                factor=SERIES_JUMP_FACTOR,
                table=table,
                row=row or "—",
                column=column,
            )


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
