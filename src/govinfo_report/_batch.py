"""Many files at once: finding them, checking each, and spreading the work over processes.

Everything here streams: files are found one directory at a time, checked in
small chunks, and each result is handed on as soon as it is ready, in input
order.  Only a bounded number of chunks is in flight, so memory stays flat
however many files there are.
"""

from __future__ import annotations

import glob
import json
import os
from collections import deque
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from functools import partial
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar

__all__ = [
    "READABLE_SUFFIXES",
    "Source",
    "check_file",
    "check_files",
    "checker",
    "convert_pairs",
    "count_sources",
    "dumps_telling",
    "iter_sources",
    "ordered_map",
    "read_stdin",
]

READABLE_SUFFIXES = frozenset(
    {".json", ".csv", ".xlsx", ".md", ".markdown", ".html", ".htm", ".docx", ".pdf", ".txt"}
    | {".doc", ".xls", ".odt", ".ods"}
)
"""The extensions a folder is searched for (the extensions of the readable kinds of file)."""

_GLOB_CHARS = frozenset("*?[")

T = TypeVar("T")
R = TypeVar("R")

Source = tuple[str, str | None]
"""A file to read and the folder it was found in (None for a file named on the command line)."""


def _walk(root: str, *, recursive: bool) -> Iterator[str]:
    """The readable files under ``root``, sorted per directory, hidden entries left out."""
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError:
        return
    subdirs = []
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            subdirs.append(entry.path)
        elif Path(entry.name).suffix.lower() in READABLE_SUFFIXES:
            yield entry.path
    if recursive:
        for sub in subdirs:
            yield from _walk(sub, recursive=recursive)


def iter_sources(args: Iterable[str], *, recursive: bool = False) -> Iterator[Source]:
    """Files named by ``args``: files as given, folders searched, glob patterns expanded.

    A name that is neither an existing path nor a pattern is passed on, so that
    reading it reports the problem for that file.
    """
    for arg in args:
        if Path(arg).is_dir():
            for path in _walk(arg, recursive=recursive):
                yield path, arg
        elif not Path(arg).exists() and _GLOB_CHARS & set(arg):
            for path in sorted(glob.iglob(arg, recursive=recursive)):  # noqa: PTH207 - patterns as the shell knows them
                if Path(path).is_dir():
                    yield from ((p, path) for p in _walk(path, recursive=recursive))
                else:
                    yield path, None
        else:
            yield arg, None


def count_sources(args: Iterable[str], *, recursive: bool = False) -> int:
    """How many files :func:`iter_sources` yields (one more pass over the folders; holds none of them)."""
    return sum(1 for _ in iter_sources(args, recursive=recursive))


_ITEMS: dict[Any, tuple[dict[str, Any], str]] = {}
"""JSON items of findings and their JSON text, by the finding's value."""
_ITEMS_MAX = 8192


def _finding_item(f: Any) -> tuple[dict[str, Any], str]:
    """The JSON item of a finding and its JSON text, both messages rendered once per distinct finding.

    Many findings recur from report to report (a blank cell's ``cell-empty`` is the
    same finding in every report that leaves it blank), so most findings of a batch
    are rendered once; the cache is emptied when it grows past a few thousand
    entries, keeping memory flat.  Findings whose values can not be hashed are
    rendered every time.
    """
    try:
        key: Any = (f.code, f.path, f.cells, f.expected, f.actual, f.sources, tuple(f.params.items()))
        key = (key, type(f.expected), type(f.actual), tuple(type(v) for v in f.params.values()))
        hit = _ITEMS.get(key)
    except TypeError:  # a list among the values
        key, hit = None, None
    if hit is not None:
        return hit
    item = f.to_dict("zh")  # one JSON form of a finding; here with the message in both languages
    item["message_zh"] = item.pop("message")
    item["message_en"] = f.message("en")
    entry = (item, json.dumps(item, ensure_ascii=False, default=str))
    if key is not None:
        if len(_ITEMS) >= _ITEMS_MAX:
            _ITEMS.clear()
        _ITEMS[key] = entry
    return entry


def read_stdin() -> Any:
    """The report on standard input (``-`` in the CLI), of the kind its content shows; as large as a file may be.

    Raises:
        ReadError: the input is over the size limit or is not a readable report.
    """
    import sys  # noqa: PLC0415

    from govinfo_report import io as gio  # noqa: PLC0415 - loaded on first use
    from govinfo_report.errors import ReadError  # noqa: PLC0415

    data = sys.stdin.buffer.read(gio.MAX_INPUT_BYTES + 1)
    if len(data) > gio.MAX_INPUT_BYTES:
        msg = f"standard input is over {gio.MAX_INPUT_BYTES} bytes, the limit"
        raise ReadError(msg)
    return gio.loads(data)


def check_file(path: str, pick: Collection[str] | None = None, skip: Collection[str] | None = None) -> dict[str, Any]:
    """Read and validate one file; a JSON-ready record with both languages' messages.

    The record has ``file``, ``agency``, ``year``, ``format``, ``valid``, ``counts``
    (per severity), ``incomplete`` (import notes) and ``findings``; an unreadable
    file has ``error`` instead of the report's fields.
    """
    return _check(path, pick, skip)[0]


