"""Reading report workbooks: by labels, not by fixed positions, and safely.

The reader parses the package itself (zip + SpreadsheetML), which is both
faster than a general spreadsheet library and strict about untrusted input:
the zip is checked before anything is unpacked (entry count, sizes,
compression ratio), XML with a DTD is refused (no entity expansion), and the
only parts read are the workbook, its relationships, the shared strings and
the sheets.

Cells are found by their labels.  On each table sheet the column headers are
located by text (a header is confirmed by the parent headers whose merged
range covers it), and the rows by their labels (confirmed by the group labels
that span them), so row heights, hidden columns or an inserted note row do not
matter.  A formula cell is read from its cached value; a formula saved without
one (a file only our writer touched) is evaluated when it is a ``SUM`` or a
``+`` of cells, and counts as blank when every cell it adds is blank.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any
from xml.etree import ElementTree as ET

from govinfo_report.errors import ReadError
from govinfo_report.formats import FormatSpec, format_for_year, formats, get_format
from govinfo_report.formats import _common as labels
from govinfo_report.importers._grid import MAX_LABEL, Cell, Grid, GridReader, col_number, norm
from govinfo_report.io._csv import MAX_NUMBER_CHARS, bounded_decimal
from govinfo_report.io._xlsx_common import (
    INFO_SHEET,
    MAX_PACKAGE_ENTRIES,
    META_LABELS,
    declared_entries,
    decode_xstring,
    sheet_name,
)
from govinfo_report.model import AnnualReport, ReportMeta, from_values

__all__ = ["MAX_XLSX_BYTES", "open_package", "read_xlsx", "read_xml", "xml_source"]

MAX_XLSX_BYTES = 20 * 1024 * 1024
_MAX_ENTRIES = MAX_PACKAGE_ENTRIES
_MAX_UNPACKED = 100 * 1024 * 1024
_MAX_PART = 32 * 1024 * 1024
_MAX_RATIO = 200
_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_REF = re.compile(r"\$?([A-Z]{1,3})\$?(\d{1,7})")  # Excel has 1,048,576 rows: longer numbers are no reference
_SUM = re.compile(r"^=?\s*SUM\((.*)\)\s*$", re.IGNORECASE)
_BLANK_OR_SUM = re.compile(r'^=?\s*IF\(COUNT\(([^()]*)\)=0,"",SUM\(\1\)\)\s*$', re.IGNORECASE)
_SPACE = re.compile(r"\s+")
_EXCEL_DIGITS = 15


_C = f"{_NS}c"
_F = f"{_NS}f"
_V = f"{_NS}v"
_R = f"{_NS}r"
_T = f"{_NS}t"


@lru_cache(maxsize=4096)
def _position(ref: str) -> tuple[int, int] | None:
    """(row, column) of an A1 reference; cached, since every workbook reuses the same few hundred."""
    m = _REF.fullmatch(ref)
    return (int(m.group(2)), col_number(m.group(1))) if m else None


# -- the package -----------------------------------------------------------------------------


def open_package(data: bytes, what: str = "workbook", suffix: str = ".xlsx") -> zipfile.ZipFile:
    """Open an OOXML package safely: size, encryption, entry count, names, unpacked size and compression ratio checked.

    The sizes the package declares are checked here; :func:`read_xml` checks the actual ones while unpacking.
    """
    if len(data) > MAX_XLSX_BYTES:
        msg = f"{what} is {len(data)} bytes; the limit is {MAX_XLSX_BYTES}"
        raise ReadError(msg)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        msg = (
            f"not a {suffix} {what}: an encrypted (password-protected) file or a legacy binary one; "
            f"save it as {suffix} without a password"
        )
        raise ReadError(msg)
    declared = declared_entries(data)
    if declared is not None and declared > _MAX_ENTRIES:
        msg = f"{what} declares {declared} parts; the limit is {_MAX_ENTRIES}"
        raise ReadError(msg)
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
        infos = z.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, NotImplementedError) as exc:
        # ValueError: UnicodeDecodeError of a member name; the others: a broken central directory
        msg = f"not a {suffix} {what} (not a readable zip package: {type(exc).__name__})"
        raise ReadError(msg) from None
    if len(infos) > _MAX_ENTRIES:
        msg = f"{what} has {len(infos)} parts; the limit is {_MAX_ENTRIES}"
        raise ReadError(msg)
    total = sum(i.file_size for i in infos)
    if total > _MAX_UNPACKED:
        msg = f"{what} unpacks to {total} bytes; the limit is {_MAX_UNPACKED}"
        raise ReadError(msg)
    for i in infos:
        if i.file_size > 1024 * 1024 and i.file_size > _MAX_RATIO * max(i.compress_size, 1):
            ratio = i.file_size // max(i.compress_size, 1)
            msg = f"part {i.filename} is compressed {ratio}:1; refusing a likely zip bomb"
            raise ReadError(msg)
        name = i.filename
        if name.startswith(("/", "\\")) or ".." in name.replace("\\", "/").split("/") or _CONTROL.search(name):
            msg = f"{what} has a part named {name!r}, which no package holds; refusing it"
            raise ReadError(msg)
    return z


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_DTD = re.compile(r"<!\s*(?:DOCTYPE|ENTITY)")
_DECLARED = re.compile(rb"^<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]{1,40})[\"']")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_PLAIN_UTF8 = re.compile(
    rb"""<\?xml version=(["'])1\.0\1 encoding=(["'])(?i:utf-8)\2(?: standalone=(["'])(?:yes|no)\3)?\s*\?>"""
)
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def _read_part(z: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """A part's bytes, unpacked at most to :data:`_MAX_PART` whatever size it declares; broken parts refused."""
    name = info.filename
    if info.flag_bits & 0x1:
        msg = f"{name}: the part is encrypted"
        raise ReadError(msg)
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):  # what Office writes
        msg = f"{name}: compression method {info.compress_type} is not accepted (only stored and deflate)"
        raise ReadError(msg)
    try:
        chunks: list[bytes] = []
        size = 0
        with z.open(info) as f:
            while size <= _MAX_PART and (chunk := f.read(1024 * 1024)):  # a MiB at a time: memory follows content
                chunks.append(chunk)
                size += len(chunk)
        raw = b"".join(chunks)
    except (zipfile.BadZipFile, zlib.error, ValueError, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
        msg = f"{name}: the part cannot be unpacked ({type(exc).__name__})"
        raise ReadError(msg) from None
    if len(raw) > _MAX_PART:
        msg = f"{name}: the part unpacks to more than {_MAX_PART} bytes (it declares {info.file_size})"
        raise ReadError(msg)
    return raw


def _xml_text(name: str, raw: bytes) -> str:
    """A part's text, decoded by its byte-order mark or its declaration (UTF-8 by default)."""
    encoding = next((e for bom, e in _BOMS if raw.startswith(bom)), None)
    if encoding is None:
        m = _DECLARED.match(raw)
        encoding = m.group(1).decode("ascii") if m else "utf-8"
    try:
        text = raw.decode(encoding)
    except (LookupError, UnicodeDecodeError) as exc:
        msg = f"{name}: not text in its declared encoding {encoding} ({type(exc).__name__})"
        raise ReadError(msg) from None
    return _XML_DECLARATION.sub("", text.removeprefix("\ufeff"), count=1)  # its encoding no longer applies


def xml_source(z: zipfile.ZipFile, name: str) -> bytes | str | None:
    """What to give an XML parser for a part, checked (None when the package has no such part).

    The bytes when they are what Office writes (UTF-8, declared so, no DTD): a parser reads them as they are, the
    same tree a third faster than from decoded text. Anything else: the decoded text, its declaration taken off.

    Raises:
        ReadError: the part is too large, broken, in an unknown encoding, or holds a DTD (looked for in the decoded
            text, so a DTD in a UTF-16 part or after the first kilobytes is refused too).
    """
    try:
        info = z.getinfo(name)
    except KeyError:
        return None
    raw = _read_part(z, info)
    text = _xml_text(name, raw)
    if _DTD.search(text):
        msg = f"{name}: XML with a DTD or entities is not accepted"
        raise ReadError(msg)
    return raw if _PLAIN_UTF8.match(raw) else text


def read_xml(z: zipfile.ZipFile, name: str) -> ET.Element | None:
    """A part's XML tree (None when the package has no such part).

    Raises:
        ReadError: as :func:`xml_source`, or the XML is broken.
    """
    source = xml_source(z, name)
    if source is None:
        return None
    try:
        return ET.fromstring(source)  # noqa: S314 - no DTD, checked
    except ET.ParseError as exc:
        msg = f"{name}: broken XML ({exc})"
        raise ReadError(msg) from None
    except (ValueError, LookupError, RecursionError) as exc:  # pragma: no cover - decoded text has no encoding left
        msg = f"{name}: unreadable XML ({type(exc).__name__})"
        raise ReadError(msg) from None


def _sheet_paths(z: zipfile.ZipFile) -> dict[str, str]:
    wb = read_xml(z, "xl/workbook.xml")
    rels = read_xml(z, "xl/_rels/workbook.xml.rels")
    if wb is None or rels is None:
        raise ReadError("not a .xlsx workbook (no xl/workbook.xml)")
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PKG_REL}Relationship")}
    out = {}
    for s in wb.iter(f"{_NS}sheet"):
        target = targets.get(s.get(f"{_REL}id"), "")
        path = target.lstrip("/") if target.startswith("/") else "xl/" + target
        out[s.get("name", "")] = path
    return out


