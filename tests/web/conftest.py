from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.web.live import live_server


@pytest.fixture(scope="session")
def base_url() -> Iterator[str]:
    """One server for the API and page tests (two workers, a short time limit so that a stuck job shows)."""
    with live_server(workers=2, timeout=10.0) as url:
        yield url
