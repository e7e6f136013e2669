"""The importers on the real-report corpus: every expected cell, every report, the printed arithmetic."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

import govinfo_report as gr
from tests import corpus
from tests.io.test_kinds import PDFTOTEXT, layout_text

pytestmark = pytest.mark.skipif(
    not (corpus.CORPUS / "index.jsonl").exists(),
    reason=f"the real-report corpus is not at {corpus.CORPUS} (set GOVINFO_CORPUS to its folder)",
)


@pytest.fixture(scope="module")
def scores() -> list[corpus.Score]:
    return corpus.score_all()


def _wrong(scores: list[corpus.Score]) -> str:
    return "\n".join(f"{s.id}: {' | '.join(k)}: want {w!r}, got {g!r}" for s in scores for k, w, g in s.wrong[:3])


def test_cells(scores: list[corpus.Score], capsys: pytest.CaptureFixture[str]) -> None:
    """At least 99.5 % of all expected cells are read exactly (blank where blank)."""
    with capsys.disabled():
        print("\n" + corpus.table(scores))
    cells, _ = corpus.totals(scores)
    assert cells >= corpus.CELL_THRESHOLD, _wrong(scores)


@pytest.mark.xfail(
    strict=True,
    reason="002/003 print 政府集中采购's count and amount run together (13575394432.52元: 10 readings, "
    "39573802895.90元: 9); no rule of the format splits them, so they are left blank and reported, but the expected "
    "files do not list them as ambiguous. Every other report is exact.",
)
def test_reports(scores: list[corpus.Score]) -> None:
    """At least 95 % of the reports are read exactly."""
    _, reports = corpus.totals(scores)
    assert reports >= corpus.REPORT_THRESHOLD, _wrong(scores)


def test_only_the_unsplittable_pairs_are_wrong(scores: list[corpus.Score]) -> None:
    """What keeps the reports test from passing is only the run-together 政府集中采购 pairs, read blank."""
    wrong = {(s.id, k[2], g) for s in scores for k, _, g in s.wrong}
    assert wrong <= {(i, c, "") for i in ("002", "003") for c in ("采购项目数量", "采购总金额")}


def test_arithmetic_as_printed(scores: list[corpus.Score]) -> None:
    """Validating an imported report finds exactly the arithmetic errors of the printed values, on their cells."""
    differ = {s.id: (sorted(s.arithmetic_expected), sorted(s.arithmetic_found)) for s in scores if s.error == ""}
    differ = {k: v for k, v in differ.items() if v[0] != v[1]}
    assert {} == differ


def test_published_errors_are_found(scores: list[corpus.Score]) -> None:
    """The corpus notes published arithmetic errors; the printed values really have them (the check can fail)."""
    assert any(s.arithmetic_expected for s in scores)


def test_docs_table_is_current(scores: list[corpus.Score]) -> None:
    """docs/import.md carries the table this run produces (`python -m tests.corpus --write`)."""
    text = corpus.DOC.read_text("utf-8")
    assert corpus.table(scores) in text


def _opencc(config: str) -> Any:
    """An OpenCC converter (the mirrors of spec D16 are made by such converters); the test skips without it."""
    opencc = pytest.importorskip("opencc")
    return opencc.OpenCC(config)


_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
# Ways the same report is printed by other bodies or tools: each leaves every value as it was.
_SECTION_TITLES = (
    "总体情况",
    "主动公开政府信息情况",
    "收到和处理政府信息公开申请情况",
    "政府信息公开行政复议、行政诉讼情况",
    "存在的主要问题及改进情况",
    "其他需要报告的事项",
)


def _renumbered(text: str, shift: int) -> str:
    """The six section headings numbered ``shift`` off (spec D15: a body numbering its sections its own way)."""
    numerals = "一二三四五六七八九"
    for i, title in enumerate(_SECTION_TITLES):
        numeral = numerals[i + shift] if i + shift >= 0 else "〇"
        text = re.sub(f"[一二三四五六]、(\\s*){re.escape(title)}", f"{numeral}、\\1{title}", text)
    return text


VARIANTS = {
    "full-width digits": lambda t: t.translate(_FULLWIDTH),
    "CRLF line ends": lambda t: t.replace("\r\n", "\n").replace("\n", "\r\n"),
    "ASCII brackets": lambda t: t.replace("（", "(").replace("）", ")"),
    "full-width brackets": lambda t: t.replace("(", "（").replace(")", "）"),
    "spaced labels": lambda t: re.sub(
        "自然人|商业企业|科研机构|总计|行政许可|行政处罚", lambda m: " ".join(m.group()), t
    ),
    "digits grouped by thousands": lambda t: re.sub(r"(?<![\d.,])(\d)(\d{3})(?![\d.]|\s*年)", r"\1,\2", t),
    "tabs for spaces": lambda t: t.replace(" ", "\t"),
    "一. for 一、": lambda t: re.sub(r"([一二三四])、(本年|上年|结转)", r"\1.\2", t),
    "zero-width spaces in labels": lambda t: re.sub(
        "自然人|商业企业|科研机构|总计|行政许可|行政处罚|维持|纠正", lambda m: "\u200b".join(m.group()), t
    ),
    "zero-width spaces after numbers": lambda t: re.sub(r"(\d)(?=[\s<|])", "\\1\u200b", t),
    "page numbers between rows": lambda t: "\n".join(
        line + (f"\n\n                    — {i // 12} —\n\f" if i % 12 == 11 else "")
        for i, line in enumerate(t.split("\n"))
    ),
    "a line per section and row group": lambda t: re.sub(r"(?<=\S)([一二三四五六]、)", r"\n\1", t),
    "一 for 一、": lambda t: re.sub(r"(^|\n|>)(\s*)([一二三四五六])、", r"\1\2\3 ", t),
    "一， for 一、": lambda t: re.sub(r"([一二三四五六])、", r"\1，", t),
    "traditional script": lambda t: _opencc("s2t").convert(t),
    "traditional script, Taiwan words": lambda t: _opencc("s2twp").convert(t),
    "sections renumbered, tables 一 to 三 (D15)": lambda t: _renumbered(t, -1),
    "sections renumbered, one section more first (D15)": lambda t: _renumbered(t, 1),
    "1、 for 1.": lambda t: re.sub(
        r"(?<![\d.])([1-8])\.(属于|其他法律|危及|保护|本机关|没有现成|补正|信访|重复|要求|无正当|申请人)", r"\1、\2", t
    ),
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_the_same_report_printed_otherwise(variant: str, scores: list[corpus.Score], tmp_path: Path) -> None:
    """Every text, HTML and Markdown report of the corpus, printed in another common way, reads the same."""
    by_id = {s.id: s for s in scores}
    changed = 0
    for entry in corpus.entries():
        raw = corpus.CORPUS / entry["raw"]
        if raw.suffix not in (".txt", ".html", ".md") or (variant == "tabs for spaces" and raw.suffix == ".html"):
            continue
        text = raw.read_text("utf-8")
        printed = VARIANTS[variant](text)
        if printed == text:
            continue
        changed += 1
        other = tmp_path / f"{entry['id']}{raw.suffix}"
        other.write_text(printed, "utf-8")
        score = corpus.score_entry({**entry, "raw": str(other)})
        assert (by_id[entry["id"]].right, by_id[entry["id"]].wrong) == (score.right, score.wrong), entry["id"]
    assert changed


def _filled(template: bytes) -> tuple[bytes, int]:
    """A Word template with every empty data cell filled with its number in reading order (1, 2, 3...)."""
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    src = zipfile.ZipFile(io.BytesIO(template))
    root = etree.fromstring(src.read("word/document.xml"))
    k = 0
    for tc in root.iter(f"{w}tc"):
        merge = tc.find(f"{w}tcPr/{w}vMerge")
        if "".join(t.text or "" for t in tc.iter(f"{w}t")).strip("\u3000 ") or (
            merge is not None and merge.get(f"{w}val") != "restart"
        ):
            continue  # a label, or the continuation of a merged cell
        k += 1
        for t in tc.iter(f"{w}t"):
            t.text = ""
        paragraph = tc.find(f"{w}p")
        if paragraph is None:
            paragraph = etree.SubElement(tc, f"{w}p")
        etree.SubElement(etree.SubElement(paragraph, f"{w}r"), f"{w}t").text = str(k)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            part = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            z.writestr(info, part if info.filename == "word/document.xml" else src.read(info))
    return out.getvalue(), k


def test_a_real_blank_template_filled_in(tmp_path: Path) -> None:
    """Each blank Word template of the corpus, its empty cells numbered in reading order, reads every number in
    its cell: the official order of the cells is the order the template prints them in."""
    templates = [e for e in corpus.entries() if e.get("blank") and e["raw"].endswith(".docx")]
    assert templates
    for entry in templates:
        data, count = _filled((corpus.CORPUS / entry["raw"]).read_bytes())
        path = tmp_path / "filled.docx"
        path.write_bytes(data)
        report = gr.read(path)
        assert count == len(report.spec.cells)
        assert [int(v) for v in report.values() if v is not None] == list(range(1, count + 1)), entry["id"]


def test_a_real_blank_template_filled_in_and_printed_to_pdf(tmp_path: Path) -> None:
    """The same filled template printed to PDF by LibreOffice reads every number into its cell: its 总计 cells
    are aligned at the top and the others in the middle, so a row with a wrapped label prints its values on
    two lines; group labels print between a row's lines."""
    from tests.io.test_kinds import SOFFICE, _chinese_font, _saved_by_libreoffice

    if SOFFICE is None or not _chinese_font():
        pytest.skip("LibreOffice or a font with Chinese glyphs is not installed")
    pytest.importorskip("pypdfium2")
    for entry in [e for e in corpus.entries() if e.get("blank") and e["raw"].endswith(".docx")]:
        data, count = _filled((corpus.CORPUS / entry["raw"]).read_bytes())
        (tmp_path / "filled.docx").write_bytes(data)
        pdf = _saved_by_libreoffice(tmp_path / "filled.docx", "pdf", tmp_path)
        report = gr.read(pdf)
        assert [int(v) for v in report.values() if v is not None] == list(range(1, count + 1)), entry["id"]
        if PDFTOTEXT is not None:  # and its text as pdftotext -layout extracts it
            report = gr.read(layout_text(pdf, tmp_path))
            assert [int(v) for v in report.values() if v is not None] == list(range(1, count + 1)), entry["id"]


