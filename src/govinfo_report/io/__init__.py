"""Reading and writing reports in every supported kind of file.

Each kind is a :class:`Codec` in an instance registry; the kind is chosen from
the file name's extension, or from the content when reading.  Later kinds
(Excel, Markdown, HTML, Word) register here too.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable
from pathlib import Path

from attrs import frozen

from govinfo_report.errors import ReadError, UnsupportedFileError
from govinfo_report.io import _csv, _json
from govinfo_report.model import AnnualReport

__all__ = ["MAX_INPUT_BYTES", "Codec", "codecs", "dumps", "get_codec", "loads", "read", "write"]

MAX_INPUT_BYTES = 20 * 1024 * 1024
"""Largest file :func:`read` accepts."""


@frozen
class Codec:
    """One kind of file: how to recognise, read and write it."""

    name: str
    extensions: tuple[str, ...]
    detect: Callable[[bytes], bool]
    """Whether the content is of this kind (given the whole content)."""
    load: Callable[[bytes], AnnualReport] | None
    dump: Callable[[AnnualReport], bytes] | None
    description: str = ""
    weak: bool = False
    """Its ``detect`` is only a guess (plain text): tried after the extension, not before."""


def _sniff_json(head: bytes) -> bool:
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")


def _sniff_csv(head: bytes) -> bool:
    return head.lstrip(b"\xef\xbb\xbf").lower().startswith(b"table,row,column,value")


_REGISTRY: dict[str, Codec] = {}


def register(codec: Codec) -> None:
    """Add a kind of file (a later registration of the same name replaces it)."""
    _REGISTRY[codec.name] = codec


register(
    Codec(
        "json",
        (".json",),
        _sniff_json,
        _json.loads,
        lambda r: _json.dumps(r).encode("utf-8"),
        "canonical JSON document",
    )
)
register(
    Codec(
        "csv",
        (".csv",),
        _sniff_csv,
        _csv.loads,
        lambda r: _csv.dumps(r).encode("utf-8"),
        "label-addressed CSV (table,row,column,value)",
    )
)


def _never(_: bytes) -> bool:
    return False


def _markdown(report: AnnualReport) -> bytes:
    from govinfo_report.render import to_markdown  # noqa: PLC0415 - renderers load on first use

    return to_markdown(report).encode("utf-8")


def _html(report: AnnualReport) -> bytes:
    from govinfo_report.render import to_html  # noqa: PLC0415

    return to_html(report).encode("utf-8")


def _docx(report: AnnualReport) -> bytes:
    from govinfo_report.render import to_docx  # noqa: PLC0415

    return to_docx(report)


def _sniff_xlsx(data: bytes) -> bool:
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":  # OLE: encrypted workbook or .xls; the reader says so
        return True
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return "xl/workbook.xml" in z.namelist()
    except zipfile.BadZipFile:
        return False


def _xlsx_load(data: bytes) -> AnnualReport:
    from govinfo_report.io._xlsx_read import read_xlsx  # noqa: PLC0415 - loads on first use

    return read_xlsx(data)


def _xlsx_dump(report: AnnualReport) -> bytes:
    from govinfo_report.io._xlsx_write import to_xlsx  # noqa: PLC0415

    return to_xlsx(report)


register(Codec("xlsx", (".xlsx",), _sniff_xlsx, _xlsx_load, _xlsx_dump, "Excel workbook in the official layout"))


def _sniff_docx(data: bytes) -> bool:
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return "word/document.xml" in z.namelist()
    except zipfile.BadZipFile:
        return False


def _docx_load(data: bytes) -> AnnualReport:
    from govinfo_report.io._docx_read import read_docx  # noqa: PLC0415 - loads on first use

    return read_docx(data)


def _pdf_load(data: bytes) -> AnnualReport:
    from govinfo_report.io._pdf_read import read_pdf  # noqa: PLC0415 - loads on first use

    return read_pdf(data)


def _sniff_html(data: bytes) -> bool:
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html", b"<article", b"<table", b"<meta", b"<head", b"<body"))


def _html_load(data: bytes) -> AnnualReport:
    from govinfo_report.io._html_read import read_html  # noqa: PLC0415 - loads on first use

    return read_html(data)


def _markdown_load(data: bytes) -> AnnualReport:
    from govinfo_report.io._html_read import read_markdown  # noqa: PLC0415

    return read_markdown(data)


register(Codec("markdown", (".md", ".markdown"), _never, _markdown_load, _markdown, "Markdown with HTML tables"))
register(Codec("html", (".html", ".htm"), _sniff_html, _html_load, _html, "HTML page (portal page or standalone)"))
register(Codec("docx", (".docx",), _sniff_docx, _docx_load, _docx, "Word document (writing needs python-docx)"))


def _sniff_text(data: bytes) -> bool:
    head = data[:65536]
    for encoding in ("utf-8", "gb18030"):
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError:
            continue
        return "政府信息公开" in text and "<" not in text[:200]
    return False


def _text_load(data: bytes) -> AnnualReport:
    from govinfo_report.io._text_read import read_text  # noqa: PLC0415 - loads on first use

    return read_text(data)


# Last, so that it is tried after every other kind when reading by content.
register(
    Codec(
        "pdf", (".pdf",), lambda d: d.startswith(b"%PDF-"), _pdf_load, None, "PDF with a text layer (needs pdfplumber)"
    )
)
register(
    Codec("text", (".txt",), _sniff_text, _text_load, None, "plain text copied or extracted from a report", weak=True)
)


def codecs() -> tuple[Codec, ...]:
    """Every registered kind of file."""
    return tuple(_REGISTRY.values())


def get_codec(name_or_path: str | os.PathLike[str], *, writing: bool = False) -> Codec:
    """The codec named ``name_or_path`` (``"json"``) or fitting its extension.

    Raises:
        UnsupportedFileError: no registered kind fits.
    """
    key = os.fspath(name_or_path)
    if key.lower() in _REGISTRY:
        codec = _REGISTRY[key.lower()]
    else:
        suffix = Path(key).suffix.lower()
        found = [c for c in _REGISTRY.values() if suffix in c.extensions]
        if not found:
            kinds = ", ".join(e for c in _REGISTRY.values() for e in c.extensions if (c.dump if writing else c.load))
            msg = f"no {'writer' if writing else 'reader'} for {key!r}; supported: {kinds}"
            raise UnsupportedFileError(msg)
        codec = found[0]
    if (codec.dump if writing else codec.load) is None:
        msg = f"{codec.name} files can not be {'written' if writing else 'read'}"
        raise UnsupportedFileError(msg)
    return codec


def _detect(data: bytes, suffix: str = "") -> Codec:
    """The kind of the content: a clear signature first, then the extension, then a guess."""
    readable = [c for c in _REGISTRY.values() if c.load is not None]
    for codec in readable:
        if not codec.weak and codec.detect(data):
            return codec
    for codec in readable:
        if suffix and suffix in codec.extensions:
            return codec
    for codec in readable:
        if codec.weak and codec.detect(data):
            return codec
    kinds = ", ".join(c.name for c in readable)
    msg = f"content is none of the readable kinds ({kinds})"
    raise UnsupportedFileError(msg)


def loads(data: bytes, kind: str | None = None) -> AnnualReport:
    """Read a report from bytes, of the given kind or of the kind the content shows."""
    codec = get_codec(kind) if kind is not None else _detect(data)
    assert codec.load is not None  # noqa: S101 - get_codec checked it
    return codec.load(data)


def read(path: str | os.PathLike[str], kind: str | None = None) -> AnnualReport:
    """Read a report file; the kind is ``kind``, else what the content shows, else the extension.

    Raises:
        ReadError: the file is missing, too large, or not a readable report.
    """
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_INPUT_BYTES:
            msg = f"{p}: {size} bytes; the limit is {MAX_INPUT_BYTES}"
            raise ReadError(msg)
        data = p.read_bytes()
    except OSError as exc:
        msg = f"{p}: {exc.strerror or exc}"
        raise ReadError(msg) from None
    try:
        return loads(data, kind or _detect(data, p.suffix.lower()).name)
    except ReadError as exc:
        raise type(exc)(f"{p}: {exc.args[0]}") from None


def dumps(report: AnnualReport, kind: str) -> bytes:
    """The report written as bytes of the given kind (``"json"``, ``"csv"``)."""
    codec = get_codec(kind, writing=True)
    assert codec.dump is not None  # noqa: S101
    return codec.dump(report)


def write(report: AnnualReport, path: str | os.PathLike[str], kind: str | None = None) -> None:
    """Write a report file of the given kind, else the kind its extension names."""
    codec = get_codec(kind or path, writing=True)
    assert codec.dump is not None  # noqa: S101
    Path(path).write_bytes(codec.dump(report))
