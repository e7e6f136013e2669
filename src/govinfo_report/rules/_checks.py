"""The built-in checks on one report."""

from __future__ import annotations

import datetime
import re
from bisect import bisect_left
from collections.abc import Callable, Collection, Iterable, Iterator
from decimal import Decimal
from functools import cache
from itertools import chain, compress, repeat
from operator import is_, itemgetter
from typing import Any

from govinfo_report.formats import PLACEHOLDERS, CellSpec, Kind, format_for_year, get_format
from govinfo_report.formats._common import GENERAL, OTHER, PROBLEMS
from govinfo_report.io._csv import parse_number
from govinfo_report.model import Value, format_value
from govinfo_report.rules._catalogue import COUNT_BOUND, FEE_UNIT_THRESHOLD
from govinfo_report.rules._engine import Context, RuleSet, finding
from govinfo_report.rules._finding import Finding

__all__ = ["REPORT_RULES"]

REPORT_RULES = RuleSet()
rule = REPORT_RULES.register

_FIRST_YEAR = 2019
_BRIEF = 50  # characters: a one-line 五 shorter than this is "brief"


@rule("meta-published-early", "meta-published-future", "meta-published-late")
def check_published(ctx: Context) -> Iterator[Finding]:
    """The publication date after the year's end, not in the future, and by 31 January (条例 Art. 49)."""
    meta = ctx.report.meta
    when = meta.published
    if when is None:
        return
    if when > ctx.today:
        yield finding("meta-published-future", "/meta/published", actual=when.isoformat(), today=ctx.today.isoformat())
    if meta.year is None or not _FIRST_YEAR <= meta.year <= ctx.today.year:  # meta-year-* say what is wrong
        return
    if when.year <= meta.year:
        yield finding("meta-published-early", "/meta/published", actual=when.isoformat(), year=meta.year)
    elif when > (deadline := datetime.date(meta.year + 1, 1, 31)):
        yield finding("meta-published-late", "/meta/published", actual=when.isoformat(), deadline=deadline.isoformat())


@rule("meta-agency-missing", "meta-year-missing", "meta-year-invalid", "format-year-mismatch")
def check_meta(ctx: Context) -> Iterator[Finding]:
    """Agency and year present, year plausible, format matching the year."""
    meta = ctx.report.meta
    if not (meta.agency or "").strip():
        yield finding("meta-agency-missing", "/meta/agency")
    if meta.year is None:
        yield finding("meta-year-missing", "/meta/year")
        return
    if not _FIRST_YEAR <= meta.year <= ctx.today.year:
        yield finding("meta-year-invalid", "/meta/year", actual=meta.year)
        return
    due = format_for_year(meta.year)
    if due.id != ctx.spec.id:
        yield finding(
            "format-year-mismatch",
            "/format",
            expected=due.id,
            actual=ctx.spec.id,
            year=meta.year,
            document=due.document,
        )


@rule("section-empty", "problems-empty", "problems-brief")
def check_sections(ctx: Context) -> Iterator[Finding]:
    """一 and 六 present; 五 neither empty nor a single short line."""
    report = ctx.report
    for section in (GENERAL, OTHER):
        if not (getattr(report, section.key) or "").strip():
            yield finding("section-empty", f"/{section.key}", section=section.title)
    problems = (report.problems or "").strip()
    if not problems:
        yield finding("problems-empty", f"/{PROBLEMS.key}")
    elif "\n" not in problems and len(problems) < _BRIEF:
        yield finding("problems-brief", f"/{PROBLEMS.key}", length=len(problems))


_FEE_WORDS = re.compile(r"信息处理费|处理费|收费")
_NO_NOTICE = re.compile(
    r"(未|没有|无)(发出|发放|出具|开具)?(任何)?收费通知|不涉及(收取)?(信息)?处理费|未涉及(信息)?处理费"
)
_NONE_COLLECTED = re.compile(r"(未|没有|无|不)收取(任何)?(政府信息公开)?(信息)?处理费")
_AMOUNT_COLLECTED = re.compile(
    r"收取(了)?(政府信息公开)?(信息)?处理费(共计|合计|总计|共)?\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*(万?元)"
)


