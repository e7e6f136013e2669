"""The ``govinfo-report`` command.

``run(argv, stdout, stderr)`` returns the exit code and takes its streams as
arguments, so tests need no subprocess.  Exit codes: 0 no error findings,
1 error findings, 2 unreadable input or wrong usage (one line, no traceback).

``validate``, ``convert`` and ``dataset`` take files, folders and glob patterns,
and stream: each file's result is written as soon as it is known.  Only the
standard library is imported at start-up; the readers, rules and optional
libraries load when a command needs them.
"""

from __future__ import annotations

import argparse
import re
import sys
import time

TYPE_CHECKING = False  # typing, pathlib and json load only when a command runs: start-up stays small
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence
    from pathlib import Path
    from typing import IO, Any, NoReturn

__all__ = ["main", "run"]

_SHOW_PER_CODE = 5
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


class _Usage(Exception):  # noqa: N818 - internal signal
    pass


class _Shown(Exception):  # noqa: N818 - internal signal: text for stdout, then exit 0
    pass


_KINDS = "\0kinds"
"""An epilog filled in when help is shown: the kinds of file read and written (the codecs load only then)."""


def _kinds_text() -> str:
    from govinfo_report.io import codecs  # noqa: PLC0415 - only when help is shown

    lines = ["kinds of file (read: told by the content, else the extension; written: by the extension or --to):"]
    for c in codecs():
        does = "/".join(w for w, f in (("read", c.load), ("write", c.dump)) if f is not None)
        lines.append(f"  {c.name:<9}{' '.join(c.extensions):<17}{does:<11}{c.description}")
    return "\n".join(lines)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _Usage(message)

    def format_help(self) -> str:
        if self.epilog == _KINDS:
            self.epilog = _kinds_text()
            self.formatter_class = argparse.RawDescriptionHelpFormatter
        return super().format_help()

    def print_help(self, file: Any = None) -> NoReturn:  # noqa: ARG002 - always the run's stdout
        """``--help``: the text goes to the stdout that ``run`` was given, then exit 0."""
        raise _Shown(self.format_help())


