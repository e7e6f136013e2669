"""Text against tables: the figures the prose of 一、总体情况 states, checked against the tables.

Only the headline statements are read (the first of each kind), by patterns that the corpus of
published reports uses; a figure the text does not state is not a finding.  The statements:

- the requests received (``全年共收到政府信息公开申请N件``, ``共受理……申请N件``, ``收到N件申请``) against
  table 三 一、本年新收 总计, or 本年新收 + 上年结转 (some bodies count the carried-over requests as received);
- the administrative reviews and suits (``行政复议N件``, ``行政诉讼N起``) against table 四's 总计;
- the year with which 一 opens (``2021年，``) against the report's year.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from govinfo_report.formats._common import GENERAL
from govinfo_report.model import Value
from govinfo_report.rules._checks import REPORT_RULES
from govinfo_report.rules._engine import Context, finding
from govinfo_report.rules._finding import Finding

__all__ = ["check_text_against_tables"]

_LIMIT = 200_000
"""Characters of 一 read: the statements are near its start, and a hostile text stays cheap."""

_RECEIVED = re.compile(
    r"(?:收到|受理|接收|接到)(?P<a>[^。；;，,]{0,40}?)申请(?:数量)?(?:共计|共|合计|总计|总数)?\s*(?P<n>\d+)\s*[件条个]"
    r"|(?:收到|受理|接收|接到)(?:各类)?\s*(?P<m>\d+)\s*[件条个](?:政府信息公开)?申请"
)
_NOT_REQUESTS = re.compile(r"复议|诉讼|许可|投诉|举报")
_REVIEW = re.compile(r"行政复议(?:案件|申请)?(?:共计|共)?\s*(\d+)\s*[件起个]")
_LITIGATION = re.compile(r"行政诉讼(?:案件)?(?:共计|共)?\s*(\d+)\s*[件起个]")
_OPENING_YEAR = re.compile(r"^\s*((?:19|20)\d{2})\s*年度?\s*[，,、]")


def _received(text: str) -> tuple[int, str] | None:
    for m in _RECEIVED.finditer(text):
        if m.group("a") is not None and _NOT_REQUESTS.search(m.group("a")):
            continue
        return int(m.group("n") or m.group("m")), " ".join(m.group().split())
    return None


def _total(values: list[Value], indexes: list[int]) -> int | None:
    filled = [v for v in (values[i] for i in indexes) if v is not None]
    return int(sum(filled)) if filled else None


@REPORT_RULES.register("text-requests-mismatch", "text-cases-mismatch", "text-year-mismatch")
def check_text_against_tables(ctx: Context) -> Iterator[Finding]:
    """一 states the requests received, the reviews and suits, and its year as the tables and the metadata do."""
    text = (ctx.report.general_situation or "")[:_LIMIT]
    if not text.strip():
        return
    path = f"/{GENERAL.key}"
    year = ctx.report.meta.year
    opening = _OPENING_YEAR.match(text)
    if opening and year is not None and int(opening.group(1)) != year:
        yield finding("text-year-mismatch", path, expected=year, actual=int(opening.group(1)))
    cells = ctx.spec.cells_by_key
    values = ctx.values
    new, over = cells[("table3", "new_received", "total")], cells[("table3", "carried_over", "total")]
    stated = _received(text)
    if stated is not None and values[new.index] is not None:
        allowed = {values[new.index]}
        if values[over.index] is not None:
            allowed.add(values[new.index] + values[over.index])  # type: ignore[operator]
        if stated[0] not in allowed:
            yield finding(
                "text-requests-mismatch",
                path,
                (new,),
                expected=values[new.index],
                actual=stated[0],
                sentence=stated[1],
            )
    for pattern, rows, subject_en in (
        (_REVIEW, ("review",), "administrative reviews"),
        (_LITIGATION, ("litigation_direct", "litigation_after_review"), "suits"),
    ):
        m = pattern.search(text)
        if m is None:
            continue
        totals = [cells[("table4", r, "total")] for r in rows]
        table = _total(values, [c.index for c in totals])
        if table is not None and int(m.group(1)) != table:
            yield finding(
                "text-cases-mismatch",
                path,
                totals,
                expected=table,
                actual=int(m.group(1)),
                subject=totals[0].column.labels[0],
                subject_en=subject_en,
                sentence=" ".join(m.group().split()),
            )
