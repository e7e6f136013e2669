"""Reading and writing reports in every supported kind of file.

Each kind is a :class:`Codec` in an instance registry; the kind is chosen from
the file name's extension, or from the content when reading.  Later kinds
(Excel, Markdown, HTML, Word) register here too.
"""

from __future__ import annotations

import importlib
import io
import os
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
from attrs import frozen

from govinfo_report.errors import ReadError, UnsupportedFileError
from govinfo_report.io._xlsx_common import MAX_PACKAGE_ENTRIES, declared_entries
from govinfo_report.model import AnnualReport

__all__ = ["LEGACY_KINDS", "MAX_INPUT_BYTES", "Codec", "codecs", "dumps", "get_codec", "loads", "read", "write"]

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
    importer: bool = False
    """It reads published reports (not the library's own files): the result carries provenance and notes."""


_REGISTRY: dict[str, Codec] = {}


def register(codec: Codec) -> None:
    """Add a kind of file (a later registration of the same name replaces it)."""
    _REGISTRY[codec.name] = codec


def _lazy(module: str, name: str, *, text: bool = False, bom: bool = False) -> Callable[..., Any]:
    """A reader or writer imported on first use (heavy and optional dependencies load only when needed).

    ``text``: the writer gives text, written as UTF-8; ``bom``: with a byte-order mark, so that Excel opens the
    file as UTF-8 (without it, a Chinese Windows reads the CSV as GBK and shows it garbled).
    """

    def call(arg: Any) -> Any:
        result = getattr(importlib.import_module(f"govinfo_report.{module}"), name)(arg)
        if not text:
            return result
        return ("\ufeff" + result if bom else result).encode("utf-8")

    call.__name__ = name
    return call


def _starts(*prefixes: bytes) -> Callable[[bytes], bool]:
    def detect(data: bytes) -> bool:
        return data.lstrip(b"\xef\xbb\xbf \t\r\n")[:64].lower().startswith(prefixes)

    return detect


def _package_with(part: str) -> Callable[[bytes], bool]:
    """A zip package holding ``part``."""

    def detect(data: bytes) -> bool:
        if not data.startswith(b"PK\x03\x04"):
            return False
        declared = declared_entries(data)
        if declared is not None and declared > MAX_PACKAGE_ENTRIES:
            return False  # not parsed: the reader of the extension refuses it from this count
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                return part in z.namelist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, NotImplementedError):
            return False  # not a readable package: the reader of the extension explains

    return detect


def _never(_: bytes) -> bool:
    return False


def _sniff_text(data: bytes) -> bool:
    head = data[:65536]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 text (with its byte-order mark)
        text = head.decode("utf-16", errors="ignore")
        return "政府信息公开" in text and "<" not in text[:200]
    for encoding in ("utf-8", "gb18030"):
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError:
            continue
        return "政府信息公开" in text and "<" not in text[:200]
    return False


_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OLE_STREAMS = (  # the names of an OLE file's main stream (UTF-16), and what the file then is
    ("EncryptedPackage", "encrypted"),
    ("WordDocument", "doc"),
    ("Workbook", "xls"),
    ("Book", "xls"),  # Excel 5.0/95
)
_ODF = (
    (b"application/vnd.oasis.opendocument.spreadsheet", "ods"),
    (b"application/vnd.oasis.opendocument.text", "odt"),
)


LEGACY_KINDS = {
    "doc": ("docx", "a legacy Word 97–2003 document"),
    "xls": ("xlsx", "a legacy Excel 97–2003 workbook"),
    "odt": ("docx", "an OpenDocument text"),
    "ods": ("xlsx", "an OpenDocument spreadsheet"),
}
"""The kinds read by converting them (LibreOffice, :mod:`io._office`): name → (kind converted to, what it is)."""


def _legacy_kind(data: bytes) -> str | None:
    """``doc``, ``xls``, ``odt``, ``ods``, ``encrypted`` or ``ole`` (another OLE file) for such files, else None."""
    if data.startswith(_OLE):
        head = data[: 1 << 20]
        return next((kind for name, kind in _OLE_STREAMS if name.encode("utf-16-le") in head), "ole")
    if data.startswith(b"PK\x03\x04") and data[30:38] == b"mimetype":
        return next((kind for mimetype, kind in _ODF if data[38 : 38 + len(mimetype)] == mimetype), None)
    return None


