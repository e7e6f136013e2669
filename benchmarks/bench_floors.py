"""Each path beside the parser or writer underneath it, in the same run, as a ratio against its target.

Run: python benchmarks/bench_floors.py [ROUNDS] [ONLY]  (ONLY: run the paths whose name contains it)
Needs the ``bench`` extra (fastjsonschema, orjson, python-calamine) and the ``docx`` extra (python-docx).

Method: for every path, ours and its floor run alternately on the same input, ``number`` calls of each per round,
for ``ROUNDS`` rounds (default 21). A round's ratio is our time over the floor's; the figure printed is the median
of the rounds' ratios, beside the median time of each. Since both sides of a ratio are measured within
milliseconds of each other, the ratio holds whatever else the (shared, noisy) machine is doing, unlike the times.

The floors:
  - JSON: ``orjson.loads`` of the bytes and fastjsonschema's compiled validator of our JSON Schema on the result
    (types and ranges only: none of our arithmetic, metadata or text rules). Ours: bytes → model → ``validate``,
    with orjson when it is installed, and once more with the standard library's parser alone.
  - xlsx read: python-calamine opening the workbook and reading every sheet to Python values. Two rows without
    a target show where the time goes: the standard library's unzip and XML parse of the parts our reader reads,
    beside calamine, and our whole read beside that parse.
  - xlsx write: openpyxl writing the same cells, merges and column widths, each cell given a named style (one per
    distinct look, registered once), and saving.
  - docx read: python-docx opening the same file (``docx.Document``).
  - Word render (no target): python-docx loading its default template and saving it, with no content.
"""

from __future__ import annotations

import gc
import importlib.util
import io
import platform
import statistics
import sys
import timeit
import zipfile
from collections.abc import Callable
from copy import copy
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import docx
import fastjsonschema
import orjson
from openpyxl import Workbook, load_workbook
from openpyxl.styles import NamedStyle

import govinfo_report as gr
from govinfo_report.io import _json

ROOT = Path(__file__).resolve().parents[1]
FILLED_XLSX = ROOT / "tests" / "fixtures" / "xlsx" / "sample-2021-filled-in-libreoffice.xlsx"


def interleaved(ours: Callable[[], object], floor: Callable[[], object], number: int, rounds: int) -> tuple[float, ...]:
    """(our median seconds per call, the floor's, the median of the per-round ratios)."""
    ours()
    floor()
    mine: list[float] = []
    base: list[float] = []
    for _ in range(rounds):
        base.append(timeit.timeit(floor, number=number) / number)
        mine.append(timeit.timeit(ours, number=number) / number)
    ratios = [m / b for m, b in zip(mine, base, strict=True)]
    return statistics.median(mine), statistics.median(base), statistics.median(ratios)


def json_case(name: str) -> tuple[bytes, Callable[[], object]]:
    data = (ROOT / "examples" / name / "report.json").read_bytes()
    check = fastjsonschema.compile(gr.json_schema(gr.from_json(data).format))
    return data, lambda: check(orjson.loads(data))


def stdlib_only(data: bytes) -> object:
    """Ours with the orjson path switched off (as where orjson is not installed)."""
    saved = getattr(_json, "orjson_loads", None)
    _json.orjson_loads = None  # type: ignore[attr-defined]
    try:
        return gr.validate(gr.from_json(data))
    finally:
        _json.orjson_loads = saved


def _look(cell: Any) -> tuple[Any, ...]:
    return tuple(copy(getattr(cell, k)) for k in ("font", "alignment", "border", "fill", "protection"))


def _cells_and_looks(data: bytes) -> tuple[list[Any], list[NamedStyle]]:
    """Per sheet of our workbook ``data``: its title, cells (row, column, value, look), merges and column widths;
    and one named style per distinct look."""
    source = load_workbook(io.BytesIO(data))
    looks: dict[tuple[Any, ...], tuple[str, tuple[Any, ...]]] = {}
    sheets = []
    for ws in source.worksheets:
        cells = []
        for c in (c for row in ws.iter_rows() for c in row if c.value is not None or c.has_style):
            key = (*c._style, c.number_format)  # noqa: SLF001 - the style ids identify a look
            if key not in looks:
                looks[key] = (f"look{len(looks)}", (*_look(c), c.number_format))
            cells.append((c.row, c.column, c.value, looks[key][0]))
        merges = [str(m) for m in ws.merged_cells.ranges]
        widths = {k: d.width for k, d in ws.column_dimensions.items()}
        sheets.append((ws.title, cells, merges, widths))
    styles = [
        NamedStyle(
            name=name, font=font, alignment=alignment, border=border, fill=fill, number_format=fmt, protection=lock
        )
        for name, (font, alignment, border, fill, lock, fmt) in looks.values()
    ]
    return sheets, styles


