"""Reading text whose report body is run together on one line (crawler ``page.txt`` files).

Such a file has a few header lines (``标题:``, ``发布时间:``) and then the whole body on one
line: headings, labels and numbers without separators (``行政许可3960181``,
``1.属于国家秘密00000002.其他法律行政法规禁止公开0000000``), with the page's own furniture
(breadcrumb, share buttons) around it.  The reader

- finds the section headings and the declared row labels inside the line, in declared order, in
  the normal form of :func:`~govinfo_report.importers._grid.norm` (so spaces inside a label,
  ``社会公益 组织``, and bracket widths do not matter);
- takes the text between a row's label and the next label as the row's values: a space that is
  there separates two cells, a printed sign starts its cell, a decimal amount keeps its unit;
- splits run-together digits in every way the row allows (no leading zeros, a sign only in a
  column that may be negative, each 总计 the sum of its parts), then decides the rows left with
  several readings by the table's identities, using only those that can hold: a publisher's wrong
  total is never corrected and does not blank the rows around it;
- leaves a row that still has several readings blank, its first cell keeping what was printed
  and the readings it admits, so validation names it.
"""

from __future__ import annotations

import bisect
import datetime
import re
from collections.abc import Iterator
from decimal import Decimal
from functools import cache
from itertools import product
from math import prod

from attrs import frozen

from govinfo_report.errors import ReadError
from govinfo_report.formats import (
    PLACEHOLDERS,
    CellSpec,
    Column,
    FormatSpec,
    Identity,
    Kind,
    Row,
    TableSpec,
    formats,
)
from govinfo_report.formats._traditional import fold
from govinfo_report.importers._front import _CHROME, agency_year, detect_format, heading_keys, published, sections
from govinfo_report.importers._grid import INVISIBLE, PRINTED_DIGITS, UNITS, norm, printed_leaves, published_number
from govinfo_report.model import AnnualReport, ReportMeta, Value, from_values

__all__ = ["read_runon", "runon_headings"]

MAX_DIGITS = 24
"""Run-together digits longer than this are not split (the cells are left blank and reported)."""
MAX_READINGS = 200
"""More readings than this of one row: the row is ambiguous, and its readings are not listed."""
MAX_COMBINATIONS = 20000
"""Combinations of readings the joint step tries at most (per identity, and for the whole table)."""
_MAX_STEPS = 200_000
_SHOWN = 6
_MIN_LINE = 200
"""A line holding the run-on body is at least this long."""
_MIN_SECTION_LINE = 40
"""A line holding one table run together after its heading is at least this long."""
_MIN_HEADINGS = 2
_ANNOTATION = 40
"""Longest annotation in brackets after a label (``规章(设区的市、自治州人民政府应提供相关数据)``)."""

_PIECE = re.compile(
    rf"(?:\s|{INVISIBLE.pattern})+"  # characters that print nothing part pieces as spaces do
    rf"|(?P<number>[+\-－]?{PRINTED_DIGITS}(?:{UNITS})?)"
    r"|(?P<placeholder>——|—|–|-|－|/|／|无(?=无|[^\u4e00-\u9fff]|$))"
)
_UNIT = re.compile(rf"(?:{UNITS})$")
_SIGNS = "+-－"
_NUMERALS = frozenset("一二三四五六七八九十")
_TITLE_LINE = re.compile(r"^\s*标题\s*[:：]\s*(?P<title>.+)$")
_TIME_LINE = re.compile(r"^\s*发布时间\s*[:：]\s*(\d{4})[-年./](\d{1,2})[-月./](\d{1,2})")
_FURNITURE = re.compile(r"附件下载|相关附件[:：]|" + _CHROME.pattern)
_ITEM_AFTER = ".、．"