@rule("fee-not-reported", "fee-text-conflict")
def check_fee_text(ctx: Context) -> Iterator[Finding]:
    """2021 format: 六 says how 信息处理费 stood, and does not contradict table 三."""
    if ctx.spec.id == "2019":
        return
    text = ctx.report.other_matters or ""
    if text.strip() and not _FEE_WORDS.search(text):
        yield finding("fee-not-reported", f"/{OTHER.key}")
    unpaid_cell = ctx.spec.cells_by_key.get(("table3", "other_fee_unpaid", "total"))
    unpaid = ctx.values[unpaid_cell.index] if unpaid_cell else None
    if unpaid_cell and unpaid and _NO_NOTICE.search(text):
        yield finding(
            "fee-text-conflict",
            f"/{OTHER.key}",
            (unpaid_cell,),
            actual=unpaid,
            detail=f"六中称未发出收费通知或不涉及信息处理费，但表三（六）2“逾期未按收费通知要求缴纳费用”为 {unpaid}。",
            detail_en=f"Section 六 says no fee notice was issued, yet table 三 （六）2 counts {unpaid} applications "
            "dropped for unpaid fees.",
        )
    amounts = [m for m in _AMOUNT_COLLECTED.finditer(text) if Decimal(m.group(5).replace(",", "")) > 0]
    if amounts and _NONE_COLLECTED.search(text):
        stated = amounts[0].group(5) + amounts[0].group(6)
        yield finding(
            "fee-text-conflict",
            f"/{OTHER.key}",
            actual=stated,
            detail=f"六中既称收取信息处理费 {stated}，又称未收取信息处理费。",
            detail_en=f"Section 六 states {stated} of processing fees collected and also that none were collected.",
        )


def _where(cell: CellSpec) -> dict[str, str]:
    table, row, column = cell.labels
    return {"table": table, "row": row or "—", "column": column}


@cache
def _kinds(format_id: str) -> tuple[tuple[Kind, bool], ...]:
    """Per cell: its kind and whether it is an amount in 万元."""
    return tuple((c.kind, c.kind is Kind.AMOUNT and c.column.unit == "万元") for c in get_format(format_id).cells)


@rule(
    "cell-empty",
    "cell-placeholder",
    "cell-not-a-number",
    "count-negative",
    "count-implausible",
    "amount-negative",
    "fee-unit-suspect",
)
def check_cells(ctx: Context) -> Iterator[Finding]:
    """Every cell filled with a number of the right kind, sign and size.

    Not a generator: the common case hands out findings made beforehand through C iterators, so that the 135
    ``cell-empty`` findings of a report with blanks cost no Python frame each.
    """
    numbers: Collection[int | Decimal] = (
        [v for v in ctx.distinct if v is not None] if ctx.has_blank else ctx.distinct  # type: ignore[assignment]
    )
    parts: list[Iterable[Finding]] = []
    if max(numbers, default=0) > COUNT_BOUND:
        parts.append(_implausible(ctx))
    if min(numbers, default=0) >= 0 and not (ctx.has_blank and ctx.report.raw):
        parts += _blanks_and_fees(ctx)  # the common case: no negative, no raw text to look at
    else:
        parts.append(_each_cell(ctx))
    return chain.from_iterable(parts)


def _each_cell(ctx: Context) -> Iterator[Finding]:
    """The findings of :func:`check_cells` but ``count-implausible``, cell by cell (the general case)."""
    values = ctx.values
    for i, (value, (kind, in_wan)) in enumerate(zip(values, _kinds(ctx.spec.id), strict=True)):
        if value is None:
            yield _blank(ctx, ctx.spec.cells[i])
        elif value < 0:
            cell = ctx.spec.cells[i]
            if kind is Kind.COUNT:
                yield finding("count-negative", cell.pointer, (cell,), actual=value, **_where(cell))
            elif kind is Kind.AMOUNT:
                yield finding("amount-negative", cell.pointer, (cell,), actual=value, **_where(cell))
        elif in_wan:
            yield from _fee_unit(ctx.spec.cells[i], value)


