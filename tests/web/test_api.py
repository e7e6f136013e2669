"""The JSON API, over HTTP to a real server on loopback: every answer is the library's own."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest

import govinfo_report as gr
from govinfo_report.cli import run
from tests.conftest import EXAMPLES, FIXTURES
from tests.web.live import live_server

httpx = pytest.importorskip("httpx", reason="the web tests need httpx: pip install 'govinfo-report[test]'")

SEED = EXAMPLES / "seed-2021" / "report.txt"
SAMPLE = EXAMPLES / "sample-2021" / "report.json"
INCOMPLETE = FIXTURES / "findings" / "import-incomplete" / "input.json"
WRITERS = ("json", "csv", "xlsx", "markdown", "html", "docx")


def broken() -> gr.AnnualReport:
    """The seed report with one cell changed so that its row and column no longer add up."""
    seed = gr.read(SEED)
    return seed.with_values({"/table3/granted/natural_person": (seed.table3.granted.natural_person or 0) + 5})


def post_file(base_url: str, path: str, name: str, data: bytes, **params: object) -> httpx.Response:
    return httpx.post(f"{base_url}{path}", files={"file": (name, data)}, params=params, timeout=60)


def same_findings(answer: dict[str, object], result: gr.ValidationResult) -> None:
    expected = [(f.code, f.path, f.message("zh"), f.message("en")) for f in result.findings]
    got = [(f["code"], f["path"], f["message_zh"], f["message_en"]) for f in answer["findings"]]  # type: ignore[index, union-attr]
    assert expected == got


class TestValidate:
    @pytest.mark.parametrize("kind", WRITERS)
    def test_each_kind_is_checked_as_the_library_checks_it(self, base_url: str, kind: str) -> None:
        """An upload of any kind gets the library's findings for those bytes, with the kind it was read as."""
        data = gr.dumps(broken(), kind)
        report = gr.loads(data, kind)
        answer = post_file(base_url, "/api/validate", f"r.{kind}", data).json()
        result = gr.validate(report)
        assert (kind, result.counts, 1) == (answer["kind"], answer["counts"], answer["exit_code"])
        same_findings(answer, result)
        assert gr.from_dict(answer["report"]) == report

    def test_the_seed_report_as_published(self, base_url: str) -> None:
        """The seed report, plain text as published, reads in full and is valid."""
        answer = post_file(base_url, "/api/validate", SEED.name, SEED.read_bytes()).json()
        report = gr.read(SEED)
        assert ("text", True, 0, 0) == (answer["kind"], answer["valid"], answer["exit_code"], answer["incomplete"])
        assert report.table3.granted.total == answer["report"]["table3"]["granted"]["total"]

    def test_findings_name_the_cells_to_mark(self, base_url: str) -> None:
        """Each finding lists the pointers of the cells it is about, from its label triples."""
        report = broken()
        answer = post_file(base_url, "/api/validate", "r.json", gr.dumps(report, "json")).json()
        by_labels = {c.labels: c.pointer for c in report.spec.cells}
        for item, finding in zip(answer["findings"], gr.validate(report).findings, strict=True):
            assert [by_labels[c] for c in finding.cells] == item["pointers"]
        assert any("/table3/granted/natural_person" in f["pointers"] for f in answer["findings"])

    def test_json_body(self, base_url: str) -> None:
        """A canonical JSON document can be the body itself."""
        response = httpx.post(
            f"{base_url}/api/validate", content=SAMPLE.read_bytes(), headers={"Content-Type": "application/json"}
        )
        assert (200, True, "json") == (response.status_code, response.json()["valid"], response.json()["kind"])

    def test_pick_and_skip(self, base_url: str) -> None:
        """``pick`` and ``skip`` select findings as the command's options do."""
        data = gr.dumps(broken(), "json")
        picked = post_file(base_url, "/api/validate", "r.json", data, pick="t3-row-total").json()
        skipped = post_file(base_url, "/api/validate", "r.json", data, skip="t3-row-total").json()
        codes = {f.code for f in gr.validate(broken()).findings}
        assert {"t3-row-total"} == {f["code"] for f in picked["findings"]}
        assert codes - {"t3-row-total"} == {f["code"] for f in skipped["findings"]}

    def test_incomplete_import_is_reported(self, base_url: str) -> None:
        """An import that could not read everything carries its notes, and is an error."""
        answer = post_file(base_url, "/api/validate", INCOMPLETE.name, INCOMPLETE.read_bytes()).json()
        notes = gr.read(INCOMPLETE).provenance.notes  # type: ignore[union-attr]
        assert len(notes) == answer["incomplete"] > 0
        assert [n.detail for n in notes] == [n["detail"] for n in answer["notes"]]
        assert not answer["valid"]

    def test_html_fragment(self, base_url: str) -> None:
        """``html=1`` adds the report in the official layout, as ``to_html`` draws it."""
        data = SAMPLE.read_bytes()
        answer = post_file(base_url, "/api/validate", "r.json", data, html=1).json()
        assert gr.to_html(gr.loads(data), standalone=False) == answer["html"]