def _shared_strings(z: zipfile.ZipFile) -> list[str]:
    root = read_xml(z, "xl/sharedStrings.xml")
    if root is None:
        return []
    out = []
    for si in root.iter(f"{_NS}si"):
        # Plain text, or rich text runs joined; phonetic runs (rPh) are left out.
        texts = [t.text or "" for t in si.findall(_T)]
        texts += [t.text or "" for r in si.findall(_R) for t in r.findall(_T)]  # r/t, with no path parsing
        out.append(decode_xstring("".join(texts)))
    return out


def _cell_value(c: ET.Element, strings: list[str]) -> Any:  # noqa: C901, PLR0911 - one return per cell type
    """The stored value of a ``<c>`` element: str, Decimal, bool or None."""
    kind = c.get("t", "n")
    if kind == "inlineStr":
        return decode_xstring("".join(t.text or "" for t in c.iter(f"{_NS}t")))
    v = c.find(_V)
    text = v.text if v is not None else None
    if text is None:
        return None
    if kind == "s":
        return strings[int(text)] if text.isdigit() and len(text) <= 9 and int(text) < len(strings) else None  # noqa: PLR2004 - beyond any shared-string table
    if kind in ("str", "e"):
        return decode_xstring(text)
    if kind == "b":
        return text == "1"
    if len(text) <= _EXCEL_DIGITS and text.isdigit() and text.isascii():
        return Decimal(text)  # the common case: a whole number of at most 15 digits, finite and in bounds
    if not text.strip():
        return None
    if len(text) > MAX_NUMBER_CHARS:
        return text
    try:
        number = Decimal(text)
    except InvalidOperation:
        return text
    if not number.is_finite():
        return text  # NaN, Infinity: raw text, never a number
    if len(number.as_tuple().digits) > _EXCEL_DIGITS:
        # Excel keeps 15 significant digits; writers that print 17 (86.76900000000001) mean the 15-digit value.
        number = Decimal(format(float(number), f".{_EXCEL_DIGITS}g"))
    return number if bounded_decimal(number) else text  # 1E+400 is raw text too


