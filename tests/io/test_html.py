"""The HTML reader on lxml: Word-generated portal markup, encodings, hostile input, and the real corpus pages."""

from __future__ import annotations

import csv
import io
import json
import re
import time
from decimal import Decimal, InvalidOperation
from typing import Any

import pytest

import govinfo_report as gr
from govinfo_report.importers._html import MAX_HTML_BYTES, MAX_SPAN, _grid, _page, read_html
from tests.conftest import EXAMPLES, SHARED

REPORTS = {name: gr.read(EXAMPLES / name / "report.json") for name in ("sample-2021", "shanghai-2019")}
TEXTS = ("general_situation", "problems", "other_matters")
FAST = 2.0
"""Seconds within which hostile input must be read or refused (it takes milliseconds; CI machines are slow)."""


def same_report(report: gr.AnnualReport, back: gr.AnnualReport) -> None:
    assert report.values() == back.values()
    assert [getattr(report, k) for k in TEXTS] == [getattr(back, k) for k in TEXTS]
    assert (report.meta.agency, report.meta.year, report.meta.published) == (
        back.meta.agency,
        back.meta.year,
        back.meta.published,
    )


def _word_cell(m: re.Match[str]) -> str:
    """A table cell as Word writes it: paragraphs of runs, the text split over two runs, blanks as <o:p>."""
    tag, attrs, text = m.group(1), m.group(2), m.group(3)
    style = " style='border:solid windowtext 1.0pt;mso-border-alt:solid windowtext .5pt'"
    if not text:
        return f"<{tag}{attrs}{style}><p class=MsoNormal align=center><span lang=EN-US><o:p>&nbsp;</o:p></span></p></{tag}>"
    half = len(text) // 2
    return (
        f"<{tag}{attrs}{style}><p class=MsoNormal align=center><span lang=EN-US style='font-size:10.5pt'>"
        f"{text[:half]}</span><span style='font-family:宋体;mso-bidi-font-family:宋体'>{text[half:]}<o:p></o:p>"
        f"</span></p></{tag}>"
    )


def _word_heading(m: re.Match[str]) -> str:
    text = m.group(1)
    return (
        f"<p class=MsoNormal style='text-indent:32.0pt'><b><span style='font-family:黑体'>{text[:2]}</span></b>"
        f"<b><span style='font-family:黑体'>{text[2:]}<o:p></o:p></span></b></p>"
    )


def word_portal_page(report: gr.AnnualReport) -> str:
    """Our page as a portal serves a report pasted from Word: Office namespaces, conditional comments, an XML
    island, runs and <o:p>, headings split over runs, inside a portal layout table with navigation, a metadata
    table, share buttons, a script that prints table markup, and a footer."""
    body = gr.to_html(report, standalone=False)
    body = re.sub(r"<(td|th)([^>]*)>([^<]*)</\1>", _word_cell, body)
    body = re.sub(r"<h2>([^<]*)</h2>", _word_heading, body)
    body = body.replace("<p>", "<p class=MsoNormal style='text-indent:2em'><![if !supportLists]><![endif]>")
    title = f"{report.meta.agency}{report.meta.year}年政府信息公开工作年度报告"
    published = report.meta.published.isoformat() if report.meta.published else ""
    return f"""<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word" xmlns="http://www.w3.org/TR/REC-html40">
<head><meta http-equiv=Content-Type content="text/html; charset=utf-8">
<title>{title}_政府信息公开年报_门户网站</title>
<!--[if gte mso 9]><xml><o:DocumentProperties><o:Author>办公室</o:Author></o:DocumentProperties></xml><![endif]-->
<style><!-- /* Font Definitions */ @font-face {{font-family:宋体;}} p.MsoNormal {{margin:0cm;}} --></style>
<script>document.write("<table><tr><td>第二十条第（一）项</td></tr></table>");</script>
</head>
<body lang=ZH-CN>
<table class="layout" width="100%"><tr><td>
  <ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>
  <li><a href="/zwgk/nb/">政府信息公开年报</a></li></ul>
  <div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a></div>
</td></tr>
<tr><td>
  <table class="meta"><tr><td>索引号：</td><td>000014349/2022-00012</td><td>发布机构：</td><td>{report.meta.agency}</td></tr>
  <tr><td>发布日期：{published}</td><td>主题分类：</td><td>政务公开</td><td></td></tr></table>
</td></tr>
<tr><td class="content">
<div class=WordSection1>
<p class=MsoNormal align=center><b><span style='font-size:22.0pt'>{title[:6]}</span></b><b><span
style='font-size:22.0pt'>{title[6:]}<o:p></o:p></span></b></p>
{body}
</div>
</td></tr>
<tr><td><div class="share">分享到：<a href="#">微信</a><a href="#">微博</a></div>
<div class="tools"><a href="javascript:window.print()">打印本页</a> <a href="#">关闭窗口</a></div></td></tr>
</table>
<div class="footer">版权所有：某某人民政府办公室 主办：某某人民政府办公室 ICP备05004361号</div>
</body></html>"""


