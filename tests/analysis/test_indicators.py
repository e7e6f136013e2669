"""The indicators catalogue: definitions as data, values on real reports, blank where not rated."""

from __future__ import annotations

from decimal import Decimal

import pytest

import govinfo_report as gr
from govinfo_report.analysis import INDICATORS, indicators_document, rate
from govinfo_report.formats._crosswalk import concepts_by_name

FOUR = Decimal("0.0001")

REQUIRED = {"实质公开率", "不予公开率", "无法提供率", "不予处理率", "结转率", "行政复议纠错率", "行政诉讼纠错率"}
REQUIRED |= {"复议诉讼总纠错率", "申请量增长率"}


def by_labels(report: gr.AnnualReport, row: str, column: str = "总计", table: str = "三") -> int:
    value = report.cell(table, row, column)
    assert isinstance(value, int)
    return value


def group(report: gr.AnnualReport, heading: str) -> int:
    """The sum of the 总计 of every row under a heading of 三, found by its label path."""
    rows = [r for r in report.spec.tables_by_key["三"].rows if heading in r.labels]
    assert rows
    return sum(by_labels(report, r.label) for r in rows)


def ratio(n: int, d: int) -> Decimal:
    return (Decimal(n) / Decimal(d)).quantize(FOUR)


class TestCatalogue:
    def test_the_required_rates_are_there(self) -> None:
        """Every rate the issue names has an entry, each with both names and its note."""
        assert REQUIRED <= {i.name_zh for i in INDICATORS}
        assert all(i.name_en and i.note and i.min_denominator > 0 for i in INDICATORS)
        assert len({i.id for i in INDICATORS}) == len(INDICATORS)

    def test_every_term_is_a_concept(self) -> None:
        """Numerators and denominators name cells of the cross-walk."""
        known = concepts_by_name()
        for ind in INDICATORS:
            for _, num, den in ind.definitions():
                assert all(t.concept in known for t in (*num, *den))

    def test_the_document_lists_every_definition(self) -> None:
        doc = indicators_document("x")
        assert [i["id"] for i in doc["indicators"]] == [i.id for i in INDICATORS]
        assert doc["indicators"][0]["variants"][0]["id"] == "disclosure_rate.net"

    def test_unknown_indicator_is_misuse(self) -> None:
        with pytest.raises(gr.UsageError, match="unknown indicator"):
            rate("disclosure", gr.blank_report())


class TestOnTheSeries:
    def test_disclosure_rates_by_labels(self, series: dict[int, gr.AnnualReport]) -> None:
        """实质公开率 and its net variant equal the sums of the printed cells, found by their labels."""
        for report in series.values():
            handled = by_labels(report, "（七）总计")
            granted = by_labels(report, "（一）予以公开") + by_labels(
                report, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
            )
            got = gr.indicators(report)
            assert ratio(granted, handled) == got["disclosure_rate"]
            other = group(report, "（六）其他处理") if report.format == "2021" else by_labels(report, "（六）其他处理")
            net = handled - group(report, "（五）不予处理") - other
            assert ratio(granted, net) == got["disclosure_rate.net"]
            assert ratio(group(report, "（三）不予公开"), handled) == got["withheld_rate"]
            assert ratio(group(report, "（四）无法提供"), handled) == got["unavailable_rate"]

    def test_growth_needs_the_previous_year(self, series: dict[int, gr.AnnualReport]) -> None:
        """申请量增长率 is blank alone and computed against the year before, across the format change too."""
        pairs = [(series[y - 1], series[y]) for y in sorted(series) if y - 1 in series]
        assert any(a.format != b.format for a, b in pairs)
        for before, now in pairs:
            assert gr.indicators(now)["application_growth"] is None
            new, old = (by_labels(r, "一、本年新收政府信息公开申请数量") for r in (now, before))
            assert ratio(new - old, old) == gr.indicators(now, before)["application_growth"]

    def test_small_case_counts_are_not_rated(self, series: dict[int, gr.AnnualReport]) -> None:
        """Correction rates stay blank below the minimum number of decided cases, and are rated above it."""
        for report in series.values():
            r = rate("review_correction_rate", report)
            decided = sum(by_labels(report, "", f"行政复议 / {o}", "四") for o in ("结果维持", "结果纠正", "其他结果"))
            if decided < next(i for i in INDICATORS if i.id == r.id).min_denominator:
                assert r.value is None
                assert r.reason in {"below-minimum", "zero"}
            else:
                assert r.value == ratio(by_labels(report, "", "行政复议 / 结果纠正", "四"), decided)


class TestBlank:
    def test_blank_report_rates_nothing(self) -> None:
        """A blank report has no indicator, and says why."""
        for spec in gr.formats():
            report = gr.blank_report(spec)
            assert set(gr.indicators(report).values()) == {None}
            assert rate("disclosure_rate", report).reason == "blank"

    def test_blank_is_not_zero(self) -> None:
        """Zero handled requests is 'zero', not a rate of 0; a filled 0 numerator is a rate of 0."""
        report = gr.blank_report("2021").with_cell("三", "（七）总计", "总计", 0)
        assert rate("disclosure_rate", report).reason == "blank"  # numerator blank
        report = report.with_values({"/table3/granted/total": 0})
        assert rate("disclosure_rate", report).reason == "zero"
        report = report.with_values({"/table3/total_handled/total": 40})
        assert Decimal(0) == gr.indicators(report)["disclosure_rate"]


def test_in_the_dataset(series: dict[int, gr.AnnualReport]) -> None:
    """to_frame(indicators=True) has a column per indicator, equal to indicators(), growth from the batch."""
    pytest.importorskip("pandas")
    years = sorted(series)
    frame = gr.to_frame({str(y): series[y] for y in years}, indicators=True).set_index("report_id")
    for y in years:
        want = gr.indicators(series[y], series.get(y - 1))
        for key, value in want.items():
            got = frame.loc[str(y), f"ind.{key}"]
            assert (None if got is None or str(got) == "<NA>" else Decimal(str(got))) == value, (y, key)
    with pytest.raises(gr.UsageError):
        gr.to_frame([], "long", indicators=True)
