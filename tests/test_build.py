"""Building reports from data, as a portal does: a dict of the JSON shape, a web form's strings; no misuse passes."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import pytest

import govinfo_report as gr
from tests.conftest import EXAMPLES

SAMPLE = EXAMPLES / "sample-2021" / "report.json"


class TestFromDict:
    def test_the_json_shape(self) -> None:
        data = json.loads(SAMPLE.read_text("utf-8"), parse_float=Decimal)
        del data["$schema"]
        assert gr.read(SAMPLE) == gr.from_dict(data)

    def test_every_bad_field_is_listed(self) -> None:
        data = json.loads(SAMPLE.read_text("utf-8"))
        data["table3"]["granted"]["total"] = "many"
        data["meta"]["year"] = "2021"
        with pytest.raises(gr.ReportError) as caught:
            gr.from_dict(data)
        paths = [where for where, _ in caught.value.problems]
        assert any("granted" in p and "total" in p for p in paths)
        assert any("year" in p for p in paths)


class TestFromForm:
    def test_strings_as_a_browser_posts_them(self) -> None:
        form = {
            "机关名称": "某某县人民政府",
            "年度": "二〇二二年",
            "published": "2023-01-20",
            "/table3/granted/natural_person": "3",
            "table3.granted.total": "3",
            "三|（七）总计|自然人": " 3 ",
            "三|（二）部分公开（区分处理的，只计这一情形，不计其他情形）|自然人": "",
            "/table3/withheld_state_secret/natural_person": "无",
            "/table3/withheld_state_secret/total": "12件",
            "/table2/licensing/decisions": "1024",
            "一、总体情况": "本年度……",
        }
        report = gr.from_form(form)
        assert ("某某县人民政府", 2022, datetime.date(2023, 1, 20), "2021") == (
            report.meta.agency,
            report.meta.year,
            report.meta.published,
            report.format,
        )
        assert (3, 3, 3) == (
            report.table3.granted.natural_person,
            report.table3.granted.total,
            report.table3.total_handled.natural_person,
        )
        assert report.table3.partially_granted.natural_person is None
        assert {
            "/table3/withheld_state_secret/natural_person": "无",
            "/table3/withheld_state_secret/total": "12件",
        } == dict(report.raw)
        assert "本年度……" == report.general_situation
        codes = {f.code for f in gr.validate(report).findings}
        assert {"cell-placeholder", "cell-not-a-number"} <= codes

    def test_the_year_picks_the_format(self) -> None:
        assert "2019" == gr.from_form({"年度": "2020", "/table2/procurement/items": "5"}).format

    def test_every_bad_field_is_listed(self) -> None:
        form = {"年度": "去年", "/table3/nothing/here": "1", "三|（九）其他|自然人": "2", "published": "1月"}
        with pytest.raises(gr.ReportError) as caught:
            gr.from_form(form)
        assert {"年度", "/table3/nothing/here", "三|（九）其他|自然人", "published"} == {
            w for w, _ in caught.value.problems
        }

    def test_the_same_cell_twice(self) -> None:
        with pytest.raises(gr.ReportError, match="the same cell"):
            gr.from_form({"/table3/granted/total": "1", "table3.granted.total": "2"})

    @pytest.mark.parametrize("fields", [["a", "b"], "x=1"])
    def test_not_a_mapping_is_misuse(self, fields: object) -> None:
        with pytest.raises(gr.UsageError):
            gr.from_form(fields)  # type: ignore[arg-type]

    def test_a_number_too_long(self) -> None:
        """A 5,000-digit "count" is not converted (that could hang): it stays text, and validation says so."""
        report = gr.from_form({"/table3/granted/total": "9" * 5000})
        assert report.table3.granted.total is None
        assert "cell-not-a-number" in {f.code for f in gr.validate(report).findings}


class TestTheModelCannotBeMisused:
    def test_wrong_types_are_usage_errors(self) -> None:
        with pytest.raises(gr.UsageError, match="year takes int"):
            gr.ReportMeta(agency="某局", year="2022")  # type: ignore[arg-type]
        with pytest.raises(gr.UsageError, match="published takes a date"):
            gr.ReportMeta(published="yesterday")  # type: ignore[arg-type]
        with pytest.raises(gr.UsageError, match="meta has no field"):
            gr.AnnualReport(format="2021", meta={"agency": "某局", "name": "x"})  # type: ignore[arg-type]
        with pytest.raises(gr.UsageError, match="general_situation takes str"):
            gr.AnnualReport(format="2021", general_situation=3)  # type: ignore[arg-type]

    def test_meta_as_a_mapping_and_a_date_string(self) -> None:
        report = gr.AnnualReport(format="2021", meta={"agency": "某局", "year": 2022, "published": "2023-01-01"})  # type: ignore[arg-type]
        assert datetime.date(2023, 1, 1) == report.meta.published
        assert '"published": "2023-01-01"' in gr.to_json(report)
        gr.validate(report)  # a report that exists validates

    def test_cells_of_the_wrong_type_are_refused(self) -> None:
        table = gr.blank_report("2021").table3
        bad = type(table)(cells=("3", *table.cells[1:]))  # type: ignore[call-arg]
        with pytest.raises(gr.UsageError, match="holds '3'"):
            gr.AnnualReport(format="2021", table3=bad)
        nan = type(table)(cells=(Decimal("NaN"), *table.cells[1:]))  # type: ignore[call-arg]
        with pytest.raises(gr.UsageError):
            gr.AnnualReport(format="2021", table3=nan)

    def test_pick_one_code_as_a_string(self) -> None:
        report = gr.read(SAMPLE).with_cell("三", "（一）予以公开", "自然人", 99)
        assert {"arithmetic"} <= {t for f in gr.validate(report, pick="arithmetic") for t in gr.CATALOGUE[f.code].tags}
        assert all(f.code == "t3-row-total" for f in gr.validate(report, pick="t3-row-total"))


class TestImmutable:
    def test_mappings_are_read_only_and_reports_hashable(self) -> None:
        report = gr.read(EXAMPLES / "shanghai-2019" / "report.json")
        with pytest.raises(TypeError):
            report.raw["/table2/procurement/amount"] = "x"  # type: ignore[index]
        with pytest.raises(TypeError):
            report.sources["x"] = "y"  # type: ignore[index]
        same = gr.read(EXAMPLES / "shanghai-2019" / "report.csv")
        assert report == same
        assert hash(report) == hash(same)
        assert 1 == len({report, same})
        assert hash(report) != hash(report.with_cell("三", "（一）予以公开", "自然人", 1))


def test_users_type_checker_sees_the_types(tmp_path: object) -> None:
    """The package is typed (py.typed): a user's `mypy --strict` checks calls into it and catches a wrong one."""
    import subprocess
    import sys
    from pathlib import Path

    folder = Path(str(tmp_path))
    (folder / "user.py").write_text(
        "import govinfo_report as gr\n"
        "report: gr.AnnualReport = gr.from_form({'年度': '2022'})\n"
        "total: gr.Value = report.cell('三', '（一）予以公开', '总计')\n"
        "bad: int = gr.validate(report)\n",
        "utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "user.py"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    out = done.stdout
    assert "missing library stubs or py.typed" not in out, out
    assert 'Incompatible types in assignment (expression has type "ValidationResult"' in out, out
    assert "Found 1 error" in out, out


def test_a_report_labelled_with_the_other_format_is_told_so() -> None:
    data = json.loads((EXAMPLES / "shanghai-2019" / "report.json").read_text("utf-8"))
    data["format"] = "2021"
    del data["$schema"]
    with pytest.raises(gr.ReportError, match="looks like a 2019-format report labelled 2021"):
        gr.from_dict(data)
    path = EXAMPLES / "shanghai-2019" / "report.json"
    text = path.read_text("utf-8").replace('"format": "2019"', '"format": "2021"').replace("report-2019", "report-2021")
    with pytest.raises(gr.ReadError, match='set "format": "2019"'):
        gr.from_json(text)