_FIXED = re.compile(r"0\.(0{1,15})")
_BUILTIN_DECIMALS = {2: 2, 4: 2}  # 0.00 and #,##0.00


def _decimals_by_style(z: zipfile.ZipFile) -> dict[str, int]:
    """Per cell style index, the decimals its number format shows (``0.000``: 3), for styles showing a fixed count.

    A number cell holds a binary float: ``0.000`` is stored as 0, the notation kept only by the format.
    """
    root = read_xml(z, "xl/styles.xml")
    if root is None:
        return {}
    codes = {}
    for f in root.iter(f"{_NS}numFmt"):
        m = _FIXED.fullmatch(f.get("formatCode", ""))
        if m:
            codes[f.get("numFmtId", "")] = len(m.group(1))
    codes.update({str(k): v for k, v in _BUILTIN_DECIMALS.items()})
    xfs = root.find(f"{_NS}cellXfs")
    if xfs is None:
        return {}
    return {
        str(i): codes[xf.get("numFmtId", "")]
        for i, xf in enumerate(xfs.findall(f"{_NS}xf"))
        if xf.get("numFmtId", "") in codes
    }


def _as_shown(value: Decimal, shown: int) -> Decimal:
    """The number with the trailing zeros its format shows (never fewer digits than it has)."""
    exponent = value.as_tuple().exponent
    if shown and isinstance(exponent, int) and exponent > -shown:
        return value.quantize(Decimal(1).scaleb(-shown))
    return value


