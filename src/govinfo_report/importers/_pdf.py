"""Reading reports from PDF through its text layer (pypdfium2, the PDFium binding: an optional extra).

PDFium gives every character of a page with its box, and breaks its stream of
characters where it sees a space or a new line.  Those runs are put back into
lines here, by their vertical centres (a table row prints its label and its
values in different fonts, so their tops differ but their centres do not), and
read as wrapped plain text (:func:`govinfo_report.importers._text.read_text`
with ``wrapped=True``): labels broken over lines with the values between, group
labels printed beside their items, spaces between Chinese and digits, page
numbers.

A group label printed one character per line (``三、本年度办理结果`` down the
side of the rows of table 三) is found as a column of single characters and
put back together as one label, between two rows.

A PDF prints nothing for a blank cell, so the values left on a row of table 三
or 四 no longer say which columns they belong to.  Their positions still do:
the rows of the table that print every value give the centre of every data
column (else its column headers do, each header cell put back together from
the pieces it prints), carried across page breaks, and each value goes to the
column it sits under.  A blank column then reads as blank, not as a shift of
the values beside it.  Scanned PDFs (images only) have
no text to extract and are refused with that reason; so are encrypted and broken
files, each with its own reason.
"""

from __future__ import annotations

import ctypes
import re
import statistics
import threading
import zlib
from itertools import pairwise
from typing import Any

from govinfo_report._optional import optional
from govinfo_report.errors import ReadError
from govinfo_report.formats import FormatSpec, formats
from govinfo_report.importers._front import finish
from govinfo_report.importers._grid import norm
from govinfo_report.importers._text import BLANK, PAGE_NUMBER, is_value, read_text, table_heading
from govinfo_report.layout import table_grid
from govinfo_report.model import AnnualReport

__all__ = ["MAX_PDF_BYTES", "MAX_PDF_PAGES", "read_pdf"]

MAX_PDF_BYTES = 20 * 1024 * 1024
MAX_PDF_PAGES = 100
MAX_STREAM_BYTES = 64 * 1024 * 1024
"""A deflated stream may unpack to this much at most, unless its ratio is an ordinary one (an image's)."""
MAX_STREAMS_BYTES = 256 * 1024 * 1024
"""All deflated streams together may unpack to this much at most."""
_BOMB_RATIO = 500
_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_CHUNK = 1024 * 1024

# PDFium is not thread-safe: one document at a time in this process.
_PDFIUM_LOCK = threading.Lock()


def _pdfium() -> Any:
    return optional("pypdfium2", "pdf", "reading PDF")


def _data_columns(table_key: str) -> int:
    """How many values a printed row of a table holds (from the declared layout)."""
    grid = table_grid(formats()[-1].id, table_key)
    return sum(1 for c in grid.rows[grid.header_rows] if c.role == "data")


def _group_headers() -> frozenset[str]:
    """Header labels that span several columns (行政复议, 法人或其他组织…): they mark no single column."""
    out = set()
    for table in formats()[-1].tables:
        if table.column_header:
            out.add(norm(table.column_header))
        out.update(norm(label) for row in table.rows for c in row.columns.columns for label in c.labels[:-1])
    return frozenset(out)


_GROUP_HEADERS = _group_headers()
_HEADER_MAX_CHARS = max(
    len(norm(c.labels[-1]))
    for f in formats()
    for t in f.tables
    if t.key in ("table3", "table4")
    for r in t.rows
    for c in r.columns.columns
)
"""The longest column header (社会公益组织): a header piece no longer than it may name a column at any width."""


# Tables whose printed rows all have the same data columns; 二 mixes widths and is read as text.
_TABLE_COLUMNS = {"三": _data_columns("table3"), "四": _data_columns("table4")}
_table_of = table_heading
_HEADER_MAX_WIDTH = 45.0
_COLUMN_GAP = 8.0
_MIN_LINE_TOLERANCE = 2.0
_MIN_VERTICAL_CHARS = 3
_MARKS = frozenset("、，。：；")
_ODD_BOX = 4.0
_JOIN_GAP = 0.1
_JOIN_OVERLAP = 0.75
_HEADER_GAP = 1.0
_SPLIT_ROW_LINES = 1.6
"""A row's values printed on two lines (cells aligned at the top and in the middle) are at most this many
characters' heights apart."""
_ROW_START = re.compile(r"^(?:[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+[、.．，]|\d+[.．、])")
"""A row label's numbering: a line that starts so begins a row of its own."""


