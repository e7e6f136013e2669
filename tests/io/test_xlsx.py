"""Excel workbooks: layout, template, reading by labels, round trips, safety."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from openpyxl import load_workbook

import govinfo_report as gr
from govinfo_report.cli import run
from govinfo_report.io import _xlsx_write
from govinfo_report.io._xlsx_read import read_xlsx
from govinfo_report.io._xlsx_write import cell_address, to_xlsx
from tests.conftest import EXAMPLES, FIXTURES
from tests.excel_fill import fill_template
from tests.strategies import any_reports

SAMPLE = gr.read(EXAMPLES / "sample-2021" / "report.json")
SHANGHAI = gr.read(EXAMPLES / "shanghai-2019" / "report.json")


def workbook(data: bytes):
    return load_workbook(io.BytesIO(data))


class TestRoundTrip:
    @given(any_reports())
    def test_model_xlsx_model(self, report: gr.AnnualReport) -> None:
        """Every report survives the workbook unchanged: blanks, raw text, control characters."""
        assert report == read_xlsx(to_xlsx(report))

    @pytest.mark.parametrize("report", [SAMPLE, SHANGHAI], ids=["sample-2021", "shanghai-2019"])
    def test_xlsx_model_xlsx_keeps_every_value(self, report: gr.AnnualReport) -> None:
        """Writing what was read gives the same cell values on every sheet."""
        first = to_xlsx(report)
        second = to_xlsx(read_xlsx(first))
        a, b = workbook(first), workbook(second)
        assert a.sheetnames == b.sheetnames
        for name in a.sheetnames:
            cells_a = [(c.coordinate, c.value) for row in a[name].iter_rows() for c in row]
            cells_b = [(c.coordinate, c.value) for row in b[name].iter_rows() for c in row]
            assert cells_a == cells_b

    def test_csv_and_workbook_agree(self) -> None:
        """The label CSV of a report read from its workbook is the example's CSV, byte for byte."""
        text = (EXAMPLES / "sample-2021" / "report.csv").read_text("utf-8-sig")
        assert text == gr.to_csv(read_xlsx(to_xlsx(gr.from_csv(text))))


