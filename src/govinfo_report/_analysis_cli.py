"""The analysis commands of ``govinfo-report``: ``compare``, ``series``, ``aggregate`` and ``region``.

Registered in :mod:`govinfo_report.cli`; only the standard library is imported until a command runs.
"""

from __future__ import annotations

import argparse
import json
from typing import IO, Any

__all__ = ["add_parsers", "aggregate_command", "compare_command", "region_command", "series_command"]


def add_parsers(sub: Any) -> None:
    """Add the analysis sub-commands to the command's sub-parsers."""
    c = sub.add_parser("compare", help="compare two reports cell by cell (also across the 2019 and 2021 formats)")
    c.add_argument("a", help="the first report (A)")
    c.add_argument("b", help="the second report (B)")
    c.add_argument(
        "--to",
        choices=["text", "md", "html", "csv", "json"],
        default="text",
        help="output: an aligned table (default), Markdown, HTML, CSV or JSON records",
    )
    c.add_argument("--changed", action="store_true", help="only the cells and indicators that differ")
    c.add_argument("--lang", choices=["zh", "en"], default="zh", help="header language (default zh)")
    c.add_argument("-o", "--output", help="write to this file instead of standard output")

    s = sub.add_parser("series", help="check reports across years: carry-over, in-force, gaps, jumps")
    s.add_argument("inputs", nargs="+", metavar="input", help="report files, folders or glob patterns")
    s.add_argument(
        "--by",
        choices=["agency", "none"],
        default="agency",
        help="group the reports by agency (default), or take them all as one series",
    )
    s.add_argument("--json", action="store_true", help="print the groups and their findings as JSON")
    s.add_argument("--indicators", action="store_true", help="also print each group's indicators year by year")
    s.add_argument("--lang", choices=["zh", "en"], default="zh", help="message language (default zh)")
    s.add_argument("--pick", action="append", metavar="CODE", help="only this code or tag (repeatable)")
    s.add_argument("--skip", action="append", metavar="CODE", help="leave out this code or tag (repeatable)")
    s.add_argument("-r", "--recursive", action="store_true", help="search folders (and ** in patterns) recursively")
    s.add_argument("-q", "--quiet", action="store_true", help="no closing summary")

    a = sub.add_parser("aggregate", help="sum reports of one year and format, cell by cell, into one report")
    a.add_argument("inputs", nargs="+", metavar="input", help="report files, folders or glob patterns")
    a.add_argument("-o", "--output", required=True, help="output file (kind from its extension), - for JSON out")
    a.add_argument("--agency", help="机关名称 of the sum")
    a.add_argument("--year", type=int, help="年度 of the sum (default: the reports' common year)")
    a.add_argument("-r", "--recursive", action="store_true", help="search folders recursively")

    g = sub.add_parser("region", help="check each covering body's report against the sum of its bodies' reports")
    g.add_argument("registry", help="the issuer registry CSV (机关名称,层级,上级机关,区划代码,汇总下级)")
    g.add_argument("inputs", nargs="+", metavar="input", help="report files, folders or glob patterns")
    g.add_argument("--json", action="store_true", help="print the checks and their findings as JSON")
    g.add_argument("--lang", choices=["zh", "en"], default="zh", help="message language (default zh)")
    g.add_argument("-r", "--recursive", action="store_true", help="search folders recursively")


def compare_command(args: argparse.Namespace, stdout: IO[str], stderr: IO[str]) -> int:  # noqa: ARG001
    """``compare A B``: exit 0 when no cell differs, 1 when some do (like ``diff``)."""
    from pathlib import Path  # noqa: PLC0415

    from govinfo_report.analysis import compare  # noqa: PLC0415
    from govinfo_report.io import read  # noqa: PLC0415

    result = compare(read(args.a), read(args.b))
    only = args.changed
    if args.to == "text":
        text = result.to_text(args.lang, only_changed=only)
    elif args.to == "md":
        text = result.to_markdown(args.lang, only_changed=only)
    elif args.to == "html":
        text = result.to_html(args.lang, only_changed=only)
    elif args.to == "csv":
        text = result.to_csv(only_changed=only)
    else:
        text = json.dumps(result.to_records(only_changed=only), ensure_ascii=False, indent=2) + "\n"
    if args.output and args.output != "-":
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        from govinfo_report.cli import escape_controls  # noqa: PLC0415 - report text on a terminal

        stdout.write(text if args.to in ("html", "json", "csv") else "\n".join(map(escape_controls, text.split("\n"))))
    return 1 if result.changed() else 0