class _Version(argparse.Action):
    """``--version``: the installed version, looked up only when asked for (start-up stays fast)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, help="print the version and exit", **kwargs)

    def __call__(self, *_: Any) -> NoReturn:
        import govinfo_report  # noqa: PLC0415 - the version needs importlib.metadata

        raise _Shown(f"govinfo-report {govinfo_report.__version__}\n")


def _many(p: argparse.ArgumentParser) -> None:
    """The options every command over many files shares."""
    p.add_argument("-r", "--recursive", action="store_true", help="search folders (and ** in patterns) recursively")
    p.add_argument(
        "-j", "--jobs", type=int, default=1, metavar="N", help="worker processes (default 1; 0: one per core)"
    )
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no closing summary")


def _parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="govinfo-report",
        description="政府信息公开工作年度报告: templates, validation, conversion.",
        epilog="The help of validate, convert and dataset lists the kinds of file read and written.",
    )
    p.add_argument("--version", action=_Version)
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    t = sub.add_parser("template", help="write a blank report")
    t.add_argument(
        "--format", metavar="ID", help="format version, 2019 or 2021 (default: from --year, else the newest)"
    )
    t.add_argument("--year", type=int, help="report year")
    t.add_argument("--agency", help="机关名称")
    t.add_argument("-o", "--output", help="output file; the kind follows the extension (default: JSON to stdout)")

    v = sub.add_parser("validate", help="check reports", epilog=_KINDS)
    v.add_argument("files", nargs="+", help="report files, folders or glob patterns; - for standard input")
    out = v.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print all results as one JSON array at the end")
    out.add_argument("--ndjson", action="store_true", help="print one JSON object per file and line, as it is checked")
    v.add_argument("--sarif", metavar="FILE", help="also write the findings as SARIF 2.1.0 to FILE")
    v.add_argument("--lang", choices=["zh", "en"], default="zh", help="message language (default zh)")
    v.add_argument("--all", action="store_true", help=f"print every finding (default: {_SHOW_PER_CODE} per code)")
    v.add_argument("--pick", action="append", metavar="CODE", help="only this code or tag (repeatable)")
    v.add_argument("--skip", action="append", metavar="CODE", help="leave out this code or tag (repeatable)")
    _many(v)

    c = sub.add_parser("convert", help="convert reports between kinds of file", epilog=_KINDS)
    c.add_argument("inputs", nargs="+", metavar="input", help="input files, folders or glob patterns")
    c.add_argument(
        "-o", "--output", required=True, help="output file (kind from its extension), or folder for many inputs"
    )
    c.add_argument(
        "--to", metavar="KIND", help="kind to write into an output folder (json, csv, xlsx, ...; default json)"
    )
    c.add_argument(
        "--strict", action="store_true", help="exit 1 when the read was incomplete (a table, row or value not read)"
    )
    c.add_argument(
        "--to-format",
        choices=["2021"],
        help="2021: write 2019-format reports in the 2021 format (the cells with no place are reported)",
    )
    _many(c)

    d = sub.add_parser("dataset", help="put many reports into one table (parquet, csv or xlsx)", epilog=_KINDS)
    d.add_argument("inputs", nargs="+", metavar="input", help="input files, folders or glob patterns")
    d.add_argument("-o", "--output", required=True, help="output file: .parquet, .csv or .xlsx")
    d.add_argument("--shape", choices=["wide", "long"], default="wide", help="one row per report (wide) or per cell")
    _many(d)

    from govinfo_report import _analysis_cli  # noqa: PLC0415 - standard library only at import

    _analysis_cli.add_parsers(sub)

    s = sub.add_parser("schema", help="print the JSON Schema")
    s.add_argument("--format", metavar="ID", help="format version, 2019 or 2021 (default: the newest)")

    w = sub.add_parser("serve", help="serve the web checker and the JSON API (needs the web extra)")
    w.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    w.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    w.add_argument("--workers", type=int, default=0, metavar="N", help="worker processes (default: one per core)")
    w.add_argument(
        "--queue", type=int, default=64, metavar="N", help="requests that may wait for a worker (default 64)"
    )
    w.add_argument("--timeout", type=float, default=20.0, metavar="S", help="seconds a request may take (default 20)")
    w.add_argument(
        "--max-upload", type=int, default=20 * 1024 * 1024, metavar="BYTES", help="largest upload (default 20 MiB)"
    )
    return p


def _emit(data: bytes, output: str | None, stdout: IO[str]) -> None:
    from pathlib import Path  # noqa: PLC0415 - loaded when a command runs

    if output is None or output == "-":
        try:
            stdout.write(data.decode("utf-8"))
        except UnicodeDecodeError:  # xlsx, docx: bytes
            target = getattr(stdout, "buffer", None)
            if target is None:
                raise _Usage("this kind is binary: write it to a file with -o FILE") from None
            stdout.flush()
            target.write(data)
    else:
        Path(output).write_bytes(data)


# -- many files: discovery, progress, summary ----------------------------------------------------
def _is_many(inputs: Sequence[str]) -> bool:
    from pathlib import Path  # noqa: PLC0415 - loaded when a command runs

    return len(inputs) > 1 or any(Path(i).is_dir() or (not Path(i).exists() and set("*?[") & set(i)) for i in inputs)


def _jobs(args: argparse.Namespace) -> int:
    import os  # noqa: PLC0415

    if args.jobs < 0:
        raise _Usage("--jobs must be 0 or more")
    return args.jobs or os.cpu_count() or 1


class _Progress:
    """A progress bar on a terminal (tqdm, when installed), else nothing."""

    def __init__(self, args: argparse.Namespace, inputs: Sequence[str], stderr: IO[str]) -> None:
        self.bar: Any = None
        if args.quiet or not stderr.isatty():
            return
        try:
            from tqdm import tqdm  # noqa: PLC0415 - optional, and only on a terminal
        except ImportError:
            return
        from govinfo_report._batch import count_sources  # noqa: PLC0415

        total = count_sources(inputs, recursive=args.recursive)
        self.bar = tqdm(total=total, file=stderr, unit="file", dynamic_ncols=True, leave=False)

    def step(self) -> None:
        if self.bar is not None:
            self.bar.update()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


class _Tally:
    def __init__(self) -> None:
        self.start = time.perf_counter()
        self.files = self.valid = self.errors = self.unreadable = 0

    def add(self, record: dict[str, Any]) -> None:
        self.files += 1
        if "error" in record:
            self.unreadable += 1
        elif record["valid"]:
            self.valid += 1
        else:
            self.errors += 1

    def line(self, lang: str, verb: str | None = None) -> str:
        """The closing summary: files, valid (or ``verb``: converted, read), with errors, unreadable, time."""
        took = time.perf_counter() - self.start
        rate = self.files / took if took > 0 else 0.0
        if lang == "zh":
            errors = f"有错误 {self.errors}，" if verb is None else ""
            return (
                f"共 {self.files} 个文件：{verb or '有效'} {self.valid}，{errors}"
                f"无法读取 {self.unreadable}；用时 {took:.1f} 秒（每秒 {rate:.0f} 个）\n"
            )
        errors = f"{self.errors} with errors, " if verb is None else ""
        return (
            f"{self.files} files: {self.valid} {verb or 'valid'}, {errors}"
            f"{self.unreadable} unreadable; {took:.1f} s ({rate:.0f} files/s)\n"
        )

    @property
    def code(self) -> int:
        if self.unreadable:
            return 2
        return 1 if self.errors else 0


# -- validate ------------------------------------------------------------------------------------
def _line_writer(stdout: IO[str]) -> Callable[[bytes], object]:
    """Writes NDJSON lines made (as UTF-8) in the workers: as they are when ``stdout`` is UTF-8 underneath."""
    target = getattr(stdout, "buffer", None)
    encoding = (getattr(stdout, "encoding", None) or "").lower().replace("-", "")
    if target is None or encoding != "utf8":
        return lambda line: stdout.write(line.decode("utf-8"))
    stdout.flush()
    return target.write  # type: ignore[no-any-return]


def _stdin_jobs(args: argparse.Namespace) -> int:
    """The worker processes for ``validate``: none for ``-`` (standard input, one report, checked here)."""
    if "-" not in args.files:
        return _jobs(args)
    if len(args.files) != 1:
        raise _Usage("- (standard input) is one report: name no other file with it")
    return 1


def _validate(args: argparse.Namespace, stdout: IO[str], stderr: IO[str]) -> int:
    import json  # noqa: PLC0415 - loaded when a command runs

    from govinfo_report._batch import checker, iter_sources, ordered_map  # noqa: PLC0415
    from govinfo_report.rules._engine import Selection  # noqa: PLC0415

    Selection.of(args.pick, args.skip)  # an unknown code is a usage error, said once
    jobs = _stdin_jobs(args)
    many = _is_many(args.files)
    progress = _Progress(args, args.files, stderr)
    tally = _Tally()
    collected: list[dict[str, Any]] = []
    sarif = _Sarif(args.sarif, args.lang) if args.sarif else None
    paths = (path for path, _ in iter_sources(args.files, recursive=args.recursive))
    write_line = _line_writer(stdout)
    try:
        as_line = args.ndjson and sarif is None
        for record in ordered_map(checker(args.pick, args.skip, as_line=as_line), paths, jobs=jobs):
            tally.add(record)
            progress.step()
            if as_line:
                write_line(record["line"])
            elif args.ndjson:
                stdout.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
            elif args.json:
                collected.append(_legacy(record, args.lang))
            else:
                stdout.write(_summary(record, args.lang, every=args.all))
            if sarif is not None:
                sarif.add(record)
    finally:
        progress.close()
        stdout.flush()
        if sarif is not None:
            sarif.close()
    if args.json:
        stdout.write(json.dumps(collected, ensure_ascii=False, indent=2, default=str) + "\n")
    if many and not args.quiet:
        stderr.write(tally.line(args.lang))
    return tally.code


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def escape_controls(text: str) -> str:
    """Text from a file made safe for a terminal: control characters (ESC, CR, bidi controls...) shown escaped."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def _legacy(record: dict[str, Any], lang: str) -> dict[str, Any]:
    """The ``--json`` item of a record: the NDJSON record, each finding also with ``message`` in ``lang``."""
    item = {k: v for k, v in record.items() if k != "findings"}
    item["findings"] = [{**f, "message": f[f"message_{lang}"]} for f in record["findings"]]
    return item


