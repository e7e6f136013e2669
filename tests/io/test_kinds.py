"""Encodings and kinds of file as offices produce them: byte-order marks, UTF-16, GBK CSV, legacy Office, OpenDocument."""

from __future__ import annotations

import io
import shutil
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
        (ole("PowerPoint Document"), "an OLE (Office 97–2003) file; save it as .docx or .xlsx"),
    ],
)
def test_legacy_office_files_are_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data: bytes, said: str) -> None:
    """Without LibreOffice (here: turned off), a legacy file is refused by name, with what to do."""
    monkeypatch.setenv("GOVINFO_REPORT_SOFFICE", "off")
    source = tmp_path / "report.doc"
    source.write_bytes(data)
    with pytest.raises(gr.UnsupportedFileError, match=said.replace("(", r"\(").replace(")", r"\)")):
        gr.read(source)


@pytest.mark.parametrize(
    ("mimetype", "said"),
    [("application/vnd.oasis.opendocument.spreadsheet", ".ods"), ("application/vnd.oasis.opendocument.text", ".odt")],
)
def test_opendocument_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mimetype: str, said: str) -> None:
    monkeypatch.setenv("GOVINFO_REPORT_SOFFICE", "off")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), mimetype)
        z.writestr("content.xml", "<office:document-content/>")
    source = tmp_path / "report.bin"
    source.write_bytes(buf.getvalue())
    with pytest.raises(gr.UnsupportedFileError, match=rf"OpenDocument .*\{said}\); save it as .*LibreOffice"):
        gr.read(source)


def _fake_soffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str) -> None:
    """A stand-in for LibreOffice running ``script``, named by GOVINFO_REPORT_SOFFICE."""
    program = tmp_path / "soffice"
    program.write_text(f"#!/bin/sh\n{script}\n")
    program.chmod(0o755)
    monkeypatch.setenv("GOVINFO_REPORT_SOFFICE", str(program))