def _key(report: Any, by: str) -> str:
    if by == "none":
        return ""
    return "".join((report.meta.agency or "").split())


def series_command(args: argparse.Namespace, stdout: IO[str], stderr: IO[str]) -> int:
    """``series INPUTS --by agency``: 0 no error finding, 1 error findings, 2 a file could not be read."""
    from govinfo_report._batch import iter_sources  # noqa: PLC0415
    from govinfo_report.cli import escape_controls  # noqa: PLC0415
    from govinfo_report.errors import GovinfoReportError  # noqa: PLC0415
    from govinfo_report.io import read  # noqa: PLC0415
    from govinfo_report.rules import Severity, validate_series  # noqa: PLC0415
    from govinfo_report.rules._engine import Selection  # noqa: PLC0415

    Selection.of(args.pick, args.skip)  # an unknown code is a usage error, said once
    groups: dict[str, list[tuple[str, Any]]] = {}
    unreadable = 0
    for path, _ in iter_sources(args.inputs, recursive=args.recursive):
        try:
            report = read(path)
        except GovinfoReportError as exc:
            unreadable += 1
            stderr.write(escape_controls(f"govinfo-report: error: {exc}") + "\n")
            continue
        groups.setdefault(_key(report, args.by), []).append((path, report))
    errors = False
    out: list[dict[str, Any]] = []
    for key in sorted(groups):
        members = sorted(groups[key], key=lambda m: (m[1].meta.year or 0, m[0]))
        result = validate_series([r for _, r in members], pick=args.pick, skip=args.skip)
        errors = errors or not result.valid
        out.append(_group(key, members, result, args))
    if args.json:
        stdout.write(json.dumps(out, ensure_ascii=False, indent=2, default=str) + "\n")
    else:
        for group in out:
            stdout.write("\n".join(escape_controls(line) for line in _group_lines(group, args.lang)) + "\n")
    if not args.quiet:
        severities = [f["severity"] for g in out for f in g["findings"]]
        counts = {s.value: severities.count(s.value) for s in Severity}
        stderr.write(
            f"{len(out)} series from {sum(len(g['files']) for g in out)} files: {counts['error']} errors, "
            f"{counts['warning']} warnings, {counts['info']} notes; {unreadable} unreadable\n"
        )
    if unreadable:
        return 2
    return 1 if errors else 0


def _group(key: str, members: list[tuple[str, Any]], result: Any, args: argparse.Namespace) -> dict[str, Any]:
    from govinfo_report.analysis import indicators  # noqa: PLC0415

    group: dict[str, Any] = {
        "agency": key or None,
        "years": [r.meta.year for _, r in members],
        "files": [p for p, _ in members],
        "valid": result.valid,
        "findings": [f.to_dict(args.lang) for f in result.findings],
    }
    if args.indicators:
        by_year = {r.meta.year: r for _, r in members}
        group["indicators"] = {
            str(r.meta.year): {
                k: None if v is None else str(v) for k, v in indicators(r, by_year.get((r.meta.year or 0) - 1)).items()
            }
            for _, r in members
        }
    return group


