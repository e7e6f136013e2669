"""Importing published reports: HTML pages and Markdown (groundwork for the import issue)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import govinfo_report as gr
from govinfo_report.importers._html import read_html
from govinfo_report.importers._markdown import read_markdown
from tests.conftest import EXAMPLES, FIXTURES
from tests.io.test_html import same_report

REPORTS = {name: gr.read(EXAMPLES / name / "report.json") for name in ("sample-2021", "shanghai-2019")}
TEXTS = ("general_situation", "problems", "other_matters")


@pytest.mark.parametrize("name", sorted(REPORTS))
@pytest.mark.parametrize("render", [gr.to_html, gr.to_markdown], ids=["html", "markdown"])
def test_own_renderings_read_back(name: str, render: object) -> None:
    """What we publish reads back: every cell, the text sections, agency, year and publication date."""
    report = REPORTS[name]
    text = render(report)  # type: ignore[operator]
    back = read_html(text) if render is gr.to_html else read_markdown(text)
    same_report(report, back)


def test_portal_page_with_deviations() -> None:
    """A GB2312 portal page: layout table, navigation, scripts, 二 split per sub-table, half-width brackets,
    1、 numbering, line breaks in labels, &nbsp; blanks, 251000元, an Art. 50 heading, a footer."""
    report = REPORTS["shanghai-2019"]
    back = gr.read(FIXTURES / "import" / "portal-shanghai-2019.html")
    assert "2019" == back.format
    assert report.values() == back.values()
    assert [getattr(report, k) for k in TEXTS] == [getattr(back, k) for k in TEXTS]
    assert ("上海市人民政府办公厅", 2019) == (back.meta.agency, back.meta.year)
    assert back.sources["/table3/granted/natural_person"].startswith("表三 第")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("251000元", "251000"), ("25.1万元", "251000"), ("12件", None)],
)
def test_units_in_cells(text: str, expected: str | None) -> None:
    """A unit in an amount cell is converted to the column's unit; a count unit is not an amount."""
    html = gr.to_html(REPORTS["shanghai-2019"]).replace(">251000<", f">{text}<")
    back = read_html(html)
    amount = back.table2.procurement.amount  # type: ignore[attr-defined]
    assert expected == (None if amount is None else format(amount, "f"))


def test_count_with_unit() -> None:
    """12件 in a count cell of a published page is 12."""
    html = gr.to_html(REPORTS["sample-2021"]).replace(
        'data-cell="/table2/licensing/decisions">1286<', 'data-cell="/table2/licensing/decisions">1286件<'
    )
    assert 1286 == read_html(html).table2.licensing.decisions  # type: ignore[attr-defined]


def test_not_a_report_page() -> None:
    """A page without any report table is one clear error."""
    with pytest.raises(gr.ReadError, match="no table of an annual report"):
        read_html("<html><body><p>政务公开</p><table><tr><td>1</td></tr></table></body></html>")


def test_missing_table_reads_blank() -> None:
    """A page with table 四 missing still returns what was read; validation reports the blank cells."""
    html = gr.to_html(REPORTS["sample-2021"])
    start = html.index('<table class="gir-table gir-table4">')
    end = html.index("</table>", start) + len("</table>")
    back = read_html(html[:start] + html[end:])
    assert back.table3 == REPORTS["sample-2021"].table3
    assert all(v is None for v in back.table4.cells)
    assert 15 == sum(1 for f in gr.validate(back) if f.code == "cell-empty" and f.path.startswith("/table4"))


class TestText:
    def test_cell_per_line(self) -> None:
        """Text copied from a page, one cell per line, reads to every value and the text sections."""
        report = REPORTS["sample-2021"]
        back = gr.read(FIXTURES / "import" / "sample-2021-cell-per-line.txt")
        assert report.values() == back.values()
        assert [getattr(report, k) for k in TEXTS] == [getattr(back, k) for k in TEXTS]
        assert ("示例县人民政府", 2021) == (back.meta.agency, back.meta.year)
        assert back.sources["/table3/granted/total"].startswith("line ")

    def test_run_together(self) -> None:
        """Rows flattened without separators are split by the table's own totals and identities; the one
        ambiguous row (6241 over three columns without a total) is left blank and reported, with its text."""
        report = REPORTS["sample-2021"]
        back = gr.read(FIXTURES / "import" / "sample-2021-run-together.txt")
        wrong = {c.pointer for (c, a), (_, b) in zip(back.iter_cells(), report.iter_cells(), strict=True) if a != b}
        assert {f"/table2/normative_documents/{k}" for k in ("issued", "repealed", "in_force")} == wrong
        assert all(
            back.cell("二", "行政规范性文件", k) is None for k in ("本年制发件数", "本年废止件数", "现行有效件数")
        )
        assert "/table2/normative_documents/issued" not in back.raw  # blank: the printed text is in the note
        assert back.provenance is not None
        (note,) = back.provenance.notes
        assert "6241" in note.detail
        assert note.source is not None
        assert note.source.startswith("line ")
        errors = gr.validate(back).errors
        assert {"import-incomplete"} == {f.code for f in errors}
        (incomplete,) = (f for f in errors if f.code == "import-incomplete")
        assert "/table2/normative_documents" == incomplete.path
        assert "6241" in incomplete.message()

    @pytest.mark.parametrize(
        ("digits", "expected"),
        [("374012044", [37, 4, 0, 1, 2, 0, 44]), ("3100004", [3, 1, 0, 0, 0, 0, 4]), ("0000000", [0] * 7)],
    )
    def test_row_total_decides(self, digits: str, expected: list[int]) -> None:
        """A row's digits are split in the one way its 总计 allows."""
        from govinfo_report.importers._text import _run_together

        row = gr.get_format("2021").tables_by_key["三"].rows[0]
        assert expected == _run_together(digits, row)

    def test_ambiguous_split(self) -> None:
        """182011022 reads as 18+2+0+1+1+0=22 or 1+8+2+0+11+0=22: the row alone cannot tell."""
        from govinfo_report.importers._text import _run_together

        row = gr.get_format("2021").tables_by_key["三"].rows[2]
        assert _run_together("182011022", row) is None

    def test_not_a_report(self) -> None:
        """Text that holds no report is one clear error."""
        from govinfo_report.importers._text import read_text

        with pytest.raises(gr.ReadError, match="no annual report"):
            read_text("政府信息公开指南\n第一章 总则\n")