class TestTemplate:
    def template(self, fmt: str = "2021") -> bytes:
        return to_xlsx(gr.blank_report(fmt))

    @pytest.mark.parametrize("fmt", ["2019", "2021"])
    def test_every_total_is_a_formula_and_the_rest_is_input(self, fmt: str) -> None:
        """总计 cells hold SUM formulas; every other data cell is unlocked, tinted and validated."""
        spec = gr.get_format(fmt)
        wb = workbook(self.template(fmt))
        totals = {spec.cells_by_key[i.lhs[0]].pointer for i in spec.identities if i.fill}
        validated = {
            (ws.title, coord)
            for ws in wb.worksheets
            for dv in ws.data_validations.dataValidation
            for rng in dv.sqref.ranges
            for coord in [rng.coord]
        }
        for cell in spec.cells:
            sheet, r, c = cell_address(fmt, cell)
            target = wb[sheet].cell(row=r, column=c)
            if cell.pointer in totals:
                assert str(target.value).startswith("=IF(COUNT("), cell.pointer
                assert "SUM(" in str(target.value)
                assert target.protection.locked
            else:
                assert target.value is None
                assert not target.protection.locked
                assert target.fill.start_color.rgb.endswith("FFF2CC")
                assert (sheet, target.coordinate) in validated
        assert all(ws.protection.sheet for ws in wb.worksheets)

    def test_validation_kinds(self) -> None:
        """Counts take whole numbers ≥ 0, the fee a decimal ≥ 0, 2019 本年增/减 any whole number."""
        kinds = {}
        for fmt in ("2019", "2021"):
            for ws in workbook(self.template(fmt)).worksheets:
                for dv in ws.data_validations.dataValidation:
                    kinds[(dv.type, dv.operator, dv.formula1)] = True
        assert ("whole", "greaterThanOrEqual", "0") in kinds
        assert ("decimal", "greaterThanOrEqual", "0") in kinds
        assert ("whole", "between", "-1000000000") in kinds

    def test_check_line(self) -> None:
        """Under table 三, each column has a live check of the 勾稽 identity."""
        ws = workbook(self.template())["表三"]
        formulas = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str) and "✓" in c.value]
        assert 7 == len(formulas)
        assert all("✓" in f and "✗" in f for f in formulas)

    def test_template_reads_back_blank(self) -> None:
        """An untouched template is a blank report: formulas over blanks are blank, not 0."""
        assert gr.blank_report("2021") == read_xlsx(self.template())

    def test_filled_by_typing_values(self) -> None:
        """Values typed into the template, totals left to the formulas (no cached values), read back exactly."""
        filled = fill_template(self.template(), SAMPLE)
        report = read_xlsx(filled)
        assert gr.to_csv(SAMPLE) == gr.to_csv(report)
        assert gr.validate(report).valid

    def test_filled_in_libreoffice(self) -> None:
        """A template filled and saved by LibreOffice (checked-in fixture) validates and gives the sample's CSV."""
        data = (FIXTURES / "xlsx" / "sample-2021-filled-in-libreoffice.xlsx").read_bytes()
        report = gr.loads(data)
        assert gr.to_csv(SAMPLE) == gr.to_csv(report)
        assert [] == list(gr.validate(report).errors)

    @pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
    def test_libreoffice_live(self, tmp_path: Path) -> None:
        """Where LibreOffice is installed: fill, let LibreOffice recalculate and save, read back."""
        source = tmp_path / "in.xlsx"
        source.write_bytes(fill_template(self.template(), SAMPLE))
        soffice = shutil.which("soffice") or "soffice"
        subprocess.run(  # noqa: S603 - fixed arguments
            [
                soffice,
                "--headless",
                "--calc",
                "--convert-to",
                "xlsx:Calc MS Excel 2007 XML",
                "--outdir",
                str(tmp_path / "out"),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        report = gr.read(tmp_path / "out" / "in.xlsx")
        assert gr.to_csv(SAMPLE) == gr.to_csv(report)


class TestReadingByLabels:
    def test_moved_grid_and_note_row(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Cells are found by their labels: a grid lower down, a note row above it and hidden columns change nothing."""
        monkeypatch.setattr(_xlsx_write, "FIRST_GRID_ROW", 6)
        wb = workbook(to_xlsx(SAMPLE))
        for ws in wb.worksheets[1:]:
            ws.cell(row=3, column=1, value="注：本表数据截至12月31日")
            ws.column_dimensions["B"].hidden = True
            ws.row_dimensions[7].height = 60
        out = io.BytesIO()
        wb.save(out)
        assert SAMPLE == read_xlsx(out.getvalue())

    def test_sources_name_the_sheet_cell(self) -> None:
        """Findings on a report read from Excel name the cell, 表三!D12 style."""
        wb = workbook(to_xlsx(SAMPLE))
        sheet, r, c = cell_address("2021", SAMPLE.spec.cells_by_pointer["/table3/granted/natural_person"])
        wb[sheet].cell(row=r, column=c, value=19)
        out = io.BytesIO()
        wb.save(out)
        errors = gr.validate(read_xlsx(out.getvalue())).errors
        assert errors
        assert all(f"表三!D{r}" in f.sources for f in errors)
        assert f"表三!D{r}" in errors[0].message()

    @pytest.mark.parametrize(
        ("typed", "code"),
        [
            ("12件", "cell-not-a-number"),
            ("1,234", "cell-not-a-number"),
            ("—", "cell-placeholder"),
            ("/", "cell-placeholder"),
            (-3, "count-negative"),
            (2.5, "cell-not-a-number"),
            ("=1+1", "cell-not-a-number"),
        ],
    )
    def test_bad_cells_are_findings(self, typed: object, code: str) -> None:
        """Text, separators, placeholders, negatives and decimal counts load and are reported."""
        wb = workbook(to_xlsx(SAMPLE))
        sheet, r, c = cell_address("2021", SAMPLE.spec.cells_by_pointer["/table2/licensing/decisions"])
        target = wb[sheet].cell(row=r, column=c, value=typed)
        if typed == "=1+1":
            target.data_type = "s"
        out = io.BytesIO()
        wb.save(out)
        report = read_xlsx(out.getvalue())
        found = [f for f in gr.validate(report) if f.path == "/table2/licensing/decisions"]
        assert [code] == [f.code for f in found]


class TestSafety:
    def test_text_that_looks_like_a_formula_stays_text(self) -> None:
        """A 总体情况 starting with = + - @ is written as a string and read back unchanged."""
        for text in ('=HYPERLINK("http://x","y")', "+1", "-2", "@SUM(A1)"):
            report = gr.AnnualReport(format="2021", meta=gr.ReportMeta(agency=text), general_situation=text)
            data = to_xlsx(report)
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                sheets = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/"))
            assert not re.search(r"<f>[^<]*HYPERLINK", sheets)
            assert text == read_xlsx(data).general_situation

    @pytest.mark.parametrize(
        ("data", "needle"),
        [(b"not a zip", "not a .xlsx"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "encrypted")],
    )
    def test_not_a_workbook(self, data: bytes, needle: str) -> None:
        """Other files get one clear error."""
        with pytest.raises(gr.ReadError, match=needle):
            read_xlsx(data)

    def test_zip_bomb_refused(self) -> None:
        """A highly compressed part is refused before it is unpacked."""
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("xl/workbook.xml", b"<workbook/>")
            z.writestr("xl/sharedStrings.xml", b" " * (5 * 1024 * 1024))
        with pytest.raises(gr.ReadError, match="zip bomb"):
            read_xlsx(buf.getvalue())

    def test_dtd_refused(self) -> None:
        """XML with a DTD (entity expansion) is refused."""
        data = to_xlsx(SAMPLE)
        src = zipfile.ZipFile(io.BytesIO(data))
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            for name in src.namelist():
                body = src.read(name)
                if name == "xl/workbook.xml":
                    body = b'<!DOCTYPE x [<!ENTITY a "aaaa">]>' + body
                z.writestr(name, body)
        with pytest.raises(gr.ReadError, match="DTD"):
            read_xlsx(buf.getvalue())

    def test_missing_table(self) -> None:
        """A workbook without a table sheet says which one is missing."""
        wb = workbook(to_xlsx(SAMPLE))
        del wb["表四"]
        out = io.BytesIO()
        wb.save(out)
        with pytest.raises(gr.ReadError, match="no sheet 表四"):
            read_xlsx(out.getvalue())

    def test_other_format_than_asked(self) -> None:
        """Asking for the 2019 format on a 2021 workbook is an error that names both."""
        with pytest.raises(gr.ReadError, match="2021 format, not the 2019"):
            read_xlsx(to_xlsx(SAMPLE), format="2019")


class TestCli:
    def test_template_convert_validate(self, tmp_path: Path) -> None:
        """template, convert both ways and validate work on .xlsx; unreadable input exits 2."""
        out, err = io.StringIO(), io.StringIO()
        assert 0 == run(["template", "--format", "2019", "-o", str(tmp_path / "blank.xlsx")], out, err)
        assert 0 == run(
            ["convert", str(EXAMPLES / "sample-2021" / "report.json"), "-o", str(tmp_path / "r.xlsx")], out, err
        )
        assert 0 == run(["convert", str(tmp_path / "r.xlsx"), "-o", str(tmp_path / "r.csv")], out, err)
        assert (EXAMPLES / "sample-2021" / "report.csv").read_text("utf-8") == (tmp_path / "r.csv").read_text("utf-8")
        assert 0 == run(["validate", str(tmp_path / "r.xlsx")], out, err)
        (tmp_path / "bad.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64)
        assert 2 == run(["validate", str(tmp_path / "bad.xlsx")], out, err)


def test_amounts_stay_exact() -> None:
    """17.586 万元 comes back as Decimal('17.586')."""
    assert Decimal("17.586") == read_xlsx(to_xlsx(SAMPLE)).table2.fees.amount  # type: ignore[attr-defined]


@pytest.mark.parametrize("amount", ["86.769", "0.001", "96171.6", "4068.208"])
def test_amounts_survive_float_printing(amount: str) -> None:
    """openpyxl prints 86.769 as 86.76900000000001; read back, it is 86.769 again (Excel's 15 digits)."""
    report = gr.blank_report("2021").with_values({"/table2/fees/amount": Decimal(amount)})
    assert Decimal(amount) == read_xlsx(to_xlsx(report)).table2.fees.amount  # type: ignore[attr-defined]


def test_foreign_sum_formulas_are_evaluated() -> None:
    """A plain =SUM(...) or =A1+B1 total without a cached value (another tool's template) is computed too."""
    wb = workbook(to_xlsx(SAMPLE))
    sheet, r, c = cell_address("2021", SAMPLE.spec.cells_by_pointer["/table3/granted/total"])
    ws = wb[sheet]
    ws.cell(row=r, column=c, value=f"=SUM(D{r}:I{r})")
    sheet, r4, c4 = cell_address("2021", SAMPLE.spec.cells_by_pointer["/table4/review/total"])
    wb[sheet].cell(row=r4, column=c4, value=f"=A{r4}+B{r4}+C{r4}+D{r4}")
    out = io.BytesIO()
    wb.save(out)
    assert SAMPLE == read_xlsx(out.getvalue())


def test_a_look_copied_is_the_look_assigned() -> None:
    """The writer works each look out once and copies it: the cells get what assigning the styles gives."""
    from openpyxl import Workbook

    from govinfo_report.io import _xlsx_write as w

    wb = Workbook()
    ws = wb.active
    looks = w._Looks()
    look = {"font": w._BOLD, "alignment": w._CENTER, "border": w._BORDER, "number_format": "0.000", "fill": w._INPUT}
    looks(ws["A1"], **look)
    looks(ws["A2"], **look)
    looks(ws["A2"], protection=w._UNLOCKED)
    looks(ws["A3"], border=w._BORDER)
    for name, value in look.items():
        setattr(ws["B1"], name, value)
    ws["B2"]._style = w.copy(ws["B1"]._style)
    ws["B2"].protection = w._UNLOCKED
    ws["B3"].border = w._BORDER
    for row in (1, 2, 3):
        assert list(ws[f"A{row}"]._style) == list(ws[f"B{row}"]._style)
    assert ws["A2"].font.b
    assert ws["A2"].number_format == "0.000"
    assert not ws["A2"].protection.locked
    assert ws["A1"].protection.locked
    assert ws["A3"]._style.fontId == 0  # the default font: only the border was given


@pytest.mark.parametrize("agency", ["地区", "层级", "年度", "机关名称"])
def test_metadata_that_reads_like_a_label(agency: str) -> None:
    """An agency named like a metadata label (found by hypothesis: 地区) is a value: only a row's first cell is
    its label."""
    import attrs

    report = gr.blank_report("2019")
    report = attrs.evolve(report, meta=attrs.evolve(report.meta, agency=agency, year=2019, region="福建省"))
    back = gr.from_xlsx(gr.to_xlsx(report))
    assert (agency, "福建省") == (back.meta.agency, back.meta.region)


@pytest.mark.parametrize("name", ["sample-2021", "shanghai-2019"])
def test_a_workbook_laid_out_as_a_document(name: str) -> None:
    """Someone's own workbook (one sheet: the title, headings, tables one below the other, text), not our
    layout: the tables are found by their labels, as on a page (was: refused, no sheet 表二)."""
    from openpyxl import Workbook, load_workbook

    report = gr.read(EXAMPLES / name / "report.json")
    ours = load_workbook(io.BytesIO(gr.to_xlsx(report)))
    out = Workbook()
    sheet = out.active
    sheet.title = "Sheet1"
    sheet.append([f"{report.meta.agency}{report.meta.year}年政府信息公开工作年度报告"])
    sheet.append([report.spec.sections[0].title])
    sheet.append([report.general_situation])
    for number in ("二", "三", "四"):
        sheet.append([report.spec.tables_by_key[number].title])
        source = ours[f"表{number}"]
        top = sheet.max_row + 1
        for row in source.iter_rows():
            for cell in row:
                if cell.value is not None and not str(cell.value).startswith(("勾稽", "=")):
                    sheet.cell(top + cell.row - 1, cell.column, cell.value)
        for merged in source.merged_cells.ranges:
            sheet.merge_cells(
                start_row=top + merged.min_row - 1,
                start_column=merged.min_col,
                end_row=top + merged.max_row - 1,
                end_column=merged.max_col,
            )
    buffer = io.BytesIO()
    out.save(buffer)
    back = gr.loads(buffer.getvalue())
    assert report.values() == back.values()
    assert (report.meta.agency, report.meta.year) == (back.meta.agency, back.meta.year)
    assert report.general_situation == back.general_situation