def _blanks_and_fees(ctx: Context) -> list[Iterable[Finding]]:
    """What the loop of :func:`check_cells` yields when no cell is negative and no raw text is kept, to chain.

    In its order. The blank cells are found in C and their shared findings given out by C.
    """
    values, format_id = ctx.values, ctx.spec.id
    empty = _empty_findings(format_id)
    blanks = list(compress(range(len(values)), map(is_, values, repeat(None)))) if ctx.has_blank else []
    parts: list[Iterable[Finding]] = []
    start = 0
    for i in _wan_cells(format_id):
        if values[i] is None:
            continue  # a blank among the blanks
        k = bisect_left(blanks, i, start)
        parts.append(map(empty.__getitem__, blanks[start:k]))
        parts.append(_fee_unit(ctx.spec.cells[i], values[i]))
        start = k
    parts.append(map(empty.__getitem__, blanks[start:]))
    return parts


@rule("cell-text-number")
def check_text_numbers(ctx: Context) -> Iterator[Finding]:
    """A number read from a cell that holds it as text (a workbook cell formatted as text)."""
    by_pointer = ctx.spec.cells_by_pointer
    for pointer, text in ctx.report.raw.items():
        cell = by_pointer.get(pointer)
        value = ctx.values[cell.index] if cell is not None else None
        if cell is not None and value is not None and parse_number(text, cell.kind) == (value, None):
            yield finding("cell-text-number", pointer, (cell,), actual=text.strip(), raw=text, **_where(cell))


def _implausible(ctx: Context) -> Iterator[Finding]:
    for i, (value, (kind, _)) in enumerate(zip(ctx.values, _kinds(ctx.spec.id), strict=True)):
        if value is not None and value > COUNT_BOUND and kind is not Kind.AMOUNT:
            cell = ctx.spec.cells[i]
            yield finding(
                "count-implausible", cell.pointer, (cell,), actual=value, bound=f"{COUNT_BOUND:,}", **_where(cell)
            )


@cache
def _wan_cells(format_id: str) -> tuple[int, ...]:
    return tuple(i for i, (_, in_wan) in enumerate(_kinds(format_id)) if in_wan)


@cache
def _empty_findings(format_id: str) -> tuple[Finding, ...]:
    """The ``cell-empty`` finding of every cell, made once: findings are immutable."""
    return tuple(finding("cell-empty", c.pointer, (c,), **_where(c)) for c in get_format(format_id).cells)


def _blank(ctx: Context, cell: CellSpec) -> Finding:
    text = ctx.report.raw.get(cell.pointer) if ctx.report.raw else None
    if text is None:
        return _empty_findings(ctx.spec.id)[cell.index]
    if text.strip() in PLACEHOLDERS:
        return finding("cell-placeholder", cell.pointer, (cell,), actual=text, raw=text, **_where(cell))
    amount = cell.kind is Kind.AMOUNT
    return finding(
        "cell-not-a-number",
        cell.pointer,
        (cell,),
        actual=text,
        raw=text,
        kind="数字" if amount else "整数",
        kind_en="a number" if amount else "a whole number",
        **_where(cell),
    )


def _fee_unit(cell: CellSpec, value: Value) -> Iterator[Finding]:
    if not isinstance(value, Decimal):
        value = Decimal(value or 0)
    exponent = value.normalize().as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    if value > FEE_UNIT_THRESHOLD:
        yield finding(
            "fee-unit-suspect",
            cell.pointer,
            (cell,),
            actual=value,
            why=f"超过 {FEE_UNIT_THRESHOLD} 万元",
            why_en=f"exceeds {FEE_UNIT_THRESHOLD} 万元",
        )
    elif places > 4:  # noqa: PLR2004 - four places of 万元 is one 元
        yield finding(
            "fee-unit-suspect",
            cell.pointer,
            (cell,),
            actual=value,
            why="精确到不足 1 元",
            why_en="has more than 4 decimal places (below 1 元)",
        )


_Identity = tuple[
    str,
    str,
    bool,
    tuple[int, ...],
    tuple[int, ...],
    Callable[[list[Value]], tuple[Value, ...]],
    Callable[[list[Value]], tuple[Value, ...]],
]


def _getter(indexes: tuple[int, ...]) -> Callable[[list[Value]], tuple[Value, ...]]:
    get = itemgetter(*indexes)
    return get if len(indexes) > 1 else lambda values: (get(values),)


