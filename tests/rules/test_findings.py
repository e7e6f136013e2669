"""Validation: one fixture per finding code, plus the API around findings."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given

import govinfo_report as gr
from govinfo_report.rules import CATALOGUE
from tests.conftest import EXAMPLES, FIXTURES
from tests.strategies import valid_reports

TODAY = datetime.date(2026, 6, 30)
FINDINGS = FIXTURES / "findings"
FIXTURE_DIRS = sorted(p for p in FINDINGS.iterdir() if p.is_dir())


def as_dicts(result: gr.ValidationResult) -> list[dict[str, Any]]:
    out = []
    for f in result.findings:
        d = json.loads(json.dumps(f.to_dict("zh"), ensure_ascii=False, default=str))
        d["message_en"] = f.message("en")
        out.append(d)
    return out


@pytest.mark.parametrize("fixture", FIXTURE_DIRS, ids=[p.name for p in FIXTURE_DIRS])
def test_fixture(fixture: Path) -> None:
    """The input of each fixture yields exactly its expected findings, messages included."""
    expected = json.loads((fixture / "expected.json").read_text("utf-8"))
    if (fixture / "input.json").exists():
        result = gr.validate(gr.read(fixture / "input.json"), today=TODAY)
    elif (fixture / "parent.json").exists():  # a report over its bodies' reports
        children = [gr.read(p) for p in sorted(fixture.glob("child-*.json"))]
        result = gr.check_aggregate(gr.read(fixture / "parent.json"), children)
    else:
        result = gr.validate_series(gr.read(p) for p in sorted(fixture.glob("input-*.json")))
    assert expected == as_dicts(result)
    assert fixture.name in {f.code for f in result.findings}


def test_every_code_has_a_fixture() -> None:
    """The catalogue and the fixtures cover each other."""
    assert sorted(CATALOGUE) == [p.name for p in FIXTURE_DIRS]


class TestCatalogue:
    @pytest.mark.parametrize("code", sorted(CATALOGUE))
    def test_entries_are_complete(self, code: str) -> None:
        """Each code has both titles, both templates, tags and a description."""
        c = CATALOGUE[code]
        assert all([c.title_zh, c.title_en, c.template_zh, c.template_en, c.tags, c.description])
        assert code == c.code


class TestSelection:
    def base(self) -> gr.AnnualReport:
        return gr.read(FINDINGS / "t3-row-total" / "input.json")

    def test_pick_by_code(self) -> None:
        """pick keeps only the named codes."""
        assert ["t3-row-total"] == [f.code for f in gr.validate(self.base(), pick={"t3-row-total"})]

    def test_pick_by_tag_and_skip(self) -> None:
        """Tags select families of codes; skip removes from them."""
        found = gr.validate(self.base(), pick={"arithmetic"}, skip={"t3-results-total"})
        assert ["t3-row-total"] == [f.code for f in found]

    def test_unknown_code_is_misuse(self) -> None:
        """A code that does not exist is refused, not silently ignored."""
        with pytest.raises(gr.UsageError, match="unknown finding code"):
            gr.validate(self.base(), pick={"t3-rowtotal"})

    def test_changed_cell_is_named(self) -> None:
        """Changing one cell of 三 gives errors whose cells name it."""
        report = gr.read(EXAMPLES / "sample-2021" / "report.csv")
        changed = report.with_cell("三", "（三）不予公开 / 4.保护第三方合法权益", "自然人", 5)
        target = ("三", "三、本年度办理结果 / （三）不予公开 / 4.保护第三方合法权益", "自然人")
        errors = gr.validate(changed).errors
        assert errors
        assert all(target in f.cells for f in errors)
        assert all(f.sources for f in errors)  # read from CSV: the lines are named


class TestResult:
    def test_counts_and_grouping(self) -> None:
        """A result counts by severity, groups by code and finds by pointer."""
        result = gr.validate(gr.read(FINDINGS / "t3-results-total" / "input.json"), today=TODAY)
        assert {"error": 3, "warning": 0, "info": 0} == result.counts
        assert ["t3-row-total", "t3-results-total", "t3-balance"] == list(result.by_code())
        assert 3 == len(result.at("/table3"))
        assert not result.valid
        assert not gr.is_valid(gr.read(FINDINGS / "t3-results-total" / "input.json"))

    def test_to_dict_languages(self) -> None:
        """Messages come in Chinese by default and in English on request."""
        result = gr.validate(gr.read(FINDINGS / "t4-total" / "input.json"), today=TODAY)
        assert result.to_dict()["findings"][0]["message"].startswith("表四")
        assert result.to_dict("en")["findings"][0]["message"].startswith("Table 四")

    def test_bad_language(self) -> None:
        """Only zh and en exist."""
        f = gr.validate(gr.read(FINDINGS / "t4-total" / "input.json")).findings[0]
        with pytest.raises(gr.UsageError):
            f.message("fr")  # type: ignore[arg-type]


@given(valid_reports())
def test_valid_reports_have_no_errors(report: gr.AnnualReport) -> None:
    """Reports whose figures obey every rule give no error finding."""
    assert [] == [f.code for f in gr.validate(report).errors]


@given(valid_reports("2021"))
def test_one_changed_count_breaks_the_arithmetic(report: gr.AnnualReport) -> None:
    """Raising any single count of table 三 by one is always caught."""
    for cell in report.spec.tables_by_key["table3"].rows[3:5]:
        pointer = f"/table3/{cell.key}/commercial"
        value = report.spec.cells_by_pointer[pointer]
        changed = report.with_values({pointer: (report.values()[value.index] or 0) + 1})
        codes = {f.code for f in gr.validate(changed, pick={"arithmetic"})}
        assert codes & {"t3-row-total", "t3-results-total"}


def test_validation_never_raises_on_any_report() -> None:
    """Even a blank report of every format validates without raising."""
    for spec in gr.formats():
        assert gr.validate(gr.blank_report(spec)).findings
