"""The govinfo-report command, run in-process."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

import govinfo_report as gr
from govinfo_report.cli import run
from tests.conftest import EXAMPLES, FIXTURES

SAMPLE = EXAMPLES / "sample-2021" / "report.csv"


def call(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


class TestTemplate:
    def test_json_to_stdout(self) -> None:
        """Without -o the template is JSON on stdout."""
        code, out, _ = call("template", "--year", "2020", "--agency", "某局")
        doc = json.loads(out)
        assert (0, "2019", "某局") == (code, doc["format"], doc["meta"]["agency"])

    @pytest.mark.parametrize(("fmt", "rows"), [("2019", 198), ("2021", 200)])
    def test_csv_file(self, tmp_path: Path, fmt: str, rows: int) -> None:
        """-o x.csv writes the label CSV template of the format."""
        target = tmp_path / "blank.csv"
        assert 0 == call("template", "--format", fmt, "-o", str(target))[0]
        lines = target.read_text("utf-8").splitlines()
        assert rows == sum(1 for line in lines if line[:1] in "二三四")

    def test_unknown_extension(self, tmp_path: Path) -> None:
        """An output kind we cannot write exits 2 with a reason."""
        code, _, err = call("template", "-o", str(tmp_path / "x.xyz"))
        assert 2 == code
        assert "no writer" in err
        code, _, err = call("template", "-o", str(tmp_path / "x.pdf"))
        assert 2 == code
        assert "pdf files can not be written" in err


class TestValidate:
    def test_clean_example_exits_0(self) -> None:
        """The bundled example has no error."""
        code, out, _ = call("validate", str(SAMPLE))
        assert 0 == code
        assert "错误 0" in out

    def test_errors_exit_1_and_json(self, tmp_path: Path) -> None:
        """A wrong report exits 1; --json lists file, valid and findings."""
        report = gr.read(SAMPLE).with_cell("三", "（一）予以公开", "自然人", 99)
        path = tmp_path / "r.json"
        gr.write(report, path)
        code, out, _ = call("validate", str(path), "--json", "--lang", "en")
        data = json.loads(out)
        assert 1 == code
        assert [str(path)] == [d["file"] for d in data]
        assert data[0]["valid"] is False
        assert "t3-row-total" in {f["code"] for f in data[0]["findings"]}
        assert data[0]["findings"][0]["message"].startswith("Table")

    def test_unreadable_exits_2(self, tmp_path: Path) -> None:
        """A file that is no report exits 2 with a one-line reason."""
        bad = tmp_path / "x.json"
        bad.write_text("{oops", encoding="utf-8")
        code, out, err = call("validate", str(bad))
        assert 2 == code
        assert "not valid JSON" in out
        assert "Traceback" not in out + err

    def test_skip(self) -> None:
        """--skip leaves codes out."""
        code, out, _ = call("validate", str(EXAMPLES / "shanghai-2019" / "report.json"), "--skip", "cells")
        assert 0 == code
        assert "cell-empty" not in out

    def test_usage_error_exits_2(self) -> None:
        """Wrong usage exits 2 with a message."""
        code, _, err = call("validate")
        assert 2 == code
        assert "usage error" in err


class TestConvert:
    def test_csv_json_csv_is_identity(self, tmp_path: Path) -> None:
        """convert CSV → JSON → CSV gives the same bytes."""
        j, c = tmp_path / "r.json", tmp_path / "r.csv"
        assert 0 == call("convert", str(SAMPLE), "-o", str(j))[0]
        assert 0 == call("convert", str(j), "-o", str(c))[0]
        assert SAMPLE.read_bytes() == c.read_bytes()

    def test_content_sniffing(self, tmp_path: Path) -> None:
        """A file with an unknown extension is read by its content."""
        odd = tmp_path / "report.txt"
        odd.write_bytes(SAMPLE.read_bytes())
        assert 0 == call("convert", str(odd), "-o", str(tmp_path / "r.json"))[0]

    def test_missing_input(self, tmp_path: Path) -> None:
        """A missing input exits 2."""
        code, _, err = call("convert", str(tmp_path / "none.csv"), "-o", str(tmp_path / "r.json"))
        assert 2 == code
        assert "No such file" in err

    def test_incomplete_read_warns_and_strict_fails(self, tmp_path: Path) -> None:
        """A page cut short: one warning line on stderr; --strict makes it exit 1; a complete read is silent."""
        text = (FIXTURES / "import" / "sample-2021-cell-per-line.txt").read_text("utf-8")
        cut = tmp_path / "cut.txt"
        cut.write_text(text[: text.index("四、政府信息公开行政复议")], "utf-8")
        code, _, err = call("convert", str(cut), "-o", str(tmp_path / "r.json"))
        assert (0, 1) == (code, len(err.splitlines()))
        assert "incomplete read" in err
        assert "/table4" in err
        assert 1 == call("convert", str(cut), "-o", str(tmp_path / "r.json"), "--strict")[0]
        full = FIXTURES / "import" / "sample-2021-cell-per-line.txt"
        assert (0, "") == call("convert", str(full), "-o", str(tmp_path / "f.json"), "--strict")[::2]


def test_schema_command() -> None:
    """schema prints the JSON Schema of the chosen format."""
    code, out, _ = call("schema", "--format", "2019")
    assert 0 == code
    assert "2019" == json.loads(out)["properties"]["format"]["const"]


def test_help_exits_0() -> None:
    """--help is not an error."""
    assert 0 == call("--help")[0]


def test_optional_dependency_hint() -> None:
    """A missing optional dependency is an error that names the extra to install."""
    from govinfo_report._optional import optional

    with pytest.raises(gr.UnsupportedFileError, match=r'pip install "govinfo-report\[nothing\]"'):
        optional("govinfo_report_no_such_module", "nothing", "testing")


def test_python_dash_m() -> None:
    """python -m govinfo_report runs the command."""
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "govinfo_report", "schema", "--format", "2019"], capture_output=True, check=False
    )
    assert 0 == result.returncode
    assert b'"const": "2019"' in result.stdout


def test_version() -> None:
    import govinfo_report as gr

    assert (0, f"govinfo-report {gr.__version__}\n", "") == call("--version")


def test_convert_through_a_pipe() -> None:
    """`convert - -o - --to csv`: standard input to standard output, as a shell pipe uses it."""
    import subprocess
    import sys

    seed = (EXAMPLES / "seed-2021" / "report.txt").read_bytes()
    done = subprocess.run(
        [sys.executable, "-m", "govinfo_report", "convert", "-", "-o", "-", "--to", "csv"],
        input=seed,
        capture_output=True,
        check=False,
    )
    assert 0 == done.returncode, done.stderr
    assert gr.read(EXAMPLES / "seed-2021" / "report.csv") == gr.from_csv(done.stdout)


def test_all_prints_every_finding() -> None:
    target = str(EXAMPLES / "shanghai-2019" / "report.json")
    short, every = call("validate", target)[1], call("validate", target, "--all")[1]
    assert "另有 130 条" in short
    assert 135 == sum("cell-empty" in line for line in every.splitlines())


def test_validate_reads_standard_input() -> None:
    """`validate -`: a report piped in is checked like the same file, and a bad one exits 2 with one line."""
    import subprocess
    import sys

    seed = EXAMPLES / "seed-2021" / "report.txt"

    def piped(data: bytes, *extra: str) -> subprocess.CompletedProcess[bytes]:
        cmd = [sys.executable, "-m", "govinfo_report", "validate", "-", "--ndjson", *extra]
        return subprocess.run(cmd, input=data, capture_output=True, check=False)  # noqa: S603 - our own command

    done = piped(seed.read_bytes())
    line = json.loads(done.stdout)
    by_file = json.loads(call("validate", str(seed), "--ndjson")[1])
    assert (done.returncode, line["file"]) == (call("validate", str(seed))[0], "-")
    assert {k: v for k, v in line.items() if k != "file"} == {k: v for k, v in by_file.items() if k != "file"}
    bad = piped(b"\x00\x01 not a report")
    assert 2 == bad.returncode
    assert "error" in json.loads(bad.stdout)
    assert 2 == piped(b"{}", str(seed)).returncode  # - is one report: no other file beside it


def test_help_lists_every_kind_of_file() -> None:
    """The help of the commands that read names every kind read and written, with its extensions."""
    from govinfo_report._batch import READABLE_SUFFIXES

    for command in (("validate",), ("convert",), ("dataset",)):
        code, out, _ = call(*command, "--help")
        assert 0 == code
        for codec in gr.io.codecs():
            assert f"  {codec.name} " in out
            assert " ".join(codec.extensions) in out
    read = {e for c in gr.io.codecs() if c.load is not None for e in c.extensions}
    assert read == READABLE_SUFFIXES  # a folder is searched for exactly the kinds read


def test_json_output_has_the_report_and_both_languages() -> None:
    """`validate --json`: per file the agency, year, format and counts; each finding in both languages."""
    target = str(EXAMPLES / "shanghai-2019" / "report.json")
    code, out, _ = call("validate", target, "--json", "--lang", "en")
    (item,) = json.loads(out)
    report = gr.read(target)
    result = gr.validate(report)
    assert (report.meta.agency, report.meta.year, report.format) == (item["agency"], item["year"], item["format"])
    assert (code, dict(result.counts)) == (1 if not result.valid else 0, item["counts"])
    assert [f.message("zh") for f in result.findings] == [f["message_zh"] for f in item["findings"]]
    assert [f.message("en") for f in result.findings] == [f["message"] for f in item["findings"]]


def test_convert_says_what_the_writer_left_out(tmp_path: Path) -> None:
    """Control characters Word can not hold: converted all the same, with a warning naming the field."""
    import attrs

    sample = gr.read(EXAMPLES / "sample-2021" / "report.json")
    source = tmp_path / "r.json"
    gr.write(attrs.evolve(sample, meta=attrs.evolve(sample.meta, agency="示例县\x07人民政府")), source)
    for argv in (
        ("convert", str(source), "-o", str(tmp_path / "r.docx")),
        ("convert", str(source), "-o", str(tmp_path / "out"), "--to", "docx"),
    ):
        code, _, err = call(*argv)
        assert 0 == code
        assert "warning" in err
        assert "Word can not hold control characters: they are left out of $.meta.agency" in err