@cache
def _identities(format_id: str) -> tuple[_Identity, ...]:
    spec = get_format(format_id)
    index = {c.key: c.index for c in spec.cells}
    out = []
    for i in spec.identities:
        lhs, rhs = tuple(index[k] for k in i.lhs), tuple(index[k] for k in i.rhs)
        out.append((i.family, i.subject, i.fill, lhs, rhs, _getter(lhs), _getter(rhs)))
    return tuple(out)


_sum: Callable[[tuple[Value, ...]], Value] = sum  # type: ignore[assignment] # None never reaches it


def _side(values: list[Value], indexes: tuple[int, ...]) -> Value:
    """Sum of the side's values, blanks as 0; None when the whole side is blank."""
    total: Value = None
    for i in indexes:
        v = values[i]
        if v is not None:
            total = v if total is None else total + v
    return total


def _unpacked(format_id: str) -> str:
    """``v0, v1, ..., vN,``: the values unpacked into locals, which the generated code reads fastest."""
    return "".join(f"v{i}, " for i in range(len(get_format(format_id).cells))).rstrip()


@cache
def _all_hold(format_id: str) -> Callable[[list[Value]], bool]:
    """One function that says whether every identity of a format holds on values with no blank.

    It is generated from the declarations, as attrs generates ``__init__``: one comparison per identity, joined by
    ``and``, each side written out as ``0+v[i]+v[j]``: the very additions ``sum`` makes, in its order (decimal
    additions round, so the order matters). A report that adds up costs one call instead of two getters and two
    sums per identity.
    """

    def side(indexes: tuple[int, ...]) -> str:
        return "+".join(["0", *(f"v{i}" for i in indexes)])

    tests = [f"{side(lhs)} == {side(rhs)}" for _, _, _, lhs, rhs, _, _ in _identities(format_id)]
    source = f"def all_hold(v):\n    {_unpacked(format_id)} = v\n    return {' and '.join(tests) or 'True'}\n"
    namespace: dict[str, Any] = {}
    exec(compile(source, f"<identities of format {format_id}>", "exec"), namespace)  # noqa: S102 - our own text
    function: Callable[[list[Value]], bool] = namespace["all_hold"]
    return function


@cache
def _none_to_say(format_id: str) -> tuple[Callable[[list[Value]], tuple[Value, ...]], Callable[..., bool]]:
    """For values with blanks: the getter of the cells the identities add, and whether none has anything to say.

    The function is generated as :func:`_all_hold` is, and called with the values and the same values with
    blanks as 0: each identity holds on the latter, or one of its sides is wholly blank (then it is not
    compared). Whole numbers add exactly, so on whole numbers the sums with blanks as 0 are the sums of the
    filled parts that the general loop compares.
    """

    def side(indexes: tuple[int, ...]) -> str:
        return "+".join(f"z[{i}]" for i in indexes)

    def blank(indexes: tuple[int, ...]) -> str:
        return " and ".join(f"v{i} is None" for i in indexes)

    tests = [
        f"({side(lhs)} == {side(rhs)} or ({blank(lhs)}) or ({blank(rhs)}))"
        for _, _, _, lhs, rhs, _, _ in _identities(format_id)
    ]
    source = f"def none_to_say(v, z):\n    {_unpacked(format_id)} = v\n    return {' and '.join(tests) or 'True'}\n"
    namespace: dict[str, Any] = {}
    exec(compile(source, f"<identities of format {format_id}, blanks>", "exec"), namespace)  # noqa: S102
    added = sorted({i for _, _, _, lhs, rhs, _, _ in _identities(format_id) for i in (*lhs, *rhs)})
    return _getter(tuple(added)), namespace["none_to_say"]


_BLANK_AS_0: dict[Value, Value] = {None: 0}
_WHOLE_OR_BLANK = frozenset({int, type(None)})


@rule("t3-row-total", "t3-results-total", "t3-balance", "t4-total")
def check_identities(ctx: Context) -> Iterator[Finding]:
    """The arithmetic of tables 三 and 四.

    Blank parts count as 0. A blank total, or a side that is wholly blank, is not
    compared: ``cell-empty`` already reports those cells.
    """
    values = _arithmetic_values(ctx)
    if not _nothing_to_say(ctx, values):
        yield from _each_identity(ctx, values)


