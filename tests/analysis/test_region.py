"""A region's bodies: the registry, aggregate, and a parent's report against its children's (both formats)."""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from decimal import Decimal, InvalidOperation
from pathlib import Path

import attrs
import pytest

import govinfo_report as gr
from govinfo_report.analysis import check_region, read_registry
from govinfo_report.cli import run
from tests import corpus


def call(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def same_year() -> dict[str, list[gr.AnnualReport]]:
    """Per format, real reports of different bodies for one year (the corpus has such pairs in both formats)."""
    if not (corpus.CORPUS / "index.jsonl").exists():
        pytest.skip(f"the real-report corpus is not at {corpus.CORPUS} (set GOVINFO_CORPUS to its folder)")
    lines = (corpus.CORPUS / "index.jsonl").read_text("utf-8").splitlines()
    groups: dict[tuple[str, int], dict[str, gr.AnnualReport]] = defaultdict(dict)
    for e in map(json.loads, lines):
        if e.get("year") is None:
            continue
        report = gr.read(corpus.CORPUS / e["raw"])
        groups[(report.format, report.meta.year)].setdefault(report.meta.agency, report)  # type: ignore[index]
    out: dict[str, list[gr.AnnualReport]] = {}
    for (fmt, _), bodies in sorted(groups.items()):
        if len(bodies) > 1 and fmt not in out:
            out[fmt] = list(bodies.values())
    assert set(out) == {"2019", "2021"}
    return out


def label_sums(reports: list[gr.AnnualReport]) -> dict[tuple[str, str, str], Decimal | None]:
    """The cell-by-cell sum through the label CSV, blank when blank everywhere."""
    sums: dict[tuple[str, str, str], Decimal | None] = {}
    for report in reports:
        for row in csv.DictReader(io.StringIO(gr.to_csv(report))):
            if row["table"] not in ("二", "三", "四"):
                continue
            key = (row["table"], row["row"], row["column"])
            try:
                value = Decimal(row["value"])
            except InvalidOperation:  # blank, or text kept as raw (a placeholder): not a number
                sums.setdefault(key, None)
            else:
                sums[key] = (sums.get(key) or 0) + value
    return sums


def test_aggregate_is_the_sum_in_both_formats(same_year: dict[str, list[gr.AnnualReport]]) -> None:
    for fmt, reports in same_year.items():
        total = gr.aggregate(reports, agency="合计")
        assert (total.format, total.meta.year, total.meta.agency) == (fmt, reports[0].meta.year, "合计")
        want = label_sums(reports)
        got = label_sums([total])
        assert want == got
        assert not gr.check_aggregate(total, reports).findings


def test_a_differing_cell_is_a_finding_with_both_figures(same_year: dict[str, list[gr.AnnualReport]]) -> None:
    reports = same_year["2021"]
    total = gr.aggregate(reports)
    value = total.table3.new_received.total
    assert value is not None
    changed = total.with_values({"/table3/new_received/total": value + 5})
    (f,) = gr.check_aggregate(changed, reports).findings
    assert (f.code, f.path, f.expected, f.actual) == (
        "aggregate-mismatch",
        "/table3/new_received/total",
        value,
        value + 5,
    )
    blank = total.with_values({"/table3/new_received/total": None})
    assert not gr.check_aggregate(blank, reports).findings  # blank is not compared, not read as 0


def test_formats_and_years_must_agree(same_year: dict[str, list[gr.AnnualReport]]) -> None:
    with pytest.raises(gr.UsageError, match="formats"):
        gr.aggregate([same_year["2019"][0], same_year["2021"][0]])
    with pytest.raises(gr.UsageError, match="years"):
        gr.aggregate([gr.blank_report("2021", year=2021), gr.blank_report("2021", year=2022)])
    with pytest.raises(gr.UsageError):
        gr.aggregate([])


REGISTRY = """机关名称,层级,上级机关,区划代码,汇总下级
示例市人民政府,市级,,350100,是
{a},县级,示例市人民政府,,
{b},县级,示例市人民政府,,
"""


def test_registry_and_region(tmp_path: Path, same_year: dict[str, list[gr.AnnualReport]]) -> None:
    """The registry names the parent and its bodies; region checks the parent's report against their sum."""
    a, b = same_year["2021"][:2]
    text = REGISTRY.format(a=a.meta.agency, b=b.meta.agency)
    registry = read_registry(text)
    assert [i.agency for i in registry.parents()] == ["示例市人民政府"]
    assert registry.find("示例市 人民政府") is not None
    parent = attrs.evolve(gr.aggregate([a, b]), meta=gr.ReportMeta(agency="示例市人民政府", year=a.meta.year))
    handled = parent.table3.total_handled.total
    assert handled is not None
    wrong = parent.with_values({"/table3/total_handled/total": handled + 1})
    (check,) = check_region(registry, [wrong, a, b])
    assert check.result is not None
    assert [f.path for f in check.result.findings] == ["/table3/total_handled/total"]
    (check,) = check_region(registry, [wrong, a])
    assert (check.result, check.missing) == (None, (b.meta.agency,))
    # the same on the command line
    (tmp_path / "registry.csv").write_text(text, "utf-8")
    folder = tmp_path / "reports"
    folder.mkdir()
    for i, r in enumerate((wrong, a, b)):
        gr.write(r, folder / f"{i}.json")
    code, out, _ = call("region", str(tmp_path / "registry.csv"), str(folder), "--json")
    assert code == 1
    assert json.loads(out)[0]["findings"][0]["expected"] == handled
    gr.write(parent, folder / "0.json")
    code, out, _ = call("region", str(tmp_path / "registry.csv"), str(folder), "--lang", "en")
    assert code == 0
    assert "0 cells differ" in out


def test_registry_errors(tmp_path: Path) -> None:
    with pytest.raises(gr.ReadError, match="parent"):
        read_registry("agency,parent\nA,B\n")
    with pytest.raises(gr.UsageError, match="twice"):
        read_registry("agency,parent\nA,\nA,\n")
    with pytest.raises(gr.ReadError, match="agency"):
        read_registry("name,parent\nA,\n")
    with pytest.raises(gr.ReadError):
        read_registry(str(tmp_path / "missing.csv"))
    with pytest.raises(gr.ReadError, match="not a CSV"):
        read_registry('agency\n"' + "x" * 200_000 + '"\n')  # a field over the csv module's limit
    big = [
        "agency,parent",
        "省",
        *(f"市{i},省" for i in range(100)),
        *(f"县{i}-{j},市{i}" for i in range(100) for j in range(50)),
    ]
    assert len(read_registry("\n".join(big) + "\n").parents()) == 101
    no_covers = read_registry("agency,parent\nA,\nB,A\n")
    assert [i.agency for i in no_covers.parents()] == ["A"]  # without the column, a body with children covers them
    said_no = read_registry("agency,parent,covers\nA,,no\nB,A,\n")
    assert said_no.parents() == ()


def test_aggregate_command(tmp_path: Path, same_year: dict[str, list[gr.AnnualReport]]) -> None:
    reports = same_year["2019"]
    paths = []
    for i, r in enumerate(reports):
        gr.write(r, tmp_path / f"{i}.json")
        paths.append(str(tmp_path / f"{i}.json"))
    code, _, _ = call("aggregate", *paths, "-o", str(tmp_path / "sum.json"), "--agency", "合计")
    assert code == 0
    assert gr.read(tmp_path / "sum.json") == gr.aggregate([gr.read(p) for p in paths], agency="合计")
    (tmp_path / "bad.json").write_text("{", "utf-8")
    code, _, _ = call("aggregate", *paths, str(tmp_path / "bad.json"), "-o", str(tmp_path / "x.json"))
    assert code == 2
    assert not (tmp_path / "x.json").exists()
