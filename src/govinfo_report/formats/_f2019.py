"""The 2019 trial format (国办公开办函〔2019〕60号), report years 2019 and 2020."""

from __future__ import annotations

from govinfo_report.formats import _common as c
from govinfo_report.formats._spec import Column, ColumnSet, FormatSpec, Kind, Row, TableSpec

_PREVIOUS = Column("previous_items", ("上一年项目数量",))
_CHANGE = Column("change", ("本年增/减",), kind=Kind.SIGNED_COUNT)

_DOCUMENTS = ColumnSet(
    "DocumentCounts2019",
    (
        Column("made", ("本年新制作数量",)),
        Column("published", ("本年新公开数量",)),
        Column("total_public", ("对外公开总数量",)),
    ),
)
_ITEMS = ColumnSet("ItemChanges", (_PREVIOUS, _CHANGE, Column("decisions", ("处理决定数量",))))
_FEE_ITEMS = ColumnSet("FeeItemChanges", (_PREVIOUS, _CHANGE))
_PROCUREMENT = ColumnSet(
    "Procurement",
    (
        Column("items", ("采购项目数量",)),
        # The header prints no unit; reports fill it in 元 (format-spec §2.2).
        Column("amount", ("采购总金额",), kind=Kind.AMOUNT, unit="元"),
    ),
)

TABLE2 = TableSpec(
    "table2",
    "二",
    c.TITLE_2,
    (
        Row("regulations", (c.ITEM_1, c.REGULATIONS), _DOCUMENTS),
        Row("normative_documents", (c.ITEM_1, "规范性文件"), _DOCUMENTS),
        Row("licensing", (c.ITEM_5, c.LICENSING), _ITEMS),
        Row("other_services", (c.ITEM_5, "其他对外管理服务事项"), _ITEMS),
        Row("penalties", (c.ITEM_6, c.PENALTIES), _ITEMS),
        Row("coercion", (c.ITEM_6, c.COERCION), _ITEMS),
        Row("fees", (c.ITEM_8, c.ADMIN_FEES), _FEE_ITEMS),
        Row("procurement", ("第二十条第（九）项", "政府集中采购"), _PROCUREMENT),
    ),
    row_header=c.T2_ROW_HEADER,
)

TABLE3 = c.table3((c.result_row("other_handling", c.OTHER_HANDLING),))

FORMAT_2019 = FormatSpec(
    id="2019",
    name="中华人民共和国政府信息公开工作年度报告格式（试行）",
    document="国办公开办函〔2019〕60号",
    first_year=2019,
    last_year=2020,
    sections=(c.GENERAL, TABLE2, TABLE3, c.TABLE4, c.PROBLEMS, c.OTHER),
    identities=(*c.table3_identities(TABLE3), *c.table4_identities()),
)
