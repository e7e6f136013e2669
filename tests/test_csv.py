"""The label-addressed CSV."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given

import govinfo_report as gr
from tests.conftest import EXAMPLES
from tests.strategies import any_reports


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


class TestTemplate:
    @pytest.mark.parametrize(("format_id", "cells"), [("2019", 198), ("2021", 200)])
    def test_lists_every_cell_blank(self, format_id: str, cells: int) -> None:
        """A template has the header, 3 meta rows, 3 text rows and one empty row per cell."""
        got = rows(gr.to_csv(gr.blank_report(format_id)))
        assert ["table", "row", "column", "value"] == got[0]
        data = [r for r in got[1:] if r[0] in "二三四"]
        assert cells == len(data)
        assert all(r[3] == "" for r in data)
        assert [r[:3] for r in data] == [list(c.labels) for c in gr.get_format(format_id).cells]

    def test_issue_examples(self) -> None:
        """The addressing examples of the issue appear verbatim."""
        triples = {tuple(r[:3]) for r in rows(gr.to_csv(gr.blank_report("2021")))}
        assert ("二", "第二十条第（一）项 / 规章", "本年制发件数") in triples
        assert ("三", "三、本年度办理结果 / （三）不予公开 / 1.属于国家秘密", "法人或其他组织 / 商业企业") in triples
        assert ("三", "一、本年新收政府信息公开申请数量", "总计") in triples
        assert ("四", "", "行政诉讼 / 未经复议直接起诉 / 结果维持") in triples
        assert ("meta", "机关名称", "") in triples
        assert ("五、存在的主要问题及改进情况", "", "") in triples


class TestRoundTrip:
    @given(any_reports())
    def test_model_csv_model(self, report: gr.AnnualReport) -> None:
        """Every report survives the CSV unchanged, placeholders and raw text included."""
        assert report == gr.from_csv(gr.to_csv(report))

    @given(any_reports())
    def test_csv_json_csv(self, report: gr.AnnualReport) -> None:
        """CSV → JSON → CSV changes nothing."""
        text = gr.to_csv(report)
        assert text == gr.to_csv(gr.from_json(gr.to_json(gr.from_csv(text))))

    @pytest.mark.parametrize("example", ["sample-2021", "shanghai-2019"])
    def test_examples_csv_and_json_agree(self, example: str) -> None:
        """The bundled CSV and JSON of each example are the same report."""
        d = EXAMPLES / example
        assert gr.read(d / "report.csv") == gr.read(d / "report.json")


class TestSafety:
    @pytest.mark.parametrize("text", ['=HYPERLINK("http://x")', "+1", "-1", "@SUM(A1)", "\tx", "'quoted"])
    def test_text_never_becomes_a_formula(self, text: str) -> None:
        """Text starting like a formula is written behind a quote and read back as it was."""
        r = gr.blank_report("2021", agency=text)
        r = gr.from_csv(gr.to_csv(r))
        out = rows(gr.to_csv(r))
        assert out[1][3].startswith("'")
        assert text == r.meta.agency

    def test_raw_text_cell_is_escaped(self) -> None:
        """A cell whose raw text looks like a formula is written inert too."""
        r = gr.from_csv(gr.to_csv(gr.blank_report("2021")).replace("本年制发件数,\n", "本年制发件数,'=1+1\n", 1))
        assert {"/table2/regulations/issued": "=1+1"} == dict(r.raw)
        assert "本年制发件数,'=1+1" in gr.to_csv(r)


class TestReading:
    def test_placeholders_and_text_are_kept_raw(self) -> None:
        """Placeholders read as None with the text kept; units and separators are not guessed."""
        text = gr.to_csv(gr.blank_report("2021"))
        text = text.replace("本年制发件数,", "本年制发件数,-", 1).replace("本年废止件数,", "本年废止件数,12件", 1)
        r = gr.from_csv(text)
        assert r.table2.regulations.issued is None  # type: ignore[attr-defined]
        assert {"/table2/regulations/issued": "-", "/table2/regulations/repealed": "12件"} == dict(r.raw)
        codes = [f.code for f in gr.validate(r, pick={"cells"}) if f.path.startswith("/table2/regulations/")]
        assert ["cell-placeholder", "cell-not-a-number", "cell-empty"] == codes

    def test_format_from_labels_when_not_declared(self) -> None:
        """Without a 格式 row the format is the one whose labels fit."""
        text = gr.to_csv(gr.blank_report("2019")).replace("meta,格式,,2019\n", "").replace("meta,年度,,\n", "")
        assert "2019" == gr.from_csv(text).format

    def test_bom_and_extra_columns(self) -> None:
        """Excel's BOM and columns after value are accepted."""
        text = gr.to_csv(gr.blank_report("2021", agency="某局")).replace("\n", ",note\n")
        assert "某局" == gr.from_csv(("\ufeff" + text).encode("utf-8")).meta.agency

    def test_unknown_column_names_the_line(self) -> None:
        """A line whose column is none of the table's columns is refused with its line number."""
        text = gr.to_csv(gr.blank_report("2021")) + "三,（七）总计,外国人,1\n"
        with pytest.raises(gr.ReadError, match=r"line 208: no cell"):
            gr.from_csv(text)

    def test_row_not_in_format_is_kept(self) -> None:
        """A row the format does not have is kept as an extra row, round-trips, and is reported."""
        text = (
            gr.to_csv(gr.blank_report("2021"))
            + "三,三、本年度办理结果 / （六）其他处理,自然人,4\n三,三、本年度办理结果 / （六）其他处理,总计,-\n"
        )
        report = gr.from_csv(text)
        (extra,) = report.extra_rows
        assert ("三、本年度办理结果", "（六）其他处理") == extra.labels
        assert (4, None) == extra.values
        assert (None, "-") == extra.raw
        assert report == gr.from_csv(gr.to_csv(report))
        assert report == gr.from_json(gr.to_json(report))
        codes = [f.code for f in gr.validate(report).findings]
        assert "row-not-in-format" in codes

    def test_duplicate_cell(self) -> None:
        """A cell given twice is refused, naming both lines."""
        text = gr.to_csv(gr.blank_report("2021")) + "四,,行政复议 / 总计,1\n"
        with pytest.raises(gr.ReadError, match="given twice"):
            gr.from_csv(text)

    @pytest.mark.parametrize("text", ["a,b\n1,2\n", "", b"\xff\xfe"])
    def test_not_a_label_csv(self, text: str | bytes) -> None:
        """Other files are refused with a reason."""
        with pytest.raises(gr.ReadError):
            gr.from_csv(text)

    def test_bad_year(self) -> None:
        """An unreadable year is refused with its line."""
        text = gr.to_csv(gr.blank_report("2021")).replace("meta,年度,,", "meta,年度,,去年")
        with pytest.raises(gr.ReadError, match="line 3"):
            gr.from_csv(text)
