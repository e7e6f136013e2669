"""Exceptions raised by govinfo_report.

Exceptions are for misuse and for input that cannot be read at all.  A report
that reads but is wrong never raises: its problems come back as findings from
:func:`govinfo_report.validate`.

Hierarchy::

    GovinfoReportError
    ├── UsageError            (also a ValueError) wrong arguments: unknown format, label, code
    └── ReadError             input that cannot be read as a report
        ├── ReportError            data given in code (a dict, a form) that does not make a report
        └── UnsupportedFileError   no reader or writer for this kind of file

Warnings (``warnings.warn``; the CLI prints them)::

    LossyWriteWarning         a writer left out text its kind of file cannot hold
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = [
    "GovinfoReportError",
    "LossyWriteWarning",
    "ReadError",
    "ReportError",
    "UnsupportedFileError",
    "UsageError",
]


class GovinfoReportError(Exception):
    """Base class of every exception raised by this library."""


class UsageError(GovinfoReportError, ValueError):
    """The library was called with arguments it cannot honour."""


class ReadError(GovinfoReportError):
    """Input cannot be read as a report.

    ``problems`` lists ``(location, message)`` pairs, location being a JSON path
    (``$.table3.granted.total``), a line (``line 12``) or a file name.
    """

    def __init__(self, message: str, problems: Sequence[tuple[str, str]] = ()) -> None:
        self.summary = message
        """The message without the problems."""
        self.problems: tuple[tuple[str, str], ...] = tuple(problems)
        if self.problems:
            shown = "; ".join(f"{_short(where)}: {_short(what)}" for where, what in self.problems[:5])
            more = len(self.problems) - 5
            message = f"{message}: {shown}" + (f" (and {more} more)" if more > 0 else "")
        super().__init__(message)


_SHOWN = 300


def _short(text: str) -> str:
    """Text from a file shown in a message: at most 300 characters (``problems`` keeps it whole)."""
    return text if len(text) <= _SHOWN else f"{text[:_SHOWN]}… ({len(text)} characters)"


class UnsupportedFileError(ReadError):
    """No reader or writer is known for this kind of file."""


class ReportError(ReadError):
    """Data given in code (``from_dict``, ``from_form``) does not make a report.

    ``problems`` lists every bad field with its path or name.
    """


class LossyWriteWarning(UserWarning):
    """A writer could not hold some text exactly (control characters in Word) and left it out.

    ``fields`` lists the JSON paths of the texts that changed (``$.meta.agency``).
    """

    def __init__(self, message: str, fields: Sequence[str] = ()) -> None:
        self.fields: tuple[str, ...] = tuple(fields)
        super().__init__(message)