class _Word:
    """A run of characters PDFium printed together, with its box (points, y growing downwards)."""

    __slots__ = ("bottom", "text", "top", "x0", "x1")

    def __init__(self, text: str, x0: float, x1: float, top: float, bottom: float) -> None:
        self.text, self.x0, self.x1, self.top, self.bottom = text, x0, x1, top, bottom

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def size(self) -> float:
        """The height of the run's text; a thin glyph alone (一, 、) counts as wide as it is."""
        return max(self.bottom - self.top, (self.x1 - self.x0) / max(len(self.text), 1))


def _page_text(textpage: Any, raw: Any, count: int) -> str:
    """The page's characters, one per index (PDFium's own spaces and line breaks included)."""
    buffer = (ctypes.c_ushort * (count + 1))()
    got = raw.FPDFText_GetText(textpage, 0, count, buffer)
    text = bytes(memoryview(buffer).cast("B")[: 2 * max(got - 1, 0)]).decode("utf-16-le", "replace")
    if len(text) == count and all(
        ord(text[i]) == raw.FPDFText_GetUnicode(textpage, i) for i in (0, count // 2, count - 1)
    ):
        return text
    # Characters outside the BMP, or PDFium's text view differs from its character list: one at a time.
    return "".join(chr(raw.FPDFText_GetUnicode(textpage, i)) for i in range(count))


def _boxes(textpage: Any, raw: Any) -> list[tuple[str, float, float, float, float] | None]:
    """Each character of the page with its box (x0, x1, top, bottom; y down), None for a space or line break.

    The box is PDFium's loose one: the advance of the glyph and the ascent and descent of its font, the same
    for every character of a line whatever its shape (the tight box of a quote mark or 一 is a sliver).  For
    vertical writing PDFium scales that box wrongly (hundreds of points); a box far taller than the page's
    usual one (or one upside down, in older PDFium) is replaced by the glyph's tight box.
    """
    count = raw.FPDFText_CountChars(textpage)
    if count <= 0:
        return []
    text = _page_text(textpage, raw, count)
    rect = raw.FS_RECTF()
    ref = ctypes.byref(rect)
    loose = raw.FPDFText_GetLooseCharBox
    out: list[tuple[str, float, float, float, float] | None] = []
    tall: list[int] = []
    for i, ch in enumerate(text):
        if ch.isspace() or ch < " " or ch == "\ufffe":
            out.append(None)
            continue
        loose(textpage, i, ref)
        high, low = rect.top, rect.bottom
        if low > high:  # older PDFium turns the box of vertical writing upside down
            high, low = low, high
        out.append((ch, rect.left, rect.right, -high, -low))
    heights = sorted(c[4] - c[3] for c in out if c is not None)
    usual = heights[len(heights) // 2] if heights else 0.0
    if usual > 0:
        tall = [i for i, c in enumerate(out) if c is not None and c[4] - c[3] > _ODD_BOX * usual]
    if tall:
        left, right, low, high = ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
        refs = (ctypes.byref(left), ctypes.byref(right), ctypes.byref(low), ctypes.byref(high))
        for i in tall:
            raw.FPDFText_GetCharBox(textpage, i, *refs)
            out[i] = (text[i], left.value, right.value, -high.value, -low.value)
    return out


def _runs(textpage: Any, raw: Any) -> list[_Word]:
    """The page's runs of characters: PDFium's stream, broken at its spaces and line breaks and at jumps."""
    runs: list[_Word] = []
    chars: list[str] = []
    x0 = x1 = top = bottom = size = 0.0
    for c in _boxes(textpage, raw):
        if c is None:
            if chars:
                runs.append(_Word("".join(chars), x0, x1, top, bottom))
                chars = []
            continue
        ch, a, b, t, u = c
        s = max(u - t, b - a)
        if chars:
            limit = max(s, size)
            if a - x1 > limit or a < x1 - limit or abs((t + u) - (top + bottom)) > limit:  # not the same line
                runs.append(_Word("".join(chars), x0, x1, top, bottom))
                chars = []
        if chars:
            chars.append(ch)
            x1, top, bottom, size = max(x1, b), min(top, t), max(bottom, u), max(size, s)
        else:
            chars = [ch]
            x0, x1, top, bottom, size = a, b, t, u, s
    if chars:
        runs.append(_Word("".join(chars), x0, x1, top, bottom))
    return runs


def _one_character(text: str) -> bool:
    """A character (not a value), or one with the punctuation mark after it: a line of vertical text."""
    return (len(text) == 1 or (len(text) == len("三、") and text[1] in _MARKS)) and not is_value(text)


def _vertical(runs: list[_Word]) -> tuple[list[_Word], list[_Word]]:
    """Labels printed one character per line (三、本年度办理结果 down the side of a table), and the other runs.

    A column of single characters (not values; a character with its punctuation mark, 三、, counts as one),
    each below the one before at most one and a half characters down and overlapping it across, is one label:
    its characters are joined top to bottom into one word spanning the column.  A character with another single
    character beside it on its line is a word spread across a cell (商 业 / 企 业), not vertical text.
    """
    singles = sorted((w for w in runs if _one_character(w.text)), key=lambda w: w.middle)
    beside: set[int] = set()
    for i, a in enumerate(singles):
        for b in singles[i + 1 :]:
            if b.middle - a.middle > a.size / 4:
                break
            if b.middle - a.middle <= b.size / 4 and max(a.x0, b.x0) - min(a.x1, b.x1) <= max(a.size, b.size):
                beside.update((id(a), id(b)))
    singles = sorted((w for w in singles if id(w) not in beside), key=lambda w: w.top)
    columns: list[list[_Word]] = []
    for w in singles:
        for col in columns:
            last = col[-1]
            size = max(last.size, w.size)
            across = min(last.x1, w.x1) - max(last.x0, w.x0)
            if across >= min(last.x1 - last.x0, w.x1 - w.x0) / 2 and -size / 4 <= w.top - last.bottom <= 1.5 * size:
                col.append(w)
                break
        else:
            columns.append([w])
    labels: list[_Word] = []
    taken: set[int] = set()
    for col in columns:
        if len(col) >= _MIN_VERTICAL_CHARS:
            labels.append(
                _Word(
                    "".join(w.text for w in col),
                    min(w.x0 for w in col),
                    max(w.x1 for w in col),
                    col[0].top,
                    col[-1].bottom,
                )
            )
            taken.update(id(w) for w in col)
    return labels, [w for w in runs if id(w) not in taken]


def _lines(runs: list[_Word]) -> list[list[_Word]]:
    """Runs grouped into lines by their vertical centres, each line left to right."""
    lines: list[list[_Word]] = []
    middle = size = 0.0
    for w in sorted(runs, key=lambda w: w.middle):
        if lines and w.middle - middle <= max(min(size, w.size) / 2, _MIN_LINE_TOLERANCE):
            line = lines[-1]
            line.append(w)
            middle += (w.middle - middle) / len(line)
            size = max(size, w.size)
        else:
            lines.append([w])
            middle, size = w.middle, w.size
    return [_joined(sorted(line, key=lambda w: w.x0)) for line in lines]


def _joined(line: list[_Word], gap: float = _JOIN_GAP) -> list[_Word]:
    """Runs of a line that touch joined into one word (a quote mark drawn in another font: 危及 “ 三安全一稳定 ”).

    Touching is a gap of at most ``gap`` times the text's size, on the same baseline; two numbers never join.
    """
    if not line:
        return []
    out = [line[0]]
    for w in line[1:]:
        last = out[-1]
        overlap = min(w.bottom, last.bottom) - max(w.top, last.top)
        if (
            w.x0 - last.x1 <= gap * min(w.size, last.size)
            and overlap >= _JOIN_OVERLAP * min(w.bottom - w.top, last.bottom - last.top)
            and not (is_value(w.text) and is_value(last.text))
        ):
            out[-1] = _Word(
                last.text + w.text, last.x0, max(last.x1, w.x1), min(last.top, w.top), max(last.bottom, w.bottom)
            )
        else:
            out.append(w)
    return out


def _with_vertical(lines: list[list[_Word]], labels: list[_Word]) -> list[list[_Word]]:
    """Each vertical label put on a line of its own, between two rows of the span it is printed beside.

    It goes before the first line below its top that follows a line ending in a value (a finished row),
    so that it never comes between the pieces of a wrapped label and the values printed with them.
    """
    for label in sorted(labels, key=lambda w: w.top, reverse=True):
        at = next((i for i, line in enumerate(lines) if line[0].middle >= label.top), len(lines))
        for i in range(at, len(lines)):
            if lines[i][0].middle > label.bottom:
                break
            if i == 0 or is_value(lines[i - 1][-1].text):
                at = i
                break
        lines.insert(at, [label])
    return lines


def _header_columns(lines: list[list[_Word]], columns: int) -> list[float] | None:
    """Centres of the data columns from the header above the first row of values, if it has ``columns`` of them.

    A header cell may print its words over several lines, and spread its characters across the cell (商 业 企 /
    业, 总 计): single characters of a line less than a character apart are one piece, and pieces whose extents
    overlap from line to line are one column.  Headers over several columns (法人或其他组织) and long notes mark
    no column.
    """
    pieces: list[_Word] = []
    for line in lines:
        if any(is_value(w.text) for w in line):
            break
        narrow = [
            w
            for w in line
            if (w.x1 - w.x0 <= _HEADER_MAX_WIDTH or len(norm(w.text)) <= _HEADER_MAX_CHARS)
            and norm(w.text) not in _GROUP_HEADERS
        ]
        pieces += _spread(narrow)
    spans: list[list[float]] = []
    for w in sorted(pieces, key=lambda w: w.x0):
        if spans and w.x0 <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], w.x1)
        else:
            spans.append([w.x0, w.x1])
    found = [(a + b) / 2 for a, b in spans]
    return found[-columns:] if len(found) >= columns else None


