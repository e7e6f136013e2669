"""The label-addressed CSV: one row per data cell, addressed by official labels.

Columns ``table,row,column,value`` (readers ignore columns after these).
``table`` is 二/三/四, ``meta``, or a text section heading; ``row`` and ``column``
are official label paths joined with `` / ``.  An empty value means not filled.

Text that a spreadsheet would run as a formula (starting with ``= + - @``, tab
or CR) is written behind a ``'``, which the reader takes off again, so the
file is safe to open in Excel and still round-trips.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

from govinfo_report.errors import ReadError
from govinfo_report.formats import CellSpec, FormatSpec, Kind, format_for_year, formats, get_format
from govinfo_report.formats import _common as labels
from govinfo_report.model import AnnualReport, ExtraRow, LazyTexts, ReportMeta, Value, format_value, from_values

__all__ = ["HEADER", "MAX_CSV_BYTES", "MAX_NUMBER_CHARS", "bounded_decimal", "dumps", "loads", "parse_number"]

HEADER = ("table", "row", "column", "value")
MAX_CSV_BYTES = 4 * 1024 * 1024
META = "meta"
"""Cell texts that mean "not filled" (kept as raw text, read as ``None``)."""

_DANGEROUS = ("=", "+", "-", "@", "\t", "\r", "'")
MAX_NUMBER_CHARS = 40
"""A cell's number has at most this many characters (a report's largest has about 12); longer is raw text.

Python's conversion of a digit string to an integer is quadratic, and refuses more than 4,300 digits:
untrusted text never reaches it unbounded."""
_INT = re.compile(r"[+-]?\d+")
_DEC = re.compile(r"[+-]?\d+(?:\.\d+)?")
_YEAR = re.compile(r"(\d{4})\s*(?:年度?)?")


def bounded_decimal(value: Decimal) -> bool:
    """Whether a decimal is finite and of a size a report can hold (digits and exponent within bounds).

    ``Decimal("1e1000000")`` is 9 characters, but written out or made an integer it is a million digits.
    """
    return (
        value.is_finite()
        and len(value.as_tuple().digits) <= MAX_NUMBER_CHARS
        and -MAX_NUMBER_CHARS <= value.adjusted() <= MAX_NUMBER_CHARS
    )


def escape_text(text: str) -> str:
    """Protect text from being run as a spreadsheet formula."""
    return "'" + text if text.startswith(_DANGEROUS) else text


def unescape_text(text: str) -> str:
    """Undo :func:`escape_text`."""
    return text.removeprefix("'")


def parse_number(text: str, kind: Kind) -> tuple[Value, str | None]:
    """Read a cell's text: ``(value, raw)``.

    ``raw`` is the text itself when it was not a clean number (a placeholder such
    as ``-``, or text such as ``12件``); the value is then ``None``.  Negative
    numbers are read as numbers so that validation can report them.
    """
    t = text.strip()
    if not t:
        return None, None
    if len(t) > MAX_NUMBER_CHARS:
        return None, text
    if kind is Kind.AMOUNT:
        if _DEC.fullmatch(t):
            try:
                return Decimal(t), None
            except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
                return None, text
    elif _INT.fullmatch(t):
        return int(t), None
    return None, text


def raw_cell_text(text: str, kind: Kind) -> str:
    """Raw text as written: escaped when it looks like a formula or would read as a number."""
    if parse_number(text, kind)[0] is not None:
        return "'" + text
    return escape_text(text)


def dumps(report: AnnualReport) -> str:
    """The report as label CSV text (a blank report gives the template)."""
    buf = io.StringIO(newline="")
    plain = csv.writer(buf, lineterminator="\n")
    # The csv module leaves a lone CR unquoted when lines end in LF; quote such rows whole.
    quoted = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_ALL)

    def writerow(row: tuple[str, ...]) -> None:
        (quoted if any("\r" in f for f in row) else plain).writerow(row)

    writerow(HEADER)
    meta = report.meta
    writerow((META, labels.META_AGENCY, "", escape_text(meta.agency or "")))
    writerow((META, labels.META_YEAR, "", "" if meta.year is None else str(meta.year)))
    writerow((META, labels.META_FORMAT, "", report.format))
    for label, optional in (
        (labels.META_LEVEL, meta.level),
        (labels.META_REGION, meta.region),
        (labels.META_PUBLISHED, meta.published.isoformat() if meta.published else None),
    ):
        if optional is not None:
            writerow((META, label, "", escape_text(optional)))
    raw = report.raw
    values = report.values()
    cells = report.spec.cells
    for section in report.spec.sections:
        if section in report.spec.text_sections:
            section_text = getattr(report, section.key)
            writerow((section.title, "", "", escape_text(section_text or "")))
            continue
        for c in cells:
            if c.table is not section:
                continue
            value = values[c.index]
            text = raw_cell_text(raw[c.pointer], c.kind) if value is None and c.pointer in raw else format_value(value)
            writerow((c.table.number, c.row.label, c.column.label, text))
        for line in _extra_lines(report, section.number):
            writerow(line)
    return buf.getvalue()


def _extra_lines(report: AnnualReport, table: str) -> Iterator[tuple[str, str, str, str]]:
    """The lines of the rows kept that the format does not have, after the table's own cells."""
    for extra in report.extra_rows:
        if extra.table != table:
            continue
        for i, (column, value) in enumerate(zip(extra.columns, extra.values, strict=True)):
            text = extra.raw[i] if extra.raw and value is None else None
            yield (extra.table, extra.label, column, escape_text(text) if text else format_value(value))


