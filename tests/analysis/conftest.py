"""The 平潭 series of the real-report corpus: one body over the years (skipped when the corpus is absent)."""

from __future__ import annotations

import json

import pytest

import govinfo_report as gr
from tests import corpus

SERIES_REPO = "changwu/pingtan-gov-zwgk-archive"


def series_entries() -> list[dict[str, object]]:
    """The corpus entries of one body's archive, one file per year (the crawler's page.txt)."""
    if not (corpus.CORPUS / "index.jsonl").exists():
        pytest.skip(f"the real-report corpus is not at {corpus.CORPUS} (set GOVINFO_CORPUS to its folder)")
    lines = (corpus.CORPUS / "index.jsonl").read_text("utf-8").splitlines()
    found = [e for e in map(json.loads, lines) if e.get("source", {}).get("repo") == SERIES_REPO]
    return [e for e in found if str(e["raw"]).endswith(".txt")]


@pytest.fixture(scope="session")
def series() -> dict[int, gr.AnnualReport]:
    """Year → the imported report."""
    out = {int(e["year"]): gr.read(corpus.CORPUS / str(e["raw"])) for e in series_entries()}  # type: ignore[call-overload]
    assert len(out) >= 4
    return out
