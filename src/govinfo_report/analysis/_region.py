"""A region's bodies: an issuer registry, the sum of children's reports, and the check of a parent against it.

The registry is a CSV file with a header and one row per body::

    机关名称,层级,上级机关,区划代码,汇总下级
    某某县人民政府,县级,,350128,是
    某某县教育局,县级部门,某某县人民政府,,
    某某县人民政府办公室,县级部门,某某县人民政府,,

(or the English header ``agency,level,parent,code,covers``).  ``上级机关`` names the parent by its
机关名称; ``区划代码`` is optional.  ``汇总下级`` says that the body's report covers its children, so
that its figures should be their sum; when the column is absent every body with children is taken to.
A parent that also reports its own work lists itself (its office) as a child.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping
from functools import cached_property
from pathlib import Path

from attrs import frozen

from govinfo_report.errors import ReadError, UsageError
from govinfo_report.formats._common import META_AGENCY, META_LEVEL
from govinfo_report.model import AnnualReport, ReportMeta, Value, from_values
from govinfo_report.rules._engine import finding
from govinfo_report.rules._finding import Finding, ValidationResult

__all__ = ["Issuer", "RegionCheck", "Registry", "aggregate", "check_aggregate", "check_region", "read_registry"]

_PARENT = "上级机关"
_CODE = "区划代码"
_COVERS = "汇总下级"
_HEADERS = {
    "agency": ("agency", META_AGENCY),
    "level": ("level", META_LEVEL),
    "parent": ("parent", _PARENT),
    "code": ("code", _CODE),
    "covers": ("covers", _COVERS),
}
_YES = frozenset({"是", "yes", "y", "true", "1", "x", "√"})
_MAX_ROWS = 1_000_000


def _name(text: str | None) -> str:
    """An agency name as matched: whitespace removed."""
    return "".join((text or "").split())


@frozen
class Issuer:
    """One body of the registry."""

    agency: str
    level: str | None = None
    parent: str | None = None
    """The 机关名称 of the body above it, if any."""
    code: str | None = None
    """区划代码, if given."""
    covers: bool = False
    """Its report covers its children: its figures should be their sum."""


@frozen
class Registry:
    """The bodies of a region, with who is under whom."""

    issuers: tuple[Issuer, ...]

    def __attrs_post_init__(self) -> None:
        seen: set[str] = set()
        for i in self.issuers:
            key = _name(i.agency)
            if not key or key in seen:
                msg = f"registry: agency {i.agency!r} is {'blank' if not key else 'listed twice'}"
                raise UsageError(msg)
            seen.add(key)

    @cached_property
    def _by_name(self) -> dict[str, Issuer]:
        return {_name(i.agency): i for i in self.issuers}

    @cached_property
    def _children(self) -> dict[str, tuple[Issuer, ...]]:
        out: dict[str, list[Issuer]] = {}
        for i in self.issuers:
            if i.parent is not None:
                out.setdefault(_name(i.parent), []).append(i)
        return {k: tuple(v) for k, v in out.items()}

    def find(self, agency: str | None) -> Issuer | None:
        """The issuer of that name (whitespace ignored), or None."""
        return self._by_name.get(_name(agency))

    def children(self, agency: str) -> tuple[Issuer, ...]:
        """The bodies directly under ``agency``."""
        return self._children.get(_name(agency), ())

    def parents(self) -> tuple[Issuer, ...]:
        """The bodies whose report covers their children (and that have children)."""
        return tuple(i for i in self.issuers if i.covers and self.children(i.agency))


def read_registry(source: str | Path) -> Registry:
    """Read a registry CSV (a path, or the CSV text when it contains a line break).

    Raises:
        ReadError: no 机关名称/agency column, a parent not in the registry, a row too many, or a file that
            cannot be read.
        UsageError: an agency blank or listed twice.
    """
    if isinstance(source, Path) or "\n" not in source:
        try:
            text = Path(source).read_text("utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            msg = f"registry {source}: {exc}"
            raise ReadError(msg) from None
    else:
        text = source.lstrip("\ufeff")
    try:
        return _registry(csv.DictReader(io.StringIO(text)))
    except csv.Error as exc:
        msg = f"registry: not a CSV file: {exc}"
        raise ReadError(msg) from None


def _registry(reader: csv.DictReader[str]) -> Registry:
    fields = {(f or "").strip(): f for f in reader.fieldnames or ()}
    column = {k: next((fields[n] for n in names if n in fields), None) for k, names in _HEADERS.items()}
    if column["agency"] is None:
        msg = f"registry: no {META_AGENCY} (agency) column; columns: {', '.join(fields) or 'none'}"
        raise ReadError(msg, [("header", "no agency column")])

    def get(row: Mapping[str, str | None], key: str) -> str | None:
        name = column[key]
        value = (row.get(name) or "").strip() if name is not None else ""
        return value or None

    issuers = []
    for n, row in enumerate(reader, start=2):
        if n > _MAX_ROWS:
            msg = f"registry: more than {_MAX_ROWS} rows"
            raise ReadError(msg)
        agency = get(row, "agency")
        if agency is None:
            continue
        covers = get(row, "covers")
        issuers.append(
            Issuer(
                agency,
                get(row, "level"),
                get(row, "parent"),
                get(row, "code"),
                # without the column, every body with children covers them
                (covers or "").lower() in _YES if column["covers"] is not None else True,
            )
        )
    registry = Registry(tuple(issuers))
    for i in registry.issuers:
        if i.parent is not None and registry.find(i.parent) is None:
            msg = f"registry: the parent {i.parent!r} of {i.agency!r} is not in the registry"
            raise ReadError(msg, [(i.agency, "parent not listed")])
    return registry


def _one_format(reports: list[AnnualReport]) -> str:
    formats = {r.format for r in reports}
    if len(formats) != 1:
        msg = f"the reports are in {len(formats)} formats ({', '.join(sorted(formats))}); upgrade the 2019 ones first"
        raise UsageError(msg)
    return formats.pop()


def _sums(reports: list[AnnualReport]) -> list[Value]:
    out: list[Value] = []
    for values in zip(*(r.values() for r in reports), strict=True):
        filled = [v for v in values if v is not None]
        out.append(sum(filled) if filled else None)
    return out


def aggregate(children: Iterable[AnnualReport], *, agency: str | None = None, year: int | None = None) -> AnnualReport:
    """The sum of the children's reports, cell by cell: a report of the same format.

    A cell is blank when it is blank in every child, else the sum of the children that filled it.  The text
    sections are left blank.  ``year`` defaults to the children's common year.

    Raises:
        UsageError: no child, children in different formats or (without ``year``) of different years.
    """
    reports = list(children)
    if not reports:
        msg = "aggregate needs at least one report"
        raise UsageError(msg)
    _one_format(reports)
    years = {r.meta.year for r in reports}
    if year is None:
        if len(years) != 1:
            msg = f"the reports are of several years ({', '.join(str(y) for y in sorted(years, key=str))}); give year"
            raise UsageError(msg)
        year = years.pop()
    spec = reports[0].spec
    return from_values(spec, zip(spec.cells, _sums(reports), strict=True), meta=ReportMeta(agency=agency, year=year))


def check_aggregate(parent: AnnualReport, children: Iterable[AnnualReport]) -> ValidationResult:
    """A finding (``aggregate-mismatch``) on every cell of ``parent`` that differs from the children's sum.

    A cell blank in the parent, or blank in every child, is not compared.

    Raises:
        UsageError: no child, or the reports are not all in one format.
    """
    reports = list(children)
    if not reports:
        msg = "check_aggregate needs at least one child report"
        raise UsageError(msg)
    _one_format([parent, *reports])
    return ValidationResult(tuple(_mismatches(parent, reports)))


def _mismatches(parent: AnnualReport, children: list[AnnualReport]) -> Iterator[Finding]:
    for (cell, value), total in zip(parent.iter_cells(), _sums(children), strict=True):
        if value is None or total is None or value == total:
            continue
        table, row, column = cell.labels
        yield finding(
            "aggregate-mismatch",
            cell.pointer,
            (cell,),
            expected=total,
            actual=value,
            agency=parent.meta.agency or "",
            count=len(children),
            table=table,
            row=row or "—",
            column=column,
        )


@frozen
class RegionCheck:
    """One parent of the registry in one year: the check, or why it was not made."""

    parent: str
    year: int | None
    children: tuple[str, ...]
    missing: tuple[str, ...]
    """Children without a report for the year: the check is not made."""
    result: ValidationResult | None


def check_region(registry: Registry, reports: Iterable[AnnualReport]) -> tuple[RegionCheck, ...]:
    """Every covering parent of ``registry`` against its children, year by year, where all have a report.

    Reports are matched to the registry by 机关名称 (whitespace ignored).  A year in which a child has no report,
    or in which the reports are in different formats, is listed with ``result`` None.
    """
    by_key: dict[tuple[str, int | None], AnnualReport] = {}
    for r in reports:
        by_key[(_name(r.meta.agency), r.meta.year)] = r
    out: list[RegionCheck] = []
    for parent in registry.parents():
        kids = registry.children(parent.agency)
        for year in sorted({y for (a, y) in by_key if a == _name(parent.agency)}, key=lambda y: y or 0):
            report = by_key[(_name(parent.agency), year)]
            found = [by_key.get((_name(k.agency), year)) for k in kids]
            missing = tuple(k.agency for k, f in zip(kids, found, strict=True) if f is None)
            present = [f for f in found if f is not None]
            result = None
            if not missing and len({report.format, *(f.format for f in present)}) == 1:
                result = check_aggregate(report, present)
            out.append(RegionCheck(parent.agency, year, tuple(k.agency for k in kids), missing, result))
    return tuple(out)
