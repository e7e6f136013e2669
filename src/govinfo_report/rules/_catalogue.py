"""The finding catalogue: every code, its severity and its messages.

This is the public contract of validation.  Codes never change meaning; the
documentation page of findings is generated from this table.
"""

from __future__ import annotations

from govinfo_report.rules._finding import Code, Severity

__all__ = ["CATALOGUE", "COUNT_BOUND", "FEE_UNIT_THRESHOLD", "SERIES_JUMP_FACTOR", "SERIES_JUMP_MIN"]

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO

COUNT_BOUND = 10**9
"""A count above this (a billion) is taken to be a mistake: no body handles that many cases in a year."""

FEE_UNIT_THRESHOLD = 100000
"""A 行政事业性收费 amount above this many 万元 (10亿元) is taken to be entered in 元."""

SERIES_JUMP_FACTOR = 5
"""A cell whose value from one year to the next grows or shrinks by more than this factor is a jump ..."""

SERIES_JUMP_MIN = 20
"""... when the larger of the two values is at least this: small numbers swing without meaning anything."""

_CODES = (
    # -- metadata --------------------------------------------------------------------------
    Code(
        "meta-agency-missing",
        E,
        "缺少机关名称",
        "Agency name missing",
        "未填写机关名称。",
        "The agency name (机关名称) is missing.",
        ("meta",),
        "The report must name the reporting body (机关名称).",
    ),
    Code(
        "meta-year-missing",
        E,
        "缺少年度",
        "Report year missing",
        "未填写报告年度。",
        "The report year (年度) is missing.",
        ("meta",),
        "The report must say which calendar year it covers.",
    ),
    Code(
        "meta-published-early",
        E,
        "发布日期早于年度结束",
        "Published before the year ended",
        "发布日期 {actual} 早于{year}年度结束：年度报告只能在年度结束后发布。",
        "Published on {actual}, before the end of {year}: a year's report can only be published after it.",
        ("meta",),
        "A report on year Y covers the whole year, so it cannot be published before 1 January of Y+1.",
    ),
    Code(
        "meta-published-future",
        E,
        "发布日期在未来",
        "Publication date in the future",
        "发布日期 {actual} 晚于今天（{today}）。",
        "The publication date {actual} is after today ({today}).",
        ("meta",),
        "A publication date after the day of validation is a typing error.",
    ),
    Code(
        "meta-published-late",
        W,
        "逾期发布",
        "Published after the deadline",
        "发布日期 {actual} 晚于《条例》第四十九条规定的期限（{deadline}，每年1月31日前）。",
        "Published on {actual}, after the deadline of 条例 Art. 49 ({deadline}: by 31 January of the next year).",
        ("meta",),
        "条例 Art. 49: each body publishes its report on the previous year by 31 January. Later is reported, "
        "not refused.",
    ),
    Code(
        "meta-year-invalid",
        E,
        "年度不合理",
        "Implausible report year",
        "报告年度 {actual} 不在 2019 年至今的范围内。",
        "Report year {actual} is not between 2019 and this year.",
        ("meta",),
        "The unified format exists since the 2019 reports; a year after the current one cannot be reported.",
    ),
    Code(
        "format-year-mismatch",
        E,
        "格式与年度不符",
        "Format does not match the year",
        "{year}年度报告应使用{expected}年格式（{document}），实际为{actual}年格式。",
        "A report for {year} must use the {expected} format ({document}), not the {actual} format.",
        ("meta",),
        "Reports for 2019–2020 use the trial format of 国办公开办函〔2019〕60号; "
        "reports from 2021 on use 国办公开办函〔2021〕30号.",
    ),
    # -- text sections ---------------------------------------------------------------------
    Code(
        "section-empty",
        E,
        "章节内容缺失",
        "Section missing",
        "“{section}”没有内容。",
        "Section “{section}” has no text.",
        ("text",),
        "Sections 一、总体情况 and 六、其他需要报告的事项 must be present (六 may say 无).",
    ),
    Code(
        "problems-empty",
        W,
        "未报告存在的问题",
        "No problems reported",
        "“五、存在的主要问题及改进情况”没有内容。",
        "Section 五 (problems and improvements) is empty.",
        ("text",),
        "条例 Art. 50(四) requires the main problems and how they are being improved.",
    ),
    Code(
        "problems-brief",
        W,
        "问题及改进过于简略",
        "Problems section too brief",
        "“五、存在的主要问题及改进情况”只有一行（{length}字），内容可能过于简略。",
        "Section 五 is a single line ({length} characters); it is probably too brief.",
        ("text",),
        "Evaluators mark a one-line 五 (such as 无) as perfunctory.",
    ),
    Code(
        "fee-not-reported",
        W,
        "未说明信息处理费情况",
        "Information processing fee not reported",
        "“六、其他需要报告的事项”未说明收取信息处理费的情况。",
        "Section 六 does not say how information processing fees (信息处理费) stood.",
        ("text", "fee"),
        "Since 国办函〔2020〕109号 reports in the 2021 format state in 六 whether 信息处理费 were charged.",
    ),
    Code(
        "fee-text-conflict",
        W,
        "信息处理费说明与表格矛盾",
        "Fee statement contradicts the figures",
        "{detail}",
        "{detail_en}",
        ("text", "fee", "table3"),
        "Section 六 denies fee notices while table 三 （六）2 counts applications dropped for unpaid fees, "
        "or section 六 both states an amount collected and says none was collected.",
    ),
    Code(
        "text-requests-mismatch",
        W,
        "正文申请数与表三不符",
        "Requests in the text differ from table 三",
        "“一、总体情况”称“{sentence}”，而表三“一、本年新收政府信息公开申请数量”总计为 {expected}。",
        "Section 一 says “{sentence}”, but table 三 counts {expected} new requests (本年新收 总计).",
        ("text", "table3"),
        "The first statement of requests received in 一 (收到/受理/接收……申请N件, 收到N件申请) equals table 三 "
        "一、本年新收 总计, or 本年新收 + 上年结转 (some bodies count the carried-over requests as received).",
    ),
    Code(
        "text-cases-mismatch",
        W,
        "正文复议诉讼数与表四不符",
        "Cases in the text differ from table 四",
        "“一、总体情况”称“{sentence}”，而表四{subject}总计为 {expected}。",
        "Section 一 says “{sentence}”, but table 四 counts {expected} {subject_en} (总计).",
        ("text", "table4"),
        "The first 行政复议N件 and 行政诉讼N件/起 of 一 equal table 四's 行政复议 总计 and the sum of the two 行政诉讼 "
        "总计 (未经复议直接起诉 + 复议后起诉).",
    ),
    Code(
        "text-year-mismatch",
        W,
        "正文年度与报告年度不符",
        "The text names another year",
        "“一、总体情况”开头为{actual}年，而报告年度为{expected}年。",
        "Section 一 opens with the year {actual}, but the report is for {expected}.",
        ("text", "meta"),
        "一 opens with the year it reports on (2021年，……). Another year there is a report copied from another year's "
        "and not fully updated, or a wrong 年度.",
    ),
    # -- cells -----------------------------------------------------------------------------
    Code(
        "cell-empty",
        W,
        "单元格未填写",
        "Cell not filled",
        "表{table}“{row}”行“{column}”列未填写（无数据应填 0）。",
        "Table {table}, row “{row}”, column “{column}” is not filled (write 0 for none).",
        ("cells",),
        "Every data cell of the form should hold a number; blank is not the same as 0.",
    ),
    Code(
        "cell-placeholder",
        W,
        "单元格以符号代替数字",
        "Placeholder instead of a number",
        "表{table}“{row}”行“{column}”列填写为“{raw}”，视为未填写（无数据应填 0）。",
        "Table {table}, row “{row}”, column “{column}” holds “{raw}”, read as not filled (write 0 for none).",
        ("cells",),
        "Placeholders such as -, /, — or 无 stand for “nothing”; the form asks for 0.",
    ),
    Code(
        "cell-not-a-number",
        E,
        "单元格不是数字",
        "Cell is not a number",
        "表{table}“{row}”行“{column}”列的内容“{raw}”不是{kind}。",
        "Table {table}, row “{row}”, column “{column}” holds “{raw}”, which is not {kind_en}.",
        ("cells",),
        "A count must be a whole number and an amount a decimal number, without units or separators.",
    ),
    Code(
        "cell-text-number",
        W,
        "数字以文本形式保存",
        "Number stored as text",
        "表{table}“{row}”“{column}”的 {actual} 以文本形式保存，已按数字读取；电子表格的合计会漏算它。",
        "Table {table}, “{row}” / “{column}”: {actual} is stored as text; it was read as a number, but the "
        "spreadsheet's own totals leave it out.",
        ("cells",),
        "A workbook cell holding a number typed as text (a leading apostrophe, or a cell formatted as text). The "
        "library reads the number and adds it in the totals it computes; Excel and WPS leave such text out of SUM.",
    ),
    Code(
        "count-implausible",
        W,
        "数量不合理",
        "Implausible count",
        "表{table}“{row}”“{column}”为 {actual}，超过 {bound}，请核对（Excel 只能精确保存 15 位数字）。",
        "Table {table}, “{row}” / “{column}” is {actual}, above {bound}: check it (Excel keeps only 15 digits).",
        ("cells",),
        f"A count above {COUNT_BOUND:,} cannot be a year's work of one body; such numbers are typing or "
        "conversion errors, and beyond 15 digits a spreadsheet changes them silently.",
    ),
    Code(
        "count-negative",
        E,
        "数量为负数",
        "Negative count",
        "表{table}“{row}”行“{column}”列为负数 {actual}。",
        "Table {table}, row “{row}”, column “{column}” is negative ({actual}).",
        ("cells",),
        "Counts are ≥ 0; only the 2019 本年增/减 column may be negative.",
    ),
    Code(
        "amount-negative",
        E,
        "金额为负数",
        "Negative amount",
        "表{table}“{row}”行“{column}”列金额为负数 {actual}。",
        "Table {table}, row “{row}”, column “{column}” is a negative amount ({actual}).",
        ("cells", "fee"),
        "Amounts of money are ≥ 0.",
    ),
    Code(
        "fee-unit-suspect",
        W,
        "收费金额单位可疑",
        "Fee amount probably not in 万元",
        "表二“行政事业性收费”金额 {actual} 万元{why}，可能误按“元”填写。",
        "Table 二 行政事业性收费 amount {actual} 万元 {why_en}; it was probably entered in 元.",
        ("cells", "fee"),
        f"The column is in 万元. Above {FEE_UNIT_THRESHOLD} 万元, or with more than 4 decimal places "
        "(less than 1 元), the figure was most likely entered in 元.",
    ),
    # -- arithmetic ------------------------------------------------------------------------
    Code(
        "t3-row-total",
        E,
        "表三总计列不等于各列之和",
        "Table 三: 总计 column is not the sum",
        "表三“{subject}”行：总计为 {actual}，自然人与法人或其他组织各列之和为 {expected}。",
        "Table 三, row “{subject}”: 总计 is {actual} but the applicant columns add up to {expected}.",
        ("arithmetic", "table3"),
        "For every row of table 三, 总计 = 自然人 + the five 法人或其他组织 columns.",
    ),
    Code(
        "t3-results-total",
        E,
        "表三（七）总计不等于各办理结果之和",
        "Table 三: （七）总计 is not the sum",
        "表三“{subject}”列：（七）总计为 {actual}，各项办理结果之和为 {expected}。",
        "Table 三, column “{subject}”: （七）总计 is {actual} but the results （一）–（六） add up to {expected}.",
        ("arithmetic", "table3"),
        "For every column, （七）总计 = （一） + （二） + all items of （三）（四）（五）（六）; the group headers have no subtotal.",
    ),
    Code(
        "t3-balance",
        E,
        "表三勾稽关系不成立",
        "Table 三 does not balance",
        "表三“{subject}”列：本年新收 + 上年结转 = {actual}，办理结果总计 + 结转下年度 = {expected}，"
        "不符合“第一项加第二项之和，等于第三项加第四项之和”。",
        "Table 三, column “{subject}”: new + carried over = {actual}, but handled + carried forward = {expected}.",
        ("arithmetic", "table3"),
        "The rule printed in the form: 一、本年新收 + 二、上年结转 = 三、（七）总计 + 四、结转下年度继续办理, per column.",
    ),
    Code(
        "t4-total",
        E,
        "表四总计不等于各项之和",
        "Table 四: 总计 is not the sum",
        "表四“{subject}”：总计为 {actual}，结果维持、结果纠正、其他结果、尚未审结之和为 {expected}。",
        "Table 四, “{subject}”: 总计 is {actual} but upheld + corrected + other + pending = {expected}.",
        ("arithmetic", "table4"),
        "Each of 行政复议, 未经复议直接起诉 and 复议后起诉 has a 总计 equal to its four outcomes.",
    ),
    # -- reading published reports ---------------------------------------------------------
    Code(
        "import-table-missing",
        E,
        "未读到表格",
        "Table not found",
        "未能在来源中找到{table}：{detail}",
        "Table {table} was not found in the source: {detail_en}",
        ("import",),
        "The importer found none of the table's own labels (a table published as an image, a page cut short). "
        "Its cells stay blank; numbers are never placed into a table whose labels were not found.",
    ),
    Code(
        "import-text-repaired",
        W,
        "来源文本曾被误读",
        "Source text misread",
        "{detail}",
        "{detail_en}",
        ("import",),
        "The source's text was misread and saved again (乱码, spec D17): UTF-8 read as GBK, or UTF-8 or GBK read as "
        "Latin-1. It was read back: the characters that lost a byte in the misreading are U+FFFD, and the format's "
        "own words were put back where enough of their characters were left. Values are digits and survive; a "
        "label with too much lost may not be found.",
    ),
    Code(
        "import-incomplete",
        E,
        "未完整读取",
        "Incomplete read",
        "{detail}",
        "{detail_en}",
        ("import",),
        "A row or column of a table could not be found in the source, or values were found that could not be "
        "placed (run-together digits with several readings); the cells concerned are blank and the printed text "
        "is kept as their raw text.",
    ),
    Code(
        "row-not-in-format",
        W,
        "格式以外的行",
        "Row not in the format",
        "{detail}",
        "{detail_en}",
        ("import",),
        "The source prints a row that this format does not have (such as the 2019 single row （六）其他处理 in a "
        "2021-format report). It is kept with its values as an extra row and is not used in the arithmetic.",
    ),
    Code(
        "import-audit-low",
        W,
        "导入数字与原文不符",
        "Imported numbers not found in the source",
        "已填入的非零数字中只有 {share} 在原文中逐字出现。",
        "Only {share} of the non-zero numbers placed appear verbatim in the source text.",
        ("import",),
        "A self-audit of every import: the share of the non-zero numbers placed in the tables whose printed form "
        "appears in the source text. Run-together digits are split by the tables' identities and so do not "
        "appear on their own; below 50 % the read should be checked by a person.",
    ),
    # -- across years ----------------------------------------------------------------------
    Code(
        "carry-over-mismatch",
        E,
        "上年结转与上年度结转下年度不符",
        "Carry-over does not match last year",
        "{year}年表三“{subject}”列上年结转为 {actual}，而{previous}年结转下年度为 {expected}。",
        "{year} table 三, column “{subject}”: carried over is {actual}, but {previous} carried forward {expected}.",
        ("series", "table3"),
        "二、上年结转 of year Y equals 四、结转下年度继续办理 of year Y−1, per column.",
    ),
    Code(
        "in-force-drift",
        W,
        "现行有效件数与上年不衔接",
        "In-force count does not follow",
        "{year}年表二“{subject}”现行有效件数为 {actual}，按上年 {previous_in_force} + 本年制发 {issued} − 本年废止 "
        "{repealed} 应为 {expected}。",
        "{year} table 二 “{subject}”: {actual} in force, but last year's {previous_in_force} + {issued} issued − "
        "{repealed} repealed = {expected}.",
        ("series", "table2"),
        "A heuristic: 现行有效件数 (Y) ≈ 现行有效件数 (Y−1) + 本年制发件数 (Y) − 本年废止件数 (Y). "
        "Amendments and recounts break it, so it is a warning.",
    ),
    Code(
        "series-duplicate-year",
        E,
        "同一年度有多份报告",
        "Two reports for one year",
        "{agency}{year}年度有 {count} 份报告。",
        "{agency} has {count} reports for {year}.",
        ("series",),
        "A series holds one report per year of one body.",
    ),
    Code(
        "series-gap",
        W,
        "系列报告缺少年度",
        "Years missing from the series",
        "{agency}{first}年至{last}年的系列报告缺少{years}年度。",
        "The series of {agency} from {first} to {last} lacks the report for {years_en}.",
        ("series",),
        "A body reports every year; a year missing between the first and the last report means a report not "
        "published or not collected, and the checks across that year (carry-over) cannot be made.",
    ),
    Code(
        "series-jump",
        I,
        "数值跨年度异常变化",
        "Abnormal change from last year",
        "{year}年表{table}“{row}”“{column}”为 {actual}，{previous}年为 {before}，变化超过 {factor} 倍。",
        "{year} table {table}, “{row}” / “{column}” is {actual}; in {previous} it was {before}: a change of more "
        "than {factor} times.",
        ("series",),
        f"Between consecutive years, a cell the two reports share (through the 2019 ↔ 2021 cross-walk) that grows "
        f"or shrinks by more than {SERIES_JUMP_FACTOR} times, or from 0, where the larger value is at least "
        f"{SERIES_JUMP_MIN}. Often real (a new kind of request), sometimes a typing or unit error; worth a look.",
    ),
    Code(
        "aggregate-mismatch",
        W,
        "与下级机关报告之和不符",
        "Differs from the sum of its bodies",
        "{agency}表{table}“{row}”“{column}”为 {actual}，而其 {count} 个下级机关报告之和为 {expected}。",
        "{agency}, table {table}, “{row}” / “{column}” is {actual}, but its {count} bodies' reports add up to "
        "{expected}.",
        ("region",),
        "A report that covers the bodies under it (a county's report over its departments, as the issuer registry "
        "says) equals the sum of their reports, cell by cell. Cells blank on either side are not compared.",
    ),
    Code(
        "series-agency-mismatch",
        W,
        "机关名称不一致",
        "Agency names differ",
        "系列报告的机关名称不一致：{names}。",
        "The reports of the series name different agencies: {names}.",
        ("series",),
        "validate_series compares the reports of one body; differing names suggest a mix-up or a renaming.",
    ),
)

CATALOGUE: dict[str, Code] = {c.code: c for c in _CODES}
