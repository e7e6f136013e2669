"""Markdown, HTML and Word renderings: official shape, every value, inert text."""

from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import given

import govinfo_report as gr
from govinfo_report.layout import table_grid
from govinfo_report.render import escape_markdown, to_docx, to_html, to_markdown
from tests.conftest import EXAMPLES, ROOT
from tests.render.htmlgrid import occupancy, parse
from tests.strategies import any_reports

GOLDEN = ROOT / "tests" / "golden"
SAMPLE = gr.read(EXAMPLES / "sample-2021" / "report.json")
SHANGHAI = gr.read(EXAMPLES / "shanghai-2019" / "report.json")


def docx_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read("word/document.xml").decode("utf-8")


GOLDEN_FILES = {
    "sample-2021.md": lambda: to_markdown(SAMPLE),
    "sample-2021.html": lambda: to_html(SAMPLE),
    "shanghai-2019.html": lambda: to_html(SHANGHAI),
    "blank-2021.md": lambda: to_markdown(gr.blank_report("2021")),
    "blank-2019.html": lambda: to_html(gr.blank_report("2019")),
    "sample-2021.document.xml": lambda: docx_xml(to_docx(SAMPLE)),
}


@pytest.mark.parametrize("name", sorted(GOLDEN_FILES))
def test_golden(name: str) -> None:
    """Renderings equal the checked-in golden files (GOLDEN_UPDATE=1 rewrites them)."""
    got = GOLDEN_FILES[name]()
    path = GOLDEN / name
    if os.environ.get("GOLDEN_UPDATE") == "1":
        path.write_text(got, encoding="utf-8")
    assert path.read_text("utf-8") == got


def rows_of(html: str, index: int) -> list[list[tuple[str, str, int, int, str | None]]]:
    return parse(html).tables[index]


def spans(row: list[tuple[str, str, int, int, str | None]]) -> list[tuple[str, int, int]]:
    return [(text, rs, cs) for tag, text, rs, cs, _ in row if tag == "th"]


NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


