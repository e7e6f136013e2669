"""Importing published reports: HTML pages and Markdown (groundwork for the import issue)."""

from __future__ import annotations

import pytest

import govinfo_report as gr
from govinfo_report.io._html_read import read_html, read_markdown
from tests.conftest import EXAMPLES, FIXTURES

REPORTS = {name: gr.read(EXAMPLES / name / "report.json") for name in ("sample-2021", "shanghai-2019")}
TEXTS = ("general_situation", "problems", "other_matters")


@pytest.mark.parametrize("name", sorted(REPORTS))
@pytest.mark.parametrize("render", [gr.to_html, gr.to_markdown], ids=["html", "markdown"])
def test_own_renderings_read_back(name: str, render: object) -> None:
    """What we publish reads back: every cell, the text sections, agency, year and publication date."""
    report = REPORTS[name]
    text = render(report)  # type: ignore[operator]
    back = read_html(text) if render is gr.to_html else read_markdown(text)
    assert report.values() == back.values()
    assert [getattr(report, k) for k in TEXTS] == [getattr(back, k) for k in TEXTS]
    assert (report.meta.agency, report.meta.year, report.meta.published) == (
        back.meta.agency,
        back.meta.year,
        back.meta.published,
    )


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