class TestWordMarkup:
    @pytest.mark.parametrize("name", sorted(REPORTS))
    def test_word_portal_page(self, name: str) -> None:
        """Labels split over runs and paragraphs, <o:p>&nbsp;</o:p> blanks, conditional comments, navigation,
        a metadata table and share buttons: every value, the text sections, agency, year and date."""
        report = REPORTS[name]
        same_report(report, read_html(word_portal_page(report)))

    def test_label_over_paragraphs(self) -> None:
        """A label written in two paragraphs of one cell is one label (本年新 / 制作数量)."""
        report = REPORTS["shanghai-2019"]
        html = gr.to_html(report).replace(">本年新制作数量<", "><p>本年新</p><p><span>制作</span>数量</p><")
        assert report.values() == read_html(html).values()

    def test_empty_office_paragraph_is_blank(self) -> None:
        """A cell holding only <o:p></o:p> is blank, not zero or text."""
        report = REPORTS["sample-2021"]
        html = gr.to_html(report).replace(
            'data-cell="/table2/licensing/decisions">1286<', 'data-cell="/table2/licensing/decisions"><o:p></o:p><'
        )
        back = read_html(html)
        assert back.table2.licensing.decisions is None  # type: ignore[attr-defined]
        assert "/table2/licensing/decisions" not in back.raw

    def test_line_break_in_a_cell(self) -> None:
        """<br> in a cell keeps a line break in its text; the label still matches."""
        _, items, _ = _page("<table><tr><td>商业<br>企业</td><td>1<br/></td></tr></table>")
        grids = [i for i in items if not isinstance(i, str)]
        assert ["商业\n企业", "1"] == [grids[0].text(1, 1), grids[0].text(1, 2)]

    def test_text_blocks(self) -> None:
        """Block elements split the text, inline ones do not; scripts, styles and the title are not page text."""
        title, items, _ = _page(
            "<title>标题</title><style>p {}</style><p>一、<b>总体</b><span>情况</span></p><div>正文<br>第二行</div>"
            "<script>var x = '<p>不是正文</p>';</script><ul><li>甲</li><li>乙</li></ul>"
        )
        assert "标题" == title
        assert ["一、总体情况", "正文", "第二行", "甲", "乙"] == items

    def test_nested_layout_tables(self) -> None:
        """A report table nested in a layout table: the layout cell's own text is a paragraph of the page, the
        nested table is a grid of its own, and the layout table's cells leave the nested table's text out."""
        _, items, _ = _page(
            "<table><tr><td><p>二、主动公开政府信息情况</p><table><tr><td>第二十条第（一）项</td></tr>"
            "<tr><td>信息内容</td></tr></table><p>说明</p></td></tr></table>"
        )
        texts = [i for i in items if isinstance(i, str)]
        grids = [i for i in items if not isinstance(i, str)]
        assert ["二、主动公开政府信息情况", "说明"] == texts
        assert ["第二十条第（一）项", "信息内容"] == [grids[0].text(1, 1), grids[0].text(2, 1)]
        assert "二、主动公开政府信息情况说明" == grids[1].text(1, 1)


