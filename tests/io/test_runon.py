"""Text whose report body is run together on one line (crawler page.txt files)."""

from __future__ import annotations

import itertools
import json
import time
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import govinfo_report as gr
from govinfo_report.importers._runon import MAX_READINGS, _pieces, _slots, _Splitter
from govinfo_report.importers._text import read_text
from tests.conftest import EXAMPLES, FIXTURES, SHARED

SAMPLE = gr.read(EXAMPLES / "sample-2021" / "report.json")
F2019, F2021 = gr.get_format("2019"), gr.get_format("2021")


def crawled(body: str, title: str = "示例县人民政府2021年政府信息公开工作年度报告") -> str:
    """A crawler's page.txt: header lines, then the body on one line."""
    return (
        f"标题: {title}\n发布时间: 2022-01-20 10:00\n文号: \n==================== 正文 ====================\n{body}\n"
    )


def one_line() -> str:
    """The run-together fixture with every line break taken out (title and date lines aside)."""
    lines = (FIXTURES / "import" / "sample-2021-run-together.txt").read_text(encoding="utf-8").splitlines()
    return "当前位置： 首页政务公开 分享到 微信 " + "".join(lines[2:]) + " 附件下载"


def wrong_cells(back: gr.AnnualReport, report: gr.AnnualReport) -> set[str]:
    return {c.pointer for (c, a), (_, b) in zip(back.iter_cells(), report.iter_cells(), strict=True) if a != b}


# A 2019 body as a crawler flattened it: signs, an amount with its unit, spaces kept from the page, item
# numbers run into the digits before them, the group caption repeated before （四）, a space inside a label.
BODY_2019 = (
    "示例县2019年政府信息公开工作年度报告 根据《条例》编制本报告。一、总体情况2019年，示例县推进政务公开。"
    "二、主动公开政府信息情况 第二十条第（一）项信息内容本年新制作数量本年新公开数量对外公开总数量规章105"
    "规范性文件474747第二十条第（五）项信息内容上一年项目数量本年增/减处理决定数量行政许可5120233"
    "其他对外管理服务事项200164第二十条第（六）项信息内容上一年项目数量本年增/减处理决定数量"
    "行政处罚3157-24619行政强制143036第二十条第（八）项信息内容上一年项目数量本年增/减行政事业性收费48-12"
    "第二十条第（九）项信息内容采购项目数量采购总金额政府集中采购24681357913.46元"
    "三、收到和处理政府信息公开申请情况（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    "申请人情况自然人法人或其他组织总计商业企业科研机构社会公益 组织法律服务机构其他"
    "一、本年新收政府信息公开申请数量230 000023二、上年结转政府信息公开申请数量0000000"
    "三、本年度办理结果（一）予以公开7000007（二）部分公开（区分处理的，只计这一情形，不计其他情形）1000001"
    "（三）不予公开1.属于国家秘密00000002.其他法律行政法规禁止公开00000003.危及“三安全一稳定”0000000"
    "4.保护第三方合法权益00000005.属于三类内部事务信息00000006.属于四类过程性信息0000000"
    "7.属于行政执法案卷00000008.属于行政查询事项0000000三、本年度办 理结果（四）无法提供"
    "1.本机关不掌握相关政府信息70000072.没有现成信息需要另行制作00000003.补正后申请内容仍不明确5000005"
    "（五）不予处理1.信访举报投诉类申请00000002.重复申请30000033.要求提供公开出版物0000000"
    "4.无正当理由大量反复申请00000005.要求行政机关确认或重新出具已获取信息0000000（六）其他处理0 0 0 0 0 00"
    "（七）总计23 0 00 0 023四、结转下年度继续办理 0 0 00 00 0 四、政府信息公开行政复议、行政诉讼情况"
    "行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉结果维持结果纠正其他结果"
    "尚未审结总计结果维持结果纠正其他结果尚未审结总计10203120001200000 "
    "五、存在的主要问题及改进情况一是公开不够及时。六、其他需要报告的事项 无其他需要报告的事项"
)