def test_a_stuck_conversion_is_ended(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A converter that never finishes is killed at the time limit, with a one-line reason."""
    from govinfo_report.io import _office

    _fake_soffice(tmp_path, monkeypatch, "sleep 30")
    monkeypatch.setattr(_office, "CONVERT_SECONDS", 0.2)
    source = tmp_path / "report.doc"
    source.write_bytes(ole("WordDocument"))
    with pytest.raises(gr.ReadError, match=r"\(\.doc\): LibreOffice did not convert it within 0.2 s"):
        gr.read(source)


def test_a_failed_conversion_is_a_read_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_soffice(tmp_path, monkeypatch, "exit 3")
    source = tmp_path / "report.xls"
    source.write_bytes(ole("Workbook"))
    with pytest.raises(gr.ReadError, match=r"could not convert it \(exit 3\)"):
        gr.read(source)


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_libreoffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")


def _saved_by_libreoffice(source: Path, target: str, tmp_path: Path) -> Path:
    """``source`` saved by LibreOffice as ``target`` (doc, xls, odt, ods), as an office would have it."""
    import subprocess

    profile = (tmp_path / "profile").as_uri()
    cmd = [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", target]
    subprocess.run([*cmd, "--outdir", str(tmp_path), str(source)], check=True, capture_output=True, timeout=180)  # noqa: S603
    return tmp_path / f"{source.stem}.{target}"


@needs_libreoffice
@pytest.mark.parametrize(("written", "legacy"), [("docx", "doc"), ("xlsx", "xls"), ("docx", "odt"), ("xlsx", "ods")])
def test_legacy_files_read_through_libreoffice(tmp_path: Path, written: str, legacy: str) -> None:
    """A report saved as .doc/.xls/.odt/.ods reads with the same tables as the file it was saved from."""
    pytest.importorskip("docx")
    original = gr.read(EXAMPLES / "sample-2021" / "report.json")
    source = tmp_path / f"report.{written}"
    gr.write(original, source)
    saved = _saved_by_libreoffice(source, legacy, tmp_path)
    report = gr.read(saved)
    assert (original.table2, original.table3, original.table4) == (report.table2, report.table3, report.table4)
    assert original.meta.agency == report.meta.agency
    assert report.provenance is not None
    assert (legacy, saved.stat().st_size) == (report.provenance.reader, report.provenance.size)


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PDFTOTEXT = shutil.which("pdftotext")


def layout_text(pdf: Path, tmp_path: Path) -> Path:
    """The text of ``pdf`` as ``pdftotext -layout`` extracts it (corpus entries 007 and 008 are such text)."""
    import subprocess

    assert PDFTOTEXT is not None
    target = tmp_path / f"{pdf.stem}.txt"
    subprocess.run([PDFTOTEXT, "-layout", str(pdf), str(target)], check=True, timeout=60)  # noqa: S603
    return target


def _chinese_font() -> bool:
    """Whether a font with Chinese glyphs is installed (LibreOffice and Chromium print Chinese text with it)."""
    import subprocess

    if shutil.which("fc-list") is None:
        return False
    found = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, check=False)  # noqa: S607
    return bool(found.stdout.strip())


def _printed_by_chromium(source: Path, tmp_path: Path) -> Path:
    """``source`` (an HTML page) printed to PDF by Chromium, as a browser's 打印 → 另存为 PDF has it."""
    import subprocess

    target = tmp_path / f"{source.stem}.pdf"
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer"]
    cmd += [f"--user-data-dir={tmp_path / 'chromium'}", f"--print-to-pdf={target}", source.as_uri()]
    subprocess.run(cmd, check=True, capture_output=True, timeout=120)  # noqa: S603
    return target


@pytest.mark.parametrize("example", ["sample-2021", "shanghai-2019"])
@pytest.mark.parametrize("printer", ["libreoffice-docx", "libreoffice-xlsx", "chromium-html"])
def test_pdfs_printed_by_other_programs(tmp_path: Path, example: str, printer: str) -> None:
    """A report as LibreOffice prints our Word document or workbook to PDF, and as Chromium prints our HTML
    page, reads with the same tables and no import finding: labels wrapped in narrow cells, group labels
    centred between a row's lines, values of one row on two lines, rows printed blank (2019 example)."""
    pytest.importorskip("pypdfium2")
    program, kind = printer.split("-")
    if (SOFFICE if program == "libreoffice" else CHROMIUM) is None:
        pytest.skip(f"{program} is not installed")
    if not _chinese_font():
        pytest.skip("no font with Chinese glyphs is installed (apt-get install fonts-noto-cjk)")
    if kind == "docx":
        pytest.importorskip("docx")
    original = gr.read(EXAMPLES / example / "report.json")
    source = tmp_path / f"report.{kind}"
    gr.write(original, source)
    pdf = (
        _saved_by_libreoffice(source, "pdf", tmp_path)
        if program == "libreoffice"
        else _printed_by_chromium(source, tmp_path)
    )
    report = gr.read(pdf)
    assert (original.table2, original.table3, original.table4) == (report.table2, report.table3, report.table4)
    assert [] == [f.code for f in gr.validate(report) if f.code.startswith("import")]
    if PDFTOTEXT is None:
        return
    text = gr.read(layout_text(pdf, tmp_path))  # the same PDF as pdftotext -layout extracts it
    cells = list(zip(text.spec.cells, original.values(), text.values(), strict=True))
    assert [] == [(c.pointer, a, b) for c, a, b in cells if b is not None and a != b]  # never a wrong value
    reported = {f.path for f in gr.validate(text) if f.code.startswith("import")}
    lost = {c.pointer.rsplit("/", 1)[0] for c, a, b in cells if b is None and a is not None}
    assert lost <= reported  # a value not read is said to be so
    if None not in original.values():  # every value printed: every value read (a blank prints as spaces)
        assert original.values() == text.values()
        assert [] == [f.code for f in gr.validate(text) if f.code.startswith("import")]


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


@needs_libreoffice
@pytest.mark.parametrize("example", ["sample-2021", "shanghai-2019"])
def test_a_page_opened_in_a_spreadsheet_and_saved(tmp_path: Path, example: str) -> None:
    """Our HTML page opened in LibreOffice Calc and saved as .xlsx (how an office turns a page into a workbook):
    one sheet, the tables one below the other. It reads with the same tables and metadata."""
    import subprocess

    original = gr.read(EXAMPLES / example / "report.json")
    source = tmp_path / "report.html"
    gr.write(original, source)
    profile = (tmp_path / "profile").as_uri()
    cmd = [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--infilter=HTML (StarCalc)"]
    cmd += ["--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(tmp_path / "out"), str(source)]
    subprocess.run(cmd, check=True, capture_output=True, timeout=180)  # noqa: S603
    report = gr.read(tmp_path / "out" / "report.xlsx")
    assert (original.table2, original.table3, original.table4) == (report.table2, report.table3, report.table4)
    assert (original.meta.agency, original.meta.year) == (report.meta.agency, report.meta.year)