def _group_lines(group: dict[str, Any], lang: str) -> list[str]:
    zh = lang == "zh"
    years = "、".join(str(y) for y in group["years"]) if zh else ", ".join(str(y) for y in group["years"])
    who = group["agency"] or ("（全部）" if zh else "(all)")
    lines = [
        f"{who}: {len(group['files'])} 份报告（{years}）" if zh else f"{who}: {len(group['files'])} reports ({years})"
    ]
    lines += [f"  {f['severity']:<7} {f['code']:<22} {f['message']}" for f in group["findings"]]
    if not group["findings"]:
        lines.append("  " + ("未发现跨年度问题" if zh else "no findings across the years"))
    table = group.get("indicators")
    if table:
        ids = list(next(iter(table.values())))
        rows = [["year", *ids], *([year, *(v or "—" for v in values.values())] for year, values in table.items())]
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
        lines += ["  " + "  ".join(c.rjust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    return lines


def _read_all(inputs: list[str], recursive: bool, stderr: IO[str]) -> tuple[list[Any], int]:
    from govinfo_report._batch import iter_sources  # noqa: PLC0415
    from govinfo_report.cli import escape_controls  # noqa: PLC0415
    from govinfo_report.errors import GovinfoReportError  # noqa: PLC0415
    from govinfo_report.io import read  # noqa: PLC0415

    reports, unreadable = [], 0
    for path, _ in iter_sources(inputs, recursive=recursive):
        try:
            reports.append(read(path))
        except GovinfoReportError as exc:
            unreadable += 1
            stderr.write(escape_controls(f"govinfo-report: error: {exc}") + "\n")
    return reports, unreadable


def aggregate_command(args: argparse.Namespace, stdout: IO[str], stderr: IO[str]) -> int:
    """``aggregate INPUTS -o OUT``: 0 written, 2 a file could not be read (nothing is written then)."""
    from govinfo_report import io as gio  # noqa: PLC0415
    from govinfo_report.analysis import aggregate  # noqa: PLC0415

    reports, unreadable = _read_all(args.inputs, args.recursive, stderr)
    if unreadable:
        return 2
    total = aggregate(reports, agency=args.agency, year=args.year)
    data = gio.dumps(total, gio.get_codec("json" if args.output == "-" else args.output, writing=True).name)
    if args.output == "-":
        stdout.write(data.decode("utf-8"))
    else:
        from pathlib import Path  # noqa: PLC0415

        Path(args.output).write_bytes(data)
    stderr.write(f"govinfo-report: {len(reports)} reports summed\n")
    return 0


def region_command(args: argparse.Namespace, stdout: IO[str], stderr: IO[str]) -> int:
    """``region REGISTRY INPUTS``: 0 every checked parent agrees, 1 some cell differs, 2 a file unreadable."""
    from govinfo_report.analysis import check_region, read_registry  # noqa: PLC0415
    from govinfo_report.cli import escape_controls  # noqa: PLC0415

    registry = read_registry(args.registry)
    reports, unreadable = _read_all(args.inputs, args.recursive, stderr)
    checks = check_region(registry, reports)
    records: list[dict[str, Any]] = [
        {
            "agency": c.parent,
            "year": c.year,
            "children": list(c.children),
            "missing": list(c.missing),
            "checked": c.result is not None,
            "findings": [f.to_dict(args.lang) for f in c.result.findings] if c.result is not None else [],
        }
        for c in checks
    ]
    if args.json:
        stdout.write(json.dumps(records, ensure_ascii=False, indent=2, default=str) + "\n")
    else:
        zh = args.lang == "zh"
        for r in records:
            head = f"{r['agency']} {r['year']}: "
            if not r["checked"]:
                why = ("缺少下级机关报告：" if zh else "no report of: ") + "、".join(r["missing"])
                stdout.write(
                    escape_controls(head + (why if r["missing"] else "格式不一致" if zh else "formats differ"))
                )
                stdout.write("\n")
                continue
            n = len(r["findings"])
            stdout.write(escape_controls(head + (f"{n} 处与下级之和不符" if zh else f"{n} cells differ from the sum")))
            stdout.write("\n")
            for f in r["findings"]:
                stdout.write(escape_controls(f"  {f['severity']:<7} {f['code']:<20} {f['message']}") + "\n")
    if unreadable:
        return 2
    return 1 if any(r["findings"] for r in records) else 0
