"""Reading reports from plain text: copied from a page, or extracted from Word or PDF.

Such text keeps the order of the cells but not the table: one cell per line
(or cells separated by tabs or runs of spaces), headings in between.  The reader
walks the tokens of each table's section in order and, for each declared row,
finds its label and takes the values that follow it.

- A row whose values are all there (as many as the row has columns) is read as is.
- A label run together with its digits (``行政许可3960181``, from crawlers that
  drop separators) is split off; the digits are then divided among the row's
  columns in the one way the row's own 总计 allows.  A row without a total only
  splits when there is one digit per column.
- Anything ambiguous is left blank and reported: the first cell of the row keeps
  the text that could not be placed, so validation names it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Sequence
from itertools import combinations, pairwise, product

from govinfo_report.errors import ReadError
from govinfo_report.formats import (
    PLACEHOLDERS,
    CellSpec,
    FormatSpec,
    Row,
    TableSpec,
    formats,
)
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
    PRINTED_DIGITS,
    UNITS,
    near,
    norm,
    printed_leaves,
    published_number,
    total_left_blank,
)
from govinfo_report.importers._runon import read_runon, runon_headings
from govinfo_report.model import AnnualReport, ExtraRow, ReportMeta, Value, from_values

__all__ = ["BLANK", "MAX_TEXT_BYTES", "PAGE_NUMBER", "is_value", "read_text", "table_heading"]

MAX_TEXT_BYTES = 2 * 1024 * 1024
_VALUE = re.compile(rf"^[+-]?{PRINTED_DIGITS}\s*(?:{UNITS})?$")
_MAX_SPLIT_DIGITS = 24
_MIN_PREFIX = 3
_MAX_STRAY = 4
_MAX_STRAYS = 2
_MAX_READINGS = 200
_MAX_COMBINATIONS = 20000
_PIECE = re.compile(r"\S+")
_BOX_DRAWING = re.compile("[\u2500-\u257f]")
"""Box-drawing characters: the rules of a table a text browser draws (│ ├──┼ ┌┬┐)."""


def _label_start(key: str, target: str) -> int | None:
    """Where in ``key`` the start of a wrapped ``target`` label begins (after a group fragment), if anywhere."""
    # A part longer than the target cannot start it: only the last len(target) starts are tried (linear, not
    # quadratic, in a long token).
    for k in range(max(0, len(key) - len(target)), len(key)):
        part = key[k:]
        if len(part) < _MIN_PREFIX:
            return None
        if part != target and target.startswith(part):
            return k
    return None


BLANK = "\u2205"
"""Marks a cell the source printed nothing in (PDF rows whose columns were restored from positions)."""


def is_value(token: str) -> bool:
    """Whether a token is a cell value: a number (with a unit), a placeholder, or the blank mark."""
    return bool(_VALUE.match(token)) or token in PLACEHOLDERS or token == BLANK


def table_heading(line: str) -> str | None:
    """The section numeral of a heading line (二、三、四 for the tables), in any format."""
    return section_of(line.strip(), heading_keys(formats()[-1].id)) if line.strip() else None


def _tokens(lines: list[tuple[int, str]]) -> tuple[list[tuple[int, str]], list[int]]:
    """Cells of the text: numbers apart, the text between them joined; and where on its line each one starts.

    Text extracted from PDF separates cells by single spaces, and also puts spaces
    inside labels (``三、本 （一）予以公开``); Chinese labels hold no spaces, so the
    pieces between two numbers are one label. Characters that print nothing (:data:`INVISIBLE`) are no part of a
    cell.
    """
    out: list[tuple[int, str]] = []
    columns: list[int] = []
    for n, line in lines:
        if PAGE_NUMBER.match(line.strip()):
            continue  # a page's number printed between two rows (— 3 —, 第 3 页 共 6 页): no cell
        label: list[str] = []
        start = 0
        for match in _PIECE.finditer(INVISIBLE.sub("", line) if INVISIBLE.search(line) else line):  # 1\u200b2: 12
            piece = match.group()
            if is_value(piece):
                if label:
                    out.append((n, " ".join(label)))
                    columns.append(start)
                    label = []
                out.append((n, piece))
                columns.append(match.start())
            else:
                if not label:
                    start = match.start()
                label.append(piece)
        if label:
            out.append((n, " ".join(label)))
            columns.append(start)
    return out, columns


def _splits(digits: str, parts: int) -> Iterator[list[int]]:
    """Every way to cut ``digits`` into ``parts`` numbers without leading zeros."""
    n = len(digits)
    for cuts in combinations(range(1, n), parts - 1):
        bounds = (0, *cuts, n)
        pieces = [digits[a:b] for a, b in pairwise(bounds)]
        if all(p == "0" or not p.startswith("0") for p in pieces):
            yield [int(p) for p in pieces]


def _readings(digits: str, row: Row | None, parts: int) -> list[list[int]]:
    """The readings of run-together digits that the row's own total allows (all of them without a total)."""
    if not digits.isdigit() or len(digits) > _MAX_SPLIT_DIGITS or len(digits) < parts:
        return []
    columns = row.columns.columns if row is not None else ()
    total = next((i for i, c in enumerate(columns) if c.total), None)
    out = []
    for r in _splits(digits, parts):
        if total is None or sum(v for i, v in enumerate(r) if i != total) == r[total]:
            out.append(r)
            if len(out) > _MAX_READINGS:
                break
    return out


