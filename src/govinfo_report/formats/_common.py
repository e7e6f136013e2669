"""Parts shared by both format versions; every official label is written once.

Labels are copied character for character from ``spec/format-spec.md``
(full-width brackets, ASCII ``1.`` item numbers, curly quotes in 三安全一稳定).
"""

from __future__ import annotations

from govinfo_report.formats._spec import (
    Column,
    ColumnSet,
    Identity,
    Row,
    TableSpec,
    TextSection,
)

# --- metadata labels (label CSV ``meta`` rows) -------------------------------------------
META_AGENCY = "机关名称"
META_YEAR = "年度"
META_FORMAT = "格式"
META_LEVEL = "层级"
META_REGION = "地区"
META_PUBLISHED = "发布日期"
META_LABELS = (META_AGENCY, META_YEAR, META_FORMAT, META_LEVEL, META_REGION, META_PUBLISHED)
"""Every metadata label, in the order files list them."""

# --- what a cell holds when it holds no number -------------------------------------------
PLACEHOLDERS = frozenset({"-", "－", "—", "——", "–", "/", "／", "无", "&nbsp;"})
"""Texts that publishers put in a cell to say "nothing here": read as blank, the text kept as the cell's raw text."""

# --- the six sections --------------------------------------------------------------------
GENERAL = TextSection("general_situation", "一", "一、总体情况")
PROBLEMS = TextSection("problems", "五", "五、存在的主要问题及改进情况")
OTHER = TextSection("other_matters", "六", "六、其他需要报告的事项")
TITLE_2 = "二、主动公开政府信息情况"
TITLE_3 = "三、收到和处理政府信息公开申请情况"
TITLE_4 = "四、政府信息公开行政复议、行政诉讼情况"

# --- table 二 shared pieces ----------------------------------------------------------------
T2_ROW_HEADER = "信息内容"
ITEM_1 = "第二十条第（一）项"
ITEM_5 = "第二十条第（五）项"
ITEM_6 = "第二十条第（六）项"
ITEM_8 = "第二十条第（八）项"
REGULATIONS = "规章"
LICENSING = "行政许可"
PENALTIES = "行政处罚"
COERCION = "行政强制"
ADMIN_FEES = "行政事业性收费"

# --- table 三 -----------------------------------------------------------------------------
T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
T3_COLUMN_HEADER = "申请人情况"
LEGAL_PERSONS = "法人或其他组织"
TOTAL = "总计"

APPLICANTS = ColumnSet(
    "ApplicantCounts",
    (
        Column("natural_person", ("自然人",)),
        Column("commercial", (LEGAL_PERSONS, "商业企业")),
        Column("research", (LEGAL_PERSONS, "科研机构")),
        Column("public_interest", (LEGAL_PERSONS, "社会公益组织")),
        Column("legal_services", (LEGAL_PERSONS, "法律服务机构")),
        Column("other", (LEGAL_PERSONS, "其他")),
        Column("total", (TOTAL,), total=True),
    ),
)

NEW_RECEIVED = "一、本年新收政府信息公开申请数量"
CARRIED_OVER = "二、上年结转政府信息公开申请数量"
RESULTS = "三、本年度办理结果"
CARRIED_FORWARD = "四、结转下年度继续办理"
OTHER_HANDLING = "（六）其他处理"


def _result(key: str, *labels: str, total: bool = False) -> Row:
    return Row(key, (RESULTS, *labels), APPLICANTS, total=total)


_WITHHELD = "（三）不予公开"
_UNAVAILABLE = "（四）无法提供"
_NOT_PROCESSED = "（五）不予处理"