class _Normal:
    """The text in the normal form labels are compared in, with the position of each character in the original."""

    def __init__(self, text: str) -> None:
        chars: list[str] = []
        where: list[int] = []
        for i, ch in enumerate(text):
            if ch.isspace():
                continue
            # 1、 is 1. and 一. is 一、 (as norm has them)
            if ch in _ITEM_AFTER and i and text[i - 1].isdigit():
                out = "."
            elif ch in ".．" and i and text[i - 1] in _NUMERALS:
                out = "、"
            else:
                out = norm(ch)
            for o in out:
                chars.append(o)
                where.append(i)
        self.text = fold("".join(chars))  # the words of a traditional-script mirror (fold keeps every place)
        self.where = where
        self.length = len(text)

    def original(self, i: int) -> int:
        """Position in the original text of normal position ``i`` (the end maps to the end)."""
        return self.where[i] if i < len(self.where) else self.length


def _heading_patterns(spec: FormatSpec | None) -> dict[str, list[str]]:
    """Section numeral → the normal forms of its heading with the numeral (二、主动公开政府信息情况)."""
    out: dict[str, list[str]] = {}
    specs = [spec] if spec is not None else list(formats())
    for s in specs:
        for key, number in heading_keys(s.id).items():
            for mark in ("、", "."):
                pattern = number + mark + key
                if pattern not in out.setdefault(number, []):
                    out[number].append(pattern)
    return out


_ORDER = "一二三四五六"


@cache
def _renumbered(spec_id: str | None) -> dict[str, re.Pattern[str]]:
    """Section numeral → its heading with any numeral (spec D15: a body that numbers its sections its own way)."""
    keys = (
        heading_keys(spec_id)
        if spec_id is not None
        else {k: n for s in formats() for k, n in heading_keys(s.id).items()}
    )
    by_number: dict[str, list[str]] = {}
    for key, number in keys.items():
        by_number.setdefault(number, []).append(re.escape(key))
    return {n: re.compile(f"[{_ORDER}七八九十]{{1,2}}[、.](?:{'|'.join(ks)})") for n, ks in by_number.items()}


def _find_headings(text: _Normal, spec: FormatSpec | None) -> dict[str, tuple[int, int]]:
    """Section numeral → (start, end) of its heading in the normal text, in section order.

    A heading is looked for with its own numeral first, then with any (spec D15: 一、主动公开政府信息情况 where the
    body's own sections come first, or the tables numbered 一 to 三).
    """
    found: dict[str, tuple[int, int]] = {}
    at = 0
    renumbered = _renumbered(spec.id if spec is not None else None)
    for number, patterns in sorted(_heading_patterns(spec).items(), key=lambda kv: _ORDER.index(kv[0])):
        hits = [(i, i + len(p)) for p in patterns if (i := text.text.find(p, at)) >= 0]
        if not hits and number in renumbered and (m := renumbered[number].search(text.text, at)) is not None:
            hits = [m.span()]
        if hits:
            found[number] = min(hits)
            at = found[number][1]
    return found


def runon_headings(lines: list[str]) -> bool:
    """Whether the text holds a report body run together: table headings inside long lines.

    On one line (a crawler's page.txt), or a line per section, each table run together after its heading (text
    taken from a page that kept the paragraphs' breaks but not the cells').
    """
    tables = {"二", "三", "四"}
    found: set[str] = set()
    for line in lines:
        if len(line) >= _MIN_LINE:
            found |= tables & _find_headings(_Normal(line), None).keys()
        elif len(line) >= _MIN_SECTION_LINE and any(ch.isdigit() for ch in line):
            normal = _Normal(line)  # a table's heading starting the line, its rows after it
            found |= {n for n, (a, b) in _find_headings(normal, None).items() if n in tables and a == 0}
        if len(found) >= _MIN_HEADINGS:
            return True
    return False


# --- splitting a row's printed values into its cells -----------------------------------------------------------


@frozen
class _Slot:
    """One cell position of a run: its column and, for a 总计, the slots it is the sum of."""

    column: Column
    parts: tuple[int, ...] = ()


def _slots(rows: list[Row]) -> list[_Slot]:
    """The cells of one or more rows in order; each total knows its parts (table 四 is three rows in one run)."""
    out: list[_Slot] = []
    for row in rows:
        start = len(out)
        columns = row.columns.columns
        parts = tuple(start + i for i, c in enumerate(columns) if not c.total)
        out += [_Slot(c, parts if c.total else ()) for c in columns]
    return out