class TestConvert:
    @pytest.mark.parametrize("kind", WRITERS)
    def test_each_kind(self, base_url: str, kind: str) -> None:
        """The file comes back as the kind asked for, and reads back as the same report."""
        source = gr.read(SAMPLE)
        response = post_file(base_url, "/api/convert", "report.csv", gr.dumps(source, "csv"), to=kind)
        assert 200 == response.status_code
        assert "attachment" in response.headers["content-disposition"]
        back = gr.loads(response.content, kind)
        assert source.values() == back.values()

    def test_text_formats_are_the_library_bytes(self, base_url: str) -> None:
        """JSON and CSV come back byte for byte as ``dumps`` writes them."""
        source = gr.read(SAMPLE)
        for kind in ("json", "csv"):
            response = post_file(base_url, "/api/convert", "r.json", SAMPLE.read_bytes(), to=kind)
            assert gr.dumps(source, kind) == response.content

    def test_download_name(self, base_url: str) -> None:
        """The download is named after the upload, Chinese names included (RFC 5987)."""
        from urllib.parse import quote

        response = post_file(base_url, "/api/convert", "东风区2021年报告.json", SAMPLE.read_bytes(), to="xlsx")
        disposition = response.headers["content-disposition"]
        assert f"filename*=UTF-8''{quote('东风区2021年报告.xlsx')}" in disposition

    def test_kind_by_extension(self, base_url: str) -> None:
        """``to`` may be an extension (``md``) as well as a kind."""
        response = post_file(base_url, "/api/convert", "r.json", SAMPLE.read_bytes(), to="md")
        assert response.headers["content-type"].startswith("text/markdown")


class TestDocuments:
    @pytest.mark.parametrize("fmt", ["2019", "2021"])
    def test_schema(self, base_url: str, fmt: str) -> None:
        assert gr.json_schema(fmt) == httpx.get(f"{base_url}/api/schema/{fmt}").json()

    def test_findings_catalogue(self, base_url: str) -> None:
        codes = [c["code"] for c in httpx.get(f"{base_url}/api/findings").json()["codes"]]
        assert sorted(gr.CATALOGUE) == sorted(codes)

    @pytest.mark.parametrize(("fmt", "kind"), [("2019", "json"), ("2021", "csv"), ("2021", "md"), ("2019", "xlsx")])
    def test_template(self, base_url: str, fmt: str, kind: str) -> None:
        """A template is the blank report of the format, as the command writes it."""
        response = httpx.get(f"{base_url}/api/template/{fmt}.{kind}")
        report = gr.loads(response.content, None if kind != "md" else "markdown")
        assert (fmt, gr.blank_report(fmt).values()) == (report.format, report.values())

    def test_openapi(self, base_url: str) -> None:
        """The OpenAPI description lists every endpoint, and each one answers."""
        doc = httpx.get(f"{base_url}/api/openapi.json").json()
        assert doc["openapi"].startswith("3.")
        expected = {"/api/validate", "/api/convert", "/api/form", "/api/schema/{format}", "/api/findings"}
        assert expected | {"/api/template/{name}", "/api/health"} == set(doc["paths"])


