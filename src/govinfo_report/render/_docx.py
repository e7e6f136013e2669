"""Word (.docx): the report as offices file it, or a blank template to write in.

Layout follows the usual government document style (GB/T 9704): A4 paper,
margins 3.7/3.5/2.8/2.6 cm, a 小标宋/宋体 title, 黑体 section headings, 仿宋
三号 body text with a two-character indent, and page numbers at the foot.
Tables are drawn from :mod:`govinfo_report.layout` with their merges, in 宋体
五号 (table 四 smaller, so its 15 columns fit the page width), and their
header rows repeat on every page.

Fonts are named by their Chinese names with Latin fallbacks (Times New Roman);
a machine without them substitutes its own CJK fonts (LibreOffice picks
Noto CJK, for instance).
"""

from __future__ import annotations

import datetime
import io
import re
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from govinfo_report._optional import optional
from govinfo_report.formats import TableSpec
from govinfo_report.layout import CELL_MARGIN_CM, TABLE_PT, table_grid
from govinfo_report.model import AnnualReport, Value
from govinfo_report.render._common import (
    GENERATOR,
    cell_text,
    extra_row_lines,
    paragraphs,
    signature,
    title,
    warn_unwritable,
)

__all__ = ["to_docx"]

BODY_FONT = "仿宋"
HEADING_FONT = "黑体"
TABLE_FONT = "宋体"
TITLE_FONT = "宋体"
LATIN_FONT = "Times New Roman"
_KEEP_ROWS = 6
"""A table starts on a page only where its header and this many rows fit; else it starts on the next."""
_TWIPS_PER_CM = 1440 / 2.54


def nsdecls(prefix: str) -> str:
    """The namespace declaration of a WordprocessingML prefix."""
    from docx.oxml.ns import nsdecls as _nsdecls  # noqa: PLC0415

    decl: str = _nsdecls(prefix)
    return decl


def _docx() -> Any:
    return optional("docx", "docx", "writing .docx", package="python-docx")


def _fonts(rpr_owner: Any, east_asia: str, size: float | None = None, *, bold: bool | None = None) -> None:
    from docx.oxml.ns import qn  # noqa: PLC0415
    from docx.shared import Pt  # noqa: PLC0415

    font = rpr_owner.font
    font.name = LATIN_FONT
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    rpr = rpr_owner.element.get_or_add_rPr() if hasattr(rpr_owner, "element") else rpr_owner._element.get_or_add_rPr()  # noqa: SLF001
    rfonts = rpr.get_or_add_rFonts()
    rfonts.set(qn("w:eastAsia"), east_asia)
    rfonts.set(qn("w:hint"), "eastAsia")


# Each Chinese font with the Latin name Word also knows it by and the GB2312 character set, so that a
# machine without it substitutes a matching CJK font (serif for 仿宋 and 宋体, sans for 黑体).
_FONT_TABLE = (
    (BODY_FONT, "FangSong", "roman", "02010609060101010101"),
    (TABLE_FONT, "SimSun", "roman", "02010600030101010101"),
    (HEADING_FONT, "SimHei", "modern", "02010609060101010101"),
)


def _font_table(document: Any) -> None:
    """Declare the Chinese fonts with their alternative names (Word's fallback information)."""
    for part in document.part.package.parts:
        if str(part.partname) == "/word/fontTable.xml":
            entries = "".join(
                f'<w:font w:name="{name}"><w:altName w:val="{alt}"/><w:panose1 w:val="{panose}"/>'
                f'<w:charset w:val="86"/><w:family w:val="{family}"/><w:pitch w:val="variable"/></w:font>'
                for name, alt, family, panose in _FONT_TABLE
            )
            part._blob = part.blob.replace(b"</w:fonts>", entries.encode("utf-8") + b"</w:fonts>")  # noqa: SLF001
            return


def _styles(document: Any) -> None:
    from docx.shared import Pt  # noqa: PLC0415

    normal = document.styles["Normal"]
    _fonts(normal, BODY_FONT, 16)
    fmt = normal.paragraph_format
    fmt.line_spacing = Pt(28)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)