def test_cli_reads_every_kind_by_content(tmp_path: object) -> None:
    """convert and validate take HTML, Markdown and text directly."""
    import io

    from govinfo_report.cli import run

    out, err = io.StringIO(), io.StringIO()
    tmp = Path(str(tmp_path))
    for name, text in (
        ("r.html", gr.to_html(REPORTS["sample-2021"])),
        ("r.md", gr.to_markdown(REPORTS["sample-2021"])),
    ):
        (tmp / name).write_text(text, encoding="utf-8")
        assert 0 == run(["convert", str(tmp / name), "-o", str(tmp / (name + ".json"))], out, err)
    assert 0 == run(["validate", str(FIXTURES / "import" / "sample-2021-cell-per-line.txt")], out, err)
    assert 0 == run(["validate", str(FIXTURES / "import" / "portal-shanghai-2019.html"), "--skip", "cells"], out, err)


def with_document(data: bytes, change: Callable[[bytes], bytes]) -> bytes:
    """A .docx with its ``word/document.xml`` changed; every other part as it was."""
    import io
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for info in src.infolist():
            part = src.read(info)
            z.writestr(info, change(part) if info.filename == "word/document.xml" else part)
    return buf.getvalue()


class TestDocx:
    @pytest.mark.parametrize("name", sorted(REPORTS))
    def test_own_word_files(self, name: str) -> None:
        """Our .docx reads back: merged cells (gridSpan, vMerge), every value, the text sections."""
        report = REPORTS[name]
        back = gr.loads(gr.to_docx(report))
        assert report.values() == back.values()
        assert [getattr(report, k) for k in TEXTS] == [getattr(back, k) for k in TEXTS]
        assert (report.meta.agency, report.meta.year) == (back.meta.agency, back.meta.year)

    @pytest.mark.parametrize("name", sorted(REPORTS))
    @pytest.mark.parametrize("at", [6, 10, 18])
    def test_a_table_split_at_a_page_break(self, name: str, at: int) -> None:
        """Table 三 split into two tables (Word's 拆分表格 at a page break), merged cells continued into the second:
        every value reads (was: the rows of the second table lost, up to 154 cells)."""
        import copy

        from lxml import etree

        w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
        report = REPORTS[name]

        def split(document: bytes) -> bytes:
            root = etree.fromstring(document)
            table = next(t for t in root.iter(f"{w}tbl") if "本年新收" in "".join(t.itertext()))
            second = etree.Element(f"{w}tbl")
            second.extend(copy.deepcopy(c) for c in table if c.tag in (f"{w}tblPr", f"{w}tblGrid"))
            second.extend(table.findall(f"{w}tr")[at:])
            table.addnext(etree.Element(f"{w}p"))
            table.getnext().addnext(second)
            return etree.tostring(root)

        back = gr.loads(with_document(gr.to_docx(report), split))
        assert report.values() == back.values()

    @pytest.mark.parametrize("name", sorted(REPORTS))
    @pytest.mark.parametrize("frame", ["each table", "the whole body", "600 deep"])
    def test_content_in_layout_tables(self, name: str, frame: str) -> None:
        """Tables inside the cells of a layout table (a page's frame, content converted from a web page) read as
        if the frame were not there (was: every cell lost, or no report found)."""
        from lxml import etree

        w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

        def framed(content: list[etree._Element]) -> etree._Element:
            outer = etree.Element(f"{w}tbl")
            cell = etree.SubElement(etree.SubElement(outer, f"{w}tr"), f"{w}tc")
            cell.extend(content)
            etree.SubElement(cell, f"{w}p")
            return outer

        def in_frames(document: bytes) -> bytes:
            root = etree.fromstring(document)
            body = root.find(f"{w}body")
            if frame == "each table":
                for table in body.findall(f"{w}tbl"):
                    table.addprevious(framed([]))
                    table.getprevious()[0][0].insert(0, table)
            else:
                content = [c for c in body if c.tag != f"{w}sectPr"]
                for _ in range(600 if frame == "600 deep" else 1):
                    content = [framed(content)]
                body.insert(0, content[0])
            return etree.tostring(root)

        report = REPORTS[name]
        back = gr.loads(with_document(gr.to_docx(report), in_frames))
        assert report.values() == back.values()
        assert [getattr(report, k) for k in TEXTS] == [getattr(back, k) for k in TEXTS]

    def test_saved_by_libreoffice(self) -> None:
        """The same document after LibreOffice opened and saved it (its own WordprocessingML) reads the same."""
        report = REPORTS["sample-2021"]
        back = gr.read(FIXTURES / "import" / "sample-2021-saved-by-libreoffice.docx")
        assert report.values() == back.values()
        assert [getattr(report, k) for k in TEXTS] == [getattr(back, k) for k in TEXTS]

    def test_not_a_report_document(self) -> None:
        """A Word file without report tables is one clear error."""
        from govinfo_report.importers._docx import read_docx

        data = gr.to_docx(REPORTS["sample-2021"])
        no_tables = with_document(data, lambda b: b.split(b"<w:tbl>")[0] + b"</w:body></w:document>")
        with pytest.raises(gr.ReadError, match="no table of an annual report"):
            read_docx(no_tables)

    @pytest.mark.parametrize(
        ("what", "pattern"),
        [
            ("cell", r"(<w:tc>.*?</w:tc>)"),
            ("row", r"(<w:tr>.*?</w:tr>)"),
            ("table", r"(<w:tbl>.*?</w:tbl>)"),
            ("paragraph", r"(<w:p>.*?</w:p>)"),
        ],
    )
    def test_content_controls_hold_content(self, what: str, pattern: str) -> None:
        """What a content control (``w:sdt``) or custom XML wraps is read as if it were not wrapped.

        Word templates for filling in put them around a cell, a row, a whole table or a paragraph.
        """
        import re

        from govinfo_report.importers._docx import read_docx

        report = REPORTS["sample-2021"]
        wrap = r'<w:sdt><w:sdtPr><w:alias w:val="x"/></w:sdtPr><w:sdtContent><w:customXml w:element="c">\1'
        wrap += "</w:customXml></w:sdtContent></w:sdt>"

        def wrapped(document: bytes) -> bytes:
            text, count = re.subn(pattern, wrap, document.decode(), flags=re.DOTALL)
            assert count > 0, what
            return text.encode()

        back = read_docx(with_document(gr.to_docx(report), wrapped))
        same_report(report, back)

    def test_content_controls_nested_deep(self) -> None:
        """Content controls nested 600 deep (1,200 elements) (beyond Python's recursion limit) around a table are read."""
        from govinfo_report.importers._docx import read_docx

        report = REPORTS["sample-2021"]
        depth = 600

        def nested(document: bytes) -> bytes:
            head, _, rest = document.partition(b"<w:tbl>")
            table, _, tail = rest.partition(b"</w:tbl>")
            opened = b"<w:sdt><w:sdtContent>" * depth
            closed = b"</w:sdtContent></w:sdt>" * depth
            return head + opened + b"<w:tbl>" + table + b"</w:tbl>" + closed + tail

        back = read_docx(with_document(gr.to_docx(report), nested))
        assert back.table2 == report.table2

    def test_comments_instructions_and_other_encodings(self) -> None:
        """Comments and processing instructions among the runs are not text; a UTF-16 document reads the same."""
        import io
        import zipfile

        from govinfo_report.importers._docx import read_docx

        report = REPORTS["sample-2021"]
        data = gr.to_docx(report)
        noisy = with_document(
            data, lambda b: b.replace(b"</w:t>", b"</w:t><!-- 12 --><?x 34?>").replace(b"</w:r>", b"<!--5--></w:r>")
        )
        part = zipfile.ZipFile(io.BytesIO(noisy)).read("word/document.xml")
        assert part.count(b"<!-- 12 -->") > 10
        utf16 = with_document(data, lambda b: b.decode().replace("UTF-8", "UTF-16", 1).encode("utf-16"))
        for document in (noisy, utf16):
            back = read_docx(document)
            same_report(report, back)


