"""The indicators catalogue: the rates evaluators score, as data.

Each :class:`Indicator` is a ratio of two sums of named cells.  A cell is named by its
concept in the 2019 ↔ 2021 cross-walk (``t3.granted.total``), so one definition works on
reports of both formats.  These definitions are the library's own, chosen to be exact and
stated; neither the State Council nor its disclosure office defines these rates, and
evaluations in practice differ (the named :class:`Variant` s give the common other readings).

How a value is computed:

- a sum is blank when all its cells are blank, else the sum of the filled cells (the rule of
  the dataset's summed columns);
- the indicator is blank (not rated) when the numerator or the denominator is blank, when a
  cell has no place in the report's format, when the denominator is 0 or below the indicator's
  ``min_denominator``, or, for a term of the previous year, when no previous report is given;
- the value is the ratio, rounded half-even to :data:`PLACES` decimal places (0.5185 = 51.85 %).

The catalogue is versioned: :data:`VERSION` changes when a definition changes meaning; a new
indicator or variant is an addition.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_EVEN, Decimal
from functools import cache
from typing import Any

from attrs import frozen

from govinfo_report.errors import UsageError
from govinfo_report.formats._crosswalk import Concept, concepts, concepts_by_name
from govinfo_report.model import AnnualReport, Value, report_value

__all__ = [
    "INDICATORS",
    "PLACES",
    "VERSION",
    "Indicator",
    "Rating",
    "Term",
    "Variant",
    "concept_value",
    "indicators",
    "indicators_document",
    "indicators_page",
    "rate",
]

VERSION = "1"
"""Version of the catalogue's definitions."""

PLACES = 4
"""Decimal places of an indicator's value (a fraction: 0.5185 is 51.85 %)."""

_QUANTUM = Decimal(1).scaleb(-PLACES)


@frozen
class Term:
    """One cell of a numerator or denominator: a concept of the cross-walk, added or taken away."""

    concept: str
    """The concept name (``t3.granted.total``); see ``docs/dataset-columns.md``."""
    sign: int = 1
    """+1 or −1."""
    previous: bool = False
    """The cell of the previous year's report of the same body."""

    def __str__(self) -> str:
        return ("− " if self.sign < 0 else "+ ") + f"`{self.concept}`" + (" (previous year)" if self.previous else "")


@frozen
class Variant:
    """A named other reading of an indicator, where practice differs."""

    key: str
    """Its id is ``<indicator id>.<key>``."""
    name_zh: str
    name_en: str
    numerator: tuple[Term, ...]
    denominator: tuple[Term, ...]
    description: str


@frozen
class Indicator:
    """One rate: an exact numerator and denominator over named cells."""

    id: str
    name_zh: str
    name_en: str
    numerator: tuple[Term, ...]
    denominator: tuple[Term, ...]
    min_denominator: int
    """Below this denominator the indicator is not rated (blank): a rate of 1 in 2 says little."""
    description: str
    variants: tuple[Variant, ...] = ()
    note: str = "Defined by govinfo_report, not by the State Council or its disclosure office."

    def definitions(self) -> Iterable[tuple[str, tuple[Term, ...], tuple[Term, ...]]]:
        """``(id, numerator, denominator)`` of the indicator and of each variant."""
        yield self.id, self.numerator, self.denominator
        for v in self.variants:
            yield f"{self.id}.{v.key}", v.numerator, v.denominator


# -- building terms from the cross-walk: every name is checked to exist ------------------------------
def _t(*names: str, sign: int = 1, previous: bool = False) -> tuple[Term, ...]:
    known = concepts_by_name()
    for name in names:
        if name not in known:
            msg = f"indicator term {name!r} is not a concept of the cross-walk"
            raise UsageError(msg)
    return tuple(Term(n, sign, previous) for n in names)


def _rows(prefix: str, column: str = "total") -> tuple[str, ...]:
    """The concepts of table 三 whose row key starts with ``prefix`` (``withheld_``: the items of （三）)."""
    return tuple(c.name for c in concepts() if c.name.startswith(f"t3.{prefix}") and c.name.endswith(f".{column}"))