def _summary(r: dict[str, Any], lang: str, *, every: bool = False) -> str:
    from govinfo_report.rules import CATALOGUE  # noqa: PLC0415

    zh = lang == "zh"
    if "error" in r:
        return escape_controls(f"{r['file']}: {'无法读取' if zh else 'unreadable'}: {r['error']}") + "\n"
    c = r["counts"]
    who = f"{r['agency'] or '?'} {r['year'] or '?'}"
    head = (
        f"{r['file']}: {who}（{r['format']}年格式）— 错误 {c['error']}，警告 {c['warning']}，提示 {c['info']}"
        if zh
        else f"{r['file']}: {who} ({r['format']} format) — {c['error']} errors, "
        f"{c['warning']} warnings, {c['info']} notes"
    )
    lines = [head]
    by_code: dict[str, list[dict[str, Any]]] = {}
    for f in r["findings"]:
        by_code.setdefault(f["code"], []).append(f)
    shown = None if every else _SHOW_PER_CODE
    for code, found in by_code.items():
        lines.extend(f"  {f['severity']:<7} {code:<20} {f[f'message_{lang}']}" for f in found[:shown])
        if shown is not None and len(found) > shown:
            more = len(found) - shown
            title = CATALOGUE[code].title_zh if zh else CATALOGUE[code].title_en
            lines.append(f"  {'':<7} {code:<20} " + (f"……另有 {more} 条“{title}”" if zh else f"… and {more} more"))
    return "\n".join(escape_controls(line) for line in lines) + "\n"