class TestEncodings:
    def test_gbk_by_meta_charset(self) -> None:
        report = REPORTS["sample-2021"]
        page = gr.to_html(report).replace('<meta charset="utf-8">', '<meta charset="gbk">')
        same_report(report, read_html(page.encode("gbk")))

    def test_gb18030_without_charset(self) -> None:
        report = REPORTS["sample-2021"]
        page = gr.to_html(report).replace('<meta charset="utf-8">', "")
        same_report(report, read_html(page.encode("gb18030")))

    @pytest.mark.parametrize("encoding", ["utf-8", "gb2312"])
    def test_xml_declaration(self, encoding: str) -> None:
        """An XHTML page's XML declaration names an encoding; decoded text reads whatever it says."""
        report = REPORTS["sample-2021"]
        page = f'<?xml version="1.0" encoding="{encoding}"?>\n' + gr.to_html(report)
        same_report(report, read_html(page))
        same_report(report, read_html(page.encode(encoding if encoding == "utf-8" else "gb18030")))

    def test_byte_order_mark(self) -> None:
        report = REPORTS["sample-2021"]
        same_report(report, read_html(b"\xef\xbb\xbf" + gr.to_html(report).encode()))

    def test_markers_in_the_text(self) -> None:
        """The noncharacters the reader uses as separators are taken out of the input first."""
        report = REPORTS["sample-2021"]
        page = gr.to_html(report).replace("<h1>", "<h1>\ufdd0\ufdd1\ufdd2")
        same_report(report, read_html(page))


class TestHostile:
    def test_size_limit(self) -> None:
        with pytest.raises(gr.ReadError, match="limit"):
            read_html(b" " * (MAX_HTML_BYTES + 1))

    def test_span_is_clamped(self) -> None:
        """colspan=100000000 takes MAX_SPAN columns at most and allocates nothing for them."""
        from lxml import etree

        table = etree.fromstring('<table><tr><td colspan="100000000" rowspan="7px">x</td></tr></table>')
        grid = _grid(table)
        assert grid is not None
        assert (1, 1, 1, MAX_SPAN) == grid.merges[(1, 1)]  # rowspan 7 ends with the table's one row

    def test_span_bomb(self) -> None:
        """A table of huge row and column spans beside the report is refused quickly; the report still reads."""
        report = REPORTS["sample-2021"]
        bomb = "<table>" + '<tr><td rowspan="100000000" colspan="100000000">x</td></tr>' * 500 + "</table>"
        bomb += (
            "<table><tr>" + '<td rowspan="1000" colspan="1000">x</td>' * 2000 + "</tr>" + "<tr><td>y</td></tr>" * 1000
        )
        page = gr.to_html(report).replace("<body>", "<body>" + bomb + "</table>")
        start = time.perf_counter()
        back = read_html(page)
        assert time.perf_counter() - start < FAST
        same_report(report, back)

    @pytest.mark.parametrize(
        "page",
        [
            "<!--" * (256 * 1024),
            "<div>" * (200 * 1024),
            "<table>" * (150 * 1024),
            "<table><tr>" + "<td>" * (200 * 1024),
            "<span><b><i>" * (100 * 1024),
            "<p" * (512 * 1024),
            '<a href="' + "x" * (1024 * 1024),
            "<" * (1024 * 1024),
        ],
        ids=["comments", "divs", "tables", "cells", "inline", "tag-starts", "attribute", "less-than"],
    )
    def test_megabyte_of_unclosed_markup(self, page: str) -> None:
        """A megabyte of unclosed comments or tags is refused or read within milliseconds: one clear error."""
        start = time.perf_counter()
        with pytest.raises(gr.ReadError):
            read_html(page)
        assert time.perf_counter() - start < FAST

    def test_unclosed_comment_hides_the_rest(self) -> None:
        """An unclosed comment runs to the end of the page, as browsers read it: what came before is read."""
        report = REPORTS["sample-2021"]
        head, _, rest = gr.to_html(report).partition('<section class="gir-section" id="gir-table3">')
        back = read_html(head + "<!--" + rest)
        assert report.table2 == back.table2
        assert all(v is None for v in (*back.table3.cells, *back.table4.cells))

    def test_too_deep(self) -> None:
        """Nesting deeper than the parser's limit is refused, not read short."""
        page = "<span>" * 300 + gr.to_html(REPORTS["sample-2021"])
        with pytest.raises(gr.ReadError, match="could not be read whole"):
            read_html(page)

    def test_entities_are_not_expanded_from_a_dtd(self) -> None:
        """An internal DTD subset defines nothing: its entities stay unread (no billion laughs)."""
        report = REPORTS["sample-2021"]
        dtd = '<!DOCTYPE html [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        page = dtd + gr.to_html(report).replace("<!DOCTYPE html>", "").replace("<h1>", "<h1>&b;")
        start = time.perf_counter()
        back = read_html(page)
        assert time.perf_counter() - start < FAST
        assert report.values() == back.values()