def _spread(line: list[_Word]) -> list[_Word]:
    """Single characters spread across a header cell (商 业 企) joined; words of several characters stay apart."""
    out: list[_Word] = []
    spread = False  # whether out[-1] is made of single characters
    for w in line:
        last = out[-1] if out else None
        single = len(w.text) == 1
        if (
            last is not None
            and single
            and spread
            and w.x0 - last.x1 <= _HEADER_GAP * min(w.size, last.size)
            and abs(w.middle - last.middle) <= min(w.size, last.size) / 4
        ):
            out[-1] = _Word(last.text + w.text, last.x0, w.x1, min(last.top, w.top), max(last.bottom, w.bottom))
        else:
            out.append(w)
            spread = single
    return out


def _row_columns(lines: list[list[_Word]], columns: int) -> list[float] | None:
    """Centres of the data columns from the rows of the table (up to the next heading) that print every value."""
    rows: list[list[float]] = []
    for line in lines:
        if _table_of(" ".join(w.text for w in line)) is not None:
            break
        values = [w.centre for w in line if is_value(w.text)]
        if len(values) == columns:
            rows.append(values)
    if not rows:
        return None
    return [statistics.median(column) for column in zip(*rows, strict=True)]


def _columns(lines: list[list[_Word]], columns: int) -> list[float] | None:
    """Where the values of a table's rows sit: from its full rows, else from its header."""
    return _row_columns(lines, columns) or _header_columns(lines, columns)