class _Sarif:
    """A SARIF 2.1.0 log written as results come: the rules first, then one result per finding."""

    def __init__(self, path: str, lang: str) -> None:
        import json  # noqa: PLC0415 - loaded when a command runs
        from pathlib import Path  # noqa: PLC0415 - loaded when a command runs

        from govinfo_report.rules import CATALOGUE  # noqa: PLC0415

        self.lang = lang
        self.out = Path(path).open("w", encoding="utf-8")  # noqa: SIM115 - closed in close()
        self.first = True
        rules = [
            {
                "id": c.code,
                "name": c.title_en,
                "shortDescription": {"text": c.title_zh if lang == "zh" else c.title_en},
                "fullDescription": {"text": c.description},
                "defaultConfiguration": {"level": _SARIF_LEVEL[c.severity.value]},
                "properties": {"tags": list(c.tags)},
            }
            for c in CATALOGUE.values()
        ]
        rules.append(
            {
                "id": "unreadable",
                "name": "unreadable file",
                "shortDescription": {"text": "无法读取" if lang == "zh" else "the file can not be read"},
                "defaultConfiguration": {"level": "error"},
            }
        )
        driver = {
            "name": "govinfo-report",
            "informationUri": "https://pypi.org/project/govinfo-report/",
            "rules": rules,
        }
        head = json.dumps({"tool": {"driver": driver}}, ensure_ascii=False)[:-1]
        self.out.write(
            '{"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": ['
            + head
            + ', "results": [\n'
        )

    def _write(self, result: dict[str, Any]) -> None:
        import json  # noqa: PLC0415 - loaded when a command runs

        self.out.write(("" if self.first else ",\n") + json.dumps(result, ensure_ascii=False, default=str))
        self.first = False

    def add(self, record: dict[str, Any]) -> None:
        from pathlib import Path  # noqa: PLC0415 - loaded when a command runs

        artifact = {"physicalLocation": {"artifactLocation": {"uri": Path(record["file"]).as_posix()}}}
        if "error" in record:
            self._write(
                {
                    "ruleId": "unreadable",
                    "level": "error",
                    "message": {"text": record["error"]},
                    "locations": [artifact],
                }
            )
            return
        for f in record["findings"]:
            other = "en" if self.lang == "zh" else "zh"
            self._write(
                {
                    "ruleId": f["code"],
                    "level": _SARIF_LEVEL[f["severity"]],
                    "message": {"text": f[f"message_{self.lang}"]},
                    "locations": [{**artifact, "logicalLocations": [{"fullyQualifiedName": f["path"]}]}],
                    "properties": {f"message_{other}": f[f"message_{other}"]},
                }
            )

    def close(self) -> None:
        self.out.write("\n]}]}\n")
        self.out.close()


# -- convert -------------------------------------------------------------------------------------
def _convert(args: argparse.Namespace, stdout: IO[str], stderr: IO[str]) -> int:
    from pathlib import Path  # noqa: PLC0415 - loaded when a command runs

    from govinfo_report import io as gio  # noqa: PLC0415

    out = Path(args.output)
    if args.inputs == ["-"] or args.output == "-":  # a pipe: one report in, one out
        if len(args.inputs) != 1 or _is_many(args.inputs):
            raise _Usage("-o - (standard output) takes one input")
        return _convert_one(args.inputs[0], args.output, args, stdout, stderr)
    if not _is_many(args.inputs) and args.to is None and not out.is_dir():
        return _convert_one(args.inputs[0], args.output, args, stdout, stderr)
    from functools import partial  # noqa: PLC0415

    from govinfo_report._batch import convert_pairs, iter_sources, ordered_map  # noqa: PLC0415

    codec = gio.get_codec(args.to or "json", writing=True)
    if out.exists() and not out.is_dir():
        raise _Usage(f"-o {args.output}: many inputs need an output folder")
    progress = _Progress(args, args.inputs, stderr)
    tally = _Tally()
    incomplete = 0
    try:
        records = ordered_map(
            partial(convert_pairs, to_format=args.to_format),
            _targets(iter_sources(args.inputs, recursive=args.recursive), out, codec.extensions[0], codec.name),
            jobs=_jobs(args),
        )
        for record in records:
            tally.add(record)
            progress.step()
            incomplete += _tell_converted(record, stderr)
    finally:
        progress.close()
    if not args.quiet:
        stderr.write(tally.line("en", "converted"))
    if tally.unreadable:
        return 2
    return 1 if args.strict and incomplete else 0


