"""The shared front of every importer: decoding, section headings, title and date, the text sections.

Each reader (HTML, Markdown, Word, PDF, plain text) turns its file into cells and
lines of text; what a report's text means is decided here once: which line starts
which of the six sections (the format's own headings and the wordings of 条例
Art. 50), the agency and year in the title, the publication date, and where the
page's own furniture ends the report.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from collections.abc import Iterator
from decimal import Decimal
from functools import cache
from importlib import metadata

import attrs

from govinfo_report.errors import ReadError
from govinfo_report.formats import FormatSpec, Row, TableSpec, format_for_year, formats, get_format
from govinfo_report.formats._common import META_LEVEL, META_REGION
from govinfo_report.formats._traditional import fold
from govinfo_report.importers._encoding import MARKERS, Repair, repair
from govinfo_report.importers._grid import INVISIBLE, LABEL_NUMBER, norm
from govinfo_report.model import AnnualReport, ImportNote, Provenance, format_value

__all__ = [
    "UNPLACED",
    "agency_year",
    "declared",
    "decode",
    "detect_format",
    "finish",
    "heading_keys",
    "level_region",
    "published",
    "section_of",
    "sections",
    "verbatim_share",
]

_TITLE = [
    re.compile(r"^(?P<agency>.+?)(?P<year>20\d\d)\s*年度?政府信息公开(?:工作)?年度报告"),
    re.compile(r"^(?P<year>20\d\d)\s*年度?(?P<agency>.+?)政府信息公开(?:工作)?年度报告"),
    re.compile(r"^(?P<agency>)(?P<year>20\d\d)\s*年度?政府信息公开(?:工作)?年度报告"),  # a title naming no body
]
_PUBLISHED = re.compile(r"(?:发布|成文|公开)日期[:：]\s*(\d{4})[-年./](\d{1,2})[-月./](\d{1,2})")
_CHROME = re.compile(
    r"打印本页|关闭窗口|ICP备|版权所有|主办[:：]|承办[:：]|网站标识码|技术支持[:：]|分享到|扫一扫|返回顶部|上一篇|下一篇"
)
_NUMBERED = re.compile(r"^(?:[一二三四五六七八九十]+(?:[、.．，,:：]|\s+)|[（(][一二三四五六七八九十]+[)）])")
# Section headings as the format prints them, and as some bodies take them from 条例 Art. 50 (spec §7, D14).
# §五 as bodies word it: Art. 50's 政府信息公开工作 before it, 存在问题 (or 主要问题) for 存在的主要问题, 和 or 与 for
# 及, 整改 for 改进, 措施 for 情况 (a county bureau's 2023 page: 存在的主要问题及整改措施).
_PROBLEMS = tuple(
    f"{before}{problems}{joined}{done}{what}"
    for before in ("", "政府信息公开工作")
    for problems in ("存在的主要问题", "存在的问题", "存在问题", "主要问题")
    for joined in ("及", "和", "与")
    for done in ("改进", "整改")
    for what in ("情况", "措施")
)
_VARIANTS = {
    "四": ("因政府信息公开工作被申请行政复议和提起行政诉讼情况", "政府信息公开行政复议和行政诉讼情况"),
    "五": _PROBLEMS,
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


_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def decode(data: bytes | str) -> str:
    """The text of a file: by its byte-order mark (UTF-8, UTF-16), else its ``charset``, else UTF-8, else GB18030.

    The mark itself is no part of the text (Notepad writes one).  Text that was UTF-8 read as GBK and saved again
    (spec D17) is read back (:func:`govinfo_report.importers._encoding.repair`).
    """
    text = _decoded(data)
    fixed = repair(text)
    return text if fixed is None else fixed.text


def _decoded(data: bytes | str) -> str:
    """The text of a file as :func:`decode` gives it, misread text as it stands."""
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    for mark, encoding in _BOMS:
        if data.startswith(mark):
            try:
                return data[len(mark) :].decode(encoding)
            except UnicodeDecodeError:
                msg = f"the file starts with a {encoding} byte-order mark but is not {encoding} text"
                raise ReadError(msg) from None
    head = data[:2048].lower()
    m = re.search(rb"charset=[\"']?([a-z0-9_-]+)", head)
    for encoding in ([m.group(1).decode()] if m else []) + ["utf-8", "gb18030"]:
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    raise ReadError("the text is neither UTF-8 nor GB18030 (GBK)")


_SPACE = re.compile(r"\s+")


def agency_year(candidates: list[str]) -> tuple[str | None, int | None]:
    """(agency, year) of the first candidate that is a report's title; a title naming no body gives the year only.

    A title is matched in simplified script and without the characters that print nothing (where the name is more
    than those); the name is kept as printed.  A title without a name (``2021年政府信息公开工作年度报告``) counts only
    when no candidate names the body: a name printed on the line above makes a title of the two lines.
    """
    nameless: tuple[str | None, int | None] = (None, None)
    for candidate in candidates:
        agency, year = _title(_SPACE.sub("", candidate))  # a title printed over two lines is one title
        if agency is not None:
            return agency, year
        if year is not None and nameless[1] is None:
            nameless = (None, year)
    return nameless


def _title(printed: str) -> tuple[str | None, int | None]:
    kept = [i for i, ch in enumerate(printed) if not INVISIBLE.match(ch)] if INVISIBLE.search(printed) else None
    readings = [(fold("".join(printed[i] for i in kept)), kept)] if kept is not None else []
    for folded, places in [*readings, (fold(printed), None)]:
        for pattern in _TITLE:
            m = pattern.search(folded)
            if m:
                start, end = m.span("agency")
                if places is not None:  # with what prints nothing on either side of it
                    start = places[start - 1] + 1 if start else 0
                    end = places[end] if end < len(places) else len(printed)
                return printed[start:end].strip("：: ") or None, int(m.group("year"))
    return None, None


def declared(printed: str | None, declared: str | None) -> str | None:
    """A field as this library wrote it in a file's metadata, where the printed text agrees; else as printed.

    A title cannot keep a name's line breaks and spaces; the metadata can.  Printed text edited by hand wins.
    """
    if not declared:
        return printed
    if not printed or _SPACE.sub("", printed).strip("：:") == _SPACE.sub("", declared).strip("：:"):
        return declared
    return printed


_SIGNED = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
_SIGNATURE_MAX = 40
_SENTENCE = re.compile(r"[。，；：！？,;:!?]")


def _date(m: re.Match[str]) -> datetime.date | None:
    try:
        return datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def published(texts: list[str]) -> datetime.date | None:
    """The publication date: a ``发布日期：`` line, else the date of the closing 落款 (``2022年1月20日``)."""
    for text in texts:
        m = _PUBLISHED.search(text)
        if m:
            return _date(m)
    for text in texts[-3:][::-1]:
        m = _SIGNED.match(text.strip())
        if m:
            return _date(m)
    return None


def signature_length(lines: list[str]) -> int:
    """How many of the last lines are the closing 落款.

    That is a date alone (``2022年1月20日``), and the issuing body's name above it (a short line, no sentence).
    """
    if not lines or not _SIGNED.match(lines[-1].strip()):
        return 0
    if len(lines) > 1 and len(lines[-2]) <= _SIGNATURE_MAX and not _SENTENCE.search(lines[-2]):
        return 2
    return 1


def level_region(texts: list[str]) -> tuple[str | None, str | None]:
    """层级 and 地区 from ``层级：…`` and ``地区：…`` lines near the title (as this library's pages print them)."""
    found: dict[str, str] = {}
    for text in texts[:12]:
        label, sep, value = text.partition("：")
        if sep and label in (META_LEVEL, META_REGION) and value.strip():
            found.setdefault(label, value.strip())
    return found.get(META_LEVEL), found.get(META_REGION)


_UNHEADED = {"五": ("四", ("主要问题", "改进情况"))}
"""A text section printed without its heading (spec D15: the report renumbers or drops the format's headings):
the section before it, and the words of its title its own sub-headings open with (``（一）主要问题``)."""
_SUBHEADING_MAX = 20


def _opens_unheaded(text: str, words: tuple[str, ...]) -> bool:
    key = norm(text)
    key = key[len(m.group(0)) :] if (m := LABEL_NUMBER.match(key)) else key
    return len(key) <= _SUBHEADING_MAX and not _SENTENCE.search(key) and key.startswith(words)


def sections(texts: list[str], spec: FormatSpec) -> dict[str, str | None]:
    """The text between each section heading and the next, for the text sections.

    Where section 五 has no heading, a sub-heading of its own (``（一）主要问题``) after table 四 starts it.
    """
    keys = heading_keys(spec.id)
    numbers = [section_of(text, keys) for text in texts]
    unheaded = {before: (number, words) for number, (before, words) in _UNHEADED.items() if number not in numbers}
    found: dict[str, list[str]] = {}
    current = None
    for text, number in zip(texts, numbers, strict=True):
        if current is not None and _CHROME.search(text):
            break  # the page's own furniture after the report: print buttons, footer, filing number
        if (
            number is None
            and current is not None
            and current in unheaded
            and _opens_unheaded(text, unheaded[current][1])
        ):
            current = unheaded.pop(current)[0]
            found.setdefault(current, []).append(text)  # the sub-heading is the section's own text
        elif number is not None:
            current = number
            found.setdefault(number, [])
        elif current is not None:
            found[current].append(text)
    if current is not None and (cut := signature_length(found[current])):
        del found[current][-cut:]  # the closing 落款 is no part of the last section
    by_number = {s.number: s.key for s in spec.text_sections}
    return {by_number[n]: "\n".join(lines) or None for n, lines in found.items() if n in by_number}


# -- the format of a text: table 二's labels decide ------------------------------------------

_MIN_DISTINCT = 5  # shorter labels (3.其他) also occur in running text


@cache
def _distinctive() -> dict[str, frozenset[str]]:
    """Per format, the normalised labels (of any level) that no label of another format contains."""
    every = {f.id: {norm(p) for c in f.cells for p in (*c.row.labels, *c.column.labels) if p} for f in formats()}
    out = {}
    for fid, own in every.items():
        others = {label for other, labels in every.items() if other != fid for label in labels}
        out[fid] = frozenset(a for a in own if len(a) >= _MIN_DISTINCT and not any(a in b for b in others))
    return out


def detect_format(text: str, year: int | None, explicit: str | FormatSpec | None = None) -> FormatSpec:
    """The format whose own labels the text holds (table 二's columns differ between the formats); else the year's.

    Labels are looked for anywhere in the normalised text, so labels run together, wrapped or laid out in
    columns still count; a label that is part of another format's label (规范性文件 in 行政规范性文件) is not
    used.  A row kept from the other format (the 2019 single row （六）其他处理 in a 2021 report) therefore does
    not decide the format: table 二 does.
    """
    if explicit is not None:
        return get_format(explicit)
    key = norm(text)
    scores = [(sum(label in key for label in _distinctive()[f.id]), f) for f in formats()]
    best = max(s for s, _ in scores)
    winners = [f for s, f in scores if s == best]
    if best and len(winners) == 1:
        return winners[0]
    return format_for_year(year) if year else formats()[-1]


# -- finishing an import: provenance, notes on what was not read, the self-audit --------------

# Maximal runs of digits and points (a number of its own, not part of a longer run), outside markup.
_NUMBER = re.compile(r"<[^<>]*>|(-?[\d.]+)")
UNPLACED = "（无法对应到"
"""How the text readers mark printed values they could not place, on the row's first cell's raw text; the import
moves that text into an ``import-incomplete`` note with its source location, and the cells stay blank."""


@cache
def library_version() -> str:
    """The installed govinfo_report version."""
    try:
        return metadata.version("govinfo-report")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "unknown"


def _plain(number: str) -> str:
    """A printed number in the form :func:`format_value` writes: no leading zeros, no trailing decimal zeros."""
    if "." in number:
        number = number.rstrip("0").rstrip(".")
    sign = "-" if number.startswith("-") else ""
    digits = number[len(sign) :].lstrip("0") or "0"
    if digits.startswith("."):
        digits = "0" + digits
    return ("-" if sign == "-" and digits != "0" else "") + digits


def verbatim_share(report: AnnualReport, text: str) -> Decimal | None:
    """Share of the non-zero numbers placed in the tables that appear as a number of their own in ``text``."""
    placed = [v for v in report.values() if v]
    if not placed:
        return None
    runs = set(_NUMBER.findall(text.replace(",", "")))
    printed = {_plain(n) for n in runs if n and n.count(".") <= 1 and n[-1] != "."}
    found = sum(format_value(v) in printed or format(Decimal(v).normalize(), "f") in printed for v in placed)
    return (Decimal(found) / Decimal(len(placed))).quantize(Decimal("0.001"))


@cache
def _rows_of(format_id: str) -> tuple[tuple[TableSpec, tuple[tuple[Row, tuple[str, ...]], ...]], ...]:
    """Per table, its rows with their cells' pointers."""
    spec = get_format(format_id)
    return tuple(
        (t, tuple((r, tuple(c.pointer for c in spec.cells if c.table is t and c.row is r)) for r in t.rows))
        for t in spec.tables
    )


_TEXT_READERS = frozenset({"html", "markdown", "text"})
"""Readers of files that are text (through :func:`decode`), whose text may have been misread before."""


_MARKER_BYTES = tuple(w.encode() for w in MARKERS)


def _plainly_read(data: bytes | str) -> bool:
    """Whether the text cannot have been misread: it holds a word every report prints, as it stands."""
    if isinstance(data, bytes):
        return any(m in data for m in _MARKER_BYTES)
    return any(m in data for m in MARKERS)


def _repaired(fixed: Repair | None) -> Iterator[ImportNote]:
    """The note that the source's text was misread before (UTF-8 as GBK, or as Latin-1) and has been read back."""
    if fixed is None:
        return
    yield ImportNote(
        code="import-text-repaired",
        path="",
        detail=f"来源文本原为 {fixed.was.upper()}，曾按 {fixed.read_as.upper()} 误读后另存（乱码），已还原；"
        f"{fixed.lost} 个字符无法还原（记作 U+FFFD），另有 {fixed.restored} 个字符按本格式的用语补回。",
        detail_en=f"The source's text is {fixed.was.upper()} that was read as {fixed.read_as.upper()} and saved again "
        f"(mojibake); it was read back, {fixed.lost} characters could not be recovered (left as U+FFFD) and "
        f"{fixed.restored} were put back from the format's own words.",
    )


def _missing(report: AnnualReport) -> Iterator[ImportNote]:
    """Tables none of whose cells were found in the source, and rows of found tables that were not."""
    seen = report.sources.keys() | report.raw.keys()
    for table, rows in _rows_of(report.format):
        if not any(p in seen for _, pointers in rows for p in pointers):
            yield ImportNote(
                code="import-table-missing",
                path=f"/{table.key}",
                detail="来源中没有该表的标签（表格可能以图片发布，或页面不完整），各单元格为空。",
                detail_en="none of its labels are in the source (a table published as an image, or a page cut "
                "short); its cells are blank.",
            )
            continue
        kept = [e.labels for e in report.extra_rows if e.table == table.number]
        for row, pointers in rows:
            if any(p in seen for p in pointers):
                continue
            if any(row.labels[: len(k)] == k for k in kept):  # printed as a row of the other format
                continue
            label = row.label or table.number
            yield ImportNote(
                code="import-incomplete",
                path=f"/{table.key}/{row.key}",
                detail=f"表{table.number}中未找到“{label}”一行，其单元格为空。",
                detail_en=f"Table {table.number}: row “{label}” was not found in the source; its cells are blank.",
            )


def _unplaced(report: AnnualReport) -> Iterator[ImportNote]:
    """Rows whose printed values could not be placed in the columns in one way only."""
    by_pointer = report.spec.cells_by_pointer
    for pointer, text in report.raw.items():
        if not text.startswith(UNPLACED):
            continue
        c = by_pointer[pointer]
        printed = text.partition("：")[2].removesuffix("）")
        label = c.row.label or c.table.number
        yield ImportNote(
            code="import-incomplete",
            path=f"/{c.table.key}/{c.row.key}",
            detail=f"表{c.table.number}“{label}”：印出的“{printed}”无法唯一对应到单元格，未填入。",
            detail_en=f"Table {c.table.number}, row “{label}”: what is printed (“{printed}”) cannot be placed in "
            "the cells in one way only; it is not filled in.",
            source=report.sources.get(pointer),
        )


def finish(
    report: AnnualReport, *, reader: str, data: bytes | str, text: str | None = None, audit: bool = True
) -> AnnualReport:
    """The imported report with its provenance: size, SHA-256, reader, version, self-audit and notes.

    ``text`` is the source's text (for the self-audit); by default the decoded ``data``.
    ``audit=False``: the source has no text to audit against (a converted binary file).
    """
    raw_bytes = data.encode("utf-8") if isinstance(data, str) else data
    fixed = None
    if audit and (text is None or (reader in _TEXT_READERS and not _plainly_read(data))):
        try:
            decoded: str | None = _decoded(data)
        except ReadError:  # a binary kind whose reader gave no text: no self-audit
            decoded = None
        fixed = None if decoded is None else repair(decoded)
        if text is None and decoded is not None:
            text = decoded if fixed is None else fixed.text
    notes = (*_repaired(fixed), *_missing(report), *_unplaced(report))
    if any(t.startswith(UNPLACED) for t in report.raw.values()):  # the printed text lives on in the note
        report = attrs.evolve(report, raw={p: t for p, t in report.raw.items() if not t.startswith(UNPLACED)})
    provenance = Provenance(
        reader=reader,
        library=library_version(),
        size=len(raw_bytes),
        sha256=hashlib.sha256(raw_bytes).hexdigest(),
        verbatim=None if text is None else verbatim_share(report, text),
        notes=notes,
    )
    return attrs.evolve(report, provenance=provenance)