class TestPdf:
    def test_text_layer(self) -> None:
        """A PDF (made by LibreOffice from our Word file): labels wrapped over lines with the values between,
        group labels beside their items, spaces between Chinese and digits, page numbers; all read exactly."""
        report = REPORTS["sample-2021"]
        back = gr.read(FIXTURES / "import" / "sample-2021.pdf")
        assert report.values() == back.values()
        assert [getattr(report, k) for k in TEXTS] == [getattr(back, k) for k in TEXTS]
        assert ("示例县人民政府", 2021) == (back.meta.agency, back.meta.year)

    def test_blank_cells_keep_their_columns(self) -> None:
        """The real 2019 report as a PDF prints nothing in 135 blank cells: every value still lands in its
        column, placed under its column header by position, and the blanks read as blank."""
        report = REPORTS["shanghai-2019"]
        back = gr.read(FIXTURES / "import" / "shanghai-2019.pdf")
        assert report.values() == back.values()
        assert {} == dict(back.raw)

    @pytest.mark.parametrize(("data", "needle"), [(b"%PDF-1.4\n%broken", "cannot be read"), (b"hello", "not a PDF")])
    def test_unreadable(self, data: bytes, needle: str) -> None:
        """Broken or foreign files are one clear error."""
        from govinfo_report.importers._pdf import read_pdf

        with pytest.raises(gr.ReadError, match=needle):
            read_pdf(data)


