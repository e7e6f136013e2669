"""Many files at once: folders in the CLI, data frames, and Dask."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from functools import partial
from pathlib import Path

import pytest

import govinfo_report as gr
from govinfo_report._generate import generate_corpus
from govinfo_report.cli import run
from govinfo_report.dataset import CORRESPONDENCES, wide_columns

pd = pytest.importorskip("pandas")

N = 12


def call(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    generate_corpus(root, N)
    return root


def expected_records(root: Path) -> dict[str, dict[str, object]]:
    """What a plain loop of read + validate says about each file."""
    out: dict[str, dict[str, object]] = {}
    for path in sorted(root.rglob("*.*")):
        try:
            report = gr.read(path)
        except gr.ReadError:
            out[str(path)] = {"valid": False}
            continue
        out[str(path)] = {"valid": gr.validate(report).valid, "counts": gr.validate(report).counts}
    return out


class TestValidateMany:
    def test_folder_needs_recursive_for_subfolders(self, corpus: Path) -> None:
        """Without --recursive only the folder's own files are checked (here: the broken one)."""
        code, out, err = call("validate", str(corpus), "--ndjson")
        assert 2 == code
        assert [str(corpus / "broken.json")] == [json.loads(line)["file"] for line in out.splitlines()]
        assert "1 files" not in err
        assert "共 1 个文件" in err

    @pytest.mark.parametrize("jobs", ["1", "2"])
    def test_ndjson_matches_a_plain_loop(self, corpus: Path, jobs: str) -> None:
        """--ndjson gives one object per file, in order, agreeing with read + validate; exit 2 for the broken file."""
        code, out, err = call("validate", str(corpus), "-r", "--ndjson", "--jobs", jobs, "--lang", "en")
        records = [json.loads(line) for line in out.splitlines()]
        expected = expected_records(corpus)
        assert 2 == code
        assert list(expected) == [r["file"] for r in records]
        for r in records:
            assert expected[r["file"]]["valid"] == r["valid"]
            if "counts" in expected[r["file"]]:
                assert expected[r["file"]]["counts"] == r["counts"]
                assert r["format"] in ("2019", "2021")
        with_findings = next(r for r in records if r["findings"])
        assert {"message_zh", "message_en", "code", "severity", "path"} <= set(with_findings["findings"][0])
        valid = sum(1 for v in expected.values() if v["valid"])
        assert f"{N + 1} files: {valid} valid, {N - valid} with errors, 1 unreadable" in err

    def test_exit_1_without_unreadable(self, corpus: Path) -> None:
        """A glob over the good files exits 1 when some have errors; --quiet drops the summary."""
        code, out, err = call("validate", str(corpus / "part*" / "*.json"), "-q")
        assert 1 == code
        assert "" == err
        assert N // 2 == out.count(".json:")
        code, out, _ = call("validate", str(corpus / "**" / "*.json"), "-r", "-q")
        assert 2 == code  # ** matches the top folder too, and its broken file
        assert "broken.json" in out
        code, _, _ = call("validate", str(corpus / "part*" / "r0000[0-1].*"))
        assert 0 == code

    def test_sarif(self, corpus: Path, tmp_path: Path) -> None:
        """--sarif writes a SARIF 2.1.0 log with a result per finding and per unreadable file."""
        target = tmp_path / "out.sarif"
        code, out, _ = call("validate", str(corpus), "-r", "--sarif", str(target), "--ndjson", "-q")
        log = json.loads(target.read_text("utf-8"))
        records = [json.loads(line) for line in out.splitlines()]
        results = log["runs"][0]["results"]
        assert "2.1.0" == log["version"]
        assert sum(len(r["findings"]) or ("error" in r) for r in records) == len(results)
        rules = {r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]}
        assert {r["ruleId"] for r in results} <= rules
        assert {"error", "warning"} <= {r["level"] for r in results}
        assert 2 == code

    def test_json_keeps_its_shape(self, corpus: Path) -> None:
        """--json over a folder is one array of {file, valid, findings} with one message language."""
        code, out, _ = call("validate", str(corpus / "part0"), "--json", "-q")
        items = json.loads(out)
        assert N // 2 == len(items)
        assert all(set(f) >= {"code", "message"} for i in items for f in i["findings"])
        assert code in (0, 1)

    def test_bad_jobs_and_unknown_code_are_usage_errors(self, corpus: Path) -> None:
        """--jobs -1 and an unknown --pick exit 2 with one line."""
        assert 2 == call("validate", str(corpus), "--jobs", "-1")[0]
        code, _, err = call("validate", str(corpus), "--pick", "no-such-code")
        assert 2 == code
        assert 1 == len(err.splitlines())