_HANDLED = _t("t3.total_handled.total")
_NOT_PROCESSED = _rows("not_processed_")
_NET = (*_HANDLED, *_t(*_NOT_PROCESSED, "t3.other_handling.total", sign=-1))
_T4 = ("review", "litigation_direct", "litigation_after_review")
_DECIDED = ("upheld", "corrected", "other")


def _decided(*rows: str) -> tuple[Term, ...]:
    return _t(*(f"t4.{r}.{o}" for r in rows for o in _DECIDED))


def _corrected(*rows: str) -> tuple[Term, ...]:
    return _t(*(f"t4.{r}.corrected" for r in rows))


_MIN_REQUESTS = 10
_MIN_CASES = 5

INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "disclosure_rate",
        "实质公开率",
        "Substantive disclosure rate",
        _t("t3.granted.total", "t3.partially_granted.total"),
        _HANDLED,
        _MIN_REQUESTS,
        "（一）予以公开 + （二）部分公开, over all requests handled this year (（七）总计).",
        (
            Variant(
                "net",
                "实质公开率（扣除不予处理、其他处理）",
                "Substantive disclosure rate, net of requests not processed",
                _t("t3.granted.total", "t3.partially_granted.total"),
                _NET,
                "The same numerator over the requests handled less （五）不予处理 and （六）其他处理, "
                "which were never examined on their merits.",
            ),
        ),
    ),
    Indicator(
        "withheld_rate",
        "不予公开率",
        "Refusal rate",
        _t(*_rows("withheld_")),
        _HANDLED,
        _MIN_REQUESTS,
        "All eight items of （三）不予公开, over all requests handled.",
    ),
    Indicator(
        "unavailable_rate",
        "无法提供率",
        "Information-unavailable rate",
        _t(*_rows("unavailable_")),
        _HANDLED,
        _MIN_REQUESTS,
        "The three items of （四）无法提供, over all requests handled.",
    ),
    Indicator(
        "not_processed_rate",
        "不予处理率",
        "Not-processed rate",
        _t(*_NOT_PROCESSED),
        _HANDLED,
        _MIN_REQUESTS,
        "The five items of （五）不予处理, over all requests handled.",
    ),
    Indicator(
        "carry_forward_rate",
        "结转率",
        "Carry-forward rate",
        _t("t3.carried_forward.total"),
        _t("t3.new_received.total", "t3.carried_over.total"),
        _MIN_REQUESTS,
        "四、结转下年度继续办理, over the year's workload: 一、本年新收 + 二、上年结转.",
    ),
    Indicator(
        "review_correction_rate",
        "行政复议纠错率",
        "Administrative review correction rate",
        _corrected("review"),
        _decided("review"),
        _MIN_CASES,
        "行政复议 结果纠正, over the reviews decided (结果维持 + 结果纠正 + 其他结果; 尚未审结 left out).",
        (
            Variant(
                "all",
                "行政复议纠错率（含尚未审结）",
                "Administrative review correction rate over all reviews",
                _corrected("review"),
                _t("t4.review.total"),
                "结果纠正 over every review of the year, 尚未审结 included (总计).",
            ),
        ),
    ),
    Indicator(
        "litigation_correction_rate",
        "行政诉讼纠错率",
        "Litigation correction rate",
        _corrected(*_T4[1:]),
        _decided(*_T4[1:]),
        _MIN_CASES,
        "行政诉讼 结果纠正 (未经复议直接起诉 and 复议后起诉), over the suits decided (尚未审结 left out).",
    ),
    Indicator(
        "correction_rate",
        "复议诉讼总纠错率",
        "Review and litigation correction rate",
        _corrected(*_T4),
        _decided(*_T4),
        _MIN_CASES,
        "结果纠正 of reviews and suits together, over all cases decided. A case reviewed and then sued counts "
        "in both, as table 四 counts it.",
    ),
    Indicator(
        "application_growth",
        "申请量增长率",
        "Growth of requests",
        (*_t("t3.new_received.total"), *_t("t3.new_received.total", sign=-1, previous=True)),
        _t("t3.new_received.total", previous=True),
        _MIN_REQUESTS,
        "一、本年新收 this year less last year's, over last year's. Needs the previous year's report; "
        "negative when requests fell.",
    ),
)
"""Every indicator, in the order of the documentation page."""