def test_wrapped_label_with_stray_group_piece() -> None:
    """PDF text: 4.无正当理由大量反复 / 处理 0 0 0 0 0 0 0 / 申请 reads as the row 4.无正当理由大量反复申请."""
    from govinfo_report.importers._text import read_text

    text = (
        REPORTS["sample-2021"].spec.tables_by_key["三"].title + "\n"
        "（五）不予\n4.无正当理由大量反复\n处理 1 0 0 0 0 0 1\n申请\n"
    )
    back = read_text(text, format="2021")
    assert 1 == back.table3.not_processed_excessive.total  # type: ignore[attr-defined]


_LAYOUT_HEAD = (
    "三、收到和处理政府信息公开申请情况\n"
    "                         自然人 商业 科研 社会 法律 其他   总计\n"
    "一、本年新收政府信息公开申请数量           11    12    13    14    15    16    17\n"
)


@pytest.mark.parametrize(
    ("lines", "row", "values"),
    [
        (  # a top-aligned 总计 cell prints its value a line above the others' (LibreOffice's PDF of a template)
            (
                "      （二）部分公开（区分处理的，只计这一情                                            38\n"
                "                                32    33    34     35    36    37\n"
                "      形，不计其他情形）\n"
            ),
            "partially_granted",
            (32, 33, 34, 35, 36, 37, 38),
        ),
        (  # the values' line a little above the label's, a vertical group label's first character on it
            (
                "       7.属于行政执法案卷               0     0      0      0      0     0    0\n"
                "三                                      2     0      0      0      0     0    2\n"
                "       8.属于行政查询事项\n"
                "、\n"
                "       1.本机关不掌握相关政府信息           7     1      0      0      1     0    9\n"
            ),
            "withheld_administrative_query",
            (2, 0, 0, 0, 0, 0, 2),
        ),
        (  # the row's number on a line of its own between the lines of its label (Chromium's PDF)
            ("           补正后申请内容仍不 3\n          3.\n          明确               0   0   0   0   0   3\n"),
            "unavailable_unclear",
            (3, 0, 0, 0, 0, 0, 3),
        ),
        (  # the number on the line after the label, with the values
            ("       危及“三安全一稳定”\n      3.              4   0   0   0   0   0   4\n"),
            "withheld_security_stability",
            (4, 0, 0, 0, 0, 0, 4),
        ),
        (  # the group label's last line between the row's values
            ("（四）无法 2.没有现成信息需要另行制作 3\n提供                        0   0   0   0   0   3\n"),
            "unavailable_needs_creation",
            (3, 0, 0, 0, 0, 0, 3),
        ),
    ],
)
def test_text_laid_out_by_position(lines: str, row: str, values: tuple[int, ...]) -> None:
    """pdftotext -layout of PDFs printed by LibreOffice and Chromium: each row reads its values in order."""
    from govinfo_report.importers._text import read_text

    t3 = read_text(_LAYOUT_HEAD + lines, format="2021").table3  # type: ignore[attr-defined]
    assert values == tuple(getattr(t3, row).values())
    assert (11, 12, 13, 14, 15, 16, 17) == tuple(t3.new_received.values())


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_table_drawn_with_box_characters(name: str) -> None:
    """Text a text browser dumps (w3m -dump) draws the table's rules with box characters: they separate cells,
    and an empty cell between them is a blank cell (the 2019 example has many)."""
    from govinfo_report.importers._text import read_text

    report = REPORTS[name]
    t3 = report.spec.tables_by_key["三"]
    lines = [t3.title, "┌" + "─" * 20 + "┬" + "┬".join(["────"] * 7) + "┐"]
    for row in t3.rows:
        values = [report.cell("table3", row.key, c.key) for c in row.columns.columns]
        lines.append("│" + row.labels[-1] + "│" + "│".join(f"{'' if v is None else v:<4}" for v in values) + "│")
        lines.append("├" + "─" * 20 + "┼" + "┼".join(["────"] * 7) + "┤")
    back = read_text("\n".join(lines), format=report.format)
    assert report.table3 == back.table3  # type: ignore[attr-defined]
    assert [] == [f.path for f in gr.validate(back) if f.code == "import-incomplete"]


def test_provincial_annotation_on_a_label() -> None:
    """规章(设区的市、自治州人民政府应提供相关数据) is the row 规章."""
    html = gr.to_html(REPORTS["sample-2021"]).replace(">规章<", ">规章(设区的市、自治州人民政府应提供相关数据)<")
    back = gr.loads(html.encode())
    assert REPORTS["sample-2021"].values() == back.values()


