"""Canonical JSON and the JSON Schema."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

import govinfo_report as gr
from govinfo_report.schema import schema_filename, schema_text
from tests.conftest import ROOT
from tests.strategies import any_reports


def validator(format_id: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((ROOT / "src" / "govinfo_report" / "schemas" / schema_filename(format_id)).read_text("utf-8"))
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def document(report: gr.AnnualReport) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(gr.to_json(report), parse_float=Decimal)
    return loaded


class TestRoundTrip:
    @given(any_reports())
    def test_model_json_model(self, report: gr.AnnualReport) -> None:
        """Every report survives JSON unchanged, raw texts included."""
        assert report == gr.from_json(gr.to_json(report))

    @given(any_reports())
    def test_json_is_canonical(self, report: gr.AnnualReport) -> None:
        """Writing what was read gives the same bytes."""
        text = gr.to_json(report)
        assert text == gr.to_json(gr.from_json(text))

    def test_decimals_stay_exact(self) -> None:
        """17.586 is written and read as 17.586, not a binary float."""
        r = gr.blank_report("2021").with_cell("二", "行政事业性收费", "本年收费金额（单位：万元）", Decimal("17.586"))
        text = gr.to_json(r)
        assert '"amount": 17.586' in text
        assert Decimal("17.586") == gr.from_json(text).table2.fees.amount  # type: ignore[attr-defined]

    def test_document_carries_format_and_schema(self) -> None:
        """The format version and the schema reference are inside the document."""
        doc = document(gr.blank_report("2019"))
        assert ("2019", gr.json_schema("2019")["$id"]) == (doc["format"], doc["$schema"])


class TestSchema:
    @pytest.mark.parametrize("format_id", ["2019", "2021"])
    def test_shipped_schema_is_generated_one(self, format_id: str) -> None:
        """The schema file in the package equals what the declaration generates."""
        shipped = (ROOT / "src" / "govinfo_report" / "schemas" / schema_filename(format_id)).read_text("utf-8")
        assert schema_text(format_id) == shipped

    @pytest.mark.parametrize("format_id", ["2019", "2021"])
    def test_docs_copy_is_generated_one(self, format_id: str) -> None:
        """docs/schema holds the same schema files."""
        assert schema_text(format_id) == (ROOT / "docs" / "schema" / schema_filename(format_id)).read_text("utf-8")

    @pytest.mark.parametrize("format_id", ["2019", "2021"])
    def test_schema_is_valid_draft_2020_12(self, format_id: str) -> None:
        """The schema itself is a valid draft 2020-12 schema."""
        jsonschema.Draft202012Validator.check_schema(gr.json_schema(format_id))

    def test_labels_are_titles(self) -> None:
        """Official labels appear as titles in the schema."""
        s = gr.json_schema("2021")
        cell = s["properties"]["table3"]["properties"]["granted"]["properties"]["commercial"]
        assert "法人或其他组织 / 商业企业" == cell["title"]

    @given(any_reports())
    def test_every_dump_validates(self, report: gr.AnnualReport) -> None:
        """Our JSON of any report the strategy makes (counts ≥ 0) is valid under our schema."""
        doc = document(report)
        assert [] == list(validator(report.format).iter_errors(doc))

    def test_negative_count_rejected(self) -> None:
        """The schema rejects a negative count (the loader loads it, validation reports it)."""
        doc = document(gr.blank_report("2021"))
        doc["table3"]["granted"]["natural_person"] = -1
        assert not validator("2021").is_valid(doc)
        report = gr.from_json(json.dumps(doc))
        assert ["count-negative"] == [f.code for f in gr.validate(report, pick={"count-negative"})]

    def test_signed_change_allowed_in_2019(self) -> None:
        """2019 本年增/减 may be negative under the schema."""
        doc = document(gr.blank_report("2019"))
        doc["table2"]["licensing"]["change"] = -8
        assert validator("2019").is_valid(doc)


MUTATIONS = [
    ("table3", "granted", "natural_person", "12"),
    ("table3", "granted", "natural_person", 1.5),
    ("table3", "granted", "natural_person", True),
    ("table3", "granted", "natural_person", [1]),
    ("table2", "fees", "amount", "17.5"),
    ("table3", "granted", "unknown", 1),
    ("table3", "nope", None, {}),
    ("table4", "review", None, []),
    ("meta", "year", None, "2021"),
    ("meta", "agency", None, 5),
    ("meta", "published", None, "2021-02-30"),
    ("meta", "extra", None, "x"),
    ("general_situation", None, None, 1),
    ("raw", None, None, {"/table9/x/y": "-"}),
    ("raw", None, None, {"/table3/granted/total": 1}),
    ("extra", None, None, 1),
    ("format", None, None, "2020"),
    ("$schema", None, None, "https://example.org/other.json"),
]


def mutate(doc: dict[str, Any], where: tuple[Any, ...]) -> dict[str, Any]:
    key1, key2, key3, value = where
    if key2 is None:
        doc[key1] = value
    elif key3 is None:
        doc[key1][key2] = value
    else:
        doc[key1][key2][key3] = value
    return doc


class TestRejection:
    @given(any_reports(), st.sampled_from(MUTATIONS))
    def test_schema_rejects_what_the_loader_rejects(self, report: gr.AnnualReport, where: tuple[Any, ...]) -> None:
        """For broken documents the loader and the schema agree: the loader rejects, so does the schema."""
        doc = mutate(document(report), where)
        try:
            gr.from_json(json.dumps(doc, default=str))
        except gr.ReadError:
            rejected = True
        else:
            rejected = False
        assert rejected
        assert not validator(report.format).is_valid(doc)

    def test_errors_carry_json_paths(self) -> None:
        """Each problem is reported with its JSON path, all at once."""
        doc = document(gr.blank_report("2021"))
        doc["table3"]["granted"]["natural_person"] = "12"
        doc["meta"]["year"] = "2021"
        with pytest.raises(gr.ReadError) as info:
            gr.from_json(json.dumps(doc))
        where = [p for p, _ in info.value.problems]
        assert ["$.meta.year", "$.table3.granted.natural_person"] == where

    @pytest.mark.parametrize(
        ("text", "needle"),
        [
            ("{", "not valid JSON"),
            ("[]", "expected an object"),
            ('{"format": "2021"}', "$.meta"),
            ('{"format":"2021","meta":{},"x":NaN}', "not a number"),
            ("\ufffe", "not valid JSON"),
        ],
    )
    def test_unreadable_json(self, text: str, needle: str) -> None:
        """Broken input gives a ReadError that says what is wrong, never a bare traceback."""
        with pytest.raises(gr.ReadError, match=None) as info:
            gr.from_json(text)
        assert needle in str(info.value)

    def test_size_limit(self) -> None:
        """Oversized documents are refused before parsing."""
        with pytest.raises(gr.ReadError, match="limit"):
            gr.from_json(" " * (5 * 1024 * 1024))

    def test_missing_tables_load_blank(self) -> None:
        """A document with only format and meta loads as a blank report (the schema requires the tables)."""
        r = gr.from_json('{"format": "2021", "meta": {"agency": "某局", "year": 2021}}')
        assert all(v is None for v in r.values())
