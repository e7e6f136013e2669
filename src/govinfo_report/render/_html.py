"""HTML: a standalone page or a fragment for a portal's own page.

Tables carry the official row and column spans from :mod:`govinfo_report.layout`.
Every piece of report text is escaped, and the output has no scripts and no
event attributes.
"""

from __future__ import annotations

import re
from html import escape

from govinfo_report.formats import TableSpec
from govinfo_report.layout import TableGrid, table_grid
from govinfo_report.model import AnnualReport, Value
from govinfo_report.render._common import (
    cell_text,
    extra_row_lines,
    generator_meta,
    meta_lines,
    paragraphs,
    title,
    warn_unwritable,
)

__all__ = ["CSS", "html_table", "to_html"]

CSS = """\
.govinfo-report { font-family: "FangSong", "仿宋", "STFangsong", "Noto Serif CJK SC", serif;
  font-size: 16px; line-height: 1.75; color: #000; max-width: 60em; margin: 0 auto; }
.govinfo-report h1, .govinfo-report h2 { font-family: "SimHei", "黑体", "Noto Sans CJK SC", sans-serif;
  font-weight: bold; }
.govinfo-report h1 { font-size: 24px; text-align: center; margin: 1em 0; }
.govinfo-report h2 { font-size: 18px; margin: 1.2em 0 0.6em; }
.govinfo-report p { text-indent: 2em; margin: 0.3em 0; }
.govinfo-report .gir-meta { text-align: center; text-indent: 0; }
.govinfo-report table { border-collapse: collapse; width: 100%; table-layout: fixed; margin: 0.6em 0 1em;
  font-family: "SimSun", "宋体", "Noto Serif CJK SC", serif; font-size: 14px; line-height: 1.35; }
.govinfo-report th, .govinfo-report td { border: 1px solid #000; padding: 4px 3px; text-align: center;
  vertical-align: middle; word-break: break-all; }
.govinfo-report th { font-weight: normal; }
.govinfo-report th.gir-caption { font-weight: bold; background: #f2f2f2; }
.govinfo-report th.gir-label { text-align: left; }
.govinfo-report th.gir-vertical { writing-mode: vertical-rl; text-align: center; letter-spacing: 0.2em; }
.govinfo-report th.gir-note { font-size: 12px; }
.govinfo-report table.gir-table4 { font-size: 12px; }
.govinfo-report thead { display: table-header-group; }
.govinfo-report tr { page-break-inside: avoid; break-inside: avoid; }
@page { size: A4; margin: 2.5cm 2cm; }
@media print { .govinfo-report { max-width: none; } }
"""

_CLASS = {"caption": "gir-caption", "header": "gir-header", "note": "gir-note", "label": "gir-label"}


def _spans(rowspan: int, colspan: int) -> str:
    out = ""
    if rowspan > 1:
        out += f' rowspan="{rowspan}"'
    if colspan > 1:
        out += f' colspan="{colspan}"'
    return out


def html_table(report: AnnualReport, table: TableSpec, values: list[Value]) -> str:
    """The ``<table>`` of one table of the report, with the official spans."""
    grid: TableGrid = table_grid(report.format, table.key)
    cols = "".join(f'<col style="width:{w:.2f}%">' for w in grid.column_widths(100.0))
    lines = [f'<table class="gir-table gir-{table.key}">', f"<colgroup>{cols}</colgroup>"]
    if grid.header_rows:
        lines.append("<thead>")
    for r, row in enumerate(grid.rows):
        if r == grid.header_rows and grid.header_rows:
            lines.append("</thead>")
        if r == grid.header_rows:
            lines.append("<tbody>")
        parts = []
        for c in row:
            spans = _spans(c.rowspan, c.colspan)
            if c.role == "data" and c.cell is not None:
                # A line break as a reference: Markdown ends an HTML block at a blank line, and a cell must not.
                text = escape(cell_text(report, values, c.cell)).replace("\n", "&#10;").replace("\r", "&#13;")
                parts.append(f'<td{spans} data-cell="{c.cell.pointer}">{text}</td>')
            else:
                scope = ' scope="col"' if c.role == "header" else ' scope="row"' if c.role == "label" else ""
                css = f"{_CLASS[c.role]} gir-vertical" if c.vertical else _CLASS[c.role]
                parts.append(f'<th class="{css}"{spans}{scope}>{escape(c.text)}</th>')
        lines.append("<tr>" + "".join(parts) + "</tr>")
    lines.append("</tbody>")
    lines.append("</table>")
    return "\n".join(lines)


def _body(report: AnnualReport) -> str:
    values = report.values()
    spec = report.spec
    out = [
        f'<article class="govinfo-report" lang="zh-CN" data-format="{spec.id}">',
        f"<h1>{escape(title(report))}</h1>",
    ]
    out.extend(f'<p class="gir-meta">{escape(line)}</p>' for line in meta_lines(report))
    for section in spec.sections:
        out.append(f'<section class="gir-section" id="gir-{section.key}">')
        out.append(f"<h2>{escape(section.title)}</h2>")
        if isinstance(section, TableSpec):
            out.append(html_table(report, section, values))
            out.extend(
                f'<p class="gir-extra-row">{escape(line)}</p>' for line in extra_row_lines(report, section.number)
            )
        else:
            out.extend(f"<p>{escape(p)}</p>" for p in paragraphs(getattr(report, section.key)))
        out.append("</section>")
    out.append("</article>")
    return "\n".join(out) + "\n"


NUL = re.compile("[\x00\ufdd0-\ufdef\ufffe\uffff]")
"""What our HTML does not hold: NUL (a parser reads it as U+FFFD) and Unicode's noncharacters (for a
program's internal use, not for interchange; our reader uses some as markers)."""


def to_html(report: AnnualReport, *, standalone: bool = True) -> str:
    """The report as HTML.

    ``standalone=True`` gives a whole page with its stylesheet and A4 print rules;
    ``False`` gives the ``<article>`` fragment (style it with :data:`CSS`).

    Warns:
        LossyWriteWarning: some text holds NUL characters or noncharacters, which HTML cannot hold (left out).
    """
    warn_unwritable(report, NUL, "HTML can not hold NUL characters and noncharacters")
    body = NUL.sub("", _body(report))
    if not standalone:
        return body
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"{NUL.sub('', generator_meta(report))}\n"
        f"<title>{escape(NUL.sub('', title(report)))}</title>\n<style>\n{CSS}</style>\n</head>\n"
        f"<body>\n{body}</body>\n</html>\n"
    )