class TestPipeTables:
    """Markdown pipe tables as PDF converters and OCR write them (corpus entries 010 and 011 have this shape)."""

    CONVERTED = FIXTURES / "import" / "sample-2021-converted.md"
    OCR = FIXTURES / "import" / "sample-2021-ocr.txt"
    UNLABELLED = "| 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n|---|---|---|---|---|---|---|\n| 行政机关"

    def read(self, text: str) -> gr.AnnualReport:
        from govinfo_report.importers._markdown import read_pipe_tables

        return read_pipe_tables(text)

    def wrong(self, back: gr.AnnualReport) -> set[str]:
        pairs = zip(back.iter_cells(), REPORTS["sample-2021"].iter_cells(), strict=True)
        return {c.pointer for (c, a), (_, b) in pairs if a != b}

    def test_converted_pdf(self) -> None:
        """Fragments, page footers, spurious headings, labels apart from or split over their rows, a row without
        its label, 四 as one row of 15, and a row of 二 missing a value printed above the table: every value."""
        report = REPORTS["sample-2021"]
        back = gr.read(self.CONVERTED)
        assert report.values() == back.values()
        assert ("示例县人民政府", 2021) == (back.meta.agency, back.meta.year)
        assert [getattr(report, k) for k in ("problems", "other_matters")] == [
            getattr(back, k) for k in ("problems", "other_matters")
        ]
        assert {"/table2/normative_documents/repealed": "2（含自然失效 1 件）"} == back.raw
        assert "line 14" == back.sources["/table2/normative_documents/repealed"]
        assert "line 33" == back.sources["/table2/normative_documents/in_force"]
        assert "line 87" == back.sources["/table3/not_processed_confirmation/total"]

    def test_ocr_text(self) -> None:
        """OCR Markdown in a .txt: 三 as one table per group with 数据1…6 headers, empty 申请人情况 tables of `-`, a
        spurious header row, half-width brackets and `1. ` labels, 四 as three tables of 5."""
        report = REPORTS["sample-2021"]
        back = gr.read(self.OCR)
        assert report.values() == back.values()
        assert [getattr(report, k) for k in TEXTS] == [getattr(back, k) for k in TEXTS]
        assert {} == back.raw
        assert ("示例县人民政府", 2021) == (back.meta.agency, back.meta.year)

    def test_four_by_captions(self) -> None:
        """The three tables of 四 go by their captions, in whatever order they come."""
        text = self.OCR.read_text("utf-8")
        a, b, c, end = (
            text.index(s) for s in ("### 行政复议", "### 行政诉讼（未经", "### 行政诉讼（复议后", "## 五、")
        )
        assert set() == self.wrong(self.read(text[:a] + text[c:end] + text[a:b] + text[b:c] + text[end:]))

    @pytest.mark.parametrize(
        ("rows", "kept"),
        [
            ("", None),  # no row left for the declared one
            ("| 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n", "（无法对应到行：1 0 0 0 0 0 1）；（无法对应到行：0 0 0 0 0 0 0）"),
        ],
        ids=["missing", "one-too-many"],
    )
    def test_unlabelled_row_needs_the_count_to_fit(self, rows: str, kept: str | None) -> None:
        """A row without a label takes the one declared row between its labelled neighbours (（五）5 here); with
        no row for it, or two rows for one place, the declared row stays blank and the printed values are kept."""
        text = self.CONVERTED.read_text("utf-8")
        assert 1 == text.count(self.UNLABELLED)
        back = self.read(text.replace(self.UNLABELLED, rows + self.UNLABELLED if rows else "| 行政机关"))
        assert {"/table3/not_processed_confirmation"} == {p.rsplit("/", 1)[0] for p in self.wrong(back)}
        assert kept == back.raw.get("/table3/not_processed_confirmation/natural_person")

    def test_rows_placed_by_order_are_checked(self) -> None:
        """Where an identity across rows fails, the rows placed by order (not by a label of their own) are blank."""
        printed = self.UNLABELLED.replace("| 0 | 0 | 0 | 0 | 0 | 0 | 0 |", "| 1 | 0 | 0 | 0 | 0 | 0 | 1 |")
        back = self.read(self.CONVERTED.read_text("utf-8").replace(self.UNLABELLED, printed))
        # （五）5 (no label) and （六）1 (a fragment two rows share) went by order; （七）总计 no longer adds up.
        assert {"/table3/not_processed_confirmation", "/table3/other_no_correction"} == {
            p.rsplit("/", 1)[0] for p in self.wrong(back)
        }
        assert "（无法对应到行：1 0 0 0 0 0 1）" == back.raw["/table3/not_processed_confirmation/natural_person"]
        assert "（无法对应到行：1 0 0 0 0 0 1）" == back.raw["/table3/other_no_correction/natural_person"]
        assert ["line 87", "line 89"] == [
            back.sources[f"/table3/{row}/natural_person"]
            for row in ("not_processed_confirmation", "other_no_correction")
        ]

    def test_loose_number_needs_a_named_column(self) -> None:
        """Without an annotation naming its column, the loose number is not placed: the row stays blank and both
        texts are kept with it."""
        back = self.read(self.CONVERTED.read_text("utf-8").replace("（含自然失效 1 件）\n", ""))
        assert {f"/table2/normative_documents/{k}" for k in ("issued", "repealed", "in_force")} == self.wrong(back)
        assert "（无法对应到各列：6 41）；（无法对应到各列：2）" == back.raw["/table2/normative_documents/issued"]
        assert "line 32; line 14" == back.sources["/table2/normative_documents/issued"]  # one line less above

    @pytest.mark.parametrize(
        ("candidates", "expected"),
        [
            ([{0}, None, {2}], [0, 1, 2]),
            ([{0}, None, None, {2}], [0, None, None, 2]),
            ([None, {1}], [0, 1]),
            ([{0}, {1, 2}, {2}], [0, 1, 2]),
            ([{0}, {1, 2}, {3}], [0, None, 3]),
        ],
    )
    def test_alignment(self, candidates: list[set[int] | None], expected: list[int | None]) -> None:
        """Rows in order: a label names its rows, no label fits where the count between anchors does."""
        from govinfo_report.importers._markdown import _align

        assert expected == _align([None if c is None else frozenset(c) for c in candidates], 4)

    @pytest.mark.parametrize(
        ("candidates", "expected"),
        [
            ([None, {1}, None, {3}], [None, 1, 2, 3]),  # the table's start is no anchor
            ([{0}, {1, 2}], [0, None]),  # nor its end
            ([{2}, {0}, None, {3}], [2, 0, None, 3]),  # a row out of order still goes by its own label
        ],
    )
    def test_placement_needs_anchors_on_both_sides(
        self, candidates: list[set[int] | None], expected: list[int | None]
    ) -> None:
        """A row placed by order needs a row placed by its own label before and after it."""
        from govinfo_report.importers._markdown import _placements

        assert expected == _placements([None if c is None else frozenset(c) for c in candidates], 4)

    def test_four_needs_its_headers(self) -> None:
        """Numbers in section 四 without the table's headers (行政复议, 行政诉讼) are not read as table 四."""
        text = self.CONVERTED.read_text("utf-8")
        start, end = text.index("行政复议行政诉讼\n"), text.index("| 2 | 0 | 1 | 0 | 3 |")
        back = self.read(text[:start] + text[end:])
        assert all(v is None for v in back.table4.cells)

    def test_own_markdown_and_plain_text(self) -> None:
        """Markdown with HTML tables is ours (the HTML reader); Markdown with no table is read as plain text."""
        from govinfo_report.importers._markdown import read_markdown

        report = REPORTS["sample-2021"]
        assert report.values() == read_markdown(gr.to_markdown(report)).values()
        text = (FIXTURES / "import" / "sample-2021-cell-per-line.txt").read_text("utf-8")
        assert report.values() == read_markdown(text).values()