T3_HEAD: tuple[Row, ...] = (
    Row("new_received", (NEW_RECEIVED,), APPLICANTS),
    Row("carried_over", (CARRIED_OVER,), APPLICANTS),
    _result("granted", "（一）予以公开"),
    _result("partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    _result("withheld_state_secret", _WITHHELD, "1.属于国家秘密"),
    _result("withheld_prohibited_by_law", _WITHHELD, "2.其他法律行政法规禁止公开"),
    _result("withheld_security_stability", _WITHHELD, "3.危及\u201c三安全一稳定\u201d"),
    _result("withheld_third_party", _WITHHELD, "4.保护第三方合法权益"),
    _result("withheld_internal_affairs", _WITHHELD, "5.属于三类内部事务信息"),
    _result("withheld_process_info", _WITHHELD, "6.属于四类过程性信息"),
    _result("withheld_enforcement_files", _WITHHELD, "7.属于行政执法案卷"),
    _result("withheld_administrative_query", _WITHHELD, "8.属于行政查询事项"),
    _result("unavailable_not_held", _UNAVAILABLE, "1.本机关不掌握相关政府信息"),
    _result("unavailable_needs_creation", _UNAVAILABLE, "2.没有现成信息需要另行制作"),
    _result("unavailable_unclear", _UNAVAILABLE, "3.补正后申请内容仍不明确"),
    _result("not_processed_petition", _NOT_PROCESSED, "1.信访举报投诉类申请"),
    _result("not_processed_repeated", _NOT_PROCESSED, "2.重复申请"),
    _result("not_processed_publication", _NOT_PROCESSED, "3.要求提供公开出版物"),
    _result("not_processed_excessive", _NOT_PROCESSED, "4.无正当理由大量反复申请"),
    _result("not_processed_confirmation", _NOT_PROCESSED, "5.要求行政机关确认或重新出具已获取信息"),
)
T3_TAIL: tuple[Row, ...] = (
    _result("total_handled", "（七）总计", total=True),
    Row("carried_forward", (CARRIED_FORWARD,), APPLICANTS),
)


def result_row(key: str, *labels: str) -> Row:
    """A row under 三、本年度办理结果 (used for the format-specific （六） rows)."""
    return _result(key, *labels)


def table3(other_rows: tuple[Row, ...]) -> TableSpec:
    """Table 三 with the format's own （六）其他处理 rows."""
    return TableSpec(
        "table3",
        "三",
        TITLE_3,
        (*T3_HEAD, *other_rows, *T3_TAIL),
        column_header=T3_COLUMN_HEADER,
        note=T3_NOTE,
    )


# --- table 四 (identical in both formats) --------------------------------------------------
REVIEW = "行政复议"
LITIGATION = "行政诉讼"
_OUTCOMES = (
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
)


def _outcomes(*prefix: str) -> ColumnSet:
    return ColumnSet(
        "CaseOutcomes",
        (
            *(Column(key, (*prefix, label)) for key, label in _OUTCOMES),
            Column("total", (*prefix, TOTAL), total=True),
        ),
    )


TABLE4 = TableSpec(
    "table4",
    "四",
    TITLE_4,
    (
        Row("review", (), _outcomes(REVIEW)),
        Row("litigation_direct", (), _outcomes(LITIGATION, "未经复议直接起诉")),
        Row("litigation_after_review", (), _outcomes(LITIGATION, "复议后起诉")),
    ),
)


# --- identities -----------------------------------------------------------------------------
def table3_identities(t3: TableSpec) -> tuple[Identity, ...]:
    """R1 (勾稽, per column), R2 (总计 column, per row) and R3 (（七）总计, per column)."""
    key = t3.key
    results = [r for r in t3.rows if r.labels[0] == RESULTS and not r.total]
    parts = tuple(c.key for c in APPLICANTS.columns if not c.total)
    row_totals = [
        Identity(
            "t3-row-total", row.label, ((key, row.key, "total"),), tuple((key, row.key, p) for p in parts), fill=True
        )
        for row in t3.rows
    ]
    results_totals = [
        Identity(
            "t3-results-total",
            col.label,
            ((key, "total_handled", col.key),),
            tuple((key, r.key, col.key) for r in results),
            fill=True,
        )
        for col in APPLICANTS.columns
    ]
    balances = [
        Identity(
            "t3-balance",
            col.label,
            ((key, "new_received", col.key), (key, "carried_over", col.key)),
            ((key, "total_handled", col.key), (key, "carried_forward", col.key)),
        )
        for col in APPLICANTS.columns
    ]
    out = [*row_totals, *results_totals, *balances]
    return tuple(out)


def table4_identities() -> tuple[Identity, ...]:
    """R5: each of the three 总计 of table 四."""
    out = []
    for row in TABLE4.rows:
        total = next(c for c in row.columns.columns if c.total)
        parts = tuple((TABLE4.key, row.key, c.key) for c in row.columns.columns if not c.total)
        out.append(Identity("t4-total", total.labels[-2], ((TABLE4.key, row.key, total.key),), parts, fill=True))
    return tuple(out)


__all__ = [
    "APPLICANTS",
    "GENERAL",
    "OTHER",
    "OTHER_HANDLING",
    "PROBLEMS",
    "TABLE4",
    "result_row",
    "table3",
    "table3_identities",
    "table4_identities",
]
