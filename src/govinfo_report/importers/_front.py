"""The shared front of every importer: decoding, section headings, title and date, the text sections.

Each reader (HTML, Markdown, Word, PDF, plain text) turns its file into cells and
lines of text; what a report's text means is decided here once: which line starts
which of the six sections (the format's own headings and the wordings of 条例
Art. 50), the agency and year in the title, the publication date, and where the
page's own furniture ends the report.
"""

from __future__ import annotations

import datetime
import re
from functools import cache

from govinfo_report.errors import ReadError
from govinfo_report.formats import FormatSpec, get_format
from govinfo_report.importers._grid import norm

__all__ = ["agency_year", "decode", "heading_keys", "published", "section_of", "sections"]

_TITLE = [
    re.compile(r"^(?P<agency>.+?)(?P<year>20\d\d)\s*年度?政府信息公开(?:工作)?年度报告"),
    re.compile(r"^(?P<year>20\d\d)\s*年度?(?P<agency>.+?)政府信息公开(?:工作)?年度报告"),
]
_PUBLISHED = re.compile(r"(?:发布|成文|公开)日期[:：]\s*(\d{4})[-年./](\d{1,2})[-月./](\d{1,2})")
_CHROME = re.compile(
    r"打印本页|关闭窗口|ICP备|版权所有|主办[:：]|承办[:：]|网站标识码|技术支持[:：]|分享到|扫一扫|返回顶部|上一篇|下一篇"
)
_NUMBERED = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）])")
# Section headings as the format prints them, and as some bodies take them from 条例 Art. 50 (spec §7, D14).
_VARIANTS = {
    "四": ("因政府信息公开工作被申请行政复议和提起行政诉讼情况", "政府信息公开行政复议和行政诉讼情况"),
    "五": ("政府信息公开工作存在的主要问题及改进情况", "存在问题及改进情况", "存在的主要问题和改进情况"),
}


@cache
def heading_keys(format_id: str) -> dict[str, str]:
    """Normalised heading text (numbering removed) → section numeral, wordings of Art. 50 included."""
    out = {}
    for section in get_format(format_id).sections:
        out[norm(_NUMBERED.sub("", section.title))] = section.number
        for variant in _VARIANTS.get(section.number, ()):
            out[norm(variant)] = section.number
    return out


def section_of(text: str, keys: dict[str, str]) -> str | None:
    """The section numeral a heading starts, or None."""
    if len(text) > 60:  # noqa: PLR2004 - headings are short
        return None
    return keys.get(norm(_NUMBERED.sub("", text.strip())))


def decode(data: bytes | str) -> str:
    if isinstance(data, str):
        return data
    head = data[:2048].lower()
    m = re.search(rb"charset=[\"']?([a-z0-9_-]+)", head)
    for encoding in ([m.group(1).decode()] if m else []) + ["utf-8", "gb18030"]:
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    raise ReadError("HTML page is neither UTF-8 nor GB18030 text")


def agency_year(candidates: list[str]) -> tuple[str | None, int | None]:
    for candidate in candidates:
        for pattern in _TITLE:
            m = pattern.search(candidate.replace(" ", ""))
            if m:
                return m.group("agency").strip("：: "), int(m.group("year"))
    return None, None


def published(texts: list[str]) -> datetime.date | None:
    for text in texts:
        m = _PUBLISHED.search(text)
        if m:
            try:
                return datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                return None
    return None


def sections(texts: list[str], spec: FormatSpec) -> dict[str, str | None]:
    """The text between each section heading and the next, for the text sections."""
    keys = heading_keys(spec.id)
    found: dict[str, list[str]] = {}
    current = None
    for text in texts:
        if current is not None and _CHROME.search(text):
            break  # the page's own furniture after the report: print buttons, footer, filing number
        number = section_of(text, keys)
        if number is not None:
            current = number
            found.setdefault(number, [])
        elif current is not None:
            found[current].append(text)
    by_number = {s.number: s.key for s in spec.text_sections}
    return {by_number[n]: "\n".join(lines) or None for n, lines in found.items() if n in by_number}