@pytest.mark.parametrize("kind", ["text", "html", "markdown", "runon"])
def test_numbers_grouped_by_thousands(kind: str) -> None:
    """``1,382`` (digits grouped by thousands, as some bodies print large counts) is the number 1382."""
    seed = gr.read(EXAMPLES / "seed-2021" / "report.json")
    cell = ("table2", "licensing", "decisions")
    assert 1382 == seed.cell(*cell)
    if kind == "text":
        data = (EXAMPLES / "seed-2021" / "report.txt").read_text("utf-8").replace("\t1382", "\t1,382")
    elif kind == "runon":  # a crawler's text: the whole body on one line, cells run together
        data = "".join(line.strip() for line in (EXAMPLES / "seed-2021" / "report.txt").read_text("utf-8").splitlines())
        data = data.replace("1382", "1,382")
    else:
        data = gr.io.dumps(seed, kind).decode().replace(">1382<", ">1,382<")
    assert "1,382" in data
    report = gr.io.loads(data.encode(), "text" if kind == "runon" else kind)
    assert 1382 == report.cell(*cell)
    assert "/table2/licensing/decisions" not in report.raw


def _wrapped(label: str, width: int = 10) -> list[str]:
    return [label[i : i + width] for i in range(0, len(label), width)]


def converter_markdown(report: gr.AnnualReport, *, blank_total: str = "", stray: bool = False) -> str:
    """Table 三 as a PDF converter writes it when its labels wrap (上海市科委's 2024 report has this shape).

    A label longer than a cell's line is loose text before its numbers, which are a pipe row of their own; the
    text of two such rows in a row comes before both their rows; a group label printed beside a wrapped label
    runs into its lines (``（四）无2.没有现成信息需要另`` / ``法提供行制作``).  ``blank_total``: the row (key) whose
    总计 is left blank (spec D2), its empty cell still in the pipe row.  ``stray``: a lone number among the rows.
    """
    spec = report.spec
    table = spec.tables_by_key["三"]
    lines = ["## 三、收到和处理政府信息公开申请情况"]
    pending: list[list[str]] = []
    waiting: list[str] = []
    seen: set[str] = set()

    def flush() -> None:
        for values in pending:
            lines.append("| " + " | ".join(values) + " |")
            lines.append("|" + "---|" * len(values))
        pending.clear()

    for row in table.rows:
        values = [
            "" if v is None else str(v) for v in (report.cell(table.key, row.key, c.key) for c in row.columns.columns)
        ]
        if row.key == blank_total:
            values[-1] = ""
        leaf = row.labels[-1]
        group = row.labels[1] if len(row.labels) > 2 else None
        if len(leaf) <= 10 or len(row.labels) == 1:  # the rows outside 三、本年度办理结果 keep their cells
            flush()
            lines.append("| " + " | ".join([leaf, *values]) + " |")
            continue
        wrapped = _wrapped(leaf)
        if group is not None and group not in seen:
            pieces = _wrapped(group, 4)
            wrapped = [p + w for p, w in zip(pieces, wrapped, strict=False)] + wrapped[len(pieces) :]
        if group is not None:
            seen.add(group)
        if len(pending) >= 2:
            flush()
        waiting += wrapped
        lines += waiting
        waiting = []
        pending.append(values)
        if stray and row.key == "other_fee_unpaid":
            lines.append("1")
    flush()
    lines.append("## 四、政府信息公开行政复议、行政诉讼情况")
    return "\n".join(lines) + "\n"