def _run_together(digits: str, row: Row) -> list[int] | None:
    """The one reading of run-together digits that the row's total allows, or None."""
    readings = _readings(digits, row, len(row.columns.columns))
    return readings[0] if len(readings) == 1 else None


class _TableText:
    def __init__(
        self,
        spec: FormatSpec,
        table: TableSpec,
        tokens: list[tuple[int, str]],
        *,
        own_section: bool = True,
        positioned: bool = False,
        columns: list[int] | None = None,
    ) -> None:
        self.spec, self.table, self.tokens = spec, table, tokens
        self.own_section = own_section
        """The tokens are the table's own section (its heading was found), not the whole text."""
        self.positioned = positioned
        """Values were placed in their columns by position (PDF: a blank cell prints :data:`BLANK`), so a row
        label with no value after it, the next row's label following, is a row printed blank."""
        self.keys = [norm(t) for _, t in tokens]
        self.values: list[tuple[CellSpec, Value]] = []
        self.raw: dict[str, str] = {}
        self.sources: dict[str, str] = {}
        self.pending: list[tuple[list[CellSpec], list[list[int]], int, str]] = []
        """Run-together rows with several readings: (cells, readings, line, digits)."""
        self._slots: dict[int, int] = {}
        self._groups = frozenset(norm(label) for r in table.rows for label in r.labels[:-1])
        """The table's group labels (三、本年度办理结果, （四）无法提供), which may print inside a wrapped label."""
        self._labels = tuple(norm(r.labels[-1]) for r in table.rows if r.labels)
        self.columns = columns or []
        """Where on its line each token starts (text laid out by position: pdftotext -layout)."""

    def cells(self, row: Row) -> list[CellSpec]:
        return [self.spec.cells_by_key[(self.table.key, row.key, c.key)] for c in row.columns.columns]

    def read(self) -> None:
        position = 0
        header_end = self._header_end()
        unlabelled: list[Row] = [r for r in self.table.rows if not r.labels]
        if unlabelled and header_end is not None:  # table 四: the values after its own headers, row after row
            self._take_run(unlabelled, header_end)
        for row in self.table.rows:
            if not row.labels:
                continue
            position = self._read_row(row, max(position, 0))

    def _header_end(self) -> int | None:
        """Index after the last token that is a column header of this table; None when none of its own is there.

        Outside the table's own section, only headers that no other table has count as found (总计 is in 三 as
        well): numbers are never placed into a table whose own labels were not found.
        """
        headers = {norm(label) for r in self.table.rows for c in r.columns.columns for label in c.labels}
        others = {
            norm(label)
            for t in self.spec.tables
            if t is not self.table
            for r in t.rows
            for c in r.columns.columns
            for label in c.labels
        }
        last = -1
        own = False
        for i, key in enumerate(self.keys):
            if key in headers:
                last = i
                own = own or key not in others
        return last + 1 if own or self.own_section else None

    def _take_run(self, rows: list[Row], start: int) -> None:
        cells = [c for r in rows for c in self.cells(r)]
        found = [(n, t) for n, t in self.tokens[start:] if is_value(t)][: len(cells)]
        if len(found) == 1 and found[0][1].isdigit() and len(cells) > 1:  # one run of digits for the whole row
            line, digits = found[0]
            self._defer(cells, _readings(digits, None, len(cells)), line, digits)
            return
        self._assign(cells, found, complete=len(found) == len(cells))

    def _defer(self, cells: list[CellSpec], readings: list[list[int]], line: int, digits: str) -> None:
        """Placeholders now; :meth:`resolve` picks the reading the table's identities allow."""
        start = len(self.values)
        self._assign(cells, [])
        self.pending.append((cells, readings, line, digits))
        self._slots[id(cells[0])] = start

    def resolve(self) -> None:
        """Choose the one combination of readings under which every checkable identity of the table holds."""
        if not self.pending:
            return
        index = {c.key: i for i, (c, _) in enumerate(self.values)}
        base = [v for _, v in self.values]
        identities = [i for i in self.spec.identities if i.lhs[0][0] == self.table.key]
        choices: list[Sequence[Sequence[int | None]]] = [  # a row no reading fits is left out of the choice,
            readings or [[None] * len(cells)]  # not the others with it
            for cells, readings, _, _ in self.pending
        ]
        fits: list[tuple[Sequence[int | None], ...]] = []
        if math.prod(len(c) for c in choices) <= _MAX_COMBINATIONS:
            fits = [combo for combo in product(*choices) if self._holds(combo, base, index, identities)]
        for k, (cells, _, line, digits) in enumerate(self.pending):
            start = self._slots[id(cells[0])]
            readings = {tuple(combo[k]) for combo in fits} if self.pending[k][1] else set()
            if len(readings) != 1:  # no reading, or several: leave the row blank and say what was there
                self.raw[cells[0].pointer] = f"（无法对应到各列：{digits}）"
                self.sources[cells[0].pointer] = f"line {line}"
                continue
            (reading,) = readings
            for j, cell in enumerate(cells):
                self.values[start + j] = (cell, reading[j])
                self.sources[cell.pointer] = f"line {line}"

    def _holds(self, combo: tuple[Sequence[int | None], ...], base: list[Value], index: dict, identities: list) -> bool:  # type: ignore[type-arg]
        values = list(base)
        for (cells, _, _, _), reading in zip(self.pending, combo, strict=True):
            for cell, v in zip(cells, reading, strict=True):
                values[index[cell.key]] = v
        for ident in identities:
            sides = [[values[index[k]] for k in side] for side in (ident.lhs, ident.rhs)]
            if any(v is None for side in sides for v in side):
                continue
            if sum(sides[0]) != sum(sides[1]):
                return False
        return True

    def _read_row(self, row: Row, start: int) -> int:
        cells = self.cells(row)
        for leaf in printed_leaves(self.spec, self.table, row):  # the other format's label too (spec D9)
            end = self._row_at(norm(leaf), cells, row, start)
            if end is not None:
                return end
        misprinted = self._misprinted(row, start)
        if misprinted is not None:
            return self._values_after(cells, misprinted + 1, [])
        self._assign(cells, [])
        return start

    def _row_at(self, target: str, cells: list[CellSpec], row: Row, start: int) -> int | None:
        """Read the row whose label is ``target`` from ``start`` on: where it ends, or None where it is not."""
        for i in range(start, len(self.tokens)):
            line = self.tokens[i][0]
            key = self.keys[i]
            if (
                key == target
                or (key.startswith(target + "(") and key.endswith(")"))  # 规章(…应提供相关数据)
                or (key.endswith(target) and len(key) > len(target))  # 三、本（一）予以公开: a group label before it
            ):
                before = self._values_before(cells, start, i)
                if before is not None:
                    self._assign(cells, before)
                    return i + 1
                return self._values_after(cells, i + 1, [])
            end = self._wrapped_from(target, cells, i, key)
            if end is not None:
                return end
            at = key.find(target)
            rest = key[at + len(target) :] if at >= 0 else ""
            if rest and _VALUE.match(rest):  # 行政许可3960181, 三、本年度办理结果（一）予以公开182011022
                after = self._values_following(i + 1, len(cells))
                if len(cells) > 1 and len(after) == len(cells) - 1:  # 规章0 0 0: the first value run into the label
                    self._assign(cells, [(line, rest), *after])
                elif len(cells) == 1:
                    self._assign(cells, [(line, rest)])
                else:
                    self._defer(cells, _readings(rest, row, len(cells)), line, rest)
                return i + 1
        return None

    def _values_before(self, cells: list[CellSpec], start: int, i: int) -> list[tuple[int, str]] | None:
        """A full row of values between the last row read and this row's label at ``i``, none after the label.

        Text laid out by position prints a label whose line sits a little lower than its values after them
        (``三 0 0 0 0 0 0 0`` / ``8.属于行政查询事项``); pieces of a label printed down the side (三, 、) may come
        between.
        """
        if i + 1 < len(self.tokens) and is_value(self.tokens[i + 1][1]):
            return None
        found = [t for t in self.tokens[start:i] if is_value(t[1])]
        strays = [k for k in self.keys[start:i] if not is_value(k)]
        if len(found) != len(cells) or any(len(k) > _MAX_STRAY for k in strays) or len(strays) > _MAX_STRAYS:
            return None
        return found

    def _misprinted(self, row: Row, start: int) -> int | None:
        """The token of ``row``'s label misprinted (a typo, characters left out), where the row belongs.

        That is before the next exact label of the table, followed by a full row of values, and holding no
        other label of the table.
        """
        target = norm(row.labels[-1])
        width = len(row.columns.columns)
        others = {norm(r.labels[-1]) for r in self.table.rows if r.labels and r is not row}
        for i in range(start, len(self.tokens)):
            key = self.keys[i]
            if key in others:  # the next row's own label: the misprint would have been before it
                return None
            values = self.tokens[i + 1 : i + 1 + width]
            if (
                near(key, target)
                and not any(o in key for o in others)
                and len(values) == width
                and all(is_value(t) for _, t in values)
            ):
                return i
        return None

    def _values_following(self, start: int, most: int) -> list[tuple[int, str]]:
        """The values right after ``start``, if fewer than ``most`` (else none: they are not all one row's)."""
        found: list[tuple[int, str]] = []
        for token in self.tokens[start : start + most]:
            if not is_value(token[1]):
                break
            found.append(token)
        return found if len(found) < most else []

    def _values_after(self, cells: list[CellSpec], start: int, found: list[tuple[int, str]]) -> int:
        """Take the values that follow a label (after any already found), as many as the row has cells.

        With values placed by position, a label with none after it is a row printed blank when the next row's
        label follows (after any group label printed beside the rows): its cells are found, and blank.
        """
        i = start
        if not found and self.positioned and (i == len(self.tokens) or not is_value(self.tokens[i][1])):
            while i < len(self.tokens) and self.keys[i] in self._groups:
                i += 1
            if self._row_starts(i):
                line = self.tokens[start - 1][0]
                for cell in cells:
                    self.sources[cell.pointer] = f"line {line}"
            i = start
        strays = 0
        while len(found) < len(cells) and i < len(self.tokens):
            if is_value(self.tokens[i][1]):
                found.append(self.tokens[i])
            elif found and strays < _MAX_STRAYS and self._group_piece(self.keys[i]):
                strays += 1  # （四）无法 2.没有现成信息需要另行制作 3 / 提供 0 0 …: the group label's last line
            else:
                break
            i += 1
        self._assign(cells, found, complete=len(found) == len(cells))
        return i

    def _group_piece(self, key: str) -> bool:
        """Whether ``key`` is a short piece of one of the table's group labels (提供 of （四）无法提供)."""
        return len(key) <= _MAX_STRAY and any(key in g and key != g for g in self._groups)

    def _row_starts(self, i: int) -> bool:
        """Whether the table ends at token ``i`` or another row's label (or its first line) starts there."""
        if i == len(self.keys):
            return True
        key = self.keys[i]
        group = next((g for g in self._groups if key.startswith(g)), None)
        while group is not None:  # （三）不予公开 4.保护第三方合法权益: the row's label after its group's
            key = key[len(group) :].lstrip()
            group = next((g for g in self._groups if key.startswith(g)), None)
        return any(key.startswith(t) or (len(key) >= _MIN_PREFIX and t.startswith(key)) for t in self._labels)

    def _wrapped_from(self, target: str, cells: list[CellSpec], i: int, key: str) -> int | None:
        """The row read as a label wrapped over lines that starts in token ``i``, if it is one."""
        start_at = _label_start(key, target)
        if start_at is not None:
            end = self._wrapped(target, cells, i, key[start_at:])
            if end is not None:
                return end
        numbering = LABEL_NUMBER.match(target)
        if numbering is None:
            return None
        core = target[numbering.end() :]  # the row's number printed on a line of its own
        if key.endswith(core):  # 危及“三安全一稳定” / 3. 0 0 0 …
            return self._wrapped(core, cells, i, core, numbering.group())
        start_at = _label_start(key, core)
        return None if start_at is None else self._wrapped(core, cells, i, key[start_at:], numbering.group())

    def _wrapped(self, target: str, cells: list[CellSpec], i: int, label: str, numbering: str = "") -> int | None:
        """A label wrapped over lines with the row's values in between (PDF): 1.本机关不掌握相关政 7 1 … 府信息.

        A continuation may start with a piece of a group label printed beside it (理结果 in
        ``理结果 这一情形，不计其他情形）``); that piece is dropped.  So is a whole group label of the table
        printed between the lines of the label, as a vertically centred group cell puts it (2.没有现成信息需要另行
        / （四）无法提供 0 0 … / 制作).  With ``numbering``, ``target`` is the label without its number, which must
        print on a line of its own among the label's (补正后申请内容仍不 0 / 3. / 明确 0 0 …: pdftotext -layout of
        a number set apart from its text).
        """
        found: list[int] = []  # the indices of the values' tokens
        strays = 0
        j = i + 1
        while j < len(self.tokens) and (label != target or numbering):
            if is_value(self.tokens[j][1]):
                found.append(j)
            else:
                key = self.keys[j]
                rest = target[len(label) :]
                cut = next((k for k in range(len(key)) if rest.startswith(key[k:])), None)
                if numbering and key == numbering:
                    numbering = ""  # the row's number, seen
                elif cut is not None:
                    label += key[cut:]
                elif key in self._groups:
                    pass  # a group label printed beside the row, on a line of its own
                elif len(key) <= _MAX_STRAY and strays < _MAX_STRAYS:
                    strays += 1  # a piece of the group label printed beside it (处理, 公开)
                else:
                    return None
            j += 1
        if label != target or numbering:
            return None
        lines = {self.tokens[k][0] for k in found}
        if len(lines) > 1 and len(found) == len(cells) and self.columns and not self.positioned:
            # The values on two lines (a cell aligned at the top beside cells aligned in the middle), laid out
            # by position: left to right is their order, not the order of their lines.
            found.sort(key=self.columns.__getitem__)
        return self._values_after(cells, j, [self.tokens[k] for k in found])

    def _assign(
        self,
        cells: list[CellSpec],
        found: list[tuple[int, str]],
        *,
        complete: bool = True,
        unplaced: tuple[int, str] | None = None,
    ) -> None:
        if found and not complete and not total_left_blank(cells, [t for _, t in found]):
            # fewer values than columns: which cell is missing is unknown
            unplaced = (found[0][0], " ".join(t for _, t in found))
            found = []
        for i, cell in enumerate(cells):
            if i < len(found):
                line, text = found[i]
                value, raw = (None, None) if text == BLANK else published_number(text, cell)
                self.sources[cell.pointer] = f"line {line}"
                if raw is not None:
                    self.raw[cell.pointer] = raw
                self.values.append((cell, value))
            else:
                self.values.append((cell, None))
        if unplaced is not None:
            line, text = unplaced
            self.raw[cells[0].pointer] = f"（无法对应到各列：{text}）"
            self.sources[cells[0].pointer] = f"line {line}"