def _page(document: Any) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: PLC0415
    from docx.oxml import OxmlElement  # noqa: PLC0415
    from docx.oxml.ns import qn  # noqa: PLC0415
    from docx.shared import Cm  # noqa: PLC0415

    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _fonts(footer.add_run("— "), TABLE_FONT, 14)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    footer._p.append(field)  # noqa: SLF001
    _fonts(footer.add_run(" —"), TABLE_FONT, 14)


def _heading(document: Any, text: str, *, size: float, font: str, center: bool = False, keep: bool = False) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: PLC0415
    from docx.shared import Pt  # noqa: PLC0415

    p = document.add_paragraph()
    p.paragraph_format.keep_with_next = keep or None  # a table's heading stays with the table
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(12)
    else:
        p.paragraph_format.first_line_indent = Pt(32)
    _fonts(p.add_run(text), font, size, bold=center)


def _body_text(document: Any, text: str) -> None:
    from docx.shared import Pt  # noqa: PLC0415

    p = document.add_paragraph()
    p.paragraph_format.first_line_indent = Pt(32)
    p.add_run(_XML_BAD.sub("", text))


def _signature_line(document: Any, text: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: PLC0415

    p = document.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    p.add_run(text)


_MAX_PROPERTY = 255
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    """Text made safe for WordprocessingML: escaped, without characters XML forbids."""
    return xml_escape(_XML_BAD.sub("", text))


def _run(text: str, size: float, *, bold: bool = False) -> str:
    fonts = f'<w:rFonts w:ascii="{LATIN_FONT}" w:hAnsi="{LATIN_FONT}" w:eastAsia="{TABLE_FONT}" w:hint="eastAsia"/>'
    half_points = round(size * 2)
    weight = "<w:b/>" if bold else ""
    return (
        f'<w:r><w:rPr>{fonts}{weight}<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/></w:rPr>'
        f'<w:t xml:space="preserve">{xml_text(text)}</w:t></w:r>'
    )


def _tc(
    width: int,
    text: str,
    size: float,
    *,
    span: int,
    merge: str | None,
    align: str,
    bold: bool,
    keep: bool = False,
    vertical: bool = False,
) -> str:
    props = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if span > 1:
        props += f'<w:gridSpan w:val="{span}"/>'
    if merge == "restart":
        props += '<w:vMerge w:val="restart"/>'
    elif merge == "continue":
        props += "<w:vMerge/>"
    if vertical:
        props += '<w:textDirection w:val="tbRlV"/>'
    props += '<w:vAlign w:val="center"/>'
    paragraph = (
        f'<w:p><w:pPr>{"<w:keepNext/>" if keep else ""}<w:spacing w:before="0" w:after="0" w:line="240" '
        f'w:lineRule="auto"/><w:ind w:firstLine="0"/><w:jc w:val="{align}"/></w:pPr>'
        f"{_run(text, size, bold=bold) if text else ''}</w:p>"
    )
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{paragraph}</w:tc>"


def table_xml(report: AnnualReport, table: TableSpec, values: list[Value]) -> str:
    """The ``<w:tbl>`` of one table: spans as gridSpan, row spans as vMerge."""
    grid = table_grid(report.format, table.key)
    widths = [round(w * _TWIPS_PER_CM) for w in grid.column_widths()]
    size = TABLE_PT[table.key]
    # Which grid positions a vertical span from above covers: (row, col) -> origin cell.
    covered = {(g.row + k, g.col): g for g in grid.cells() if g.rowspan > 1 for k in range(1, g.rowspan)}
    rows = []
    for r, starting in enumerate(grid.rows):
        keep = r < grid.header_rows + _KEEP_ROWS - 1  # the header stays with the first rows, on one page
        by_col = {g.col: g for g in starting}
        cells = []
        col = 0
        while col < grid.n_cols:
            g = by_col.get(col)
            origin = covered.get((r, col))
            if g is not None:
                text = cell_text(report, values, g.cell) if g.cell is not None else g.text
                cells.append(
                    _tc(
                        sum(widths[col : col + g.colspan]),
                        text,
                        size,
                        span=g.colspan,
                        merge="restart" if g.rowspan > 1 else None,
                        align="left" if g.role == "label" and not g.vertical else "center",
                        bold=g.role == "caption",
                        keep=keep,
                        vertical=g.vertical,
                    )
                )
                col += g.colspan
            elif origin is not None:
                cells.append(
                    _tc(
                        sum(widths[col : col + origin.colspan]),
                        "",
                        size,
                        span=origin.colspan,
                        merge="continue",
                        align="center",
                        bold=False,
                        keep=keep,
                    )
                )
                col += origin.colspan
            else:  # pragma: no cover - the grids cover every position
                msg = f"grid of {table.key} leaves row {r}, column {col} empty"
                raise AssertionError(msg)
        header = (
            "<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>"
            if r < grid.header_rows
            else "<w:trPr><w:cantSplit/></w:trPr>"
        )
        rows.append(f"<w:tr>{header}{''.join(cells)}</w:tr>")
    border = '<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
    borders = "".join(border.format(side=s) for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
    grid_cols = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    margin = round(CELL_MARGIN_CM * _TWIPS_PER_CM)
    return (
        f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
        f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        f'<w:tblCellMar><w:left w:w="{margin}" w:type="dxa"/><w:right w:w="{margin}" w:type="dxa"/></w:tblCellMar>'
        "</w:tblPr>"
        f"<w:tblGrid>{grid_cols}</w:tblGrid>{''.join(rows)}</w:tbl>"
    )


def _table(document: Any, report: AnnualReport, table: TableSpec, values: list[Value]) -> None:
    from docx.oxml import parse_xml  # noqa: PLC0415

    anchor = document.add_paragraph()
    anchor._p.addprevious(parse_xml(table_xml(report, table, values)))  # noqa: SLF001


def to_docx(report: AnnualReport) -> bytes:
    """The report as a Word document (a blank report gives the template to fill in by hand).

    Warns:
        LossyWriteWarning: some text holds control characters (XML 1.0 has no place for them), left out.

    Raises:
        UnsupportedFileError: python-docx is not installed (``pip install "govinfo-report[docx]"``).
    """
    docx = _docx()
    warn_unwritable(report, _XML_BAD, "Word can not hold control characters")
    document = docx.Document()
    _styles(document)
    _font_table(document)
    _page(document)
    heading = title(report)
    props = document.core_properties
    # The document property holds 255 characters at most; the heading in the body keeps the whole title.
    props.title = _XML_BAD.sub("", heading)[:_MAX_PROPERTY]
    props.author = _XML_BAD.sub("", report.meta.agency or "")[:_MAX_PROPERTY]
    props.last_modified_by = GENERATOR
    stamp = datetime.datetime.combine(report.meta.published or datetime.date(2000, 1, 1), datetime.time())
    props.created = props.modified = stamp
    props.revision = 1
    props.category = _XML_BAD.sub("", report.meta.level or "")  # 层级 and 地区 are not printed in the form
    props.keywords = _XML_BAD.sub("", report.meta.region or "")
    _heading(document, _XML_BAD.sub("", heading), size=22, font=TITLE_FONT, center=True)
    values = report.values()
    for section in report.spec.sections:
        _heading(document, section.title, size=16, font=HEADING_FONT, keep=isinstance(section, TableSpec))
        if isinstance(section, TableSpec):
            _table(document, report, section, values)
            for line in extra_row_lines(report, section.number):
                _body_text(document, line)
        else:
            texts = paragraphs(getattr(report, section.key))
            for text in texts or [""]:
                _body_text(document, text)
    for line in signature(report):  # the closing 落款, right-aligned
        _signature_line(document, _XML_BAD.sub("", line))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