def _tell_converted(record: dict[str, Any], stderr: IO[str]) -> int:
    """Say on stderr what went wrong with one converted file; 1 when its read was incomplete."""
    if "error" in record:
        stderr.write(escape_controls(f"govinfo-report: error: {record['error']}") + "\n")
        return 0
    for lossy in record["warnings"]:
        stderr.write(escape_controls(f"govinfo-report: warning: {record['file']}: {lossy}") + "\n")
    if record.get("upgrade"):
        stderr.write(escape_controls(f"govinfo-report: {record['file']}: {record['upgrade']}") + "\n")
    if not record["incomplete"]:
        return 0
    stderr.write(
        escape_controls(
            f"govinfo-report: warning: {record['file']}: incomplete read "
            f"({record['incomplete']} problems: {record['what']})"
        )
        + "\n"
    )
    return 1


def _targets(
    sources: Iterator[tuple[str, str | None]], out: Path, suffix: str, kind: str
) -> Iterator[tuple[str, str, str]]:
    """(input, output, kind) for each source: the output keeps the path below the folder it was found in."""
    from pathlib import Path  # noqa: PLC0415 - loaded when a command runs

    seen: set[str] = set()
    for path, root in sources:
        rel = Path(path).relative_to(root) if root is not None else Path(Path(path).name)
        target = str(out / rel.with_suffix(suffix))
        if target in seen:  # a.csv and a.json would both become a.json
            target = str(out / rel.with_name(rel.name + suffix))
        seen.add(target)
        yield path, target, kind


def _convert_one(name: str, output: str, args: argparse.Namespace, stdout: IO[str], stderr: IO[str]) -> int:
    from govinfo_report import io as gio  # noqa: PLC0415

    codec = gio.get_codec(args.to or "json" if output == "-" else output, writing=True)
    if name == "-":  # standard input, as large as a file may be
        from govinfo_report._batch import read_stdin  # noqa: PLC0415

        report = read_stdin()
    else:
        report = gio.read(name)
    if args.to_format:
        from govinfo_report.analysis import upgrade  # noqa: PLC0415

        upgraded = upgrade(report, args.to_format)
        if upgraded.report is not report:
            stderr.write(escape_controls(f"govinfo-report: {name}: {upgraded.summary()}") + "\n")
        report = upgraded.report
    from govinfo_report._batch import dumps_telling  # noqa: PLC0415

    data, lossy = dumps_telling(report, codec.name)
    _emit(data, output, stdout)
    for message in lossy:
        stderr.write(escape_controls(f"govinfo-report: warning: {name}: {message}") + "\n")
    notes = report.provenance.notes if report.provenance is not None else ()
    if notes:
        what = "; ".join(dict.fromkeys(n.path for n in notes))
        stderr.write(
            escape_controls(f"govinfo-report: warning: {name}: incomplete read ({len(notes)} problems: {what})")
        )
        stderr.write("\n")
        return 1 if args.strict else 0
    return 0


# -- dataset -------------------------------------------------------------------------------------
def _dataset(args: argparse.Namespace, stdout: IO[str], stderr: IO[str]) -> int:  # noqa: ARG001 - one signature
    from govinfo_report import dataset  # noqa: PLC0415

    sink = dataset.sink_for(args.output, args.shape)  # checks the kind and the optional libraries first
    from govinfo_report._batch import iter_sources, ordered_map  # noqa: PLC0415

    progress = _Progress(args, args.inputs, stderr)
    tally = _Tally()
    paths = (path for path, _ in iter_sources(args.inputs, recursive=args.recursive))
    try:
        for part in ordered_map(dataset.frame_chunk(args.shape), paths, jobs=_jobs(args), chunk=256):
            for record in part.records:
                tally.add(record)
                progress.step()
                if "error" in record:
                    stderr.write(escape_controls(f"govinfo-report: error: {record['error']}") + "\n")
            sink.add(part.frame)
    finally:
        progress.close()
        sink.close()
    if not args.quiet:
        stderr.write(tally.line("en", "read"))
    return 2 if tally.unreadable else 0