def _pieces(run: str) -> list[str]:
    """The printed pieces of a value run: separated by spaces, a sign starting a new piece."""
    pieces = [m.group() for m in _PIECE.finditer(run) if m.lastgroup is not None]  # the gaps are no piece
    return ["-" + p[1:] if p[:1] == "－" and p[1:2].isdigit() else p for p in pieces]


def _cuts(piece: str) -> list[int]:
    """Where a piece may be cut between two cells: between two digits of its whole part."""
    start = 1 if piece[0] in _SIGNS else 0
    whole = re.match(r"\d*", piece[start:])
    digits = whole.group() if whole else ""
    return [start + k for k in range(1, len(digits))]


class _BoundError(Exception):
    """The search met its bound."""


class _ContradictionError(Exception):
    """The identities kept leave a row no reading."""


def _cell_value(text: str, column: Column, first: bool) -> tuple[bool, Value]:
    """(whether the text can be the cell, its value: None for a placeholder)."""
    if text in PLACEHOLDERS:
        return first, None
    sign = text[0] in _SIGNS
    if sign and (not first or column.kind is not Kind.SIGNED_COUNT):
        return False, None
    body = _UNIT.sub("", text[1:] if sign else text)
    whole, dot, fraction = body.partition(".")
    if not whole.isdigit() or (len(whole) > 1 and whole.startswith("0")):
        return False, None
    if dot and (column.kind is not Kind.AMOUNT or not fraction.isdigit()):
        return False, None
    if column.kind is Kind.AMOUNT:
        return True, Decimal(body)
    return True, -int(whole) if sign and text[0] != "+" else int(whole)