def _parse_sheet(
    z: zipfile.ZipFile, name: str, path: str, strings: list[str], decimals: dict[str, int] | None = None
) -> Grid:
    root = read_xml(z, path)
    if root is None:
        msg = f"sheet {name} is missing from the package"
        raise ReadError(msg)
    sheet = Grid(name)
    for c in root.iter(_C):
        if not len(c):
            continue  # an empty, merely styled cell
        pos = _position(c.get("r", ""))
        if pos is None:
            continue
        value = _cell_value(c, strings)
        if decimals and isinstance(value, Decimal) and (shown := decimals.get(c.get("s", ""), 0)):
            value = _as_shown(value, shown)
        f = c.find(_F)
        formula = f.text if f is not None and f.text else None
        if value is not None or formula is not None:
            sheet.cells[pos] = Cell(value, formula)
            if isinstance(value, str) and len(value) <= MAX_LABEL:
                sheet.index.setdefault(norm(value), []).append(pos)
    for mc in root.iter(f"{_NS}mergeCell"):
        a, _, b = mc.get("ref", "").partition(":")
        ma, mb = _REF.fullmatch(a), _REF.fullmatch(b or a)
        if ma and mb:
            box = (int(ma.group(2)), col_number(ma.group(1)), int(mb.group(2)), col_number(mb.group(1)))
            sheet.merges[(box[0], box[1])] = box
    return sheet


def _info(sheets: dict[str, Grid]) -> tuple[dict[str, str], dict[str, str]]:
    sheet = sheets.get(INFO_SHEET)
    meta: dict[str, str] = {}
    texts: dict[str, str] = {}
    if sheet is None:
        return meta, texts
    section_keys = {s.title: s.key for f in formats() for s in f.text_sections}

    def is_label(value: Any) -> bool:
        return isinstance(value, str) and (norm(value) in META_LABELS or value.strip() in section_keys)

    first: dict[int, int] = {}  # each row's first filled column: a label starts its row (an agency named 地区 is none)
    for (r, c), cell in sheet.cells.items():
        if cell.value not in (None, "") and c < first.get(r, c + 1):
            first[r] = c
    for (r, c), cell in sheet.cells.items():
        if first.get(r) != c or not is_label(cell.value):
            continue
        label = norm(cell.value)
        parts = []
        k = c + 1
        # A value runs to the first gap; only a row's first cell is its label, so a row of 16,384 labels costs
        # linear time, not quadratic.
        while (r, k) in sheet.cells:
            parts.append(_cell_text(sheet.cells[(r, k)].value))
            k += 1
        value = "".join(parts)
        if label in META_LABELS:
            meta[label] = value.strip()
        else:
            texts[section_keys[cell.value.strip()]] = value
    return meta, texts


def _format(explicit: str | FormatSpec | None, meta: dict[str, str], sheets: dict[str, Grid]) -> FormatSpec:
    declared = meta.get(labels.META_FORMAT)
    if explicit is not None:
        spec = get_format(explicit)
        if declared and declared != spec.id:
            msg = f"the workbook is in the {declared} format, not the {spec.id} format that was asked for"
            raise ReadError(msg)
        return spec
    if declared:
        try:
            return get_format(declared)
        except ValueError:
            msg = f"the workbook names an unknown format {declared!r}"
            raise ReadError(msg) from None
    t2 = sheets.get(sheet_name("二"))
    if t2 is not None:
        texts = {norm(c.value) for c in t2.cells.values() if isinstance(c.value, str)}
        fitting = [
            f for f in formats() if all(norm(c.column.label) in texts for c in f.cells if c.table.number == "二")
        ]
        if len(fitting) == 1:
            return fitting[0]
    year = meta.get(labels.META_YEAR, "")
    return format_for_year(int(year[:4])) if year[:4].isdigit() else formats()[-1]