def _slots(line: list[_Word], centres: list[float]) -> list[str | None] | None:
    """The values of a line under their columns (None where it prints nothing); None when they do not fit."""
    slots: list[str | None] = [None] * len(centres)
    half = min((b - a for a, b in pairwise(centres)), default=_COLUMN_GAP) / 2
    for w in line:
        if not is_value(w.text):
            continue
        k = min(range(len(centres)), key=lambda i: abs(centres[i] - w.centre))
        if abs(centres[k] - w.centre) > half or slots[k] is not None:
            return None
        slots[k] = w.text
    return slots


def _slotted(labels: list[str], slots: list[str | None]) -> str | None:
    """A line's label pieces, then its values under their columns with blanks marked."""
    if not labels and all(s is None for s in slots):
        return None
    return " ".join([*labels, *(s if s is not None else BLANK for s in slots)])


def _one_row(a: tuple[list[_Word], list[str | None]], b: tuple[list[_Word], list[str | None]]) -> bool:
    """Whether two lines of values are one row's (a top-aligned cell prints a line above middle-aligned ones).

    （二）部分公开…这一情 ∅ … 38 / 32 33 … ∅: the columns they fill do not overlap, the lines are at most
    :data:`_SPLIT_ROW_LINES` characters apart, and the second does not start a row of its own (its label, if
    any, has no row numbering).
    """
    (upper, upper_slots), (lower, lower_slots) = a, b
    if any(x is not None and y is not None for x, y in zip(upper_slots, lower_slots, strict=True)):
        return False
    size = max(w.size for w in (*upper, *lower))
    if lower[0].middle - upper[0].middle > _SPLIT_ROW_LINES * size:
        return False
    first = next((w.text for w in lower if not is_value(w.text)), "")
    return not _ROW_START.match(first.strip())