class TestOneLine:
    def test_body_on_one_line(self) -> None:
        """Headings and labels are found inside the line; every cell reads as in the line-per-row text."""
        back = read_text(crawled(one_line()))
        assert "2021" == back.format
        assert {f"/table2/normative_documents/{k}" for k in ("issued", "repealed", "in_force")} == wrong_cells(
            back, SAMPLE
        )
        assert ("示例县人民政府", 2021) == (back.meta.agency, back.meta.year)
        assert "2022-01-20" == str(back.meta.published)
        assert SAMPLE.other_matters == back.other_matters  # the page's 附件下载 after it is not the report's

    @pytest.mark.parametrize("breaks", [r"(?=[一二三四五六]、)", r"(?=[二三四]、(?:主动|收到|政府))"])
    def test_a_line_per_section(self, breaks: str) -> None:
        """The body broken into a line per section (or per row group of 三), each run together, reads the same."""
        import re

        line = one_line()
        broken = re.sub(breaks, "\n", line)
        assert broken.count("\n") >= 3
        assert read_text(crawled(broken)).values() == read_text(crawled(line)).values()

    def test_ambiguous_row_keeps_what_was_printed(self) -> None:
        """6241 over three columns without a total: blank, the printed digits and their readings reported."""
        back = read_text(crawled(one_line()))
        assert (
            "（无法对应到各列：6241；可能：6/2/41、6/24/1、62/4/1）" == back.raw["/table2/normative_documents/issued"]
        )
        assert ["cell-not-a-number"] == [f.code for f in gr.validate(back).errors]
        assert back.sources["/table2/licensing/decisions"].startswith("line 5, character ")

    def test_identities_decide_a_row(self) -> None:
        """182011022 fits its own total two ways; the （七）总计 of its columns decides."""
        back = read_text(crawled(one_line()))
        assert SAMPLE.table3.granted == back.table3.granted  # type: ignore[attr-defined]

    def test_published_wrong_total(self) -> None:
        """A wrong （七）总计 is kept as printed, and the identities it breaks decide nothing: the others still do."""
        back = read_text(crawled(one_line().replace("（七）总计374012044", "（七）总计384012045")))
        assert (38, 45) == (back.table3.total_handled.natural_person, back.table3.total_handled.total)  # type: ignore[attr-defined]
        assert SAMPLE.table3.granted == back.table3.granted  # type: ignore[attr-defined]
        assert {"t3-results-total", "t3-balance"} <= {f.code for f in gr.validate(back).errors}

    def test_a_row_alone_is_kept_when_identities_fail(self) -> None:
        """Rows that their own total splits one way stay read even when no combination satisfies the table."""
        text = crawled(one_line().replace("（七）总计374012044", "（七）总计999999999"))
        back = read_text(text)
        assert back.table3.total_handled.total is None  # type: ignore[attr-defined]
        assert SAMPLE.table3.new_received == back.table3.new_received  # type: ignore[attr-defined]
        assert "999999999" in back.raw["/table3/total_handled/natural_person"]


@pytest.fixture(scope="module")
def back() -> gr.AnnualReport:
    return read_text(crawled(BODY_2019, "示例县2019年度政府信息公开工作年度报告"))


class TestFormat2019:
    def test_detected(self, back: gr.AnnualReport) -> None:
        assert ("2019", "示例县", 2019) == (back.format, back.meta.agency, back.meta.year)

    @pytest.mark.parametrize(
        ("label", "expected"),
        [
            (("二", "规章"), [1, 0, 5]),  # three digits, three columns: one digit each
            (("二", "行政事业性收费"), [48, -12]),  # a printed sign starts its cell
            (("二", "规范性文件"), [None, None, None]),
            (("二", "行政处罚"), [None, None, None]),
            (("二", "政府集中采购"), [None, None]),  # a count and an amount run together: no rule splits them
            (("三", "一、本年新收政府信息公开申请数量"), [23, 0, 0, 0, 0, 0, 23]),  # 230 000023: the space cuts
            (("三", "2.其他法律行政法规禁止公开"), [0] * 7),  # its 2. ran into the digits before it
            (("三", "1.本机关不掌握相关政府信息"), [7, 0, 0, 0, 0, 0, 7]),  # after a repeated group caption
            (("三", "（六）其他处理"), [0] * 7),
            (("三", "（七）总计"), [23, 0, 0, 0, 0, 0, 23]),
            (("三", "四、结转下年度继续办理"), [0] * 7),
        ],
    )
    def test_rows(self, back: gr.AnnualReport, label: tuple[str, str], expected: list[int | None]) -> None:
        table, row = label
        spec_row = next(r for r in F2019.tables_by_key[table].rows if r.labels[-1] == row)
        assert expected == [back.cell(table, row, c.label) for c in spec_row.columns.columns]

    def test_signed_candidates(self, back: gr.AnnualReport) -> None:
        """3157-24619: the sign can only start 本年增/减, so 3157 is one cell and four readings are left."""
        raw = back.raw["/table2/penalties/previous_items"]
        assert "（无法对应到各列：3157-24619；可能：3157/-2/4619、3157/-24/619、3157/-246/19、3157/-2461/9）" == raw

    def test_amount_candidates(self, back: gr.AnnualReport) -> None:
        """The unit stays with the amount; the ten readings are reported."""
        raw = back.raw["/table2/procurement/items"]
        assert raw.startswith("（无法对应到各列：24681357913.46元；可能：2/4681357913.46元、")
        assert raw.endswith("…共10种）")

    def test_table4(self, back: gr.AnnualReport) -> None:
        """17 digits over 15 cells: the one split in which every 总计 is the sum of its parts."""
        assert [1, 0, 2, 0, 3, 12, 0, 0, 0, 12, 0, 0, 0, 0, 0] == list(back.table4.cells)

    def test_text_sections(self, back: gr.AnnualReport) -> None:
        assert ("2019年，示例县推进政务公开。", "一是公开不够及时。", "无其他需要报告的事项") == (
            back.general_situation,
            back.problems,
            back.other_matters,
        )