class _Splitter:
    """Every way printed pieces fill a run's slots: cut only between digits, each total the sum of its parts.

    When only digits are printed and the run ends with a total (a row of table 三, the last group of
    table 四), the total is taken first, as each tail of the last piece, and its parts are then searched
    for that sum: a part never exceeds what is left of it.
    """

    def __init__(self, pieces: list[str], slots: list[_Slot]) -> None:
        self.all_pieces, self.slots = pieces, slots
        self.out: list[tuple[str, ...]] = []
        self.cells: list[str] = []
        self.values: list[Value] = []
        self.steps = 0
        self.target: int | None = None
        self.tail: tuple[int, ...] = ()
        self.suffix: tuple[str, ...] = ()
        self._prepare(pieces, len(slots))

    def _prepare(self, pieces: list[str], slots: int) -> None:
        self.pieces, self.n = pieces, slots
        self.cuts = [_cuts(p) for p in pieces]
        self.rest = [sum(len(q) for q in pieces[p:]) for p in range(len(pieces) + 1)]
        self.room = [0] * (len(pieces) + 1)
        """Most cells the pieces from each on can make."""
        for p in range(len(pieces) - 1, -1, -1):
            self.room[p] = self.room[p + 1] + len(self.cuts[p]) + 1

    def readings(self) -> tuple[list[tuple[str, ...]], bool]:
        """The readings, and whether the list is complete (the bounds not met)."""
        pieces = self.all_pieces
        if len(pieces) > len(self.slots):
            return [], True
        if len(pieces) == len(self.slots):  # one piece a cell: as printed
            return [tuple(pieces)], True
        if sum(sum(ch.isdigit() for ch in p) for p in pieces) > MAX_DIGITS:
            return [], False
        try:
            if self._ends_with_total():
                self._by_total()
            else:
                self._walk(0, 0, 0)
        except _BoundError:
            return self.out, False
        return self.out, True

    def _ends_with_total(self) -> bool:
        n, parts = len(self.slots), self.slots[-1].parts
        adjacent = parts == tuple(range(n - 1 - len(parts), n - 1))
        return bool(parts) and adjacent and all(p.isdigit() for p in self.pieces)

    def _by_total(self) -> None:
        pieces, last = self.all_pieces, self.all_pieces[-1]
        self.tail = self.slots[-1].parts
        for cut in range(len(last) - 1, -1, -1):  # the total is last[cut:]
            total = last[cut:]
            if len(total) > 1 and total.startswith("0"):
                continue
            rest = [*pieces[:-1], last[:cut]] if cut else pieces[:-1]
            if len(rest) > len(self.slots) - 1:
                continue
            self._prepare(rest, len(self.slots) - 1)
            self.target, self.suffix = int(total), (total,)
            self._walk(0, 0, 0)

    def _fits(self, j: int, nxt: tuple[int, int]) -> bool:
        """Whether the slots after ``j`` can still be filled from position ``nxt`` on."""
        left = self.n - j - 1
        p, o = nxt
        able = self.room[p] - (bisect.bisect_right(self.cuts[p], o) if p < len(self.pieces) else 0)
        return len(self.pieces) - p <= left <= able

    def _sum_holds(self, j: int, value: Value, nxt: tuple[int, int]) -> bool:
        """A total equals its parts; while the last total's parts are searched, they can still make it.

        What is left of the total after this part is at least each part still to come, so those parts
        have no more digits each than it; and it is less than the most the digits left can add up to.
        """
        slot = self.slots[j]
        if value is not None and slot.parts:
            known = [self.values[k] for k in slot.parts]
            if all(v is not None for v in known) and sum(v for v in known if v is not None) != value:
                return False
        if self.target is None or j not in self.tail or not isinstance(value, int):
            return True
        before = self.tail[: self.tail.index(j)]
        left = self.target - value - sum(v for k in before if isinstance(v := self.values[k], int))
        parts_after = len(self.tail) - 1 - self.tail.index(j)
        digits_after = self.rest[nxt[0]] - nxt[1]
        if left < 0 or (parts_after == 0 and left != 0):
            return False
        if parts_after == 0:
            return True
        most = 10 ** (digits_after - parts_after + 1) + 9 * parts_after
        return digits_after <= parts_after * len(str(left)) and left < most

    def _walk(self, j: int, p: int, o: int) -> None:
        self.steps += 1
        if self.steps > _MAX_STEPS:
            raise _BoundError
        if j == self.n or p == len(self.pieces):
            if j == self.n and p == len(self.pieces):
                self.out.append((*self.cells, *self.suffix))
                if len(self.out) > MAX_READINGS:
                    raise _BoundError
            return
        piece, slot = self.pieces[p], self.slots[j]
        for e in [c for c in self.cuts[p] if c > o] + [len(piece)]:
            nxt = (p + 1, 0) if e == len(piece) else (p, e)
            ok, value = _cell_value(piece[o:e], slot.column, o == 0)
            if not (ok and self._fits(j, nxt) and self._sum_holds(j, value, nxt)):
                continue
            self.cells.append(piece[o:e])
            self.values.append(value)
            self._walk(j + 1, *nxt)
            self.cells.pop()
            self.values.pop()


# --- one table ---------------------------------------------------------------------------------------------------


@frozen
class _Run:
    """A row (or table 四's three rows) and what was printed for it."""

    cells: tuple[CellSpec, ...]
    printed: str
    source: str
    readings: tuple[tuple[str, ...], ...]
    complete: bool