def test_portal_pages_printed_to_pdf_by_a_browser(tmp_path: Path, scores: list[corpus.Score]) -> None:
    """Each HTML report of the corpus, printed to PDF by Chromium, reads the same cells right as the page."""
    from tests.io.test_kinds import CHROMIUM, _chinese_font, _printed_by_chromium

    if CHROMIUM is None or not _chinese_font():
        pytest.skip("Chromium or a font with Chinese glyphs is not installed")
    pytest.importorskip("pypdfium2")
    by_id = {s.id: s for s in scores}
    pages = [e for e in corpus.entries() if e["raw"].endswith(".html")]
    assert pages
    for entry in pages:
        source = tmp_path / f"{entry['id']}.html"
        source.write_bytes((corpus.CORPUS / entry["raw"]).read_bytes())
        pdf = _printed_by_chromium(source, tmp_path)
        score = corpus.score_entry({**entry, "raw": str(pdf)})
        assert (by_id[entry["id"]].right, by_id[entry["id"]].wrong) == (score.right, score.wrong), entry["id"]
        if PDFTOTEXT is None:
            continue
        # Its text as pdftotext -layout extracts it: blank cells print as spaces there, so a row with blanks
        # may not be placed (and is reported), but no cell is ever read wrong.
        score = corpus.score_entry({**entry, "raw": str(layout_text(pdf, tmp_path))})
        assert [] == [(k, want, got) for k, want, got in score.wrong if got not in (None, "")], entry["id"]
        expected = json.loads((corpus.CORPUS / entry["expected"]).read_text("utf-8"))
        if None not in corpus.expected_cells(expected).values():  # every value printed: every value read
            assert (by_id[entry["id"]].right, ()) == (score.right, score.wrong), entry["id"]


