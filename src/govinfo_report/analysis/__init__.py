"""Analysis for evaluators: indicators, comparisons, 2019 → 2021, and a region's bodies.

- :data:`INDICATORS`, :func:`indicators`, :func:`rate`: the rates evaluations score, as a catalogue of data.
- :func:`compare`: two reports cell by cell, across the formats through the cross-walk.
- :func:`upgrade`: a 2019-format report in the 2021 format, with a loss report.
- :func:`read_registry`, :func:`aggregate`, :func:`check_aggregate`, :func:`check_region`: a region's bodies.
"""

from __future__ import annotations

from govinfo_report.analysis._compare import INDICATOR_TABLE, CompareRow, Comparison, compare
from govinfo_report.analysis._indicators import (
    INDICATORS,
    PLACES,
    VERSION,
    Indicator,
    Rating,
    Term,
    Variant,
    indicators,
    indicators_document,
    indicators_page,
    rate,
)
from govinfo_report.analysis._region import (
    Issuer,
    RegionCheck,
    Registry,
    aggregate,
    check_aggregate,
    check_region,
    read_registry,
)
from govinfo_report.analysis._upgrade import Loss, Upgrade, upgrade

__all__ = [
    "INDICATORS",
    "INDICATOR_TABLE",
    "PLACES",
    "VERSION",
    "CompareRow",
    "Comparison",
    "Indicator",
    "Issuer",
    "Loss",
    "Rating",
    "RegionCheck",
    "Registry",
    "Term",
    "Upgrade",
    "Variant",
    "aggregate",
    "check_aggregate",
    "check_region",
    "compare",
    "indicators",
    "indicators_document",
    "indicators_page",
    "rate",
    "read_registry",
    "upgrade",
]