class _Table:
    def __init__(self, spec: FormatSpec, table: TableSpec) -> None:
        self.spec, self.table = spec, table
        self.values: dict[tuple[str, str, str], Value] = {}
        self.raw: dict[str, str] = {}
        self.sources: dict[str, str] = {}
        self.runs: list[_Run] = []

    def cells(self, rows: list[Row]) -> tuple[CellSpec, ...]:
        by_key = self.spec.cells_by_key
        return tuple(by_key[(self.table.key, r.key, c.key)] for r in rows for c in r.columns.columns)

    def add(self, rows: list[Row], run: str, source: str) -> None:
        cells = self.cells(rows)
        pieces = _pieces(run)
        if not pieces:
            return
        readings, complete = _Splitter(pieces, _slots(rows)).readings()
        self.runs.append(_Run(cells, " ".join(run.split()), source, tuple(readings), complete))

    def _put(self, run: _Run, reading: tuple[str, ...]) -> None:
        for cell, text in zip(run.cells, reading, strict=True):
            value, raw = published_number(text, cell)
            self.values[cell.key] = value
            self.sources[cell.pointer] = run.source
            if raw is not None:
                self.raw[cell.pointer] = raw

    def _unplaced(self, run: _Run, readings: list[tuple[str, ...]]) -> None:
        text = f"（无法对应到各列：{run.printed}"
        if readings and run.complete:
            shown = "、".join("/".join(r) for r in readings[:_SHOWN])
            text += f"；可能：{shown}" + (f" …共{len(readings)}种" if len(readings) > _SHOWN else "")
        elif not run.complete:
            text += f"；读法超过{MAX_READINGS}种" if len(run.readings) > MAX_READINGS else "；未拆分"
        self.raw[run.cells[0].pointer] = text + "）"
        self.sources[run.cells[0].pointer] = run.source

    def resolve(self) -> None:
        """Fix each run with one reading, then decide the others jointly by the identities that can hold."""
        pending: list[_Run] = []
        for run in self.runs:
            if len(run.readings) == 1 and run.complete:
                self._put(run, run.readings[0])
            elif len(run.readings) > 1 and run.complete:
                pending.append(run)
            else:
                self._unplaced(run, list(run.readings))
        if not pending:
            return
        domains = [[self._numbers(run, r) for r in run.readings] for run in pending]
        decided = _Joint(self.identities(), self.values, pending, domains).solve()
        for run, choice in zip(pending, decided, strict=True):
            if len(choice) == 1:
                self._put(run, run.readings[choice[0]])
            else:
                self._unplaced(run, [run.readings[k] for k in choice] if choice else list(run.readings))

    def _numbers(self, run: _Run, reading: tuple[str, ...]) -> tuple[Value, ...]:
        return tuple(published_number(t, c)[0] for c, t in zip(run.cells, reading, strict=True))

    def identities(self) -> list[Identity]:
        return [i for i in self.spec.identities if i.lhs[0][0] == self.table.key]


