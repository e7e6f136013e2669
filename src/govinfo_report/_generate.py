"""Generated report files for tests and benchmarks: many reports of both formats, some wrong, one unreadable.

``python -m govinfo_report._generate DIR N`` writes N files into DIR.
"""

from __future__ import annotations

import random
import sys
from decimal import Decimal
from pathlib import Path

from govinfo_report.formats import Kind, formats
from govinfo_report.io import write
from govinfo_report.model import AnnualReport, ReportMeta, blank_report, fill_totals

__all__ = ["generate_corpus", "generate_report"]

_BLANK_SHARE = 0.3
_WRONG_EVERY = 3


def generate_report(seed: int) -> AnnualReport:
    """A report of the format and year the seed picks: every third cell blank, totals filled, some totals wrong."""
    rnd = random.Random(seed)  # noqa: S311 - test data, not secrets
    spec = formats()[seed % len(formats())]
    year = spec.first_year + rnd.randrange(2)
    report = blank_report(spec.id, year=year, agency=f"测试机关{seed:05d}")
    values: dict[str, int | Decimal | None] = {}
    for cell in spec.cells:
        if rnd.random() < _BLANK_SHARE or cell.column.total or cell.row.total:
            continue
        if cell.kind is Kind.AMOUNT:
            values[cell.pointer] = Decimal(rnd.randrange(0, 10**6)) / 100
        elif cell.kind is Kind.SIGNED_COUNT:
            values[cell.pointer] = rnd.randrange(-5, 6)
        else:
            values[cell.pointer] = rnd.randrange(0, 50)
    report = fill_totals(report.with_values(values))
    balance: dict[str, int | Decimal | None] = {}
    for column in spec.tables_by_key["table3"].rows[0].columns.columns:  # 新收 + 结转 = 办理 + 结转下年
        if column.total:
            continue
        handled = report.cell("table3", "total_handled", column.key) or 0
        came = (report.cell("table3", "new_received", column.key) or 0) + (
            report.cell("table3", "carried_over", column.key) or 0
        )
        balance[f"/table3/carried_forward/{column.key}"] = max(came - handled, 0)
        balance[f"/table3/new_received/{column.key}"] = max(came, handled) - (
            report.cell("table3", "carried_over", column.key) or 0
        )
    report = fill_totals(report.with_values(balance))
    if seed % _WRONG_EVERY == _WRONG_EVERY - 1:  # a wrong total: an error finding
        report = report.with_values({"/table4/review/total": 10**6})
    meta = ReportMeta(agency=report.meta.agency, year=year, level="县级", region=f"地区{seed % 7}")
    return AnnualReport(
        format=report.format,
        meta=meta,
        general_situation="总体情况。",
        table2=report.table2,
        table3=report.table3,
        table4=report.table4,
        problems="问题。",
        other_matters="无。",
    )


def generate_corpus(root: Path, n: int, *, kinds: tuple[str, ...] = ("json", "csv"), broken: bool = True) -> list[Path]:
    """Write ``n`` reports into ``root`` (spread over two sub-folders), plus one unreadable file when ``broken``."""
    paths = []
    for i in range(n):
        folder = root / f"part{i % 2}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"r{i:05d}.{kinds[i % len(kinds)]}"
        write(generate_report(i), path)
        paths.append(path)
    if broken:
        bad = root / "broken.json"
        bad.write_text("{not json", encoding="utf-8")
        paths.append(bad)
    return paths


if __name__ == "__main__":  # pragma: no cover
    generate_corpus(Path(sys.argv[1]), int(sys.argv[2]), broken=False)