def _is_legacy(name: str) -> Callable[[bytes], bool]:
    return lambda data: _legacy_kind(data) == name


def _other_kind(data: bytes) -> str | None:
    """What a file of a kind no reader takes is, said so that a person can fix it; None for any other file."""
    kind = _legacy_kind(data)
    if kind == "encrypted":
        return "an encrypted (password-protected) Office file; save it again without a password"
    if kind == "ole":
        return "an OLE (Office 97–2003) file; save it as .docx or .xlsx"
    return None


for _codec in (
    Codec(
        "json",
        (".json",),
        _starts(b"{"),
        _lazy("io._json", "loads"),
        _lazy("io._json", "dumps", text=True),
        "canonical JSON document",
    ),
    Codec(
        "csv",
        (".csv",),
        _starts(b"table,row,column,value"),
        _lazy("io._csv", "loads"),
        _lazy("io._csv", "dumps", text=True, bom=True),
        "label-addressed CSV (table,row,column,value)",
    ),
    Codec(
        "xlsx",
        (".xlsx",),
        _package_with("xl/workbook.xml"),
        _lazy("io._xlsx_read", "read_xlsx"),
        _lazy("io._xlsx_write", "to_xlsx"),
        "Excel workbook in the official layout",
    ),
    Codec(
        "markdown",
        (".md", ".markdown"),
        _never,
        _lazy("importers._markdown", "read_markdown"),
        _lazy("render", "to_markdown", text=True),
        "Markdown (our HTML tables, or pipe tables)",
        importer=True,
    ),
    Codec(
        "html",
        (".html", ".htm"),
        _starts(b"<!doctype html", b"<html", b"<article", b"<table", b"<meta", b"<head", b"<body"),
        _lazy("importers._html", "read_html"),
        _lazy("render", "to_html", text=True),
        "HTML page (portal page or standalone)",
        importer=True,
    ),
    Codec(
        "docx",
        (".docx",),
        _package_with("word/document.xml"),
        _lazy("importers._docx", "read_docx"),
        _lazy("render", "to_docx"),
        "Word document (writing needs python-docx)",
        importer=True,
    ),
    Codec(
        "pdf",
        (".pdf",),
        _starts(b"%pdf-"),
        _lazy("importers._pdf", "read_pdf"),
        None,
        "PDF with a text layer (needs pypdfium2)",
        importer=True,
    ),
    # Legacy and OpenDocument files: converted by LibreOffice where installed, else refused by name.
    *(
        Codec(
            name,
            (f".{name}",),
            _is_legacy(name),
            _lazy("io._office", f"read_{name}"),
            None,
            f"{what} (through LibreOffice, where installed)",
            importer=True,
        )
        for name, (_, what) in LEGACY_KINDS.items()
    ),
    # Last, and weak: tried after every clear signature and after the extension.
    Codec(
        "text",
        (".txt",),
        _sniff_text,
        _lazy("importers._text", "read_text"),
        None,
        "plain text copied or extracted from a report",
        weak=True,
        importer=True,
    ),
):
    register(_codec)


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
    other = _other_kind(data)
    if other is not None:
        raise UnsupportedFileError(other)
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
    report = codec.load(data)
    if codec.importer and report.provenance is None:
        from govinfo_report.importers._front import finish  # noqa: PLC0415 - importers load on first use

        report = finish(report, reader=codec.name, data=data)
    elif codec.importer and report.provenance is not None and report.provenance.reader != codec.name:
        report = attrs.evolve(report, provenance=attrs.evolve(report.provenance, reader=codec.name))
    return report


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
        report = loads(data, kind or _detect(data, p.suffix.lower()).name)
    except ReadError as exc:
        raise type(exc)(f"{p}: {exc.args[0]}") from None
    if report.provenance is not None and report.provenance.file is None:  # just imported: name the file
        report = attrs.evolve(report, provenance=attrs.evolve(report.provenance, file=p.name))
    return report


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
