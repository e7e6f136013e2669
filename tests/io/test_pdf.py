"""The PDF reader on small PDFs made here: layouts of WPS-made reports, and files it must refuse."""

from __future__ import annotations

import pytest

import govinfo_report as gr
from govinfo_report.importers._pdf import MAX_PDF_PAGES, read_pdf
from tests.conftest import FIXTURES
from tests.pdf_make import Text, encrypted_pdf, make_pdf

CENTRES = (310, 350, 390, 430, 470, 510, 550)
HEADERS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")


def _row(y: float, label: str, values: tuple[int | None, ...], x: float = 80) -> list[Text]:
    """A row as WPS prints it: the label in 9 pt, the values in 16 pt on the same middle (their tops differ)."""
    out: list[Text] = [(x, y, 9, label)]
    for centre, value in zip(CENTRES, values, strict=True):
        if value is not None:  # a blank cell prints nothing
            out.append((centre - 4 * len(str(value)), y + 2.5, 16, str(value)))
    return out


VERTICAL = {
    "stacked": [(62, 165 + 10 * i, 9, ch) for i, ch in enumerate("三、本年度办理结果")],
    # one character a row, 三、 on one line (009): 18 pt apart, a character's height between them
    "distributed": [(62, 150, 9, "三、"), *((62, 168 + 18 * i, 9, ch) for i, ch in enumerate("本年度办理结果"))],
}


def _table3(vertical: str = "stacked") -> bytes:
    first: list[Text] = [(80, 60, 12, "三、收到和处理政府信息公开申请情况"), (390, 85, 7, "申请人情况")]
    first += [(410, 98, 6, "法人或其他组织")]
    first += [(c - 3 * len(h), 112, 6, h) for c, h in zip(CENTRES, HEADERS, strict=True)]
    first += _row(140, "一、本年新收政府信息公开申请数量", (5, 1, 0, 0, 0, 0, 6))
    first += _row(160, "二、上年结转政府信息公开申请数量", (0, 0, 0, 0, 0, 0, 0))
    first += _row(180, "（一）予以公开", (2, 1, 0, 0, 0, 0, 3), x=100)
    first += _row(200, "1.属于国家秘密", (1, None, 0, 0, 0, 0, 1), x=140)
    first += _row(220, "2.其他法律行政法规禁止公开", (0, 0, 0, 0, 0, 0, 0), x=140)
    # 3.危及“三安全一稳定”, its quote marks drawn last (another font in the real file): they join back up.
    first += _row(240, "3.危及", (3, 0, 0, 0, 0, 0, 3), x=140)
    first += [(140 + 27 + 9, 240, 9, "三安全一稳定"), (140 + 27, 240, 9, "“"), (140 + 27 + 9 + 54, 240, 9, "”")]
    first += [(100, 230, 9, "（三）不予公开")]
    # 三、本年度办理结果 printed down the side, one character a line, beside rows 二 to 3.
    first += VERTICAL[vertical]
    first += [(290, 820, 9, "- 3 -")]
    # The table goes on over the page break, without its header: the columns carry over.
    second: list[Text] = _row(60, "4.保护第三方合法权益", (4, 0, None, 0, 0, 0, 4), x=140)
    return make_pdf([first, second])


@pytest.mark.parametrize("vertical", sorted(VERTICAL))
def test_rows_of_a_wps_table(vertical: str) -> None:
    """Labels and values in two fonts on one row, blank cells, a vertical group label, quote marks drawn apart,
    a page break inside the table: every printed value lands in its column, and every blank reads blank."""
    back = read_pdf(_table3(vertical), format="2021")
    t3 = back.table3  # type: ignore[attr-defined]
    assert (5, 1, 0, 0, 0, 0, 6) == tuple(t3.new_received.values())
    assert (2, 1, 0, 0, 0, 0, 3) == tuple(t3.granted.values())
    assert (1, None, 0, 0, 0, 0, 1) == tuple(t3.withheld_state_secret.values())
    assert (0, 0, 0, 0, 0, 0, 0) == tuple(t3.withheld_prohibited_by_law.values())
    assert (3, 0, 0, 0, 0, 0, 3) == tuple(t3.withheld_security_stability.values())
    assert (4, 0, None, 0, 0, 0, 4) == tuple(t3.withheld_third_party.values())
    assert {} == dict(back.raw)


@pytest.mark.parametrize("vertical", sorted(VERTICAL))
def test_vertical_label_is_one_line_between_rows(vertical: str) -> None:
    """The characters of a label printed down the side come back as one line, placed after a finished row."""
    from govinfo_report.importers._pdf import _Columns, extract_pages

    text = _Columns().page_text(extract_pages(_table3(vertical))[0]).splitlines()
    at = text.index("三、本年度办理结果")
    assert text[at - 1].endswith(" 0 0 0 0 0 0 0") or text[at - 1].split()[-1].isdigit()
    assert not any(len(line) == 1 for line in text)
    assert "3.危及“三安全一稳定” 3 0 0 0 0 0 3" in text


