"""The ``govinfo-report`` command.

``run(argv, stdout, stderr)`` returns the exit code and takes its streams as
arguments, so tests need no subprocess.  Exit codes: 0 no error findings,
1 error findings, 2 unreadable input or wrong usage (one line, no traceback).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any, NoReturn

from govinfo_report import io as gio
from govinfo_report.errors import GovinfoReportError
from govinfo_report.formats import formats
from govinfo_report.model import blank_report
from govinfo_report.rules import CATALOGUE, validate
from govinfo_report.schema import schema_text

__all__ = ["main", "run"]

_SHOW_PER_CODE = 5


class _Usage(Exception):  # noqa: N818 - internal signal
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _Usage(message)


def _parser() -> argparse.ArgumentParser:
    ids = [f.id for f in formats()]
    p = _Parser(prog="govinfo-report", description="政府信息公开工作年度报告: templates, validation, conversion.")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    t = sub.add_parser("template", help="write a blank report")
    t.add_argument("--format", choices=ids, help="format version (default: from --year, else the newest)")
    t.add_argument("--year", type=int, help="report year")
    t.add_argument("--agency", help="机关名称")
    t.add_argument("-o", "--output", help="output file; the kind follows the extension (default: JSON to stdout)")

    v = sub.add_parser("validate", help="check reports")
    v.add_argument("files", nargs="+", help="report files (.json, .csv)")
    v.add_argument("--json", action="store_true", help="print findings as JSON")
    v.add_argument("--lang", choices=["zh", "en"], default="zh", help="message language (default zh)")
    v.add_argument("--pick", action="append", metavar="CODE", help="only this code or tag (repeatable)")
    v.add_argument("--skip", action="append", metavar="CODE", help="leave out this code or tag (repeatable)")

    c = sub.add_parser("convert", help="convert a report between kinds of file")
    c.add_argument("input", help="input file")
    c.add_argument("-o", "--output", required=True, help="output file; the kind follows the extension")
    c.add_argument(
        "--strict", action="store_true", help="exit 1 when the read was incomplete (a table, row or value not read)"
    )

    s = sub.add_parser("schema", help="print the JSON Schema")
    s.add_argument("--format", choices=ids, default=ids[-1], help="format version (default: the newest)")
    return p


def _emit(data: bytes, output: str | None, stdout: IO[str]) -> None:
    if output is None or output == "-":
        stdout.write(data.decode("utf-8"))
    else:
        Path(output).write_bytes(data)


def _validate(args: argparse.Namespace, stdout: IO[str]) -> int:
    results: list[dict[str, Any]] = []
    failed = False
    unreadable = False
    for name in args.files:
        try:
            report = gio.read(name)
        except GovinfoReportError as exc:
            unreadable = True
            results.append({"file": name, "valid": False, "error": str(exc), "findings": []})
            continue
        result = validate(report, pick=args.pick, skip=args.skip)
        failed |= not result.valid
        results.append({"file": name, "valid": result.valid, "report": report, "result": result})
    if args.json:
        out = []
        for r in results:
            item: dict[str, Any] = {"file": r["file"], "valid": r["valid"]}
            if "error" in r:
                item["error"] = r["error"]
                item["findings"] = []
            else:
                item["findings"] = [f.to_dict(args.lang) for f in r["result"].findings]
            out.append(item)
        stdout.write(json.dumps(out, ensure_ascii=False, indent=2, default=str) + "\n")
    else:
        for r in results:
            stdout.write(_summary(r, args.lang))
    if unreadable:
        return 2
    return 1 if failed else 0


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def escape_controls(text: str) -> str:
    """Text from a file made safe for a terminal: control characters (ESC, CR, bidi controls...) shown escaped."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def _summary(r: dict[str, Any], lang: str) -> str:
    zh = lang == "zh"
    if "error" in r:
        return escape_controls(f"{r['file']}: {'无法读取' if zh else 'unreadable'}: {r['error']}") + "\n"
    report, result = r["report"], r["result"]
    c = result.counts
    who = f"{report.meta.agency or '?'} {report.meta.year or '?'}"
    head = (
        f"{r['file']}: {who}（{report.format}年格式）— 错误 {c['error']}，警告 {c['warning']}，提示 {c['info']}"
        if zh
        else f"{r['file']}: {who} ({report.format} format) — {c['error']} errors, "
        f"{c['warning']} warnings, {c['info']} notes"
    )
    lines = [head]
    for code, found in result.by_code().items():
        lines.extend(f"  {f.severity.value:<7} {code:<20} {f.message(lang)}" for f in found[:_SHOW_PER_CODE])
        if len(found) > _SHOW_PER_CODE:
            more = len(found) - _SHOW_PER_CODE
            title = CATALOGUE[code].title_zh if zh else CATALOGUE[code].title_en
            lines.append(f"  {'':<7} {code:<20} " + (f"……另有 {more} 条“{title}”" if zh else f"… and {more} more"))
    return "\n".join(escape_controls(line) for line in lines) + "\n"


def run(argv: Sequence[str] | None = None, stdout: IO[str] | None = None, stderr: IO[str] | None = None) -> int:
    """Run the command with ``argv``; return the exit code."""
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    try:
        args = _parser().parse_args(argv)
        if args.command == "convert":
            return _convert(args, stdout, stderr)
        return _COMMANDS[args.command](args, stdout)
    except _Usage as exc:
        stderr.write(f"govinfo-report: usage error: {escape_controls(str(exc))}\n")
        return 2
    except SystemExit as exc:  # --help
        return int(exc.code or 0)
    except GovinfoReportError as exc:
        stderr.write(f"govinfo-report: error: {escape_controls(str(exc))}\n")
        return 2
    except OSError as exc:
        stderr.write(escape_controls(f"govinfo-report: error: {exc.filename or ''}: {exc.strerror or exc}") + "\n")
        return 2


def _template(args: argparse.Namespace, stdout: IO[str]) -> int:
    report = blank_report(args.format, year=args.year, agency=args.agency)
    kind = "json" if args.output in (None, "-") else args.output
    _emit(gio.dumps(report, gio.get_codec(kind, writing=True).name), args.output, stdout)
    return 0


def _convert(args: argparse.Namespace, stdout: IO[str], stderr: IO[str]) -> int:
    codec = gio.get_codec(args.output, writing=True)
    report = gio.read(args.input)
    _emit(gio.dumps(report, codec.name), args.output, stdout)
    notes = report.provenance.notes if report.provenance is not None else ()
    if notes:
        what = "; ".join(dict.fromkeys(n.path for n in notes))
        stderr.write(
            escape_controls(f"govinfo-report: warning: {args.input}: incomplete read ({len(notes)} problems: {what})")
            + "\n"
        )
        return 1 if args.strict else 0
    return 0


def _schema(args: argparse.Namespace, stdout: IO[str]) -> int:
    stdout.write(schema_text(args.format))
    return 0


_COMMANDS = {"template": _template, "validate": _validate, "schema": _schema}


def main() -> None:
    """Console entry point."""
    sys.exit(run())
