"""The declarations against the spec's cell lists, and the one-place rule for labels."""

from __future__ import annotations

import ast
import csv
import io
import tokenize
from pathlib import Path

import pytest

import govinfo_report as gr
from govinfo_report.formats import format_for_year
from tests.conftest import FIXTURES, ROOT, SHARED


def oracle(format_id: str) -> list[tuple[str, str, str]]:
    path = FIXTURES / "spec" / f"cells-{format_id}.csv"
    with path.open(encoding="utf-8") as fh:
        return [(r["table"], r["row"], r["column"]) for r in csv.DictReader(fh)]


class TestDeclarations:
    @pytest.mark.parametrize("format_id", ["2019", "2021"])
    def test_cells_equal_the_spec_oracle(self, format_id: str) -> None:
        """Every data cell derived from the declaration, in order, is exactly the spec's list."""
        assert oracle(format_id) == [c.labels for c in gr.get_format(format_id).cells]

    @pytest.mark.parametrize(("format_id", "count"), [("2019", 198), ("2021", 200)])
    def test_cell_counts(self, format_id: str, count: int) -> None:
        """2019 has 22+161+15 cells, 2021 has 10+175+15."""
        assert count == len(gr.get_format(format_id).cells)

    @pytest.mark.skipif(not (SHARED / "spec").is_dir(), reason="shared/spec not beside the checkout")
    @pytest.mark.parametrize("format_id", ["2019", "2021"])
    def test_vendored_oracle_is_current(self, format_id: str) -> None:
        """The copy of the oracle in tests/fixtures is the one in shared/spec."""
        name = f"cells-{format_id}.csv"
        assert (SHARED / "spec" / name).read_bytes() == (FIXTURES / "spec" / name).read_bytes()

    def test_pointers_and_labels_are_unique(self) -> None:
        """No two cells share a JSON pointer or a label triple."""
        for spec in gr.formats():
            assert len({c.pointer for c in spec.cells}) == len(spec.cells)
            assert len({c.labels for c in spec.cells}) == len(spec.cells)

    @pytest.mark.parametrize(
        ("year", "expected"), [(2018, "2019"), (2019, "2019"), (2020, "2019"), (2021, "2021"), (2030, "2021")]
    )
    def test_format_for_year(self, year: int, expected: str) -> None:
        """2019–2020 use the trial format, 2021 on the revised one."""
        assert expected == format_for_year(year).id

    def test_unknown_format_is_a_usage_error(self) -> None:
        """Asking for a format that does not exist names the known ones."""
        with pytest.raises(gr.UsageError, match="known formats: 2019, 2021"):
            gr.get_format("2022")


def string_literals(path: Path) -> list[str]:
    with path.open("rb") as fh:
        return [
            ast.literal_eval(tok.string)
            for tok in tokenize.tokenize(fh.readline)
            if tok.type == tokenize.STRING
            and not tok.string.startswith(('"""', "'''"))
            and "f" not in tok.string.split(tok.string[-1])[0].lower()
        ]


def test_each_official_label_is_written_once() -> None:
    """Every label segment of every format appears as a string literal exactly once in src/."""
    literals: dict[str, int] = {}
    for path in (ROOT / "src" / "govinfo_report").rglob("*.py"):
        for lit in string_literals(path):
            literals[lit] = literals.get(lit, 0) + 1
    segments = set()
    for spec in gr.formats():
        for cell in spec.cells:
            segments.update(cell.row.labels)
            segments.update(cell.column.labels)
        segments.update(s.title for s in spec.text_sections)
        segments.update(t.title for t in spec.tables)
    repeated = {s: literals.get(s, 0) for s in segments if literals.get(s, 0) != 1}
    assert repeated == {}


def test_csv_reader_of_oracle_is_strict() -> None:
    """The oracle file parses as the label CSV header expects (sanity of the fixture)."""
    text = (FIXTURES / "spec" / "cells-2021.csv").read_text(encoding="utf-8")
    assert next(csv.reader(io.StringIO(text))) == ["table", "row", "column"]
