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
from govinfo_report.render._common import extra_row_lines, meta_lines, paragraphs, title
from govinfo_report.render._html import html_table

__all__ = ["escape_markdown", "to_markdown"]

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_INLINE = re.compile(r"([\\`*_\[\]|~])")
# Every line's start (not only the first's): a line break in a value must not start a heading or a list.
_LINE_START = re.compile(r"^([ \t]*)([#+=>-])", re.MULTILINE)
_ORDERED = re.compile(r"^([ \t]*\d+)([.)])", re.MULTILINE)
_BREAK = re.compile(r"\s*[\r\n\u2028\u2029]+\s*")


def escape_markdown(text: str) -> str:
    """Text that renders as itself in Markdown (and never as HTML)."""
    out = "".join(_ENTITIES.get(ch, ch) for ch in text)
    out = _INLINE.sub(r"\\\1", out)
    out = _LINE_START.sub(r"\1\\\2", out)
    return _ORDERED.sub(r"\1\\\2", out)


def to_markdown(report: AnnualReport) -> str:
    """The report as Markdown (a blank report gives the template)."""
    values = report.values()
    out = [f"# {escape_markdown(_BREAK.sub(' ', title(report)))}", ""]  # a heading is one line
    for line in meta_lines(report):
        out += [escape_markdown(line), ""]
    for section in report.spec.sections:
        out += [f"## {section.title}", ""]
        if isinstance(section, TableSpec):
            out += [html_table(report, section, values), ""]
            for line in extra_row_lines(report, section.number):
                out += [escape_markdown(line), ""]
        else:
            for p in paragraphs(getattr(report, section.key)):
                out += [escape_markdown(p), ""]
    return "\n".join(out).rstrip("\n") + "\n"
