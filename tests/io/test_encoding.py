"""Text that was UTF-8 read as GBK and saved again (spec D17), read back."""

from __future__ import annotations

import pytest

import govinfo_report as gr
from govinfo_report.importers._encoding import LOST, repair
from govinfo_report.importers._grid import norm
from tests.conftest import EXAMPLES


def _misread(text: str, errors: str = "ignore") -> str:
    return text.encode("utf-8").decode("gbk", errors=errors)


def test_text_that_was_not_misread_is_left_alone() -> None:
    text = (EXAMPLES / "seed-2021" / "report.txt").read_text("utf-8")
    assert repair(text) is None
    assert repair("plain ASCII, no report") is None
    assert repair("") is None


@pytest.mark.parametrize("errors", ["ignore", "replace"])
def test_misread_text_is_read_back(errors: str) -> None:
    """Every character that kept its bytes comes back; each one that lost a byte is one U+FFFD in its place."""
    text = (EXAMPLES / "seed-2021" / "report.txt").read_text("utf-8")
    misread = _misread(text, errors)
    assert "政府" not in misread
    fixed = repair(misread)
    assert fixed is not None
    assert (fixed.read_as, fixed.was) in (("gbk", "utf-8"), ("gb18030", "utf-8"))
    assert fixed.lost + fixed.restored > 0
    assert len(fixed.text) == len(text)
    assert all(a == b for a, b in zip(text, fixed.text, strict=True) if b != LOST)


def test_the_formats_words_are_put_back() -> None:
    """A label that lost characters is the one word of the formats its remaining characters fit."""
    fixed = repair(_misread("二、主动公开政府信息情况\n一、本年新收政府信息公开申请数量 5 0 0 0 0 0 5\n"))
    assert fixed is not None
    assert "一、本年新收政府信息公开申请数量" in fixed.text
    assert LOST not in fixed.text.splitlines()[1]


@pytest.mark.parametrize(
    ("key", "read"),
    [
        ("总\ufffd", "总计"),  # a whole cell of two characters: the one such word
        ("\ufffd然人", "自然人"),
        ("\ufffd\ufffd", "\ufffd\ufffd"),  # nothing left to tell which word
        ("三\ufffd本年度\ufffd理结\ufffd", "三、本年度办理结果"),  # a group label split over lines, joined
        ("申\ufffd\ufffd\ufffd\ufffd\ufffd量", "申\ufffd\ufffd\ufffd\ufffd\ufffd量"),  # too little left of any word
    ],
)
def test_labels_compared_with_lost_characters(key: str, read: str) -> None:
    assert read == norm(key)


def test_reading_a_misread_file_says_so(tmp_path: object) -> None:
    """The report reads, and a warning says what was done, with the counts."""
    from pathlib import Path

    path = Path(str(tmp_path)) / "report.txt"
    path.write_text(_misread((EXAMPLES / "seed-2021" / "report.txt").read_text("utf-8")), "utf-8")
    report = gr.read(path)
    original = gr.read(EXAMPLES / "seed-2021" / "report.txt")
    assert original.values() == report.values()
    (note,) = [f for f in gr.validate(report) if f.code == "import-text-repaired"]
    assert note.severity is gr.Severity.WARNING
    assert "U+FFFD" in note.message()
    assert [] == [f for f in gr.validate(original) if f.code == "import-text-repaired"]


@pytest.mark.parametrize(("was", "read_as"), [("utf-8", "latin-1"), ("gb18030", "latin-1")])
def test_text_read_as_latin_1_comes_back_whole(was: str, read_as: str) -> None:
    """A page read as Latin-1 (no charset given) keeps every byte: the text comes back exactly."""
    text = (EXAMPLES / "seed-2021" / "report.txt").read_text("utf-8")
    fixed = repair(text.encode(was).decode(read_as))
    assert fixed is not None
    assert (text, 0, 0, read_as, was) == (fixed.text, fixed.lost, fixed.restored, fixed.read_as, fixed.was)