class TestConvertMany:
    def test_folder_to_folder(self, corpus: Path, tmp_path: Path) -> None:
        """convert DIR -r -o OUT --to json mirrors the tree; the copies read back equal; broken gives exit 2."""
        out = tmp_path / "out"
        code, _, err = call("convert", str(corpus), "-r", "-o", str(out), "--to", "json", "-j", "2")
        assert 2 == code
        assert "broken.json" in err
        for source in sorted(corpus.rglob("r*.*")):
            target = out / source.relative_to(corpus).with_suffix(".json")
            assert gr.read(source) == gr.read(target)

    def test_same_stem_does_not_overwrite(self, corpus: Path, tmp_path: Path) -> None:
        """a.csv and a.json in one folder become a.json and a.json.json, each from its own source."""
        src = tmp_path / "in"
        src.mkdir()
        one, two = gr.read(next(corpus.rglob("*.csv"))), gr.read(next(corpus.rglob("r*.json")))
        gr.write(one, src / "a.csv")
        gr.write(two, src / "a.json")
        assert 0 == call("convert", str(src), "-o", str(tmp_path / "out"), "-q")[0]
        assert (one, two) == (gr.read(tmp_path / "out" / "a.json"), gr.read(tmp_path / "out" / "a.json.json"))

    def test_file_into_output_folder(self, corpus: Path, tmp_path: Path) -> None:
        """One file with --to goes into the -o folder."""
        source = next(corpus.rglob("*.csv"))
        assert 0 == call("convert", str(source), "-o", str(tmp_path), "--to", "xlsx", "-q")[0]
        assert gr.read(source) == gr.read(tmp_path / source.with_suffix(".xlsx").name)


