"""What the Excel writer and reader share: sheet names, labels, text escaping."""

from __future__ import annotations

import re

from govinfo_report.formats import _common as labels

__all__ = [
    "CHECK_LABEL",
    "INFO_SHEET",
    "MAX_CELL_TEXT",
    "MAX_PACKAGE_ENTRIES",
    "META_LABELS",
    "declared_entries",
    "decode_xstring",
    "encode_xstring",
    "sheet_name",
]

MAX_PACKAGE_ENTRIES = 1000
"""Most members a package may have (a report workbook has about 20)."""


def declared_entries(data: bytes) -> int | None:
    """How many members a zip package's end record declares (None without one), read before any parsing.

    Parsing a central directory costs time in its number of entries: a package declaring 100,000 is refused
    from this count alone.  65,535 means a ZIP64 count, which no Office package needs.
    """
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end < 0 or end + 12 > len(data):
        return None
    return int.from_bytes(data[end + 10 : end + 12], "little")


INFO_SHEET = "基本信息"
"""The sheet with the metadata and the text sections."""
CHECK_LABEL = "勾稽校验（第一项加第二项之和，等于第三项加第四项之和）"
"""Label of the check line under table 三 (not part of the form; readers skip it)."""
META_LABELS = labels.META_LABELS
MAX_CELL_TEXT = 32767
"""Excel's limit on the text of one cell; longer text continues in the cells to the right."""

_ILLEGAL = re.compile("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\ufffe\\uffff]|_(?=x[0-9A-Fa-f]{4}_)")
_ESCAPED = re.compile("_x([0-9A-Fa-f]{4})_")


def sheet_name(number: str) -> str:
    """The sheet of a table: ``表三`` for table 三."""
    return f"表{number}"


def encode_xstring(text: str) -> str:
    """Escape characters XML cannot hold the way Excel does (``_x0001_``); a literal ``_x`` escape is protected."""
    return _ILLEGAL.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


def decode_xstring(text: str) -> str:
    """Undo :func:`encode_xstring` (and Excel's own escapes)."""
    if "_x" not in text:
        return text
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)