class TestForm:
    def test_totals_are_filled(self, base_url: str) -> None:
        """A form's fields make a report whose totals ``fill_totals`` computed."""
        fields = {"format": "2021", "agency": "某局", "year": "2022", "/table3/granted/natural_person": "3"}
        fields["/table3/granted/commercial"] = "4"
        answer = httpx.post(f"{base_url}/api/form", json=fields).json()
        expected = gr.fill_totals(gr.from_form(fields))
        assert gr.from_dict(answer["report"]) == expected
        assert expected.table3.granted.total == answer["report"]["table3"]["granted"]["total"]
        assert "/table3/granted/total" in answer["computed"]

    def test_bad_field(self, base_url: str) -> None:
        """A field that names nothing is a report error listing the field."""
        response = httpx.post(f"{base_url}/api/form", json={"format": "2021", "/table9/x": "1"})
        error = response.json()["error"]
        assert (422, "report-error") == (response.status_code, error["code"])
        assert any(p[0] == "/table9/x" for p in error["problems"])

    def test_not_an_object(self, base_url: str) -> None:
        response = httpx.post(f"{base_url}/api/form", json=["x"])
        assert (400, "usage-error") == (response.status_code, response.json()["error"]["code"])


def cli_error(tmp_path: Path, name: str, data: bytes) -> str:
    """What ``govinfo-report convert`` prints for an unreadable file, after its prefix and the file name."""
    path = tmp_path / name
    path.write_bytes(data)
    err = io.StringIO()
    assert 2 == run(["convert", str(path), "-o", str(tmp_path / "out.json")], io.StringIO(), err)
    return err.getvalue().strip().removeprefix("govinfo-report: error: ").removeprefix(f"{path}: ")


class TestErrors:
    @pytest.mark.parametrize(
        ("name", "data", "code", "status"),
        [
            ("x.bin", b"\x00\x01 not a report", "unsupported-file", 415),
            ("x.json", b'{"format": "2021", "meta": 5}', "read-error", 422),
            (
                "x.xls",
                b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "Workbook".encode("utf-16-le") + b"\x00" * 64,
                "unsupported-file",
                415,
            ),
        ],
    )
    def test_same_message_as_the_command(  # noqa: PLR0917 - the cases' columns
        self, base_url: str, tmp_path: Path, name: str, data: bytes, code: str, status: int
    ) -> None:
        """An unreadable upload is a JSON error with the command's message and exit code."""
        response = post_file(base_url, "/api/validate", name, data)
        error = response.json()["error"]
        assert (status, code, 2) == (response.status_code, error["code"], error["exit_code"])
        assert cli_error(tmp_path, name, data) == error["message"]

    def test_unknown_kind(self, base_url: str) -> None:
        response = post_file(base_url, "/api/convert", "r.json", SAMPLE.read_bytes(), to="pptx")
        assert (415, "unsupported-file") == (response.status_code, response.json()["error"]["code"])

    def test_unknown_format(self, base_url: str) -> None:
        response = httpx.get(f"{base_url}/api/schema/1999")
        assert (400, "usage-error") == (response.status_code, response.json()["error"]["code"])
        assert "1999" in response.json()["error"]["message"]

    def test_missing_file_field(self, base_url: str) -> None:
        response = httpx.post(f"{base_url}/api/validate", files={"other": ("a.json", b"{}")})
        assert (400, "usage-error") == (response.status_code, response.json()["error"]["code"])

    def test_malformed_multipart(self, base_url: str) -> None:
        response = httpx.post(
            f"{base_url}/api/validate",
            content=b"--zz\r\nContent-Disposition: form-data; name=file\r\n\r\nxx",
            headers={"Content-Type": "multipart/form-data; boundary=zz"},
        )
        assert 400 == response.status_code

    def test_empty_body(self, base_url: str) -> None:
        response = httpx.post(f"{base_url}/api/validate", content=b"")
        assert (400, "usage-error") == (response.status_code, response.json()["error"]["code"])

    def test_not_found_is_json(self, base_url: str) -> None:
        response = httpx.get(f"{base_url}/api/nothing")
        assert (404, "not-found") == (response.status_code, response.json()["error"]["code"])

    def test_wrong_method_is_json(self, base_url: str) -> None:
        response = httpx.get(f"{base_url}/api/validate")
        assert (405, "method-not-allowed") == (response.status_code, response.json()["error"]["code"])


