"""The generated model: blank reports, label access, totals."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest
from hypothesis import assume, given

import govinfo_report as gr
from govinfo_report.model import table_class
from tests.strategies import any_reports


class TestBlank:
    def test_format_from_year(self) -> None:
        """A blank report for 2020 uses the 2019 trial format and has every cell blank."""
        r = gr.blank_report(year=2020, agency="某局")
        assert ("2019", "某局", 2020) == (r.format, r.meta.agency, r.meta.year)
        assert all(v is None for v in r.values())

    def test_newest_by_default(self) -> None:
        """Without format or year the newest format is used."""
        assert gr.formats()[-1].id == gr.blank_report().format

    def test_frozen(self) -> None:
        """Reports cannot be changed in place."""
        r = gr.blank_report()
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            r.table3.granted.total = 1  # type: ignore[misc]

    def test_tables_must_match_format(self) -> None:
        """A 2019 table in a 2021 report is misuse, said clearly."""
        with pytest.raises(gr.UsageError, match="needs Table2_2021"):
            gr.AnnualReport(format="2021", table2=table_class("2019", "table2")())


class TestCellAccess:
    def test_full_labels_short_labels_and_keys_agree(self) -> None:
        """A cell can be named by label path, by its last label, or by keys."""
        r = gr.blank_report("2021").with_cell(
            "三", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "商业企业", 4
        )
        assert 4 == r.cell(
            "三",
            "三、本年度办理结果 / （二）部分公开（区分处理的，只计这一情形，不计其他情形）",
            "法人或其他组织 / 商业企业",
        )
        assert 4 == r.cell("table3", "partially_granted", "commercial")
        assert 4 == r.table3.partially_granted.commercial  # type: ignore[attr-defined]

    @pytest.mark.parametrize("column", ["本年增/减", "change", " 本年增/减 "])
    def test_label_with_a_slash(self, column: str) -> None:
        """本年增/减 keeps its slash: it is one label, not a path."""
        r = gr.blank_report("2019").with_cell("二", "第二十条第（五）项 / 行政许可", column, -8)
        assert -8 == r.table2.licensing.change  # type: ignore[attr-defined]

    def test_paths_tolerate_spacing(self) -> None:
        """Separators with or without spaces name the same cell."""
        r = gr.blank_report("2021").with_cell("三", "（三）不予公开/1.属于国家秘密", "法人或其他组织/科研机构", 1)
        assert 1 == r.table3.withheld_state_secret.research  # type: ignore[attr-defined]

    def test_table4_by_column_path(self) -> None:
        """Table 四 has no row label; its cells are addressed by the column path."""
        r = gr.blank_report("2021").with_cell("四", "", "行政诉讼 / 复议后起诉 / 尚未审结", 2)
        assert 2 == r.table4.litigation_after_review.pending  # type: ignore[attr-defined]

    def test_ambiguous_label(self) -> None:
        """A short label that fits several cells is refused with the candidates."""
        with pytest.raises(gr.UsageError, match="ambiguous"):
            gr.blank_report("2021").cell("四", "", "结果维持")

    def test_unknown_cell(self) -> None:
        """A label the format does not have is refused, naming the format."""
        with pytest.raises(gr.UsageError, match="format 2021 has no cell"):
            gr.blank_report("2021").cell("二", "规范性文件", "本年新制作数量")

    @pytest.mark.parametrize("value", [1.5, "3", True])
    def test_wrong_value_type(self, value: object) -> None:
        """Counts take int, amounts take Decimal; anything else is misuse."""
        with pytest.raises(gr.UsageError):
            gr.blank_report("2021").with_cell("三", "（一）予以公开", "自然人", value)  # type: ignore[arg-type]

    def test_amount_is_decimal(self) -> None:
        """The fee keeps its exact decimal value."""
        r = gr.blank_report("2021").with_cell("二", "行政事业性收费", "本年收费金额（单位：万元）", Decimal("17.586"))
        assert Decimal("17.586") == r.table2.fees.amount  # type: ignore[attr-defined]

    def test_setting_a_cell_drops_its_raw_text(self) -> None:
        """Raw text belongs to the value it explained."""
        r = attrs.evolve(gr.blank_report("2021"), raw={"/table3/granted/total": "-"})
        assert {} == dict(r.with_values({"/table3/granted/total": 0}).raw)


class TestFillTotals:
    def test_fills_row_column_and_grand_totals(self) -> None:
        """Row totals, （七）总计 per column and its total all follow from the parts."""
        r = (
            gr.blank_report("2021")
            .with_cell("三", "（一）予以公开", "自然人", 3)
            .with_cell("三", "（一）予以公开", "科研机构", 2)
            .with_cell("三", "1.属于国家秘密", "自然人", 1)
            .with_cell("四", "", "行政复议 / 结果纠正", 4)
        )
        f = gr.fill_totals(r)
        assert 5 == f.cell("三", "（一）予以公开", "总计")
        assert 4 == f.cell("三", "（七）总计", "自然人")
        assert 6 == f.cell("三", "（七）总计", "总计")
        assert 4 == f.cell("四", "", "行政复议 / 总计")
        assert f.cell("三", "一、本年新收政府信息公开申请数量", "总计") is None

    @given(any_reports())
    def test_filled_reports_have_no_arithmetic_errors_on_totals(self, report: gr.AnnualReport) -> None:
        """After filling, no 总计 rule fails (unless a total was given without any of its parts: it is kept)."""
        values = report.values()
        index = {c.key: c.index for c in report.spec.cells}
        assume(
            not any(
                values[index[i.lhs[0]]] is not None and all(values[index[k]] is None for k in i.rhs)
                for i in report.spec.identities
                if i.fill
            )
        )
        found = gr.validate(gr.fill_totals(report), pick={"t3-row-total", "t3-results-total", "t4-total"})
        assert [] == list(found)


def test_lazy_texts_are_a_frozen_map() -> None:
    """Sources written when asked for behave as the map of every text: lookups, equality, hashing, pickling."""
    import pickle

    from govinfo_report.model import FrozenMap, LazyTexts

    made: list[tuple[str, int]] = []

    def make(sheet: str, row: int) -> str:
        made.append((sheet, row))
        return f"{sheet}!A{row}"

    lazy = LazyTexts({"/a": ("表二", 3), "/b": ("表三", 12)}, make)
    plain = FrozenMap({"/a": "表二!A3", "/b": "表三!A12"})
    assert "/a" in lazy
    assert "/c" not in lazy
    assert [] == made
    assert "表三!A12" == lazy["/b"]
    assert [("表三", 12)] == made
    assert lazy.get("/c") is None
    assert 2 == len(lazy)
    assert ["/a", "/b"] == list(lazy)
    assert plain == lazy
    assert lazy == plain
    assert hash(plain) == hash(lazy)
    assert dict(plain.items()) == dict(lazy.items())
    back = pickle.loads(pickle.dumps(lazy))  # noqa: S301 - our own bytes
    assert type(back) is FrozenMap
    assert plain == back


def test_imported_sources_are_written_when_asked_for() -> None:
    from govinfo_report.model import LazyTexts
    from tests.conftest import FIXTURES

    report = gr.read(FIXTURES / "xlsx" / "sample-2021-filled-in-libreoffice.xlsx")
    assert isinstance(report.sources, LazyTexts)
    assert all(text.startswith("表") and "!" in text for text in report.sources.values())
    csv = gr.from_csv(gr.to_csv(report))
    assert isinstance(csv.sources, LazyTexts)
    assert all(text.startswith("line ") for text in csv.sources.values())