class TestConverterLayout:
    """Table 三 of a converted PDF whose wrapped labels are loose text (see :func:`converter_markdown`)."""

    def cells(self, back: gr.AnnualReport) -> dict[str, object]:
        return {c.pointer: v for c, v in back.iter_cells() if c.table.number == "三"}

    def expected(self) -> dict[str, object]:
        return self.cells(REPORTS["sample-2021"])

    def read(self, text: str) -> gr.AnnualReport:
        from govinfo_report.importers._markdown import read_pipe_tables

        return read_pipe_tables(text, format="2021")

    def test_every_row(self) -> None:
        """Loose text naming a row (or two, or run together with a group label) guides the order, but rows go
        where the count between rows placed by their own labels fits."""
        assert self.expected() == self.cells(self.read(converter_markdown(REPORTS["sample-2021"])))

    def test_a_lone_number_is_no_row(self) -> None:
        """A lone number among the rows is not the row its loose text names; it is kept, and every row reads."""
        back = self.read(converter_markdown(REPORTS["sample-2021"], stray=True))
        assert self.expected() == self.cells(back)
        assert any("1）" in text for text in back.raw.values())

    @pytest.mark.parametrize("row", ["carried_forward", "unavailable_not_held"])
    def test_total_left_blank(self, row: str) -> None:
        """A row printing its parts and leaving its 总计 blank (spec D2) reads with the total blank, whether its
        label is in its pipe row or loose text before it."""
        report = REPORTS["sample-2021"]
        back = self.read(converter_markdown(report, blank_total=row))
        expected = self.expected() | {f"/table3/{row}/total": None}
        assert expected == self.cells(back)


@pytest.mark.parametrize(
    ("printed", "blank"),
    [
        (["3", "1", "0", "0", "0", "0"], True),  # 0 < 3 + 1: the last is no total, so the total is the blank
        (["1", "0", "0", "0", "0", "0"], True),
        (["3", "1", "0", "0", "0", "4"], False),  # 4 could be the total, a part missing: unknown
        (["0", "0", "0", "0", "0", "0"], False),
        (["3", "1", "0", "0", "0"], False),  # two missing
        (["3", "1", "-", "0", "0", "0"], False),  # a placeholder is no number
    ],
)
def test_total_left_blank(printed: list[str], blank: bool) -> None:
    """Which cell of a row printing one value fewer than its columns is blank: the total, where arithmetic says so."""
    from govinfo_report.importers._grid import total_left_blank

    spec = gr.get_format("2021")
    row = spec.tables_by_key["三"].rows_by_key["carried_forward"]
    cells = [spec.cells_by_key[("table3", row.key, c.key)] for c in row.columns.columns]
    assert blank == total_left_blank(cells, printed)


def test_total_left_blank_in_plain_text() -> None:
    """The same in text with one cell per line: the parts are read, the total stays blank."""
    from govinfo_report.importers._text import read_text

    report = REPORTS["sample-2021"]
    text = (FIXTURES / "import" / "sample-2021-cell-per-line.txt").read_text("utf-8")
    printed = "四、结转下年度继续办理\n" + "".join(f"\t{v}\n" for v in report.table3.carried_forward.values())
    assert 1 == text.count(printed)
    back = read_text(text.replace(printed, printed.rsplit("\t", 1)[0]))
    assert [*list(report.table3.carried_forward.values())[:6], None] == list(back.table3.carried_forward.values())
    assert "/table3/carried_forward/natural_person" not in back.raw


def _old_label_in(kind: str) -> tuple[str, bytes]:
    """A 2021 report as a kind of file, with the 2019 label 规范性文件 where the format prints 行政规范性文件."""
    report = REPORTS["sample-2021"]
    if kind == "html":
        return "r.html", gr.to_html(report).replace("行政规范性文件", "规范性文件").encode()
    if kind == "docx":
        return "r.docx", with_document(
            gr.to_docx(report), lambda b: b.replace("行政规范性文件".encode(), "规范性文件".encode())
        )
    if kind == "run-together":  # the label run into its first value, the others apart
        text = (FIXTURES / "import" / "sample-2021-run-together.txt").read_text("utf-8")
        return "r.txt", text.replace("行政规范性文件6241", "规范性文件6 2 41").encode()
    text = (FIXTURES / "import" / kind).read_text("utf-8")
    return "r" + Path(kind).suffix, text.replace("行政规范性文件", "规范性文件").encode()


