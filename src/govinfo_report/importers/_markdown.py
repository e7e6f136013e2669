"""Reading reports from Markdown: ours (HTML table blocks) and pipe tables as converters and OCR write them.

Our own Markdown holds its tables as HTML blocks and is read by the HTML reader.
Markdown written by a PDF converter or an OCR service holds pipe tables
(``| 规章 | 0 | 0 | 0 |``), and these rarely keep the table's shape: a table
broken into fragments with headings of the converter's own between them, labels
printed on lines apart from their numbers or split over cells, header rows
that belong to another table, table 三 regrouped into one table per group, table
四 as one row of 15 numbers or as three tables of 5.  The reader therefore does
not trust the shape.  Within each table's section (the format's headings, found
by the shared front) it collects the *value rows* in document order: a pipe row
or a line of text with numbers, with the label text in and before it.  Then:

- 三: the rows are printed in the declared order.  Each value row is matched to
  the declared rows its label names (tolerant :func:`norm`, a fragment of a
  split label, an OCR variant); the rows are then aligned to the declared rows in
  order, labels first, so that a row whose label is missing or unreadable takes
  the one declared row left between its labelled neighbours, where the count fits.  A row
  has 7 values in the declared column order, whatever the headers say
  (``数据1…数据6``).  Rows placed by order are checked with the identities across
  rows (（七）总计, 一+二=（七）+四); if one fails, they are left blank and reported.
- 四: where its headers are printed, 15 values in declared order, or three
  tables of 5 placed by their captions.
- 二: rows by their labels.  A row printing one value fewer than its columns,
  where the same sub-table's text holds as many loose numbers each with an
  annotation naming a column (``22（其中修订 16 件）``: 修订 names 本年制发件数),
  takes them in order; otherwise it stays blank.

Nothing printed is lost where the table has room for it: a value that cannot be
placed is kept as the raw text of a blank row's first cell, with the line it was
found on (a table whose every row holds values has no blank cell to keep it in).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from attrs import frozen

from govinfo_report.errors import ReadError
from govinfo_report.formats import PLACEHOLDERS, CellSpec, FormatSpec, Row, TableSpec
from govinfo_report.importers._front import (
    agency_year,
    decode,
    detect_format,
    heading_keys,
    published,
    section_of,
    sections,
)
from govinfo_report.importers._grid import (
    INVISIBLE,
    LABEL_NUMBER,
    norm,
    printed_leaves,
    published_number,
    total_left_blank,
)
from govinfo_report.importers._html import read_html
from govinfo_report.importers._text import PAGE_NUMBER, is_value, read_text
from govinfo_report.model import AnnualReport, ReportMeta, Value, from_values

__all__ = ["has_pipe_tables", "markdown_to_html", "read_markdown", "read_pipe_tables"]

_HTML_TABLE = re.compile(r"^\s*<table\b", re.IGNORECASE | re.MULTILINE)
_TABLE_END = re.compile(r"</table>\s*$", re.IGNORECASE)
_PIPE_TABLE = re.compile(r"^\s*\|.*\|\s*\n\s*\|?\s*:?-{3,}:?\s*\|", re.MULTILINE)
_SEPARATOR = re.compile(r"^\s*\|?(?:\s*:?-{3,}:?\s*\|)*\s*:?-{3,}:?\s*\|?\s*$")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_MD_ESCAPE = re.compile(r"\\([\\`*_\[\]|~#+=.)!-])")
_HEADING = re.compile(r"^#{1,6}\s*")
_NOTE = re.compile(r"^[（(](?![一二三四五六七八九十]+[)）]).*[)）]$")
"""A line wholly in brackets, not a numbered label: an annotation of the number before it (``（其中修订 16 件）``)."""
_NOTED = re.compile(r"^([+-]?\d+(?:\.\d+)?)\s*([（(].*[)）])$")
"""A number with its annotation in one cell or line: ``22（其中修订16件）``."""
_MIN_FRAGMENT = 4
"""Characters a piece of a split label needs to name rows (``缴纳费用、``); shorter pieces (``予公开``) name nothing."""

# Words of an annotation that name a column of table 二 (第二十条第（一）项, 2021 format), by the column's key: a
# revised or newly made document is issued in the year (本年制发件数), one that lapses is counted with the
# repealed (本年废止件数).  No other column is named by an annotation.
_NAMED_BY = {
    "issued": ("制发", "制定", "修订", "印发"),
    "repealed": ("废止", "失效", "废除"),
}


@frozen
class _Line:
    """A line of the document: a pipe-table row or a line of text, with its label pieces and values."""

    number: int
    labels: tuple[str, ...]
    values: tuple[tuple[str, str], ...] = ()
    """(number, printed text) of each value: the text keeps an annotation (``22（其中修订 16 件）``)."""
    text: str | None = None
    """The line as text (None for a pipe row)."""


def has_pipe_tables(text: str) -> bool:
    """Whether the text holds a Markdown pipe table (a row followed by a ``|---|`` separator)."""
    return _PIPE_TABLE.search(text) is not None


def _clean(text: str) -> str:
    if "\\" in text or "<" in text:
        text = _MD_ESCAPE.sub(r"\1", _BREAK.sub("", text))
    return text.strip().strip("*").strip()


def _split(text: str) -> tuple[str, list[tuple[str, str]]]:
    """(label, values) of a cell or line: the values are the numbers it ends with; prose gives no values."""
    if is_value(text):
        return "", [(text, text)]
    m = _NOTED.match(text)
    if m:
        return "", [(m.group(1), text)]
    pieces = text.split()
    k = len(pieces)
    while k and is_value(pieces[k - 1]):
        k -= 1
    if any(is_value(p) for p in pieces[:k]):
        return text, []  # numbers inside a sentence (2025 年 1 月 1 日)
    return "".join(pieces[:k]), [(p, p) for p in pieces[k:]]


def _parse(text: str) -> list[_Line]:
    out: list[_Line] = []
    for n, raw in enumerate(text.splitlines(), start=1):
        line = (INVISIBLE.sub("", raw) if INVISIBLE.search(raw) else raw).strip()  # what prints nothing is no text
        if not line or PAGE_NUMBER.match(line) or _SEPARATOR.match(line):
            continue
        if line.startswith("|"):
            labels: list[str] = []
            values: list[tuple[str, str]] = []
            for cell in _CELL_SPLIT.split(line.strip("|")):
                label, found = _split(_clean(cell))
                if label:
                    labels.append(label)
                values += found
            out.append(_Line(n, tuple(labels), tuple(values)))
            continue
        if _HEADING.match(line):
            plain = _clean(_HEADING.sub("", line))
            out.append(_Line(n, (plain,) if plain else (), text=plain))
            continue
        plain = _clean(line)
        previous = out[-1] if out else None
        if _NOTE.match(plain) and previous and previous.text and not previous.labels and len(previous.values) == 1:
            ((number, printed),) = previous.values  # the annotation of a number printed on the line above
            out[-1] = _Line(previous.number, (), ((number, printed + plain),), previous.text + plain)
            continue
        label, values = (plain, []) if _NOTE.match(plain) else _split(plain)
        out.append(_Line(n, (label,) if label else (), tuple(values), plain))
    return out


# -- matching labels --------------------------------------------------------------------------


def _numbering(key: str) -> str:
    m = LABEL_NUMBER.match(key)
    return m.group(0) if m else ""


class _Labels:
    """The row labels of one table, in the forms a printed label is compared with."""

    def __init__(self, spec: FormatSpec, table: TableSpec) -> None:
        rows = table.rows
        self.leaves = [(leaf, _numbering(leaf)) for leaf in (norm(r.labels[-1]) for r in rows)]
        self.bare: dict[str, list[int]] = {}
        """Rows by their label without its numbering."""
        self.numbered: dict[str, list[int]] = {}
        """Rows by their numbered label (which a group label may precede)."""
        for i, (leaf, numbering) in enumerate(self.leaves):
            self.bare.setdefault(leaf[len(numbering) :], []).append(i)
            if numbering:
                self.numbered.setdefault(leaf, []).append(i)
        for i, row in enumerate(rows):  # the other format's label of the row (spec D9)
            for leaf in map(norm, printed_leaves(spec, table, row)[1:]):
                self.bare.setdefault(leaf[len(_numbering(leaf)) :], []).append(i)
        # The outermost label of a nested row (三、本年度办理结果) is shared by too many rows to name one.
        self.parts = [[norm(label) for label in r.labels[1:] or r.labels] for r in rows]
        self.headers = {norm(label) for r in rows for c in r.columns.columns for label in c.labels}

    def own(self, key: str) -> set[int]:
        """The rows whose own label ``key`` (normal form) is, as printed or in a variant.

        Variants: without its numbering (``予以公开``, ``本年新收政府信息公开申请数量``), after a group label
        (``三、本年度办理结果（一）予以公开``), with a provincial annotation (``规章(…应提供相关数据)``).
        A label numbered otherwise (``(六)其他`` against ``3.其他``) is not the row's.
        """
        numbered = _numbering(key)
        out = {i for i in self.bare.get(key[len(numbered) :], ()) if numbered in ("", self.leaves[i][1])}
        out.update(i for k in range(1, len(key)) for i in self.numbered.get(key[k:], ()))
        if key.endswith(")"):
            out.update(i for i, (leaf, _) in enumerate(self.leaves) if key.startswith(leaf + "("))
        return out

    def exact(self, pieces: Sequence[str]) -> frozenset[int] | None:
        """The rows whose whole label one of the pieces (or all of them together) is."""
        return frozenset(i for key in _keys(pieces) for i in self.own(key)) or None

    def candidates(self, pieces: Sequence[str]) -> frozenset[int] | None:
        """The rows a value row's label pieces may name: by a whole label, else by fragments; None: no label.

        A fragment is a piece of a row's label or of its group's (a label split over cells or lines).
        """
        exact = self.exact(pieces)
        if exact:
            return exact
        sets = [
            found
            for key in _keys(pieces)
            if len(key) >= _MIN_FRAGMENT
            and (found := frozenset(i for i, parts in enumerate(self.parts) if any(key in part for part in parts)))
        ]
        if not sets:
            return None
        both = frozenset.intersection(*sets)
        return both or frozenset.union(*sets)

    def named(self, block: Sequence[_Line]) -> frozenset[int] | None:
        """The rows that the loose text before a value row names in full (a label wrapped over lines).

        A header row (one naming a column: ``| 类别 | 数据1 | … | 总计 |``) names no row.
        """
        block = [line for line in block if not any(norm(p) in self.headers for p in line.labels)]
        joined = "".join(norm(p) for line in block for p in line.labels)
        named = {i for i, (leaf, numbering) in enumerate(self.leaves) if numbering and leaf in joined}
        named |= {i for line in block for p in line.labels for i in self.own(norm(p))}
        return frozenset(named) or None


def _keys(pieces: Sequence[str]) -> list[str]:
    keys = [norm(p) for p in pieces]
    return [*keys, "".join(keys)] if len(keys) > 1 else keys


def _align(candidates: Sequence[frozenset[int] | None], n: int, loose: Sequence[int] = ()) -> list[int | None]:
    """The declared row of each value row, in order, where every best alignment agrees; None where they differ.

    An alignment keeps the rows in order on both sides.  A value row with a label goes only to a row it
    names; one without a label goes anywhere.  The best alignment places the most labelled rows, then the
    most unlabelled ones; an unlabelled row is placed only where every best alignment puts it in the same
    row, that is where the declared rows left between its labelled neighbours are exactly as many.

    The rows in ``loose`` are named only by the loose text before them (a label wrapped over lines, which a
    converter may have run together with the next row's label or a group label): they prefer a row that text
    names, but go anywhere, like a row without a label, where that places one more row.
    """
    m = len(candidates)
    heavy = 3 * m + 1  # one labelled row outweighs every other row
    never = -heavy * (m + 1)  # below the best any alignment can reach: a labelled row in a row it does not name
    soft = set(loose)
    score = [
        [2] * n
        if c is None
        else [3 if j in c else 2 for j in range(n)]
        if k in soft
        else [heavy if j in c else never for j in range(n)]
        for k, c in enumerate(candidates)
    ]
    fwd = [[0] * (n + 1) for _ in range(m + 1)]
    for k in range(m):
        above, here, row = fwd[k], fwd[k + 1], score[k]
        for j in range(n):
            here[j + 1] = max(above[j + 1], here[j], above[j] + row[j])
    back = [[0] * (n + 1) for _ in range(m + 1)]
    for k in range(m - 1, -1, -1):
        below, here, row = back[k + 1], back[k], score[k]
        for j in range(n - 1, -1, -1):
            here[j] = max(below[j], here[j + 1], below[j + 1] + row[j])
    best = fwd[m][n]
    out: list[int | None] = []
    for k in range(m):
        before, after, row = fwd[k], back[k + 1], score[k]
        options = [j for j in range(n) if before[j] + row[j] + after[j + 1] == best]
        skipped = any(before[j] + after[j] == best for j in range(n + 1))
        out.append(options[0] if len(options) == 1 and not skipped else None)
    return out


# -- the cells ----------------------------------------------------------------------------------


class _Cells:
    """The values, raw texts and sources read so far, and the text that found no cell."""

    def __init__(self, spec: FormatSpec) -> None:
        self.spec = spec
        self.values: dict[str, Value] = {}
        self.raw: dict[str, str] = {}
        self.sources: dict[str, str] = {}
        self.unplaced: list[tuple[TableSpec, _Line, str, Sequence[Row]]] = []

    def cells(self, table: TableSpec, row: Row) -> list[CellSpec]:
        return [self.spec.cells_by_key[(table.key, row.key, c.key)] for c in row.columns.columns]

    def put(self, cell: CellSpec, line: int, value: tuple[str, str]) -> None:
        number, printed = value
        parsed, raw = published_number(number, cell)
        self.values[cell.pointer] = parsed
        self.sources[cell.pointer] = f"line {line}"
        text = printed if printed != number else raw
        if text is not None:
            self.raw[cell.pointer] = text

    def put_row(self, cells: list[CellSpec], line: _Line) -> None:
        """A row's values in column order (its total may be the one left blank), else its text kept."""
        if len(line.values) == len(cells) or total_left_blank(cells, [number for number, _ in line.values]):
            for cell, value in zip(cells, line.values, strict=False):
                self.put(cell, line.number, value)
        else:
            self.keep(cells[0], line, "无法对应到各列")

    def drop(self, cells: list[CellSpec]) -> None:
        for cell in cells:
            for found in (self.values, self.raw, self.sources):
                found.pop(cell.pointer, None)

    def keep(self, cell: CellSpec, line: _Line, why: str) -> None:
        """Text that could not be placed, as the raw text of a blank cell (added to what it holds)."""
        text = f"（{why}：{' '.join(printed for _, printed in line.values)}）"
        self.raw[cell.pointer] = f"{self.raw[cell.pointer]}；{text}" if cell.pointer in self.raw else text
        where = f"line {line.number}"
        self.sources[cell.pointer] = f"{self.sources[cell.pointer]}; {where}" if cell.pointer in self.sources else where

    def later(self, table: TableSpec, line: _Line, why: str, rows: Sequence[Row] = ()) -> None:
        """Keep a line that found no cell, once every value is placed: see :meth:`flush`."""
        self.unplaced.append((table, line, why, rows))

    def flush(self) -> None:
        """Each unplaced line goes to the first blank row of its ``rows``, else of its table, else to its first row.

        A blank row is one without any value; the text is added to its first cell.
        """
        for table, line, why, rows in self.unplaced:
            for group in (rows, table.rows):
                blank = next(
                    (r for r in group if all(self.values.get(c.pointer) is None for c in self.cells(table, r))), None
                )
                if blank is not None:
                    self.keep(self.cells(table, blank)[0], line, why)
                    break
            else:  # a full table: the text is kept all the same (the import turns it into a note)
                self.keep(self.cells(table, table.rows[0])[0], line, why)
        self.unplaced = []


# -- the tables ---------------------------------------------------------------------------------


def _read_table2(out: _Cells, table: TableSpec, lines: Sequence[_Line]) -> None:
    """Rows by their whole labels (or a label on the line above); single numbers without one are loose."""
    labels = _Labels(out.spec, table)
    captions = {norm(r.labels[0]): r.labels[0] for r in table.rows}
    caption: str | None = None
    rows: dict[str, tuple[Row, _Line]] = {}
    loose: list[tuple[str | None, _Line]] = []
    block: list[_Line] = []
    for line in lines:
        if not line.values:
            named = next((captions[k] for p in line.labels for k in captions if norm(p).startswith(k)), None)
            caption, block = (named, []) if named is not None else (caption, [*block, line])
            continue
        found = labels.exact(line.labels) if line.labels else labels.named(block)
        block = []
        row = table.rows[next(iter(found))] if found is not None and len(found) == 1 else None
        if row is not None and row.key not in rows:
            rows[row.key] = (row, line)
        elif not line.labels and len(line.values) == 1 and caption is not None:
            loose.append((caption, line))
        else:
            out.later(table, line, "无法对应到行")
    for row, line in rows.values():
        if len(line.values) >= len(row.columns.columns):
            out.put_row(out.cells(table, row), line)
    for label in captions.values():
        short = [
            (r, line) for r, line in rows.values() if r.labels[0] == label and len(line.values) < len(r.columns.columns)
        ]
        _fill_short_rows(out, table, label, short, [line for c, line in loose if c == label])


def _fill_short_rows(
    out: _Cells, table: TableSpec, caption: str, short: list[tuple[Row, _Line]], numbers: list[_Line]
) -> None:
    """Rows of one sub-table printing one value fewer than their columns, and the sub-table's loose numbers.

    The k-th short row takes the k-th loose number when they are as many and each number's annotation names
    exactly one column of its row; the printed values fill the other columns in order.  Otherwise the short
    rows stay blank, and every text is kept with them (or with the sub-table's first blank row).
    """
    if not short:
        for number in numbers:
            out.later(table, number, "无法对应到各列", [r for r in table.rows if r.labels[0] == caption])
        return
    plan = []
    for (row, line), number in zip(short, numbers, strict=False):
        column = _column_named(number.values[0][1], row)
        if column is None or len(line.values) != len(row.columns.columns) - 1:
            break
        plan.append((row, line, number, column))
    if len(plan) == len(short) == len(numbers):
        for row, line, number, column in plan:
            rest = iter(line.values)
            for i, cell in enumerate(out.cells(table, row)):
                out.put(cell, *((number.number, number.values[0]) if i == column else (line.number, next(rest))))
        return
    for row, line in short:
        out.put_row(out.cells(table, row), line)
    for number in numbers:
        out.later(table, number, "无法对应到各列", [r for r, _ in short])


def _column_named(printed: str, row: Row) -> int | None:
    """The one column of ``row`` that a number's annotation names (``（含自然失效 29 件）`` → 本年废止件数)."""
    m = _NOTED.match(printed)
    note = norm(m.group(2)) if m else ""
    named = [i for i, col in enumerate(row.columns.columns) if any(word in note for word in _NAMED_BY.get(col.key, ()))]
    return named[0] if len(named) == 1 else None


def _read_table3(out: _Cells, table: TableSpec, lines: Sequence[_Line]) -> None:
    """Value rows matched by their labels, aligned in order, and checked where the order placed them."""
    rows = table.rows
    found = _value_rows(out, table, lines)
    loose = [k for k, (_, _, own) in enumerate(found) if not own]
    placed = _placements([c for _, c, _ in found], len(rows), loose)
    by_order = {  # a row named by the loose text before it, placed elsewhere, went by order too
        j
        for (_, c, _), j in zip(found, placed, strict=True)
        if j is not None and (c is None or len(c) > 1 or j not in c)
    }
    for (line, _, _), j in zip(found, placed, strict=True):
        if j is not None:
            out.put_row(out.cells(table, rows[j]), line)
    if by_order and not _consistent(out, table, {rows[j].key for j in by_order}):
        for j in by_order:
            out.drop(out.cells(table, rows[j]))
        placed = [None if j in by_order else j for j in placed]
    last = -1
    for (line, named, _), j in zip(found, placed, strict=True):
        if j is None:  # kept with a blank row it names, else with the first after the last row placed before it
            out.later(table, line, "无法对应到行", [rows[i] for i in sorted(named or ())] + list(rows[last + 1 :]))
        else:
            last = j


def _value_rows(
    out: _Cells, table: TableSpec, lines: Sequence[_Line]
) -> list[tuple[_Line, frozenset[int] | None, bool]]:
    """The value rows of 三 in order: the rows each may name (None: no label), and whether by its own label.

    Without a label of its own, a row is named by the loose text before it.  A line that is not as wide as the
    table is no row of it unless a label names one (the loose text only where just its 总计 can be missing);
    its numbers are kept.
    """
    width = len(table.rows[0].columns.columns)
    labels = _Labels(out.spec, table)
    found: list[tuple[_Line, frozenset[int] | None, bool]] = []
    block: list[_Line] = []
    for line in lines:
        if not line.values:
            block.append(line)
            continue
        own = labels.candidates(line.labels)
        candidates = own or (labels.named(block) if len(line.values) >= width - 1 else None)  # its 总计 blank
        block = []
        if own is not None or len(line.values) == width or (candidates and len(line.values) == width - 1):
            found.append((line, candidates, own is not None))
        elif any(number not in PLACEHOLDERS for number, _ in line.values):  # an empty table of `-` is nothing
            out.later(table, line, "无法对应到行")
    return found


def _placements(candidates: list[frozenset[int] | None], n: int, loose: Sequence[int] = ()) -> list[int | None]:
    """The alignment of :func:`_align`, where a row placed by order lies between rows placed by their own labels.

    The table's edge is no anchor.  A row named by its label alone goes to that row even out of order.
    """
    placed = _align(candidates, n, loose)
    anchors = [
        k
        for k, (c, j) in enumerate(zip(candidates, placed, strict=True))
        if j is not None and c and len(c) == 1 and k not in loose
    ]
    for k, named in enumerate(candidates):
        by_order = named is None or len(named) > 1 or k in loose
        if by_order and not (anchors and anchors[0] < k < anchors[-1]):
            placed[k] = None
    for k, named in enumerate(candidates):
        if placed[k] is None and named is not None and len(named) == 1:
            (j,) = named
            placed[k] = None if j in placed else j
    return placed


def _consistent(out: _Cells, table: TableSpec, by_order: set[str]) -> bool:
    """Whether the identities across rows that involve rows placed by order hold (where every cell is known)."""
    for identity in out.spec.identities:
        keys = (*identity.lhs, *identity.rhs)
        involved = {row for t, row, _ in keys if t == table.key}
        if len(involved) < 2 or not involved & by_order:  # noqa: PLR2004 - a row's own total says nothing of order
            continue
        sides = [
            [out.values.get(out.spec.cells_by_key[k].pointer) for k in side] for side in (identity.lhs, identity.rhs)
        ]
        numbers = [[v for v in side if isinstance(v, int)] for side in sides]
        if numbers == sides and sum(numbers[0]) != sum(numbers[1]):
            return False
    return True


def _read_table4(out: _Cells, table: TableSpec, lines: Sequence[_Line]) -> None:
    """15 values in declared order; three tables of 5 by their captions."""
    groups = [norm(row.columns.columns[0].labels[-2]) for row in table.rows]  # 行政复议, 未经复议直接起诉, 复议后起诉
    headers = {norm(label) for row in table.rows for col in row.columns.columns for label in col.labels}
    found: list[tuple[_Line, int | None]] = []
    block: list[_Line] = []
    for line in lines:
        if not line.values:
            block.append(line)
        elif any(norm(p) not in headers for p in line.labels):
            block = []  # a sentence ending in a number, not a row of the table
        else:
            caption = "".join(norm(p) for b in (*block, line) for p in b.labels)
            named = [i for i, g in enumerate(groups) if g in caption]
            found.append((line, named[0] if len(named) == 1 else None))
            block = []
    words = "".join(norm(p) for line in lines for p in line.labels)
    if not found or not all(norm(top) in words for top in {row.columns.columns[0].labels[0] for row in table.rows}):
        return  # the table's own headers (行政复议, 行政诉讼) are nowhere: its numbers are no evidence of it
    width = len(table.rows[0].columns.columns)
    by_caption = {g: line for line, g in found if g is not None}
    if len(by_caption) == len(found) == len(groups) and all(len(line.values) == width for line, _ in found):
        found = [(by_caption[g], g) for g in range(len(groups))]  # three tables of 5, each by its caption
    cells = [c for row in table.rows for c in out.cells(table, row)]
    values = [(line.number, v) for line, _ in found for v in line.values]
    if len(values) != len(cells):  # a lone number beside the rows (a page number) is no cell of theirs
        values = [(line.number, v) for line, _ in found if len(line.values) > 1 for v in line.values]
    if len(values) != len(cells):
        printed = tuple(v for line, _ in found for v in line.values)
        out.keep(cells[0], _Line(found[0][0].number, (), printed), "无法对应到各列")
        return
    for cell, (n, value) in zip(cells, values, strict=True):
        out.put(cell, n, value)


_READERS = {"二": _read_table2, "三": _read_table3, "四": _read_table4}


# -- the document -------------------------------------------------------------------------------


def read_pipe_tables(data: bytes | str, *, format: str | FormatSpec | None = None) -> AnnualReport:  # noqa: A002
    """Read a report from Markdown (or text) whose tables are pipe tables, however fragmentary.

    Raises:
        ReadError: nothing of a report in it.
    """
    lines = _parse(decode(data))
    texts = [line.text for line in lines if line.text]
    agency, year = agency_year([*texts[:10], *(a + b for a, b in pairwise(texts[:6]))])
    spec = detect_format("\n".join(p for line in lines for p in line.labels), year, format)
    keys = heading_keys(spec.id)
    by_section: dict[str, list[_Line]] = {}
    current: str | None = None
    for line in lines:
        number = section_of(line.text, keys) if line.text else None
        if number is not None:
            current = number
            by_section.setdefault(number, [])
        elif current is not None:
            by_section[current].append(line)
    if not any(t.number in by_section for t in spec.tables):
        labelled = [_Labels(spec, t) for t in spec.tables if t.number != "四"]
        if not any(labels.exact(line.labels) for labels in labelled for line in lines if line.values):
            raise ReadError("no annual report found in the Markdown (no table heading and no table labels)")
    out = _Cells(spec)
    for table in spec.tables:
        section = by_section.get(table.number)
        if section is None and table.number == "四":
            continue  # 四 has no row labels: without its heading its numbers cannot be told from others
        _READERS[table.number](out, table, lines if section is None else section)
    out.flush()
    return from_values(
        spec,
        [(spec.cells_by_pointer[p], v) for p, v in out.values.items()],
        meta=ReportMeta(agency=agency, year=year, published=published(texts)),
        raw=out.raw,
        sources=out.sources,
        **sections(texts, spec),
    )


_LINE_END = re.compile(r"\r\n|\r|\n")


def markdown_to_html(text: str) -> str:
    """Our Markdown as HTML: HTML table blocks pass through, every other line becomes a paragraph."""
    out: list[str] = []
    in_table = False
    for line in _LINE_END.split(text):  # Markdown's line endings only (str.splitlines also splits at NEL, FS...)
        if line.startswith("<meta "):  # our metadata tags
            out.append(line)
            continue
        if in_table or _HTML_TABLE.match(line):
            out.append(line)
            in_table = not _TABLE_END.search(line)
            continue
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("#"):
            level = len(stripped) - len(stripped.lstrip("#"))
            stripped = stripped[level:].strip()
            tag = f"h{min(level, 6)}"
        else:
            tag = "p"
        # Entities stay as they are (the HTML parser decodes them); backslash escapes go.
        plain = _MD_ESCAPE.sub(r"\1", stripped)
        out.append(f"<{tag}>{plain}</{tag}>")
    return "\n".join(out)


def read_markdown(data: bytes | str, *, format: str | FormatSpec | None = None) -> AnnualReport:  # noqa: A002
    """Read a report from Markdown: HTML table blocks (ours), pipe tables, or neither (as plain text).

    Raises:
        ReadError: nothing of a report in it.
    """
    text = decode(data)
    if _HTML_TABLE.search(text):
        return read_html(markdown_to_html(text), format=format)
    if has_pipe_tables(text):
        return read_pipe_tables(text, format=format)
    return read_text(text, format=format)