# -- the rest ------------------------------------------------------------------------------------
def run(argv: Sequence[str] | None = None, stdout: IO[str] | None = None, stderr: IO[str] | None = None) -> int:  # noqa: PLR0911 - one exit code per kind of end
    """Run the command with ``argv``; return the exit code."""
    from govinfo_report.errors import GovinfoReportError  # noqa: PLC0415

    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    try:
        args = _parser().parse_args(argv)
        return _COMMANDS[args.command](args, stdout, stderr)
    except _Usage as exc:
        stderr.write(f"govinfo-report: usage error: {escape_controls(str(exc))}\n")
        return 2
    except _Shown as exc:
        stdout.write(str(exc))
        return 0
    except SystemExit as exc:  # --help
        return int(exc.code or 0)
    except GovinfoReportError as exc:
        stderr.write(f"govinfo-report: error: {escape_controls(str(exc))}\n")
        return 2
    except OSError as exc:
        stderr.write(escape_controls(f"govinfo-report: error: {exc.filename or ''}: {exc.strerror or exc}") + "\n")
        return 2
    except KeyboardInterrupt:
        stderr.write("govinfo-report: interrupted\n")
        return 2


def _template(args: argparse.Namespace, stdout: IO[str], stderr: IO[str]) -> int:  # noqa: ARG001
    from govinfo_report import io as gio  # noqa: PLC0415
    from govinfo_report.model import blank_report  # noqa: PLC0415

    report = blank_report(args.format, year=args.year, agency=args.agency)
    kind = "json" if args.output in (None, "-") else args.output
    _emit(gio.dumps(report, gio.get_codec(kind, writing=True).name), args.output, stdout)
    return 0


def _schema(args: argparse.Namespace, stdout: IO[str], stderr: IO[str]) -> int:  # noqa: ARG001
    from govinfo_report.formats import formats, get_format  # noqa: PLC0415
    from govinfo_report.schema import schema_text  # noqa: PLC0415

    stdout.write(schema_text(get_format(args.format).id if args.format else formats()[-1].id))
    return 0


def _compare(args: argparse.Namespace, stdout: IO[str], stderr: IO[str]) -> int:
    from govinfo_report._analysis_cli import compare_command  # noqa: PLC0415

    return compare_command(args, stdout, stderr)


def _series(args: argparse.Namespace, stdout: IO[str], stderr: IO[str]) -> int:
    from govinfo_report._analysis_cli import series_command  # noqa: PLC0415

    return series_command(args, stdout, stderr)


def _serve(args: argparse.Namespace, stdout: IO[str], stderr: IO[str]) -> int:  # noqa: ARG001
    from govinfo_report.web import serve  # noqa: PLC0415 - the web extra loads only here

    if args.timeout <= 0 or args.max_upload <= 0 or args.workers < 0 or args.queue < 0:
        raise _Usage("--timeout and --max-upload must be positive, --workers and --queue not negative")
    host = f"[{args.host}]" if ":" in args.host else args.host
    stderr.write(f"govinfo-report: serving http://{host}:{args.port}/ (Ctrl+C to stop)\n")
    stderr.flush()
    serve(
        args.host,
        args.port,
        workers=args.workers or None,
        queue=args.queue,
        timeout=args.timeout,
        max_upload=args.max_upload,
    )
    return 0


_COMMANDS = {
    "template": _template,
    "validate": _validate,
    "convert": _convert,
    "dataset": _dataset,
    "schema": _schema,
    "serve": _serve,
}


def _aggregate(args: argparse.Namespace, stdout: IO[str], stderr: IO[str]) -> int:
    from govinfo_report._analysis_cli import aggregate_command  # noqa: PLC0415

    return aggregate_command(args, stdout, stderr)


def _region(args: argparse.Namespace, stdout: IO[str], stderr: IO[str]) -> int:
    from govinfo_report._analysis_cli import region_command  # noqa: PLC0415

    return region_command(args, stdout, stderr)


_COMMANDS |= {"compare": _compare, "series": _series, "aggregate": _aggregate, "region": _region}


def main() -> None:
    """Console entry point."""
    sys.exit(run())
