"""The shared front of the importers: format detection, rows of the other format, provenance, notes, self-audit."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

import pytest

import govinfo_report as gr
from govinfo_report.importers._front import detect_format
from tests.conftest import EXAMPLES, FIXTURES

CELL_PER_LINE = FIXTURES / "import" / "sample-2021-cell-per-line.txt"


def single_other_row(text: str) -> str:
    """The 2021 text with its （六） items 1–3 printed as the 2019 single row （六）其他处理 (their sums)."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == "（六）其他处理")
    end = next(i for i, line in enumerate(lines) if line.strip().startswith("（七）"))
    items = [line.strip() for line in lines[start + 1 : end]]
    numbers = [int(t) for t in items if t.isdigit()]
    sums = [sum(numbers[k::7]) for k in range(7)]
    return "\n".join([*lines[: start + 1], *(f"\t{v}" for v in sums), "", *lines[end:]]) + "\n"


class TestOtherFormatsRow:
    def test_kept_as_extra_row_and_adds_up(self, tmp_path: Path) -> None:
        """A 2021 report with the 2019 single row （六）其他处理: read as 2021, the row kept with its values, reported,
        and counted in the arithmetic in place of the items it replaces."""
        source = tmp_path / "report.txt"
        source.write_text(single_other_row(CELL_PER_LINE.read_text("utf-8")), "utf-8")
        report = gr.read(source)
        assert "2021" == report.format
        (extra,) = report.extra_rows
        assert ("三、本年度办理结果", "（六）其他处理") == extra.labels
        assert report.table3.other_no_correction.natural_person is None
        items = gr.read(CELL_PER_LINE).table3
        expected = [
            sum(v)
            for v in zip(
                *(items[k].values() for k in ("other_no_correction", "other_fee_unpaid", "other_other")), strict=True
            )
        ]
        assert expected == list(extra.values)
        codes = {f.code for f in gr.validate(report).findings}
        assert "row-not-in-format" in codes
        assert not codes & {"t3-results-total", "t3-balance", "import-incomplete"}
        assert b"\xe4\xb8\x89,\xe4\xb8\x89\xe3\x80\x81" in gr.dumps(report, "csv")  # the row is in the label CSV
        back = gr.from_json(gr.to_json(report))
        assert report.extra_rows == back.extra_rows


class TestFormatDetection:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("信息内容本年新制作数量本年新公开数量对外公开总数量规章000", "2019"),
            ("信息内容 本年制发件数 本年废止件数 现行有效件数 （六）其他处理 0 0", "2021"),
            ("规范性文件 3 3 3", "2021"),  # no label of either format's own: the year decides (none: the newest)
        ],
    )
    def test_by_table_two(self, text: str, expected: str) -> None:
        assert expected == detect_format(text, None).id

    def test_year_decides_when_labels_do_not(self) -> None:
        assert "2019" == detect_format("无表格", 2020).id


class TestProvenance:
    def test_every_import_carries_it(self) -> None:
        """File name, size, sha256, reader and version; the self-audit share; JSON keeps it."""
        report = gr.read(CELL_PER_LINE)
        p = report.provenance
        assert p is not None
        data = CELL_PER_LINE.read_bytes()
        assert (CELL_PER_LINE.name, len(data), hashlib.sha256(data).hexdigest(), "text") == (
            p.file,
            p.size,
            p.sha256,
            p.reader,
        )
        assert gr.__version__ == p.library
        assert Decimal(1) == p.verbatim
        assert () == p.notes
        assert p == gr.from_json(gr.to_json(report)).provenance

    def test_own_files_carry_none(self) -> None:
        """The library's own files are not imports."""
        assert gr.read(EXAMPLES / "sample-2021" / "report.json").provenance is None

    def test_run_together_digits_lower_the_share(self) -> None:
        """Numbers split out of run-together digits are not printed on their own: the share says so."""
        p = gr.read(FIXTURES / "import" / "sample-2021-run-together.txt").provenance
        assert p is not None
        assert p.verbatim is not None
        assert p.verbatim < Decimal("0.5")
        assert "import-audit-low" in {
            f.code for f in gr.validate(gr.read(FIXTURES / "import" / "sample-2021-run-together.txt")).findings
        }


class TestIncomplete:
    def test_missing_table_is_an_error(self, tmp_path: Path) -> None:
        """A page cut short after table 三: 四 is reported missing, and the report is not valid."""
        text = CELL_PER_LINE.read_text("utf-8")
        cut = text[: text.index("四、政府信息公开行政复议")]
        source = tmp_path / "cut.txt"
        source.write_text(cut, "utf-8")
        report = gr.read(source)
        result = gr.validate(report)
        missing = [f for f in result.errors if f.code == "import-table-missing"]
        assert ["/table4"] == [f.path for f in missing]
        assert not result.valid

    def test_missing_row_is_an_error(self, tmp_path: Path) -> None:
        """A row whose label is not in the source: an error names it."""
        text = CELL_PER_LINE.read_text("utf-8").replace("2.重复申请", "（删去）")
        source = tmp_path / "row.txt"
        source.write_text(text, "utf-8")
        result = gr.validate(gr.read(source))
        paths = [f.path for f in result.errors if f.code == "import-incomplete"]
        assert "/table3/not_processed_repeated" in paths