class _Joint:
    """The joint step: readings of several rows chosen so that the table's identities hold."""

    def __init__(
        self,
        identities: list[Identity],
        fixed: dict[tuple[str, str, str], Value],
        runs: list[_Run],
        domains: list[list[tuple[Value, ...]]],
    ) -> None:
        self.fixed, self.runs = fixed, runs
        self.domains = [list(range(len(d))) for d in domains]
        self.numbers = domains
        self.where: dict[tuple[str, str, str], tuple[int, int]] = {
            cell.key: (k, j) for k, run in enumerate(runs) for j, cell in enumerate(run.cells)
        }
        self.identities = [i for i in identities if self._checkable(i)]

    def _checkable(self, ident: Identity) -> bool:
        """It touches a pending row and every other cell of it was read."""
        keys = (*ident.lhs, *ident.rhs)
        read = all(k in self.where or self.fixed.get(k) is not None for k in keys)
        return read and any(k in self.where for k in keys)

    def _involved(self, ident: Identity) -> list[int]:
        return sorted({self.where[k][0] for k in (*ident.lhs, *ident.rhs) if k in self.where})

    def _holds(self, ident: Identity, choice: dict[int, int]) -> bool:
        def value(key: tuple[str, str, str]) -> Value:
            if key in self.where:
                k, j = self.where[key]
                return self.numbers[k][choice[k]][j]
            return self.fixed[key]

        sides = [[value(k) for k in side] for side in (ident.lhs, ident.rhs)]
        if any(v is None for side in sides for v in side):
            return True  # a placeholder in a reading: nothing to check
        return sum(sides[0]) == sum(sides[1])  # type: ignore[arg-type]

    def _fits(self, ident: Identity, rows: list[int]) -> Iterator[dict[int, int]] | None:
        if prod(len(self.domains[k]) for k in rows) > MAX_COMBINATIONS:
            return None
        return (
            choice
            for combo in product(*(self.domains[k] for k in rows))
            if self._holds(ident, choice := dict(zip(rows, combo, strict=True)))
        )

    def solve(self) -> list[list[int]]:
        """The readings left to each pending row (indices); one left means decided, none that nothing is."""
        kept = []
        for ident in self.identities:  # an identity no reading satisfies is a publisher's error: not used
            fits = self._fits(ident, self._involved(ident))
            if fits is not None and next(fits, None) is not None:
                kept.append(ident)
        changed = True
        try:
            while changed:  # every identity narrows the rows it touches, until none does
                changed = False
                for ident in kept:
                    changed = self._narrow(ident) or changed
        except _ContradictionError:  # the identities contradict each other: decide nothing
            return [[] for _ in self.runs]
        return self._jointly(kept)

    def _narrow(self, ident: Identity) -> bool:
        """Keep to each row the readings that some fit of the identity uses; whether any row lost one."""
        rows = self._involved(ident)
        fits = self._fits(ident, rows)
        if fits is None:
            return False
        used: dict[int, set[int]] = {k: set() for k in rows}
        for choice in fits:
            for k in rows:
                used[k].add(choice[k])
        changed = False
        for k in rows:
            narrowed = [r for r in self.domains[k] if r in used[k]]
            if not narrowed:
                raise _ContradictionError
            if len(narrowed) < len(self.domains[k]):
                self.domains[k], changed = narrowed, True
        return changed

    def _jointly(self, kept: list[Identity]) -> list[list[int]]:
        """Among the narrowed readings, those of the combinations under which every kept identity holds."""
        rows = list(range(len(self.runs)))
        if prod(len(d) for d in self.domains) > MAX_COMBINATIONS:
            return self.domains
        used: list[set[int]] = [set() for _ in rows]
        for combo in product(*self.domains):
            choice = dict(zip(rows, combo, strict=True))
            if all(self._holds(i, choice) for i in kept):
                for k in rows:
                    used[k].add(choice[k])
        if not any(used):
            return [[] for _ in rows]
        return [sorted(u) for u in used]


# --- the whole text ------------------------------------------------------------------------------------------------


