"""The validation engine: runs rules, fills in severity and sources, filters codes."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Collection, Iterable, Iterator
from functools import cached_property
from typing import Any

from attrs import frozen

from govinfo_report.errors import UsageError
from govinfo_report.formats import CellSpec, FormatSpec
from govinfo_report.model import AnnualReport, Value
from govinfo_report.rules._catalogue import CATALOGUE
from govinfo_report.rules._finding import Finding

__all__ = ["Context", "Rule", "RuleSet", "Selection", "finding"]


@frozen
class Context:
    """What a rule is handed: the report, its format and its values, computed once."""

    report: AnnualReport
    spec: FormatSpec
    values: list[Value]
    today: datetime.date

    @cached_property
    def distinct(self) -> frozenset[Value]:
        """The distinct cell values (cheap: most reports repeat a few small numbers)."""
        return frozenset(self.values)

    @cached_property
    def has_blank(self) -> bool:
        """Whether any cell is ``None``."""
        return None in self.distinct

    @cached_property
    def has_negative(self) -> bool:
        """Whether any cell is below zero."""
        return any(v < 0 for v in self.distinct if v is not None)

    @cached_property
    def index(self) -> dict[tuple[str, str, str], int]:
        """Cell position by ``(table, row, column)`` keys."""
        return {c.key: c.index for c in self.spec.cells}


def finding(
    code: str,
    path: str,
    cells: Iterable[CellSpec] = (),
    *,
    expected: Any = None,
    actual: Any = None,
    **params: Any,
) -> Finding:
    """A finding for ``code`` with severity from the catalogue."""
    return Finding(
        code=code,
        severity=CATALOGUE[code].severity,
        path=path,
        cells=tuple(c.labels for c in cells),
        expected=expected,
        actual=actual,
        params=params,
    )


@frozen
class Rule:
    """A check: a generator of findings, declaring the codes it can emit."""

    codes: tuple[str, ...]
    check: Callable[[Context], Iterator[Finding]]


class Selection:
    """Which codes to report: pick (only these) and skip, by code or by tag."""

    @classmethod
    def of(cls, pick: Collection[str] | None, skip: Collection[str] | None) -> Selection:
        """The selection for ``pick``/``skip``; the default one is built once."""
        if not pick and not skip:
            return _ALL
        return cls(pick, skip)

    def __init__(self, pick: Collection[str] | None, skip: Collection[str] | None) -> None:
        pick, skip = _names(pick), _names(skip)
        known_tags = {t for c in CATALOGUE.values() for t in c.tags}
        for name in (*(pick or ()), *(skip or ())):
            if name not in CATALOGUE and name not in known_tags:
                msg = f"unknown finding code or tag {name!r}"
                raise UsageError(msg)

        def expand(names: Collection[str]) -> set[str]:
            return {c.code for c in CATALOGUE.values() if c.code in names or set(c.tags) & set(names)}

        chosen = expand(pick) if pick else set(CATALOGUE)
        self.codes: frozenset[str] = frozenset(chosen - (expand(skip) if skip else set()))


def _names(names: Collection[str] | str | None) -> Collection[str] | None:
    """One code or tag given as a string is that one, not its characters."""
    if isinstance(names, str):
        return (names,)
    if names is not None and not all(isinstance(n, str) for n in names):
        msg = f"codes and tags are strings, got {names!r}"
        raise UsageError(msg)
    return names


_ALL = Selection(None, None)


class RuleSet:
    """An ordered collection of rules; :data:`REPORT_RULES` is the built-in one."""

    def __init__(self) -> None:
        self._rules: list[Rule] = []
        self._plans: dict[frozenset[str], tuple[tuple[Rule, bool], ...]] = {}

    def _plan(self, codes: frozenset[str]) -> tuple[tuple[Rule, bool], ...]:
        """The rules that may emit one of ``codes``, each with whether every code it may emit is wanted."""
        plan = self._plans.get(codes)
        if plan is None:
            plan = tuple((r, codes.issuperset(r.codes)) for r in self._rules if codes.intersection(r.codes))
            if len(self._plans) < 64:  # noqa: PLR2004 - a few selections are ever used; bounded all the same
                self._plans[codes] = plan
        return plan

    def register(self, *codes: str) -> Callable[[Callable[[Context], Iterator[Finding]]], Rule]:
        """Decorator: add a rule that may emit ``codes``."""
        for code in codes:
            if code not in CATALOGUE:
                msg = f"rule declares unknown code {code!r}"
                raise UsageError(msg)

        def deco(fn: Callable[[Context], Iterator[Finding]]) -> Rule:
            rule = Rule(codes, fn)
            self._rules.append(rule)
            self._plans.clear()
            return rule

        return deco

    def collect(self, ctx: Context, selection: Selection) -> list[Finding]:
        """Every finding :meth:`run` yields, in its order, as a list (made in C where nothing is to be added)."""
        if ctx.report.sources:
            return list(self.run(ctx, selection))
        out: list[Finding] = []
        codes = selection.codes
        for rule, every in self._plan(codes):
            if every:
                out.extend(rule.check(ctx))
            else:
                out.extend(f for f in rule.check(ctx) if f.code in codes)
        return out

    def run(self, ctx: Context, selection: Selection) -> Iterator[Finding]:
        """Findings of every selected rule, with the sources of their cells."""
        sources = ctx.report.sources
        by_labels = ctx.spec.cells_by_labels
        codes = selection.codes
        for rule, every in self._plan(codes):
            if every and not sources:  # nothing to add or leave out: delegate in C
                yield from rule.check(ctx)
                continue
            for f in rule.check(ctx):
                if f.code not in selection.codes:
                    continue
                if sources and f.cells:
                    found = tuple(
                        sources[p] for p in (by_labels[c].pointer for c in f.cells if c in by_labels) if p in sources
                    )
                    if found:
                        f = Finding(  # noqa: PLW2901 - evolve without attrs overhead
                            code=f.code,
                            severity=f.severity,
                            path=f.path,
                            cells=f.cells,
                            expected=f.expected,
                            actual=f.actual,
                            params=f.params,
                            sources=found,
                        )
                yield f