class TestMisprintedLabels:
    def test_typo_in_a_row_label_still_reads(self, tmp_path: Path) -> None:
        """A label misprinted by the publisher (three characters missing) is its row, in its place in the order."""
        text = CELL_PER_LINE.read_text("utf-8").replace("2.其他法律行政法规禁止公开", "2.其他法律行政止公开")
        source = tmp_path / "typo.txt"
        source.write_text(text, "utf-8")
        assert gr.read(CELL_PER_LINE).table3 == gr.read(source).table3

    @pytest.mark.parametrize(
        ("key", "target", "expected"),
        [
            ("2.其他法律行政止公开", "2.其他法律行政法规禁止公开", True),
            ("3.其他法律行政法规禁止公开", "2.其他法律行政法规禁止公开", False),  # another item's number
            ("3.其它", "3.其他", False),  # too short to tell a typo from another label
            ("2.重复甲请", "2.重复申请", True),  # an OCR misreading
            ("1.属于国家秘密", "1.本机关不掌握相关政府信息", False),
        ],
    )
    def test_near(self, key: str, target: str, expected: bool) -> None:
        from govinfo_report.importers._grid import near, norm

        assert expected == near(norm(key), norm(target))


class TestRowsWithTheirOwnGrid:
    def test_cells_pair_with_headers_in_order(self) -> None:
        """Header 本年增/减 spans two grid columns, the row's first value spans the two before: its value is the one
        starting under the header's range."""
        from govinfo_report.importers._grid import Grid, _under

        grid = Grid("表二")
        for col, text, span in (
            (1, "信息内容", 1),
            (2, "上一年项目数量", 1),
            (3, "本年增/减", 2),
            (5, "处理决定数量", 1),
        ):
            grid.put(1, col, text, colspan=span)
        for col, text, span in ((1, "行政许可", 1), (2, "7", 2), (4, "-1", 1), (5, "9", 1)):
            grid.put(2, col, text, colspan=span)
        assert [2, 4, 5] == [_under(grid, 2, (1, c)) for c in (2, 3, 5)]
        grid.put(3, 1, "其他对外管理服务事项")
        grid.put(3, 2, "1")
        assert [2, 3, 5] == [
            _under(grid, 3, (1, c)) for c in (2, 3, 5)
        ]  # a cell missing: positions stay, the gap reads blank


def test_renderings_show_the_kept_row(tmp_path: Path) -> None:
    """Markdown, HTML and Word show a kept row under its table, with its values: nothing printed is lost."""
    source = tmp_path / "report.txt"
    source.write_text(single_other_row(CELL_PER_LINE.read_text("utf-8")), "utf-8")
    report = gr.read(source)
    for kind in ("markdown", "html"):
        text = gr.dumps(report, kind).decode("utf-8")
        assert "另列“三、本年度办理结果 / （六）其他处理”一行" in text
    pytest.importorskip("docx")
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(gr.dumps(report, "docx"))) as z:
        assert "（六）其他处理”一行" in z.read("word/document.xml").decode("utf-8")


def test_page_missing_a_row_still_loads(tmp_path: Path) -> None:
    """A portal page whose table lacks a row: the report loads with what was found, and an error names the row."""
    page = FIXTURES / "import" / "portal-shanghai-2019.html"
    html = page.read_bytes().decode("gb18030").replace("重复申请", "（删去）")
    source = tmp_path / "page.html"
    source.write_bytes(html.encode("gb18030"))
    report = gr.read(source)
    assert gr.read(page).table2 == report.table2
    assert report.table3.not_processed_repeated.total is None
    paths = [f.path for f in gr.validate(report).errors if f.code == "import-incomplete"]
    assert ["/table3/not_processed_repeated"] == paths


def test_page_with_tables_as_images_loads_with_errors(tmp_path: Path) -> None:
    """A page whose tables are published as pictures: the text sections load, every table is reported missing."""
    page = tmp_path / "page.html"
    page.write_text(
        "<html><body><h1>某某县人民政府2022年政府信息公开工作年度报告</h1>"
        "<h2>一、总体情况</h2><p>本年度……</p><h2>二、主动公开政府信息情况</h2><p><img src='t2.png'></p>"
        "<h2>三、收到和处理政府信息公开申请情况</h2><p><img src='t3.png'></p>"
        "<h2>四、政府信息公开行政复议、行政诉讼情况</h2><p><img src='t4.png'></p>"
        "<h2>五、存在的主要问题及改进情况</h2><p>一是……</p><h2>六、其他需要报告的事项</h2><p>无。</p></body></html>",
        "utf-8",
    )
    report = gr.read(page)
    assert ("某某县人民政府", 2022, "本年度……") == (report.meta.agency, report.meta.year, report.general_situation)
    missing = sorted(f.path for f in gr.validate(report).errors if f.code == "import-table-missing")
    assert ["/table2", "/table3", "/table4"] == missing