def _extra_rows(
    spec: FormatSpec, table: TableSpec, tokens: list[tuple[int, str]], sources: dict[str, str]
) -> list[ExtraRow]:
    """Rows of another format's declaration of this table, printed where this format's own rows are not.

    The 2019 single row （六）其他处理 in place of the 2021 items 1–3, say: kept as printed, with its values.
    """
    out = []
    own = {r.labels for r in table.rows}
    for other in formats():
        other_table = other.tables_by_key[table.key]
        for row in other_table.rows if other.id != spec.id else ():
            if not row.labels or row.labels in own:
                continue
            covered = [r for r in table.rows if r.labels[: len(row.labels)] == row.labels]
            cells = [c for c in spec.cells if c.table is table and c.row in covered]
            if not covered or any(c.pointer in sources for c in cells):
                continue
            reader = _TableText(other, other_table, tokens)
            reader._read_row(row, 0)  # noqa: SLF001 - the same reader, on the other declaration
            if not reader.sources:
                continue
            texts = [reader.raw.get(c.pointer) for c, _ in reader.values]
            out.append(
                ExtraRow(
                    table=table.number,
                    labels=row.labels,
                    columns=tuple(c.label for c in row.columns.columns),
                    values=tuple(v for _, v in reader.values),
                    raw=tuple(texts) if any(texts) else (),
                    source=next(iter(reader.sources.values())),
                )
            )
    return out


