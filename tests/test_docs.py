"""Generated documentation is current; the public API is what the docs list."""

from __future__ import annotations

import re
import types

import pytest

import govinfo_report as gr
from govinfo_report._docgen import pages
from tests.conftest import ROOT

PAGES = pages()


def isort_key(name: str) -> tuple[int, str]:
    """CONSTANTS, then Classes, then functions (the order ruff keeps __all__ in)."""
    return (0 if name.isupper() else 1 if name[0].isupper() else 2, name)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_generated_page_is_current(name: str) -> None:
    """docs/<page> equals what `python -m govinfo_report._docgen docs` writes."""
    assert PAGES[name] == (ROOT / "docs" / name).read_text("utf-8")


def test_all_is_sorted_and_public() -> None:
    """__all__ lists exactly the public names, sorted, and each exists."""
    assert sorted(gr.__all__, key=isort_key) == gr.__all__
    assert all(hasattr(gr, name) for name in gr.__all__)
    public = {n for n in dir(gr) if not n.startswith("_") and not isinstance(getattr(gr, n), types.ModuleType)}
    assert set(gr.__all__) == public - {"annotations"}


def test_api_page_lists_all() -> None:
    """docs/api.md documents every name of __all__ and no other."""
    text = (ROOT / "docs" / "api.md").read_text("utf-8")
    documented = re.findall(r"^### `([A-Za-z_]+)`", text, flags=re.MULTILINE)
    assert sorted(gr.__all__) == sorted(documented)


def test_version() -> None:
    """The installed version is exposed."""
    assert isinstance(gr.__version__, str)