def test_hostile_digits_are_bounded() -> None:
    """Long runs of digits in every row come back quickly, blank and reported."""
    body = BODY_2019
    start, end = body.index("二、主动公开"), body.index("五、存在")
    hostile = body[:start] + "".join("9" * 24 if c.isdigit() else c for c in body[start:end]) + body[end:]
    began = time.perf_counter()
    back = read_text(crawled(hostile))
    assert time.perf_counter() - began < 10
    assert all(v is None for v in back.table4.cells)
    assert "未拆分" in back.raw["/table3/new_received/natural_person"]


def test_line_based_text_is_not_run_on() -> None:
    """Text with its headings at line starts is read as before."""
    back = gr.read(FIXTURES / "import" / "sample-2021-run-together.txt")
    assert "line 9" == back.sources["/table2/regulations/issued"]


def _cuttings(piece: str) -> list[tuple[int, ...]]:
    return [c for k in range(len(piece)) for c in itertools.combinations(range(1, len(piece)), k)]


def _brute(pieces: list[str], rows: list[gr.formats.Row]) -> list[tuple[str, ...]]:
    """Every reading by enumeration: cuts between digits, no leading zeros, each total its parts' sum."""
    slots = _slots(rows)
    out = []
    for cuts in itertools.product(*(_cuttings(p) for p in pieces)):
        cells = [p[a:b] for p, c in zip(pieces, cuts, strict=True) for a, b in itertools.pairwise((0, *c, len(p)))]
        if len(cells) != len(slots) or any(len(x) > 1 and x.startswith("0") for x in cells):
            continue
        values = [int(x) for x in cells]
        if all(not s.parts or sum(values[k] for k in s.parts) == values[j] for j, s in enumerate(slots)):
            out.append(tuple(cells))
    return sorted(out)


@given(
    st.sampled_from(["三", "四"]),
    st.lists(st.text("0001123459", min_size=1, max_size=6), min_size=1, max_size=4).filter(
        lambda ps: 7 <= sum(map(len, ps)) <= 17
    ),
)
def test_splitter_finds_every_reading(table: str, pieces: list[str]) -> None:
    """The pruned search finds exactly the readings an exhaustive enumeration finds."""
    rows = list(F2021.tables_by_key[table].rows[:1] if table == "三" else F2021.tables_by_key[table].rows)
    if len(pieces) >= len(_slots(rows)):
        return
    readings, complete = _Splitter(_pieces(" ".join(pieces)), _slots(rows)).readings()
    if complete:
        assert _brute(pieces, rows) == sorted(readings)
    else:
        assert len(readings) > MAX_READINGS


CORPUS = SHARED / "corpus"
_T3 = ("natural_person", "commercial", "research", "public_interest", "legal_services", "other", "total")


@pytest.mark.skipif(not (CORPUS / "index.jsonl").is_file(), reason="shared/corpus not beside the checkout")
@pytest.mark.parametrize("entry", ["002", "003", "004", "005", "006"])
def test_corpus_crawler_pages(entry: str) -> None:
    """The crawler pages of the corpus: every cell as read by hand, the ambiguous ones blank.

    The count and amount of 政府集中采购 run together (13575394432.52元) are left blank too: no rule of the
    format splits them.
    """
    expected = json.loads((CORPUS / "expected" / f"{entry}.json").read_text(encoding="utf-8"))
    back = gr.read(CORPUS / "raw" / f"{entry}.txt")
    unsure = {tuple(k.split(" > ")[1:]) for k in expected.get("ambiguous", {})} | {
        ("政府集中采购", "采购项目数量"),
        ("政府集中采购", "采购总金额"),
    }
    for key, value in expected["table2"].items():
        _, row, column = key.split(" > ")
        want = Decimal(str(value)) if isinstance(value, float) else value
        got = back.cell("二", row, column)
        assert got in ({None, want} if (row, column) in unsure else {want}), key
    for key, values in expected["table3"].items():
        row = next(r for r in back.spec.tables_by_key["三"].rows if " > ".join(r.labels) == key)
        assert values == [getattr(getattr(back.table3, row.key), c) for c in _T3], key
    assert expected["table4"] == list(back.table4.cells)
    assert (expected["year"], expected["format"]) == (back.meta.year, back.format)