@cache
def _by_id() -> dict[str, tuple[Indicator, tuple[Term, ...], tuple[Term, ...]]]:
    return {i: (ind, num, den) for ind in INDICATORS for i, num, den in ind.definitions()}


_ABSENT = object()


def concept_value(report: AnnualReport, concept: str) -> Value | object:
    """The value of a cross-walk concept in ``report``: blank when all its cells are blank.

    A concept the format holds as a sum of blank cells is read from a row of the other format kept as an extra row
    (the 2019 （六）其他处理 in a 2021-format report), when there is one.

    Returns a sentinel (not ``None``) when the report's format has no place for the concept.
    """
    c = concepts_by_name()[concept]
    cells = c.sources.get(report.format)
    if cells is None:
        return _ABSENT
    filled = [v for v in (report_value(report, cell) for cell in cells) if v is not None]
    if filled:
        return sum(filled)
    if len(cells) > 1 and report.extra_rows:
        return _kept(report, c)
    return None


def _kept(report: AnnualReport, concept: Concept) -> Value:
    """A summed concept whose parts are blank, from the other format's row kept as an extra row (as printed).

    A 2021-format report that prints (or was upgraded with) the 2019 single row （六）其他处理 holds the concept in
    that row, as the arithmetic of table 三 counts it.
    """
    for fmt, cells in concept.sources.items():
        if fmt == report.format or len(cells) != 1:
            continue
        cell = cells[0]
        for extra in report.extra_rows:
            if (extra.table, extra.labels) == (
                cell.table.number,
                cell.row.labels,
            ) and cell.column.label in extra.columns:
                return extra.values[extra.columns.index(cell.column.label)]
    return None


def is_absent(value: object) -> bool:
    """Whether :func:`concept_value` said the format has no place for the concept."""
    return value is _ABSENT


@frozen
class Rating:
    """An indicator computed on one report, with its parts and why it is blank when it is."""

    id: str
    value: Decimal | None
    numerator: Value
    denominator: Value
    reason: str | None
    """``blank``, ``not-in-format``, ``no-previous``, ``below-minimum`` or ``zero`` when not rated."""


def _side(terms: tuple[Term, ...], report: AnnualReport, previous: AnnualReport | None) -> tuple[Value, str | None]:
    total: int | Decimal = 0
    filled = False
    for term in terms:
        source = previous if term.previous else report
        if source is None:
            return None, "no-previous"
        v = concept_value(source, term.concept)
        if v is _ABSENT:
            return None, "not-in-format"
        if v is not None:
            total += term.sign * v  # type: ignore[operator]
            filled = True
    return (total if filled else None), (None if filled else "blank")


def rate(indicator_id: str, report: AnnualReport, previous: AnnualReport | None = None) -> Rating:
    """One indicator (or variant, ``disclosure_rate.net``) on ``report``, with its parts.

    Raises:
        UsageError: no indicator has this id.
    """
    try:
        ind, num_terms, den_terms = _by_id()[indicator_id]
    except KeyError:
        msg = f"unknown indicator {indicator_id!r}; known: {', '.join(_by_id())}"
        raise UsageError(msg) from None
    num, why_n = _side(num_terms, report, previous)
    den, why_d = _side(den_terms, report, previous)
    reason = why_d or why_n
    if reason is None and den is not None and num is not None:
        if den == 0:
            reason = "zero"
        elif den < ind.min_denominator:
            reason = "below-minimum"
        else:
            value = (Decimal(num) / Decimal(den)).quantize(_QUANTUM, rounding=ROUND_HALF_EVEN)
            return Rating(indicator_id, value, num, den, None)
    return Rating(indicator_id, None, num, den, reason)


