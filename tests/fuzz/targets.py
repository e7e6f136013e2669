"""Fuzz targets shared by the CI tests (hypothesis) and the long local runs (atheris, ``python -m tests.fuzz``).

A target is one reader: it is given bytes, and the only exception it may let out is the library's own
:class:`~govinfo_report.errors.GovinfoReportError` (a :class:`~govinfo_report.errors.ReadError` in practice).
Seeds are real files: the fixtures, the corpus when present, and files our writers make of the examples.
"""

from __future__ import annotations

import contextlib
import io
import random
import zipfile
from functools import cache
from pathlib import Path

from govinfo_report import io as gio
from govinfo_report.errors import GovinfoReportError

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus" / "raw"

READERS = ("json", "csv", "xlsx", "docx", "html", "markdown", "text", "pdf")
_EXTENSIONS = {
    "json": (".json",),
    "csv": (".csv",),
    "xlsx": (".xlsx",),
    "docx": (".docx",),
    "html": (".html", ".htm"),
    "markdown": (".md",),
    "text": (".txt",),
    "pdf": (".pdf",),
}
_WRITTEN = {"json", "csv", "xlsx", "docx", "html", "markdown"}
_MAX_SEED = 512 * 1024


def run(reader: str, data: bytes) -> None:
    """Read ``data`` with one reader; a library exception is a refusal, any other escapes (the fuzzers' crash)."""
    with contextlib.suppress(GovinfoReportError):
        gio.loads(data, reader)


@cache
def seeds(reader: str) -> tuple[bytes, ...]:
    """Real files of this kind: fixtures, corpus (when present), and our writers' output of the examples."""
    found: list[bytes] = []
    places = [ROOT / "tests" / "fixtures", ROOT / "examples", CORPUS]
    for place in places:
        if not place.is_dir():
            continue
        found.extend(
            path.read_bytes()
            for path in sorted(place.rglob("*"))
            if path.suffix.lower() in _EXTENSIONS[reader] and path.is_file() and path.stat().st_size <= _MAX_SEED
        )
    if reader in _WRITTEN:
        for example in ("sample-2021", "shanghai-2019"):
            report = gio.read(ROOT / "examples" / example / "report.json")
            found.append(gio.dumps(report, reader))
    # Few json fixtures are worth many seeds: keep the list short so every seed gets mutated often.
    return tuple(found[:12])


_INTERESTING = (
    b"0",
    b"-1",
    b"1e1000000",
    b"NaN",
    b"Infinity",
    b"9" * 5000,
    b"\x00",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b"\xed\xa0\x80",
    b"\x1b[2K",
    b"&#0;",
    b"&#x110000;",
    b'"',
    b"<",
    b"]]>",
    b"<!--",
    b"<!DOCTYPE x [<!ENTITY a 'b'>]>",
    b' colspan="1000000"',
    b' rowspan="0"',
    b'<w:gridSpan w:val="two"/>',
    b'<w:gridSpan w:val="1000000000"/>',
    b"<f>SUM(A1:XFD1048576)</f>",
    b"<v>1E+400</v>",
    b' t="s"',
    b' t="b"',
    b' r="XFD1048576"',
    "一、".encode(),
    "政府信息公开".encode(),
    "万元".encode(),
    "表三".encode(),
    b"\n",
    b"|",
    b",",
)


def _mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(7)
        pos = rng.randrange(len(buf) + 1)
        if op == 0 and buf:  # flip a bit
            i = min(pos, len(buf) - 1)
            buf[i] ^= 1 << rng.randrange(8)
        elif op == 1:  # random byte
            buf[pos:pos] = bytes([rng.randrange(256)])
        elif op == 2 and buf:  # delete a run
            del buf[pos : pos + rng.randint(1, 64)]
        elif op == 3 and buf:  # duplicate a run
            start = rng.randrange(len(buf))
            buf[pos:pos] = buf[start : start + rng.randint(1, 256)]
        elif op == 4:  # an interesting token
            buf[pos:pos] = rng.choice(_INTERESTING)
        elif op == 5 and buf:  # a digit run made long, or a digit replaced
            i = min(pos, len(buf) - 1)
            if chr(buf[i]).isdigit():
                buf[i : i + 1] = bytes([buf[i]]) * rng.choice((2, 20, 400))
            else:
                buf[i] = rng.choice(b"0123456789.-e")
        elif op == 6 and buf:  # truncate
            del buf[pos:]
    return bytes(buf)


def _mutate_zip(data: bytes, rng: random.Random) -> bytes | None:
    """A package with one member's content mutated (so the mutation gets past the zip's checksums)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            members = [(i, z.read(i)) for i in z.infolist()]
    except Exception:  # noqa: BLE001 - a package already broken by an earlier mutation: mutate its bytes
        return None
    if not members:
        return None
    xml = [k for k, (i, _) in enumerate(members) if i.filename.endswith((".xml", ".rels"))] or list(range(len(members)))
    pick = rng.choice(xml)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for k, (info, content) in enumerate(members):
            z.writestr(info.filename, _mutate_bytes(content, rng) if k == pick else content)
    return out.getvalue()


def mutate(data: bytes, rng: random.Random) -> bytes:
    """A mutant of a real file: bytes changed, or, for a zip package, one of its parts changed."""
    if data.startswith(b"PK\x03\x04") and rng.random() < 0.8:
        mutated = _mutate_zip(data, rng)
        if mutated is not None:
            return mutated
    return _mutate_bytes(data, rng)
