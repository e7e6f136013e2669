"""The 2019 ↔ 2021 cross-walk: which cells of the formats mean the same thing.

Declared once, here, and used by the dataset's wide columns, by ``compare``, by the
indicators and by ``upgrade``.  Almost all of it follows from the two declarations:
a cell of one format and a cell of the other mean the same thing when they have the
same table, row and column keys and the same kind and unit.  The one table written by
hand is :data:`CORRESPONDENCES`: a row one format has whose meaning the other format
splits into several rows.

A *concept* is one such meaning, named ``t<table>.<row key>.<column key>``
(``t3.granted.total``), with the cell (or, for a correspondence, the cells whose sum)
that holds it in each format.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from attrs import frozen

from govinfo_report.errors import UsageError
from govinfo_report.formats import CellSpec, Kind, formats, get_format

__all__ = ["CORRESPONDENCES", "Concept", "Correspondence", "concept_name", "concepts", "concepts_by_name"]


@frozen
class Correspondence:
    """A concept one format holds in several of its cells: their sum, blank when all are blank."""

    table: str
    """Table key (``table3``)."""
    row: str
    """The row whose columns the format does not have (``other_handling``)."""
    format: str
    """The format that lacks the row."""
    parts: tuple[str, ...]
    """The rows of that format whose sum, column by column, means the same."""
    note: str


CORRESPONDENCES: tuple[Correspondence, ...] = (
    Correspondence(
        "table3",
        "other_handling",
        "2021",
        ("other_no_correction", "other_fee_unpaid", "other_other"),
        "2019 has one row （六）其他处理; 2021 splits it into three rows, whose sum is the 2019 row.",
    ),
)
"""The one declared table of the cross-walk.

Everything else follows from the declarations: a cell of one format and a cell
of the other share a concept when they have the same table, row and column
keys and the same kind and unit; any other cell is a concept of its own, absent
from reports of the other format.
"""


@frozen
class Concept:
    """One meaning of a cell across the formats, and where each format holds it."""

    name: str
    """``t3.granted.total``: table number, row key, column key."""
    kind: Kind
    unit: str
    sources: Mapping[str, tuple[CellSpec, ...]]
    """Per format id, the cells whose value (or, for several, sum) holds it; a format not listed has no place
    for it."""

    @property
    def derived(self) -> frozenset[str]:
        """The formats that hold the concept as a sum of cells."""
        return frozenset(f for f, cells in self.sources.items() if len(cells) > 1)


def concept_name(cell: CellSpec) -> str:
    """The concept name of a cell: ``t3.granted.total``."""
    return f"t{cell.table.key.removeprefix('table')}.{cell.row.key}.{cell.column.key}"


@cache
def concepts() -> tuple[Concept, ...]:
    """Every concept, in order: table by table, each format's cells in turn.

    Raises:
        UsageError: two formats declare cells with the same keys but another kind or unit.
    """
    specs = formats()
    found: dict[str, dict[str, Any]] = {}
    for table in specs[0].tables:
        for spec in specs:
            for cell in spec.cells:
                if cell.table.key != table.key:
                    continue
                name = concept_name(cell)
                entry = found.setdefault(name, {"kind": cell.kind, "unit": cell.column.unit, "sources": {}})
                if (entry["kind"], entry["unit"]) != (cell.kind, cell.column.unit):
                    msg = f"{name}: formats disagree on kind or unit; declare the cells apart"
                    raise UsageError(msg)
                entry["sources"][spec.id] = (cell,)
    for c in CORRESPONDENCES:
        spec = get_format(c.format)
        for other in specs:
            if other.id == c.format:
                continue
            for column in other.tables_by_key[c.table].rows_by_key[c.row].columns.columns:
                name = f"t{c.table.removeprefix('table')}.{c.row}.{column.key}"
                parts = tuple(spec.cells_by_key[(c.table, r, column.key)] for r in c.parts)
                found[name]["sources"][spec.id] = parts
    return tuple(Concept(n, v["kind"], v["unit"], dict(v["sources"])) for n, v in found.items())


@cache
def concepts_by_name() -> dict[str, Concept]:
    """:func:`concepts` by name."""
    return {c.name: c for c in concepts()}