class _Columns:
    """Which table the text is in, and the centres of its data columns, carried from page to page."""

    def __init__(self) -> None:
        self.table: str | None = None
        self.centres: list[float] | None = None

    def page_text(self, runs: list[_Word]) -> str:
        """The page as text lines; rows of tables 三 and 四 keep their columns."""
        labels, rest = _vertical(runs)
        lines = _with_vertical(_lines(rest), labels)
        if self.table in _TABLE_COLUMNS:  # a table continued from the page before: its full rows, a repeated header
            self.centres = _columns(lines, _TABLE_COLUMNS[self.table]) or self.centres
        out: list[str] = []
        last: tuple[int, list[_Word], list[str | None]] | None = None  # the last line of values, slotted
        for i, line in enumerate(lines):
            text = " ".join(w.text for w in line)
            if PAGE_NUMBER.match(text):
                continue  # page furniture: its dashes and digits are not cells
            heading = _table_of(text)
            slots = None
            if heading is not None:
                self.table = heading
                columns = _TABLE_COLUMNS.get(heading)
                self.centres = _columns(lines[i + 1 :], columns) if columns else None
            elif self.centres is not None and any(is_value(w.text) for w in line):
                slots = _slots(line, self.centres)
            if slots is None:
                if heading is not None or _ROW_START.match(text) or any(is_value(w.text) for w in line):
                    last = None  # a new row or table; a piece of a label or group label may come between
                out.append(text)
                continue
            pieces = [w.text for w in line if not is_value(w.text)]
            if last is not None and _one_row((last[1], last[2]), (line, slots)):
                at, upper, upper_slots = last
                merged = [x if x is not None else y for x, y in zip(upper_slots, slots, strict=True)]
                upper_labels = [w.text for w in upper if not is_value(w.text)]
                out[at] = _slotted(upper_labels, merged) or out[at]
                last = None
                if pieces:
                    out.append(" ".join(pieces))
                continue
            last = (len(out), line, slots)
            out.append(_slotted(pieces, slots) or text)
        return "\n".join(out)


def _open_error(exc: Exception, raw: Any) -> ReadError:
    """The ReadError for a PDF that PDFium cannot open, naming the reason."""
    code = getattr(exc, "err_code", None)
    if code == raw.FPDF_ERR_PASSWORD or "password" in str(exc).lower():
        return ReadError("the PDF is encrypted with a password; save it without one to read it")
    if code == raw.FPDF_ERR_SECURITY:
        return ReadError("the PDF is protected by a security handler PDFium does not support")
    return ReadError(f"PDF cannot be read (broken or truncated file): {exc}")


