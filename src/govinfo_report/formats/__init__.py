"""Registry of the official format versions.

A future revision of the format is one new declaration module plus one line in
:data:`_REGISTRY`.
"""

from __future__ import annotations

from govinfo_report.errors import UsageError
from govinfo_report.formats._common import PLACEHOLDERS
from govinfo_report.formats._f2019 import FORMAT_2019
from govinfo_report.formats._f2021 import FORMAT_2021
from govinfo_report.formats._spec import (
    CellSpec,
    Column,
    ColumnSet,
    FormatSpec,
    Identity,
    Kind,
    Row,
    TableSpec,
    TextSection,
)

__all__ = [
    "PLACEHOLDERS",
    "CellSpec",
    "Column",
    "ColumnSet",
    "FormatSpec",
    "Identity",
    "Kind",
    "Row",
    "TableSpec",
    "TextSection",
    "format_for_year",
    "formats",
    "get_format",
]

_REGISTRY: dict[str, FormatSpec] = {f.id: f for f in (FORMAT_2019, FORMAT_2021)}


def formats() -> tuple[FormatSpec, ...]:
    """Every known format version, oldest first."""
    return tuple(_REGISTRY.values())


def get_format(format_id: str | FormatSpec) -> FormatSpec:
    """The format with the given id (``"2019"`` or ``"2021"``).

    Raises:
        UsageError: the id names no known format.
    """
    if isinstance(format_id, FormatSpec):
        return format_id
    try:
        return _REGISTRY[str(format_id)]
    except KeyError:
        known = ", ".join(_REGISTRY)
        msg = f"unknown report format {format_id!r}; known formats: {known}"
        raise UsageError(msg) from None


def format_for_year(year: int) -> FormatSpec:
    """The format that reports for ``year`` must use.

    Years before 2019 predate the unified format; they get the 2019 trial format,
    the closest one.
    """
    for spec in reversed(formats()):
        if spec.covers(year):
            return spec
    return formats()[0]
