"""Hostile files, built on the spot (nothing large is committed): each a name, a file name and its bytes.

Used by tests/test_hostile.py (each must be refused fast, memory bounded, in one line) and by
benchmarks/hostile.py (which measures the time and peak memory of each in a fresh process).
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from functools import cache
from pathlib import Path

from govinfo_report import io as gio
from govinfo_report.importers._grid import col_letters

ROOT = Path(__file__).resolve().parents[1]
MiB = 1024 * 1024


@cache
def _report_file(kind: str) -> bytes:
    return gio.dumps(gio.read(ROOT / "examples" / "sample-2021" / "report.json"), kind)


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {i.filename: z.read(i) for i in z.infolist()}


def _package(parts: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as z:
        for name, content in parts.items():
            z.writestr(name, content)
    return out.getvalue()


def _with_part(kind: str, name: str, content: bytes, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    parts = _parts(_report_file(kind))
    parts[name] = content
    return _package(parts, compression)


def _zeros(size: int, compress: Callable[[], object]) -> bytes:
    """``size`` zero bytes compressed (deflate or bzip2), made a MiB at a time."""
    c = compress()
    chunk = b"\0" * MiB
    return b"".join([*(c.compress(chunk) for _ in range(size // MiB)), c.flush()])  # type: ignore[attr-defined]


def _raw_member(name: str, method: int, packed: bytes, size: int, crc: int) -> bytes:
    """A one-member zip written by hand, declaring ``size`` whatever ``packed`` unpacks to."""
    encoded = name.encode()
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0, crc, len(packed), size, len(encoded), 0)
    central = struct.pack(
        "<IHHHHHHIIIHHHHHII",
        0x02014B50,
        20,
        20,
        0,
        method,
        0,
        0,
        crc,
        len(packed),
        size,
        len(encoded),
        0,
        0,
        0,
        0,
        0,
        0,
    )
    body = local + encoded + packed
    directory = central + encoded
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(directory), len(body), 0)
    return body + directory + end


def _bomb(method: int, size: int, declared: int | None) -> bytes:
    if method == zipfile.ZIP_DEFLATED:
        packed = _zeros(size, lambda: zlib.compressobj(9, zlib.DEFLATED, -15))
    else:
        import bz2

        packed = _zeros(size, lambda: bz2.BZ2Compressor(9))
    crc = 0
    chunk = b"\0" * MiB
    for _ in range(size // MiB):
        crc = zlib.crc32(chunk, crc)
    return _raw_member("word/document.xml", method, packed, size if declared is None else declared, crc)


_BILLION_LAUGHS = (
    '<?xml version="1.0" encoding="{enc}"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">' for i in range(1, 10))
    + ']>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
    "<w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
)
_EXTERNAL = (
    '<?xml version="1.0" encoding="{enc}"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
    "<w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>"
)


def _xml(template: str, encoding: str) -> bytes:
    text = template.replace("{enc}", encoding)
    return text.encode("utf-16") if encoding == "UTF-16" else text.encode(encoding)


def _late_doctype() -> bytes:
    doc = _parts(_report_file("docx"))["word/document.xml"]
    head, _, rest = doc.partition(b"?>")
    return head + b"?>" + b"<!--" + b" " * 8192 + b"-->" + b'<!DOCTYPE x [<!ENTITY n "4242">]>' + rest


def _sheet(cells: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        f"{cells}</sheetData></worksheet>"
    ).encode()


def _xlsx_table3(cells: str, sheet: str = "表三") -> bytes:
    """The sample workbook with rows added to one sheet (found through the workbook's relationships)."""
    parts = _parts(_report_file("xlsx"))
    rid = re.search(rf'name="{sheet}[^"]*"[^>]*?r:id="([^"]+)"', parts["xl/workbook.xml"].decode()).group(1)  # type: ignore[union-attr]
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    target = re.search(rf'Id="{rid}"[^>]*?Target="([^"]+)"|Target="([^"]+)"[^>]*?Id="{rid}"', rels)
    path = "xl/" + next(g for g in target.groups() if g).lstrip("/").removeprefix("xl/")  # type: ignore[union-attr]
    parts[path] = parts[path].replace(b"</sheetData>", cells.encode() + b"</sheetData>", 1)
    return _package(parts)


def _nested_formulas(levels: int = 6, width: int = 40) -> str:
    """Rows of ``width`` cells, each the SUM of the whole row above: evaluated naively, width**levels additions."""
    rows = []
    last = col_letters(width)
    for level in range(levels):
        r = 1000 + level
        cells = (
            f'<c r="{col_letters(k + 1)}{r}"><f>SUM(A{r - 1}:{last}{r - 1})</f></c>'
            if level
            else f'<c r="{col_letters(k + 1)}{r}"><v>1</v></c>'
            for k in range(width)
        )
        rows.append(f'<row r="{r}">{"".join(cells)}</row>')
    return "".join(rows)


def _text_report() -> bytes:
    return (ROOT / "examples" / "seed-2021" / "report.txt").read_bytes()


def _pdf_bomb(size: int) -> bytes:
    body = _zeros(size, lambda: zlib.compressobj(9))
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(body) + body + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for i, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def _many_pages(count: int) -> bytes:
    from tests.pdf_make import make_pdf

    return make_pdf([[] for _ in range(count)])


def _many_members(count: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:
        for k in range(count):
            z.writestr(f"m{k}", b"")
    return out.getvalue()


def _nested_zip() -> bytes:
    inner = _bomb(zipfile.ZIP_DEFLATED, 256 * MiB, None)
    return _with_part("docx", "word/media/inner.zip", inner, zipfile.ZIP_STORED)


HOSTILE: dict[str, tuple[str, Callable[[], bytes]]] = {
    # zip packages
    "deflate bomb, honest size (256 MiB)": ("bomb.docx", lambda: _bomb(zipfile.ZIP_DEFLATED, 256 * MiB, None)),
    "deflate bomb, lying size (256 MiB declared as 1 KB)": (
        "bomb.docx",
        lambda: _bomb(zipfile.ZIP_DEFLATED, 256 * MiB, 1024),
    ),
    "deflate bomb, lying size (256 MiB declared as 30 MiB)": (
        "bomb.docx",
        lambda: _bomb(zipfile.ZIP_DEFLATED, 256 * MiB, 30 * MiB),
    ),
    "bzip2 bomb, honest size (64 MiB)": ("bomb.docx", lambda: _bomb(zipfile.ZIP_BZIP2, 64 * MiB, None)),
    "bzip2 bomb, lying size (64 MiB declared as 1 KB)": (
        "bomb.docx",
        lambda: _bomb(zipfile.ZIP_BZIP2, 64 * MiB, 1024),
    ),
    "100,000 members": ("many.xlsx", lambda: _many_members(100_000)),
    "zip-slip member name": ("slip.docx", lambda: _with_part("docx", "../../../etc/cron.d/x", b"x")),
    "workbook part that is a zip": (
        "nested.xlsx",
        lambda: _with_part("xlsx", "xl/workbook.xml", _bomb(8, 64 * MiB, None)),
    ),
    # XML entities
    "billion laughs, UTF-8 part": (
        "laughs.docx",
        lambda: _with_part("docx", "word/document.xml", _xml(_BILLION_LAUGHS, "UTF-8")),
    ),
    "billion laughs, UTF-16 part": (
        "laughs.docx",
        lambda: _with_part("docx", "word/document.xml", _xml(_BILLION_LAUGHS, "UTF-16")),
    ),
    "external entity, UTF-8 part": (
        "xxe.docx",
        lambda: _with_part("docx", "word/document.xml", _xml(_EXTERNAL, "UTF-8")),
    ),
    "external entity, UTF-16 part": (
        "xxe.xlsx",
        lambda: _with_part("xlsx", "xl/workbook.xml", _xml(_EXTERNAL, "UTF-16")),
    ),
    "DOCTYPE after the first 8 KB": ("late.docx", lambda: _with_part("docx", "word/document.xml", _late_doctype())),
    "unknown XML encoding": (
        "enc.xlsx",
        lambda: _with_part("xlsx", "xl/workbook.xml", b'<?xml version="1.0" encoding="x-nothing"?><workbook/>'),
    ),
    # JSON
    "JSON nested a million deep": ("deep.json", lambda: b"[" * 1_000_000),
    "JSON 1e1000000": ("big.json", lambda: _report_file("json").replace(b'"year": 2021', b'"year": 1e1000000', 1)),
    "JSON 5,000-digit integer": (
        "big.json",
        lambda: _report_file("json").replace(b'"year": 2021', b'"year": ' + b"9" * 5000, 1),
    ),
    "JSON NaN": ("nan.json", lambda: b'{"format": "2021", "table2": NaN}'),
    "JSON Infinity": ("inf.json", lambda: b'{"format": "2021", "table2": -Infinity}'),
    "JSON invalid UTF-8": ("bad.json", lambda: b'{"format": "\xff\xfe\xc0"}'),
    # CSV and text
    "CSV of 10 M rows": ("rows.csv", lambda: b"table,row,column,value\n" + b"\n" * 10_000_000),
    # HTML
    "100k nested tags": ("deep.html", lambda: b"<html><body>" + b"<div>" * 100_000),
    "unclosed comment (1 MB)": ("comment.html", lambda: b"<html><body><table>" + b"<!--" + b"a" * MiB),
    "unclosed tags (1 MB)": ("tags.html", lambda: b"<html><body>" + b"<b>" * 350_000),
    "PDF with 10,000 pages": ("pages.pdf", lambda: _many_pages(10_000)),
    "PDF deflate bomb stream (256 MiB)": ("bomb.pdf", lambda: _pdf_bomb(256 * MiB)),
    "invalid UTF-8 text": ("bad.txt", lambda: b"\xff\xfe\xfd" * 1000),
}
"""Files that must be refused (ReadError, CLI exit 2)."""


def _span_bomb() -> bytes:
    cells = "".join(f'<tr><td colspan="100000000" rowspan="100000000">{k}</td></tr>' for k in range(20))
    return f"<html><body><table>{cells}</table></body></html>".encode()


def _long_token() -> bytes:
    text = _text_report().decode("utf-8")
    return text.replace(
        "三、收到和处理政府信息公开申请情况", "三、收到和处理政府信息公开申请情况\n" + "申" * 600_000, 1
    ).encode()


def _misread(data: bytes, size: int) -> bytes:
    """``data`` as a crawler that took UTF-8 for GBK saves it, repeated to about ``size`` bytes."""
    misread = data.decode("utf-8").encode("utf-8").decode("gbk", errors="ignore").encode("utf-8")
    return (misread * (size // len(misread) + 1))[: size - 16].rsplit(b"\n", 1)[0]


BOUNDED: dict[str, tuple[str, Callable[[], bytes]]] = {
    "span bomb (20 cells of colspan and rowspan 100,000,000)": ("span.html", _span_bomb),
    "colspan=1000000 on a report table": (
        "span.html",
        lambda: _report_file("html").replace(b"<td", b'<td colspan="1000000"', 3),
    ),
    "600,000-character token under a table heading": ("token.txt", _long_token),
    "Word gridSpan of 10^9": (
        "span.docx",
        lambda: _with_part(
            "docx",
            "word/document.xml",
            _parts(_report_file("docx"))["word/document.xml"].replace(
                b"<w:tcPr>", b'<w:tcPr><w:gridSpan w:val="1000000000"/>', 5
            ),
        ),
    ),
    "Word gridSpan of 'two'": (
        "span.docx",
        lambda: _with_part(
            "docx",
            "word/document.xml",
            _parts(_report_file("docx"))["word/document.xml"].replace(
                b"<w:tcPr>", b'<w:tcPr><w:gridSpan w:val="two"/>', 5
            ),
        ),
    ),
    "xlsx formula SUM(A1:XFD1048576)": (
        "range.xlsx",
        lambda: _xlsx_table3('<row r="2000"><c r="B2000"><f>SUM(A1:XFD1048576)</f></c></row>'),
    ),
    "xlsx 6 levels x 40 nested SUM cells": ("nested.xlsx", lambda: _xlsx_table3(_nested_formulas())),
    "xlsx 16,384 agency-name cells in one row": (
        "wide.xlsx",
        lambda: _xlsx_table3(
            '<row r="3000">'
            + "".join(
                f'<c r="{col_letters(k + 1)}3000" t="inlineStr"><is><t>机关名称</t></is></c>' for k in range(16_384)
            )
            + "</row>",
            sheet="基本信息",
        ),
    ),
    "xlsx 1E+1000000, NaN and Infinity as values": (
        "values.xlsx",
        lambda: _xlsx_table3(
            '<row r="2001"><c r="B2001"><v>1E+1000000</v></c><c r="C2001"><v>NaN</v></c><c r="D2001"><v>Infinity</v></c></row>'
        ),
    ),
    "CSV with a 5,000-digit count": (
        "big.csv",
        lambda: _report_file("csv").replace("自然人,37\n".encode(), "自然人,".encode() + b"9" * 5000 + b"\n", 1),
    ),
    "UTF-16 text with its BOM": ("utf16.txt", lambda: _text_report().decode("utf-8").encode("utf-16")),
    "1 MB of text misread as GBK (mojibake)": ("mojibake.txt", lambda: _misread(_text_report(), MiB)),
    "2 MB page misread as GBK (mojibake)": ("mojibake.html", lambda: _misread(_report_file("html"), 2 * MiB)),
}
"""Files read or refused, but either way fast and memory bounded."""


SPARSE: dict[str, tuple[str, bytes, int]] = {
    "CSV of 100 MB": ("big.csv", b"table,row,column,value\n", 100 * MiB),
    "HTML of 200 MB": ("big.html", b"<html><body>", 200 * MiB),
}
"""Files over the input limit, made sparse (they take no disk or memory to make): refused by their size."""


def build(case: str, folder: Path) -> tuple[Path, bool]:
    """Write the hostile file of ``case`` in ``folder``: (its path, whether it must be refused)."""
    if case in SPARSE:
        name, head, size = SPARSE[case]
        path = folder / name
        with path.open("wb") as f:
            f.write(head)
            f.truncate(size)
        return path, True
    refused = case in HOSTILE
    name, make = HOSTILE[case] if refused else BOUNDED[case]
    path = folder / name
    path.write_bytes(make())
    return path, refused


CASES = (*HOSTILE, *SPARSE, *BOUNDED)