def _pick_format(
    explicit: str | FormatSpec | None,
    declared: tuple[str, int] | None,
    year: int | None,
    cell_lines: list[tuple[int, str, str, str, str]],
) -> FormatSpec:
    if explicit is not None:
        return get_format(explicit)
    if declared is not None:
        try:
            return get_format(declared[0])
        except ValueError:
            raise ReadError("unknown format in label CSV", [(f"line {declared[1]}", f"格式 {declared[0]!r}")]) from None
    triples = {(t, r, c) for _, t, r, c, _ in cell_lines}
    fitting = [f for f in formats() if triples <= f.cells_by_labels.keys()]
    if len(fitting) == 1:
        return fitting[0]
    if year is not None:
        return format_for_year(year)
    return fitting[-1] if fitting else formats()[-1]


def _rows(text: str | bytes) -> list[list[str]]:
    if len(text) > MAX_CSV_BYTES:
        msg = f"CSV is {len(text)} bytes; the limit is {MAX_CSV_BYTES}"
        raise ReadError(msg)
    if isinstance(text, bytes):
        data = text
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            try:  # Excel on a Chinese Windows saves CSV as GBK
                text = data.decode("gb18030")
            except UnicodeDecodeError:
                raise ReadError(
                    "label CSV is neither UTF-8 nor GB18030 (GBK) text", [(f"byte {exc.start}", exc.reason)]
                ) from None
    text = text.removeprefix("\ufeff")
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise ReadError("not a readable CSV", [("CSV", str(exc))]) from None
    if not rows or tuple(h.strip().lower() for h in rows[0][:4]) != HEADER:
        raise ReadError("not a label CSV", [("line 1", "expected the header table,row,column,value")])
    return rows


_CellLine = tuple[int, str, str, str, str]
_KNOWN_META = frozenset(labels.META_LABELS)


def _split(rows: list[list[str]]) -> tuple[dict[str, tuple[int, str]], dict[str, str], list[_CellLine]]:
    """Sort the lines into meta rows, text sections and cells."""
    meta: dict[str, tuple[int, str]] = {}
    texts: dict[str, str] = {}
    cell_lines: list[_CellLine] = []
    section_keys = {s.title: s.key for f in formats() for s in f.text_sections}
    for lineno, fields in enumerate(rows[1:], start=2):
        if not any(f.strip() for f in fields):
            continue
        padded = [*fields[:4], "", "", "", ""][:4]
        table, row, column, value = padded[0].strip(), padded[1].strip(), padded[2].strip(), padded[3]
        if table == META:
            meta[row] = (lineno, unescape_text(value.strip()))
        elif table in section_keys:
            texts[section_keys[table]] = unescape_text(value)
        else:
            cell_lines.append((lineno, table, row, column, value))
    return meta, texts, cell_lines


def _read_meta(meta: dict[str, tuple[int, str]], problems: list[tuple[str, str]]) -> ReportMeta:
    problems.extend((f"line {ln}", f"unknown meta row {k!r}") for k, (ln, _) in meta.items() if k not in _KNOWN_META)
    year = None
    lineno, text = meta.get(labels.META_YEAR, (0, ""))
    if text:
        m = _YEAR.fullmatch(text)
        if m:
            year = int(m.group(1))
        else:
            problems.append((f"line {lineno}", f"年度 must be a year such as 2021, got {text!r}"))
    published = None
    lineno, text = meta.get(labels.META_PUBLISHED, (0, ""))
    if text:
        try:
            published = datetime.date.fromisoformat(text)
        except ValueError:
            problems.append((f"line {lineno}", f"发布日期 must be YYYY-MM-DD, got {text!r}"))

    def text_of(label: str) -> str | None:
        return meta.get(label, (0, ""))[1] or None

    return ReportMeta(
        agency=text_of(labels.META_AGENCY),
        year=year,
        level=text_of(labels.META_LEVEL),
        region=text_of(labels.META_REGION),
        published=published,
    )


