"""Optional dependencies: imported on first use, with the install hint when missing."""

from __future__ import annotations

import importlib
from types import ModuleType

from govinfo_report.errors import UnsupportedFileError

__all__ = ["optional"]


def optional(module: str, extra: str, purpose: str, package: str | None = None) -> ModuleType:
    """Import ``module``, or say which extra installs it.

    Raises:
        UnsupportedFileError: the module is not installed.
    """
    try:
        return importlib.import_module(module)
    except ImportError:
        msg = f'{purpose} needs {package or module}: pip install "govinfo-report[{extra}]"'
        raise UnsupportedFileError(msg) from None
