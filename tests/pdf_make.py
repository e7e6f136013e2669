"""Small PDFs with Chinese text placed at given points, for tests of the PDF reader.

The font is a Type0 font, not embedded, with Identity-H encoding: each character used gets a CID, a width, a
Unicode value in the ToUnicode map and a glyph of whatever font stands in for it (PDFium drops a lone character
that has no glyph).  PDFium reads the text and its boxes (advance widths, ascent and descent) without a font file.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

Text = tuple[float, float, float, str]
"""x, y of the baseline from the top of the page (points), font size, text."""

WIDTH, HEIGHT = 595, 842


_HALF = "0123456789.-"
_GLYPH = 36  # a glyph that every stand-in font has


def _cmap(cids: dict[str, int]) -> bytes:
    entries = "\n".join(f"<{cid:04X}> <{ord(c):04X}>" for c, cid in cids.items())
    return (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        f"{len(cids)} beginbfchar\n{entries}\nendbfchar\n"
        "endcmap CMapName currentdict /CMap defineresource pop end end\n"
    ).encode()


def _content(texts: Sequence[Text], cids: dict[str, int]) -> bytes:
    out = []
    for x, y, size, text in texts:
        hexes = "".join(f"{cids[c]:04X}" for c in text)
        out.append(f"BT /F1 {size} Tf 1 0 0 1 {x} {HEIGHT - y} Tm <{hexes}> Tj ET")
    return "\n".join(out).encode()


def _stream(body: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d%s >>\nstream\n" % (len(body), extra) + body + b"\nendstream"


def make_pdf(pages: Sequence[Sequence[Text]]) -> bytes:
    """A PDF of A4 pages, each with its texts (digits, dot and minus half wide, everything else full width)."""
    cids = {c: k for k, c in enumerate(sorted({c for page in pages for *_, text in page for c in text}), start=1)}
    widths = " ".join(str(500 if c in _HALF else 1000) for c in cids)
    gids = zlib.compress(b"\0\0" + b"".join((_GLYPH + k % 20).to_bytes(2, "big") for k in cids.values()))
    n = len(pages)
    font, descendant, cmap, descriptor, gidmap = (3 + 2 * n + k for k in range(5))
    objects: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [%s] /Count %d >>" % (" ".join(f"{3 + 2 * i} 0 R" for i in range(n)).encode(), n),
        font: (
            b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H"
            b" /DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>" % (descendant, cmap)
        ),
        descendant: (
            b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun"
            b" /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>"
            b" /FontDescriptor %d 0 R /DW 1000 /W [1 [%s]] /CIDToGIDMap %d 0 R >>"
            % (descriptor, widths.encode(), gidmap)
        ),
        cmap: _stream(_cmap(cids)),
        gidmap: _stream(gids, b" /Filter /FlateDecode"),
        descriptor: (
            b"<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 -120 1000 880] /ItalicAngle 0"
            b" /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>"
        ),
    }
    for i, page in enumerate(pages):
        box = b"/MediaBox [0 0 %d %d]" % (WIDTH, HEIGHT)
        resources = b"/Resources << /Font << /F1 %d 0 R >> >>" % font
        objects[3 + 2 * i] = b"<< /Type /Page /Parent 2 0 R %s /Contents %d 0 R %s >>" % (box, 4 + 2 * i, resources)
        objects[4 + 2 * i] = _stream(_content(page, cids))
    out = bytearray(b"%PDF-1.7\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    xref = len(out)
    size = max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    out += b"".join(b"%010d 00000 n \n" % offsets[k] for k in range(1, size))
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    return bytes(out)


def encrypted_pdf() -> bytes:
    """A PDF under the standard security handler whose user password is not empty (PDFium cannot open it)."""
    body = make_pdf([[(72, 72, 12, "加密")]])
    head, _, tail = body.partition(b"xref\n")
    number = int(tail.split(b"/Size ")[1].split()[0])
    out = head + b"%d 0 obj\n<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -4 >>\nendobj\n" % (
        number,
        b"11" * 32,
        b"22" * 32,
    )
    offsets = [out.index(b"\n%d 0 obj\n" % k) + 1 for k in range(1, number + 1)]
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (number + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    ids = b"<%s> <%s>" % (b"ab" * 16, b"ab" * 16)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Encrypt %d 0 R /ID [%s] >>\n" % (number + 1, number, ids)
    return out + b"startxref\n%d\n%%%%EOF\n" % xref