def _inflated(data: bytes, start: int, limit: int) -> tuple[int, int]:
    """(bytes out, bytes in) of the deflate stream at ``start``, inflated in chunks and at most to ``limit``."""
    inflate = zlib.decompressobj()
    view = memoryview(data)  # slices without copies: a PDF of 10,000 pages has 10,000 streams
    pending: bytes | memoryview = view[start : start + _CHUNK]
    taken = len(pending)
    out = 0
    try:
        while out <= limit and not inflate.eof:
            out += len(inflate.decompress(pending, _CHUNK))
            pending = inflate.unconsumed_tail
            if not pending:
                if taken >= len(data) - start:
                    break
                pending = view[start + taken : start + taken + _CHUNK]
                taken += len(pending)
    except zlib.error:
        pass  # not a deflate stream, or a broken one: PDFium decides
    return out, taken - len(inflate.unused_data) - len(pending)


def check_streams(data: bytes) -> None:
    """Refuse a decompression bomb before PDFium unpacks it: every stream that inflates is measured, bounded.

    Raises:
        ReadError: a stream unpacks to more than :data:`MAX_STREAM_BYTES` at a bomb's ratio, or all of them to
            more than :data:`MAX_STREAMS_BYTES`.
    """
    total = 0
    for m in _STREAM.finditer(data):
        out, used = _inflated(data, m.end(), MAX_STREAM_BYTES)
        total += out
        if out > MAX_STREAM_BYTES and out > _BOMB_RATIO * max(used, 1):
            msg = f"a PDF stream unpacks to more than {MAX_STREAM_BYTES} bytes from {used}; refusing a likely bomb"
            raise ReadError(msg)
        if total > MAX_STREAMS_BYTES:
            msg = f"the PDF's streams unpack to more than {MAX_STREAMS_BYTES} bytes; refusing a likely bomb"
            raise ReadError(msg)


def extract_pages(data: bytes) -> list[list[_Word]]:
    """The runs of characters of every page (at most :data:`MAX_PDF_PAGES`), with their boxes.

    Raises:
        ReadError: not a PDF, broken, encrypted, or too many pages.
        UnsupportedFileError: pypdfium2 is not installed.
    """
    pdfium = _pdfium()
    raw = pdfium.raw
    with _PDFIUM_LOCK:
        try:
            pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            raise _open_error(exc, raw) from None
        pages: list[list[_Word]] = []
        try:
            if len(pdf) > MAX_PDF_PAGES:
                msg = f"PDF has {len(pdf)} pages, more than {MAX_PDF_PAGES}; an annual report has a few"
                raise ReadError(msg)
            for index in range(len(pdf)):
                page = pdf[index]
                textpage = page.get_textpage()
                try:
                    pages.append(_runs(textpage.raw, raw))
                finally:
                    textpage.close()
                    page.close()
        except pdfium.PdfiumError as exc:
            msg = f"PDF cannot be read (a broken page): {exc}"
            raise ReadError(msg) from None
        finally:
            pdf.close()
    return pages


def read_pdf(data: bytes, *, format: str | FormatSpec | None = None) -> AnnualReport:  # noqa: A002
    """Read a report from a PDF with a text layer.

    Raises:
        ReadError: too large, not a PDF, broken, encrypted, no text layer, or no report in the text.
        UnsupportedFileError: pypdfium2 is not installed.
    """
    if len(data) > MAX_PDF_BYTES:
        msg = f"PDF is {len(data)} bytes; the limit is {MAX_PDF_BYTES}"
        raise ReadError(msg)
    if not data.startswith(b"%PDF-"):
        raise ReadError("not a PDF file")
    check_streams(data)
    pages = extract_pages(data)
    if not any(pages):
        msg = (
            "the PDF has no text layer: it is a scan, or its tables are published as images; "
            "only PDFs with text can be read"
        )
        raise ReadError(msg)
    columns = _Columns()
    text = "\n".join(columns.page_text(runs) for runs in pages)
    return finish(read_text(text, format=format, wrapped=True), reader="pdf", data=data, text=text)