_OLD_LABEL = (
    "html",
    "docx",
    "run-together",
    "sample-2021-converted.md",
    "sample-2021-ocr.txt",
    "sample-2021-cell-per-line.txt",
)


@pytest.mark.parametrize("kind", _OLD_LABEL)
def test_the_2019_label_in_a_2021_report(kind: str) -> None:
    """A 2021 report printing the 2019 label of a row (spec D9: 规范性文件 for 行政规范性文件) reads it as the row."""
    report = REPORTS["sample-2021"]
    name, data = _old_label_in(kind)
    back = gr.loads(data, name)
    assert "2021" == back.format
    assert report.table2.normative_documents == back.table2.normative_documents
    assert report.table2.regulations == back.table2.regulations


def test_a_2019_report_keeps_its_own_label() -> None:
    """In a 2019 report 规范性文件 is the format's own label; a 2021 label is not looked for before it."""
    from govinfo_report.importers._grid import printed_leaves

    for fid, leaves in (("2019", ("规范性文件", "行政规范性文件")), ("2021", ("行政规范性文件", "规范性文件"))):
        spec = gr.get_format(fid)
        table = spec.tables_by_key["二"]
        assert leaves == printed_leaves(spec, table, table.rows_by_key["normative_documents"])
        assert (table.rows_by_key["regulations"].labels[-1],) == printed_leaves(
            spec, table, table.rows_by_key["regulations"]
        )
    report = REPORTS["shanghai-2019"]
    assert report.values() == gr.loads(gr.to_html(report).encode(), "html").values()


def test_problems_without_their_heading() -> None:
    """Section 五 printed without its heading (spec D15), its sub-headings after table 四, is still section 五."""
    from govinfo_report.importers._front import sections

    spec = gr.get_format("2021")
    texts = [
        "四、政府信息公开行政复议、行政诉讼情况",
        "行政复议行政诉讼",
        "（一）主要问题",
        "一是公开不够及时。",
        "（二）改进情况",
        "一是加强审核。",
        "六、其他需要报告的事项",
        "无。",
    ]
    found = sections(texts, spec)
    assert "（一）主要问题\n一是公开不够及时。\n（二）改进情况\n一是加强审核。" == found["problems"]
    assert "无。" == found["other_matters"]
    with_heading = [*texts[:2], "五、存在的主要问题及改进情况", *texts[2:]]
    assert found == sections(with_heading, spec)
    # a sentence naming the words is no sub-heading
    assert "problems" not in sections([texts[0], "本年度主要问题是公开不够及时，将加强审核。", *texts[6:]], spec)


@pytest.mark.parametrize(
    ("candidates", "loose", "expected"),
    [
        ([{0}, None, {2}, None, {4}], [2], [0, 1, 2, 3, 4]),  # the loose text names the row order gives
        ([{0}, None, {3}, None, {4}], [2], [0, 1, 2, 3, 4]),  # it names the next row: the count between wins
        ([{0}, {3}, {4}], [1], [0, 3, 4]),  # nothing against it: the row it names
        ([{0}, {3}, {4}], [], [0, 3, 4]),
    ],
)
def test_alignment_with_loose_text(candidates: list[set[int] | None], loose: list[int], expected: list[int]) -> None:
    """A row named only by the loose text before it prefers that row, but goes where the count of rows fits."""
    from govinfo_report.importers._markdown import _placements

    assert expected == _placements([None if c is None else frozenset(c) for c in candidates], 5, loose)


def test_an_unsplittable_row_leaves_the_others() -> None:
    """Run-together digits no reading of which fits leave that row blank, not every other run-together row."""
    from govinfo_report.importers._text import read_text

    text = (FIXTURES / "import" / "sample-2021-run-together.txt").read_text("utf-8")
    back = read_text(text.replace("行政规范性文件6241", "行政规范性文件6"))
    assert (0, 0, 0) == back.table2.regulations.values()
    assert (None, None, None) == back.table2.normative_documents.values()
    assert "6" in back.raw["/table2/normative_documents/issued"]


@pytest.mark.parametrize(
    "heading",
    [
        "存在的主要问题及整改措施",
        "存在问题和整改情况",
        "政府信息公开工作存在的主要问题及改进情况",
        "主要问题与改进措施",
    ],
)
def test_problems_worded_otherwise(heading: str) -> None:
    """Section 五's heading as bodies word it (整改 for 改进, 措施 for 情况, 和 for 及, Art. 50's wording)."""
    report = REPORTS["sample-2021"]
    html = gr.to_html(report)
    assert 1 == html.count("存在的主要问题及改进情况")
    back = gr.loads(html.replace("存在的主要问题及改进情况", heading).encode(), "r.html")
    assert report.problems == back.problems
    assert report.values() == back.values()