def _read_other(grids: list[Grid], format: str | FormatSpec | None) -> AnnualReport:  # noqa: A002
    """A report from a workbook laid out as a document: sheets holding headings, tables and text, top to bottom.

    Each sheet is cut at its section headings; a part that holds a report table is read as one (by its labels,
    as a page's tables are), the other parts' rows are text.
    """
    from govinfo_report.importers._front import heading_keys, section_of  # noqa: PLC0415
    from govinfo_report.importers._html import report_from_items  # noqa: PLC0415

    keys = [heading_keys(f.id) for f in formats()]
    items: list[str | Grid] = []
    for sheet in grids:
        rows: dict[int, list[tuple[int, Any]]] = {}
        for (r, c), cell in sheet.cells.items():
            if cell.value not in (None, ""):
                rows.setdefault(r, []).append((c, cell.value))
        part: list[int] = []
        for r in sorted(rows):
            texts = [v for _, v in sorted(rows[r])]
            if len(texts) == 1 and isinstance(texts[0], str) and any(section_of(texts[0], k) for k in keys):
                items += [*_part(sheet, part, rows), texts[0].strip()]
                part = []
            else:
                part.append(r)
        items += _part(sheet, part, rows)
    title = next((i for i in items if isinstance(i, str)), "")
    return report_from_items(items, title, format, where="the workbook")


def _part(sheet: Grid, part: list[int], rows: dict[int, list[tuple[int, Any]]]) -> list[str | Grid]:
    """Rows of a sheet between two headings: one table's grid if they hold a report table, else their text."""
    from govinfo_report.importers._html import table_kind  # noqa: PLC0415

    if not part:
        return []
    grid = Grid(sheet.name, where=sheet.where)
    for r in part:
        for c, _ in rows[r]:
            r1, c1, r2, c2 = sheet.merges.get((r, c), (r, c, r, c))
            grid.put(r, c, sheet.cells[(r, c)].value, r2 - r1 + 1, c2 - c1 + 1)
    if table_kind(grid) is not None:
        return [grid]
    return [" ".join(_cell_text(v) for _, v in sorted(rows[r])) for r in part]


def _cell_text(value: Any) -> str:
    """A cell's value as text: a number as written out in full (``17.586``), a blank as nothing."""
    return value if isinstance(value, str) else "" if value is None else format(value, "f")


def read_xlsx(data: bytes, *, format: str | FormatSpec | None = None) -> AnnualReport:  # noqa: A002
    """Read a report workbook.

    Raises:
        ReadError: not a workbook, encrypted, unsafe, a table missing, or another format than asked for.
    """
    z = open_package(data)
    strings = _shared_strings(z)
    decimals = _decimals_by_style(z)
    paths = _sheet_paths(z)
    if not any(name.startswith("表") for name in paths):  # not our layout: someone's own workbook
        from govinfo_report.importers._front import finish  # noqa: PLC0415 - importers load on first use

        grids = [_parse_sheet(z, name, path, strings, decimals) for name, path in paths.items()]
        return finish(_read_other(grids, format), reader="xlsx", data=data, audit=False)
    sheets = {
        name: _parse_sheet(z, name, path, strings, decimals)
        for name, path in paths.items()
        if name == INFO_SHEET or name.startswith("表")
    }
    meta, texts = _info(sheets)
    spec = _format(format, meta, sheets)
    reader = GridReader(spec, sheets)
    reader.read_all()
    year_text = meta.get(labels.META_YEAR, "")
    year = int(year_text[:4]) if year_text[:4].isdigit() else None
    published = None
    if meta.get(labels.META_PUBLISHED):
        try:
            import datetime  # noqa: PLC0415

            published = datetime.date.fromisoformat(meta[labels.META_PUBLISHED][:10])
        except ValueError:
            published = None
    return from_values(
        spec,
        reader.values,
        meta=ReportMeta(
            agency=meta.get(labels.META_AGENCY) or None,
            year=year,
            level=meta.get(labels.META_LEVEL) or None,
            region=meta.get(labels.META_REGION) or None,
            published=published,
        ),
        raw=reader.raw,
        sources=reader.sources,
        **{k: (v or None) for k, v in texts.items() if k in {s.key for s in spec.text_sections}},
    )