def _spread_header(y: float) -> list[Text]:
    """The header as WPS prints narrow cells: two characters a line, spread across the cell (商 业 / 企 业)."""
    out: list[Text] = []
    for centre, header in zip(CENTRES, HEADERS, strict=True):
        for k in range(0, len(header), 2):
            part = header[k : k + 2]
            if len(part) == 1:
                out.append((centre - 4.5, y + 9 * k, 9, part))
            else:  # the two characters 4 pt apart, each its own run
                out += [(centre - 11, y + 9 * k, 9, part[0]), (centre + 2, y + 9 * k, 9, part[1])]
    return out


def test_header_spread_over_lines_places_rows_with_blanks() -> None:
    """No row prints all its values, so the header alone says where the columns are: characters spread across
    its cells and over several lines are put back into one column each."""
    page: list[Text] = [(80, 60, 12, "三、收到和处理政府信息公开申请情况"), *_spread_header(90)]
    page += _row(140, "一、本年新收政府信息公开申请数量", (5, None, None, 2, None, None, 7))
    page += _row(160, "二、上年结转政府信息公开申请数量", (None, 1, None, None, None, None, 1))
    page += _row(180, "（一）予以公开", (None, None, None, None, 3, 1, 4), x=100)
    t3 = read_pdf(make_pdf([page]), format="2021").table3  # type: ignore[attr-defined]
    assert (5, None, None, 2, None, None, 7) == tuple(t3.new_received.values())
    assert (None, 1, None, None, None, None, 1) == tuple(t3.carried_over.values())
    assert (None, None, None, None, 3, 1, 4) == tuple(t3.granted.values())


def test_encrypted() -> None:
    with pytest.raises(gr.ReadError, match="encrypted with a password"):
        read_pdf(encrypted_pdf())


def test_no_text_layer() -> None:
    """A scan prints its tables as images: there is no text to read, and the error says so."""
    with pytest.raises(gr.ReadError, match=r"no text layer.*scan"):
        read_pdf(make_pdf([[], []]))


def test_too_many_pages() -> None:
    with pytest.raises(gr.ReadError, match=f"more than {MAX_PDF_PAGES}"):
        read_pdf(make_pdf([[]] * (MAX_PDF_PAGES + 1)))


@pytest.mark.parametrize("cut", [2000, 20000])
def test_truncated(cut: int) -> None:
    """A file cut short is one clear error, never a traceback from PDFium."""
    data = (FIXTURES / "import" / "sample-2021.pdf").read_bytes()[:cut]
    with pytest.raises(gr.ReadError, match="cannot be read"):
        read_pdf(data)


@pytest.mark.parametrize(
    ("printed", "read"),
    [
        ("2.其他法律行政止公开 2 0 0 0 0 0 2", (2, 0, 0, 0, 0, 0, 2)),  # 法规禁 left out (a real WPS report)
        ("2.其他法律行政止公开 2 0 0", (None,) * 7),  # not a full row: not taken for the row
        ("2.其他止公开 2 0 0 0 0 0 2", (None,) * 7),  # too little of the label left
        ("2.其他行政法律止公开 2 0 0 0 0 0 2", (None,) * 7),  # the label's characters, out of order
    ],
)
def test_label_printed_with_characters_left_out(printed: str, read: tuple[int | None, ...]) -> None:
    """A row label printed with characters left out is the row, where the row belongs and with all its values."""
    from govinfo_report.importers._text import read_text

    text = (
        "三、收到和处理政府信息公开申请情况\n（三）不予公开\n1.属于国家秘密 1 0 0 0 0 0 1\n"
        f"{printed}\n3.危及“三安全一稳定” 3 0 0 0 0 0 3\n"
    )
    t3 = read_text(text, format="2021").table3  # type: ignore[attr-defined]
    assert read == tuple(t3.withheld_prohibited_by_law.values())
    assert (1, 0, 0, 0, 0, 0, 1) == tuple(t3.withheld_state_secret.values())
    assert (3, 0, 0, 0, 0, 0, 3) == tuple(t3.withheld_security_stability.values())


def _header(y: float, size: float = 6) -> list[Text]:
    """The column headers, one line, in ``size`` pt (at 10 pt 社会公益组织 is 60 pt wide)."""
    return [(c - size * len(h) / 2, y, size, h) for c, h in zip(WIDE_CENTRES, HEADERS, strict=True)]


WIDE_CENTRES = (300, 365, 430, 495, 560, 625, 690)