TEXT_BROWSERS = {
    "w3m": ["w3m", "-dump", "-T", "text/html", "-O", "UTF-8"],  # tables drawn with box characters
    "lynx": ["lynx", "-dump", "-nolist", "-display_charset=utf-8"],  # cells apart, no rules
}


@pytest.mark.parametrize("browser", sorted(TEXT_BROWSERS))
def test_portal_pages_dumped_by_a_text_browser(tmp_path: Path, scores: list[corpus.Score], browser: str) -> None:
    """Each HTML report of the corpus as a text browser dumps it (a crawler's text): no cell is read wrong. With
    w3m's rules every cell is read, blanks included; lynx prints a blank cell as spaces, which do not say its
    column, so there every cell is read where every cell is printed."""
    import shutil
    import subprocess

    if shutil.which(browser) is None:
        pytest.skip(f"{browser} is not installed")
    by_id = {s.id: s for s in scores}
    for entry in [e for e in corpus.entries() if e["raw"].endswith(".html")]:
        dump = subprocess.run(  # noqa: S603
            [*TEXT_BROWSERS[browser], str(corpus.CORPUS / entry["raw"])], capture_output=True, check=True, timeout=60
        ).stdout
        (tmp_path / "page.txt").write_bytes(dump)
        score = corpus.score_entry({**entry, "raw": str(tmp_path / "page.txt")})
        assert [] == [(k, want, got) for k, want, got in score.wrong if got not in (None, "")], entry["id"]
        expected = json.loads((corpus.CORPUS / entry["expected"]).read_text("utf-8"))
        if browser == "w3m" or None not in corpus.expected_cells(expected).values():
            assert (by_id[entry["id"]].right, ()) == (score.right, score.wrong), entry["id"]


