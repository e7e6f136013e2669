"""Building reports from data: the JSON shape as a dict, or the strings a web form posts.

Portals build reports from forms and from their own databases.  :func:`from_dict`
takes the JSON document's shape (as :func:`govinfo_report.to_json` writes it, parsed);
:func:`from_form` takes flat fields addressed by JSON pointer, by dotted key or by the
official labels, every value a string as a browser sends it.  Both give a report or a
:class:`ReportError` that lists every bad field with its path, never a half-built report.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from govinfo_report._converter import structure_report
from govinfo_report.errors import ReadError, ReportError, UsageError
from govinfo_report.formats import CellSpec, FormatSpec, format_for_year, formats, get_format
from govinfo_report.formats import _common as labels
from govinfo_report.io._csv import parse_number
from govinfo_report.model import AnnualReport, ReportMeta, Value, find_cell, from_values

__all__ = ["from_dict", "from_form", "parse_year"]

_META_FIELDS = {
    "agency": "agency",
    labels.META_AGENCY: "agency",
    "year": "year",
    labels.META_YEAR: "year",
    "level": "level",
    labels.META_LEVEL: "level",
    "region": "region",
    labels.META_REGION: "region",
    "published": "published",
    labels.META_PUBLISHED: "published",
}
_FORMAT_FIELDS = frozenset({"format", labels.META_FORMAT})
_CN_DIGITS = str.maketrans("〇零○Ｏ一二三四五六七八九", "0000123456789")
_YEAR = re.compile(r"^\s*(\d{4})\s*(?:年度?)?\s*$")
_MAX_FIELD = 100_000
"""Longest text accepted in one field (a section's text; a cell is far shorter)."""


def parse_year(text: str) -> int | None:
    """A report year as people write it: ``2021``, ``2021年``, ``2021年度``, ``二〇二一``, ``二零二一年``."""
    m = _YEAR.match(text.translate(_CN_DIGITS))
    return int(m.group(1)) if m else None


def from_dict(data: Mapping[str, Any]) -> AnnualReport:
    """A report from the JSON document's shape (``$schema`` optional).

    Raises:
        ReportError: the data is not a report; ``problems`` lists each bad field with its JSON path.
    """
    try:
        return structure_report(dict(data) if isinstance(data, Mapping) else data)
    except ReportError:
        raise
    except ReadError as exc:
        raise ReportError(exc.summary, exc.problems) from None


def _pick_format(fields: Mapping[str, Any], explicit: str | FormatSpec | None) -> tuple[FormatSpec | None, str]:
    if explicit is not None:
        return get_format(explicit), ""
    named = next((fields[k] for k in _FORMAT_FIELDS if k in fields and str(fields[k]).strip()), None)
    if named is not None:
        try:
            return get_format(str(named).strip()), ""
        except UsageError:
            return None, f"unknown format {named!r}; formats: {', '.join(f.id for f in formats())}"
    year_text = next((str(fields[k]) for k in ("year", labels.META_YEAR) if k in fields), "")
    year = parse_year(year_text) if year_text.strip() else None
    return (format_for_year(year) if year else formats()[-1]), ""


def _cell(spec: FormatSpec, key: str) -> CellSpec | None:
    """The cell a field names: a JSON pointer, a dotted key (``table3.granted.total``) or ``表|行|列`` labels."""
    if key.startswith("/"):
        return spec.cells_by_pointer.get(key)
    parts = key.split("|") if "|" in key else key.split(".") if "." in key and "|" not in key else []
    if len(parts) != 3:  # noqa: PLR2004 - table, row, column
        return None
    if "|" not in key:
        return spec.cells_by_pointer.get("/" + "/".join(p.strip() for p in parts))
    try:
        return find_cell(spec, *parts)
    except UsageError:
        return None


def from_form(fields: Mapping[str, Any], *, format: str | FormatSpec | None = None) -> AnnualReport:  # noqa: A002
    """A report from a web form's fields, every value a string as a browser posts it.

    Fields name cells by JSON pointer (``/table3/granted/total``), by dotted key (``table3.granted.total``) or by
    official labels (``三|（一）予以公开|自然人``, trailing label parts as in :meth:`AnnualReport.cell`);
    metadata by key or label (``agency``/``机关名称``, ``year``/``年度`` — ``2021``, ``2021年`` or
    ``二〇二一`` —, ``level``, ``region``, ``published`` as ``YYYY-MM-DD``, ``format``); the text sections by key
    (``general_situation``, ``problems``, ``other_matters``) or heading (``一、总体情况``). A blank field is a blank
    cell; a placeholder (``-``, ``无``) or text such as ``12件`` is kept as the cell's raw text, for validation to
    report. The format is ``format``, else the form's ``format`` field, else the year's, else the newest.

    Raises:
        ReportError: a field names nothing of the format, or holds what its field cannot take; ``problems``
            lists every one, with its field name.
    """
    if not isinstance(fields, Mapping):
        msg = f"from_form takes a mapping of field names to strings, not {type(fields).__name__}"
        raise UsageError(msg)
    spec, why = _pick_format(fields, format)
    if spec is None:
        raise ReportError("the form is not a report", [("format", why)])
    form = _Form(spec)
    for name, given in fields.items():
        form.take(name, given)
    try:
        report_meta = ReportMeta(**form.meta)
    except UsageError as exc:
        form.problems.append(("published", str(exc)))
        report_meta = ReportMeta()
    if form.problems:
        raise ReportError("the form is not a report", form.problems)
    return from_values(spec, form.values, meta=report_meta, raw=form.raw, **form.sections)


class _Form:
    """What the fields of a form give, and what is wrong with them."""

    def __init__(self, spec: FormatSpec) -> None:
        self.spec = spec
        self.texts = {s.key: s.key for s in spec.text_sections} | {s.title: s.key for s in spec.text_sections}
        self.problems: list[tuple[str, str]] = []
        self.meta: dict[str, Any] = {}
        self.sections: dict[str, str | None] = {}
        self.values: list[tuple[CellSpec, Value]] = []
        self.raw: dict[str, str] = {}
        self.seen: dict[str, str] = {}

    def take(self, name: Any, given: Any) -> None:
        if not isinstance(name, str):
            self.problems.append((repr(name), "a field name is a string"))
            return
        if (given is not None and not isinstance(given, str | int)) or isinstance(given, bool):
            self.problems.append((name, f"a field holds a string, not {type(given).__name__}"))
            return
        text = "" if given is None else str(given)
        if len(text) > _MAX_FIELD:
            self.problems.append((name, f"{len(text)} characters; the limit is {_MAX_FIELD}"))
        elif name in _FORMAT_FIELDS:
            return
        elif name in _META_FIELDS:
            self.take_meta(name, _META_FIELDS[name], text)
        elif name in self.texts:
            self.sections[self.texts[name]] = text.strip() or None
        else:
            self.take_cell(name, text)

    def take_meta(self, name: str, key: str, text: str) -> None:
        if not text.strip():
            return
        if key != "year":
            self.meta[key] = text.strip()
            return
        year = parse_year(text)
        if year is None:
            self.problems.append((name, f"年度 is a year such as 2021 or 二〇二一, not {text!r}"))
        else:
            self.meta["year"] = year

    def take_cell(self, name: str, text: str) -> None:
        cell = _cell(self.spec, name)
        if cell is None:
            self.problems.append((name, f"names no cell of the {self.spec.id} format"))
            return
        if cell.pointer in self.seen:
            self.problems.append((name, f"the same cell as field {self.seen[cell.pointer]!r}"))
            return
        self.seen[cell.pointer] = name
        number, raw_text = parse_number(text, cell.kind)  # bounded: a 5,000-digit "number" stays text
        self.values.append((cell, number))
        if raw_text is not None:
            self.raw[cell.pointer] = raw_text