def _wide_row(y: float, label: str, values: tuple[int | None, ...], x: float = 80, dy: float = 0) -> list[Text]:
    out: list[Text] = [(x, y, 9, label)]
    for centre, value in zip(WIDE_CENTRES, values, strict=True):
        if value is not None:
            out.append((centre - 4 * len(str(value)), y + dy, 9, str(value)))
    return out


def test_a_row_printed_over_two_lines_of_values() -> None:
    """A cell aligned at the top beside cells aligned in the middle (LibreOffice's PDF of a Word template) prints
    its value a line above the others': the two lines are one row, as they fill different columns; the next
    row, printed a line below with its own numbering, stays its own."""
    page: list[Text] = [(40, 60, 12, "三、收到和处理政府信息公开申请情况"), *_header(100, 10)]
    page += _wide_row(130, "一、本年新收政府信息公开申请数量", (1, 2, 3, 4, 5, 6, 21), x=40)
    # （二） over three lines: its 总计 on the first, the other values on the middle one.
    page += _wide_row(150, "（二）部分公开（区分处理的，只计这一情", (None,) * 6 + (38,), x=40)
    page += _wide_row(158, "", (32, 33, 34, 35, 36, 37, None), x=40)[1:]
    page += [(40, 166, 9, "形，不计其他情形）")]
    # A row whose 总计 alone is filled, then a row whose other cells alone are: they stay two rows.
    page += _wide_row(183, "1.属于国家秘密", (None,) * 6 + (9,), x=60)
    page += _wide_row(197, "2.其他法律行政法规禁止公开", (1, 1, 1, 1, 1, 1, None), x=60)
    t3 = read_pdf(make_pdf([page]), format="2021").table3  # type: ignore[attr-defined]
    assert (32, 33, 34, 35, 36, 37, 38) == tuple(t3.partially_granted.values())
    assert (None,) * 6 + (9,) == tuple(t3.withheld_state_secret.values())
    assert (1, 1, 1, 1, 1, 1, None) == tuple(t3.withheld_prohibited_by_law.values())


def test_a_group_label_between_the_lines_of_a_wrapped_label() -> None:
    """A group cell centred beside its rows prints its label between the lines of a row's wrapped label."""
    page: list[Text] = [(40, 60, 12, "三、收到和处理政府信息公开申请情况"), *_header(100, 10)]
    page += _wide_row(130, "1.本机关不掌握相关政府信息", (1, 0, 0, 0, 0, 0, 1), x=60)
    page += [(60, 146, 9, "2.没有现成信息需要另行")]
    page += _wide_row(154, "（四）无法提供", (2, 0, 0, 0, 0, 0, 2), x=20)
    page += [(60, 162, 9, "制作")]
    page += _wide_row(178, "3.补正后申请内容仍不明确", (3, 0, 0, 0, 0, 0, 3), x=60)
    t3 = read_pdf(make_pdf([page]), format="2021").table3  # type: ignore[attr-defined]
    assert (2, 0, 0, 0, 0, 0, 2) == tuple(t3.unavailable_needs_creation.values())
    assert (3, 0, 0, 0, 0, 0, 3) == tuple(t3.unavailable_unclear.values())


def test_rows_printed_blank_are_found_blank() -> None:
    """A PDF prints nothing for a blank cell, so a row left blank is its label alone: its cells are found and
    blank (no import finding), the group label beside it passed over; the header's pieces name the columns
    however wide they print."""
    page: list[Text] = [(40, 60, 12, "三、收到和处理政府信息公开申请情况"), *_header(100, 10)]
    page += _wide_row(130, "一、本年新收政府信息公开申请数量", (5, None, None, 2, None, None, 7), x=40)
    page += _wide_row(150, "二、上年结转政府信息公开申请数量", (None,) * 7, x=40)
    page += _wide_row(170, "1.属于国家秘密", (None,) * 7, x=60)
    page += [(20, 180, 9, "（三）不予公开")]
    page += _wide_row(190, "2.其他法律行政法规禁止公开", (1, None, None, None, None, None, 1), x=60)
    back = read_pdf(make_pdf([page]), format="2021")
    t3 = back.table3  # type: ignore[attr-defined]
    assert (5, None, None, 2, None, None, 7) == tuple(t3.new_received.values())
    assert (None,) * 7 == tuple(t3.carried_over.values())
    assert (1, None, None, None, None, None, 1) == tuple(t3.withheld_prohibited_by_law.values())
    incomplete = {f.path for f in gr.validate(back) if f.code == "import-incomplete"}
    assert "/table3/carried_over" not in incomplete
    assert "/table3/withheld_state_secret" not in incomplete
    assert "/table3/withheld_third_party" in incomplete  # not printed at all: still reported
