"""Validation: findings about a report, never exceptions.

``validate(report)`` returns a :class:`ValidationResult`; ``iter_findings`` yields
lazily; ``is_valid`` answers yes or no; ``validate_series`` checks the reports
of one body across years.  Every code is in :data:`CATALOGUE`.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterable, Iterator

from govinfo_report.model import AnnualReport
from govinfo_report.rules import _text  # noqa: F401 - registers the checks of text against tables
from govinfo_report.rules._catalogue import CATALOGUE, FEE_UNIT_THRESHOLD
from govinfo_report.rules._checks import REPORT_RULES
from govinfo_report.rules._engine import Context, Selection
from govinfo_report.rules._finding import Code, Finding, Lang, Severity, ValidationResult
from govinfo_report.rules._series import series_findings

__all__ = [
    "CATALOGUE",
    "FEE_UNIT_THRESHOLD",
    "Code",
    "Finding",
    "Lang",
    "Severity",
    "ValidationResult",
    "is_valid",
    "iter_findings",
    "validate",
    "validate_series",
]


def iter_findings(
    report: AnnualReport,
    *,
    pick: Collection[str] | None = None,
    skip: Collection[str] | None = None,
    today: datetime.date | None = None,
) -> Iterator[Finding]:
    """Yield the findings on ``report`` one by one.

    Args:
        report: the report to check.
        pick: only these codes or tags (e.g. ``{"arithmetic"}``); all when None.
        skip: leave out these codes or tags (e.g. ``{"cell-empty"}``).
        today: the date against which the report year is judged (default: today).

    Raises:
        UsageError: ``pick`` or ``skip`` names an unknown code or tag.
    """
    selection = Selection.of(pick, skip)
    ctx = Context(report, report.spec, report.values(), today or datetime.date.today())  # noqa: DTZ011
    return REPORT_RULES.run(ctx, selection)


def validate(
    report: AnnualReport,
    *,
    pick: Collection[str] | None = None,
    skip: Collection[str] | None = None,
    today: datetime.date | None = None,
) -> ValidationResult:
    """Check one report; see :func:`iter_findings` for the arguments."""
    selection = Selection.of(pick, skip)
    ctx = Context(report, report.spec, report.values(), today or datetime.date.today())  # noqa: DTZ011
    return ValidationResult(tuple(REPORT_RULES.collect(ctx, selection)))


def is_valid(report: AnnualReport, **kwargs: object) -> bool:
    """True when :func:`validate` finds no error."""
    return validate(report, **kwargs).valid  # type: ignore[arg-type]


def validate_series(
    reports: Iterable[AnnualReport],
    *,
    pick: Collection[str] | None = None,
    skip: Collection[str] | None = None,
) -> ValidationResult:
    """Check the reports of one body across years (carry-over, in-force drift, gaps, jumps).

    Only the cross-year checks run here; validate each report with :func:`validate`.
    """
    selection = Selection.of(pick, skip)
    return ValidationResult(tuple(f for f in series_findings(reports) if f.code in selection.codes))