# -- the real pages of the corpus -----------------------------------------------------------------------

CORPUS = SHARED / "corpus"
J = " / "
T3_COLUMNS = [
    "自然人",
    *(f"法人或其他组织{J}{c}" for c in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")),
    "总计",
]
T4_COLUMNS = [f"行政复议{J}{o}" for o in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")] + [
    f"行政诉讼{J}{g}{J}{o}"
    for g in ("未经复议直接起诉", "复议后起诉")
    for o in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
]


def expected_cells(expected: dict[str, Any]) -> dict[tuple[str, str, str], str]:
    """The hand-read values of a corpus entry, keyed as the label CSV keys them."""
    out: dict[tuple[str, str, str], object] = {}
    for key, value in expected["table2"].items():
        item, row, column = (p.strip() for p in key.split(" > "))
        out[("二", item + J + row, column)] = value
    for key, values in expected["table3"].items():
        row = J.join(p.strip() for p in key.split(" > "))
        out.update({("三", row, c): v for c, v in zip(T3_COLUMNS, values, strict=True)})
    out.update({("四", "", c): v for c, v in zip(T4_COLUMNS, expected["table4"], strict=True)})
    return {k: number(v) for k, v in out.items()}


def number(value: object) -> str:
    """A cell as the corpus scorer compares it: blank as '', numbers in their plain normal form."""
    text = "" if value is None else str(value).strip().replace(",", "")
    try:
        return format(Decimal(text).normalize(), "f")
    except InvalidOperation:
        return text


@pytest.mark.skipif(not CORPUS.is_dir(), reason="shared/corpus not beside the checkout")
@pytest.mark.parametrize("entry", ["001", "024", "025", "012"])
def test_corpus_entry_reads_exactly(entry: str) -> None:
    """The corpus's HTML pages (and its Word template, which shares the grid reader) read to every hand-read
    cell (read with the public API and compared through the label CSV, as the corpus scorer does)."""
    raw = next(CORPUS.glob(f"raw/{entry}.*"))
    want = expected_cells(json.loads((CORPUS / "expected" / f"{entry}.json").read_text(encoding="utf-8")))
    rows = csv.DictReader(io.StringIO(gr.dumps(gr.read(raw), "csv").decode("utf-8-sig")))
    got = {(r["table"], r["row"], r["column"]): number(r["value"]) for r in rows}
    assert {} == {k: (v, got.get(k)) for k, v in want.items() if got.get(k) != v}


def test_value_row_shifted_against_its_header() -> None:
    """A header over one column and the next over three, while the values below span two each (as pasted from
    Word): each value is read under the header whose range it starts in, not left blank."""
    report = (
        REPORTS["shanghai-2019"]
        .with_cell("二", "行政许可", "上一年项目数量", 3)
        .with_cell("二", "行政许可", "本年增/减", -2)
        .with_cell("二", "行政许可", "处理决定数量", 5)
    )
    html = gr.to_html(report)
    head, caption, rest = html.partition("第二十条第（五）项")
    shifted = rest.replace(
        '<th class="gir-header" colspan="2" scope="col">上一年项目数量</th>'
        '<th class="gir-header" colspan="2" scope="col">本年增/减</th>',
        '<th class="gir-header" scope="col">上一年项目数量</th><th class="gir-header" colspan="3" scope="col">本年增/减</th>',
        1,
    )
    assert shifted != rest
    back = read_html(head + caption + shifted)
    licensing = back.table2.licensing  # type: ignore[attr-defined]
    assert (3, -2, 5) == (licensing.previous_items, licensing.change, licensing.decisions)
    assert report.values() == back.values()