def test_help_imports_no_reader() -> None:
    """--help loads neither openpyxl, lxml nor the rules (the start-up stays small)."""
    import subprocess
    import sys

    code = (
        "import sys; from govinfo_report.cli import run; run(['--help']);"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('openpyxl', 'lxml', 'attrs', 'cattrs')"
        " or m.startswith('govinfo_report.')), file=sys.stderr)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True, text=True)  # noqa: S603
    assert "['govinfo_report.cli', 'govinfo_report.errors']" == result.stderr.strip()


class TestFrame:
    def test_wide_both_formats_through_the_crosswalk(self) -> None:
        """Wide: one row per report, shared columns for shared cells, the 2021 （六） rows summed, blank kept."""
        r19 = gr.blank_report("2019", year=2020).with_cell("三", "（六）其他处理", "自然人", 3)
        r21 = (
            gr.blank_report("2021", year=2021)
            .with_values({"/table3/other_no_correction/natural_person": 1, "/table3/other_other/natural_person": 4})
            .with_values({"/table2/fees/amount": Decimal("1.25"), "/table3/granted/total": 0})
        )
        frame = gr.to_frame({"a": r19, "b": r21})
        assert ["a", "b"] == list(frame["report_id"])
        assert [3, 5] == list(frame["t3.other_handling.natural_person"])
        assert frame["t3.other_handling.commercial"].isna().all()  # blank parts stay blank
        assert [True, False] == list(frame["t3.granted.total"].isna())  # blank is not 0
        assert 0 == frame["t3.granted.total"][1]
        assert "Int64" == str(frame["t3.granted.total"].dtype)
        assert Decimal("1.25") == frame["t2.fees.amount"][1]
        assert frame["t2.fees.amount"].isna()[0]  # 2019 has no such cell
        assert [c.name for c in wide_columns()] == list(frame.columns[7:])

    def test_crosswalk_covers_every_cell_once(self) -> None:
        """Each cell of each format fills exactly one wide column of its own name; sums only where declared."""
        for spec in gr.formats():
            own = [c for c in wide_columns() if spec.id in c.sources and not c.derived & {spec.id}]
            assert sorted(cell.index for col in own for cell in col.sources[spec.id]) == list(range(len(spec.cells)))
        derived = {(c.name.split(".")[1], f) for c in wide_columns() for f in c.derived}
        assert {(c.row, c.format) for c in CORRESPONDENCES} == derived

    def test_long(self) -> None:
        """Long: one row per cell with both label paths, value or amount, raw text and blank flag."""
        report = gr.read(Path(__file__).parent.parent / "examples" / "sample-2021" / "report.csv")
        frame = gr.to_frame([report], shape="long")
        assert len(report.spec.cells) == len(frame)
        fee = frame[frame["wide_column"] == "t2.fees.amount"].iloc[0]
        assert report.cell("table2", "fees", "amount") == fee["amount"]
        assert pd.isna(fee["value"])
        assert (frame["blank"] == [v is None for v in report.values()]).all()
        assert {"row_label", "column_label", "raw"} <= set(frame.columns)

    def test_empty_and_bad_shape(self) -> None:
        """No reports give the columns with no rows; an unknown shape is a usage error."""
        assert 7 + len(wide_columns()) == len(gr.to_frame([]).columns)
        with pytest.raises(gr.UsageError, match="shape"):
            gr.to_frame([], shape="tall")  # type: ignore[arg-type]

    def test_amount_precision_refused_not_rounded(self) -> None:
        """An amount with more places than the frame keeps is an error, never rounded."""
        report = gr.blank_report("2021").with_values({"/table2/fees/amount": Decimal("0.1234567")})
        with pytest.raises(gr.UsageError, match="decimal places"):
            gr.to_frame([report])


class TestDatasetCommand:
    @pytest.mark.parametrize("suffix", [".parquet", ".csv", ".xlsx"])
    def test_writes_the_frame(self, corpus: Path, tmp_path: Path, suffix: str) -> None:
        """dataset DIR -r -o FILE writes what to_frame gives for the readable files; the broken one exits 2."""
        target = tmp_path / f"reports{suffix}"
        code, _, err = call("dataset", str(corpus), "-r", "-o", str(target))
        assert 2 == code
        assert "broken.json" in err
        paths = sorted(str(p) for p in corpus.rglob("r*.*"))
        expected = gr.to_frame({p: gr.read(p) for p in paths})
        got = {".parquet": pd.read_parquet, ".csv": pd.read_csv, ".xlsx": partial(pd.read_excel, engine="openpyxl")}[
            suffix
        ](target)
        assert paths == sorted(got["report_id"])
        got = got.set_index("report_id").loc[paths]
        for name in ("t3.granted.total", "t3.other_handling.natural_person", "t2.licensing.decisions"):
            assert list(expected[name].astype("object").where(expected[name].notna(), None)) == [
                None if pd.isna(v) else int(v) for v in got[name]
            ]

    def test_long_parquet_with_jobs(self, corpus: Path, tmp_path: Path) -> None:
        """--shape long with two jobs gives the same table as to_frame."""
        target = tmp_path / "cells.parquet"
        call("dataset", str(corpus / "part1"), "-o", str(target), "--shape", "long", "-j", "2", "-q")
        paths = sorted(str(p) for p in (corpus / "part1").glob("*.*"))
        expected = gr.to_frame({p: gr.read(p) for p in paths}, shape="long")
        pd.testing.assert_frame_equal(expected, pd.read_parquet(target), check_dtype=False)

    def test_wrong_output_kind(self, corpus: Path, tmp_path: Path) -> None:
        """An output other than .parquet/.csv/.xlsx is refused before any work."""
        code, _, err = call("dataset", str(corpus), "-o", str(tmp_path / "x.json"))
        assert 2 == code
        assert ".parquet" in err


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class TestProgress:
    def test_bar_on_a_terminal_only(self, corpus: Path) -> None:
        """A terminal gets a progress bar (counting every file); --quiet and a pipe get none."""
        pytest.importorskip("tqdm")
        err = FakeTerminal()
        run(["validate", str(corpus), "-r", "--ndjson"], io.StringIO(), err)
        assert f"| 0/{N + 1} [" in err.getvalue()  # the bar knows the total before the first file
        quiet = FakeTerminal()
        run(["validate", str(corpus), "-r", "--ndjson", "-q"], io.StringIO(), quiet)
        assert "" == quiet.getvalue()
        _, _, piped = call("validate", str(corpus), "-r", "--ndjson")
        assert "it/s" not in piped
        assert "file/s" not in piped


def test_missing_pandas_names_the_extra(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Without pandas, to_frame and dataset say which extra to install (dataset: exit 2, one line)."""
    import sys

    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(gr.UnsupportedFileError, match=r'pip install "govinfo-report\[dataset\]"'):
        gr.to_frame([])
    code, _, err = call("dataset", str(tmp_path), "-o", str(tmp_path / "x.parquet"))
    assert 2 == code
    assert "govinfo-report[dataset]" in err
    assert 1 == len(err.splitlines())


def double(chunk: list[int]) -> list[int]:
    return [2 * x for x in chunk]


@pytest.mark.parametrize("jobs", [1, 2])
def test_ordered_map_streams_in_order(jobs: int) -> None:
    """Results come in input order, and the input is read only a bounded number of chunks ahead."""
    from govinfo_report._batch import ordered_map

    pulled: list[int] = []

    def items() -> object:
        for i in range(2000):
            pulled.append(i)
            yield i

    results = ordered_map(double, items(), jobs=jobs, chunk=16)  # type: ignore[arg-type]
    assert 0 == next(results)
    assert len(pulled) <= (4 * jobs + 1) * 16
    assert [2 * i for i in range(1, 2000)] == list(results)