_SENTENCE_END = ("。", "！", "？", "；", "：", "”", "）", ")", ".", "!", "?", ";", ":")


def reflow(lines: list[str]) -> list[str]:
    """Lines wrapped by a page width joined back into paragraphs (a line not ending a sentence continues)."""
    out: list[str] = []
    for line in lines:
        if out and not out[-1].endswith(_SENTENCE_END):
            out[-1] += line
        else:
            out.append(line)
    return out


def _reflow_headings(lines: list[str], spec: FormatSpec) -> list[str]:
    """Reflow the paragraphs, keeping every heading a line of its own."""
    keys = heading_keys(spec.id)
    out: list[str] = []
    run: list[str] = []
    for line in lines:
        if PAGE_NUMBER.match(line):
            continue
        if section_of(line, keys) is not None:
            out += [*reflow(run), line]
            run = []
        else:
            run.append(_PDF_SPACE.sub("", line))
    return out + reflow(run)


PAGE_NUMBER = re.compile(r"^[—-]\s*\d+\s*[—-]$|^第\s*\d+\s*页")
# PDF extraction puts a space between Chinese and digits (按 2021 年); the report has none there.
_PDF_SPACE = re.compile(
    r"(?<=[\u4e00-\u9fff，。、；：（）《》“”])\s(?=\d)|(?<=\d)\s(?=[\u4e00-\u9fff，。、；：（）《》“”])"
)


