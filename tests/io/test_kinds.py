"""Encodings and kinds of file as offices produce them: byte-order marks, UTF-16, GBK CSV, legacy Office, OpenDocument."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

import govinfo_report as gr
from tests.conftest import EXAMPLES, FIXTURES

TEXT = FIXTURES / "import" / "sample-2021-cell-per-line.txt"


@pytest.mark.parametrize(
    ("name", "encoding"), [("bom.txt", "utf-8-sig"), ("utf16.txt", "utf-16"), ("bom.md", "utf-8-sig")]
)
def test_text_with_a_byte_order_mark(tmp_path: Path, name: str, encoding: str) -> None:
    """Notepad's UTF-8 mark and UTF-16 text: the mark is not part of the agency's name."""
    source = tmp_path / name
    source.write_bytes(TEXT.read_text("utf-8").encode(encoding))
    report = gr.read(source)
    assert gr.read(TEXT).meta.agency == report.meta.agency
    assert not report.meta.agency.startswith("\ufeff")  # type: ignore[union-attr]
    assert gr.read(TEXT).table3 == report.table3


def test_utf16_text_without_an_extension_is_text(tmp_path: Path) -> None:
    source = tmp_path / "report"
    source.write_bytes(TEXT.read_text("utf-8").encode("utf-16"))
    assert gr.read(TEXT).table3 == gr.read(source).table3


def test_csv_saved_by_excel_as_gbk(tmp_path: Path) -> None:
    csv = (EXAMPLES / "sample-2021" / "report.csv").read_text("utf-8")
    source = tmp_path / "report.csv"
    source.write_bytes(csv.encode("gb18030"))
    assert gr.read(EXAMPLES / "sample-2021" / "report.csv") == gr.read(source)


def ole(stream: str) -> bytes:
    """The start of an OLE compound file whose directory names ``stream`` (enough to tell the kind)."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + stream.encode("utf-16-le") + b"\0" * 64


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (ole("WordDocument"), "legacy Word 97–2003 document (.doc); save it as .docx"),
        (ole("Workbook"), "legacy Excel 97–2003 workbook (.xls); save it as .xlsx"),
        (ole("EncryptedPackage"), "encrypted (password-protected)"),
    ],
)
def test_legacy_office_files_are_named(tmp_path: Path, data: bytes, said: str) -> None:
    source = tmp_path / "report.doc"
    source.write_bytes(data)
    with pytest.raises(gr.UnsupportedFileError, match=said.replace("(", r"\(").replace(")", r"\)")):
        gr.read(source)


@pytest.mark.parametrize(
    ("mimetype", "said"),
    [("application/vnd.oasis.opendocument.spreadsheet", ".ods"), ("application/vnd.oasis.opendocument.text", ".odt")],
)
def test_opendocument_is_named(tmp_path: Path, mimetype: str, said: str) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), mimetype)
        z.writestr("content.xml", "<office:document-content/>")
    source = tmp_path / "report.bin"
    source.write_bytes(buf.getvalue())
    with pytest.raises(gr.UnsupportedFileError, match=rf"OpenDocument .*\{said}"):
        gr.read(source)


def test_csv_files_carry_a_byte_order_mark_for_excel(tmp_path: Path) -> None:
    """Files and bytes of the label CSV start with a UTF-8 BOM (Excel then reads UTF-8); the text API has none."""
    report = gr.read(EXAMPLES / "sample-2021" / "report.json")
    gr.write(report, tmp_path / "r.csv")
    assert (tmp_path / "r.csv").read_bytes().startswith(b"\xef\xbb\xbftable,row,column,value")
    assert gr.to_csv(report).startswith("table,row,column,value")
    assert report == gr.read(tmp_path / "r.csv")


def test_template_filled_by_code_with_text_in_it() -> None:
    """A template filled by openpyxl (no cached formula results), one number typed as text and one placeholder:
    the totals are computed from the parts as they read, never reported as bad input; the text number warns."""
    from openpyxl import load_workbook

    from govinfo_report.io._xlsx_write import cell_address
    from tests.excel_fill import fill_template

    sample = gr.read(EXAMPLES / "sample-2021" / "report.json")
    data = fill_template(gr.to_xlsx(gr.blank_report("2021"), template=True), sample)
    wb = load_workbook(io.BytesIO(data))
    granted = sample.spec.cells_by_pointer["/table3/granted/natural_person"]
    sheet, r, c = cell_address("2021", granted)
    wb[sheet].cell(row=r, column=c).value = str(sample.table3.granted.natural_person)  # typed as text
    secret = sample.spec.cells_by_pointer["/table3/withheld_state_secret/commercial"]
    sheet, r, c = cell_address("2021", secret)
    wb[sheet].cell(row=r, column=c).value = "-"  # a placeholder where the sample has 0
    out = io.BytesIO()
    wb.save(out)
    report = gr.loads(out.getvalue(), "xlsx")
    assert sample.table3.total_handled == report.table3.total_handled  # computed from the parts
    findings = gr.validate(report).findings
    codes = [f.code for f in findings]
    assert ["/table3/granted/natural_person"] == [f.path for f in findings if f.code == "cell-text-number"]
    assert "cell-placeholder" in codes
    assert not {"cell-not-a-number", "t3-balance", "t3-row-total", "t3-results-total"} & set(codes)
