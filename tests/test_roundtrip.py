"""Every writer/reader pair gives back what its kind of file can hold, notation of amounts included."""

from __future__ import annotations

import warnings

import pytest
from hypothesis import given, settings

import govinfo_report as gr
from govinfo_report import io as gio
from tests.conftest import EXAMPLES
from tests.strategies import any_reports, valid_reports


def _cells(report: gr.AnnualReport) -> list[tuple[str, str | None]]:
    """Each cell's value as written out (``0.000`` is not ``0``), with its raw text."""
    return [(c.pointer, None if v is None else str(v)) for c, v in report.iter_cells()]


@pytest.mark.parametrize("kind", ["json", "csv", "xlsx"])
@settings(max_examples=40)
@given(report=any_reports())
def test_library_files_are_lossless(kind: str, report: gr.AnnualReport) -> None:
    """JSON, label CSV and Excel give back every value in its notation, every raw text, the metadata and texts."""
    back = gio.loads(gio.dumps(report, kind), kind)
    assert _cells(report) == _cells(back)
    assert dict(report.raw) == dict(back.raw)
    assert report.meta == back.meta
    for section in report.spec.text_sections:
        assert getattr(report, section.key) == getattr(back, section.key)


@pytest.mark.parametrize("kind", ["html", "markdown", "docx"])
@settings(max_examples=40)
@given(report=valid_reports())
def test_published_kinds_keep_the_tables_and_the_metadata(kind: str, report: gr.AnnualReport) -> None:
    """HTML, Markdown and Word give back every table value in its notation, and the metadata exactly (line
    breaks and spaces in names included), unless the writer said which text it could not hold."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        data = gio.dumps(report, kind)
    back = gio.loads(data, kind)
    assert _cells(report) == _cells(back)
    lossy = [w.message for w in caught if isinstance(w.message, gr.LossyWriteWarning)]
    assert len(lossy) == len(caught)  # no other warning
    said = {f for w in lossy for f in w.fields}
    for name in ("agency", "level", "region", "published", "year"):
        if f"$.meta.{name}" not in said:
            assert getattr(report.meta, name) == getattr(back.meta, name), name


@pytest.mark.parametrize("kind", ["html", "markdown", "docx"])
@pytest.mark.parametrize("agency", ["示例县\n人民政府", "示例县  人民政府", " 示例县", "0 0", "甲\t乙"])
def test_names_keep_their_line_breaks_and_spaces(kind: str, agency: str) -> None:
    import attrs

    sample = gio.read(EXAMPLES / "sample-2021" / "report.json")
    meta = attrs.evolve(sample.meta, agency=agency, region=agency)
    back = gio.loads(gio.dumps(attrs.evolve(sample, meta=meta), kind), kind)
    assert (agency, agency) == (back.meta.agency, back.meta.region)


def _edited(data: bytes, kind: str, old: str, new: str) -> bytes:
    """The file with ``old`` replaced by ``new`` in what a person edits (inside the package for Word)."""
    if kind != "docx":
        return data.replace(old.encode(), new.encode())
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            part = src.read(item)
            dst.writestr(
                item, part.replace(old.encode(), new.encode()) if item.filename == "word/document.xml" else part
            )
    return out.getvalue()


@pytest.mark.parametrize("kind", ["html", "markdown", "docx"])
def test_a_title_edited_by_hand_is_read_as_printed(kind: str) -> None:
    """The metadata this library writes is trusted only where the printed title agrees with it."""
    sample = gio.read(EXAMPLES / "sample-2021" / "report.json")
    edited = _edited(gio.dumps(sample, kind), kind, "示例县人民政府2021年", "示例市人民政府2021年")
    assert "示例市人民政府" == gio.loads(edited, kind).meta.agency


@pytest.mark.parametrize(
    ("kind", "text", "said"),
    [
        ("docx", "示例县\x07人民政府", "Word can not hold control characters"),
        ("html", "示例县\x00人民政府", "HTML can not hold NUL characters"),
        ("markdown", "示例县\ufdd0人民政府", "Markdown can not hold NUL characters and noncharacters"),
    ],
)
def test_writers_say_what_they_leave_out(kind: str, text: str, said: str) -> None:
    import attrs

    sample = gio.read(EXAMPLES / "sample-2021" / "report.json")
    report = attrs.evolve(sample, meta=attrs.evolve(sample.meta, agency=text), problems=text)
    with pytest.warns(gr.LossyWriteWarning, match=said) as caught:
        data = gio.dumps(report, kind)
    assert ("$.meta.agency", "$.problems") == caught[0].message.fields  # type: ignore[attr-defined]
    assert "示例县人民政府" == gio.loads(data, kind).meta.agency
    gio.dumps(sample, kind)  # and nothing to say of a report without such characters (warnings are errors here)


def test_word_takes_a_title_over_255_characters() -> None:
    """A 300-character agency name (the title over Word's 255-character property limit) writes, and reads back."""
    import attrs

    sample = gio.read(EXAMPLES / "sample-2021" / "report.json")
    report = attrs.evolve(sample, meta=attrs.evolve(sample.meta, agency="机" * 300))
    back = gio.loads(gio.dumps(report, "docx"), "docx")
    assert "机" * 300 == back.meta.agency
