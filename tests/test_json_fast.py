"""The orjson path of ``from_json`` gives what the standard library's path gives, and is taken when it can be.

Both paths are run on the same text: the fast one as installed, the other with ``orjson_loads`` switched off
(as where orjson is not installed). Every outcome is compared: the report and its canonical JSON, or the
``ReadError`` with its problems.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govinfo_report as gr
from govinfo_report._generate import generate_report
from govinfo_report.io import _json
from tests.conftest import EXAMPLES
from tests.strategies import any_reports

orjson = pytest.importorskip(
    "orjson", reason="the orjson path needs the fast extra (pip install 'govinfo-report[fast]')"
)

SAMPLE = (EXAMPLES / "sample-2021" / "report.json").read_text("utf-8")
AMOUNT = '"amount": 17.586'


@pytest.fixture
def stdlib_only() -> Iterator[None]:
    saved = _json.orjson_loads
    _json.orjson_loads = None
    try:
        yield
    finally:
        _json.orjson_loads = saved


def outcome(data: str | bytes) -> tuple[Any, ...]:
    try:
        report = gr.from_json(data)
    except gr.ReadError as exc:
        return ("error", exc.summary, exc.problems)
    return ("report", report, gr.to_json(report), report.meta, report.provenance, report.extra_rows)


def both(data: str | bytes) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    fast = outcome(data)
    saved = _json.orjson_loads
    _json.orjson_loads = None
    try:
        slow = outcome(data)
    finally:
        _json.orjson_loads = saved
    return fast, slow


def test_orjson_is_used_when_installed() -> None:
    assert _json.orjson_loads is orjson.loads


@pytest.mark.parametrize("name", ["sample-2021", "shanghai-2019", "seed-2021"])
def test_examples_take_the_fast_path(name: str) -> None:
    data = (EXAMPLES / name / "report.json").read_bytes()
    fast = _json._fast_loads(data)
    assert fast is not None
    fast_out, slow_out = both(data)
    assert fast_out == slow_out


@pytest.mark.parametrize("seed", range(8))
def test_generated_reports_take_the_fast_path(seed: int) -> None:
    """Generated reports hold amounts with decimals, blanks and wrong totals."""
    text = gr.to_json(generate_report(seed))
    assert _json._fast_loads(text) is not None
    fast, slow = both(text)
    assert fast == slow


def test_imported_report_with_provenance() -> None:
    """The provenance's ``verbatim`` is a float token (``1.000``)."""
    report = gr.read(EXAMPLES / "seed-2021" / "report.txt")
    assert report.provenance is not None
    text = gr.to_json(report)
    assert _json._fast_loads(text) is not None
    fast, slow = both(text)
    assert fast == slow
    assert fast[4] == report.provenance


@pytest.mark.parametrize(
    "number",
    [
        "17.5860",
        "1.7586e1",
        "17586E-3",
        "17586e-3",
        "1e+16",
        "1e16",
        "1e400",
        "1e-400",
        "1.5e50",
        "-0.0",
        "0.0",
        "1E2",
        "2.50",
        "0.1",
        "123456789.123456789123",
        "17.5860e0",
    ],
)
def test_amount_written_any_way(number: str) -> None:
    """However a float is written, its decimal is the one its text says, on either path."""
    data = SAMPLE.replace(AMOUNT, f'"amount": {number}')
    assert data != SAMPLE
    fast, slow = both(data)
    assert fast == slow
    if fast[0] == "report":
        amounts = [v for v in fast[1].values() if v is not None and not isinstance(v, int)]
        assert str(amounts[0]) == str(json.loads(number, parse_float=Decimal))


@pytest.mark.parametrize("number", ["17.5860", "175860e-4", "1.000", "-0.0"])
def test_float_texts_go_fast(number: str) -> None:
    report = _json._fast_loads(SAMPLE.replace(AMOUNT, f'"amount": {number}'))
    assert report is not None
    assert str(Decimal(number)) in {str(v) for v in report.values()}


def test_two_texts_of_one_float_go_to_the_stdlib() -> None:
    """``17.5`` in a table and ``17.50`` in a text read as the same float: which is which is not clear."""
    data = SAMPLE.replace(AMOUNT, '"amount": 17.5').replace('"problems": "', '"problems": "[17.50]', 1)
    assert _json.float_texts(data.encode()) is None
    assert _json._fast_loads(data) is None
    fast, slow = both(data)
    assert fast == slow


def test_text_that_looks_like_a_number() -> None:
    """Text holding `:17.50,` is looked at as if it were a number: a fallback, never a wrong value."""
    data = SAMPLE.replace('"problems": "', '"problems": "金额:17.50, 另见[1e5]。', 1)
    assert data != SAMPLE
    fast, slow = both(data)
    assert fast == slow
    assert fast[0] == "report"


@pytest.mark.parametrize(
    "edit",
    [
        ('"total": 0', '"total": 123456789012345678901234567890'),
        ('"total": 0', '"total": 12345678901234567890123456789012345678901'),
        ('"total": 0', '"total": -0'),
        ('"total": 0', '"total": 1.0'),
        ('"total": 0', '"total": NaN'),
        ('"total": 0', '"total": Infinity'),
        ('"total": 0', '"total": true'),
        ('"total": 0', '"total": "0"'),
        ('"year": 2021', '"year": 2021.0'),
        ('"year": 2021', '"year": 2021, "year": 2020'),
        ('"agency": "', '"agency": "\\ud800'),
        ('"agency": "', '"agency": "\\ud83d\\ude00\\u0000\\/'),
        ('"agency": "', '"agency": "\x01'),
        ('"format": "2021"', '"format": "2019"'),
        ('"format": "2021"', '"format": ["2021"]'),
        ('"meta": {', '"extra": 1, "meta": {'),
        ('"raw": {}', '"raw": {"/table3/granted/total": "12件"}'),
        ('"raw": {}', '"raw": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]'),
        ('"raw": {}', '"raw": {}, "provenance": {"reader": "text", "library": "x", "size": 1e300}'),
        ('"raw": {}', '"raw": {}, "provenance": {"reader": "text", "library": "x", "size": 1.0, "verbatim": 0.25}'),
        ("{", "\ufeff{"),
        ("}\n", "},"),
    ],
)
def test_edits_agree(edit: tuple[str, str]) -> None:
    old, new = edit
    assert old in SAMPLE
    data = SAMPLE.replace(old, new, 1)
    for form in (data, data.encode("utf-8", "surrogatepass")):
        fast, slow = both(form)
        assert fast == slow


def test_other_encodings_agree() -> None:
    for encoding in ("utf-16", "utf-16-le", "utf-32", "utf-8-sig"):
        fast, slow = both(SAMPLE.encode(encoding))
        assert fast == slow


def test_deep_nesting_agrees() -> None:
    data = SAMPLE.replace('"raw": {}', '"raw": ' + "[" * 5000 + "]" * 5000, 1)
    fast, slow = both(data)
    assert fast == slow
    assert fast[0] == "error"


@settings(max_examples=60, deadline=None)
@given(any_reports())
def test_any_report_agrees(report: gr.AnnualReport) -> None:
    fast, slow = both(gr.to_json(report, indent=None))
    assert fast == slow
    assert fast[1] == report


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_agree(data: bytes) -> None:
    fast, slow = both(data)
    assert fast == slow


def test_stdlib_fixture_switches_the_fast_path_off(stdlib_only: None) -> None:
    assert _json.orjson_loads is None
    assert _json._fast_loads(SAMPLE) is None
    assert gr.from_json(SAMPLE) == gr.read(EXAMPLES / "sample-2021" / "report.json")