class TestOfficialShape:
    """The HTML parsed back gives the spans format-spec.md prescribes."""

    @pytest.mark.parametrize(("fmt", "results_span"), [("2021", 22), ("2019", 20)])
    def test_table3(self, fmt: str, results_span: int) -> None:
        rows = rows_of(to_html(gr.blank_report(fmt)), 1)
        assert [(NOTE, 3, 3), ("申请人情况", 1, 7)] == spans(rows[0])
        assert [("自然人", 2, 1), ("法人或其他组织", 1, 5), ("总计", 2, 1)] == spans(rows[1])
        assert [(x, 1, 1) for x in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")] == spans(rows[2])
        assert [("一、本年新收政府信息公开申请数量", 1, 3)] == spans(rows[3])
        assert [("三、本年度办理结果", results_span, 1), ("（一）予以公开", 1, 2)] == spans(rows[5])
        groups = {t: rs for r in rows for t, rs, _ in spans(r) if t.startswith("（")}
        assert (8, 3, 5) == (groups["（三）不予公开"], groups["（四）无法提供"], groups["（五）不予处理"])
        other = [s for r in rows for s in spans(r) if s[0] == "（六）其他处理"]
        assert [("（六）其他处理", 3, 1)] == other if fmt == "2021" else [("（六）其他处理", 1, 2)] == other
        assert [("四、结转下年度继续办理", 1, 3)] == spans(rows[-1])
        assert set(occupancy(rows)) == {10}
        assert 25 + (0 if fmt == "2021" else -2) == sum(1 for r in rows if any(c[4] for c in r))

    @pytest.mark.parametrize("fmt", ["2019", "2021"])
    def test_table4(self, fmt: str) -> None:
        rows = rows_of(to_html(gr.blank_report(fmt)), 2)
        assert [("行政复议", 1, 5), ("行政诉讼", 1, 10)] == spans(rows[0])
        outcomes = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
        assert [(x, 2, 1) for x in outcomes] + [("未经复议直接起诉", 1, 5), ("复议后起诉", 1, 5)] == spans(rows[1])
        assert [(x, 1, 1) for x in outcomes * 2] == spans(rows[2])
        assert 15 == len(rows[3])
        assert set(occupancy(rows)) == {15}

    def test_table2_2021(self) -> None:
        rows = rows_of(to_html(gr.blank_report("2021")), 0)
        assert set(occupancy(rows)) == {4}
        captions = [spans(r)[0] for r in rows if len(r) == 1]
        assert [(f"第二十条第（{n}）项", 1, 4) for n in "一五六八"] == captions
        assert [("信息内容", 1, 1), ("本年处理决定数量", 1, 3)] == spans(rows[5])
        assert 10 == sum(1 for r in rows for c in r if c[4])

    def test_table2_2019(self) -> None:
        rows = rows_of(to_html(gr.blank_report("2019")), 0)
        assert set(occupancy(rows)) == {7}
        assert [("信息内容", 1, 1), ("采购项目数量", 1, 3), ("采购总金额", 1, 3)] == spans(rows[-2])
        assert 22 == sum(1 for r in rows for c in r if c[4])


class TestEveryValue:
    @pytest.mark.parametrize("report", [SAMPLE, SHANGHAI], ids=["sample-2021", "shanghai-2019"])
    def test_html_cells_hold_the_values(self, report: gr.AnnualReport) -> None:
        """Each data cell carries its pointer and shows its value, in declaration order."""
        cells = [c for t in parse(to_html(report)).tables for r in t for c in r if c[4]]
        expected = [
            (c.pointer, "" if v is None else format(v, "f") if not isinstance(v, int) else str(v))
            for c, v in report.iter_cells()
        ]
        assert expected == [(c[4], c[1]) for c in cells]

    def test_markdown_holds_text_and_tables(self) -> None:
        """The Markdown has the title, the six headings in order and all three tables."""
        md = to_markdown(SAMPLE)
        assert md.startswith("# 示例县人民政府2021年政府信息公开工作年度报告\n")
        headings = re.findall(r"^## (.+)$", md, flags=re.MULTILINE)
        assert [s.title for s in SAMPLE.spec.sections] == headings
        assert 3 == md.count("<table")
        assert "17.586" in md

    def test_docx_holds_every_value(self) -> None:
        """The Word tables hold every value, and the merges follow the grid."""
        xml = docx_xml(to_docx(SAMPLE))
        assert 3 == xml.count("<w:tbl>")
        texts = re.findall(r"<w:t[^>]*>([^<]*)</w:t>", xml)
        assert "17.586" in texts
        assert "示例县人民政府2021年政府信息公开工作年度报告" in texts
        grid = table_grid("2021", "table3")
        restarts = sum(1 for c in grid.cells() if c.rowspan > 1)
        spans_in_grid = sum(1 for c in grid.cells() if c.colspan > 1)
        tbl3 = xml.split("<w:tbl>")[2]
        assert restarts == tbl3.count('<w:vMerge w:val="restart"/>')
        assert spans_in_grid <= tbl3.count("<w:gridSpan ")

    def test_docx_page_setup(self) -> None:
        """A4 portrait with page numbers in the footer."""
        data = to_docx(SAMPLE)
        xml = docx_xml(data)
        assert '<w:pgSz w:w="11906" w:h="16838"/>' in xml or 'w:w="11906"' in xml
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            footers = [z.read(n).decode() for n in z.namelist() if n.startswith("word/footer")]
        assert any('w:instr="PAGE"' in f for f in footers)

    def test_docx_font_fallbacks(self) -> None:
        """仿宋, 宋体 and 黑体 are declared with their Latin names and the GB2312 character set."""
        with zipfile.ZipFile(io.BytesIO(to_docx(SAMPLE))) as z:
            fonts = z.read("word/fontTable.xml").decode("utf-8")
        for name, alt in (("仿宋", "FangSong"), ("宋体", "SimSun"), ("黑体", "SimHei")):
            assert f'<w:font w:name="{name}"><w:altName w:val="{alt}"/>' in fonts
        assert 3 == fonts.count('<w:charset w:val="86"/>')


HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(2)"> [x](javascript:alert(3)) *b* # h'


class TestInertText:
    def hostile(self) -> gr.AnnualReport:
        r = SAMPLE.with_values({"/table3/granted/natural_person": None})
        return gr.AnnualReport(
            format=r.format,
            meta=gr.ReportMeta(agency=HOSTILE, year=2021),
            general_situation=HOSTILE,
            table2=r.table2,
            table3=r.table3,
            table4=r.table4,
            problems=HOSTILE,
            other_matters=HOSTILE,
            raw={"/table3/granted/natural_person": "<b onmouseover=alert(4)>"},
        )

    def test_html(self) -> None:
        """Report text cannot add elements or attributes to the page."""
        page = parse(to_html(self.hostile()))
        assert not {"script", "img", "b"} & set(page.tags)
        assert not [a for a, _ in page.attributes if a.startswith("on")]

    def test_markdown(self) -> None:
        """In Markdown the same text is escaped: no raw HTML, no link, no emphasis."""
        md = to_markdown(self.hostile())
        assert "<script" not in md
        assert "<img" not in md
        assert "<b " not in md
        assert "\\[x\\](javascript:alert(3))" in md
        assert "\\*b\\*" in md

    def test_docx(self) -> None:
        """In Word it is plain text."""
        xml = docx_xml(to_docx(self.hostile()))
        assert "&lt;script&gt;" in xml
        assert "<script" not in xml

    @pytest.mark.parametrize(("text", "expected"), [("1. 第一", "1\\. 第一"), ("- x", "\\- x"), ("a_b", "a\\_b")])
    def test_escape_markdown(self, text: str, expected: str) -> None:
        """Line starts that would make lists, and emphasis markers, are escaped."""
        assert expected == escape_markdown(text)


@pytest.mark.filterwarnings("ignore::govinfo_report.LossyWriteWarning")  # said of control characters
@given(any_reports())
def test_any_report_renders(report: gr.AnnualReport) -> None:
    """Every report renders in all three kinds, control characters and all."""
    html = to_html(report)
    cells = [c for t in parse(html).tables for r in t for c in r if c[4]]
    assert len(report.spec.cells) == len(cells)
    assert to_markdown(report)
    assert docx_xml(to_docx(report))


def test_cli_writes_each_kind(tmp_path: Path) -> None:
    """template and convert write .md, .html and .docx by extension."""
    from govinfo_report.cli import run

    for name in ("blank.md", "blank.html", "blank.docx"):
        assert 0 == run(["template", "-o", str(tmp_path / name)], io.StringIO(), io.StringIO())
    assert 0 == run(
        ["convert", str(EXAMPLES / "sample-2021" / "report.csv"), "-o", str(tmp_path / "r.docx")],
        io.StringIO(),
        io.StringIO(),
    )
    assert zipfile.is_zipfile(tmp_path / "r.docx")
    assert (tmp_path / "blank.md").read_text("utf-8").startswith("# ")


@pytest.mark.parametrize("format_id", ["2019", "2021"])
@pytest.mark.parametrize("table", ["table2", "table3", "table4"])
def test_short_header_words_are_not_broken(format_id: str, table: str) -> None:
    """A one-word header (自然人) gets a Word column wide enough for it on one line; the columns still fill the page."""
    from govinfo_report.layout import CELL_MARGIN_CM, TABLE_PT, TEXT_WIDTH_CM, table_grid

    grid = table_grid(format_id, table)
    widths = grid.column_widths()
    assert sum(widths) == pytest.approx(TEXT_WIDTH_CM)
    em = TABLE_PT[table] * 2.54 / 72
    for c in grid.cells():
        if c.role == "header" and c.colspan == 1 and len(c.text) <= 3:
            assert widths[c.col] > len(c.text) * em + 2 * CELL_MARGIN_CM, (c.text, widths[c.col])
