"""Findings: what validation says about a report, as data; messages render late."""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Literal

from attrs import field, frozen

from govinfo_report.errors import UsageError

__all__ = ["Code", "Finding", "Lang", "Severity", "ValidationResult"]

Lang = Literal["zh", "en"]


class Severity(enum.Enum):
    """How much a finding matters."""

    ERROR = "error"
    """The report breaks a rule of the format; it should not be published as is."""
    WARNING = "warning"
    """Probably wrong or incomplete; a person should look."""
    INFO = "info"
    """Worth knowing; not a fault."""


@frozen
class Code:
    """A catalogue entry: one stable finding code and how to say it."""

    code: str
    severity: Severity
    title_zh: str
    title_en: str
    template_zh: str
    template_en: str
    tags: tuple[str, ...]
    description: str
    """What the check tests and why, for the documentation."""

    def template(self, lang: Lang) -> str:
        """The message template in ``lang``."""
        return self.template_zh if lang == "zh" else self.template_en


def _fmt(value: Any) -> str:
    if isinstance(value, Decimal):
        return format(value, "f")
    if value is None:
        return "空"
    return str(value)


_SHOW_SOURCES = 4
_LINE = re.compile(r"^line (\d+)$")


class _Params(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@frozen(kw_only=True)
class Finding:
    """One problem found in a report.

    ``path`` is a JSON pointer into the report document; ``cells`` holds the
    label triple ``(table, row, column)`` of every data cell involved, as in the
    label CSV; ``sources`` says where those cells were read from (a CSV line, a
    sheet cell) when the report was imported.
    """

    code: str
    severity: Severity
    path: str
    cells: tuple[tuple[str, str, str], ...] = ()
    expected: Any = None
    actual: Any = None
    params: Mapping[str, Any] = field(factory=dict)
    sources: tuple[str, ...] = ()

    def message(self, lang: Lang = "zh") -> str:
        """The message in Chinese (default) or English."""
        from govinfo_report.rules._catalogue import CATALOGUE  # noqa: PLC0415 - cycle

        if lang not in ("zh", "en"):
            msg = f"lang must be 'zh' or 'en', not {lang!r}"
            raise UsageError(msg)
        params = _Params({k: _fmt(v) for k, v in self.params.items()})
        params.setdefault("expected", _fmt(self.expected))
        params.setdefault("actual", _fmt(self.actual))
        text = CATALOGUE[self.code].template(lang).format_map(params)
        if self.sources:
            shown = self.sources[:_SHOW_SOURCES]
            if lang == "zh":
                more = "等" if len(self.sources) > _SHOW_SOURCES else ""
                text += "（来源：" + "、".join(_LINE.sub(r"第\1行", s) for s in shown) + more + "）"
            else:
                more = ", …" if len(self.sources) > _SHOW_SOURCES else ""
                text += f" (from {', '.join(shown)}{more})"
        return text

    def to_dict(self, lang: Lang = "zh") -> dict[str, Any]:
        """JSON-ready form, message included."""
        out: dict[str, Any] = {
            "code": self.code,
            "severity": self.severity.value,
            "path": self.path,
            "cells": [list(c) for c in self.cells],
            "message": self.message(lang),
        }
        if self.expected is not None:
            out["expected"] = self.expected
        if self.actual is not None:
            out["actual"] = self.actual
        if self.sources:
            out["sources"] = list(self.sources)
        return out


@frozen
class ValidationResult:
    """All findings of one validation run."""

    findings: tuple[Finding, ...]

    @property
    def valid(self) -> bool:
        """True when no finding is an error."""
        return not any(f.severity is Severity.ERROR for f in self.findings)

    @property
    def errors(self) -> tuple[Finding, ...]:
        """The error findings."""
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """The warning findings."""
        return tuple(f for f in self.findings if f.severity is Severity.WARNING)

    @property
    def counts(self) -> dict[str, int]:
        """Number of findings per severity."""
        out = {s.value: 0 for s in Severity}
        for f in self.findings:
            out[f.severity.value] += 1
        return out

    def by_code(self) -> dict[str, list[Finding]]:
        """Findings grouped by code, in order of first appearance."""
        out: dict[str, list[Finding]] = {}
        for f in self.findings:
            out.setdefault(f.code, []).append(f)
        return out

    def at(self, pointer: str) -> tuple[Finding, ...]:
        """Findings whose path is ``pointer`` or lies below it."""
        prefix = pointer.rstrip("/") + "/"
        return tuple(f for f in self.findings if f.path == pointer or f.path.startswith(prefix))

    def __iter__(self) -> Any:
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self.findings)

    def to_dict(self, lang: Lang = "zh") -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "valid": self.valid,
            "counts": self.counts,
            "findings": [f.to_dict(lang) for f in self.findings],
        }
