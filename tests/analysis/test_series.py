"""Series across years on the 平潭 reports: gaps, jumps, carry-over across the format change; the command."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import govinfo_report as gr
from govinfo_report.cli import run
from govinfo_report.rules._catalogue import SERIES_JUMP_FACTOR, SERIES_JUMP_MIN
from tests import corpus
from tests.analysis.conftest import series_entries


def call(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def test_gaps_are_the_missing_years(series: dict[int, gr.AnnualReport]) -> None:
    """series-gap names exactly the years between the first and the last that have no report."""
    missing = [y for y in range(min(series), max(series) + 1) if y not in series]
    found = [f for f in gr.validate_series(series.values()) if f.code == "series-gap"]
    if not missing:
        assert found == []
        return
    (gap,) = found
    assert gap.params["years"] == "、".join(map(str, missing))


def test_jumps_follow_the_rule(series: dict[int, gr.AnnualReport]) -> None:
    """Every cell of the same keys in consecutive years that moves by more than the factor is reported, no other."""
    want = set()
    for year, now in series.items():
        if year - 1 not in series:
            continue
        before = series[year - 1]
        for cell, value in now.iter_cells():
            same = before.spec.cells_by_key.get(cell.key)
            if same is None or cell.kind is gr.Kind.SIGNED_COUNT or same.column.unit != cell.column.unit:
                continue
            old = before.values()[same.index]
            if value is None or old is None:
                continue
            high, low = max(value, old), min(value, old)
            if high >= SERIES_JUMP_MIN and (low == 0 or high > SERIES_JUMP_FACTOR * low):
                want.add((year, cell.pointer))
    got = {(f.params["year"], f.path) for f in gr.validate_series(series.values()) if f.code == "series-jump"}
    assert want == got
    assert got  # the series has such a jump: the check can fail


def test_carry_over_across_the_format_change(series: dict[int, gr.AnnualReport]) -> None:
    """2020 (2019 format) → 2021 is checked: a changed carry-over is reported on that pair."""
    before, now = series[2020], series[2021]
    assert before.format != now.format
    assert not [f for f in gr.validate_series([before, now]) if f.code == "carry-over-mismatch"]
    carried = now.cell("三", "二、上年结转政府信息公开申请数量", "总计")
    changed = now.with_cell("三", "二、上年结转政府信息公开申请数量", "总计", (carried or 0) + 1)
    codes = [f.code for f in gr.validate_series([before, changed])]
    assert "carry-over-mismatch" in codes


class TestCommand:
    def test_groups_by_agency_and_orders_by_year(self, tmp_path: Path) -> None:
        """series FOLDER: one group for the body, its years in order, the findings of validate_series."""
        for entry in series_entries():
            shutil.copy(corpus.CORPUS / str(entry["raw"]), tmp_path / Path(str(entry["raw"])).name)
        other = gr.blank_report("2021", year=2022, agency="另一机关")
        gr.write(other, tmp_path / "other.json")
        code, out, _ = call("series", str(tmp_path), "--json", "--indicators")
        groups = json.loads(out)
        assert len(groups) == 2
        body = next(g for g in groups if g["agency"] != "另一机关")
        assert body["years"] == sorted(body["years"])
        reports = [gr.read(p) for p in body["files"]]
        want = [f.to_dict() for f in gr.validate_series(reports)]
        assert json.loads(json.dumps(want, ensure_ascii=False, default=str)) == body["findings"]
        assert set(body["indicators"]) == {str(y) for y in body["years"]}
        assert code == (0 if all(g["valid"] for g in groups) else 1)

    def test_text_and_unreadable(self, tmp_path: Path) -> None:
        (tmp_path / "broken.json").write_text("{", "utf-8")
        gr.write(gr.blank_report("2021", year=2021, agency="某局"), tmp_path / "a.json")
        gr.write(gr.blank_report("2021", year=2023, agency="某局"), tmp_path / "b.json")
        code, out, err = call("series", str(tmp_path), "--lang", "en")
        assert code == 2
        assert "series-gap" in out
        assert "broken.json" in err

    def test_unknown_code_is_usage(self, tmp_path: Path) -> None:
        code, _, err = call("series", str(tmp_path), "--pick", "no-such-code")
        assert code == 2
        assert "unknown finding code" in err
