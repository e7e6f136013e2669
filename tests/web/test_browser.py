"""The page in a real browser (Playwright driving Debian's Chromium), used as a person would use it.

Skipped, saying why, where Playwright or Chromium is missing; CI installs both. With
``GOVINFO_WEB_SCREENSHOTS=DIR`` the tests also save the screenshots of docs/web.md there.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import govinfo_report as gr
from tests.conftest import EXAMPLES, FIXTURES

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed: pip install playwright")
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None:
    pytest.skip("no Chromium to drive: apt-get install chromium (or set CHROMIUM=/path/to/it)", allow_module_level=True)
expect = sync_api.expect

SEED = EXAMPLES / "seed-2021" / "report.txt"
INCOMPLETE = FIXTURES / "findings" / "import-incomplete" / "input.json"
SHOTS = os.environ.get("GOVINFO_WEB_SCREENSHOTS")


def shot(page: Any, name: str, around: Any = None) -> None:
    """Save a screenshot for the docs (only with GOVINFO_WEB_SCREENSHOTS): the window, or the band around a cell."""
    if not SHOTS:
        return
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    clip = None
    if around is not None:
        box = around.bounding_box()
        width = page.viewport_size["width"]
        clip = {"x": 0, "y": max(0, box["y"] - 260), "width": width, "height": 560}
    page.screenshot(path=str(Path(SHOTS) / name), clip=clip)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


@pytest.fixture
def page(browser: Any, base_url: str) -> Iterator[Any]:
    """A fresh page at the checker; every request it makes is recorded, and must stay on the server."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    p = context.new_page()
    p.set_default_timeout(20_000)
    requests: list[str] = []
    errors: list[str] = []
    p.on("request", lambda r: requests.append(r.url))
    p.on("pageerror", lambda e: errors.append(str(e)))
    p.goto(f"{base_url}/")
    yield p
    context.close()
    assert [] == errors
    assert [] == [u for u in requests if not u.startswith((base_url, "data:", "blob:"))]


def broken(tmp_path: Path) -> tuple[Path, gr.AnnualReport]:
    """The seed report with one cell changed, as a CSV file."""
    seed = gr.read(SEED)
    report = seed.with_values({"/table3/granted/natural_person": (seed.table3.granted.natural_person or 0) + 5})
    path = tmp_path / "broken.csv"
    gr.write(report, path)
    return path, gr.read(path)


def worst_by_cell(report: gr.AnnualReport) -> dict[str, str]:
    """The severity each cell should be marked with: the worst of the findings on it."""
    rank = {"error": 3, "warning": 2, "info": 1}
    pointer = {c.labels: c.pointer for c in report.spec.cells}
    out: dict[str, str] = {}
    for f in gr.validate(report).findings:
        for labels in f.cells:
            p, sev = pointer[labels], f.severity.value
            if rank[sev] > rank.get(out.get(p, ""), 0):
                out[p] = sev
    return out


def td(page: Any, pointer: str) -> Any:
    return page.locator(f'#report td[data-cell="{pointer}"]')


def test_seed_report(page: Any) -> None:
    """The seed report, as published, is read in full, shown in the official layout, with no findings."""
    page.set_input_files("#file", str(SEED))
    expect(page.locator("#summary .badge.ok")).to_be_visible()
    report = gr.read(SEED)
    expect(td(page, "/table3/granted/total")).to_have_text(str(report.table3.granted.total))
    assert 0 == page.locator("#report td[data-mark]").count()
    assert page.locator("#incomplete").is_hidden()
    assert page.locator("#skip-row").is_hidden()  # a form's option only
    shot(page, "web-seed.png")


def test_findings_are_marked_on_their_cells(page: Any, tmp_path: Path) -> None:
    """Every cell a finding is about is marked with the worst severity on it; hover and focus show the messages."""
    path, report = broken(tmp_path)
    page.set_input_files("#file", str(path))
    expect(page.locator("#report td[data-mark]").first).to_be_visible()
    marked = page.locator("#report td[data-severity]")
    shown = {
        marked.nth(i).get_attribute("data-cell"): marked.nth(i).get_attribute("data-severity")
        for i in range(marked.count())
    }
    assert worst_by_cell(report) == shown
    result = gr.validate(report)
    expect(page.locator('#summary [data-severity="error"]')).to_contain_text(str(result.counts["error"]))

    cell = td(page, "/table3/granted/natural_person")
    here = [
        f for f in result.findings if any(c == cell_labels(report, "/table3/granted/natural_person") for c in f.cells)
    ]
    shot(page, "web-upload.png")
    cell.hover()
    expect(page.locator("#tip")).to_be_visible()
    for f in here:
        expect(page.locator("#tip")).to_contain_text(f.message("zh"))
    shot(page, "web-findings.png", around=cell)

    page.click("#lang")  # English
    page.mouse.move(0, 0)
    cell.focus()  # by keyboard: the marked cell takes the focus and shows its messages
    assert "0" == cell.get_attribute("tabindex")
    for f in here:
        expect(page.locator("#tip")).to_contain_text(f.message("en"))
    shot(page, "web-english.png", around=cell)
    for f in result.findings:
        expect(page.locator(f'#findings li[data-code="{f.code}"]').first).to_be_visible()
    expect(page.locator("#findings")).to_contain_text(result.findings[0].message("en"))


def cell_labels(report: gr.AnnualReport, pointer: str) -> tuple[str, str, str]:
    return next(c.labels for c in report.spec.cells if c.pointer == pointer)