def _extra_rows(spec: FormatSpec, lines: list[_CellLine], problems: list[tuple[str, str]]) -> tuple[ExtraRow, ...]:
    """Rows the format does not have, kept as printed: every column must be one of the table's columns."""
    rows: dict[tuple[str, str], list[_CellLine]] = {}
    for line in lines:
        rows.setdefault((line[1], line[2]), []).append(line)
    out = []
    for (table, row), found in rows.items():
        columns = [line[3] for line in found]
        values: list[Value] = []
        raws: list[str | None] = []
        kinds = {c.column.label: c.kind for c in spec.cells if c.table.number == table}
        for _, _, _, column, value in found:
            kind = kinds[column]
            number, raw_text = (None, unescape_text(value)) if value.startswith("'") else parse_number(value, kind)
            values.append(number)
            raws.append(raw_text)
        if len(set(columns)) != len(columns):
            problems.append((f"line {found[0][0]}", f"row {row!r} of table {table} gives a column twice"))
            continue
        out.append(
            ExtraRow(
                table=table,
                labels=tuple(p.strip() for p in row.split(" / ")),
                columns=tuple(columns),
                values=tuple(values),
                raw=tuple(raws) if any(r is not None for r in raws) else (),
                source=f"line {found[0][0]}",
            )
        )
    return tuple(out)


def _read_cells(
    spec: FormatSpec, cell_lines: list[_CellLine], problems: list[tuple[str, str]]
) -> tuple[list[tuple[CellSpec, Value]], dict[str, str], LazyTexts, list[_CellLine]]:
    by_labels = spec.cells_by_labels
    values: list[tuple[CellSpec, Value]] = []
    raw: dict[str, str] = {}
    lines: dict[str, tuple[int]] = {}  # the line of each cell; its text is written when a finding asks
    extra: list[_CellLine] = []
    tables = {t.number: {c.label for r in t.rows for c in r.columns.columns} for t in spec.tables}
    row_labels = {(t.number, r.label) for t in spec.tables for r in t.rows}
    for lineno, table, row, column, value in cell_lines:
        cell = by_labels.get((table, row, column))
        if cell is None:
            if row and column in tables.get(table, ()) and (table, row) not in row_labels:
                extra.append((lineno, table, row, column, value))  # a row the format does not have: kept
                continue
            problems.append((f"line {lineno}", f"no cell ({table}, {row}, {column}) in format {spec.id}"))
            continue
        if cell.pointer in lines:
            problems.append((f"line {lineno}", f"cell given twice (first at {_line(*lines[cell.pointer])})"))
            continue
        lines[cell.pointer] = (lineno,)
        number: Value
        raw_text: str | None
        if value.startswith("'"):  # escaped text is never a number
            number, raw_text = None, unescape_text(value)
        else:
            number, raw_text = parse_number(value, cell.kind)
        values.append((cell, number))
        if raw_text is not None:
            raw[cell.pointer] = raw_text
    return values, raw, LazyTexts(lines, _line), extra


def _line(number: int) -> str:
    return f"line {number}"


def loads(text: str | bytes, *, format: str | FormatSpec | None = None) -> AnnualReport:  # noqa: A002
    """Read a report from label CSV text.

    The format is ``format`` when given, else the ``meta,格式`` row, else the one
    whose labels fit the cells, else the one for the year.

    Raises:
        ReadError: not a label CSV, or a row names no cell of the format (with line numbers).
    """
    meta_rows, texts, cell_lines = _split(_rows(text))
    problems: list[tuple[str, str]] = []
    meta = _read_meta(meta_rows, problems)
    declared = None
    if meta_rows.get(labels.META_FORMAT, (0, ""))[1]:
        declared = (meta_rows[labels.META_FORMAT][1], meta_rows[labels.META_FORMAT][0])
    spec = _pick_format(format, declared, meta.year, cell_lines)
    values, raw, sources, extra_lines = _read_cells(spec, cell_lines, problems)
    extra_rows = _extra_rows(spec, extra_lines, problems)
    if problems:
        raise ReadError("invalid label CSV", problems)
    section_keys = {s.key for s in spec.text_sections}
    return from_values(
        spec,
        values,
        meta=meta,
        raw=raw,
        sources=sources,
        extra_rows=extra_rows,
        **{k: (v or None) for k, v in texts.items() if k in section_keys},
    )
