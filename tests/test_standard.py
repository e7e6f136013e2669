"""The standard for other languages: a portal in Java or PHP needs only the published JSON files.

These tests do what such a portal does, from the files in docs/schema alone: check a report document with a
JSON Schema library, evaluate the published identities itself, and name findings from the published catalogue.
They must agree with the library.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import jsonschema
import pytest

import govinfo_report as gr
from tests.conftest import EXAMPLES, ROOT

SCHEMA_DIR = ROOT / "docs" / "schema"


def load(name: str) -> Any:
    return json.loads((SCHEMA_DIR / name).read_text("utf-8"))


def resolve(document: dict[str, Any], pointer: str) -> Any:
    node: Any = document
    for part in pointer.strip("/").split("/"):
        node = node[part]
    return node


def foreign_arithmetic(document: dict[str, Any]) -> set[tuple[str, str]]:
    """The identities evaluated as the published rules file says, with nothing but the document's data."""
    rules = load(f"rules-{document['format']}.json")
    out = set()
    for ident in rules["identities"]:
        sides = []
        for side in (ident["lhs"], ident["rhs"]):
            values = [resolve(document, p) for p in side]
            sides.append(
                None if all(v is None for v in values) else sum(Decimal(str(v)) for v in values if v is not None)
            )
        if None not in sides and sides[0] != sides[1]:
            out.add((ident["code"], ident["lhs"][0]))
    return out


def reports() -> list[gr.AnnualReport]:
    sample = gr.read(EXAMPLES / "sample-2021" / "report.json")
    out = [sample, gr.read(EXAMPLES / "shanghai-2019" / "report.json"), gr.read(EXAMPLES / "seed-2021" / "report.json")]
    out.append(sample.with_cell("三", "（一）予以公开", "自然人", 99))
    out.append(
        sample.with_cell("四", "", "行政复议 / 结果维持", None).with_cell("三", "四、结转下年度继续办理", "总计", 0)
    )
    return out


@pytest.mark.parametrize("index", range(5))
def test_a_foreign_implementation_agrees(index: int) -> None:
    report = reports()[index]
    document = json.loads(gr.to_json(report), parse_float=Decimal)
    jsonschema.validate(json.loads(gr.to_json(report)), load(f"report-{report.format}.schema.json"))
    ours = {(f.code, f.path) for f in gr.validate(report, pick="arithmetic")}
    assert ours == foreign_arithmetic(document)


def test_the_catalogue_names_every_code() -> None:
    published = {c["code"]: c for c in load("findings.json")["codes"]}
    assert set(gr.CATALOGUE) == set(published)
    for code, entry in gr.CATALOGUE.items():
        assert (entry.severity.value, entry.template_zh, entry.template_en) == (
            published[code]["severity"],
            published[code]["message"]["zh"],
            published[code]["message"]["en"],
        )


@pytest.mark.parametrize("format_id", ["2019", "2021"])
def test_the_rules_name_every_cell_by_its_labels(format_id: str) -> None:
    """The cells of the rules file are the declaration's, with the official labels of the label CSV."""
    rules = load(f"rules-{format_id}.json")
    spec = gr.get_format(format_id)
    assert [(c.pointer, *c.labels) for c in spec.cells] == [
        (c["pointer"], c["table"], c["row"], c["column"]) for c in rules["cells"]
    ]
    assert rules["schema"] == load(f"report-{format_id}.schema.json")["$id"]


@pytest.mark.parametrize("name", ["rules-2019.json", "rules-2021.json", "findings.json", "indicators.json"])
def test_the_package_ships_the_same_data(name: str) -> None:
    shipped = ROOT / "src" / "govinfo_report" / "schemas" / name
    assert (SCHEMA_DIR / name).read_text("utf-8") == shipped.read_text("utf-8")