class TestLimits:
    def test_upload_too_large(self) -> None:
        """A body over the limit is refused (413) before it is read."""
        with live_server(workers=1, max_upload=50_000) as url:
            small = post_file(url, "/api/validate", "r.json", SAMPLE.read_bytes())
            big = post_file(url, "/api/validate", "r.json", b"{" + b" " * 60_000 + b"}")
            raw = httpx.post(f"{url}/api/validate", content=b" " * 200_000)
            chunked = httpx.post(f"{url}/api/validate", content=(b" " * 10_000 for _ in range(20)))  # no length
        assert 200 == small.status_code
        assert (413, "too-large") == (big.status_code, big.json()["error"]["code"])
        assert (413, "too-large") == (raw.status_code, raw.json()["error"]["code"])
        assert (413, "too-large") == (chunked.status_code, chunked.json()["error"]["code"])

    def test_time_limit_stops_the_job(self) -> None:
        """A job past its time limit is stopped (504) and its worker replaced (tests/web/test_pool.py: then what)."""
        slow = SEED.read_bytes() * 260  # just under the text limit: half a second of work, five times the limit
        with live_server(workers=1, timeout=0.1) as url:
            stopped = post_file(url, "/api/validate", "slow.txt", slow)
            health = httpx.get(f"{url}/api/health").json()
        assert (504, "timeout") == (stopped.status_code, stopped.json()["error"]["code"])
        assert (1, 1) == (health["timeouts"], health["restarts"])

    def test_slow_upload_is_cut_off(self) -> None:
        """A client that sends its upload too slowly loses its place (408) instead of holding it."""
        import socket
        from urllib.parse import urlsplit

        with live_server(workers=1, timeout=0.5) as url:
            where = urlsplit(url)
            with socket.create_connection((where.hostname, where.port), timeout=10) as conn:
                head = "POST /api/validate HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n"
                conn.sendall(head.encode() + b"{")  # and then nothing more
                received = b""
                while b'"exit_code"' not in received and (chunk := conn.recv(65536)):
                    received += chunk
                answer = received.decode("utf-8", "replace")
        assert answer.startswith("HTTP/1.1 408")
        assert '"code": "timeout"' in answer

    def test_busy_when_the_queue_is_full(self) -> None:
        """With one worker and no queue, a request while another is admitted is refused at once (503)."""
        import socket
        from urllib.parse import urlsplit

        with live_server(workers=1, queue=0, timeout=5.0) as url:
            where = urlsplit(url)
            with socket.create_connection((where.hostname, where.port), timeout=10) as conn:
                # An upload still arriving holds the one place (for up to the 5 s time limit).
                conn.sendall(b"POST /api/validate HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{")
                for _ in range(100):
                    second = post_file(url, "/api/validate", "r.json", SAMPLE.read_bytes())
                    if second.status_code != 200:
                        break
                    time.sleep(0.02)
            after = post_file(url, "/api/validate", "r.json", SAMPLE.read_bytes())
        assert (503, "busy") == (second.status_code, second.json()["error"]["code"])
        assert 200 == after.status_code  # the place is free again once the slow upload is given up

    def test_headers(self, base_url: str) -> None:
        """The page forbids every resource from elsewhere; answers are not sniffed or cached."""
        page = httpx.get(f"{base_url}/")
        csp = page.headers["content-security-policy"]
        assert "default-src 'none'" in csp
        assert "unsafe-eval" not in csp
        assert "'unsafe-inline'" not in csp.split("script-src", 1)[1].split(";")[0]
        assert "nosniff" == page.headers["x-content-type-options"]
        assert "http://" not in page.text.replace(f"{base_url}", "")
        assert "https://" not in page.text


class TestCommand:
    def test_bad_options(self) -> None:
        err = io.StringIO()
        assert 2 == run(["serve", "--timeout", "0"], io.StringIO(), err)
        assert "usage error" in err.getvalue()
