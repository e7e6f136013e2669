"""Markdown: the whole report, with the tables as HTML blocks.

Pipe tables cannot merge cells, and tables 三 and 四 are defined by their merged
headers; flattening them to label paths would no longer look like the form.  So
each table is an HTML ``<table>`` block with the official spans.  GitHub keeps
``rowspan``/``colspan`` when it sanitises, and Python-Markdown (MkDocs) passes a
block of raw HTML through unchanged.  The text is escaped so that nothing in a
report becomes markup.
"""

from __future__ import annotations

import re

from govinfo_report.formats import TableSpec
from govinfo_report.model import AnnualReport
from govinfo_report.render._common import (
    extra_row_lines,
    generator_meta,
    meta_lines,
    paragraphs,
    title,
    warn_unwritable,
)
from govinfo_report.render._html import NUL, html_table

__all__ = ["escape_markdown", "to_markdown"]

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_INLINE = re.compile(r"([\\`*_\[\]|~])")
# Every line's start (not only the first's): a line break in a value must not start a heading or a list.
_LINE_START = re.compile(r"^([ \t]*)([#+=>-])", re.MULTILINE)
_ORDERED = re.compile(r"^([ \t]*\d+)([.)])", re.MULTILINE)
_BREAK = re.compile(r"\s*[\n\x0b\x0c\r\x1c-\x1e\x85\u2028\u2029]+\s*")  # what str.splitlines splits at


def escape_markdown(text: str) -> str:
    """Text that renders as itself in Markdown (and never as HTML)."""
    out = "".join(_ENTITIES.get(ch, ch) for ch in text)
    out = _INLINE.sub(r"\\\1", out)
    out = _LINE_START.sub(r"\1\\\2", out)
    return _ORDERED.sub(r"\1\\\2", out)


def to_markdown(report: AnnualReport) -> str:
    """The report as Markdown (a blank report gives the template).

    Warns:
        LossyWriteWarning: some text holds NUL characters or noncharacters, which our HTML (and so Markdown)
            cannot hold (left out).
    """
    warn_unwritable(report, NUL, "Markdown can not hold NUL characters and noncharacters")
    values = report.values()
    out = [f"# {escape_markdown(_BREAK.sub(' ', title(report)))}", ""]  # a heading is one line
    for line in meta_lines(report):  # one line each, as the heading
        out += [escape_markdown(_BREAK.sub(" ", line)), ""]
    for section in report.spec.sections:
        out += [f"## {section.title}", ""]
        if isinstance(section, TableSpec):
            out += [html_table(report, section, values), ""]
            for line in extra_row_lines(report, section.number):
                out += [escape_markdown(line), ""]
        else:
            for p in paragraphs(getattr(report, section.key)):
                out += [escape_markdown(p), ""]
    out.append(generator_meta(report))  # the exact metadata, last: no renderer shows these tags
    return NUL.sub("", "\n".join(out).rstrip("\n")) + "\n"
