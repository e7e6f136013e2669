"""The 2021 format (国办公开办函〔2021〕30号), report years 2021 onward."""

from __future__ import annotations

from govinfo_report.formats import _common as c
from govinfo_report.formats._spec import Column, ColumnSet, FormatSpec, Kind, Row, TableSpec

_DOCUMENTS = ColumnSet(
    "DocumentCounts",
    (
        Column("issued", ("本年制发件数",)),
        Column("repealed", ("本年废止件数",)),
        Column("in_force", ("现行有效件数",)),
    ),
)
_DECISIONS = ColumnSet("DecisionCount", (Column("decisions", ("本年处理决定数量",)),))
_FEES = ColumnSet(
    "FeeAmount",
    (Column("amount", ("本年收费金额（单位：万元）",), kind=Kind.AMOUNT, unit="万元"),),
)

TABLE2 = TableSpec(
    "table2",
    "二",
    c.TITLE_2,
    (
        Row("regulations", (c.ITEM_1, c.REGULATIONS), _DOCUMENTS),
        Row("normative_documents", (c.ITEM_1, "行政规范性文件"), _DOCUMENTS),
        Row("licensing", (c.ITEM_5, c.LICENSING), _DECISIONS),
        Row("penalties", (c.ITEM_6, c.PENALTIES), _DECISIONS),
        Row("coercion", (c.ITEM_6, c.COERCION), _DECISIONS),
        Row("fees", (c.ITEM_8, c.ADMIN_FEES), _FEES),
    ),
    row_header=c.T2_ROW_HEADER,
)

TABLE3 = c.table3(
    (
        c.result_row(
            "other_no_correction",
            c.OTHER_HANDLING,
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        ),
        c.result_row(
            "other_fee_unpaid",
            c.OTHER_HANDLING,
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        ),
        c.result_row("other_other", c.OTHER_HANDLING, "3.其他"),
    )
)

FORMAT_2021 = FormatSpec(
    id="2021",
    name="中华人民共和国政府信息公开工作年度报告格式",
    document="国办公开办函〔2021〕30号",
    first_year=2021,
    last_year=None,
    sections=(c.GENERAL, TABLE2, TABLE3, c.TABLE4, c.PROBLEMS, c.OTHER),
    identities=(*c.table3_identities(TABLE3), *c.table4_identities()),
)