def openpyxl_floor(data: bytes) -> Callable[[], bytes]:
    """openpyxl writing the cells, merges and widths of our workbook ``data``, with one named style per look."""
    sheets, styles = _cells_and_looks(data)

    def write() -> bytes:
        wb = Workbook()
        wb.remove(wb.active)
        for style in styles:
            wb.add_named_style(style)
        for title, cells, merges, widths in sheets:
            ws = wb.create_sheet(title)
            for letter, width in widths.items():
                ws.column_dimensions[letter].width = width
            for ref in merges:  # first, so that openpyxl has no borders to copy along the merged edges
                ws.merge_cells(ref)
            for r, c, value, look in cells:
                cell = ws.cell(row=r, column=c)
                if value is not None:
                    cell.value = value
                cell.style = look
        out = io.BytesIO()
        wb.save(out)
        return out.getvalue()

    return write


def calamine_read(data: bytes) -> list[Any]:
    import python_calamine  # noqa: PLC0415 - only this floor needs it

    wb = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    return [wb.get_sheet_by_name(n).to_python() for n in wb.sheet_names]


def stdlib_parse(data: bytes) -> list[Any]:
    """What the standard library alone takes for the parts our reader reads: unzip them and parse their XML."""
    z = zipfile.ZipFile(io.BytesIO(data))
    names = [n for n in z.namelist() if n.startswith(("xl/worksheets/", "xl/workbook.xml", "xl/_rels/workbook"))]
    names += [n for n in ("xl/sharedStrings.xml", "xl/styles.xml") if n in z.namelist()]
    return [ET.fromstring(z.read(n)) for n in names]  # noqa: S314 - our own fixture


def xlsx_read_rows(filled: bytes, ours: bytes) -> list[Any]:
    return [
        ("xlsx read (LibreOffice-saved)", lambda: gr.from_xlsx(filled), lambda: calamine_read(filled), 10, 2.0, "ms"),
        ("xlsx read (ours)", lambda: gr.from_xlsx(ours), lambda: calamine_read(ours), 10, 2.0, "ms"),
        # Why the ratio above is out of reach in Python: the standard library's unzip and XML parse of the same
        # parts, beside calamine, and our whole read beside that parse.
        (
            "  xlsx: stdlib unzip + XML parse vs calamine",
            lambda: stdlib_parse(filled),
            lambda: calamine_read(filled),
            10,
            None,
            "ms",
        ),
        (
            "  xlsx read vs stdlib unzip + XML parse",
            lambda: gr.from_xlsx(filled),
            lambda: stdlib_parse(filled),
            10,
            None,
            "ms",
        ),
    ]


def docx_template() -> bytes:
    out = io.BytesIO()
    docx.Document().save(out)
    return out.getvalue()


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 21
    print(f"Python {sys.version.split()[0]} on {platform.machine()}; {rounds} interleaved rounds; gc {gc.isenabled()}")
    print(f"{'path':<44}{'ours':>10}{'floor':>10}{'ratio':>8}{'target':>8}  met")
    sample = gr.read(ROOT / "examples" / "sample-2021" / "report.json")
    rows: list[tuple[str, Callable[[], object], Callable[[], object], int, float | None, str]] = []
    for name in ("sample-2021", "shanghai-2019"):
        data, floor = json_case(name)
        rows.append((f"JSON {name}", lambda d=data: gr.validate(gr.from_json(d)), floor, 200, 0.8, "µs"))
        rows.append((f"JSON {name} (stdlib json)", lambda d=data: stdlib_only(d), floor, 200, None, "µs"))
    filled = FILLED_XLSX.read_bytes()
    ours_xlsx = gr.to_xlsx(sample)
    if importlib.util.find_spec("python_calamine") is None:
        print("xlsx read: skipped, python-calamine is not installed (pip install 'govinfo-report[bench]')")
    else:
        rows += xlsx_read_rows(filled, ours_xlsx)
    rows.append(("xlsx write (sample-2021)", lambda: gr.to_xlsx(sample), openpyxl_floor(ours_xlsx), 2, 1.2, "ms"))
    ours_docx = gr.to_docx(sample)
    rows.append(
        (
            "docx read (ours)",
            lambda: gr.loads(ours_docx, "docx"),
            lambda: docx.Document(io.BytesIO(ours_docx)),
            3,
            1.2,
            "ms",
        )
    )
    rows.append(("Word render (sample-2021)", lambda: gr.to_docx(sample), docx_template, 2, None, "ms"))
    only = sys.argv[2] if len(sys.argv) > 2 else ""  # noqa: PLR2004
    for label, ours, floor, number, target, unit in rows:
        if only not in label:
            continue
        mine, base, ratio = interleaved(ours, floor, number, rounds)
        scale = 1e6 if unit == "µs" else 1e3
        met = "" if target is None else ("yes" if ratio <= target else "NO")
        shown = "" if target is None else f"≤{target:.1f}"
        print(f"{label:<44}{mine * scale:>7.2f}{unit}{base * scale:>7.2f}{unit}{ratio:>7.2f}x{shown:>8}  {met}")


if __name__ == "__main__":
    main()
