"""2019 → 2021: a trial-format report in the 2021 format, with what has no place said, never invented.

Every cell whose concept the two formats share (the cross-walk) is carried with its value and its
raw text.  The 2019 single row （六）其他处理, which 2021 splits into three items, is kept whole as an
extra row (:class:`~govinfo_report.ExtraRow`), so the arithmetic of table 三 still adds up and nothing is
attributed to an item it may not belong to.  Every other 2019 cell has no place in 2021 (the （九）政府集中采购
row, the 上一年项目数量 and 本年增/减 columns, ...) and is listed in the loss report with its value.
"""

from __future__ import annotations

from attrs import frozen

from govinfo_report.errors import UsageError
from govinfo_report.formats import CellSpec, get_format
from govinfo_report.formats._crosswalk import concepts
from govinfo_report.model import AnnualReport, ExtraRow, Value, from_values, report_value

__all__ = ["Loss", "Upgrade", "upgrade"]

_TARGET = "2021"
_SOURCE = "2019"


@frozen
class Loss:
    """A cell of the old report that has no place in the new format."""

    pointer: str
    """Its JSON pointer in the old format."""
    labels: tuple[str, str, str]
    """Its official label triple in the old format."""
    value: Value
    raw: str | None
    """The text found in the cell, when it was not a clean number."""
    kept: bool
    """True when it is kept in the new report as an extra row (its value is not lost, only not placed)."""

    @property
    def filled(self) -> bool:
        """Whether the old report had something in the cell."""
        return self.value is not None or self.raw is not None


@frozen
class Upgrade:
    """The result of :func:`upgrade`: the new report, and the cells with no place in it."""

    report: AnnualReport
    carried: int
    """How many cells were carried into a cell of the new format."""
    losses: tuple[Loss, ...]

    @property
    def lost(self) -> tuple[Loss, ...]:
        """The losses that held something and are not kept as an extra row: what the new report does not have."""
        return tuple(loss for loss in self.losses if loss.filled and not loss.kept)

    def summary(self, lang: str = "en") -> str:
        """One line: carried, kept as extra rows, and lost with values."""
        kept = sum(1 for loss in self.losses if loss.kept)
        lost = self.lost
        names = "; ".join(" / ".join(p for p in loss.labels if p) for loss in lost[:6]) + (
            " …" if len(lost) > 6 else ""  # noqa: PLR2004 - a short list
        )
        if lang == "zh":
            return (
                f"已转为{self.report.format}年格式：{self.carried} 个单元格对应转入，{kept} 个作为格式以外的行保留，"
                f"{len(self.losses) - kept} 个无对应位置（其中 {len(lost)} 个有值{('：' + names) if lost else ''}）"
            )
        return (
            f"upgraded to the {self.report.format} format: {self.carried} cells carried, {kept} kept as an extra row, "
            f"{len(self.losses) - kept} with no place ({len(lost)} of them filled{(': ' + names) if lost else ''})"
        )


def _plan() -> tuple[list[tuple[CellSpec, CellSpec]], list[CellSpec], list[CellSpec]]:
    """(old cell, new cell) pairs carried; old cells kept as an extra row; old cells with no place."""
    carried: list[tuple[CellSpec, CellSpec]] = []
    kept: list[CellSpec] = []
    placed: set[int] = set()
    for c in concepts():
        old, new = c.sources.get(_SOURCE), c.sources.get(_TARGET)
        if old is None or new is None or len(old) != 1:
            continue
        if len(new) == 1:
            carried.append((old[0], new[0]))
        else:
            kept.append(old[0])
        placed.add(old[0].index)
    lost = [cell for cell in get_format(_SOURCE).cells if cell.index not in placed]
    return carried, kept, lost


def upgrade(report: AnnualReport, to: str = _TARGET) -> Upgrade:
    """A 2019-format report in the 2021 format, with the loss report; a 2021-format report comes back as it is.

    The metadata, the text sections, the provenance and the rows already kept as extra rows are carried as
    they are.  The report year is not changed: an upgraded 2019 or 2020 report is reported by
    ``format-year-mismatch`` when validated, as it should be.

    Raises:
        UsageError: ``to`` is not ``2021``.
    """
    if get_format(to).id != _TARGET:
        msg = f"upgrade goes to the {_TARGET} format, not {to!r}"
        raise UsageError(msg)
    if report.format == _TARGET:
        return Upgrade(report, 0, ())
    carried, kept, lost = _plan()
    raw = report.raw
    pairs = [(new, report_value(report, old)) for old, new in carried]
    new_raw = {new.pointer: raw[old.pointer] for old, new in carried if old.pointer in raw}
    sources = {new.pointer: report.sources[old.pointer] for old, new in carried if old.pointer in report.sources}
    extra: list[ExtraRow] = []
    rows = dict.fromkeys(c.row for c in kept)
    for row in rows:
        cells = [c for c in kept if c.row is row]
        values = tuple(report_value(report, c) for c in cells)
        texts = tuple(raw.get(c.pointer) for c in cells)
        extra.append(
            ExtraRow(
                table=cells[0].table.number,
                labels=row.labels,
                columns=tuple(c.column.label for c in cells),
                values=values,
                raw=texts if any(t is not None for t in texts) else (),
                source=f"upgraded from the {_SOURCE} format",
            )
        )
    new_report = from_values(
        get_format(_TARGET),
        pairs,
        meta=report.meta,
        general_situation=report.general_situation,
        problems=report.problems,
        other_matters=report.other_matters,
        raw=new_raw,
        sources=sources,
        extra_rows=(*report.extra_rows, *extra),
        provenance=report.provenance,
    )
    losses = tuple(
        Loss(c.pointer, c.labels, report_value(report, c), raw.get(c.pointer), kept=c in kept)
        for c in sorted((*kept, *lost), key=lambda c: c.index)
    )
    return Upgrade(new_report, len(pairs), losses)
