"""Text against tables on the real corpus: no false alarm where text and tables agree, a finding when they do not."""

from __future__ import annotations

import json
import time

import attrs
import pytest

import govinfo_report as gr
from tests import corpus

TEXT = {"text-requests-mismatch", "text-cases-mismatch", "text-year-mismatch"}


@pytest.fixture(scope="module")
def reports() -> list[gr.AnnualReport]:
    if not (corpus.CORPUS / "index.jsonl").exists():
        pytest.skip(f"the real-report corpus is not at {corpus.CORPUS} (set GOVINFO_CORPUS to its folder)")
    lines = (corpus.CORPUS / "index.jsonl").read_text("utf-8").splitlines()
    return [gr.read(corpus.CORPUS / e["raw"]) for e in map(json.loads, lines)]


def test_the_published_reports_agree(reports: list[gr.AnnualReport]) -> None:
    """Every corpus report's text agrees with its tables (hand-checked: their sentences state the tables' figures)."""
    assert {} == {
        r.meta.agency: [f.message() for f in gr.validate(r, pick=TEXT)] for r in reports if gr.validate(r, pick=TEXT)
    }


def test_a_changed_table_is_caught(reports: list[gr.AnnualReport]) -> None:
    """Raising 本年新收 总计 or a 四 总计 far from the stated figure brings the finding, on the changed cell."""
    caught = {"text-requests-mismatch": 0, "text-cases-mismatch": 0}
    for report in reports:
        for pointer, code in (
            ("/table3/new_received/total", "text-requests-mismatch"),
            ("/table4/review/total", "text-cases-mismatch"),
        ):
            value = report.values()[report.spec.cells_by_pointer[pointer].index]
            if value is None:
                continue
            changed = report.with_values({pointer: value + 100_000})
            found = list(gr.validate(changed, pick={code}))
            if found:
                caught[code] += 1
                cell = report.spec.cells_by_pointer[pointer]
                assert cell.labels in found[0].cells
    assert caught["text-requests-mismatch"] >= len(reports) // 2
    assert caught["text-cases-mismatch"] >= 3


def test_another_year_in_the_text(reports: list[gr.AnnualReport]) -> None:
    """A report whose year is changed, text kept, is reported as naming another year."""
    dated = [r for r in reports if r.meta.year is not None and (r.general_situation or "").strip()]
    flagged = 0
    for report in dated:
        moved = attrs.evolve(report, meta=attrs.evolve(report.meta, year=report.meta.year + 1))
        flagged += any(f.code == "text-year-mismatch" for f in gr.validate(moved, pick=TEXT))
    assert flagged >= len(dated) - 1


def test_hostile_text_is_cheap() -> None:
    """A very long 一 with many near-statements validates quickly (the patterns are bounded)."""
    text = ("收到" + "政" * 39 + "申请" * 3) * 20_000
    report = gr.blank_report("2021", year=2021).with_values({"/table3/new_received/total": 1})
    report = attrs.evolve(report, general_situation=text)
    start = time.perf_counter()
    gr.validate(report, pick=TEXT)
    assert time.perf_counter() - start < 2