@pytest.mark.parametrize(("read_as", "errors"), [("gbk", "ignore"), ("gbk", "replace"), ("latin-1", "strict")])
def test_reports_misread(tmp_path: Path, scores: list[corpus.Score], read_as: str, errors: str) -> None:
    """Each text, HTML and Markdown report of the corpus as a crawler that misread it saves it (spec D17). Taken
    for GBK, about one character in eight is lost, yet at least 85 % of the cells read right, and none wrong;
    taken for Latin-1, every byte is kept and every cell reads as from the file. A warning says so."""
    by_id = {s.id: s for s in scores}
    for entry in [e for e in corpus.entries() if e["raw"].endswith((".txt", ".html", ".md"))]:
        text = (corpus.CORPUS / entry["raw"]).read_bytes().decode(read_as, errors)
        path = tmp_path / f"{entry['id']}{Path(entry['raw']).suffix}"
        path.write_text(text, "utf-8")
        score = corpus.score_entry({**entry, "raw": str(path)})
        misread = [(k, w, g) for k, w, g in score.wrong if g not in (None, "") and "\ufffd" not in str(g)]
        assert [] == misread, entry["id"]
        assert score.right >= 0.85 * score.total, entry["id"]
        if read_as == "latin-1":
            assert (by_id[entry["id"]].right, by_id[entry["id"]].wrong) == (score.right, score.wrong), entry["id"]
        report = gr.read(path)
        assert "import-text-repaired" in {f.code for f in gr.validate(report)}, entry["id"]


def _split_table(page: str, at: int, header_rows: int) -> str:
    """The page with table 三 split into two tables after its row ``at``, the first ``header_rows`` repeated."""
    import copy

    from lxml import html

    doc = html.fromstring(page)
    table = next(t for t in doc.iter("table") if "本年新收" in t.text_content() and "予以公开" in t.text_content())
    rows = list(table.iter("tr"))
    second = etree.Element("table", dict(table.attrib))
    second.extend(copy.deepcopy(r) for r in rows[:header_rows])
    for row in rows[at:]:
        row.getparent().remove(row)
        second.append(row)
    table.addnext(second)
    return html.tostring(doc, encoding="unicode")


@pytest.mark.parametrize(("at", "header_rows"), [(8, 0), (15, 0), (8, 3), (15, 4)])
def test_portal_pages_with_a_table_split_at_a_page_break(
    tmp_path: Path, scores: list[corpus.Score], at: int, header_rows: int
) -> None:
    """Each HTML report of the corpus with table 三 published as two tables (a page break in the Word original),
    its header printed again or not, and the second part without the group cells that span the break: every
    cell reads as from the page (was: up to 140 cells lost)."""
    by_id = {s.id: s for s in scores}
    for entry in [e for e in corpus.entries() if e["raw"].endswith(".html")]:
        path = tmp_path / f"{entry['id']}.html"
        path.write_text(_split_table((corpus.CORPUS / entry["raw"]).read_text("utf-8"), at, header_rows), "utf-8")
        score = corpus.score_entry({**entry, "raw": str(path)})
        assert (by_id[entry["id"]].right, by_id[entry["id"]].wrong) == (score.right, score.wrong), entry["id"]