@pytest.mark.parametrize("kind", ["json", "xlsx", "docx"])
def test_downloads(page: Any, tmp_path: Path, kind: str) -> None:
    """The report downloads as each kind, and the file reads back as the report that was uploaded."""
    path, report = broken(tmp_path)
    page.set_input_files("#file", str(path))
    expect(page.locator("#report td[data-mark]").first).to_be_visible()
    with page.expect_download() as info:
        page.click(f'#downloads button[data-kind="{kind}"]')
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    assert target.suffix == f".{kind}"
    assert report.values() == gr.read(target).values()


def test_template_download(page: Any, tmp_path: Path) -> None:
    """The blank templates of either format download from the page."""
    with page.expect_download() as info:
        page.click('#templates a[href="/api/template/2019.xlsx"]')
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    blank = gr.read(target)
    assert ("2019", gr.blank_report("2019").values()) == (blank.format, blank.values())


def test_blank_form_live_totals(page: Any) -> None:
    """A blank form of the official layout: numbers typed in, totals computed by the library as one types."""
    page.click('[data-blank="2021"]')
    natural = td(page, "/table3/granted/natural_person").locator("input")
    expect(natural).to_be_editable()
    total = td(page, "/table3/granted/total").locator("input")
    assert total.get_attribute("readonly") is not None
    natural.fill("5")
    td(page, "/table3/granted/commercial").locator("input").fill("2")
    td(page, "/table3/new_received/natural_person").locator("input").fill("9")
    fields = {
        "format": "2021",
        "/table3/granted/natural_person": "5",
        "/table3/granted/commercial": "2",
        "/table3/new_received/natural_person": "9",
    }
    filled = gr.fill_totals(gr.from_form(fields))
    expect(total).to_have_value(str(filled.table3.granted.total))
    expect(td(page, "/table3/total_handled/total").locator("input")).to_have_value(
        str(filled.table3.total_handled.total)
    )
    expect(page.locator('#findings li[data-code="meta-agency-missing"]')).to_have_count(1)
    title = page.locator("#report h1")
    expect(title).to_have_attribute("data-severity", "error")  # a finding on no cell: on the title
    general = page.locator("#gir-general_situation > h2")
    expect(general).to_have_attribute("data-severity", "error")  # ... or on its section's heading
    page.locator('#meta-form input[name="agency"]').fill("某某县人民政府")
    page.locator('#meta-form input[name="year"]').fill("2023")
    expect(page.locator('#findings li[data-code="meta-agency-missing"]')).to_have_count(0)
    sections = [f for f in gr.validate(gr.from_form(fields)).findings if f.code == "section-empty"]
    expect(page.locator('#findings li[data-code="section-empty"]')).to_have_count(len(sections))
    page.locator('#report textarea[name="general_situation"]').fill("本机关全年主动公开政府信息。")
    expect(page.locator('#findings li[data-code="section-empty"]')).to_have_count(len(sections) - 1)
    expect(general).not_to_have_attribute("data-severity", "error")
    expect(title).to_contain_text("某某县人民政府2023")  # the title follows the form
    fields["general_situation"] = "本机关全年主动公开政府信息。"
    marked = page.locator("#report td[data-severity]")
    fields.update({"agency": "某某县人民政府", "year": "2023"})
    expected = worst_by_cell_skip(gr.fill_totals(gr.from_form(fields)), "cell-empty")
    expect(marked).to_have_count(len(expected))
    natural.focus()
    shot(page, "web-form.png", around=natural)


def worst_by_cell_skip(report: gr.AnnualReport, code: str) -> dict[str, str]:
    rank = {"error": 3, "warning": 2, "info": 1}
    pointer = {c.labels: c.pointer for c in report.spec.cells}
    out: dict[str, str] = {}
    for f in gr.validate(report, skip=[code]).findings:
        for labels in f.cells:
            p, sev = pointer[labels], f.severity.value
            if rank[sev] > rank.get(out.get(p, ""), 0):
                out[p] = sev
    return out


def test_incomplete_import_is_shown(page: Any) -> None:
    """A report whose import could not read everything says so, note by note."""
    page.set_input_files("#file", str(INCOMPLETE))
    expect(page.locator("#incomplete")).to_be_visible()
    for note in gr.read(INCOMPLETE).provenance.notes:  # type: ignore[union-attr]
        expect(page.locator("#incomplete")).to_contain_text(note.detail)


def test_narrow_screen(browser: Any, base_url: str, tmp_path: Path) -> None:
    """On a phone-sized screen the page does not overflow; the table scrolls in its own box."""
    context = browser.new_context(viewport={"width": 375, "height": 800}, device_scale_factor=2)
    page = context.new_page()
    page.goto(f"{base_url}/")
    path, _ = broken(tmp_path)
    page.set_input_files("#file", str(path))
    expect(page.locator("#report td[data-mark]").first).to_be_visible()
    widths = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1]
    shot(page, "web-narrow.png")
    context.close()


def test_keyboard_reaches_everything(page: Any) -> None:
    """Tab goes through the file picker, the blank forms and the template links, each with a visible name."""
    seen = []
    for _ in range(12):
        page.keyboard.press("Tab")
        seen.append(
            page.evaluate(
                "() => [document.activeElement.tagName, document.activeElement.id, document.activeElement.textContent.trim()]"
            )
        )
    tags = [s[0] for s in seen]
    assert "INPUT" in tags  # the file picker
    assert any(s[0] == "BUTTON" and "2019" in s[2] for s in seen)
    assert any(s[0] == "A" for s in seen)