def _nothing_to_say(ctx: Context, values: list[Value]) -> bool:
    """Whether no identity has a finding, told by one generated function (the common case)."""
    if not ctx.has_blank:
        return _all_hold(ctx.spec.id)(values)
    added, none_to_say = _none_to_say(ctx.spec.id)
    return set(map(type, added(values))) <= _WHOLE_OR_BLANK and none_to_say(
        values, list(map(_BLANK_AS_0.get, values, values))
    )


def _each_identity(ctx: Context, values: list[Value]) -> Iterator[Finding]:
    """The findings of :func:`check_identities`, identity by identity (the general case)."""
    plan = _identities(ctx.spec.id)
    if values is ctx.values and not ctx.has_blank:  # plain sums in C
        for family, subject, _, lhs, rhs, get_lhs, get_rhs in plan:
            actual, expected = _sum(get_lhs(values)), _sum(get_rhs(values))
            if actual != expected:
                yield _identity_finding(ctx, family, subject, (lhs, rhs), (actual, expected))
        return
    for family, subject, _, lhs, rhs, _, _ in plan:
        actual = _side(values, lhs)
        if actual is None:
            continue
        expected = _side(values, rhs)
        if expected is None or actual == expected:
            continue
        yield _identity_finding(ctx, family, subject, (lhs, rhs), (actual, expected))


def _arithmetic_values(ctx: Context) -> list[Value]:
    """The values the arithmetic is done on: a kept row of the other format stands for the rows it replaces.

    A 2021-format report that prints the 2019 single row （六）其他处理 instead of its items 1–3 still adds up:
    the row's values count in place of the (blank) items, so no arithmetic error is reported that the printed
    table does not have.
    """
    report, spec = ctx.report, ctx.spec
    if not report.extra_rows:
        return ctx.values
    values = list(ctx.values)
    for extra in report.extra_rows:
        table = spec.tables_by_key.get(extra.table)
        if table is None:
            continue
        depth = len(extra.labels)
        covered = [r for r in table.rows if len(r.labels) > depth and r.labels[:depth] == extra.labels]
        cells = [c for c in spec.cells if c.table is table and c.row in covered]
        if not covered or any(values[c.index] is not None for c in cells):
            continue
        first = {c.column.label: c.index for c in cells if c.row is covered[0]}
        for column, value in zip(extra.columns, extra.values, strict=True):
            if column in first:
                values[first[column]] = value
    return values


def _identity_finding(
    ctx: Context,
    family: str,
    subject: str,
    sides: tuple[tuple[int, ...], tuple[int, ...]],
    sums: tuple[Value, Value],
) -> Finding:
    cells = ctx.spec.cells
    lhs, rhs = sides
    actual, expected = sums
    return finding(
        family,
        cells[lhs[0]].pointer,
        (cells[i] for i in (*lhs, *rhs)),
        expected=expected,
        actual=actual,
        subject=subject,
    )


AUDIT_THRESHOLD = Decimal("0.5")
"""Below this share of verbatim numbers an import is flagged (``import-audit-low``)."""


@rule("import-table-missing", "import-incomplete", "row-not-in-format", "import-audit-low")
def check_import(ctx: Context) -> Iterator[Finding]:
    """What the importer could not do, and rows it kept that the format does not have."""
    report = ctx.report
    for row in report.extra_rows:
        shown = ["空" if v is None else format_value(v) for v in row.values]
        values, values_en = "、".join(shown), ", ".join("blank" if v == "空" else v for v in shown)
        yield finding(
            "row-not-in-format",
            "/extra_rows",
            detail=f"表{row.table}中的“{row.label}”不是{ctx.spec.id}年格式的行（{values}），已按原样保留。",
            detail_en=f"Table {row.table} prints a row “{row.label}” that the {ctx.spec.id} format does not have "
            f"({values_en}); it is kept as printed.",
            source=row.source or "",
        )
    provenance = report.provenance
    if provenance is None:
        return
    for note in provenance.notes:
        table = next((t for t in ctx.spec.tables if note.path.startswith(f"/{t.key}")), None)
        yield finding(
            note.code,
            note.path,
            table=table.title if table else note.path,
            detail=note.detail,
            detail_en=note.detail_en,
        )
    if provenance.verbatim is not None and provenance.verbatim < AUDIT_THRESHOLD:
        yield finding("import-audit-low", "/provenance/verbatim", share=f"{provenance.verbatim:.0%}")
