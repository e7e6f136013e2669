"""Legacy and OpenDocument files (.doc, .xls, .odt, .ods), read through LibreOffice when it is installed.

LibreOffice converts the file to .docx or .xlsx in a private temporary folder
(its own throw-away profile, so no user's settings or macros take part; macros
are not run on conversion), bounded in time and in the size of what it writes;
the converted file is then read by the library's own reader.  Without
LibreOffice the file is refused by name, with what to do about it.

``GOVINFO_REPORT_SOFFICE`` names the program to use; ``off`` (or ``0``, or empty)
turns the conversion off, for a portal that does not want a second program to
touch uploads.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from govinfo_report.errors import ReadError, UnsupportedFileError
from govinfo_report.io import LEGACY_KINDS as _DECLARED

if TYPE_CHECKING:
    from govinfo_report.model import AnnualReport

__all__ = ["CONVERT_SECONDS", "LEGACY_KINDS", "LegacyKind", "soffice"]

CONVERT_SECONDS = 120
"""At most this long for LibreOffice to convert one file."""


@attrs.frozen
class LegacyKind:
    """A kind of file read by converting it: what it is, and what it becomes."""

    name: str
    suffix: str
    target: str
    """The kind it is converted to (``docx`` or ``xlsx``), read by that kind's reader."""
    what: str
    """What it is, as a person names it."""


LEGACY_KINDS = {
    name: LegacyKind(name, f".{name}", target, f"{what} (.{name})") for name, (target, what) in _DECLARED.items()
}

_OFF = frozenset({"", "0", "off", "no", "false"})


def soffice() -> str | None:
    """The LibreOffice program that converts legacy files, or None (not installed, or turned off)."""
    chosen = os.environ.get("GOVINFO_REPORT_SOFFICE")
    if chosen is not None:
        return None if chosen.strip().lower() in _OFF else shutil.which(chosen) or None
    return shutil.which("soffice") or shutil.which("libreoffice")


def refusal(kind: LegacyKind) -> str:
    """The message for a file of ``kind`` that can not be converted here."""
    office = "Word" if kind.target == "docx" else "Excel"
    return (
        f"{kind.what}; save it as .{kind.target} ({office}: 另存为 → .{kind.target}), "
        "or install LibreOffice to read it directly"
    )


def convert(data: bytes, kind: LegacyKind, *, program: str, limit: int) -> bytes:
    """The file converted by LibreOffice to ``kind.target``.

    Raises:
        ReadError: LibreOffice failed, took too long, or wrote nothing or too much.
    """
    with tempfile.TemporaryDirectory(prefix="govinfo-report-") as tmp:
        folder = Path(tmp)
        source = folder / f"report{kind.suffix}"
        source.write_bytes(data)
        out = folder / "out"
        cmd = [
            program,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            "--convert-to",
            kind.target,
            "--outdir",
            str(out),
            str(source),
        ]
        with subprocess.Popen(  # noqa: S603 - a fixed argument list, no shell
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its own process group, so that a stuck conversion is ended whole
        ) as proc:
            try:
                proc.wait(timeout=CONVERT_SECONDS)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
                msg = f"{kind.what}: LibreOffice did not convert it within {CONVERT_SECONDS} s"
                raise ReadError(msg) from None
        result = out / f"report.{kind.target}"
        if proc.returncode != 0 or not result.is_file():
            msg = f"{kind.what}: LibreOffice could not convert it (exit {proc.returncode}); is the file damaged?"
            raise ReadError(msg)
        if result.stat().st_size > limit:
            msg = f"{kind.what}: converted, it is over {limit} bytes, the limit"
            raise ReadError(msg)
        return result.read_bytes()


def read_legacy(data: bytes, name: str) -> AnnualReport:
    """A report from a legacy or OpenDocument file of kind ``name``, through LibreOffice.

    Its provenance names the kind read (``doc``...) and the original file's size and SHA-256.

    Raises:
        UnsupportedFileError: LibreOffice is not installed (or is turned off).
        ReadError: the conversion failed, or the converted file is not a readable report.
    """
    from govinfo_report import io as gio  # noqa: PLC0415 - the package's readers
    from govinfo_report.importers._front import finish  # noqa: PLC0415

    kind = LEGACY_KINDS[name]
    program = soffice()
    if program is None:
        raise UnsupportedFileError(refusal(kind))
    converted = convert(data, kind, program=program, limit=gio.MAX_INPUT_BYTES)
    report = gio.loads(converted, kind.target)
    if report.provenance is None:  # a workbook: its reader keeps no provenance; no text to audit against
        return finish(report, reader=name, data=data, audit=False)
    return attrs.evolve(
        report,
        provenance=attrs.evolve(
            report.provenance, reader=name, size=len(data), sha256=hashlib.sha256(data).hexdigest()
        ),
    )


def read_doc(data: bytes) -> AnnualReport:
    """A legacy Word document (.doc), through LibreOffice."""
    return read_legacy(data, "doc")


def read_xls(data: bytes) -> AnnualReport:
    """A legacy Excel workbook (.xls), through LibreOffice."""
    return read_legacy(data, "xls")


def read_odt(data: bytes) -> AnnualReport:
    """An OpenDocument text (.odt), through LibreOffice."""
    return read_legacy(data, "odt")


def read_ods(data: bytes) -> AnnualReport:
    """An OpenDocument spreadsheet (.ods), through LibreOffice."""
    return read_legacy(data, "ods")