def test_a_page_that_is_no_report_is_refused(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("<html><body><p>通知公告</p></body></html>", "utf-8")
    with pytest.raises(gr.ReadError, match="no table of an annual report"):
        gr.read(page)


def test_workbook_shows_the_kept_row_and_reads_back(tmp_path: Path) -> None:
    """The workbook prints a kept row under 表三 as a note; the workbook still reads back to the same tables."""
    import io

    import openpyxl

    source = tmp_path / "report.txt"
    source.write_text(single_other_row(CELL_PER_LINE.read_text("utf-8")), "utf-8")
    report = gr.read(source)
    data = gr.to_xlsx(report)
    sheet = openpyxl.load_workbook(io.BytesIO(data))["表三"]
    texts = [c for row in sheet.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert any("（六）其他处理”一行" in t for t in texts)
    back = gr.loads(data, "xlsx")
    assert (report.table2, report.table3, report.table4) == (back.table2, back.table3, back.table4)


@pytest.mark.parametrize("kind", ["markdown", "html", "docx"])
def test_metadata_survives_publishing(kind: str) -> None:
    """层级, 地区 and 发布日期 come back from our Markdown, HTML and Word (Word: the 落款 and its properties);
    the closing 落款 is not read as part of section 六."""
    if kind == "docx":
        pytest.importorskip("docx")
    report = gr.read(EXAMPLES / "sample-2021" / "report.json")
    back = gr.loads(gr.dumps(report, kind), kind)
    assert report.meta == back.meta
    assert report.other_matters == back.other_matters


def test_a_closing_signature_is_read_as_the_date(tmp_path: Path) -> None:
    text = CELL_PER_LINE.read_text("utf-8").rstrip() + "\n\n某某县人民政府\n2022年1月18日\n"
    text = "\n".join(line for line in text.splitlines() if not line.startswith("发布日期"))
    source = tmp_path / "signed.txt"
    source.write_text(text, "utf-8")
    report = gr.read(source)
    assert "2022-01-18" == str(report.meta.published)
    assert "2022年1月18日" not in (report.other_matters or "")
    assert "某某县人民政府" not in (report.other_matters or "")


@pytest.mark.parametrize(
    ("printed", "label"),
    [
        ("商\u200b业\u200c企业", "商业企业"),  # zero-width space and non-joiner, as text copied from Word has them
        ("\ufeff总\u00ad计\u2060", "总计"),  # a byte-order mark inside, a soft hyphen, a word joiner
        ("一 本年新收政府信息公开申请数量", "一、本年新收政府信息公开申请数量"),  # a space for 、
        ("二，上年结转政府信息公开申请数量", "二、上年结转政府信息公开申请数量"),
        ("總計", "总计"),  # traditional script (spec D16)
        ("上一年項目數量", "上一年项目数量"),
        ("規範性檔案", "规范性文件"),  # traditional script with a converter's vocabulary
        ("法律服務機構", "法律服务机构"),
    ],
)
def test_labels_as_printed_otherwise(printed: str, label: str) -> None:
    """Labels are compared in one form: what prints nothing goes, and a mirror's traditional script folds back."""
    from govinfo_report.importers._grid import norm

    assert norm(printed) == norm(label)


def test_traditional_folding_touches_only_traditional_forms() -> None:
    """Every official label and heading is its own folded form: simplified text is never changed."""
    from govinfo_report.formats import _traditional

    texts = _traditional._declared_texts()
    assert len(texts) > 100
    assert all(_traditional.fold(t) == t for t in texts)


def test_traditional_table_is_current() -> None:
    """The generated table is what OpenCC gives for today's declarations (`python -m govinfo_report.formats._traditional`)."""
    pytest.importorskip("opencc")
    from govinfo_report.formats import _traditional

    assert _traditional.derive(_traditional._declared_texts()) == (_traditional.CHARACTERS, _traditional.WORDS)


def test_agency_of_a_title_is_kept_as_printed() -> None:
    """A title in traditional script is found, and its agency kept in the script it is printed in."""
    from govinfo_report.importers._front import agency_year

    assert agency_year(["平潭綜合實驗區2021年度政府資訊公開工作年度報告"]) == ("平潭綜合實驗區", 2021)
    assert agency_year(["某\u200b市人民政府2022年政府信息\u200b公开工作年度报告"]) == ("某\u200b市人民政府", 2022)


def test_a_title_without_a_name_gives_the_year_and_waits_for_a_name() -> None:
    """A title naming no body gives the year; the name on the line above still makes the two lines the title."""
    from govinfo_report.importers._front import agency_year

    assert agency_year(["2021年政府信息公开工作年度报告", "正文"]) == (None, 2021)
    lines = ["某县人民政府", "2021年政府信息公开工作年度报告"]
    assert agency_year([*lines, lines[0] + lines[1]]) == ("某县人民政府", 2021)