def indicators(report: AnnualReport, previous: AnnualReport | None = None) -> dict[str, Decimal | None]:
    """Every indicator and variant of the catalogue on ``report``: id → value, ``None`` where not rated.

    ``previous`` is the same body's report of the year before, for the indicators that compare years
    (``application_growth``); without it they are blank.
    """
    return {i: rate(i, report, previous).value for i in _by_id()}


# -- published forms: the documentation page and the data document -----------------------------------
def _terms(terms: tuple[Term, ...]) -> str:
    text = " ".join(str(t) for t in terms)
    return text.removeprefix("+ ")


def indicators_page() -> str:
    """``docs/indicators.md``: the catalogue, generated."""
    out = [
        "# Indicators",
        "",
        "<!-- Generated by `python -m govinfo_report._docgen docs`; do not edit by hand. -->",
        "",
        f"The rates evaluators score, as a versioned catalogue of data (version {VERSION}, in",
        "`govinfo_report.analysis.INDICATORS`; also published as `schema/indicators.json`).",
        "**Every definition here is the library's own**: neither the State Council nor its disclosure office",
        "defines these rates, and evaluations differ; the named variants give the common other readings.",
        "",
        "`govinfo_report.indicators(report, previous=None)` returns `{id: value}` for every indicator and",
        "variant (`disclosure_rate.net`); `compare` and `to_frame(..., indicators=True)` carry them too.",
        "",
        "Cells are named by their concept in the 2019 ↔ 2021 cross-walk ([dataset-columns.md](dataset-columns.md)),",
        "so each definition works on both formats. A sum is blank when all its cells are blank, else the sum of",
        "the filled ones. An indicator is blank (not rated) when its numerator or denominator is blank, a cell has",
        "no place in the format, the denominator is 0 or below the minimum, or a previous-year cell is needed and",
        f"no previous report is given. A value is a fraction rounded half-even to {PLACES} places (0.5185 = 51.85 %).",
        "",
        "| id | name | minimum denominator | what it measures |",
        "|---|---|---|---|",
    ]
    out += [f"| `{i.id}` | {i.name_zh}<br>{i.name_en} | {i.min_denominator} | {i.description} |" for i in INDICATORS]
    for i in INDICATORS:
        out += ["", f"## `{i.id}` {i.name_zh}", "", i.description, "", f"- numerator: {_terms(i.numerator)}"]
        out += [f"- denominator: {_terms(i.denominator)}", f"- not rated below a denominator of {i.min_denominator}"]
        out += [f"- {i.note}"]
        for v in i.variants:
            out += ["", f"### Variant `{i.id}.{v.key}` {v.name_zh}", "", v.description, ""]
            out += [f"- numerator: {_terms(v.numerator)}", f"- denominator: {_terms(v.denominator)}"]
    return "\n".join(out) + "\n"


def _terms_data(terms: tuple[Term, ...]) -> list[dict[str, Any]]:
    return [{"concept": t.concept, "sign": t.sign, "previous": t.previous} for t in terms]


def indicators_document(schema_id: str) -> dict[str, Any]:
    """The catalogue as data (``schema/indicators.json``), for other languages."""
    out: list[dict[str, Any]] = []
    for i in INDICATORS:
        item: dict[str, Any] = {
            "id": i.id,
            "name": {"zh": i.name_zh, "en": i.name_en},
            "numerator": _terms_data(i.numerator),
            "denominator": _terms_data(i.denominator),
            "min_denominator": i.min_denominator,
            "description": i.description,
            "note": i.note,
            "variants": [
                {
                    "id": f"{i.id}.{v.key}",
                    "name": {"zh": v.name_zh, "en": v.name_en},
                    "numerator": _terms_data(v.numerator),
                    "denominator": _terms_data(v.denominator),
                    "description": v.description,
                }
                for v in i.variants
            ],
        }
        out.append(item)
    return {"$id": schema_id, "version": VERSION, "places": PLACES, "indicators": out}


def as_mapping(report: AnnualReport, previous: AnnualReport | None = None) -> Mapping[str, Rating]:
    """Every :class:`Rating` on ``report``, by id."""
    return {i: rate(i, report, previous) for i in _by_id()}
