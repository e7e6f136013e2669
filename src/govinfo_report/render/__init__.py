"""Publishing: the report as Markdown, HTML and Word, in the official layout.

A blank report renders as a template.  All three draw the tables from
:mod:`govinfo_report.layout`, so the spans are the same everywhere.
"""

from __future__ import annotations

from govinfo_report.render._common import title
from govinfo_report.render._docx import to_docx
from govinfo_report.render._html import CSS, to_html
from govinfo_report.render._markdown import escape_markdown, to_markdown

__all__ = ["CSS", "escape_markdown", "title", "to_docx", "to_html", "to_markdown"]
