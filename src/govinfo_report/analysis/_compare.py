"""Two reports side by side: per cell the two values, the difference and the ratio.

Cells are matched through the 2019 ↔ 2021 cross-walk, so a 2019-format report compares with a
2021-format one wherever their cells mean the same thing.  Blank is kept apart from 0, and a
cell the other format has no place for is shown as such.  The indicators follow the cells.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterator
from decimal import ROUND_HALF_EVEN, Decimal
from html import escape
from typing import Any, Literal

from attrs import frozen

from govinfo_report.analysis._indicators import INDICATORS, PLACES, as_mapping, concept_value, is_absent
from govinfo_report.errors import UsageError
from govinfo_report.formats._crosswalk import Concept, concepts
from govinfo_report.model import AnnualReport, Value, format_value

__all__ = ["INDICATOR_TABLE", "CompareRow", "Comparison", "compare"]

INDICATOR_TABLE = "指标"
"""The ``table`` of the rows that compare indicators."""

_QUANTUM = Decimal(1).scaleb(-PLACES)
Lang = Literal["zh", "en"]


@frozen
class CompareRow:
    """One cell (or indicator) in both reports."""

    name: str
    """The concept name (``t3.granted.total``) or ``ind.<indicator id>``."""
    table: str
    """``二``, ``三``, ``四``, or :data:`INDICATOR_TABLE`."""
    row: str
    """The row's official label path (an indicator's Chinese name)."""
    column: str
    """The column's official label path (an indicator's id)."""
    a: Value
    b: Value
    in_a: bool = True
    """Whether report a's format has a place for the cell (False: shown as —, not as blank)."""
    in_b: bool = True

    @property
    def difference(self) -> Value:
        """``b − a``; blank unless both are filled."""
        if self.a is None or self.b is None:
            return None
        return self.b - self.a

    @property
    def ratio(self) -> Decimal | None:
        """``b / a`` rounded to 4 places; blank unless both are filled and ``a`` is not 0."""
        if self.a is None or self.b is None or self.a == 0:
            return None
        return (Decimal(self.b) / Decimal(self.a)).quantize(_QUANTUM, rounding=ROUND_HALF_EVEN)

    @property
    def changed(self) -> bool:
        """The two differ: in value, in blank against filled, or in having a place."""
        return (self.a, self.in_a) != (self.b, self.in_b)

    def shown(self, side: Literal["a", "b"], lang: Lang = "zh") -> str:
        """A side as text: the value, ``空``/``blank`` when not filled, ``—`` when the format has no place."""
        value, present = (self.a, self.in_a) if side == "a" else (self.b, self.in_b)
        if not present:
            return "—"
        if value is None:
            return "空" if lang == "zh" else "blank"
        return format_value(value)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (numbers as JSON numbers; decimals as strings, exact)."""

        def num(v: Value) -> Any:
            return format_value(v) if isinstance(v, Decimal) else v

        return {
            "name": self.name,
            "table": self.table,
            "row": self.row,
            "column": self.column,
            "a": num(self.a),
            "b": num(self.b),
            "in_a": self.in_a,
            "in_b": self.in_b,
            "difference": num(self.difference),
            "ratio": num(self.ratio),
        }


_HEAD = {
    "zh": ("表", "行", "列", "A", "B", "差（B−A）", "比（B/A）"),
    "en": ("table", "row", "column", "A", "B", "B − A", "B / A"),
}
RECORD_FIELDS = ("name", "table", "row", "column", "a", "b", "in_a", "in_b", "difference", "ratio")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def _last(label: str) -> str:
    return label.rsplit(" / ", 1)[-1] if label else "—"


@frozen
class Comparison:
    """The comparison of report ``a`` with report ``b``: one :class:`CompareRow` per cell, then per indicator."""

    a: AnnualReport
    b: AnnualReport
    rows: tuple[CompareRow, ...]

    def changed(self) -> tuple[CompareRow, ...]:
        """The rows whose two sides differ."""
        return tuple(r for r in self.rows if r.changed)

    def _who(self, report: AnnualReport) -> str:
        return f"{report.meta.agency or '?'} {report.meta.year or '?'} ({report.format})"

    def _cells(self, row: CompareRow, lang: Lang) -> tuple[str, ...]:
        diff, ratio = row.difference, row.ratio
        return (
            row.table,
            row.row,
            row.column,
            row.shown("a", lang),
            row.shown("b", lang),
            "" if diff is None else format_value(diff),
            "" if ratio is None else format_value(ratio),
        )

    def to_text(self, lang: Lang = "zh", *, only_changed: bool = False) -> str:
        """An aligned table for a terminal (rows by their last label parts)."""
        rows = self.changed() if only_changed else self.rows
        body = [
            (
                r.table,
                _last(r.row),
                _last(r.column) if r.table != INDICATOR_TABLE else r.column,
                *self._cells(r, lang)[3:],
            )
            for r in rows
        ]
        table = [_HEAD[lang], *body]
        widths = [max(_width(line[i]) for line in table) for i in range(len(_HEAD[lang]))]
        head = [f"A: {self._who(self.a)}", f"B: {self._who(self.b)}"]
        lines = ["  ".join(_pad(c, w) for c, w in zip(line, widths, strict=True)).rstrip() for line in table]
        return "\n".join([*head, *lines]) + "\n"

    def to_markdown(self, lang: Lang = "zh", *, only_changed: bool = False) -> str:
        """A Markdown pipe table."""
        rows = self.changed() if only_changed else self.rows

        def md(text: str) -> str:
            return text.replace("|", "\\|").replace("\n", " ")

        out = [
            f"A: {md(self._who(self.a))}  ",
            f"B: {md(self._who(self.b))}",
            "",
            "| " + " | ".join(_HEAD[lang]) + " |",
            "|" + "---|" * len(_HEAD[lang]),
        ]
        out += ["| " + " | ".join(md(c) for c in self._cells(r, lang)) + " |" for r in rows]
        return "\n".join(out) + "\n"

    def to_html(self, lang: Lang = "zh", *, only_changed: bool = False) -> str:
        """An HTML ``<table>`` fragment, every text escaped; changed rows have ``class="changed"``."""
        rows = self.changed() if only_changed else self.rows
        out = [
            '<table class="govinfo-compare">',
            f"<caption>A: {escape(self._who(self.a))}; B: {escape(self._who(self.b))}</caption>",
            "<thead><tr>" + "".join(f"<th>{escape(h)}</th>" for h in _HEAD[lang]) + "</tr></thead>",
            "<tbody>",
        ]
        for r in rows:
            css = ' class="changed"' if r.changed else ""
            out.append(f"<tr{css}>" + "".join(f"<td>{escape(c)}</td>" for c in self._cells(r, lang)) + "</tr>")
        out += ["</tbody>", "</table>"]
        return "\n".join(out) + "\n"

    def to_records(self, *, only_changed: bool = False) -> list[dict[str, Any]]:
        """One JSON-ready dict per row (:data:`RECORD_FIELDS`)."""
        return [r.to_dict() for r in (self.changed() if only_changed else self.rows)]

    def to_csv(self, *, only_changed: bool = False) -> str:
        """The records as CSV: blank cells empty, a side with no place ``in_a``/``in_b`` false."""
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=RECORD_FIELDS, lineterminator="\n")
        writer.writeheader()
        for record in self.to_records(only_changed=only_changed):
            writer.writerow({k: "" if v is None else v for k, v in record.items()})
        return buffer.getvalue()

    def to_frame(self, shape: Literal["long", "wide"] = "long", *, only_changed: bool = False) -> Any:
        """A :class:`pandas.DataFrame` (the ``dataset`` extra), values exact decimals (``decimal128(38, 6)``).

        ``long``: one row per cell or indicator, with the columns of :data:`RECORD_FIELDS`, blank ``<NA>``.
        ``wide``: the dataset's wide shape turned on its side: four rows (``a``, ``b``, ``difference``, ``ratio``)
        and a column per cell (``t3.granted.total``) and per indicator (``ind.disclosure_rate``).

        Raises:
            UsageError: another shape.
        """
        from govinfo_report.dataset import _amounts, _pd  # noqa: PLC0415 - pandas only when asked for

        pd = _pd()
        rows = self.changed() if only_changed else self.rows
        if shape == "wide":
            sides = ("a", "b", "difference", "ratio")
            columns = {r.name: _amounts([_dec(getattr(r, k)) for k in sides]) for r in rows}
            return pd.DataFrame(columns, index=pd.Index(sides, name="side"))
        if shape != "long":
            msg = f"shape must be 'long' or 'wide', not {shape!r}"
            raise UsageError(msg)
        text = pd.StringDtype()
        data: dict[str, Any] = {k: pd.array([getattr(r, k) for r in rows], dtype=text) for k in RECORD_FIELDS[:4]}
        for key in ("a", "b", "difference", "ratio"):
            data[key] = _amounts([_dec(getattr(r, key)) for r in rows])
        for key in ("in_a", "in_b"):
            data[key] = pd.array([getattr(r, key) for r in rows], dtype="boolean")
        return pd.DataFrame(data)[list(RECORD_FIELDS)]

    def __iter__(self) -> Iterator[CompareRow]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


def _dec(v: Value) -> Decimal | None:
    return None if v is None else Decimal(v)


def _labels(concept: Concept, prefer: tuple[str, ...]) -> tuple[str, str, str]:
    """The labels of a concept from the first preferred format that holds it in one cell."""
    for fmt in (*prefer, *concept.sources):
        cells = concept.sources.get(fmt)
        if cells is not None and len(cells) == 1:
            return cells[0].labels
    first = next(iter(concept.sources.values()))[0]
    return first.labels


def _order(concept: Concept, *prefer: str) -> tuple[int, int]:
    """Table by table, in the declaration order of the first format given that holds the concept."""
    for fmt in prefer:
        cells = concept.sources.get(fmt)
        if cells is not None:
            return (_TABLES.index(cells[0].table.key), cells[0].index)
    return (len(_TABLES), 0)


_TABLES = ("table2", "table3", "table4")


def compare(a: AnnualReport, b: AnnualReport) -> Comparison:
    """Compare two reports cell by cell, through the cross-walk when their formats differ, then by indicator.

    A cell held by one format only shows the other side as having no place (``in_a``/``in_b`` false); a cell
    one format holds as a sum of several (2021's three （六） rows for 2019's one) is compared as that sum.
    Between two reports of one format, only that format's own cells are listed.  When ``b`` is the year after
    ``a``, ``b``'s indicators that need the previous year are computed with ``a``.

    Raises:
        UsageError: ``a`` or ``b`` is not a report.
    """
    if not isinstance(a, AnnualReport) or not isinstance(b, AnnualReport):
        msg = "compare takes two AnnualReport objects"
        raise UsageError(msg)
    same = a.format == b.format
    rows: list[CompareRow] = []
    for concept in sorted(concepts(), key=lambda c: _order(c, a.format, b.format)):
        sa, sb = concept.sources.get(a.format), concept.sources.get(b.format)
        if sa is None and sb is None:
            continue
        if same and sa is not None and len(sa) > 1:
            continue  # a sum of this format's own cells, which are listed themselves
        va, vb = concept_value(a, concept.name), concept_value(b, concept.name)
        table, row, column = _labels(concept, (a.format, b.format))
        rows.append(
            CompareRow(
                concept.name,
                table,
                row,
                column,
                None if is_absent(va) else va,  # type: ignore[arg-type]
                None if is_absent(vb) else vb,  # type: ignore[arg-type]
                not is_absent(va),
                not is_absent(vb),
            )
        )
    follows = a.meta.year is not None and b.meta.year == a.meta.year + 1
    ra, rb = as_mapping(a), as_mapping(b, a if follows else None)
    names = {i: ind for ind in INDICATORS for i, _, _ in ind.definitions()}
    for key, rating in ra.items():
        ind = names[key]
        label = ind.name_zh if key == ind.id else next(v.name_zh for v in ind.variants if key == f"{ind.id}.{v.key}")
        rows.append(CompareRow(f"ind.{key}", INDICATOR_TABLE, label, key, rating.value, rb[key].value))
    return Comparison(a, b, tuple(rows))


def check_lang(lang: str) -> Lang:
    """``zh`` or ``en``.

    Raises:
        UsageError: another language.
    """
    if lang not in ("zh", "en"):
        msg = f"lang must be 'zh' or 'en', not {lang!r}"
        raise UsageError(msg)
    return lang  # type: ignore[return-value]