def _check(path: str, pick: Collection[str] | None, skip: Collection[str] | None) -> tuple[dict[str, Any], list[str]]:
    """:func:`check_file`'s record, and the JSON text of each of its findings."""
    from govinfo_report.errors import GovinfoReportError  # noqa: PLC0415 - loaded on first use
    from govinfo_report.io import read  # noqa: PLC0415
    from govinfo_report.rules import validate  # noqa: PLC0415

    try:
        report = read_stdin() if path == "-" else read(path)
    except GovinfoReportError as exc:
        return {"file": path, "valid": False, "error": str(exc), "counts": {}, "findings": []}, []
    result = validate(report, pick=pick, skip=skip)
    entries = [_finding_item(f) for f in result.findings]
    findings = [item for item, _ in entries]
    notes = report.provenance.notes if report.provenance is not None else ()
    return {
        "file": path,
        "agency": report.meta.agency,
        "year": report.meta.year,
        "format": report.format,
        "valid": result.valid,
        "counts": result.counts,
        "incomplete": len(notes),
        "findings": findings,
    }, [text for _, text in entries]


def check_files(
    paths: Sequence[str],
    pick: Collection[str] | None = None,
    skip: Collection[str] | None = None,
    *,
    as_line: bool = False,
) -> list[dict[str, Any]]:
    """:func:`check_file` over a chunk of paths (the unit of work sent to a process).

    With ``as_line`` each record is cut down to ``file``, ``valid``, ``error`` and
    ``line``, its NDJSON line as UTF-8 bytes: written and encoded in the worker, so
    that the main process only copies bytes out and its work does not grow with
    the findings.
    """
    if not as_line:
        return [check_file(p, pick, skip) for p in paths]
    out = []
    for p in paths:
        r, texts = _check(p, pick, skip)
        head = json.dumps({k: v for k, v in r.items() if k != "findings"}, ensure_ascii=False, default=str)
        line = f'{head[:-1]}, "findings": [{", ".join(texts)}]}}\n'
        slim = {"file": r["file"], "valid": r["valid"], "line": line.encode("utf-8")}
        if "error" in r:
            slim["error"] = r["error"]
        out.append(slim)
    return out


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def _preload() -> None:
    """Import the readers and rules here, once, so that forked workers start with them (not each on its own)."""
    import multiprocessing  # noqa: PLC0415

    if multiprocessing.get_start_method() == "fork":
        import govinfo_report.io  # noqa: PLC0415
        import govinfo_report.rules  # noqa: PLC0415, F401


def ordered_map(
    func: Callable[[list[T]], list[R]], items: Iterable[T], *, jobs: int = 1, chunk: int = 16
) -> Iterator[R]:
    """``func`` over chunks of ``items``, results one by one in input order.

    With ``jobs`` > 1 the chunks go to that many worker processes, at most
    ``4 × jobs`` chunks in flight; with 1, everything runs here.
    """
    if jobs <= 1:
        for part in _chunks(items, chunk):
            yield from func(part)
        return
    _preload()
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        pending: deque[Future[list[R]]] = deque()
        parts = _chunks(items, chunk)
        for part in parts:
            pending.append(pool.submit(func, part))
            if len(pending) >= 4 * jobs:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


def dumps_telling(report: Any, kind: str) -> tuple[bytes, list[str]]:
    """The report written as ``kind``, and the messages of the writer's ``LossyWriteWarning``s."""
    import warnings  # noqa: PLC0415

    from govinfo_report.errors import LossyWriteWarning  # noqa: PLC0415
    from govinfo_report.io import dumps  # noqa: PLC0415

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", LossyWriteWarning)
        data = dumps(report, kind)
    return data, [str(w.message) for w in caught if issubclass(w.category, LossyWriteWarning)]


def convert_pairs(pairs: Sequence[tuple[str, str, str]], to_format: str | None = None) -> list[dict[str, Any]]:
    """Convert each ``(input, output, kind)``; a record per file.

    The record has ``error``, or the ``incomplete`` notes and the writer's ``warnings``.  With ``to_format``
    (``2021``) a 2019-format report is upgraded first; the record's ``upgrade`` says what.
    """
    from govinfo_report.errors import GovinfoReportError  # noqa: PLC0415 - loaded on first use
    from govinfo_report.io import read  # noqa: PLC0415

    out: list[dict[str, Any]] = []
    for source, target, kind in pairs:
        upgraded = ""
        try:
            report = read(source)
            if to_format:
                from govinfo_report.analysis import upgrade  # noqa: PLC0415

                result = upgrade(report, to_format)
                upgraded = result.summary() if result.report is not report else ""
                report = result.report
            data, lossy = dumps_telling(report, kind)
            Path(target).parent.mkdir(parents=True, exist_ok=True)
            Path(target).write_bytes(data)
        except GovinfoReportError as exc:
            out.append({"file": source, "valid": False, "error": str(exc)})
            continue
        except OSError as exc:
            out.append({"file": source, "valid": False, "error": f"{target}: {exc.strerror or exc}"})
            continue
        notes = report.provenance.notes if report.provenance is not None else ()
        what = "; ".join(dict.fromkeys(n.path for n in notes))
        record = {"file": source, "output": target, "valid": True, "incomplete": len(notes), "what": what}
        record = {**record, "warnings": lossy}
        out.append({**record, "upgrade": upgraded} if upgraded else record)
    return out


def checker(
    pick: Collection[str] | None, skip: Collection[str] | None, *, as_line: bool = False
) -> Callable[[list[str]], list[dict[str, Any]]]:
    """A picklable chunk function that checks with the given selection (see :func:`check_files`)."""
    return partial(check_files, pick=pick, skip=skip, as_line=as_line)
