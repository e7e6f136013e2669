"""compare and convert --to-format on the command line."""

from __future__ import annotations

import io
import json
from pathlib import Path

import govinfo_report as gr
from govinfo_report.cli import run


def call(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def write(tmp_path: Path, series: dict[int, gr.AnnualReport], year: int) -> str:
    path = tmp_path / f"{year}.json"
    gr.write(series[year], path)
    return str(path)


def test_compare_formats(tmp_path: Path, series: dict[int, gr.AnnualReport]) -> None:
    """Each output of compare carries the rows of the API; exit 1 when the reports differ, 0 when not."""
    a, b = write(tmp_path, series, 2020), write(tmp_path, series, 2021)
    want = gr.compare(gr.read(a), gr.read(b))
    code, out, _ = call("compare", a, b, "--to", "json", "--changed")
    assert code == 1
    assert json.loads(out) == want.to_records(only_changed=True)
    _, out, _ = call("compare", a, b, "--to", "md")
    assert out == want.to_markdown()
    _, out, _ = call("compare", a, b, "--to", "csv", "--changed")
    assert out == want.to_csv(only_changed=True)
    target = tmp_path / "c.html"
    call("compare", a, b, "--to", "html", "-o", str(target))
    assert target.read_text("utf-8") == want.to_html()
    code, out, _ = call("compare", a, a, "--lang", "en")
    assert code == 0
    assert out == gr.compare(gr.read(a), gr.read(a)).to_text("en")


def test_compare_unreadable(tmp_path: Path) -> None:
    code, _, err = call("compare", str(tmp_path / "none.json"), str(tmp_path / "none.json"))
    assert code == 2
    assert err.startswith("govinfo-report: error")


def test_convert_to_format(tmp_path: Path, series: dict[int, gr.AnnualReport]) -> None:
    """convert --to-format 2021 writes the upgraded report and says what had no place; a folder too."""
    old = write(tmp_path, series, 2020)
    out = tmp_path / "new.json"
    code, _, err = call("convert", old, "-o", str(out), "--to-format", "2021")
    assert code == 0
    assert gr.read(out) == gr.upgrade(gr.read(old)).report
    assert "with no place" in err
    folder = tmp_path / "out"
    write(tmp_path, series, 2021)
    code, _, err = call("convert", str(tmp_path / "2020.json"), str(tmp_path / "2021.json"), "-o", str(folder))
    assert code == 0
    assert gr.read(folder / "2020.json").format == "2019"
    code, _, err = call(
        "convert", str(tmp_path / "2020.json"), str(tmp_path / "2021.json"), "-o", str(folder), "--to-format", "2021"
    )
    assert code == 0
    assert {gr.read(p).format for p in folder.glob("*.json")} == {"2021"}
    assert err.count("upgraded to the 2021 format") == 1
    code, _, err = call("convert", old, "-o", str(out), "--to-format", "2019")
    assert code == 2