class _Body:
    """The run-on text, its headings and where each label is."""

    def __init__(self, text: str, normal: _Normal, spec: FormatSpec) -> None:
        self.text, self.normal, self.spec = text, normal, spec
        self.headings = _find_headings(self.normal, spec)
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def source(self, at: int) -> str:
        line = bisect.bisect_right(self.line_starts, at)
        return f"line {line}, character {at - self.line_starts[line - 1] + 1}"

    def region(self, number: str) -> tuple[int, int]:
        """Normal positions of a section: after its heading to the next heading (the whole text without one)."""
        if number in self.headings:
            start = self.headings[number][1]
        else:
            before = [e for n, (_, e) in self.headings.items() if _ORDER.index(n) < _ORDER.index(number)]
            start = max(before, default=0)
        after = [s for n, (s, _) in self.headings.items() if _ORDER.index(n) > _ORDER.index(number) and s >= start]
        return start, min(after, default=len(self.normal.text))

    def find(self, label: str, start: int, end: int) -> tuple[int, int] | None:
        """Normal (start, end) of a row label, with an annotation in brackets after it; or its core without one."""
        for target in (label, re.sub(r"\([^()]*\)$", "", label)):
            i = self.normal.text.find(target, start, end)
            if i < 0 or not target:
                continue
            j = i + len(target)
            if self.normal.text.startswith("(", j) and not target.endswith(")"):
                close = self.normal.text.find(")", j, min(end, j + _ANNOTATION))
                j = close + 1 if close >= 0 else j
            return i, j
        return None

    def run(self, start: int, end: int) -> tuple[str, int]:
        """The printed values from normal position ``start`` up to ``end``: (text, original start)."""
        a, b = self.normal.original(start), self.normal.original(end)
        segment = self.text[a:b]
        at = 0
        while at < len(segment) and (m := _PIECE.match(segment, at)) and m.end() > at:
            at = m.end()
        run = segment[:at]
        rest = segment[at:]
        # An item number run into the digits whose label was not found: 00000002.其他… keeps its 2. for the label.
        item = len(rest) > 1 and rest[0] in _ITEM_AFTER and not rest[1].isdigit()
        if item and run.rstrip()[-1:].isdigit():
            run = run.rstrip()[:-1]
        return run, a

    def table(self, table: TableSpec) -> _Table:
        reader = _Table(self.spec, table)
        start, end = self.region(table.number)
        labelled = [r for r in table.rows if r.labels]
        unlabelled = [r for r in table.rows if not r.labels]
        if unlabelled:  # table 四: the values after the last of its column headers, if they are there
            last = -1
            for header in {norm(label) for r in unlabelled for c in r.columns.columns for label in c.labels}:
                i = self.normal.text.rfind(header, start, end)
                last = max(last, i + len(header) if i >= 0 else -1)
            if last >= 0:
                run, at = self.run(last, end)
                reader.add(unlabelled, run, self.source(at))
        found: list[tuple[Row, int, int]] = []
        cursor = start
        for row in labelled:
            leaves = printed_leaves(self.spec, table, row)  # the other format's label too (spec D9)
            hit = next((h for leaf in leaves if (h := self.find(norm(leaf), cursor, end)) is not None), None)
            if hit is not None:
                found.append((row, *hit))
                cursor = hit[1]
        for k, (row, _, label_end) in enumerate(found):
            stop = found[k + 1][1] if k + 1 < len(found) else end
            run, at = self.run(label_end, stop)
            reader.add([row], run, self.source(at))
        reader.resolve()
        return reader

    def text_sections(self) -> dict[str, str | None]:
        lines: list[str] = []
        own = {s.number for s in self.spec.text_sections}
        for number, (a, b) in self.headings.items():
            if number not in own:
                continue
            start, end = self.region(number)
            lines.append(self.text[self.normal.original(a) : self.normal.original(b - 1) + 1])
            body = self.text[self.normal.original(start) : self.normal.original(end)]
            furniture = _FURNITURE.search(body)
            body = body[: furniture.start()] if furniture else body
            lines += [line.strip() for line in body.splitlines() if line.strip()]
        return sections(lines, self.spec)


def _meta(lines: list[str], body: str) -> ReportMeta:
    titles = [m.group("title") for line in lines[:20] if (m := _TITLE_LINE.match(line))]
    first = re.split(r"[。\n]", body.strip(), maxsplit=1)[0][:200]
    agency, year = agency_year([*titles, first, *lines[:10]])
    date = None
    for line in lines[:20]:
        if m := _TIME_LINE.match(line):
            try:
                date = datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                date = None
            break
    return ReportMeta(agency=agency, year=year, published=date or published(lines))


def read_runon(text: str, *, format: str | FormatSpec | None = None) -> AnnualReport:  # noqa: A002
    """Read a report whose body is run together on one line.

    Raises:
        ReadError: no table heading of a report in the text.
    """
    lines = text.splitlines()
    body_at = max(range(len(lines)), key=lambda i: len(lines[i])) if lines else 0
    body = lines[body_at] if lines else ""
    meta = _meta(lines, body)
    normal = _Normal(text)
    spec = detect_format(text, meta.year, format)
    reader = _Body(text, normal, spec)
    if not {"二", "三", "四"} & reader.headings.keys():
        raise ReadError("no annual report found in the text (no table heading)")
    values: list[tuple[CellSpec, Value]] = []
    raw: dict[str, str] = {}
    sources: dict[str, str] = {}
    for table in spec.tables:
        t = reader.table(table)
        values += [(c, t.values.get(c.key)) for r in table.rows for c in t.cells([r])]
        raw |= t.raw
        sources |= t.sources
    return from_values(spec, values, meta=meta, raw=raw, sources=sources, **reader.text_sections())