def _without_rules(text: str) -> str:
    """The text with the rules of a table drawn in box characters (w3m -dump) as spaces: they separate cells.

    The rules also say where a cell is empty: on a line of a row that holds values, each empty cell after the
    row's label is a blank cell (:data:`BLANK`), so the values beside it keep their columns.
    """
    if not _BOX_DRAWING.search(text):
        return text
    return _BOX_DRAWING.sub(" ", "\n".join(_blanks_marked(line) for line in text.split("\n")))


def _blanks_marked(line: str) -> str:
    """A line of a box-drawn table with its empty data cells marked blank (``│14 │   │ 3│`` → ``14 ∅ 3``)."""
    if "│" not in line:
        return line
    cells = [c.strip() for c in line.split("│")][1:-1]  # the text before the first rule and after the last
    label = max((i for i, c in enumerate(cells) if c and not is_value(c)), default=-1)
    if label < 0:  # the label on another line of the row: the data start at the first value (a group cell's
        label = next((i for i, c in enumerate(cells) if c), len(cells)) - 1  # column before is not a cell of it)
    data = cells[label + 1 :]
    if not any(c and is_value(c) for c in data):
        return line
    return " ".join([*cells[: label + 1], *(c or BLANK for c in data)])


def read_text(data: bytes | str, *, format: str | FormatSpec | None = None, wrapped: bool = False) -> AnnualReport:  # noqa: A002
    """Read a report from plain text.

    ``wrapped``: the lines were wrapped at a page width (text extracted from PDF), so
    paragraphs are joined back together and the title may run over two lines.

    Raises:
        ReadError: too large, not text, or nothing of a report in it.
    """
    if len(data) > MAX_TEXT_BYTES:
        msg = f"text is {len(data)} bytes; the limit is {MAX_TEXT_BYTES}"
        raise ReadError(msg)
    from govinfo_report.importers._markdown import has_pipe_tables, read_pipe_tables  # noqa: PLC0415 - it imports us

    text = decode(data)
    if not wrapped and has_pipe_tables(text):  # Markdown saved as text (OCR, converters)
        return read_pipe_tables(text, format=format)
    unruled = _without_rules(text)
    # Values placed by position (a PDF's, or a box-drawn table's): a blank cell is marked, not left out.
    positioned = BLANK in unruled and (wrapped or unruled is not text)
    lines = [(n, line.rstrip()) for n, line in enumerate(unruled.splitlines(), start=1)]
    texts = [line.strip() for _, line in lines if line.strip()]
    agency, year = agency_year([*texts[:10], *(a + b for a, b in pairwise(texts[:6]))])
    spec = detect_format("\n".join(t for _, t in lines), year, format)
    keys = heading_keys(spec.id)
    # Where each section starts: its heading line.
    starts: dict[str, int] = {}
    for i, (_, line) in enumerate(lines):
        number = section_of(line.strip(), keys) if line.strip() else None
        if number is not None and number not in starts:
            starts[number] = i
    if not any(t.number in starts for t in spec.tables) and runon_headings([line for _, line in lines]):
        return read_runon(text, format=format)  # the body run together on one line (crawler page.txt)
    row_labels = {norm(r.labels[-1]) for t in spec.tables for r in t.rows if r.labels}
    if not any(t.number in starts for t in spec.tables) and not any(norm(t) in row_labels for t in texts):
        if runon_headings(["".join(line for _, line in lines)]):  # headings and rows run into lines of all sizes
            return read_runon(text, format=format)
        raise ReadError("no annual report found in the text (no table heading and no table labels)")
    order = sorted(starts.values())
    values: list[tuple[CellSpec, Value]] = []
    raw: dict[str, str] = {}
    sources: dict[str, str] = {}
    extra: list[ExtraRow] = []
    for table in spec.tables:
        if table.number in starts:
            a = starts[table.number] + 1
            b = next((o for o in order if o > starts[table.number]), len(lines))
            section = lines[a:b]
        else:
            section = lines
        tokens, columns = _tokens(section)
        reader = _TableText(
            spec, table, tokens, own_section=table.number in starts, positioned=positioned, columns=columns
        )
        reader.read()
        reader.resolve()
        values += reader.values
        raw |= reader.raw
        sources |= reader.sources
        extra += _extra_rows(spec, table, tokens, sources)
    section_lines = [line.strip() for _, line in lines if line.strip()]
    text_sections = sections(_reflow_headings(section_lines, spec) if wrapped else section_lines, spec)
    return from_values(
        spec,
        values,
        meta=ReportMeta(agency=agency, year=year, published=published(texts)),
        raw=raw,
        sources=sources,
        extra_rows=tuple(extra),
        **text_sections,
    )
